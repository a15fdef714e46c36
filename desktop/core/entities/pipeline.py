"""`extract`: run spaCy (when installed) and the rules over a text and resolve the entities."""
from __future__ import annotations

import re
from typing import Callable

from ..collection import collection_held
from . import gazetteer, spacy_ner
from .candidates import STATISTICAL, Candidate
from .model import ExtractionResult
from .resolve import build, rule_candidates

MODES = ("auto", "spacy", "rules")
_PARA = re.compile(r"[^\n]+")
_LOWER = re.compile(r"\b[a-z]+\b")
_DROP = frozenset(("CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "TIME"))


# Lines that label a metadata block ("Source" / "China Military Online"): never names.
METADATA_LABELS = frozenset(("Source", "Editor", "Editors", "Time", "Date", "Author", "Authors",
                             "Published", "Updated", "Tags", "Byline", "Copyright"))


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) for every non-empty line of the text, metadata labels left out."""
    return [(m.start(), m.group()) for m in _PARA.finditer(text)
            if m.group().strip().rstrip(":") not in METADATA_LABELS]


def extract(text: str, *, mode: str = "auto",
            progress: Callable[[float], None] | None = None) -> ExtractionResult:
    """The entities the text names. mode: "spacy" (fails if no model), "rules", or "auto"
    (spaCy when a model is installed, else rules). progress(fraction) is called as work is done."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    loaded = spacy_ner.load() if mode in ("auto", "spacy") else None
    if mode == "spacy" and loaded is None:
        raise RuntimeError("spaCy mode asked for, but no spaCy model is installed")
    gaz = gazetteer.load()
    paras = paragraphs(text)
    lower = set(_LOWER.findall(text))
    cands: list[Candidate] = []
    if loaded is not None:
        total = max(1, len(paras))
        tick = max(1, total // 50)

        def report(i: int) -> None:
            if progress and (i % tick == 0):
                progress(0.9 * (i + 1) / total)

        for (offset, _), spans in zip(paras, spacy_ner.tag([p for _, p in paras], report)):
            cands.extend(Candidate(offset + s, offset + e, label, STATISTICAL, "spacy")
                         for s, e, label in spans if label not in _DROP)
    with collection_held():
        rule_cands, acronyms, vetoed = rule_candidates(paras, gaz, lower)
        entities = build(text, cands + rule_cands, gaz, acronyms, vetoed, lower, loaded is not None)
    if progress:
        progress(1.0)
    return ExtractionResult(entities, "spacy" if loaded else "rules",
                            loaded[1] if loaded else None)
