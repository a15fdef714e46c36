"""Acronyms defined in the text: "Japan Self-Defense Forces (JSDF)" makes JSDF an alias."""
from __future__ import annotations

import re

from .lexicon import CONNECTORS
from .runs import Run

ACRONYM_AFTER = re.compile(r"^\s*\(\s*([A-Z][A-Za-z0-9&.\-]*[A-Z0-9]\.?s?)\s*\)")
_SKIPPABLE = frozenset(CONNECTORS) | {"on", "in", "at", "to"}
# "liquefied natural gas (LNG)": an acronym of lowercase words is a term, not a name.
LOWER_DEFINITION = re.compile(r"((?:\b[a-z][a-z\-]*\s+){1,6})\(([A-Z]{2,6})\)")


def _letters(word: str) -> list[str]:
    return [p for p in re.split(r"[-\s]", word) if p]


def matches(acronym: str, words: list[str]) -> bool:
    """Whether the acronym's letters are prefixes of the words, in order (connectors optional)."""
    letters = re.sub(r"[^A-Za-z0-9]", "", acronym).lower()
    if letters.endswith("s") and len(letters) > 2 and not acronym.isupper():
        letters = letters[:-1]
    parts = [p.lower() for w in words for p in _letters(w)]

    def go(i: int, j: int) -> bool:
        if i == len(letters):
            return all(p in _SKIPPABLE for p in parts[j:])
        if j == len(parts):
            return False
        part = parts[j]
        if part in _SKIPPABLE and go(i, j + 1):
            return True
        k = 0
        while k < len(part) and i + k < len(letters) and part[k] == letters[i + k]:
            k += 1
            if go(i + k, j + 1):
                return True
        return False

    return len(letters) >= 2 and go(0, 0)


def definition(run: Run, para: str) -> tuple[int, int, str, int, int] | None:
    """If the run is followed by "(ACR)" whose letters fit a suffix of the run, return
    (long_start, long_end, acronym, acr_start, acr_end) in paragraph offsets."""
    m = ACRONYM_AFTER.match(para[run.end:])
    if not m or run.possessive:
        return None
    acronym = m.group(1)
    acr_start = run.end + m.start(1)
    for i in range(len(run.words)):
        words = run.words[i:]
        if words[0].text.lower() in _SKIPPABLE:
            continue
        if matches(acronym, [w.text for w in words]):
            return words[0].start, run.end, acronym, acr_start, acr_start + len(acronym)
    return None
