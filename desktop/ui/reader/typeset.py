"""Typesetting an Article into a QTextDocument: title, metadata line, headings, paragraphs, lists.

The body's blocks follow the article's blocks one for one, after ``HEADER_BLOCKS`` header blocks,
so a body offset maps to a document position by ``desktop.core.offsets`` alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QSizeF
from PySide6.QtGui import (QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor,
                           QTextDocument, QTextListFormat)

from ...core.article import Article
from ..shell.theme import SANS, Theme

HEADER_BLOCKS = 2  # the title and the metadata line


def meta_line(article: Article) -> str:
    """Source · author · editor · date, as the reader shows it under the title."""
    nb = "\u00a0"  # a line may break between the parts, never inside a date or after "By"
    parts = [article.source, f"By{nb}{article.author}" if article.author else "",
             f"Editor{nb}{article.editor}" if article.editor else "", (article.published or "").replace(" ", nb)]
    return f"{nb}{nb}·  ".join(p for p in parts if p)


class Typesetter:
    """Formats for one font size and theme; ``build`` fills a document from an article."""

    def __init__(self, font: QFont, theme: Theme, line_spacing: float = 1.55) -> None:
        self.font = font
        self.theme = theme
        self.size = font.pointSizeF()
        self.line_height = line_spacing * 100
        self._cache: dict[tuple, tuple[QTextBlockFormat, QTextCharFormat]] = {}

    def _block(self, *, top: float = 0, bottom: float = 0, left: float = 0, line: float | None = None) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setTopMargin(top)
        fmt.setBottomMargin(bottom)
        fmt.setLeftMargin(left)
        fmt.setLineHeight(line or self.line_height, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        return fmt

    def _chars(self, *, scale: float = 1.0, weight: QFont.Weight | None = None, colour: str | None = None,
               families: list[str] | None = None, italic: bool = False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        font = QFont(self.font)
        if families:
            font.setFamilies(families)
        font.setPointSizeF(self.size * scale)
        if weight is not None:
            font.setWeight(weight)
        font.setItalic(italic)
        fmt.setFont(font)
        fmt.setForeground(QColor(colour or self.theme.ink))
        return fmt

    def build(self, doc: QTextDocument, article: Article) -> None:
        """Replace ``doc``'s content with the typeset article (all of ``steps`` at once)."""
        for _ in self.steps(doc, article):
            pass

    def steps(self, doc: QTextDocument, article: Article, every: int = 8) -> Iterator[None]:
        """Replace ``doc``'s content with the typeset article, yielding after every ``every`` blocks
        (a book-length article is typeset a few milliseconds per event-loop turn).

        Nothing is laid out while the text goes in: the page size is null meanwhile (Qt skips layout
        then), and restoring it at the end starts one lazy layout from the top. A caller that passes
        a document with a null page size gets it back unlaid-out (``ReaderView`` does, and lays it
        out in small steps itself).
        """
        em = self.size * 1.333  # points to pixels at 96 dpi, near enough for spacing
        page = doc.pageSize()
        doc.setPageSize(QSizeF(0, 0))  # a null page: Qt skips layout on every change below
        doc.setUndoRedoEnabled(False)
        doc.clear()
        doc.setDefaultFont(self.font)
        doc.setDocumentMargin(em * 1.5)
        cur = QTextCursor(doc)
        cur.beginEditBlock()
        cur.setBlockFormat(self._block(bottom=em * 0.5, line=120))
        cur.insertText(article.title, self._chars(scale=1.7, weight=QFont.Weight.DemiBold))
        cur.insertBlock(self._block(bottom=em * 2.2, line=130),
                        self._chars(scale=0.8, colour=self.theme.muted, families=SANS))
        cur.insertText(meta_line(article) or " ")
        spans = sorted(article.spans, key=lambda s: s.start)
        span_i = 0
        current_list = None
        list_key = None
        for number, block in enumerate(article.blocks, 1):
            if number % every == 0:
                yield
            kind = block.kind
            if kind == "code" and (number == len(article.blocks) or article.blocks[number].kind != "code"):
                kind = "code end"  # the last line of a code block: the paragraph's space after it
            fmt, chars = self._formats(kind, block.level, em)
            cur.insertBlock(fmt, chars)
            if block.kind == "item":
                key = (block.level, block.marker[:-1].isdigit() if block.marker else False)
                if current_list is None or key != list_key:
                    lf = QTextListFormat()
                    lf.setStyle(QTextListFormat.Style.ListDecimal if key[1] else QTextListFormat.Style.ListDisc)
                    lf.setIndent(block.level)
                    if key[1] and block.marker:
                        lf.setStart(int(block.marker[:-1]))
                    current_list = cur.createList(lf)
                    list_key = key
                else:
                    current_list.add(cur.block())
            else:
                current_list = list_key = None
            # Inline spans: insert the block's text in segments, each with its own format.
            pos = block.start
            while span_i < len(spans) and spans[span_i].end <= block.start:
                span_i += 1
            j = span_i
            while j < len(spans) and spans[j].start < block.end:
                s = spans[j]
                if s.start > pos:
                    cur.insertText(article.text[pos : s.start], chars)
                if s.end > max(pos, s.start):
                    cur.insertText(article.text[max(pos, s.start) : s.end], self._span_format(chars, s.kind, s.href))
                pos = max(pos, s.end)
                j += 1
            if pos < block.end:
                cur.insertText(article.text[pos : block.end], chars)
        cur.endEditBlock()
        if not page.isNull():
            doc.setPageSize(page)  # starts a (lazy) layout of the whole document from the top

    def _formats(self, kind: str, level: int, em: float) -> tuple[QTextBlockFormat, QTextCharFormat]:
        """The block and character formats of a kind of block (made once per kind and level)."""
        key = (kind, level)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._make_formats(kind, level, em)
        return cached

    def _make_formats(self, kind: str, level: int, em: float) -> tuple[QTextBlockFormat, QTextCharFormat]:
        if kind == "heading":
            scale = {1: 1.45, 2: 1.25, 3: 1.12}.get(level, 1.05)
            return (self._block(top=em * 1.3, bottom=em * 0.55, line=125),
                    self._chars(scale=scale, weight=QFont.Weight.DemiBold))
        if kind == "quote":
            return (self._block(bottom=em * 0.8, left=em * 1.6 * max(1, level)),
                    self._chars(colour=self.theme.muted, italic=True))
        if kind == "item":
            return self._block(bottom=em * 0.35), self._chars()
        if kind == "footnote":  # a PDF's notes, after the body: smaller and quieter
            return self._block(bottom=em * 0.45), self._chars(scale=0.85, colour=self.theme.muted)
        if kind == "cell":  # a table's cell, one a line, indented; header cells bold (level 1)
            return (self._block(bottom=em * 0.2, left=em),
                    self._chars(scale=0.92, weight=QFont.Weight.DemiBold if level == 1 else None))
        if kind in ("code", "code end"):
            fmt = self._block(left=em, line=115, bottom=em * 0.85 if kind == "code end" else 0.0)
            fmt.setBackground(QColor(self.theme.chrome))
            return fmt, self._chars(scale=0.88, families=["DejaVu Sans Mono", "monospace"])
        return self._block(bottom=em * 0.85), self._chars()

    def _span_format(self, base: QTextCharFormat, kind: str, href: str) -> QTextCharFormat:
        fmt = QTextCharFormat(base)
        if kind == "em":
            fmt.setFontItalic(True)
        elif kind == "strong":
            fmt.setFontWeight(QFont.Weight.Bold)
        elif kind == "code":
            fmt.setFontFamilies(["DejaVu Sans Mono", "monospace"])
        elif kind == "link":
            fmt.setAnchor(True)
            fmt.setAnchorHref(href)
            fmt.setForeground(QColor(self.theme.accent))
            fmt.setFontUnderline(True)
            fmt.setToolTip(href)
        return fmt


def body_start(doc: QTextDocument) -> int:
    """The document position where the article body begins."""
    block = doc.findBlockByNumber(HEADER_BLOCKS)
    return block.position() if block.isValid() else doc.characterCount() - 1
