"""Reading order for a PDF's text lines: furniture removed, columns ordered, footnotes set apart.

Plain functions over ``Line`` records (what ``pdf.py`` reads with PDFium), so each rule has a test
that needs no PDF. Coordinates are points from the page's top-left (y grows down the page).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple


class Line(NamedTuple):
    """One visual line of text on a page."""

    page: int  # 1-based
    x0: float
    x1: float
    base: float  # baseline, from the page's top
    size: float  # font size of its first character, points, to the half point
    bold: bool
    text: str


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)


FULL, LEFT, RIGHT = 0, 1, 2
BAND = 0.09  # top and bottom share of a page where running headers and footers live
_DIGITS = re.compile(r"\d+")
_PAGE_NO = re.compile(r"^\W*(?:page\s*)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?\W*$", re.IGNORECASE)
_NOTE_MARK = re.compile(r"^\s*(?:\d{1,3}|[*†‡§¶]+|[\u00b9\u00b2\u00b3\u2070-\u2079]+)(?=[\s.)]|[A-Z\u00c0-\u024f]|$)")


def body_size(pages: list[Page]) -> float:
    """The commonest font size, weighted by text length: the size of the running text."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _furniture_key(line: Line) -> tuple[str, int]:
    """A running head or foot repeats its text (page numbers aside) at the same height."""
    return " ".join(_DIGITS.sub("#", line.text.lower()).split()), round(line.base / 6)


def drop_furniture(pages: list[Page], body: float | None = None) -> int:
    """Remove running headers, footers and page numbers in place; returns how many lines went.

    A line in a page's top or bottom band goes when it is a bare page number ("12", "iv",
    "Page 3 of 9") or when the same text, digits aside, stands at the same height on several pages (but
    not a footnote: smaller type with a note mark, low on the page).
    """
    def in_band(page: Page, line: Line) -> bool:
        return line.base < page.height * BAND + line.size or line.base > page.height * (1 - BAND)

    body = body or body_size(pages)

    def note_like(page: Page, line: Line) -> bool:  # a footnote at a page's foot is no footer
        return line.base > page.height / 2 and line.size < body * 0.9 and bool(_NOTE_MARK.match(line.text))

    counts: Counter[tuple[str, int]] = Counter()
    for page in pages:
        counts.update({_furniture_key(ln) for ln in page.lines if in_band(page, ln)})
    repeated = 3 if len(pages) >= 5 else 2
    dropped = 0
    for page in pages:
        keep = []
        for ln in page.lines:
            if in_band(page, ln) and (_PAGE_NO.match(ln.text) or (
                    len(pages) > 1 and counts[_furniture_key(ln)] >= repeated and not note_like(page, ln))):
                dropped += 1
            else:
                keep.append(ln)
        page.lines = keep
    return dropped


def column_of(page: Page, line: Line) -> int:
    mid, tol = page.width / 2, page.width * 0.012
    if line.x1 <= mid + tol:
        return LEFT
    if line.x0 >= mid - tol:
        return RIGHT
    return FULL


def split_footnotes(page: Page, body: float) -> list[list[Line]]:
    """Take the footnotes off the bottom of the page (or of each column); returns them as notes.

    Footnotes are the smaller-type lines below the last running-text line of a column, in the
    lower half of the page, starting with a note mark (1, *, †, ¹ ...).
    """
    groups: dict[int, list[Line]] = defaultdict(list)
    for ln in page.lines:
        groups[column_of(page, ln)].append(ln)
    taken: set[int] = set()
    notes: list[list[Line]] = []
    for col in (FULL, LEFT, RIGHT):
        lines = sorted(groups.get(col, ()), key=lambda ln: ln.base)
        block: list[Line] = []
        for ln in reversed(lines):
            if ln.size > body * 0.9 or ln.base < page.height * 0.5:
                break
            block.append(ln)
        block.reverse()
        if not block or not _NOTE_MARK.match(block[0].text):
            continue
        for ln in block:
            if _NOTE_MARK.match(ln.text) or not notes:
                notes.append([ln])
            else:
                notes[-1].append(ln)
            taken.add(id(ln))
    if taken:
        page.lines = [ln for ln in page.lines if id(ln) not in taken]
    return notes


def reading_order(page: Page) -> list[tuple[int, Line]]:
    """The page's lines in reading order, each with its column (FULL, LEFT or RIGHT).

    On a two-column page, lines spanning the gutter cut the page into bands; within a band the
    left column is read before the right. Other pages are read top to bottom.
    """
    lines = sorted(page.lines, key=lambda ln: (round(ln.base, 1), ln.x0))
    cols = [column_of(page, ln) for ln in lines]
    if cols.count(RIGHT) < 3 or cols.count(LEFT) < 3:
        return [(FULL, ln) for ln in lines]
    out: list[tuple[int, Line]] = []
    left: list[Line] = []
    right: list[Line] = []
    for col, ln in zip(cols, lines):
        if col == FULL:
            out += [(LEFT, x) for x in left] + [(RIGHT, x) for x in right]
            left, right = [], []
            out.append((FULL, ln))
        else:
            (left if col == LEFT else right).append(ln)
    out += [(LEFT, x) for x in left] + [(RIGHT, x) for x in right]
    return out
