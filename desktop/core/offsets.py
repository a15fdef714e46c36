"""Code points <-> QTextDocument positions: the one place that does arithmetic on Qt offsets.

Gloss stores every offset as a code point into the canonical text. The reader's QTextDocument
holds that text as one block per ``\\n``-separated line (Qt's block separator takes one position,
like ``\\n``), after a header (title and metadata) that takes ``base`` positions. Qt counts UTF-16
code units, so each character outside the BMP (emoji, math letters, rare CJK) takes two positions.

Tables (``core.tables.grids``) are QTextTables: a table's frame and each of its cells begin with a
marker that takes one position, and the frame ends with one. A cell's marker stands where the text
has the ``\\n`` before the cell, the frame's end where it has the ``\\n`` after the last one, so a
table of full cells adds nothing; what the text does not have is an empty cell's marker (a cell
with no text has no block) and the empty block Qt keeps between two tables. ``table_gaps`` says
where those are: ``n`` positions just before code point ``cp``; a position in such a gap maps
forward to ``cp`` (a click in an empty cell is the start of the next cell's text).

``OffsetMap(text, gaps)`` indexes the non-BMP characters once (a C-speed regex scan) and converts
in O(log n) by bisection; ``to_qt``/``from_qt`` are conveniences that reuse a cached map, and
``article_map`` the map of an article with its tables.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .article import Article

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Converts between code-point offsets in ``text`` and UTF-16 positions (plus a header ``base``),
    with ``gaps``: (cp, n) where the document has ``n`` positions just before ``cp`` that the text has not."""

    __slots__ = ("text", "length", "qt_length", "_astral_cp", "_astral_u16", "_keys", "_starts", "_before",
                 "_astral")

    def __init__(self, text: str, gaps: list[tuple[int, int]] | tuple = ()) -> None:
        self.text = text
        self.length = len(text)
        # Code-point index of each non-BMP character, and where it starts in UTF-16 units.
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral_cp)]
        self._keys: list[int] | None = None
        gaps = [(cp, n) for cp, n in gaps if 0 < n and 0 <= cp <= self.length]
        self.qt_length = self.length + len(self._astral_cp) + sum(n for _, n in gaps)
        """The text's length in document positions (UTF-16 code units and the gaps)."""
        if gaps:
            self._index_gaps(gaps)

    def _index_gaps(self, gaps: list[tuple[int, int]]) -> None:
        """With gaps, one sorted list of "keys": from code point ``key`` on, ``n`` more positions. A
        non-BMP character at ``cp`` is a key ``cp + 1`` of one (its second half), a gap at ``cp`` a key
        ``cp`` of ``n``; ``_starts`` is each key's position, ``_before`` the positions added before it."""
        merged: dict[int, list[int]] = {}
        for cp in self._astral_cp:
            merged.setdefault(cp + 1, [0, 0])[0] += 1
        for cp, n in gaps:
            merged.setdefault(cp, [0, 0])[1] += n
        self._keys = sorted(merged)
        self._astral = [merged[k][0] for k in self._keys]
        self._before, self._starts = [], []
        total = 0
        for k in self._keys:
            self._before.append(total)
            total += sum(merged[k])
            self._starts.append(k + total)

    def to_qt(self, cp: int, base: int = 0) -> int:
        """The Qt position of code point ``cp`` (clamped to the text): ``base`` + UTF-16 length of
        ``text[:cp]`` + the gaps at or before ``cp``."""
        cp = min(max(cp, 0), self.length)
        if self._keys is None:
            return base + cp + bisect_left(self._astral_cp, cp)
        k = bisect_right(self._keys, cp)
        return base + (self._starts[k - 1] + cp - self._keys[k - 1] if k else cp)

    def from_qt(self, pos: int, base: int = 0) -> int:
        """The code point at Qt position ``pos`` (clamped); inside a surrogate pair, the character's
        start; in a gap, the code point after it."""
        u = min(max(pos - base, 0), self.qt_length)
        if self._keys is None:
            k = bisect_right(self._astral_u16, u - 2)  # non-BMP characters wholly before u
            if k < len(self._astral_u16) and self._astral_u16[k] == u - 1:
                return self._astral_cp[k]  # u falls between the two halves of a surrogate pair
            return u - k
        k = bisect_right(self._starts, u)  # keys whose position is at or before u
        if k < len(self._keys):
            into = u - (self._keys[k] + self._before[k])  # how far into key k's added positions
            if into >= 0:
                return self._keys[k] - 1 if into < self._astral[k] else self._keys[k]
        return u - (self._starts[k - 1] - self._keys[k - 1]) if k else u

    def span_to_qt(self, start: int, end: int, base: int = 0) -> tuple[int, int]:
        """A code-point span ``[start, end)`` as Qt positions."""
        return self.to_qt(start, base), self.to_qt(end, base)

    def span_from_qt(self, start: int, end: int, base: int = 0) -> tuple[int, int]:
        """A Qt selection as a code-point span (ordered, clamped)."""
        a, b = self.from_qt(start, base), self.from_qt(end, base)
        return (a, b) if a <= b else (b, a)


def table_gaps(article: Article) -> list[tuple[int, int]]:
    """Where the reader's tables put document positions the article's text has not: (cp, n), in order."""
    from .tables import grids

    blocks = article.blocks
    gaps: dict[int, int] = {}

    def add(index: int, n: int) -> None:  # n positions before block ``index``'s text
        if n and index < len(blocks):
            gaps[blocks[index].start] = gaps.get(blocks[index].start, 0) + n

    previous_last = None
    for grid in grids(article):
        if previous_last is not None and grid.first == previous_last + 1:
            add(grid.first, 1)  # the empty block Qt keeps between two tables
        empty = 0
        for block in grid.slots():
            if block is None:
                empty += 1  # an empty cell's marker
            else:
                add(block, empty)
                empty = 0
        add(grid.last + 1, empty)  # empty cells at the end: before the text after the table
        previous_last = grid.last
    return sorted(gaps.items())


@lru_cache(maxsize=8)
def offset_map(text: str) -> OffsetMap:
    """A cached OffsetMap for ``text`` (the reader converts against the same text many times)."""
    return OffsetMap(text)


def to_qt(text: str, cp: int, base: int = 0) -> int:
    """``base`` + the UTF-16 length of ``text[:cp]``, with ``cp`` clamped to ``[0, len(text)]``."""
    return offset_map(text).to_qt(cp, base)


def from_qt(text: str, pos: int, base: int = 0) -> int:
    """The inverse of ``to_qt``: a code point, clamped; a position inside a surrogate pair snaps back."""
    return offset_map(text).from_qt(pos, base)


def article_map(article: Article) -> OffsetMap:
    """The OffsetMap of an article as the reader typesets it (its tables' gaps included)."""
    if not article.has_tables:
        return offset_map(article.text)
    return OffsetMap(article.text, table_gaps(article))
