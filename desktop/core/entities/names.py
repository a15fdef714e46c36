"""How one entity's other names are found: surnames, shorter and country-prefixed names, undefined
initials, names without "Corp."."""
from __future__ import annotations

import re
from collections import defaultdict

from .evidence import product_model
from .gazetteer import Gazetteer
from .lexicon import CONNECTORS, PARTICLES

_LEGAL = re.compile(r",?\s+(?:&\s+Co\.?|Co\.?|Corp\.?|Inc\.?|Incorporated|Ltd\.?|LLC|L\.P\.|plc|PLC)$")
_SKIP_INITIAL = frozenset(CONNECTORS) | {"on", "in", "at", "to"}


def surnames(name: str, gaz: Gazetteer | None = None) -> list[str]:
    """The forms a full name's owner is later called by: "Yamazaki", "von der Leyen", and any
    other word of the name but a given name ("Lula" of "Luiz Inácio Lula da Silva", "Koizumi" of
    "Koizumi Junichiro")."""
    words = name.split()
    if len(words) < 2:
        return []
    forms = [words[-1]]
    for i in range(1, len(words) - 1):
        if words[i].lower() in PARTICLES:
            forms.append(" ".join(words[i:]))
            break
    if gaz is not None:
        forms += [w for i, w in enumerate(words[:-1]) if (i or w not in gaz.given_names)
                  and w[:1].isupper() and len(w) > 2 and w.lower() not in PARTICLES]
    return forms


def initials(name: str) -> str:
    """"Green Belt Movement" -> "GBM"; "Electronic Entertainment Expo" -> also "E3"."""
    return "".join(w[0] for w in re.split(r"[\s\-]+", name) if w and w not in _SKIP_INITIAL
                   and w[0].isupper())


def short_forms(names: list[str]) -> dict[str, str]:
    """Undefined short forms the text's own names explain: initials ("GBM") and letter-count
    forms ("E3"), each kept only if exactly one name gives it."""
    found: dict[str, set[str]] = defaultdict(set)
    for name in names:
        found_initials = initials(name)
        if len(found_initials) >= 2 and len(name.split()) >= 2:
            found[found_initials].add(name)
            if len(set(found_initials)) == 1:
                found[f"{found_initials[0]}{len(found_initials)}"].add(name)
    return {short: next(iter(longs)) for short, longs in found.items() if len(longs) == 1}


def tails(named: list, gaz: Gazetteer, defined: set[str] = frozenset()) -> dict[str, str]:
    """Shorter names that stand for one longer non-person name of the text, the part left off
    being a known place or a word of another of its names: "Pacers" for "Indiana Pacers", "Air
    Force" for "United States Air Force", "Firefox" for "Mozilla Firefox" (with "Mozilla
    Foundation")."""
    longer = {n for c, n, label, fixed, _ in named
              if " " in n and not fixed and (label not in ("PERSON", "DATE") and c.model not in ("PERSON", "DATE")
                                             or product_model(n, gaz))}  # not "2009" for "March 2009"
    words = {w for n in longer for w in n.split()[:1]}
    found: dict[str, set[str]] = defaultdict(set)
    for n in longer:
        parts = n.split()
        for k in range(1, len(parts)):
            head, tail = " ".join(parts[:k]), " ".join(parts[k:])
            first_word_elsewhere = sum(1 for o in longer if o.split()[0] == parts[0]) > 1
            if gaz.lookup(head) or gaz.place(head) or (k == 1 and first_word_elsewhere
                                                          and head in words):
                found[tail].add(n)
    out = {tail: next(iter(ns)) for tail, ns in found.items() if len(ns) == 1}
    for tail, longer_name in list(out.items()):  # "U.S. Government Accountability Office" joins
        if tail in defined:                      # the "Government Accountability Office (GAO)"
            del out[tail]
            out[longer_name] = tail
    return out


def org_key(surface: str, surfaces: set[str]) -> str:
    """"Kmart Corp." -> "Kmart"; "Sears, Roebuck & Co." -> "Sears" when the text says "Sears"."""
    bare = _LEGAL.sub("", surface).rstrip(", &")
    if not bare or bare == surface:
        return surface
    head = bare.split(",")[0].strip()
    return head if head != bare and head in surfaces else bare


def nearest(candidates: list[str], first_seen: dict[str, int], at: int) -> str:
    """Of the people a surname could mean, the one named in full most recently before `at`
    (or, if none was yet, the first named)."""
    before = [p for p in candidates if first_seen.get(p, at) < at]
    if before:
        return max(before, key=lambda p: first_seen[p])
    return min(candidates, key=lambda p: first_seen.get(p, 0))
