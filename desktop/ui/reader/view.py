"""The reading view: the typeset article at a comfortable measure, with room for the margin column."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRect, QSizeF, QTimer, Signal
from PySide6.QtGui import (QBrush, QColor, QFontMetricsF, QPainter, QPalette, QTextCharFormat,
                           QTextCursor, QTextDocument, QTextOption)
from PySide6.QtWidgets import QFrame, QTextEdit, QWidget

from ...core.article import Article
from ...core.offsets import OffsetMap, article_map
from ..shell.theme import Theme, reading_font
from .layout import LayoutDriver
from .opening import Opening
from .reading_order import Mark, ReadingSelection, by_block, selection_wash
from .typeset import Typesetter, body_start

MEASURE_CHARS = 68  # characters a line: the comfortable 65-75 range
MARGIN_WIDTH = 250  # the note column beside the text
GUTTER = 24
FLASH_MS = 1600  # how long a passage jumped to stays marked
# NAMESPACE_FREE: nothing on the way to the window's first paint names a member of Qt's ``Qt``
# namespace (``Qt.AlignmentFlag``, ...). The first use of any of them makes PySide build the
# namespace's 93 Python enums, ~1,200 members, at once: 18-27 ms here, an eighth of a start. So
# the two settings the reader needs from it are given as numbers to Qt's properties of the same
# name (Qt converts them; ``tests/ui/shell/test_startup.py`` checks both and the namespace's absence).
SELECTABLE_AND_LINKS = 1 | 2 | 4  # Qt.TextSelectableByMouse | TextSelectableByKeyboard | LinksAccessibleByMouse
SCROLL_BAR_ALWAYS_OFF = 1  # Qt.ScrollBarAlwaysOff


TYPOGRAPHY_DEFAULTS = {"font_size": 13.0, "font_family": "", "measure_chars": MEASURE_CHARS, "line_spacing": 1.55}


def _float(value: str | None, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def stored_typography(library) -> dict:
    """The remembered reading settings (defaults where nothing, or nonsense, is stored)."""
    defaults = TYPOGRAPHY_DEFAULTS
    return {
        "font_size": _float(library.setting("font_size"), defaults["font_size"]),
        "font_family": library.setting("font_family", ""),
        "measure_chars": int(_float(library.setting("measure_chars"), defaults["measure_chars"])),
        "line_spacing": _float(library.setting("line_spacing"), defaults["line_spacing"]),
    }


class ReaderView(QTextEdit):
    """A read-only, selectable QTextEdit that typesets one article and centres its text column."""

    layout_changed = Signal()  # scrolled, resized or re-typeset: the margin re-lays out
    article_shown = Signal(object)
    laid_out = Signal()  # the whole document is laid out (it is done in slices after a typeset)
    first_painted = Signal()  # the view has painted for the first time

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.setAccessibleName("Article text")
        self.setReadOnly(True)
        # Set as Qt properties from their numbers: see NAMESPACE_FREE
        self.setProperty("textInteractionFlags", SELECTABLE_AND_LINKS)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setProperty("horizontalScrollBarPolicy", SCROLL_BAR_ALWAYS_OFF)
        self.setCursorWidth(0)  # a reading surface, not an editor: no blinking caret
        self.article: Article | None = None
        self.base = 0  # document position of the body's first character
        self.font_size = 13.0
        self.font_family = ""
        self.measure_chars = MEASURE_CHARS
        self.line_spacing = 1.55
        self.margin_width = MARGIN_WIDTH
        self.theme: Theme | None = None
        self._left = 0
        self._pending_offset: int | None = None
        self._marks: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self._flash_timer = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash_timer.timeout.connect(lambda: self.set_marks("flash", []))
        self._font = reading_font(self.font_size)
        # Painters drawn on the viewport under the text (user highlights): f(painter, dirty_rect).
        self.underlays: list[Callable[[QPainter, QRect], None]] = []
        self._offset_map: tuple[str, list, int, OffsetMap] | None = None
        # A selection from one table cell to another (or into or out of a table), in reading order:
        # Qt's own would be a rectangle of whole cells (``reading_order``).
        self.reading = ReadingSelection(self)
        self.layout_driver = LayoutDriver(self)
        self.layout_driver.finished.connect(self.laid_out)
        self.opener = Opening(self)
        self.layout_driver.advanced.connect(self.opener.check_placed)
        self.layout_driver.finished.connect(self.opener.check_placed)
        self.painted = False  # the view has painted once (first_painted)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._layout_changed())

    # -- opening (``opening.Opening``) ------------------------------------------------------------
    def show_article(self, article: Article, theme: Theme, then: Callable[[], None] | None = None,
                     at: int | None = None) -> None:
        """Typeset and show ``article`` with body code point ``at`` at the top, then call ``then``
        (``opening.Opening.show``: a long article is typeset in slices, one opened far in laid out to
        its place under a still image of the view)."""
        self.opener.show(article, theme, then, at)

    def opening(self) -> bool:
        """Whether an article is on its way to the view."""
        return self.opener.active()

    def opening_id(self) -> int | None:
        """The stored id of the article on its way to the view, if any."""
        return self.opener.article_id()

    def shown_place(self) -> tuple[int, float]:
        """Where the reader is in the article shown (``top_offset``, ``progress``)."""
        return self.opener.shown_place()

    def finish_opening(self) -> None:
        """Typeset and place the article on its way now and show it."""
        self.opener.finish()

    def cancel_opening(self) -> None:
        """Drop an article still being typeset off-screen; complete one already in the view."""
        self.opener.cancel()

    def stop_opening(self) -> None:
        """Leave the article on its way where it is (the window is closing)."""
        self.opener.stop()

    def _layout_changed(self) -> None:
        if self.opener.curtain is None:  # under the curtain, what is laid out is not yet the article shown
            self.layout_changed.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self.opener.curtain is None:
            self.reading.drag_anchor = None
            moved = self.reading.moved_by_key(event)
            self.reading.moving(moved is not None)
            try:
                super().keyPressEvent(event)
            finally:
                self.reading.moving(False)
            if moved is not None:
                self.reading.track(*moved)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.reading.on_press(event)
        super().mousePressEvent(event)
        self.reading.on_move(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().mouseMoveEvent(event)
        self.reading.on_move(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().mouseReleaseEvent(event)  # (the drag's last move set the selection; the highlighter
        self.reading.drag_anchor = None  # may have snapped it to whole words since, before this)

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 (Qt override)
        span = self.selected_span() if self.reading.ends is not None else None
        if span is None:
            return super().createMimeDataFromSelection()
        data = QMimeData()  # across cells: the text between the ends, a cell a line
        data.setText(self.article.text[span[0]:span[1]])
        return data

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self.opener.curtain is None:
            super().wheelEvent(event)

    def start_showing(self, article: Article, theme: Theme) -> None:
        self.article = article
        self.theme = theme
        self._marks.clear()
        self.reading.clear()
        self.setExtraSelections([])

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._restyle()

    def _restyle(self) -> None:
        """The theme or type changed: the article shown is typeset again, keeping its place, and one
        on its way is started again in the new style."""
        if self.article is not None and self.opener.curtain is None:
            self._retypeset_keeping_place()
        pending = self.opener.drop_pending()
        if pending is not None:
            self.show_article(pending.article, self.theme, pending.then, pending.at)

    def set_typography(self, *, size: float | None = None, family: str | None = None,
                       measure: int | None = None, spacing: float | None = None) -> None:
        before = (self.font_size, self.font_family, self.measure_chars, self.line_spacing)
        if size is not None:
            self.font_size = max(8.0, min(32.0, size))
        if family is not None:
            self.font_family = family
        if measure is not None:
            self.measure_chars = max(40, min(110, measure))
        if spacing is not None:
            self.line_spacing = max(1.0, min(2.5, spacing))
        if (self.font_size, self.font_family, self.measure_chars, self.line_spacing) == before:
            return  # nothing changed: no re-typesetting
        self._restyle()

    def _retypeset_keeping_place(self) -> None:
        at_start = self.verticalScrollBar().value() == 0  # the title in view: it stays in view
        top = self.top_offset()
        self.typeset()
        if not at_start:
            self.scroll_to_offset(top)

    def typeset(self) -> None:
        assert self.article is not None and self.theme is not None
        font = reading_font(self.font_size, self.font_family)
        doc = self.document()
        self.layout_driver.stop()
        # The view's cursor goes to the start and stays there while the text goes in (moving it
        # afterwards would lay the document out to its end to repaint the old cursor position).
        cursor = QTextCursor(doc)
        cursor.setKeepPositionOnInsert(True)
        self.setTextCursor(cursor)
        # Nothing is laid out until the page width is set again below (Qt skips layout on a null
        # page), so the font change and the build cost no layout at all.
        doc.setPageSize(QSizeF(0, 0))
        self._font = font
        self.setFont(font)
        Typesetter(font, self.theme, self.line_spacing).build(doc, self.article)
        self.after_build(doc, font)

    def after_build(self, doc: QTextDocument, font) -> None:
        """The document just typeset, shown: cursor, colours, column, lazy layout in slices."""
        if self._font != font:
            self._font = font
            self.setFont(font)
        if doc.defaultFont() != font:
            doc.setDefaultFont(font)
        self.base = body_start(doc)
        # The inserts carried the cursor's anchor to the end (a whole-article selection): reset it
        # while little is laid out yet (nothing, or a long article's first screen after the swap).
        self.setTextCursor(QTextCursor(doc))
        self._paint_surround()
        self._fit()
        if doc.pageSize().isNull():
            self.setLineWrapColumnOrWidth(self.lineWrapColumnOrWidth())  # sets the page: lazy layout
        self.layout_driver.start(doc, first=self.opener.placing())
        self.verticalScrollBar().setValue(0)
        self._layout_changed()

    def _paint_surround(self) -> None:
        """The page colour reaches beyond the text column, so the column reads as one page."""
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, QColor(self.theme.page))
        pal.setColor(QPalette.ColorRole.Base, QColor(self.theme.page))
        pal.setColor(QPalette.ColorRole.Text, QColor(self.theme.ink))
        # A selection is a wash of the accent with the text in its own colours, in every theme; a
        # selection across table cells is drawn by ``ReadingSelection`` in the same wash, Qt's hidden.
        wash = QColor(0, 0, 0, 0) if self.reading.ends is not None else selection_wash(self.theme)
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            pal.setColor(group, QPalette.ColorRole.Highlight, wash)  # (a brush: see brushes)
            pal.setBrush(group, QPalette.ColorRole.HighlightedText, QBrush())
        self.setPalette(pal)
        self.setAutoFillBackground(True)
        if self.painted:
            # With an application style sheet, Qt gives the viewport a palette of its own when it
            # first polishes it (the one the view had then), so the view's palette no longer
            # reaches it: a theme changed later must be given to the viewport too. Not before the
            # first paint: the first viewport() call costs PySide ~12 ms, and the polish then takes
            # the palette just set.
            self.viewport().setPalette(pal)

    # -- geometry ----------------------------------------------------------------------------
    def text_column_width(self) -> int:
        """The wrap width: MEASURE_CHARS average characters of the reading font, plus margins."""
        metrics = QFontMetricsF(reading_font(self.font_size, self.font_family))
        measure = metrics.averageCharWidth() * self.measure_chars
        return int(measure + 2 * self.document().documentMargin())

    def _fit(self) -> None:
        total = self.width() - (self.verticalScrollBar().width() if self.verticalScrollBar().isVisible() else 0)
        column = min(self.text_column_width(), max(240, total - self.margin_width - GUTTER))
        left = max(0, (total - column - self.margin_width - GUTTER) // 2)
        self._left = left
        self.setViewportMargins(left, 0, max(0, total - left - column), 0)
        if self.lineWrapColumnOrWidth() != column - 2:
            self.setLineWrapColumnOrWidth(column - 2)
            if self.article is not None and not self.document().pageSize().isNull():
                self.layout_driver.start(self.document(), first=self.opener.placing())  # re-laid out in slices

    def fitted_chars(self) -> int:
        """How many average characters the text column holds now: fewer than ``measure_chars`` when
        the window has no room for the measure asked for beside the margin and the panes."""
        metrics = QFontMetricsF(reading_font(self.font_size, self.font_family))
        room = self.lineWrapColumnOrWidth() + 2 - 2 * self.document().documentMargin()
        return max(1, int(room / max(1.0, metrics.averageCharWidth()) + 0.5))

    def finish_layout(self) -> None:
        """Lay the rest of the document out now, rather than slice by slice."""
        self.layout_driver.finish()

    def layout_pending(self) -> bool:
        """Whether the document is still being laid out in slices."""
        return self.layout_driver.running

    def view_height(self) -> int:
        """The viewport's height, without asking for the viewport: PySide's first ``viewport()`` call
        costs ~12 ms (it resolves the widget's type), too much before the first paint. The view has
        no horizontal scroll bar and no top or bottom viewport margin, so it is the contents' height."""
        return self.contentsRect().height()

    def margin_rect_x(self) -> int:
        """Where the margin column starts, in this widget's coordinates."""
        return self._left + self.viewport().width() + GUTTER

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        # A style sheet re-polish resets the widget font, and QTextEdit passes it to the document.
        if event.type() == QEvent.Type.FontChange and self.document().defaultFont() != self._font:
            self.document().setDefaultFont(self._font)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit()
        if self.opener.curtain is not None:  # viewport() only then: its first call costs PySide ~12 ms
            self.opener.curtain.setGeometry(self.viewport().geometry())
        if self.opener.curtain_bar is not None:
            self.opener.curtain_bar.setGeometry(self.verticalScrollBar().geometry())
        self._layout_changed()

    # -- positions: code points into article.text outside, Qt positions only in here ----------
    def offsets(self) -> OffsetMap:
        assert self.article is not None
        article = self.article
        known = self._offset_map
        if (known is None or known[0] is not article.text or known[1] is not article.blocks
                or known[2] != len(article.blocks)):
            # Once per text and blocks (tables add positions): the shared cache compares whole texts,
            # a millisecond apiece on a long one.
            known = self._offset_map = (article.text, article.blocks, len(article.blocks), article_map(article))
        return known[3]

    def to_qt(self, cp: int) -> int:
        """The document position of body code point ``cp``."""
        return self.offsets().to_qt(cp, self.base)

    def from_qt(self, pos: int) -> int:
        """The body code point at document position ``pos`` (header positions clamp to 0)."""
        return self.offsets().from_qt(max(pos, self.base), self.base)

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as a code-point span of the body, or None if nothing (or only header) is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or self.article is None:
            return None
        qs, qe = self.selection_bounds()  # across table cells: the text between its two ends
        start, end = self.offsets().span_from_qt(max(qs, self.base), max(qe, self.base), self.base)
        return (start, end) if end > start else None

    def select_span(self, start: int, end: int, backwards: bool = False) -> None:
        """Select body code points ``[start, end)`` (with ``backwards``, the cursor at the start)."""
        qs, qe = self.offsets().span_to_qt(start, end, self.base)
        cursor = QTextCursor(self.document())
        cursor.setPosition(qe if backwards else qs)
        cursor.setPosition(qs if backwards else qe, QTextCursor.MoveMode.KeepAnchor)
        self.reading.moving(True)
        try:
            self.setTextCursor(cursor)
        finally:
            self.reading.moving(False)
        self.reading.track(qe if backwards else qs, qs if backwards else qe)

    def selection_bounds(self) -> tuple[int, int]:
        """The selection's first and last document positions: across table cells, its true ends
        (``reading_order``), else Qt's."""
        if self.reading.ends is not None:
            return min(self.reading.ends), max(self.reading.ends)
        cursor = self.textCursor()
        return cursor.selectionStart(), cursor.selectionEnd()

    def span_rect_top(self, cp: int) -> int:
        """The top of the line holding body code point ``cp``, in viewport coordinates."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.to_qt(cp))
        return self.cursorRect(cursor).top()

    def line_top_in_document(self, cp: int) -> float:
        """``span_rect_top(cp)`` in document coordinates (add the scroll value back): cheap, for many at once."""
        pos = self.to_qt(cp)
        block = self.document().findBlock(pos)
        if not block.isValid():
            return float(self.span_rect_top(cp) + self.verticalScrollBar().value())
        top = self.document().documentLayout().blockBoundingRect(block).top()  # lays the block out if need be
        line = block.layout().lineForTextPosition(pos - block.position())
        return top + (line.y() if line.isValid() else 0.0)  # (a table cell's block is placed in its cell)

    def top_offset(self) -> int:
        """The body code point at the top of the viewport."""
        if self.article is None:
            return 0
        pos = self.cursorForPosition(QPoint(4, 4)).position()
        if self.layout_driver.running:
            # While the document is still being laid out, Qt's first hit test after a re-layout
            # can answer "after the end"; the second, with the lines in place, is right.
            pos = self.cursorForPosition(QPoint(4, 4)).position()
        return self.from_qt(pos)

    def scroll_to_offset(self, cp: int) -> None:
        """Scroll so that body code point ``cp`` is at the top of the view."""
        self._scroll_to(cp, "top")

    def reveal(self, cp: int) -> None:
        """Scroll so that body code point ``cp`` sits a third of the way down the view."""
        self._scroll_to(cp, "third")

    def centre_on(self, cp: int) -> None:
        """Scroll so that body code point ``cp`` is in the middle of the view."""
        self._scroll_to(cp, "middle")

    def _scroll_to(self, cp: int, where: str) -> None:
        if not self.isVisible():
            self._pending_offset = cp  # at the top, once the view has its real size
            return
        self._pending_offset = None
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(self.to_qt(max(0, cp)), self.document().characterCount() - 1))
        rect = self.cursorRect(cursor)  # Qt lays the document out down to there
        bar, height = self.verticalScrollBar(), self.view_height()
        if self.layout_driver.running:
            # A screen below it laid out too, and the scroll bar told: it would stop short otherwise.
            self.layout_driver.lay_out_to(bar.value() + rect.bottom() + height)
        if where == "top":
            y = rect.top() - 8
        elif where == "third":
            y = rect.top() - height // 3
        else:
            y = rect.center().y() - height // 2
        bar.setValue(bar.value() + y)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self.underlays and self.article is not None:
            painter = QPainter(self.viewport())
            for underlay in self.underlays:
                painter.save()
                underlay(painter, event.rect())
                painter.restore()
            painter.end()
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            self.first_painted.emit()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._pending_offset is not None:
            # Before the first paint, so the article is painted at its place, not at the top first.
            offset = self._pending_offset
            self._fit()  # the view has its size now: the column width the text is laid out at
            self.scroll_to_offset(offset)

    # -- marks: extra selections in named layers (entity mentions, find results, flashes) -----
    def set_marks(self, layer: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Replace one layer of non-highlight marks; the layers are drawn in insertion order. With
        tables, a mark over more than one block is drawn block by block (Qt would draw one that
        crosses cells as a rectangle of whole cells)."""
        if selections and self.article is not None and self.article.has_tables:
            selections = [piece for sel in selections for piece in by_block(sel)]
        if selections:
            self._marks[layer] = selections
        else:
            self._marks.pop(layer, None)
        self.setExtraSelections([sel for layer_sels in self._marks.values() for sel in layer_sels])

    def mark(self, start: int, end: int, fmt) -> QTextEdit.ExtraSelection:
        """An extra selection over body code points ``[start, end)`` with ``fmt``."""
        qs, qe = self.offsets().span_to_qt(start, end, self.base)
        return Mark(self.document(), qs, qe, fmt)

    def restyle_selection(self) -> None:
        """Qt's selection colour again: hidden while ``reading`` draws a selection across cells."""
        if self.theme is not None:
            self._paint_surround()

    def flash(self, start: int, end: int) -> None:
        """Mark a passage the reader was just taken to, briefly, in the theme's flash colour."""
        if end <= start or self.theme is None:
            return
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(self.theme.flash))
        self.set_marks("flash", [self.mark(start, end, fmt)])
        self._flash_timer.start()

    def progress(self) -> float:
        bar = self.verticalScrollBar()
        return 1.0 if bar.maximum() == 0 else (bar.value() + bar.pageStep()) / (bar.maximum() + bar.pageStep())
