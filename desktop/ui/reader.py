"""The reading view: the typeset article at a comfortable measure, with room for the margin column."""

from __future__ import annotations

import time
from typing import Callable, Iterator, NamedTuple

from PySide6.QtCore import QEvent, QPoint, QRect, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (QColor, QFontMetricsF, QPainter, QPalette, QTextCharFormat, QTextCursor, QTextDocument,
                           QTextOption)
from PySide6.QtWidgets import QFrame, QTextEdit, QWidget

from ..core.article import Article
from ..core.offsets import OffsetMap, offset_map
from .document import Typesetter, body_start
from .layout_driver import LayoutDriver
from .theme import Theme, reading_font

MEASURE_CHARS = 68  # characters a line: the comfortable 65-75 range
MARGIN_WIDTH = 250  # the note column beside the text
GUTTER = 24
FLASH_MS = 1600  # how long a passage jumped to stays marked
# Longer articles are typeset off-screen a few ms per event-loop turn and then shown in one swap
# (a 1 MB article takes 25-50 ms to typeset: all at once, the window would freeze that long).
SLICED_CHARS = 150_000
TYPESET_SLICE_S = 0.005


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


class _Typesetting(NamedTuple):
    """A long article being typeset off-screen, a slice per event-loop turn (``show_article``)."""

    article: Article
    theme: Theme
    font: object  # QFont
    doc: QTextDocument
    steps: Iterator[None]
    then: Callable[[], None] | None


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
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard
                                     | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        self._offset_map: tuple[str, OffsetMap] | None = None
        self._layout_driver = LayoutDriver(self)
        self._layout_driver.finished.connect(self.laid_out)
        self.painted = False  # the view has painted once (first_painted)
        self._pending: _Typesetting | None = None
        self._typeset_timer = QTimer(self, interval=0)
        self._typeset_timer.timeout.connect(self._typeset_slice)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.layout_changed.emit())

    # -- typesetting -------------------------------------------------------------------------
    def show_article(self, article: Article, theme: Theme, then: Callable[[], None] | None = None) -> None:
        """Typeset and show ``article``, then call ``then``.

        A short article is shown before this returns. A long one (``SLICED_CHARS``) is typeset into
        a document of its own a slice per event-loop turn while the current one stays on screen and
        usable, then swapped in; a later ``show_article`` cancels it (its ``then`` is never called).
        """
        self.cancel_typesetting()
        if len(article.text) < SLICED_CHARS:
            self._start_showing(article, theme)
            self._typeset()
            self.article_shown.emit(article)
            if then is not None:
                then()
            return
        font = reading_font(self.font_size, self.font_family)
        doc = QTextDocument(self)
        doc.setPageSize(QSizeF(0, 0))  # nothing laid out until it is shown
        steps = Typesetter(font, theme, self.line_spacing).steps(doc, article)
        self._pending = _Typesetting(article, theme, font, doc, steps, then)
        self._typeset_timer.start()

    def typesetting(self) -> bool:
        """Whether a long article is being typeset off-screen (the one shown is still the previous)."""
        return self._pending is not None

    def typesetting_id(self) -> int | None:
        """The stored id of the article being typeset off-screen, if any."""
        return self._pending.article.id if self._pending is not None else None

    def finish_typesetting(self) -> None:
        """Typeset the rest of the pending article now and show it (when the article on screen must
        not stay usable meanwhile: its text has just been replaced in the library)."""
        if self._pending is not None:
            for _ in self._pending.steps:
                pass
            self._typeset_slice()

    def cancel_typesetting(self) -> None:
        if self._pending is not None:
            self._typeset_timer.stop()
            doc = self._pending.doc
            self._pending = None
            doc.deleteLater()

    def _typeset_slice(self) -> None:
        article, theme, font, doc, steps, then = self._pending
        deadline = time.perf_counter() + TYPESET_SLICE_S
        for _ in steps:
            if time.perf_counter() >= deadline:
                return
        self._typeset_timer.stop()
        self._pending = None
        self._start_showing(article, theme)
        old = self.document()
        ours = old.parent() is self  # else the editor's own first document, which Qt deletes
        self._layout_driver.stop()
        self.setDocument(doc)
        if ours:
            old.deleteLater()
        self._after_build(doc, font)
        self.article_shown.emit(article)
        if then is not None:
            then()

    def _start_showing(self, article: Article, theme: Theme) -> None:
        self.article = article
        self.theme = theme
        self._marks.clear()
        self.setExtraSelections([])

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        if self.article is not None:
            self._retypeset_keeping_place()
        self._restart_typesetting()

    def _restart_typesetting(self) -> None:
        """An article being typeset off-screen is started again in the new type or theme."""
        if self._pending is not None:
            self.show_article(self._pending.article, self.theme, self._pending.then)

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
        if self.article is not None:
            self._retypeset_keeping_place()
        self._restart_typesetting()

    def _retypeset_keeping_place(self) -> None:
        at_start = self.verticalScrollBar().value() == 0  # the title in view: it stays in view
        top = self.top_offset()
        self._typeset()
        if not at_start:
            self.scroll_to_offset(top)

    def _typeset(self) -> None:
        assert self.article is not None and self.theme is not None
        font = reading_font(self.font_size, self.font_family)
        doc = self.document()
        self._layout_driver.stop()
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
        self._after_build(doc, font)

    def _after_build(self, doc: QTextDocument, font) -> None:
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
        self._layout_driver.start(doc)
        self.verticalScrollBar().setValue(0)
        self.layout_changed.emit()

    def _paint_surround(self) -> None:
        """The page colour reaches beyond the text column, so the column reads as one page."""
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, QColor(self.theme.page))
        pal.setColor(QPalette.ColorRole.Base, QColor(self.theme.page))
        pal.setColor(QPalette.ColorRole.Text, QColor(self.theme.ink))
        self.setPalette(pal)
        self.setAutoFillBackground(True)

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
                self._layout_driver.start(self.document())  # re-laid out lazily: in slices again

    def finish_layout(self) -> None:
        """Lay the rest of the document out now, rather than slice by slice."""
        self._layout_driver.finish()

    def layout_pending(self) -> bool:
        """Whether the document is still being laid out in slices."""
        return self._layout_driver.running

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
        self.layout_changed.emit()

    # -- positions: code points into article.text outside, Qt positions only in here ----------
    def offsets(self) -> OffsetMap:
        assert self.article is not None
        text = self.article.text
        if self._offset_map is None or self._offset_map[0] is not text:
            # Once per text: the shared cache compares whole texts, a millisecond apiece on a long one.
            self._offset_map = (text, offset_map(text))
        return self._offset_map[1]

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
        start, end = self.offsets().span_from_qt(max(cursor.selectionStart(), self.base),
                                                 max(cursor.selectionEnd(), self.base), self.base)
        return (start, end) if end > start else None

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
        self.document().documentLayout().blockBoundingRect(block)  # makes sure the block is laid out
        layout = block.layout()
        line = layout.lineForTextPosition(pos - block.position())
        return layout.position().y() + (line.y() if line.isValid() else 0.0)

    def top_offset(self) -> int:
        """The body code point at the top of the viewport."""
        if self.article is None:
            return 0
        pos = self.cursorForPosition(QPoint(4, 4)).position()
        if self._layout_driver.running:
            # While the document is still being laid out, Qt's first hit test after a re-layout
            # can answer "after the end"; the second, with the lines in place, is right.
            pos = self.cursorForPosition(QPoint(4, 4)).position()
        return self.from_qt(pos)

    def scroll_to_offset(self, cp: int) -> None:
        """Scroll so that body code point ``cp`` is at the top of the view."""
        if not self.isVisible():
            self._pending_offset = cp  # applied once the view has its real size
            return
        self._pending_offset = None
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(self.to_qt(max(0, cp)), self.document().characterCount() - 1))
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - 8)

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
        """Replace one layer of non-highlight marks; the layers are drawn in insertion order."""
        if selections:
            self._marks[layer] = selections
        else:
            self._marks.pop(layer, None)
        self.setExtraSelections([sel for layer_sels in self._marks.values() for sel in layer_sels])

    def mark(self, start: int, end: int, fmt) -> QTextEdit.ExtraSelection:
        """An extra selection over body code points ``[start, end)`` with ``fmt``."""
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        qs, qe = self.offsets().span_to_qt(start, end, self.base)
        cursor.setPosition(qs)
        cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        sel.format = fmt
        return sel

    def reveal(self, cp: int) -> None:
        """Scroll so that body code point ``cp`` sits a third of the way down the view."""
        if not self.isVisible():
            self.scroll_to_offset(cp)
            return
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.span_rect_top(cp) - self.viewport().height() // 3)

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
