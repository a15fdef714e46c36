"""Entity extraction for the sidebar: spaCy plus rules, canonical entities, user corrections."""
from __future__ import annotations

from .corrections import apply_corrections
from .model import GROUPS, Entity, ExtractionResult, Mention, from_json, group_of, to_json
from .pipeline import MODES, extract

PIPELINE_VERSION = "entities-1"

__all__ = ["PIPELINE_VERSION", "GROUPS", "MODES", "Entity", "ExtractionResult", "Mention",
           "apply_corrections", "extract", "from_json", "group_of", "to_json"]
