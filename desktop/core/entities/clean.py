"""Trim a candidate span to the name itself: no "the", "'s", titles, quotes or glued sentences."""
from __future__ import annotations

import re

from .candidates import Candidate
from .gazetteer import Gazetteer
from .lexicon import PARTICLES

_GLUED = re.compile(r"(?<=[a-z0-9])\.(?=[A-Z])|\n")
_WORD = re.compile(r"\S+")
_EDGE = "\"'“”‘’()[]{},;:!?*"
_DETERMINERS = frozenset(("the", "The", "a", "A", "an", "An", "THE"))


def clean(text: str, cand: Candidate, gaz: Gazetteer) -> Candidate | None:
    """The candidate trimmed in place (offsets into `text`), or None if nothing is left."""
    start, end = cand.start, cand.end
    cut = _GLUED.search(text, start, end)
    if cut:
        end = cut.start()
    words = [(start + m.start(), start + m.end()) for m in _WORD.finditer(text[start:end])]
    keep_lower = cand.label == "DATE"

    def word(i: int) -> str:
        return text[words[i][0]:words[i][1]]

    while words and (word(0) in _DETERMINERS or (not keep_lower and not _capital(word(0))
                                                  and word(0) not in PARTICLES)):
        words.pop(0)
    while words and not keep_lower and not _capital(word(-1).strip(_EDGE)):
        words.pop()
    if cand.label == "PERSON":
        for i in range(len(words) - 1, -1, -1):
            if word(i) in gaz.titles or word(i).rstrip(".") in gaz.titles:
                words = words[i + 1:]
                break
        while words and word(0) in PARTICLES:
            words.pop(0)
    if not words:
        return None
    start, end = words[0][0], words[-1][1]
    while start < end and text[start] in _EDGE:
        start += 1
    changed = True
    while changed and start < end:
        changed = False
        for suffix in ("'s", "’s", "'S"):
            if text.endswith(suffix, start, end):
                end -= len(suffix)
                changed = True
        if text[end - 1] in _EDGE or (text[end - 1] == "." and not _abbrev(text[start:end])):
            end -= 1
            changed = True
    if end - start < 2 and not text[start:end].isdigit():
        return None
    return Candidate(start, end, cand.label, cand.tier, cand.source, cand.name)


def _capital(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word[0].isdigit())


def _abbrev(span: str) -> bool:
    """Ends in an abbreviation's dot that belongs to the name ("U.S.", "Inc.")."""
    return bool(re.search(r"(?:\b[A-Z]\.){2,}$|\b(?:Inc|Corp|Ltd|Co|Jr|Sr)\.$", span))
