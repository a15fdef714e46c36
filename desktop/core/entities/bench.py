"""Extraction throughput on a ~1 MB article built from the sample's paragraphs (for desktop.bench)."""
from __future__ import annotations

import time
from pathlib import Path

from .evaluate import ROOT, sample_body
from .pipeline import extract

SAMPLE = ROOT / "resources" / "samples" / "japan-nato-2022-05-26.txt"


def big_article(size: int = 1_000_000, source: Path = SAMPLE) -> str:
    """The sample's paragraphs repeated, in order, until the text reaches `size` characters."""
    paras = sample_body(source).split("\n")
    out, total = [], 0
    while total < size:
        for p in paras:
            out.append(p)
            total += len(p) + 1
    return "\n".join(out)


def load_seconds() -> float:
    """Seconds to load the spaCy model (0 when it is already loaded or not installed)."""
    from . import spacy_ner

    start = time.perf_counter()
    spacy_ner.load()
    return time.perf_counter() - start


def throughput(text: str | None = None, mode: str = "auto") -> dict:
    """Extract entities from `text` (default: ~1 MB from the sample) once, after loading the
    model; return {"mode", "chars", "words", "seconds", "words_per_s", "entities", "load_s"}."""
    load_s = load_seconds() if mode != "rules" else 0.0
    text = text if text is not None else big_article()
    words = len(text.split())
    start = time.perf_counter()
    result = extract(text, mode=mode)
    seconds = time.perf_counter() - start
    return {"mode": result.mode, "chars": len(text), "words": words, "seconds": round(seconds, 3),
            "words_per_s": round(words / seconds), "entities": len(result.entities),
            "load_s": round(load_s, 3)}


if __name__ == "__main__":
    import json
    import sys

    for m in (sys.argv[1:] or ["auto", "rules"]):
        print(json.dumps(throughput(mode=m)))
