"""Code points <-> QTextDocument positions: the one place that does arithmetic on Qt offsets.

Gloss stores every offset as a code point into the canonical text. The reader's QTextDocument
holds that text as one block per ``\\n``-separated line (Qt's block separator takes one position,
like ``\\n``), after a header (title and metadata) that takes ``base`` positions. Qt counts UTF-16
code units, so each character outside the BMP (emoji, math letters, rare CJK) takes two positions.

``OffsetMap(text)`` indexes the non-BMP characters once (a C-speed regex scan) and converts in
O(log n) by bisection; ``to_qt``/``from_qt`` are conveniences that reuse a cached map.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Converts between code-point offsets in ``text`` and UTF-16 positions (plus a header ``base``)."""

    __slots__ = ("text", "length", "qt_length", "_astral_cp", "_astral_u16")

    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)
        # Code-point index of each non-BMP character, and where it starts in UTF-16 units.
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral_cp)]
        self.qt_length = self.length + len(self._astral_cp)
        """The text's length in UTF-16 code units."""

    def to_qt(self, cp: int, base: int = 0) -> int:
        """The Qt position of code point ``cp`` (clamped to the text): ``base`` + UTF-16 length of ``text[:cp]``."""
        cp = min(max(cp, 0), self.length)
        return base + cp + bisect_left(self._astral_cp, cp)

    def from_qt(self, pos: int, base: int = 0) -> int:
        """The code point at Qt position ``pos`` (clamped); inside a surrogate pair, the character's start."""
        u = min(max(pos - base, 0), self.qt_length)
        k = bisect_right(self._astral_u16, u - 2)  # non-BMP characters wholly before u
        if k < len(self._astral_u16) and self._astral_u16[k] == u - 1:
            return self._astral_cp[k]  # u falls between the two halves of a surrogate pair
        return u - k

    def span_to_qt(self, start: int, end: int, base: int = 0) -> tuple[int, int]:
        """A code-point span ``[start, end)`` as Qt positions."""
        return self.to_qt(start, base), self.to_qt(end, base)

    def span_from_qt(self, start: int, end: int, base: int = 0) -> tuple[int, int]:
        """A Qt selection as a code-point span (ordered, clamped)."""
        a, b = self.from_qt(start, base), self.from_qt(end, base)
        return (a, b) if a <= b else (b, a)


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
