"""Measures without a window: entity extraction throughput, Markdown export, full-text search,
updating the large article to a new version."""

from __future__ import annotations

import importlib.util
import statistics
import time
from pathlib import Path

from ..store.db import Library

COMMON, RARE = "the", "zeppelin"  # in nearly every passage of the huge article / in one (data.RARE_WORD)
QUERIES = ("alliance", "Japan NATO", '"Self-Defense Forces"', "deterr*", "Brussels -Tokyo", "sanctions OR summit")


def entity_throughput(text: str) -> dict[str, float]:
    """Words a second for Gloss's extraction (model loaded first) and for spaCy's full pipeline."""
    from ..core.entities import extract, spacy_ner
    from ..core.entities.pipeline import paragraphs

    words = len(text.split())
    spacy_ner.load()
    start = time.perf_counter()
    extract(text)
    out = {"entities_words_per_s": words / (time.perf_counter() - start)}
    name = next((n for n in spacy_ner.MODEL_PACKAGES if importlib.util.find_spec(n) is not None), None)
    if name is not None:
        import spacy

        nlp = spacy.load(name)  # every component: tagger, parser, lemmatizer, ner...
        paras = [p for _, p in paragraphs(text)]
        start = time.perf_counter()
        for _doc in nlp.pipe(paras, batch_size=32):
            pass
        out["entities_spacy_full_words_per_s"] = words / (time.perf_counter() - start)
    return out


def export_s(lib: Library, article_id: int, folder: Path, runs: int) -> float:
    """Median seconds to write the article's notes (all its highlights) as Markdown."""
    from ..store.exchange import export_article

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        export_article(lib, article_id, folder, "md")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def query_ms(lib: Library, query: str, runs: int) -> float:
    """Median milliseconds of one full-text search for ``query`` (after one run warming the cache)."""
    from ..store.search import search

    search(lib, query)  # the first run of each query warms SQLite's page cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        search(lib, query)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def search_ms(lib: Library, runs: int) -> float:
    """Median over several queries (each the median of ``runs``) of one full-text search."""
    return statistics.median(query_ms(lib, query, runs) for query in QUERIES)


def search_huge_ms(lib: Library, runs: int) -> dict[str, float]:
    """A common and a rare word searched in a library holding one huge article."""
    return {"search_huge_common_ms": query_ms(lib, COMMON, runs), "search_huge_rare_ms": query_ms(lib, RARE, runs)}


def update_s(db_path: Path, article_id: int, new_article, folder: Path, runs: int) -> float:
    """Median seconds of ``update_article_text`` (align, carry every highlight over, write, entity
    rows dropped) on a fresh copy of the library each run, so every run updates the same old text."""
    import shutil

    from ..store import open_library
    from ..store.revisions import update_article_text

    times = []
    for run in range(runs):
        copy = folder / f"update-{run}.sqlite"
        shutil.copyfile(db_path, copy)
        lib = open_library(copy)
        try:
            start = time.perf_counter()
            update_article_text(lib, article_id, new_article)
            times.append(time.perf_counter() - start)
        finally:
            lib.close()
    return statistics.median(times)
