"""The article model: canonical text, its blocks (paragraphs, headings, ...) and inline spans.

The body text is the blocks' texts joined by single ``\\n``; every offset in Gloss is a code point
into it. A block never contains ``\\n`` itself, so one block is one QTextBlock in the reader.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .text import content_hash

BLOCK_KINDS = ("paragraph", "heading", "quote", "item", "code")
SPAN_KINDS = ("em", "strong", "code", "link")
META_FIELDS = ("source", "author", "editor", "published", "url")


@dataclass
class Block:
    """One displayed paragraph-level unit; ``start``/``end`` are code points into the text."""

    kind: str
    start: int
    end: int
    level: int = 0  # heading level (1-6), list depth or quote depth
    marker: str = ""  # list marker: "•" or "3."


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
        return [dict(b.__dict__) for b in self.blocks]  # (flat: asdict's deep copy took 0.1 s on 1 MB)

    def spans_json(self) -> list[dict]:
        return [dict(s.__dict__) for s in self.spans]


_SPACE = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SAFE_HREF = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)


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

    def add(self, kind: str, text: str, *, level: int = 0, marker: str = "",
            spans: list[tuple[int, int, str, str]] | None = None) -> Block | None:
        """Append a block; ``spans`` are (start, end, kind, href) relative to ``text``.

        ``text`` must already be cleaned (no ``\\n``); empty blocks are skipped.
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
        block = Block(kind, start, self._length, level, marker)
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
        return Article(title=clean_inline(title), text=self.text, blocks=self.blocks, spans=self.spans,
                       meta=extra, format=fmt, **fields)
