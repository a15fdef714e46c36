"""Typesetting an Article into a QTextDocument: title, metadata line, headings, paragraphs, lists, tables.

The body's blocks follow the article's blocks one for one, after ``HEADER_BLOCKS`` header blocks;
a table's cells are the cells of a QTextTable (``core.tables.grids``), whose markers stand where the
text has ``\\n`` (``core.offsets.table_gaps`` counts the few that do not), so a body offset maps to
a document position by ``desktop.core.offsets`` alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6 import QtCore
from PySide6.QtCore import QSizeF
from PySide6.QtGui import (QBrush, QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument,
                           QTextFrameFormat, QTextLength, QTextListFormat, QTextTableCellFormat,
                           QTextTableFormat)

from ...core.article import Article
from ...core.tables import Grid, grids
from ..shell.theme import SANS, Theme
from .brushes import solid

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
        fmt.setForeground(solid(colour or self.theme.ink))
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
        self._spans, self._span_i = spans, 0
        tables = {g.first: g for g in grids(article)}
        current_list = None
        list_key = None
        after_table = False  # the cursor is in the empty block Qt keeps after a table: the next block's
        blocks = article.blocks
        number = 0
        while number < len(blocks):
            block = blocks[number]
            number += 1
            if number % every == 0:
                yield
            grid = tables.get(number - 1)
            if grid is not None:
                cur = self._table(cur, article, grid, em, after_table)
                number = grid.last + 1
                after_table = True
                current_list = list_key = None
                yield
                continue
            kind = "loose cell" if block.kind == "cell" else block.kind
            if kind == "code" and (number == len(blocks) or blocks[number].kind != "code"):
                kind = "code end"  # the last line of a code block: the paragraph's space after it
            fmt, chars = self._formats(kind, block.level, em)
            if after_table:
                cur.setBlockFormat(fmt)
                cur.setBlockCharFormat(chars)
                after_table = False
            else:
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
            self._insert_text(cur, article, block, chars)
        cur.endEditBlock()
        if not page.isNull():
            doc.setPageSize(page)  # starts a (lazy) layout of the whole document from the top

    def _insert_text(self, cur: QTextCursor, article: Article, block, chars: QTextCharFormat) -> None:
        """A block's text at the cursor, in segments, each inline span with its own format."""
        spans = self._spans
        pos = block.start
        while self._span_i < len(spans) and spans[self._span_i].end <= block.start:
            self._span_i += 1
        j = self._span_i
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

    def _table(self, cur: QTextCursor, article: Article, grid: Grid, em: float, after_table: bool) -> QTextCursor:
        """A QTextTable of ``grid``'s cells at the cursor (the end of the block before, or the empty
        block after a table); returns a cursor in the empty block Qt keeps after it.

        Its positions are the ones ``core.offsets.table_gaps`` counts: the frame's marker stands for
        the ``\\n`` before the first cell, each cell's for the ``\\n`` before it, the frame's end for the
        one after the last; spans are merged while the cells are empty (a merged cell keeps one marker).
        """
        blocks = article.blocks
        heads = {(p.row, p.col) for p in grid.cells if blocks[p.block].level == 1}
        header_rows = 0  # leading rows of header cells only (in a long table's first part)
        while grid.part == 0 and any(p.row == header_rows for p in grid.cells) and all(
                (p.row, p.col) in heads for p in grid.cells if p.row == header_rows):
            header_rows += 1
        tf = QTextTableFormat()
        tf.setBorderCollapse(True)
        tf.setBorder(0)
        tf.setCellSpacing(0)
        tf.setCellPadding(0)
        tf.setMargin(0)
        tf.setTopMargin(em * 0.55 if grid.part == 0 else 0)  # a long table's parts: one under the other
        tf.setBottomMargin(em * 1.1 if grid.part == grid.parts - 1 else 0)
        tf.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft)
        tf.setHeaderRowCount(header_rows if grid.part == 0 else 0)
        if grid.widths:  # the same columns in every part
            tf.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
            tf.setColumnWidthConstraints([QTextLength(QTextLength.Type.PercentageLength, w) for w in grid.widths])
        if after_table:  # the cursor is in the empty block Qt keeps after the table before
            cur.setBlockFormat(self._between_tables())
        table = cur.insertTable(grid.rows, grid.cols, tf)
        for p in grid.cells:
            if p.rows > 1 or p.cols > 1:
                table.mergeCells(p.row, p.col, p.rows, p.cols)
        for r in range(grid.rows):
            for c in range(grid.cols):
                cell = table.cellAt(r, c)
                if cell.row() != r or cell.column() != c:
                    continue  # covered by a span
                head = r < header_rows  # (a header cell elsewhere, a row's name, is only set in bold)
                last_row = grid.part == grid.parts - 1 and r + cell.rowSpan() >= grid.rows
                cell.setFormat(self._cell_format(head, last_row=last_row, em=em))
        for p in grid.cells:
            block = blocks[p.block]
            fmt, chars = self._formats("cell", block.level, em)
            c = table.cellAt(p.row, p.col).firstCursorPosition()
            c.setBlockFormat(fmt)  # (not its block char format: a cell's first one is the cell's format)
            self._insert_text(c, article, block, chars)
        after = QTextCursor(cur.document())
        after.setPosition(table.lastPosition() + 1)
        return after

    def _between_tables(self) -> QTextBlockFormat:
        """The empty block Qt keeps between two tables (or two parts of a long one): next to no height."""
        fmt = QTextBlockFormat()
        fmt.setLineHeight(1, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        return fmt

    def _cell_format(self, head: bool, last_row: bool, em: float) -> QTextTableCellFormat:
        """A cell's padding and rules: a rule under every row, a stronger one under the header, no
        vertical rules (the padding keeps the columns apart); header cells on the chrome colour."""
        key = ("cell format", head, last_row)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        theme = self.theme
        fmt = QTextTableCellFormat()
        fmt.setTopPadding(em * 0.3)
        fmt.setBottomPadding(em * 0.3)
        fmt.setLeftPadding(em * 0.45)
        fmt.setRightPadding(em * 0.45)
        none = QBrush()
        for side in ("Left", "Right", "Top"):
            getattr(fmt, f"set{side}Border")(0)
            getattr(fmt, f"set{side}BorderBrush")(none)
        fmt.setBottomBorder(1.5 if head or last_row else 1.0)
        fmt.setBottomBorderBrush(QBrush(QColor(theme.muted if head or last_row else theme.rule)))
        fmt.setBottomBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        if head:
            fmt.setBackground(QColor(theme.chrome))
        self._cache[key] = fmt
        return fmt

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
        if kind == "cell":  # a table's cell (header cells, level 1, in the sans, a little bolder)
            return (self._block(line=130),
                    self._chars(scale=0.9 if level == 1 else 0.92, weight=QFont.Weight.DemiBold if level == 1 else None,
                                families=SANS if level == 1 else None))
        if kind == "loose cell":  # a cell of a table that cannot be a grid: one a line, indented
            return (self._block(bottom=em * 0.2, left=em),
                    self._chars(scale=0.92, weight=QFont.Weight.DemiBold if level == 1 else None))
        if kind in ("code", "code end"):
            fmt = self._block(left=em, line=115, bottom=em * 0.85 if kind == "code end" else 0.0)
            fmt.setBackground(solid(self.theme.chrome))
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
            fmt.setForeground(solid(self.theme.accent))
            fmt.setFontUnderline(True)
            fmt.setToolTip(href)
        return fmt


def body_start(doc: QTextDocument) -> int:
    """The document position where the article body begins."""
    block = doc.findBlockByNumber(HEADER_BLOCKS - 1)  # the metadata line: the body starts after its separator
    end = doc.characterCount() - 1
    return min(block.position() + block.length(), end) if block.isValid() else end
