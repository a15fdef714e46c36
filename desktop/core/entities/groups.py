"""The entity groups a reader sees (People, Organisations, ...) and how they are ordered and counted.

One place for what the sidebar, ``gloss entities`` and the Markdown export show:

* ``GROUPS``: group label -> the OntoNotes types in it, in display order; ``group_of(type)``.
* ``TYPE_WORDS``: each OntoNotes type in words ("country, city or state"), ``type_words(type)``.
* ``grouped(entities, how)``: the entities under their groups, groups in ``GROUPS`` order (empty
  ones left out), each group's entities sorted by ``sort_key(how)``.

Counting is the same everywhere: a group counts its entities (``len(members)``), an entity its
mentions. Entities are anything with ``name``, ``type``, ``first`` (offset of the first mention)
and ``mentions``: a list of mentions (``Entity``) or their number (an export's rows).
"""

from __future__ import annotations

from typing import Callable, Iterable, Protocol, TypeVar

GROUPS: dict[str, tuple[str, ...]] = {
    "People": ("PERSON",),
    "Organisations": ("ORG",),
    "Places": ("GPE", "LOC", "FAC"),
    "Dates and events": ("DATE", "EVENT"),
    "Other": ("NORP", "LAW", "PRODUCT", "WORK_OF_ART", "LANGUAGE"),
}
OTHER = "Other"
KEPT_TYPES: frozenset[str] = frozenset(t for types in GROUPS.values() for t in types)
_GROUP_OF = {t: group for group, types in GROUPS.items() for t in types}

TYPE_WORDS: dict[str, str] = {
    "PERSON": "person", "ORG": "organisation", "GPE": "country, city or state", "LOC": "place",
    "FAC": "building or facility", "DATE": "date", "EVENT": "event", "NORP": "nationality or group",
    "LAW": "law", "PRODUCT": "product", "WORK_OF_ART": "work", "LANGUAGE": "language",
}

SORTS: dict[str, str] = {"count": "Most mentioned", "first": "First appearance", "name": "Name"}


class Named(Protocol):
    name: str
    type: str

    @property
    def first(self) -> int: ...


E = TypeVar("E", bound=Named)


def group_of(entity_type: str) -> str:
    """The group an OntoNotes type belongs to ("Other" if unknown)."""
    return _GROUP_OF.get(entity_type, OTHER)


def type_words(entity_type: str) -> str:
    """An OntoNotes type in words ("country, city or state"); an unknown type in lower case."""
    return TYPE_WORDS.get(entity_type, entity_type.replace("_", " ").lower())


def mention_count(entity: Named) -> int:
    """How many times the entity is mentioned (its mentions listed, or their number)."""
    mentions = getattr(entity, "mentions", 0)
    return mentions if isinstance(mentions, int) else len(mentions)


def sort_key(how: str) -> Callable[[Named], tuple]:
    """The order of entities within a group: ``count`` (most mentioned first, the default),
    ``first`` (first appearance) or ``name``; ties go to the earlier, then the name."""
    if how == "name":
        return lambda e: (e.name.casefold(), e.first)
    if how == "first":
        return lambda e: (e.first, e.name.casefold())
    return lambda e: (-mention_count(e), e.first, e.name.casefold())


def grouped(entities: Iterable[E], how: str = "count") -> list[tuple[str, list[E]]]:
    """``[(group label, its entities sorted by how)]`` in ``GROUPS`` order, empty groups left out."""
    by_group: dict[str, list[E]] = {g: [] for g in GROUPS}
    for e in entities:
        by_group[group_of(e.type)].append(e)
    key = sort_key(how if how in SORTS else "count")
    return [(g, sorted(members, key=key)) for g, members in by_group.items() if members]

