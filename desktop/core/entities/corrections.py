"""User corrections to entities, applied to every article: `apply_corrections`.

A correction is a dict; `name` (and `type`, when given) selects the entity it applies to, by the
name the pipeline (or an earlier correction) gave it. Corrections apply in list order, each to
the result of the ones before; a correction that selects nothing in an article is skipped.

    {"op": "rename", "name": "Yamazaki Koji", "to": "Koji Yamazaki", "type"?: "PERSON"}
        new display name; the old one is kept as an alias.
    {"op": "retype", "name": "JSDF", "to": "ORG", "type"?: "PERSON"}
        new OntoNotes type.
    {"op": "merge", "names": ["Commission", "European Commission"], "into": "European Commission"}
        one entity named `into` (its type, or the first merged entity's); aliases and mentions
        of all of them combined.
    {"op": "hide", "name": "Eastward Crossing", "type"?: "WORK_OF_ART"}
        the entity is not shown.
    {"op": "add", "name": "Bridgetown Initiative", "type": "LAW", "aliases"?: ["the Initiative"],
     "mentions"?: [{"start": 0, "end": 21, "text": "..."}]}
        an entity the pipeline missed. Its mentions are every whole-word occurrence of the name
        and aliases in `text` (when given), plus any explicit `mentions`; with none it is skipped,
        so a global "add" only shows in articles that name it. Existing entities of that name
        gain the aliases and mentions instead.
    {"op": "split", "name": "European Commission", "alias": "Commission", "to"?: "Commission",
     "type"?: "ORG"}
        the alias and its mentions leave the entity and become their own (named `to`, default
        the alias; type `type`, default the original's).

Entities with the same name and type after a correction are merged.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from .model import Entity, Mention

OPS = ("rename", "retype", "merge", "hide", "add", "split")


def _copy(e: Entity) -> Entity:
    return Entity(e.name, e.type, list(e.aliases), list(e.mentions))


def _selects(e: Entity, corr: dict) -> bool:
    return e.name == corr.get("name") and corr.get("type") in (None, e.type)


def _combine(target: Entity, others: Iterable[Entity]) -> Entity:
    for o in others:
        for alias in [o.name, *o.aliases]:
            if alias != target.name and alias not in target.aliases:
                target.aliases.append(alias)
        target.mentions = sorted(set(target.mentions) | set(o.mentions))
    return target


def _dedupe(entities: list[Entity]) -> list[Entity]:
    out: dict[tuple[str, str], Entity] = {}
    for e in entities:
        key = (e.name, e.type)
        out[key] = _combine(out[key], [e]) if key in out else e
    return sorted(out.values(), key=lambda e: (e.first, e.name))


def _find(text: str, forms: list[str]) -> list[Mention]:
    found = set()
    for form in forms:
        if form:
            for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
                found.add(Mention(m.start(), m.end(), m.group()))
    return sorted(found)


def apply_corrections(entities: list[Entity], corrections: list[dict], *,
                      text: str | None = None) -> list[Entity]:
    """The entities with the corrections applied (see the module docstring); the input is not
    changed. `text` is the article's canonical text, used by "add" to find mentions."""
    result = [_copy(e) for e in entities]
    for corr in corrections:
        op = corr.get("op")
        if op not in OPS:
            raise ValueError(f"unknown correction op {op!r}")
        result = _dedupe(globals()[f"_{op}"](result, corr, text))
    return result


def _rename(entities: list[Entity], corr: dict, text: str | None) -> list[Entity]:
    for e in entities:
        if _selects(e, corr) and corr["to"] != e.name:
            e.aliases = [a for a in e.aliases if a != corr["to"]]
            if e.name not in e.aliases:
                e.aliases.insert(0, e.name)
            e.name = corr["to"]
    return entities


def _retype(entities: list[Entity], corr: dict, text: str | None) -> list[Entity]:
    for e in entities:
        if _selects(e, corr):
            e.type = corr["to"]
    return entities


def _merge(entities: list[Entity], corr: dict, text: str | None) -> list[Entity]:
    names = list(corr["names"])
    into = corr.get("into") or names[0]
    chosen = [e for e in entities if e.name in names or e.name == into]
    if not chosen:
        return entities
    target = next((e for e in chosen if e.name == into), chosen[0])
    rest = [e for e in chosen if e is not target]
    target = _combine(target, rest)
    if target.name != into:
        _rename([target], {"name": target.name, "to": into}, text)
    return [e for e in entities if not any(e is r for r in rest)]


def _hide(entities: list[Entity], corr: dict, text: str | None) -> list[Entity]:
    return [e for e in entities if not _selects(e, corr)]


def _add(entities: list[Entity], corr: dict, text: str | None) -> list[Entity]:
    aliases = list(corr.get("aliases", []))
    mentions = [Mention(m["start"], m["end"], m["text"]) for m in corr.get("mentions", [])]
    if text is not None:
        mentions += _find(text, [corr["name"], *aliases])
    existing = [e for e in entities if e.name == corr["name"]]
    if existing:
        _combine(existing[0], [Entity(corr["name"], existing[0].type, aliases, mentions)])
        return entities
    if not mentions:
        return entities
    seen = {m.text for m in mentions}
    return entities + [Entity(corr["name"], corr["type"], [a for a in aliases if a in seen],
                              sorted(set(mentions)))]


def _split(entities: list[Entity], corr: dict, text: str | None) -> list[Entity]:
    alias = corr["alias"]
    out = list(entities)
    for e in entities:
        if e.name == corr["name"] and alias in e.aliases:
            moved = [m for m in e.mentions if m.text == alias]
            e.aliases.remove(alias)
            e.mentions = [m for m in e.mentions if m.text != alias]
            out.append(Entity(corr.get("to", alias), corr.get("type", e.type), [], moved))
    return out
