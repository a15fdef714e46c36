"""PDF lines in reading order to paragraphs and headings: lines joined, hyphenation undone.

A paragraph ends at a wider gap than the text's leading, at a first-line indent, after a short
line ending a sentence, or where the type changes. Larger or bold short lines are headings.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .pdf_layout import FULL, Line

_HYPHENS = ("-", "\u00ad", "\ufffe", "\u2010")
_SENTENCE_END = tuple('.!?:;"”’)')
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st", "\ufffe": "-", "\x02": "-"})
_PUNCTUATION = ".,;:!?\"'()[]{}“”‘’«»—–*"
_LINK_TAIL = re.compile(r"(?:https?://|\b10\.\d{4,9}/)\S*$")
_TAIL = re.compile(r"([^\W\d_]+)$")
_HEAD = re.compile(r"([^\W\d_]+)")
_ACCENT = re.compile("([\u00b4\u00a8\u02c6\u02dc\u00b8\u02c7\u02d8\u02da\u02dd])([^\\W\\d_])")
_COMBINING = {"\u00b4": "\u0301", "\u00a8": "\u0308", "\u02c6": "\u0302",
              "\u02dc": "\u0303", "\u00b8": "\u0327", "\u02c7": "\u030c", "\u02d8": "\u0306", "\u02da": "\u030a",
              "\u02dd": "\u030b"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd]")


def clean_line(text: str) -> str:
    """A line's text with ligatures spelled out, hyphen marks made plain, controls dropped.

    A soft hyphen inside a line is dropped; one ending a line becomes a hyphen to be joined."""
    text = " ".join(_CONTROL.sub("", text.translate(_LIGATURES)).split())
    if _ACCENT.search(text):  # TeX's old fonts set an accent as its own character before the letter
        text = unicodedata.normalize("NFC", _ACCENT.sub(lambda m: m.group(2) + _COMBINING[m.group(1)], text))
    if "\u00ad" in text:
        text = text[:-1].replace("\u00ad", "") + ("-" if text[-1] == "\u00ad" else text[-1])
    return text


@dataclass
class Para:
    """Lines that became one block: its kind, level, text, page and where a new page began."""

    kind: str
    parts: list[str]
    page: int
    level: int = 0
    breaks: list[tuple[int, int]] = field(default_factory=list)  # (offset in text, page)
    size: float = 0.0
    bold: bool = False
    length: int = 0
    lines: int = 1

    @property
    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts[:] = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""


    def append(self, line: str, page: int, vocab: Vocabulary) -> None:
        """Add the next line: after a space, or straight on where a hyphenated word is rejoined."""
        last = self.parts[-1]
        if last.endswith(_HYPHENS):
            if vocab.join_word(last[:-1], line):
                self.parts[-1] = last[:-1]
                self.length -= 1
            elif last[-1] != "-":
                self.parts[-1] = last[:-1] + "-"
        elif not (last.endswith("/") and _LINK_TAIL.search(last[-80:])):  # a link or DOI broken after "/" runs on
            self.parts.append(" ")
            self.length += 1
        if page != (self.breaks[-1][1] if self.breaks else self.page):
            self.breaks.append((self.length, page))
        self.parts.append(line)
        self.length += len(line)
        self.lines += 1


class Vocabulary:
    """Words seen whole in the document, to decide whether a line-end hyphen is part of the word."""

    def __init__(self, lines: list[Line]) -> None:
        # Words as split at spaces, punctuation stripped (a set first: a book has few distinct
        # ones); a line-end hyphen's half-word keeps its hyphen, so it is never taken for a word.
        tokens = set(" ".join([ln.text for ln in lines]).lower().split())
        self.words = {t.strip(_PUNCTUATION) for t in tokens}

    def join_word(self, head: str, right: str) -> bool:
        """Whether a word split as ``head-`` / ``right`` at a line end is one word without the
        hyphen ("commit-" / "ments") rather than a compound ("self-" / "defence")."""
        m = _TAIL.search(head[-40:])
        n = _HEAD.match(right)
        if not m or not n or not right[0].islower():
            return False  # "Asia-" / "Pacific", "1990-" / "95"
        a, b = m.group(1).lower(), n.group(1).lower()
        return f"{a}-{b}" not in self.words or a + b in self.words


def _typical_leading(ordered: list[tuple[int, Line]], body: float) -> float:
    """The commonest distance between running-text lines (a median over a few thousand pairs)."""
    step = max(1, len(ordered) // 4000)
    pairs = ((ordered[i], ordered[i + 1]) for i in range(0, len(ordered) - 1, step))
    gaps = [b.base - a.base for (ca, a), (cb, b) in pairs
            if a.page == b.page and ca == cb and abs(a.size - body) < 0.6 and 0 < b.base - a.base < body * 3]
    return statistics.median(gaps) if gaps else body * 1.2


def _edges(ordered: list[tuple[int, Line]]) -> dict[tuple[int, int], tuple[float, float]]:
    """Each (page, column)'s left text edge (commonest start) and right edge (far end of most lines)."""
    starts: dict[tuple[int, int], Counter] = defaultdict(Counter)
    ends: dict[tuple[int, int], list[float]] = defaultdict(list)
    for col, ln in ordered:
        starts[(ln.page, col)][round(ln.x0)] += 1
        ends[(ln.page, col)].append(ln.x1)
    out = {}
    for key, counter in starts.items():
        right = sorted(ends[key])
        out[key] = (float(counter.most_common(1)[0][0]), right[int(len(right) * 0.8)] if right else 0.0)
    return out


def heading_styles(ordered: list[tuple[int, Line]], body: float) -> dict[tuple[float, bool], int]:
    """Heading levels by type: larger sizes first, bold at the body size last."""
    styles = {_style(ln, body) for _, ln in ordered if (ln.bold or ln.size >= body * 1.15) and is_heading_style(ln, body)}
    ranked = sorted(styles, key=lambda s: (-s[0], not s[1]))
    return {s: min(i + 1, 4) for i, s in enumerate(ranked)}


def _style(ln: Line, body: float) -> tuple[float, bool]:
    """A heading's type: its size, and its weight where the size alone does not set it apart
    (PDF weights are read for short lines only)."""
    return ln.size, ln.bold and ln.size < body * 1.15


def is_heading_style(ln: Line, body: float) -> bool:
    if len(ln.text) > 160:
        return False
    return ln.size >= body * 1.15 or (ln.bold and ln.size >= body * 0.95 and len(ln.text) < 100)


def paragraphs(ordered: list[tuple[int, Line]], body: float, vocab: Vocabulary) -> list[Para]:
    """Join ordered lines into paragraphs and headings."""
    leading = _typical_leading(ordered, body)
    edges = _edges(ordered)
    levels = heading_styles(ordered, body)
    out: list[Para] = []
    prev: tuple[int, Line] | None = None
    big = body * 1.15
    for col, ln in ordered:
        heading = (ln.size >= big or ln.bold) and is_heading_style(ln, body)
        if prev is None or _breaks(prev, (col, ln), heading, out[-1], body, leading, edges):
            kind = "heading" if heading else "paragraph"
            level = levels.get(_style(ln, body), 2) if heading else 0
            out.append(Para(kind, [ln.text], ln.page, level, size=ln.size, bold=ln.bold, length=len(ln.text)))
        else:
            out[-1].append(ln.text, ln.page, vocab)
        prev = (col, ln)
    for para in out:  # a "heading" that grew into a paragraph's length is running text
        if para.kind == "heading" and (para.lines > 3 or len(para.text) > 200):
            para.kind, para.level = "paragraph", 0
    return out


def _breaks(prev: tuple[int, Line], cur: tuple[int, Line], heading: bool, para: Para, body: float,
            leading: float, edges: dict) -> bool:
    (pcol, p), (ccol, c) = prev, cur
    if heading != (para.kind == "heading"):
        return True
    if abs(c.size - p.size) > 0.6 or (heading and _style(c, body) != _style(p, body)):
        return True
    if p.page == c.page:
        gap = c.base - p.base
        if abs(gap) <= 0.5:  # pieces of one line: apart only across a wide gap (two names in a byline)
            return c.x0 - p.x1 > 2 * c.size
        if pcol == ccol or FULL in (pcol, ccol):
            if not 0 < gap < leading * max(1.0, c.size / body) * 1.45:
                return True
    left, right = edges[(c.page, ccol)]
    pleft, pright = edges[(p.page, pcol)]
    indent = c.x0 - left
    if not heading and c.size * 0.6 < indent - (p.x0 - pleft) and indent < (right - left) * 0.25:
        return True  # a first-line indent (further in than the line before: an indented block is one)
    short = p.x1 < pright - max(2 * p.size, 12)
    if short and p.text.endswith(_SENTENCE_END):
        return True  # a short line that ends a sentence ends its paragraph
    if short and p.x0 > pleft + 2 * p.size and not heading:
        return True  # a centred line (a byline, a date) stands alone
    return False
