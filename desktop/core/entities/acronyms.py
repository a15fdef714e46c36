"""Acronyms defined in the text: "Japan Self-Defense Forces (JSDF)" makes JSDF an alias."""
from __future__ import annotations

import re

from .lexicon import CONNECTORS
from .runs import Run

# "(JSDF)", "(G20)", "(NGOs)"; also written as a word, "Kenya Medical Research Institute (Kemri)".
ACRONYM_AFTER = re.compile(r"^\s*\(\s*([A-Z][A-Za-z0-9&.\-]*[A-Z0-9]\.?s?|[A-Z][a-z]{2,7})\s*\)")
# "NORAD (North American Aerospace Defence Command)": the acronym first, its long form after.
LONG_AFTER = re.compile(r"(?<![\w-])([A-Z][A-Z0-9&]{1,9})\s*\(\s*([A-Z][^()\n]{3,90}?)\s*\)")
# "the U.S. Army School of the Americas (USARSA or SOA)": two acronyms of one name, the second
# of a shorter form of it.
OR_IN_PARENS = re.compile(r"^\s*\(\s*([A-Z][A-Za-z0-9&.\-]*[A-Z0-9])\s+or\s+([A-Z][A-Z0-9&]{1,9})\s*\)")
# "according to USAID, U.S. Agency for International Development, ...": an acronym, then its long
# form in apposition between commas.
LONG_BETWEEN_COMMAS = re.compile(r"(?<![\w-])([A-Z][A-Z0-9&]{1,9}),\s+((?:[A-Z][\w.&-]*|of|for|the|and)"
                                 r"(?:\s+(?:[A-Z][\w.&-]*|of|for|the|and|on|in)){1,9}),")
# "the Liberal Democratic Party or LDP"
OR_ACRONYM = re.compile(r"^,?\s+or\s+([A-Z][A-Z0-9&]{1,9})\b")
_SKIPPABLE = frozenset(CONNECTORS) | {"on", "in", "at", "to", "against", "with", "from"}
# Words a long form may end with that its acronym leaves out: "European Aeronautic Defense &
# Space Company (EADS)".
_TRAILING = frozenset(("company", "corporation", "corp", "inc", "ltd", "plc", "co", "group",
                       "limited", "incorporated"))
_FUNCTION = frozenset(("to", "of", "for", "and", "the", "on", "in", "at", "against", "with", "from",
                       "&", "de", "du", "des", "la", "le"))
# "liquefied natural gas (LNG)": an acronym of lowercase words is a term, not a name.
LOWER_DEFINITION = re.compile(r"((?:\b[a-z][a-z\-]*\s+){1,6})\(([A-Z]{2,6})\)")


def _letters(word: str) -> list[str]:
    return [p for p in re.split(r"[-\s]", word) if p]


def matches(acronym: str, words: list[str], skips: int = 0) -> bool:
    """Whether the acronym's letters are prefixes of the words, in order (connectors optional;
    up to `skips` other words after the first left out: "NORAD (North American Aerospace Defence
    Command)")."""
    letters = re.sub(r"[^A-Za-z0-9]", "", acronym).lower()
    if letters.endswith("s") and len(letters) > 2 and not acronym.isupper():
        letters = letters[:-1]
    parts = [p.lower().replace(".", "") if re.fullmatch(r"(?:[A-Z]\.)+", p) else p.lower()
             for w in words for p in _letters(w)]  # "U.S." gives its letters: "USAID"

    def go(i: int, j: int, budget: int) -> bool:
        if i == len(letters):
            rest = [p for p in parts[j:] if p not in _SKIPPABLE and p not in _TRAILING]
            return len(rest) <= budget
        if j == len(parts):
            return False
        part = parts[j]
        if part.startswith("ex") and letters[i] == "x":
            part = part[1:]  # "Japan Aerospace Exploration Agency (JAXA)": a word's "ex" gives its X
        if (part in _SKIPPABLE or part.isdigit()) and go(i, j + 1, budget):
            return True
        if budget and j and go(i, j + 1, budget - 1):
            return True
        k = 0
        while k < len(part) and i + k < len(letters) and part[k] == letters[i + k]:
            k += 1
            if go(i + k, j + 1, budget):
                return True
        return False

    return len(letters) >= 2 and go(0, 0, skips)


def definition(run: Run, para: str) -> tuple[int, int, str, int, int] | None:
    """If the run is followed by "(ACR)" whose letters fit a suffix of the run, return
    (long_start, long_end, acronym, acr_start, acr_end) in paragraph offsets."""
    m = ACRONYM_AFTER.match(para[run.end:]) or OR_IN_PARENS.match(para[run.end:])
    if not m or run.possessive:
        return None
    acronym = m.group(1)
    acr_start = run.end + m.start(1)
    for i in range(len(run.words)):
        words = run.words[i:]
        if words[0].text.lower() in _SKIPPABLE:
            continue
        texts = [w.text for w in words]
        if matches(acronym, texts) or len(texts) >= 4 and texts[-2] == "and" \
                and matches(acronym, texts[:-2]):  # "Centers for Disease Control and Prevention (CDC)"
            return words[0].start, run.end, acronym, acr_start, acr_start + len(acronym)
    start = _across_function_words(para, run.end, acronym)
    if start is not None:
        return start, run.end, acronym, acr_start, acr_start + len(acronym)
    return None


def _across_function_words(para: str, end: int, acronym: str) -> int | None:
    """Where a long form starts that runs back over lowercase function words: "International
    Campaign to Abolish Nuclear Weapons (ICAN)". It starts and ends with capitalised words and has
    no other lowercase word; the shortest that fits wins."""
    tokens = [(m.start(), m.group()) for m in re.finditer(r"\S+", para[:end])][-12:]
    for k in range(len(tokens) - 1, -1, -1):
        start, word = tokens[k]
        if word.isdigit():
            continue
        if not word[:1].isupper():
            if word.lower() not in _FUNCTION:
                return None
            continue
        words = [w for _, w in tokens[k:]]
        if any(w != w.strip(",;:()\"'“”") for w in words):
            return None
        if any(w[:1].islower() or w.isdigit() for w in words) \
                and matches(acronym, words, skips=1 if len(acronym) >= 4 else 0):
            return start
    return None


ANY_PAREN = re.compile(r"\(\s*([A-Z][A-Za-z0-9&.\-]*[A-Z0-9]\.?s?)\s*\)")


def after_phrase(para: str) -> list[tuple[int, int, str, int, int]]:
    """Definitions whose long form ends in a lowercase word or a number, which no run of
    capitalised words reaches: "Group of 20 (G20)"."""
    out = []
    for m in ANY_PAREN.finditer(para):
        end = m.start()
        while end and para[end - 1] == " ":
            end -= 1
        start = _across_function_words(para, end, m.group(1))
        if start is not None:
            out.append((start, end, m.group(1), m.start(1), m.end(1)))
    return out


def second_in_parens(para: str, end: int, long_form: str) -> tuple[str, int, int] | None:
    """The second acronym of "(USARSA or SOA)" after a long form, if its letters fit the end of
    that form ("School of the Americas"): (acronym, start, end) in paragraph offsets."""
    m = OR_IN_PARENS.match(para[end:])
    if not m:
        return None
    words = long_form.split()
    if any(matches(m.group(2), words[i:]) for i in range(len(words))):
        return m.group(2), end + m.start(2), end + m.end(2)
    return None


def long_after(para: str) -> list[tuple[int, int, str, int, int]]:
    """Definitions written acronym first: (long_start, long_end, acronym, acr_start, acr_end)."""
    out = []
    for m in LONG_BETWEEN_COMMAS.finditer(para):
        words = m.group(2).split()
        if words[0] in ("the", "The"):
            words = words[1:]
        if len(words) >= 2 and words[-1][:1].isupper() and matches(m.group(1), words):
            start = m.end(2) - len(" ".join(words))
            out.append((start, m.end(2), m.group(1), m.start(1), m.end(1)))
    for m in LONG_AFTER.finditer(para):
        words = m.group(2).split()
        if len(words) >= 2 and all(w[:1].isupper() or w.lower() in _FUNCTION for w in words) \
                and matches(m.group(1), words, skips=2 if len(m.group(1)) >= 4 else 0):
            out.append((m.start(2), m.end(2), m.group(1), m.start(1), m.end(1)))
    return out
