"""The library pane: every article with source, date, counts, tags and reading progress; sort, filter, tag, delete.

A ``QListView`` over ``LibraryModel`` (``.model``), painted by ``ArticleDelegate`` (``.delegate``)
as a two-to-four-line row with a thin progress bar. ``install(window)`` adds the Library menu:
focus the filter, edit tags and delete with undo (``.undo``), sort order.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListView, QMenu,
                               QToolButton, QVBoxLayout, QWidget)

from ...core.library import SORTS, count_text, parse_tags, same_tags
from ...store import Library
from ...store.library_ops import library_rows
from ..shell.keys import set_keys
from ..shell.slices import slices
from ..shell.widgets import search_field
from .delegate import ArticleDelegate
from .model import ARTICLE_ID, LibraryModel
from .undo import delete_with_undo, set_tags_with_undo


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
        self.filter = search_field(self, "libraryFilter", "Filter the library", "Filter: words or #tag", "Filter")
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
        self.count_label.setText(count_text(self.model.rowCount(), len(self.model.all)))
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


def edit_tags(window, article_id: int) -> None:
    """Ask for the article's tags (comma-separated) and set them, undoably, if they changed."""
    row = next((r for r in window.library_pane.model.all if r["id"] == article_id), None)
    if row is None:
        return
    text, ok = QInputDialog.getText(window, "Article tags", f"Tags for “{row['title']}”, separated by commas:",
                                    QLineEdit.EchoMode.Normal, ", ".join(row["tags"]))
    if not ok:
        return
    tags = parse_tags(text)
    if not same_tags(tags, row["tags"]):
        set_tags_with_undo(window, article_id, tags)  # unchanged tags make no undo step


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
        set_keys(action, *keys)
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
