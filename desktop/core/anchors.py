"""Highlight anchors: W3C Web Annotation selectors, and finding a highlight again in edited text.

A highlight is stored as a ``TextPositionSelector`` (start, end: code points) and a
``TextQuoteSelector`` (exact, with about 32 characters of prefix and suffix). ``reanchor`` tries,
in order: the old position; the quote with its full context; every occurrence of the quote,
scored by how well its context agrees; a fuzzy match of the quote (a fixed typo, a changed word)
near the old position and then anywhere. Every step beyond the first demands evidence (context
agreement or a long, distinctive quote): a highlight is orphaned rather than moved to the wrong
passage.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable


CONTEXT = 32
"""Characters of prefix and suffix kept with a quote."""

MIN_CONTEXT_AGREEMENT = 0.5
"""An occurrence of the quote away from its old place needs at least this context similarity..."""
DISTINCTIVE_QUOTE = 32
"""...unless the quote is at least this long and occurs exactly once (a moved paragraph)."""
FUZZY_MIN_SCORE = 85.0
"""A fuzzy match must be this similar to the quote (rapidfuzz ratio, 0-100) and have agreeing
context..."""
FUZZY_SURE_SCORE = 97.0
"""...unless it is at least this similar and the quote at least ``DISTINCTIVE_QUOTE`` long."""
MAX_CANDIDATES = 20_000
"""Occurrences of a quote scored at most (a one-letter quote in a long text stops here)."""


@dataclass(frozen=True)
class Selector:
    """A TextPositionSelector (start, end) and a TextQuoteSelector (exact, prefix, suffix) in one."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str

    def as_dict(self) -> dict:
        return asdict(self)

    def to_w3c(self) -> list[dict]:
        """The two selectors as W3C Web Annotation JSON."""
        return [
            {"type": "TextPositionSelector", "start": self.start, "end": self.end},
            {"type": "TextQuoteSelector", "exact": self.exact, "prefix": self.prefix, "suffix": self.suffix},
        ]


def make_selector(text: str, start: int, end: int, context: int = CONTEXT) -> Selector:
    """The selectors for ``text[start:end]`` with ``context`` characters either side."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}-{end} is outside a text of {len(text)} characters")
    return Selector(start, end, text[start:end], text[max(0, start - context):start], text[end:end + context])


def find_occurrence(text: str, quote: str, n: int = 1) -> tuple[int, int] | None:
    """The span of the ``n``-th (1-based, non-overlapping, like ``str.count``) occurrence, or None."""
    if not quote or n < 1:
        return None
    pos = -len(quote)
    for _ in range(n):
        pos = text.find(quote, pos + len(quote))
        if pos < 0:
            return None
    return pos, pos + len(quote)


def _occurrences(text: str, quote: str, limit: int = MAX_CANDIDATES) -> list[int]:
    """Start of every (possibly overlapping) occurrence of ``quote``, at most ``limit``."""
    found: list[int] = []
    pos = text.find(quote)
    while pos >= 0 and len(found) < limit:
        found.append(pos)
        pos = text.find(quote, pos + 1)
    return found


def context_agreement(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """How well the text around ``[start, end)`` matches the recorded prefix and suffix, 0..1.

    Each side is compared by normalised Levenshtein similarity (unrelated text scores about 0.2,
    one changed word in 32 characters about 0.8) and weighted by its length; with no recorded
    context at all (the quote was the whole text) there is nothing to disagree with: 1.0.
    """
    total = len(prefix) + len(suffix)
    if total == 0:
        return 1.0
    from rapidfuzz.distance import Levenshtein  # imported when a highlight has moved, not at start-up

    score = 0.0
    if prefix:
        before = text[max(0, start - len(prefix)):start]
        score += len(prefix) * (1.0 if before == prefix else Levenshtein.normalized_similarity(prefix, before))
    if suffix:
        after = text[end:end + len(suffix)]
        score += len(suffix) * (1.0 if after == suffix else Levenshtein.normalized_similarity(suffix, after))
    return score / total


def _context_exact(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    return text[max(0, start - len(prefix)):start] == prefix and text[end:end + len(suffix)] == suffix


def reanchor(new_text: str, start: int, end: int, exact: str, prefix: str = "", suffix: str = "",
             hints: Iterable[int] = ()) -> tuple[int, int] | None:
    """Where the highlight ``exact`` (once at ``start``-``end``) is in ``new_text``, or None (orphaned).

    ``hints`` are further likely start positions to try first (e.g. the old start shifted by the
    offset the previous highlight moved by), which keeps re-anchoring many highlights fast.
    """
    if not exact:
        return None
    n = len(exact)
    # 1. The old position (or a hinted one) with the quote and its whole context intact.
    tried = set()
    for pos in (start, *hints):
        if pos in tried or pos < 0:
            continue
        tried.add(pos)
        if new_text.startswith(exact, pos) and _context_exact(new_text, pos, pos + n, prefix, suffix):
            return pos, pos + n
    # 2. The quote with its whole context, anywhere (nearest the old position if repeated).
    if prefix or suffix:
        full = _occurrences(new_text, prefix + exact + suffix, limit=1000)
        if full:
            best = min(full, key=lambda p: abs(p + len(prefix) - start))
            return best + len(prefix), best + len(prefix) + n
    # 3. Every occurrence of the quote, by context agreement, ties to the nearest.
    starts = _occurrences(new_text, exact)
    if starts:
        scored = [(context_agreement(new_text, p, p + n, prefix, suffix), -abs(p - start), p) for p in starts]
        agreement, _, best = max(scored)
        if (agreement >= MIN_CONTEXT_AGREEMENT
                or (len(starts) == 1 and n >= DISTINCTIVE_QUOTE)
                or (best == start and agreement >= 0.25)):
            return best, best + n
    # 4. A fuzzy match: near the old position first, then anywhere.
    return _fuzzy(new_text, start, exact, prefix, suffix)


def _fuzzy(text: str, start: int, exact: str, prefix: str, suffix: str) -> tuple[int, int] | None:
    n = len(exact)
    margin = max(2000, 4 * n)
    windows = [(max(0, start - margin), min(len(text), start + n + margin))]
    if windows[0] != (0, len(text)):
        windows.append((0, len(text)))
    for lo, hi in windows:
        found = _fuzzy_in(text, lo, hi, exact)
        if found is None:
            continue
        s, e, score = found
        agreement = context_agreement(text, s, e, prefix, suffix)
        sure = score >= FUZZY_SURE_SCORE and n >= DISTINCTIVE_QUOTE
        if sure or agreement >= MIN_CONTEXT_AGREEMENT:
            return s, e
    return None


def _fuzzy_in(text: str, lo: int, hi: int, exact: str) -> tuple[int, int, float] | None:
    """The best approximate occurrence of ``exact`` in ``text[lo:hi]``: (start, end, ratio) or None."""
    from rapidfuzz import fuzz  # imported by the fuzzy step only, not at start-up

    window = text[lo:hi]
    if not window.strip():
        return None
    align = fuzz.partial_ratio_alignment(exact, window, score_cutoff=FUZZY_MIN_SCORE - 5)
    if align is None:
        return None
    s, e = lo + align.dest_start, lo + align.dest_end
    s, e, score = _refine(text, s, e, exact)
    if score < FUZZY_MIN_SCORE or s >= e:
        return None
    return s, e, score


def _refine(text: str, s: int, e: int, exact: str) -> tuple[int, int, float]:
    """Move the ends of an approximate match a few characters to best fit ``exact`` (edits change lengths)."""
    from rapidfuzz import fuzz

    slack = max(3, len(exact) // 8)

    def score(a: int, b: int) -> float:
        return fuzz.ratio(exact, text[a:b]) if a < b else 0.0

    best = score(s, e)
    for _ in range(2):
        moved = False
        for a in sorted(range(max(0, s - slack), min(e, s + slack + 1)), key=lambda x: abs(x - s)):
            val = score(a, e)
            if val > best:
                best, s, moved = val, a, True
        for b in sorted(range(max(s + 1, e - slack), min(len(text), e + slack) + 1), key=lambda x: abs(x - e)):
            val = score(s, b)
            if val > best:
                best, e, moved = val, b, True
        if not moved:
            break
    return s, e, best
