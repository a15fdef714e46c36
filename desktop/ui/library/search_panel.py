"""Search the whole library (Ctrl+Shift+F): a dock with ranked results; a result opens its passage.

The store does the searching (``desktop.store.search``, FTS5, a few milliseconds); this panel
runs it as the user types (debounced), paints each result as kind, title and a snippet with the
matched words in bold, and on activation opens the article, scrolls to the passage and flashes it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QFontMetricsF, QKeySequence, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (QAbstractItemView, QLabel, QListView,
                               QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout, QWidget)

from ...core.errors import GlossError
from ...store.search import locate, search
from ..shell.tasks import run_in_background
from ..shell.theme import ui_font
from ..shell.docks import pane_dock
from ..shell.widgets import paint_row_background, search_field

MARKS = ("\ue000", "\ue001")  # private-use characters: cannot clash with article text
RESULT = Qt.ItemDataRole.UserRole
KIND_LABEL = {"article": "Article", "highlight": "Highlight", "note": "Note", "tag": "Tag", "entity": "Entity"}
PAD_X, PAD_Y = 10, 7


def snippet_html(snippet: str, mark_colour: str) -> str:
    """A snippet as HTML: escaped, on one line, matched words bold on a light wash."""
    text = html.escape(" ".join(snippet.split()))
    out, open_ = [], False
    for ch in text:  # marks balanced: a snippet cut between its marks never leaves a bold run open
        if ch == MARKS[0]:
            if not open_:
                out.append(f'<b style="background-color:{mark_colour}">')
                open_ = True
        elif ch == MARKS[1]:
            if open_:
                out.append("</b>")
                open_ = False
        else:
            out.append(ch)
    if open_:
        out.append("</b>")
    return "".join(out)


class ResultsModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.results: list[dict] = []

    def set_results(self, results: list[dict]) -> None:
        self.beginResetModel()
        self.results = results
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.results)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.results[index.row()]
        plain = " ".join(r["snippet"].replace(MARKS[0], "").replace(MARKS[1], "").split())
        if role == RESULT:
            return r
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{KIND_LABEL[r['kind']]}: {r['title']}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            quote = f" Quote: {r['quote']}" if r.get("quote") and r["kind"] != "highlight" else ""
            return f"{KIND_LABEL[r['kind']]} in {r['title']}: {plain}.{quote}"
        return None


class ResultDelegate(QStyledItemDelegate):
    """Kind and title on the first line; the snippet (two lines at most) below; a quote for notes."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view
        self._docs: dict[tuple, QTextDocument] = {}

    def _doc(self, result: dict, width: float) -> QTextDocument:
        pal = self.view.palette()
        wash = QColor(pal.color(QPalette.ColorRole.Highlight))
        wash.setAlpha(60)
        key = (id(result), int(width), wash.name(QColor.NameFormat.HexArgb), pal.color(QPalette.ColorRole.WindowText).name())
        doc = self._docs.get(key)
        if doc is None:
            if len(self._docs) > 400:
                self._docs.clear()
            doc = QTextDocument()
            doc.setDocumentMargin(0)
            doc.setDefaultFont(ui_font(self.view.font().pointSizeF()))
            doc.setDefaultStyleSheet(f"body {{ color: {pal.color(QPalette.ColorRole.WindowText).name()}; }}")
            rgba = f"rgba({wash.red()},{wash.green()},{wash.blue()},{wash.alphaF():.2f})"
            doc.setHtml(f"<body>{snippet_html(result['snippet'], rgba)}</body>")
            doc.setTextWidth(width)
            self._docs[key] = doc
        return doc

    def _lines(self, result: dict, width: float) -> tuple[float, float]:
        """(snippet height clipped to three lines, quote line height)."""
        doc = self._doc(result, width)
        line = QFontMetricsF(doc.defaultFont()).lineSpacing()
        quote_h = QFontMetricsF(ui_font(self.view.font().pointSizeF() - 1)).height() if self._quote(result) else 0.0
        return min(doc.size().height(), 3 * line + 2), quote_h

    @staticmethod
    def _quote(result: dict) -> str:
        return result.get("quote", "") if result["kind"] in ("note", "tag") else ""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        result = index.data(RESULT)
        width = max(80.0, self.view.viewport().width() - 2 * PAD_X)
        head = QFontMetricsF(ui_font(self.view.font().pointSizeF(), bold=True)).height()
        snippet_h, quote_h = self._lines(result, width)
        return QSize(int(width), int(2 * PAD_Y + head + 2 + snippet_h + quote_h + 1))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        result = index.data(RESULT)
        pal = option.palette
        rect = option.rect
        painter.save()
        rule = paint_row_background(painter, option)
        width = max(80.0, rect.width() - 2 * PAD_X)
        x, y = rect.left() + PAD_X, rect.top() + PAD_Y
        size = self.view.font().pointSizeF()
        kind_font = ui_font(size - 2, bold=True)
        kind_font.setLetterSpacing(kind_font.SpacingType.PercentageSpacing, 108)
        kind = KIND_LABEL[result["kind"]].upper()
        head_font = ui_font(size, bold=True)
        head_h = QFontMetricsF(head_font).height()
        painter.setFont(kind_font)
        painter.setPen(pal.color(QPalette.ColorRole.Highlight))
        kind_w = QFontMetricsF(kind_font).horizontalAdvance(kind) + 8
        painter.drawText(QRectF(x, y, kind_w, head_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, kind)
        painter.setFont(head_font)
        painter.setPen(pal.color(QPalette.ColorRole.WindowText))
        title = QFontMetricsF(head_font).elidedText(result["title"], Qt.TextElideMode.ElideRight, width - kind_w)
        painter.drawText(QRectF(x + kind_w, y, width - kind_w, head_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        y += head_h + 2
        doc = self._doc(result, width)
        snippet_h, quote_h = self._lines(result, width)
        painter.translate(x, y)
        painter.setClipRect(QRectF(0, 0, width, snippet_h))
        doc.drawContents(painter, QRectF(0, 0, width, snippet_h))
        painter.setClipping(False)
        painter.translate(-x, -y)
        y += snippet_h
        quote = self._quote(result)
        if quote:
            small = ui_font(size - 1)
            small.setItalic(True)
            painter.setFont(small)
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            text = QFontMetricsF(small).elidedText(f"“{' '.join(quote.split())}”", Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRectF(x, y, width, quote_h), Qt.AlignmentFlag.AlignLeft, text)
        painter.setPen(rule)
        painter.drawLine(rect.left() + PAD_X, rect.bottom(), rect.right() - PAD_X, rect.bottom())
        painter.restore()


class SearchPanel(QWidget):
    """The query field, a result count and the results; ``open_result`` jumps to one."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("searchPanel")
        self.field = search_field(self, "searchField", "Search the library", "Search: words, \"a phrase\", pre*, -not",
                                  "Search: words, \"a phrase\"", "Search")
        self.status = QLabel(self)
        self.status.setObjectName("searchCount")
        self.status.setAccessibleName("Search results count")
        self.model = ResultsModel(self)
        self.list = QListView(self)
        self.list.setObjectName("searchResults")
        self.list.setAccessibleName("Search results")
        self.list.setModel(self.model)
        self.list.setItemDelegate(ResultDelegate(self.list))
        self.list.setUniformItemSizes(False)
        self.list.setMouseTracking(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        top = QVBoxLayout()
        top.setContentsMargins(6, 6, 6, 2)
        top.addWidget(self.field)
        top.addWidget(self.status)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self.generation = 0  # bumped by each search: a worker's results for an older one are dropped
        self._running = 0
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.run)
        self.field.textChanged.connect(lambda _t: self._timer.start())
        self.field.installEventFilter(self)
        self.list.activated.connect(self.open_result)
        self.list.clicked.connect(self.open_result)

    def run(self, wait: bool = False) -> None:
        """Search for what the field holds, on a worker thread with a read-only connection of its own
        (``store.open_reader``), the latest query winning: one still running is told to stop
        (``should_stop``) and its results dropped. With ``wait`` (Enter: the best result opens at
        once), or for a library in memory, on this thread."""
        self._timer.stop()
        query = self.field.text()
        self.generation += 1
        generation = self.generation
        path = self.window_.library.path
        if wait or path is None or not query.strip():
            self._show(query, search(self.window_.library, query, marks=MARKS) if query.strip() else [])
            return
        self._running += 1

        def work():
            from ...store.db import open_reader
            from ...store.search import SearchCancelled

            reader = open_reader(path)
            try:
                return search(reader, query, marks=MARKS, should_stop=lambda: generation != self.generation)
            except SearchCancelled:
                return None
            finally:
                reader.close()

        def done(results) -> None:
            self._running -= 1
            if results is not None and generation == self.generation:
                self._show(query, results)

        def failed(exc) -> None:
            self._running -= 1
            if generation == self.generation:
                self.status.setText(str(exc) if isinstance(exc, GlossError) else "The search failed.")

        run_in_background(work, done, failed)

    def searching(self) -> bool:
        """Whether a search is still running on a worker thread."""
        return self._running > 0

    def _show(self, query: str, results: list[dict]) -> None:
        self.model.set_results(results)
        if not query.strip():
            self.status.setText("")
        elif not results:
            self.status.setText("No matches")
        else:
            articles = len({r["article"] for r in results})
            count = f"{len(results)}{'+' if len(results) >= 50 else ''}"
            self.status.setText(f"{count} match{'' if len(results) == 1 else 'es'} in "
                                f"{articles} article{'' if articles == 1 else 's'}")
        if results:
            self.list.setCurrentIndex(self.model.index(0))

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if obj is self.field and event.type() == event.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.run(wait=True)
                if self.model.rowCount():
                    self.open_result(self.model.index(0))
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                self.list.setFocus(Qt.FocusReason.OtherFocusReason)
                self.list.setCurrentIndex(self.model.index(0))
                return True
            if key == Qt.Key.Key_Escape:
                self.window_.reader.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(obj, event)

    def open_result(self, index: QModelIndex) -> None:
        if index.isValid():
            self.jump(index.data(RESULT))

    def jump(self, result: dict) -> None:
        """Open the result's article, scroll to its passage and flash it."""
        window = self.window_
        window.reader.cancel_opening()  # an article on its way would replace the result's
        if window.article is None or window.article.id != result["article"]:
            at = None if result.get("orphaned") else result.get("start")  # laid out to there first
            window.open_article(result["article"], then=lambda: self._show_result(result), at=at)
        else:
            self._show_result(result)

    def _show_result(self, result: dict) -> None:
        window = self.window_
        if window.article is None or window.article.id != result["article"]:
            return
        span = None
        if result.get("start") is not None and not result.get("orphaned"):
            span = (result["start"], result["end"])
        elif result["kind"] == "article":
            span = locate(window.article.text, result["snippet"], MARKS)
        if span is None:
            return
        reader = window.reader
        text_len = len(window.article.text)
        start, end = max(0, min(span[0], text_len)), max(0, min(span[1], text_len))
        reader.reveal(start)
        reader.flash(start, end)

    def focus(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()


def install(window) -> None:
    """A Search dock beside the library; Ctrl+Shift+F shows it and puts the cursor in the query."""
    panel = SearchPanel(window)
    dock = pane_dock("Search", window, panel)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.tabifyDockWidget(window.library_dock, dock)
    window.library_dock.raise_()
    window.search_panel, window.search_dock = panel, dock
    window.library_changed.connect(lambda: panel.field.text().strip() and panel._timer.start())

    def show() -> None:
        dock.show()
        dock.raise_()
        panel.focus()

    action = QAction("&Search Library…", window)
    action.setObjectName("search_library")
    action.setShortcut(QKeySequence("Ctrl+Shift+F"))
    action.triggered.connect(show)
    menu = getattr(window, "library_menu", None) or window.edit_menu
    menu.insertAction(menu.actions()[0] if menu.actions() else None, action)
    toggle = dock.toggleViewAction()
    toggle.setText("Search Panel")
    window.view_menu.addAction(toggle)
