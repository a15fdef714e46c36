"""Gloss JSON built to mislead: selectors contradicting their quotes, duplicates, whole-page notes,
integers no database can hold. Each is imported consistently or refused with one line."""

from __future__ import annotations

import json

import pytest


def _export(gloss, library, tmp_path) -> dict:
    run = gloss(library, "export", "1", "--format", "json")
    assert run.code == 0, run.err
    return json.loads(run.out)


def _fresh(tmp_path):
    return tmp_path / "other" / "library.sqlite"


def test_a_position_contradicting_its_quote_is_re_anchored_by_the_quote(library, gloss, tmp_path):
    doc = _export(gloss, library, tmp_path)
    text = doc["article"]["text"]
    anno = doc["annotations"][0]
    pos, quote = anno["target"]["selector"]
    assert quote["exact"] == "NATO"
    at = text.index("Acco")  # the attack: the position points at "Acco", the quote says "NATO"
    pos.update(start=at, end=at + 4)
    nowhere = json.loads(json.dumps(anno))
    nowhere["target"]["selector"][1].update(exact="SEATO", prefix="", suffix="")
    nowhere["gloss:id"] = 999
    doc["annotations"] = [anno, nowhere]
    path = tmp_path / "lying.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    db = _fresh(tmp_path)
    run = gloss(db, "import", str(path))
    assert run.code == 0 and run.err == "", run.err
    notes = json.loads(gloss(db, "notes", "1", "--json").out)
    shown = json.loads(gloss(db, "show", "1", "--json").out)["text"]
    by_quote = {n["quote"]: n for n in notes}
    nato = by_quote["NATO"]
    assert nato["status"] == "anchored" and shown[nato["start"]:nato["end"]] == "NATO"
    assert by_quote["SEATO"]["status"] == "orphaned"  # kept, never dropped, never misplaced


def test_three_identical_annotations_are_stored_once(library, gloss, tmp_path):
    doc = _export(gloss, library, tmp_path)
    doc["annotations"] = doc["annotations"][:1] * 3
    path = tmp_path / "thrice.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    db = _fresh(tmp_path)
    assert gloss(db, "import", str(path)).code == 0
    assert gloss(db, "import", str(path)).code == 0  # and importing it again adds nothing
    assert len(json.loads(gloss(db, "notes", "1", "--json").out)) == 1


def test_a_whole_page_annotation_is_left_out_with_one_line_not_made_the_article_note(library, gloss, tmp_path):
    doc = _export(gloss, library, tmp_path)
    doc["annotations"].append({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
                               "target": "https://example.org/elsewhere",
                               "body": {"type": "TextualBody", "value": "not the reader's note"}})
    path = tmp_path / "page-note.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    db = _fresh(tmp_path)
    run = gloss(db, "import", str(path))
    assert run.code == 0
    (line,) = run.err.splitlines()
    assert line.startswith("gloss: page-note.json: annotation 2 targets the whole article") and "left out" in line
    exported = json.loads(gloss(db, "export", "1", "--format", "json").out)
    assert not any(a.get("gloss:kind") == "article-note" for a in exported["annotations"])


@pytest.mark.parametrize("where", ["gloss:id", "mentions", "first"])
def test_integers_of_ten_to_the_thirty(library, gloss, refused, contents, tmp_path, where):
    doc = _export(gloss, library, tmp_path)
    big = 10**30
    if where == "gloss:id":
        doc["annotations"][0]["gloss:id"] = big
        doc["article"]["gloss:id"] = big
    else:
        doc["article"]["entities"] = [{"name": "NATO", "type": "ORG", "mentions": 2, "first": 5}]
        doc["article"]["entities"][0][where] = big
    path = tmp_path / "big.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    db = _fresh(tmp_path)
    run = gloss(db, "import", str(path))
    if where == "mentions":
        refused(run, "big.json", "out of range")
        return
    assert run.code == 0 and "Traceback" not in run.err, run.err
    (note,) = json.loads(gloss(db, "notes", "1", "--json").out)
    assert note["id"] < 2**53


def test_lone_surrogate_escapes_in_json_are_one_line(library, gloss, refused, tmp_path):
    doc = _export(gloss, library, tmp_path)
    raw = json.dumps(doc).replace('"value": "first"', '"value": "half \\ud83c a pair"')
    assert "\\ud83c" in raw
    path = tmp_path / "surrogate.json"
    path.write_text(raw, encoding="utf-8")
    db = _fresh(tmp_path)
    run = gloss(db, "import", str(path))
    assert "Traceback" not in run.err, run.err
    if run.code == 0:
        (note,) = json.loads(gloss(db, "notes", "1", "--json").out)
        assert note["note"] == "half \ufffd a pair"
    else:
        refused(run, "surrogate.json")
