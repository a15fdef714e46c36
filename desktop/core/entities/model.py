"""Data types of the entity pipeline: mentions, entities, results, and their JSON form."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

from .groups import GROUPS, KEPT_TYPES, group_of  # noqa: F401  (imported from here too)


class Mention(NamedTuple):
    """One occurrence: code-point offsets into the canonical text, and text[start:end].

    A named tuple (immutable, ordered by start, end, text): a long article has tens of thousands,
    and ``Mention._make`` builds one from a plain tuple without a Python call (``from_rows``)."""

    start: int
    end: int
    text: str


@dataclass
class Entity:
    """A canonical entity: display name, OntoNotes type, other names used, every mention."""

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def first(self) -> int:
        """Offset of the first mention (entities without mentions sort last)."""
        return self.mentions[0].start if self.mentions else 1 << 62


@dataclass
class ExtractionResult:
    """What `extract` returns: the entities in order of first mention, and the mode that ran."""

    entities: list[Entity]
    mode: str  # "spacy" or "rules"
    model: str | None = None  # the spaCy package used, if any


def to_json(entities: Iterable[Entity]) -> list[dict]:
    """The CLI.md shape: [{"name", "type", "aliases", "mentions": [{"start", "end", "text"}]}]."""
    return [
        {
            "name": e.name,
            "type": e.type,
            "aliases": list(e.aliases),
            "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in e.mentions],
        }
        for e in entities
    ]


Row = tuple[str, str, list[str], list[tuple[int, int, str]]]


def to_rows(entities: Iterable[Entity]) -> list[Row]:
    """The compact form results cross the entity helper's pipe in: (name, type, aliases, mentions as
    (start, end, text) tuples). Tuples unpickle three times as fast as the JSON shape's dicts, and
    the GUI process builds the entities from them while its window may be painting (``from_rows``)."""
    return [(e.name, e.type, list(e.aliases), [tuple(m) for m in e.mentions]) for e in entities]


def from_rows(rows: Iterable[Row]) -> list[Entity]:
    """The inverse of ``to_rows``."""
    make = Mention._make
    return [Entity(name, etype, list(aliases), list(map(make, mentions))) for name, etype, aliases, mentions in rows]


def from_json(items: Iterable[dict]) -> list[Entity]:
    """The inverse of `to_json`."""
    return [
        Entity(
            name=d["name"],
            type=d["type"],
            aliases=list(d.get("aliases", [])),
            mentions=[Mention(m["start"], m["end"], m["text"]) for m in d.get("mentions", [])],
        )
        for d in items
    ]
