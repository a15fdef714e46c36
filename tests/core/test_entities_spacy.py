"""spaCy's recogniser, loaded alone: the same tokens and the same entities as the package's whole pipeline."""
from __future__ import annotations

import spacy

from desktop.core.entities import spacy_ner

# Tokenizer special cases, prefixes, suffixes, infixes and URLs: what the package's saved tokenizer knows.
TRICKY = ("Gen. Koji Yamazaki, the JSDF's chief, didn't say the U.S. won't join; see "
          "https://example.org/nato?id=7 or e-mail pr@nato.int (NATO) :) at 5km/h for $3.5bn.")


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()] + [TRICKY]


def whole_pipeline_sees(name: str, paras: list[str]) -> tuple[list, list]:
    full = spacy.load(name)
    docs = list(full.pipe(paras))
    return ([[t.text for t in doc] for doc in docs],
            [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in docs])


def test_the_recogniser_alone_finds_what_the_whole_pipeline_finds(sample_path):
    nlp, name = spacy_ner.load()
    assert nlp.pipe_names == ["ner"]
    paras = paragraphs(sample_path.read_text(encoding="utf-8"))
    tokens, entities = whole_pipeline_sees(name, paras)
    assert [[t.text for t in nlp.make_doc(p)] for p in paras] == tokens
    assert spacy_ner.tag(paras) == entities
    assert ("Koji Yamazaki", "PERSON") in {(p[s:e], label) for p, spans in zip(paras, entities)
                                           for s, e, label in spans}


def test_a_package_whose_tokenizer_cannot_be_restored_loads_the_usual_way(monkeypatch, sample_path):
    monkeypatch.setattr(spacy_ner, "_saved_tokenizer_loaded", lambda nlp: False)
    nlp, name = spacy_ner._load()
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == "spacy.Tokenizer.v1"
    paras = paragraphs(sample_path.read_text(encoding="utf-8"))
    tokens, entities = whole_pipeline_sees(name, paras)
    assert [[t.text for t in nlp.make_doc(p)] for p in paras] == tokens
    assert spacy_ner._spans(nlp, paras) == entities


def test_spacy_is_imported_without_its_command_line_and_still_has_it():
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from desktop.core.entities import spacy_ner\n"
        "nlp, name = spacy_ner.load()\n"
        "print(sorted({(e.text, e.label_) for e in nlp('Koji Yamazaki flew to Brussels.').ents}))\n"
        "print('spacy.cli.download' in sys.modules, 'typer' in sys.modules)\n"
        "import spacy.cli\n"
        "print(callable(spacy.cli.download), 'spacy.cli.download' in sys.modules)\n"
        "print(sorted(spacy.info())[:1])\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "[('Brussels', 'GPE'), ('Koji Yamazaki', 'PERSON')]"
    assert lines[1] == "False False"  # the command line and its libraries were not imported
    assert lines[2] == "True True"  # and are there when asked for
    assert lines[3].startswith("[")  # spacy.info() still answers
