"""The library list: every article with source, date, counts, tags and reading progress; sort, filter, tag, delete.

A ``QListView`` over ``LibraryModel`` (sorting and filtering happen in the model, in Python: a
library of thousands of rows re-sorts in milliseconds), painted by ``ArticleDelegate`` as a
two-to-four-line row with a thin progress bar. ``install(window)`` adds the pane's actions:
focus the filter, edit tags and delete with undo (one ``QUndoCommand`` each).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QFontMetricsF, QKeySequence, QPainter, QPalette, QUndoCommand
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QInputDialog, QLabel, QLineEdit,
                               QListView, QMenu, QStyle, QStyledItemDelegate, QStyleOptionViewItem,
                               QToolButton, QVBoxLayout, QWidget)

from ...core.errors import GlossError
from ...store import Library
from ...store.library_ops import delete_article, library_rows, restore_article, set_article_tags
from ..shell.slices import slices
from ..shell.theme import ui_font
from ..shell.widgets import search_field

ARTICLE_ID = Qt.ItemDataRole.UserRole
ROW = Qt.ItemDataRole.UserRole + 1
SORTS = {  # label -> key function (ascending sort of these keys)
    "Recent": lambda r: (-_stamp(r["opened"] or r["added"]), -r["id"]),
    "Title": lambda r: (r["title"].casefold(), r["id"]),
    "Date": lambda r: (not r["published"], _negated(r["published"] or ""), -r["id"]),
    "Most annotated": lambda r: (-(r["highlights"] + r["notes"]), -r["highlights"], -r["id"]),
}
PAD_X, PAD_Y, GAP, BAR = 10, 8, 2, 3


def _stamp(value: str | None) -> float:
    try:
        return datetime.fromisoformat((value or "").replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def _negated(text: str) -> tuple:
    return tuple(-ord(c) for c in text)


def _date(published: str) -> str:
    """"2022-05-26 11:54:06" -> "26 May 2022"; anything unparseable as it is."""
    try:
        return datetime.fromisoformat(published[:10]).strftime("%-d %b %Y")
    except ValueError:
        return published


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def matches(row: dict, words: list[str]) -> bool:
    """Every word of the filter is in the title, source, author or date, or (``#word``) a tag."""
    hay = " ".join((row["title"], row["source"] or "", row["author"] or "", row["published"] or "")).casefold()
    tags = [t.casefold() for t in row["tags"]]
    for word in words:
        if word.startswith("#") and len(word) > 1:
            if not any(t.startswith(word[1:]) for t in tags):
                return False
        elif word not in hay and not any(word in t for t in tags):
            return False
    return True


class LibraryModel(QAbstractListModel):
    """The library's rows, filtered and sorted for the view."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.all: list[dict] = []
        self.rows: list[dict] = []
        self.filter_text = ""
        self.sort_key = "Recent"
        self.current: int | None = None

    def set_rows(self, rows: list[dict]) -> None:
        self.all = rows
        self._rebuild()

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self._rebuild()

    def set_sort(self, key: str) -> None:
        self.sort_key = key if key in SORTS else "Recent"
        self._rebuild()

    def _rebuild(self) -> None:
        words = self.filter_text.casefold().split()
        self.beginResetModel()
        self.rows = sorted((r for r in self.all if matches(r, words)), key=SORTS[self.sort_key])
        self.endResetModel()

    def row_of(self, article_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r["id"] == article_id), -1)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row["title"]
        if role == ARTICLE_ID:
            return row["id"]
        if role == ROW:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return row["title"]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row['title']}. {self._details(row)}. {self._counts(row)}"
        return None

    @staticmethod
    def _details(row: dict) -> str:
        return " · ".join(v for v in (row["source"], _date(row["published"] or "")) if v)

    @staticmethod
    def _counts(row: dict) -> str:
        parts = []
        if row["highlights"]:
            parts.append(_plural(row["highlights"], "highlight"))
        if row["notes"]:
            parts.append(_plural(row["notes"], "note"))
        if row["progress"] >= 0.995:
            parts.append("read")
        elif row["progress"] > 0.005:
            parts.append(f"{round(row['progress'] * 100)}% read")
        return " · ".join(parts)


class ArticleDelegate(QStyledItemDelegate):
    """Paints a row: the title (up to two lines), source and date, counts and tags, progress."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view
        self._fonts_for: float | None = None
        self._fonts: tuple[QFont, QFont] = (QFont(), QFont())

    def fonts(self) -> tuple[QFont, QFont]:
        base = self.view.font().pointSizeF()
        if self._fonts_for != base:
            self._fonts = ui_font(base + 0.5, bold=True), ui_font(max(7.0, base - 1.0))
            self._fonts_for = base
        return self._fonts

    def _title_lines(self, title: str, width: float, font: QFont) -> list[str]:
        """The title word-wrapped to ``width``: at most two lines, the second elided."""
        metrics = QFontMetricsF(font)
        words, lines, line = title.split(), [], ""
        for i, word in enumerate(words):
            trial = f"{line} {word}".strip()
            if metrics.horizontalAdvance(trial) <= width or not line:
                line = trial
                continue
            lines.append(line)
            if len(lines) == 1:
                rest = " ".join(words[i:])
                lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
                return lines
            line = word
        lines.append(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width))
        return lines[:2]

    def _width(self, option: QStyleOptionViewItem) -> float:
        width = option.rect.width() if option.rect.width() > 0 else self.view.viewport().width()
        return max(60.0, width - 2 * PAD_X)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        """One height for every row (two title lines, two small lines), so 10,000 rows lay out at once."""
        title_font, small = self.fonts()
        height = PAD_Y * 2 + 2 * QFontMetricsF(title_font).height() + 2 * (QFontMetricsF(small).height() + GAP) + BAR + 2
        return QSize(200, int(height + 0.5))

    @staticmethod
    def _third_line(row: dict) -> str:
        counts = LibraryModel._counts(row)
        tags = "  ".join("#" + t for t in row["tags"])
        return "   ".join(v for v in (counts, tags) if v)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row = index.data(ROW)
        if row is None:
            return
        pal: QPalette = option.palette
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = pal.color(QPalette.ColorRole.WindowText)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        accent = pal.color(QPalette.ColorRole.Highlight)
        rule = pal.color(QPalette.ColorRole.Mid)
        if selected:
            painter.fillRect(rect, rule)
        elif hovered:
            wash = QColor(rule)
            wash.setAlpha(110)
            painter.fillRect(rect, wash)
        model = index.model()
        if getattr(model, "current", None) == row["id"]:
            painter.fillRect(QRectF(rect.left(), rect.top() + 4, 3, rect.height() - 8), accent)
        title_font, small = self.fonts()
        width = self._width(option)
        title_h = QFontMetricsF(title_font).height()
        small_h = QFontMetricsF(small).height()
        lines = self._title_lines(row["title"], width, title_font)
        below = sum(1 for text in (LibraryModel._details(row), self._third_line(row)) if text)
        content = len(lines) * title_h + below * (small_h + GAP)
        room = rect.height() - 2 * PAD_Y - BAR - 2
        x, y = rect.left() + PAD_X, rect.top() + PAD_Y + max(0.0, (room - content) / 2)  # centred in the row
        painter.setFont(title_font)
        painter.setPen(ink)
        for line in lines:
            painter.drawText(QRectF(x, y, width, title_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
            y += title_h
        painter.setFont(small)
        metrics = QFontMetricsF(small)
        small_h = metrics.height()
        details = LibraryModel._details(row)
        if details:
            painter.setPen(muted)
            painter.drawText(QRectF(x, y + GAP, width, small_h), Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(details, Qt.TextElideMode.ElideRight, width))
            y += small_h + GAP
        counts = LibraryModel._counts(row)
        if counts or row["tags"]:
            painter.setPen(muted)
            left = x
            if counts:
                painter.drawText(QRectF(left, y + GAP, width, small_h), Qt.AlignmentFlag.AlignLeft,
                                 metrics.elidedText(counts, Qt.TextElideMode.ElideRight, width))
                left += metrics.horizontalAdvance(counts) + metrics.horizontalAdvance("   ")
            if row["tags"] and left < x + width - 20:
                painter.setPen(accent)
                tags = "  ".join("#" + t for t in row["tags"])
                painter.drawText(QRectF(left, y + GAP, x + width - left, small_h), Qt.AlignmentFlag.AlignLeft,
                                 metrics.elidedText(tags, Qt.TextElideMode.ElideRight, x + width - left))
        progress = float(row["progress"] or 0.0)
        if progress > 0.005:
            track = QRectF(x, rect.bottom() - BAR - 3, width, BAR)
            faint = QColor(rule if not selected else muted)
            faint.setAlpha(160)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(faint)
            painter.drawRoundedRect(track, 1.5, 1.5)
            painter.setBrush(accent)
            painter.drawRoundedRect(QRectF(track.left(), track.top(), max(BAR, track.width() * min(1.0, progress)),
                                           BAR), 1.5, 1.5)
        painter.setPen(rule)
        painter.drawLine(rect.left() + PAD_X, rect.bottom(), rect.right() - PAD_X, rect.bottom())
        painter.restore()


class LibraryList(QListView):
    """The list view; ``count()`` for the number of rows shown."""

    def count(self) -> int:
        return self.model().rowCount()


class LibraryPane(QWidget):
    """Lists the library; emits ``article_chosen(id)`` when the user picks one."""

    article_chosen = Signal(int)
    delete_requested = Signal(int)
    tags_requested = Signal(int)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setObjectName("libraryPane")
        self.filter = search_field(self, "libraryFilter", "Filter the library", "Filter: words or #tag")
        self.sort = QToolButton(self)
        self.sort.setObjectName("librarySort")
        self.sort.setAccessibleName("Sort the library by")
        self.sort.setToolTip("Sort by")
        self.sort.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        sort_menu = QMenu(self.sort)
        self.sort_actions = QActionGroup(self)
        for key in SORTS:
            action = sort_menu.addAction(key)
            action.setCheckable(True)
            self.sort_actions.addAction(action)
            action.triggered.connect(lambda _c=False, k=key: self.set_sort(k))
        self.sort.setMenu(sort_menu)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("libraryCount")
        self.count_label.setAccessibleName("Articles shown")
        self.model = LibraryModel(self)
        self.list = LibraryList(self)
        self.list.setObjectName("libraryList")
        self.list.setAccessibleName("Library")
        self.list.setModel(self.model)
        self.list.setItemDelegate(ArticleDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setMouseTracking(True)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        top = QHBoxLayout()
        top.setContentsMargins(6, 6, 6, 0)
        top.addWidget(self.filter, 1)
        below = QHBoxLayout()
        below.setContentsMargins(10, 2, 4, 2)
        below.addWidget(self.count_label, 1)
        below.addWidget(self.sort)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addLayout(below)
        layout.addWidget(self.list, 1)
        self._show_sort(library.setting("library_sort", "Recent"))
        self._filter_timer = QTimer(self, singleShot=True, interval=120)
        self._filter_timer.timeout.connect(lambda: self._apply_filter(self.filter.text()))
        self.filter.textChanged.connect(lambda _t: self._filter_timer.start())
        self.filter.returnPressed.connect(self._open_first)
        self.list.activated.connect(self._on_index)
        self.list.clicked.connect(self._on_index)
        self.list.customContextMenuRequested.connect(self._context_menu)

    # -- contents ------------------------------------------------------------------------------
    def refresh(self, current: int | None = None) -> None:
        """Re-read the library; keep (or set) which article is marked as open."""
        if current is not None:
            self.model.current = current
        slices().cancel(self, "reread")
        self.model.set_rows(library_rows(self.library))
        self._after_change()

    def opened(self, article_id: int) -> None:
        """An article was opened: marked as open now, the list re-read (its order, its progress) on
        a later turn, not in the one that shows the article (10,000 rows: a few ms)."""
        if self.model.row_of(article_id) < 0:  # just imported: listed at once
            self.refresh(current=article_id)
            return
        self.model.current = article_id
        self.select(article_id)
        slices().run(self, "reread", lambda _deadline: self.refresh() or False)

    def _after_change(self) -> None:
        shown, total = self.model.rowCount(), len(self.model.all)
        if total == 0:
            self.count_label.setText("No articles yet: open or drop a file")
        elif shown == total:
            self.count_label.setText(_plural(total, "article"))
        else:
            self.count_label.setText(f"{shown:,} of {_plural(total, 'article')}")
        if self.model.current is not None:
            self.select(self.model.current)

    def _apply_filter(self, text: str) -> None:
        self.model.set_filter(text)
        self._after_change()

    def set_sort(self, key: str) -> None:
        """Sort by "Recent", "Title", "Date" or "Most annotated" (remembered)."""
        self._show_sort(key)
        self.library.set_setting("library_sort", self.model.sort_key)
        self._after_change()

    def _show_sort(self, key: str) -> None:
        self.model.set_sort(key)
        self.sort.setText(f"{self.model.sort_key} ▾")
        for action in self.sort_actions.actions():
            action.setChecked(action.text() == self.model.sort_key)

    def select(self, article_id: int) -> None:
        row = self.model.row_of(article_id)
        if row >= 0:
            index = self.model.index(row)
            self.list.selectionModel().select(index, self.list.selectionModel().SelectionFlag.ClearAndSelect)
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index)

    def selected_id(self) -> int | None:
        index = self.list.currentIndex()
        return int(index.data(ARTICLE_ID)) if index.isValid() else None

    # -- user actions --------------------------------------------------------------------------
    def _on_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.article_chosen.emit(int(index.data(ARTICLE_ID)))

    def _open_first(self) -> None:
        self._filter_timer.stop()
        self._apply_filter(self.filter.text())
        if self.model.rowCount():
            self.list.setFocus()
            index = self.model.index(0)
            self.list.setCurrentIndex(index)
            self._on_index(index)

    def _context_menu(self, pos) -> None:
        index = self.list.indexAt(pos)
        if not index.isValid():
            return
        article_id = int(index.data(ARTICLE_ID))
        menu = QMenu(self)
        menu.addAction("Open").triggered.connect(lambda: self.article_chosen.emit(article_id))
        menu.addAction("Edit Tags…").triggered.connect(lambda: self.tags_requested.emit(article_id))
        menu.addSeparator()
        menu.addAction("Delete").triggered.connect(lambda: self.delete_requested.emit(article_id))
        menu.exec(self.list.viewport().mapToGlobal(pos))


# -- undoable operations ------------------------------------------------------------------------

class DeleteArticle(QUndoCommand):
    """Delete an article with its highlights, notes, tags and entity rows; undo puts it all back.

    The first deletion happens before the command is pushed (so a refusal never leaves a step on
    the stack); ``redo`` after an undo deletes again.
    """

    def __init__(self, window, article_id: int, title: str, record: dict, was_open: bool) -> None:
        short = title if len(title) <= 30 else title[:29] + "…"
        super().__init__(f"Delete “{short}”")
        self.window = window
        self.article_id = article_id
        self.record = record
        self.was_open = was_open
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.was_open = _is_open(self.window, self.article_id)
        self.record = delete_article(self.window.library, self.article_id)
        _after_delete(self.window, self.was_open)

    def undo(self) -> None:
        restore_article(self.window.library, self.record)
        self.window.library_changed.emit()
        if self.was_open or self.window.article is None:
            self.window.open_article(self.article_id)


class SetArticleTags(QUndoCommand):
    """Replace an article's tags; the change is made before the push, like ``DeleteArticle``."""

    def __init__(self, window, article_id: int, tags: list[str], before: list[str]) -> None:
        super().__init__("Edit article tags")
        self.window = window
        self.article_id = article_id
        self.tags = tags
        self.before = before
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        set_article_tags(self.window.library, self.article_id, self.tags)
        self.window.library_changed.emit()

    def undo(self) -> None:
        set_article_tags(self.window.library, self.article_id, self.before)
        self.window.library_changed.emit()


def _is_open(window, article_id: int) -> bool:
    """Shown; one still on its way to the view (a long article takes a few turns) is not opened after
    all if it is still being typeset, and the article on screen stays (``ReaderView.cancel_opening``)."""
    if window.reader.opening_id() == article_id:
        window.reader.cancel_opening()
    return window.article is not None and window.article.id == article_id


def _after_delete(window, was_open: bool) -> None:
    """Refresh the lists; if the open article went, open the first one left (or show none)."""
    if was_open:
        window.reader.cancel_opening()
        window._save_timer.stop()
        window.article = None
        rows = library_rows(window.library)
        if rows:
            window.open_article(rows[0]["id"])
        else:
            window.reader.article = None
            window.reader.clear()
            window.setWindowTitle("Gloss")
    window.library_changed.emit()


def delete_with_undo(window, article_id: int) -> bool:
    """Delete through the undo stack (Ctrl+Z brings it back); reports in the status bar."""
    row = next((r for r in window.library_pane.model.all if r["id"] == article_id), None)
    title = row["title"] if row else f"article {article_id}"
    was_open = _is_open(window, article_id)
    if was_open:
        window._save_position()
    try:
        record = delete_article(window.library, article_id)
    except GlossError as exc:
        window.report(str(exc))
        return False
    _after_delete(window, was_open)
    window.undo_stack.push(DeleteArticle(window, article_id, title, record, was_open))
    undo_keys = QKeySequence(QKeySequence.StandardKey.Undo).toString(QKeySequence.SequenceFormat.NativeText)
    window.report(f"Deleted “{title}”. {undo_keys} to undo.")
    return True


def edit_tags(window, article_id: int) -> None:
    row = next((r for r in window.library_pane.model.all if r["id"] == article_id), None)
    if row is None:
        return
    text, ok = QInputDialog.getText(window, "Article tags", f"Tags for “{row['title']}”, separated by commas:",
                                    QLineEdit.EchoMode.Normal, ", ".join(row["tags"]))
    if not ok:
        return
    tags = [t for t in (part.strip() for part in text.split(",")) if t]
    if sorted(t.lstrip("#").strip().casefold() for t in tags) != sorted(t.casefold() for t in row["tags"]):
        set_tags_with_undo(window, article_id, tags)  # unchanged tags make no undo step


def set_tags_with_undo(window, article_id: int, tags: list[str]) -> bool:
    try:
        before = set_article_tags(window.library, article_id, tags)
    except GlossError as exc:
        window.report(str(exc))
        return False
    window.library_changed.emit()
    window.undo_stack.push(SetArticleTags(window, article_id, tags, before))
    return True


def install(window) -> None:
    """Library actions: focus the filter, edit tags, delete (scoped to the list), sort order."""
    pane: LibraryPane = window.library_pane
    pane.delete_requested.connect(lambda aid: delete_with_undo(window, aid))
    pane.tags_requested.connect(lambda aid: edit_tags(window, aid))

    def focus_filter() -> None:
        window.library_dock.show()
        window.library_dock.raise_()
        pane.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        pane.filter.selectAll()

    menu = window.library_menu = window.menuBar().addMenu("&Library")
    menu.setObjectName("library_menu")
    window.menuBar().insertMenu(window.help_menu.menuAction(), menu)

    def add(text: str, slot, keys, name: str, context=Qt.ShortcutContext.WindowShortcut) -> QAction:
        action = QAction(text, window)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(context)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    add("&Filter Library…", focus_filter, ["Ctrl+L"], "filter_library")
    target = lambda: pane.selected_id() or (window.article.id if window.article else None)  # noqa: E731
    add("Edit Article &Tags…", lambda: target() and edit_tags(window, target()), ["Ctrl+Shift+T"], "edit_article_tags")
    delete = add("&Delete Article", lambda: target() and delete_with_undo(window, target()),
                 [QKeySequence.StandardKey.Delete, "Backspace"], "delete_article",
                 Qt.ShortcutContext.WidgetWithChildrenShortcut)
    pane.list.addAction(delete)  # the Delete key deletes only while the list has focus
    sort_menu = menu.addMenu("&Sort By")
    for i, key in enumerate(SORTS, 1):
        action = sort_menu.addAction(key)
        action.setObjectName(f"sort_{key.lower().replace(' ', '_')}")
        action.setShortcut(QKeySequence(f"Ctrl+Alt+{i}"))
        action.triggered.connect(lambda _c=False, k=key: pane.set_sort(k))
