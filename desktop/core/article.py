"""The article model: canonical text, its blocks (paragraphs, headings, ...) and inline spans.

The body text is the blocks' texts joined by single ``\\n``; every offset in Gloss is a code point
into it. A block never contains ``\\n`` itself, so one block is one QTextBlock in the reader.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from .text import content_hash

BLOCK_KINDS = ("paragraph", "heading", "quote", "item", "code", "cell", "footnote")
SPAN_KINDS = ("em", "strong", "code", "link")
META_FIELDS = ("source", "author", "editor", "published", "url")
MAX_TITLE_CHARS = 1000
MAX_META_CHARS = 2000  # any one metadata value (source, author, a front matter field...)
MAX_META_FIELDS = 64
MAX_META_KEY_CHARS = 100


@dataclass
class Block:
    """One displayed paragraph-level unit; ``start``/``end`` are code points into the text."""

    kind: str
    start: int
    end: int
    level: int = 0  # heading level (1-6), list depth or quote depth; 1 for a table's header cell
    marker: str = ""  # list marker: "•" or "3."
    page: int | None = None  # the page it starts on (PDFs), 1-based
    page_breaks: list[list[int]] | None = None  # [offset, page] where a later page begins inside it
    table: int | None = None  # a table cell's table (0, 1, ... in the article) ...
    row: int | None = None  # ... its row ...
    col: int | None = None  # ... and its column, 0-based
    span: list[int] | None = None  # a cell spanning more than one: [rows, columns]

    def json(self) -> dict:
        """As stored: the optional fields only when set, so older libraries' rows look the same."""
        out = {"kind": self.kind, "start": self.start, "end": self.end, "level": self.level, "marker": self.marker}
        for key in _OPTIONAL:
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    @classmethod
    def from_json(cls, data: dict) -> Block:
        return cls(**{k: v for k, v in data.items() if k in _FIELDS})


_OPTIONAL = ("page", "page_breaks", "table", "row", "col", "span")
_FIELDS = frozenset(("kind", "start", "end", "level", "marker") + _OPTIONAL)


@dataclass
class Span:
    """Inline formatting over ``text[start:end]``; links keep a (sanitised) ``href``."""

    start: int
    end: int
    kind: str
    href: str = ""


@dataclass
class Article:
    """An imported article: title, metadata and the canonical body text with its structure."""

    title: str
    text: str
    blocks: list[Block]
    spans: list[Span] = field(default_factory=list)
    source: str = ""
    author: str = ""
    editor: str = ""
    published: str = ""
    url: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    format: str = "text"
    id: int | None = None  # set once stored in a library
    note: str = ""  # the reader's article-level note

    @property
    def headings(self) -> list[str]:
        return [self.text[b.start : b.end] for b in self.blocks if b.kind == "heading"]

    @property
    def content_hash(self) -> str:
        """The hash of ``text``, worked out once per text (a 1 MB text takes a few ms)."""
        known = self.__dict__.get("_hash")
        if known is None or known[0] is not self.text:
            known = (self.text, content_hash(self.text))
            self.__dict__["_hash"] = known
        return known[1]

    def knowing_hash(self, value: str) -> Article:
        """This article, its text's hash given (as stored with it), not worked out again."""
        self.__dict__["_hash"] = (self.text, value)
        return self

    def paragraphs(self) -> list[str]:
        return [self.text[b.start : b.end] for b in self.blocks]

    def blocks_json(self) -> list[dict]:
        return [b.json() for b in self.blocks]

    def _index(self) -> tuple:
        """(blocks, count, their starts, any page?, any table cell?), worked out once per block list."""
        cached = self.__dict__.get("_block_index")
        if cached is None or cached[0] is not self.blocks or cached[1] != len(self.blocks):
            cached = (self.blocks, len(self.blocks), [b.start for b in self.blocks],
                      any(b.page is not None for b in self.blocks), any(b.kind == "cell" for b in self.blocks))
            self.__dict__["_block_index"] = cached
        return cached

    def block_at(self, offset: int) -> int:
        """The index of the block holding ``offset`` (or the last one starting before it)."""
        return max(0, bisect_right(self._index()[2], offset) - 1)

    @property
    def has_pages(self) -> bool:
        return self._index()[3]

    @property
    def has_tables(self) -> bool:
        return self._index()[4]

    @property
    def page_count(self) -> int:
        """The last page any block is on (0 for an article without pages)."""
        last = 0
        for b in self.blocks:
            if b.page is not None:
                last = max(last, b.page, *(p for _, p in b.page_breaks or ()))
        return last

    def page_at(self, offset: int) -> int | None:
        """The page that the text at ``offset`` (a code point) was on, or None without pages."""
        if not self.blocks or not self.has_pages:
            return None
        i = self.block_at(offset)
        while i >= 0 and self.blocks[i].page is None:
            i -= 1  # a block without a page (a heading added on import) takes the page before it
        if i < 0:
            return None
        block = self.blocks[i]
        page = block.page
        for at, later in block.page_breaks or ():
            if at > offset:
                break
            page = later
        return page

    def pages_of(self, start: int, end: int) -> tuple[int, int] | None:
        """The first and last page of ``text[start:end]``, or None without pages."""
        first = self.page_at(start)
        if first is None:
            return None
        last = self.page_at(max(start, end - 1))
        return first, max(first, last or first)

    def page_label(self, start: int, end: int) -> str:
        """"p. 12" or "pp. 12–13" for ``text[start:end]``; empty for an article without pages."""
        pages = self.pages_of(start, end)
        if pages is None:
            return ""
        return f"p. {pages[0]}" if pages[0] == pages[1] else f"pp. {pages[0]}\u2013{pages[1]}"

    def spans_json(self) -> list[dict]:
        return [dict(s.__dict__) for s in self.spans]


_SPACE = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SAFE_HREF = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis marking a cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def clip_meta(title: str, fields: dict[str, str], extra: dict[str, str]) -> tuple[str, dict, dict]:
    """Title, metadata fields and other metadata cut to their caps (``MAX_*`` above): metadata
    from a file is for showing, and no file gets to store megabytes of it."""
    fields = {k: clip(v, MAX_META_CHARS) for k, v in fields.items()}
    extra = {clip(str(k), MAX_META_KEY_CHARS): clip(str(v), MAX_META_CHARS)
             for k, v in list(extra.items())[:MAX_META_FIELDS]}
    return clip(title, MAX_TITLE_CHARS), fields, extra


def clean_inline(text: str) -> str:
    """Collapse runs of spaces (and line breaks) to one space and trim: a block's display text."""
    return _SPACE.sub(" ", text.replace("\n", " ")).strip()


def safe_href(href: str) -> str:
    """Keep only web, mail and in-page links; ``file:``, ``javascript:`` and the like become empty."""
    href = href.strip()
    return href if _SAFE_HREF.match(href) else ""


class ArticleBuilder:
    """Builds an Article block by block, keeping offsets exact."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self.spans: list[Span] = []
        self.tables = 0  # tables begun so far: the next one's number

    def new_table(self) -> int:
        """The number of a table about to be added (cells then pass ``cell=(number, row, col)``)."""
        self.tables += 1
        return self.tables - 1

    def add(self, kind: str, text: str, *, level: int = 0, marker: str = "",
            spans: list[tuple[int, int, str, str]] | None = None, page: int | None = None,
            page_breaks: list[tuple[int, int]] | None = None,
            cell: tuple[int, int, int] | None = None, span: tuple[int, int] | None = None) -> Block | None:
        """Append a block; ``spans`` are (start, end, kind, href) relative to ``text``.

        ``text`` must already be cleaned (no ``\\n``); empty blocks are skipped. ``page_breaks``
        are (offset relative to ``text``, page) where a later page begins; ``cell`` is a table cell's (table, row, column)
        and ``span`` its (rows, columns) when it covers more than one.
        """
        text = unicodedata.normalize("NFC", text)
        if not text.strip():
            return None
        assert "\n" not in text, "a block never holds a line break"
        if self._parts:
            self._parts.append("\n")
            self._length += 1
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        block = Block(kind, start, self._length, level, marker, page=page)
        if page_breaks:
            block.page_breaks = [[start + min(max(0, at), len(text)), page] for at, page in page_breaks]
        if cell is not None:
            block.table, block.row, block.col = cell
            if span is not None and tuple(span) != (1, 1):
                block.span = [span[0], span[1]]
        self.blocks.append(block)
        for s, e, k, href in spans or ():
            s, e = max(0, s), min(len(text), e)
            if s < e:
                self.spans.append(Span(start + s, start + e, k, href))
        return block

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def build(self, title: str, **meta: str) -> Article:
        fields = {k: (meta.pop(k) or "").strip() for k in META_FIELDS if k in meta}
        fmt = meta.pop("format", "text")
        extra = {k: str(v).strip() for k, v in meta.items() if v not in (None, "")}
        title, fields, extra = clip_meta(clean_inline(title), fields, extra)
        return Article(title=title, text=self.text, blocks=self.blocks, spans=self.spans,
                       meta=extra, format=fmt, **fields)
