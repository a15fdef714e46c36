"""Entity context menus: the sidebar's, the reader's, and "Also in N Other Articles", plus drops onto an entry."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu

from ...core.entities import Entity
from ...store import entities as store
from .actions import TYPES, NavigatorPart, shorten
from .model import HiddenRole


class EntityMenus(NavigatorPart):
    """The menus of one navigator; what they offer is done by its ``actions`` and ``marks``."""

    def __init__(self, nav) -> None:
        super().__init__(nav)
        self.sidebar.view.badge_clicked.connect(self._on_badge)
        self.sidebar.context_menu_requested.connect(self._on_context_menu)
        self.sidebar.model.merge_requested.connect(self._on_dropped)
        self._viewport = self.reader.viewport()
        self._viewport.installEventFilter(self)

    # -- other articles --------------------------------------------------------------------------
    def others_menu(self, entity: Entity, parent) -> QMenu:
        nav = self.nav
        menu = QMenu(parent)
        menu.setObjectName("entityOthersMenu")
        rows = store.articles_mentioning(self.library, entity.name, entity.type, nav.article_id, entity.aliases)
        menu.setTitle(f"Also in {len(rows)} Other Article{'s' if len(rows) != 1 else ''}")
        menu.setProperty("count", len(rows))
        for row in rows[:40]:
            _item(menu, f"{shorten(row['title'], 60)}  ({row['mentions']})", f"entity_other_{row['id']}",
                  lambda _c=False, r=row: self.open_other(r, entity))
        if not rows:
            menu.addAction("Not named in other articles").setEnabled(False)
        return menu

    def open_other(self, row: dict, entity: Entity) -> None:
        """Open another article at its first mention of the entity, with its mentions marked."""
        self.nav.focus_on_load({entity.name, *entity.aliases, row["name"]}, entity.type, row["id"])
        first = row.get("first")
        if first is None:
            self.window.open_article(row["id"])
        else:
            self.window.open_article(row["id"], then=lambda: self.nav.marks.centre_on(int(first)), at=int(first))

    def _on_badge(self, entity: Entity, where: QPoint) -> None:
        menu = self.others_menu(entity, self.sidebar)
        menu.exec(where)
        menu.deleteLater()

    # -- the sidebar -----------------------------------------------------------------------------
    def context_menu(self, pos: QPoint) -> QMenu | None:
        """The sidebar's context menu for the entity at ``pos`` (of the list's viewport)."""
        view, model = self.sidebar.view, self.sidebar.model
        actions, marks = self.nav.actions, self.nav.marks
        index = view.indexAt(pos)
        entity = model.entity(index)
        if entity is None:
            return None
        selected = self.sidebar.selected_entities()
        if entity not in selected:
            view.setCurrentIndex(index)
            selected = [entity]
        menu = QMenu(view)
        menu.setObjectName("entityContextMenu")
        hidden_id = model.data(index, HiddenRole)
        if hidden_id is not None:
            menu.addAction("Show Again").triggered.connect(lambda: actions.show_again(hidden_id, entity.name))
            return menu
        _item(menu, "Show Mentions", "entity_show", lambda: marks.select_entity(entity))
        menu.addSeparator()
        _item(menu, "Rename…", "entity_rename", lambda: actions.rename(entity))
        types = menu.addMenu("Type")
        types.setObjectName("entityTypeMenu")
        for key, label in TYPES:
            action = _item(types, label, f"entity_type_{key}", lambda _c=False, k=key: actions.retype(entity, k))
            action.setCheckable(True)
            action.setChecked(key == entity.type)
        if len(selected) >= 2:
            _item(menu, f"Merge {len(selected)} into “{shorten(entity.name)}”", "entity_merge",
                  lambda: actions.merge(selected, entity))
        if entity.aliases:
            split = menu.addMenu("Split Off")
            split.setObjectName("entitySplitMenu")
            for alias in entity.aliases:
                action = split.addAction(f"“{shorten(alias)}”")
                action.triggered.connect(lambda _c=False, a=alias: actions.split(entity, a))
        _item(menu, "Hide", "entity_hide", lambda: actions.hide(entity))
        menu.addSeparator()
        colours = menu.addMenu("Highlight All Mentions")
        colours.setObjectName("entityHighlightMenu")
        from ...store.highlights import colors

        for c in colors(self.library):
            _item(colours, c["label"], f"entity_highlight_{c['key']}",
                  lambda _c=False, k=c["key"]: actions.highlight_all(entity, k))
        others = self.others_menu(entity, menu)
        if others.property("count"):
            menu.addMenu(others)
        else:  # no submenu to open onto nothing
            others.deleteLater()
            menu.addAction("Not named in other articles").setEnabled(False)
        copy = menu.addAction("Copy Name")
        copy.triggered.connect(lambda: QApplication.clipboard().setText(entity.name))
        return menu

    def _on_context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu(pos)
        if menu is not None:
            menu.exec(self.sidebar.view.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def _on_dropped(self, sources: list[tuple], target: tuple) -> None:
        by_key = {(e.name, e.type): e for e in self.nav.entities}
        into = by_key.get(tuple(target))
        picked = [by_key[tuple(s)] for s in sources if tuple(s) in by_key]
        if into is not None and picked:
            self.nav.actions.merge(picked, into)

    # -- the reader ------------------------------------------------------------------------------
    def reader_menu_actions(self, pos: QPoint) -> list[QAction]:
        """Entity actions for the reader's context menu at a viewport point."""
        actions, text = [], self.nav.text
        span = self.reader.selected_span()
        if span is not None and text[span[0]:span[1]].strip():
            add = QAction(f"Add “{shorten(text[span[0]:span[1]], 24)}” as Entity…", self)
            add.setObjectName("entity_add_selection_menu")
            add.triggered.connect(lambda: self.nav.actions.add_selection())
            actions.append(add)
        elif text:
            entity = self.nav.marks.entity_at(self.reader.from_qt(self.reader.cursorForPosition(pos).position()))
            if entity is not None:
                show = QAction(f"Show Mentions of “{shorten(entity.name, 24)}”", self)
                show.triggered.connect(lambda: self.sidebar.choose(entity.name, entity.type)
                                       or self.nav.marks.select_entity(entity))
                actions.append(show)
        return actions

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if obj is self._viewport and event.type() == QEvent.Type.ContextMenu and self.nav.article_id is not None:
            extra = self.reader_menu_actions(event.pos())
            if not extra:
                return False
            highlighter = getattr(self.window, "highlighter", None)
            menu = highlighter.context_menu(event.pos()) if highlighter is not None \
                else self.reader.createStandardContextMenu(self.reader.viewport().mapTo(self.reader, event.pos()))
            first = menu.actions()[0] if menu.actions() else None
            for action in extra:
                action.setParent(menu)
                menu.insertAction(first, action)
            if first is not None:
                menu.insertSeparator(first)
            menu.exec(event.globalPos())
            menu.deleteLater()
            return True
        return False


def _item(menu: QMenu, text: str, name: str, slot) -> QAction:
    """An action added to ``menu``, named ``name`` (tests find it by that), running ``slot``."""
    action = menu.addAction(text)
    action.setObjectName(name)
    action.triggered.connect(slot)
    return action
