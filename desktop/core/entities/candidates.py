"""A candidate span proposed by spaCy or by a rule, before entities are resolved."""
from __future__ import annotations

from dataclasses import dataclass

# Tiers: which source wins when two candidate spans overlap (higher first, then longer).
ACRONYM, STRONG, STATISTICAL, GAZETTEER, WEAK, UNKNOWN = 6, 5, 4, 3, 2, 0


@dataclass
class Candidate:
    """A span [start, end) of the text, its proposed label (None: unknown), and how sure we are."""

    start: int
    end: int
    label: str | None
    tier: int
    source: str  # "spacy", "gazetteer", "acronym", "title", "head", "person", "date", "unknown"
    name: str | None = None  # canonical name when the source knows it (gazetteer, acronym)
    model: str | None = None  # the statistical model's label for this very span, once selected

    def shifted(self, offset: int) -> "Candidate":
        """The same candidate with offsets moved by `offset` (paragraph -> text)."""
        return Candidate(self.start + offset, self.end + offset, self.label, self.tier,
                         self.source, self.name, self.model)

    def part(self, start: int, end: int, label: str | None = None) -> "Candidate":
        """A piece of this candidate (its label unless another is given)."""
        return Candidate(start, end, label or self.label, self.tier, self.source, None, self.model)
