"""The entity sidebar: who and what the article is about, grouped, counted, filtered and sorted.

This module is the widget only (filter box, sort menu, progress, the list, the mode footer); what
happens when an entity is chosen, edited or dragged onto another is ``entity_nav``'s business,
reached through the signals below.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QMenu, QProgressBar,
                               QToolButton, QTreeView, QVBoxLayout, QWidget)

from ...core.entities import SORTS, Entity
from ..shell.theme import LIGHT, Theme, ui_font
from ..shell.widgets import search_field
from .model import EntityDelegate, EntityModel, EntityRole


class EntityView(QTreeView):
    """The list: groups always open, entities draggable onto one another, keys that step mentions."""

    step_requested = Signal(int)  # +1 / -1: the next or previous mention of the current entity
    badge_clicked = Signal(object, QPoint)  # an entity's "in other articles" badge, at a global point
    activated_entity = Signal(object)  # Enter on an entity
    moved = Signal(QModelIndex)  # the current row changed by a key (Up, Down, Page Down, ...)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entityList")
        self.setAccessibleName("Entities in this article")
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(0)
        self.setItemsExpandable(False)
        self.setUniformRowHeights(False)
        self.setMouseTracking(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        entity = self.model().entity(self.currentIndex()) if self.model() else None
        key = event.key()
        if entity is not None and key in (Qt.Key.Key_Right, Qt.Key.Key_Left):
            self.step_requested.emit(+1 if key == Qt.Key.Key_Right else -1)
            return
        if entity is not None and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated_entity.emit(entity)
            return
        before = self.currentIndex()
        super().keyPressEvent(event)
        if self.currentIndex() != before:
            self.moved.emit(self.currentIndex())

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        index = self.indexAt(event.position().toPoint())
        delegate = self.itemDelegate()
        if index.isValid() and event.button() == Qt.MouseButton.LeftButton and isinstance(delegate, EntityDelegate):
            badge = delegate.badge_rect(self.visualRect(index), index)
            if badge is not None and badge.contains(event.position().toPoint()):
                self.badge_clicked.emit(index.data(EntityRole), self.viewport().mapToGlobal(badge.bottomLeft()))
                return
        super().mousePressEvent(event)

    def reset(self) -> None:
        super().reset()
        self.expandAll()


class EntitySidebar(QWidget):
    """Lists the article's people, organisations, places, dates and other names."""

    entity_chosen = Signal(object)  # an Entity was clicked or moved to with the keyboard
    context_menu_requested = Signal(QPoint)  # at a point of the list's viewport
    filled = Signal(int)  # the list was filled: how many entities the article has
    restyled = Signal()  # the theme changed: colours drawn from it (marks) should be redone

    def __init__(self, parent: QWidget | None = None, theme: Callable[[], Theme] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entities")
        self.setAccessibleName("Entities")
        self.theme = theme or (lambda: getattr(self.window(), "theme", LIGHT))
        self.model = EntityModel(self)
        self._styling = False

        self.filter = search_field(self, "entityFilter", "Filter entities by name", "Filter names")
        self.filter.textChanged.connect(lambda text: self._keeping(self.model.set_filter, text))
        self.sort_button = QToolButton(self)
        self.sort_button.setObjectName("entitySort")
        self.sort_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.sort_menu = QMenu(self.sort_button)
        self.sort_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for key, label in SORTS.items():
            action = self.sort_menu.addAction(label)
            action.setCheckable(True)
            action.setObjectName(f"entity_sort_{key}")
            action.triggered.connect(lambda _c=False, k=key: self.set_sort(k))
            group.addAction(action)
            self.sort_actions[key] = action
        self.sort_menu.addSeparator()
        self.show_hidden_action = self.sort_menu.addAction("Show Hidden Entities")
        self.show_hidden_action.setObjectName("entity_show_hidden")
        self.show_hidden_action.setCheckable(True)
        self.show_hidden_action.toggled.connect(lambda on: self._keeping(self.model.set_show_hidden, on))
        self.sort_button.setMenu(self.sort_menu)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("entityProgress")
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(3)
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.status = QLabel("Open an article to see who and what it is about.", self)
        self.status.setObjectName("entityStatus")
        self.status.setWordWrap(True)

        self.view = EntityView(self)
        self.view.setModel(self.model)
        self.delegate = EntityDelegate(self.theme, self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.clicked.connect(self._on_clicked)
        self.view.moved.connect(self._on_clicked)
        self.view.customContextMenuRequested.connect(self.context_menu_requested)

        self.footer = QLabel("", self)
        self.footer.setObjectName("entityMode")
        self.footer.setWordWrap(True)
        self.footer.setFont(ui_font(8.5))

        top = QHBoxLayout()
        top.setContentsMargins(8, 6, 8, 4)
        top.setSpacing(6)
        top.addWidget(self.filter, 1)
        top.addWidget(self.sort_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.footer)
        self.apply_theme()
        self.set_sort("count")

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._styling:
            self.apply_theme()
            self.restyled.emit()

    def apply_theme(self) -> None:
        """Colours of the parts the application style sheet does not reach."""
        self._styling = True
        try:
            self._apply_theme()
        finally:
            self._styling = False

    def _apply_theme(self) -> None:
        t = self.theme()
        self.status.setStyleSheet(f"QLabel {{ color: {t.muted}; padding: 10px 12px; }}")
        self.footer.setStyleSheet(f"QLabel {{ color: {t.muted}; padding: 5px 12px 6px 12px; "
                                  f"border-top: 1px solid {t.rule}; }}")
        self.progress.setStyleSheet(f"QProgressBar {{ border: none; background: transparent; }} "
                                    f"QProgressBar::chunk {{ background: {t.accent}; }}")
        self.view.viewport().update()

    # -- content ---------------------------------------------------------------------------------
    def show_entities(self, entities: list[Entity], hidden=None, others=None, keep: tuple | None = None) -> None:
        """Fill the list; ``keep`` = (name, type) of the entity to keep selected, if still there."""
        self.model.set_entities(entities, hidden, others)
        if keep is not None:
            index = self.model.index_of(*keep)
            if index.isValid():
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
        if entities:
            self.status.hide()
        else:
            self.status.setText("No names found in this article.")
            self.status.show()
        self.filled.emit(len(entities))

    def show_waiting(self, text: str = "Reading the article for names…") -> None:
        self.model.set_entities([])
        self.status.setText(text)
        self.status.show()
        self.set_progress(None)

    def set_progress(self, fraction: float | None) -> None:
        """Show work under way: 0..1 = that far; ``None`` (under way, how far unknown: the footer
        says what is still reading) and anything else hide the bar. No busy animation: Qt's
        repaints the bar some 60 times a second, ~5 ms each, for as long as a long extraction
        runs, on the thread the reader scrolls on."""
        if fraction is not None and 0 <= fraction < 1:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(fraction * 1000))
            self.progress.show()
        else:
            self.progress.hide()

    def set_mode_text(self, text: str, tooltip: str = "") -> None:
        self.footer.setText(text)
        self.footer.setToolTip(tooltip)

    def _keeping(self, change, *args) -> None:
        """Run a change that rebuilds the list, keeping the current entity selected."""
        current = self.current_entity()
        change(*args)
        if current is not None:
            index = self.model.index_of(current.name, current.type)
            if index.isValid():
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)

    def set_sort(self, how: str) -> None:
        self._keeping(self.model.set_sort, how)
        self.sort_actions[self.model.sort].setChecked(True)
        self.sort_button.setText(f"{SORTS[self.model.sort]} ▾")
        self.sort_button.setToolTip("Sort the names; show hidden ones")

    # -- selection -------------------------------------------------------------------------------
    def current_entity(self) -> Entity | None:
        return self.model.entity(self.view.currentIndex())

    def selected_entities(self) -> list[Entity]:
        rows = [self.model.entity(i) for i in self.view.selectionModel().selectedIndexes()]
        return [e for e in rows if e is not None]

    def choose(self, name: str, etype: str | None = None) -> bool:
        """Select the named entity (as a click would); returns whether it is in the list."""
        index = self.model.index_of(name, etype)
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self._on_clicked(index)
        return True

    def _on_clicked(self, index: QModelIndex) -> None:
        entity = self.model.entity(index)
        if entity is not None and not self.model.is_hidden(index):
            self.entity_chosen.emit(entity)
