"""Entity extraction for the sidebar: spaCy plus rules, canonical entities, user corrections.

The entity model (``Entity``, ``from_json``, ...) loads with the package; the extraction pipeline
(its rules compile many regular expressions) loads when first used, so the window, which only
shows entities, starts without it.
"""
from __future__ import annotations

import importlib

from .groups import GROUPS, SORTS, group_of, grouped, mention_count, sort_key, type_words
from .model import Entity, ExtractionResult, Mention, from_json, to_json

PIPELINE_VERSION = "entities-9"  # bumped when the rules or their data change what is found

_LAZY = {  # name: (module, attribute)
    "apply_corrections": (".corrections", "apply_corrections"),
    "MODES": (".pipeline", "MODES"),
    "extract": (".pipeline", "extract"),
    "spacy_available": (".spacy_ner", "available"),
}


def __getattr__(name: str):
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(module, __name__), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def preload() -> str:
    """Load the spaCy model now (call it from a worker thread at start-up so the first
    `extract` is quick); returns the mode `extract(mode="auto")` will run in."""
    from .spacy_ner import load

    return "spacy" if load() else "rules"


__all__ = ["PIPELINE_VERSION", "GROUPS", "MODES", "SORTS", "Entity", "ExtractionResult", "Mention",
           "apply_corrections", "extract", "from_json", "group_of", "grouped", "mention_count", "preload",
           "sort_key", "spacy_available", "to_json", "type_words"]
