"""Entity extraction for the sidebar: spaCy plus rules, canonical entities, user corrections."""
from __future__ import annotations

from .corrections import apply_corrections
from .model import GROUPS, Entity, ExtractionResult, Mention, from_json, group_of, to_json
from .pipeline import MODES, extract
from .spacy_ner import available as spacy_available
from .spacy_ner import load as _load_model


def preload() -> str:
    """Load the spaCy model now (call it from a worker thread at start-up so the first
    `extract` is quick); returns the mode `extract(mode="auto")` will run in."""
    return "spacy" if _load_model() else "rules"


PIPELINE_VERSION = "entities-1"

__all__ = ["PIPELINE_VERSION", "GROUPS", "MODES", "Entity", "ExtractionResult", "Mention",
           "apply_corrections", "extract", "from_json", "group_of", "preload", "spacy_available",
           "to_json"]
