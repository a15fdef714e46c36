"""Turn candidate spans into canonical entities: choose spans, name them, link, group."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from . import dates
from .candidates import ACRONYM, UNKNOWN, Candidate
from .clean import clean
from .gazetteer import Gazetteer
from .lexicon import ORG_HEADS, PARTICLES
from .model import KEPT_TYPES, Entity, Mention
from .rules import ParagraphRules

_INNER_POSSESSIVE = re.compile(r"['’]s\s+(?=[A-Z])")
_SOURCE_ORDER = {"acronym": 0, "title": 1, "head": 2, "gazetteer": 3, "spacy": 4}


def _split_possessives(text: str, cands: list[Candidate]) -> list[Candidate]:
    """"Alphabet's Google" is two names."""
    out = []
    for c in cands:
        m = _INNER_POSSESSIVE.search(text, c.start, c.end)
        if m and m.end() < c.end:
            out.append(Candidate(c.start, m.start(), c.label, c.tier, c.source))
            out.append(Candidate(m.end(), c.end, c.label, c.tier, c.source))
        else:
            out.append(c)
    return out


def _before_title(text: str, end: int, gaz: Gazetteer) -> bool:
    """Whether a title and a name follow: "Commerce" in "Commerce Secretary Gina Raimondo"."""
    words = text[end:end + 40].split()[:4]
    return any(" ".join(words[:n]) in gaz.titles and words[n][:1].isupper()
               for n in (1, 2, 3) if len(words) > n)


def select(text: str, cands: list[Candidate], gaz: Gazetteer) -> list[Candidate]:
    """Clean the candidates and keep a non-overlapping set: higher tier, then longer, wins."""
    cands = _split_possessives(text, cands)
    cleaned = [c for c in (clean(text, c, gaz) for c in cands) if c is not None]
    cleaned.sort(key=lambda c: (-c.tier, -(c.end - c.start), _SOURCE_ORDER.get(c.source, 9),
                                c.start))
    taken: list[Candidate] = []
    occupied = bytearray(len(text) + 1)
    for c in cleaned:
        if not any(occupied[c.start:c.end]):
            taken.append(c)
            occupied[c.start:c.end] = b"\1" * (c.end - c.start)
    taken.sort(key=lambda c: c.start)
    return taken


def _surnames(name: str) -> list[str]:
    """The forms a full name's owner is later called by: "Yamazaki", "von der Leyen"."""
    words = name.split()
    if len(words) < 2:
        return []
    forms = [words[-1]]
    for i in range(1, len(words) - 1):
        if words[i].lower() in PARTICLES:
            forms.append(" ".join(words[i:]))
            break
    return forms


def build(text: str, cands: list[Candidate], gaz: Gazetteer, acronyms: dict[str, str],
          vetoed: set[str]) -> list[Entity]:
    """The entities named in `text`, from every candidate (spaCy's and the rules'), given the
    acronyms the text defines (ACR -> long form) and those it defines as mere terms."""
    chosen = [c for c in select(text, cands, gaz) if text[c.start:c.end] not in vetoed]
    named: list[tuple[Candidate, str, str | None, bool]] = []  # cand, name, label, fixed type
    for c in chosen:
        surface = text[c.start:c.end]
        if surface in acronyms:  # its type comes from the long form's mentions
            surface = acronyms[surface]
            c = Candidate(c.start, c.end, None, c.tier, "acronym", c.name)
        entry = gaz.lookup(surface)
        if entry:
            named.append((c, entry.name, entry.type, True))
        elif c.name:
            named.append((c, c.name, c.label, True))
        else:
            named.append((c, surface, c.label, False))
    persons = [n for _, n, label, fixed in named if label == "PERSON" and not fixed
               and len(n.split()) > 1]
    first_seen: dict[str, int] = {}
    for c, n, _, _ in named:
        first_seen.setdefault(n, c.start)
    surname_of: dict[str, list[str]] = defaultdict(list)
    for person in dict.fromkeys(persons):
        for form in _surnames(person):
            surname_of[form.lower()].append(person)
    org_heads: dict[str, set[str]] = defaultdict(set)
    for _, n, label, _ in named:
        if label == "ORG" and len(n.split()) > 1 and n.split()[-1] in ORG_HEADS:
            org_heads[n.split()[-1]].add(n)
    groups: dict[str, list[tuple[Candidate, str | None, bool]]] = defaultdict(list)
    for c, name, label, fixed in named:
        key = name.lower()
        if not fixed and key in surname_of:
            name, label, fixed = _nearest(surname_of[key], first_seen, c.start), "PERSON", True
        elif not fixed and label in (None, "ORG") and len(org_heads.get(name, ())) == 1:
            name, label, fixed = next(iter(org_heads[name])), "ORG", True
        if label is None and c.tier == UNKNOWN and name not in acronyms.values():
            continue
        if not fixed and " " not in name and _before_title(text, c.end, gaz):
            continue
        groups[name].append((c, label, fixed))
    return _group(text, groups, acronyms)


def _nearest(candidates: list[str], first_seen: dict[str, int], at: int) -> str:
    """Of the people a surname could mean, the one named in full most recently before `at`
    (or, if none was yet, the first named)."""
    before = [p for p in candidates if first_seen.get(p, at) < at]
    if before:
        return max(before, key=lambda p: first_seen[p])
    return min(candidates, key=lambda p: first_seen.get(p, 0))


def _group(text: str, groups: dict, acronyms: dict[str, str]) -> list[Entity]:
    entities = []
    for name, items in groups.items():
        fixed = [label for _, label, is_fixed in items if is_fixed and label]
        votes = Counter(label for c, label, _ in items if label)
        if fixed:
            etype = Counter(fixed).most_common(1)[0][0]
        elif votes:
            etype = votes.most_common(1)[0][0]
        elif name in acronyms.values():
            etype = "ORG"
        else:
            continue
        if etype not in KEPT_TYPES or (etype == "DATE" and not dates.is_absolute(name)):
            continue
        if not any(ch.isupper() or ch.isdigit() for ch in name):
            continue
        mentions = sorted({Mention(c.start, c.end, text[c.start:c.end]) for c, _, _ in items})
        aliases = list(dict.fromkeys(m.text for m in mentions if m.text != name))
        entities.append(Entity(name, etype, aliases, mentions))
    entities.sort(key=lambda e: e.first)
    return entities


def rule_candidates(paragraphs: list[tuple[int, str]], gaz: Gazetteer, lower: set[str]
                    ) -> tuple[list[Candidate], dict[str, str], set[str]]:
    """The rules' candidates for every paragraph (text offsets), the acronyms defined, and
    the acronyms defined as terms rather than names."""
    out: list[Candidate] = []
    acronyms: dict[str, str] = {}
    vetoed: set[str] = set()
    for offset, para in paragraphs:
        rules = ParagraphRules(para, gaz, lower)
        out.extend(c.shifted(offset) for c in rules.run())
        for short, long in rules.acronyms.items():
            acronyms.setdefault(short, long)
        vetoed |= rules.vetoed
    return out, acronyms, vetoed - set(acronyms)


__all__ = ["build", "select", "rule_candidates", "ACRONYM"]
