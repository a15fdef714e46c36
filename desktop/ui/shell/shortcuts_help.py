"""Help ▸ Keyboard Shortcuts: a dialog generated from the window's own actions, so it never goes stale.

Every action in the menu bar (and submenus) is listed under its menu with its shortcuts in the
platform's notation; keys that work only in one place and are not actions (Enter in the find
field, ...) are registered with ``register_keys`` by the feature that handles them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QMenu, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout)

from .keys import set_keys
from .widgets import search_field

CONTEXT_KEYS: list[tuple[str, str, str]] = [
    # (where, keys, what): keys handled inside one widget rather than by an action
    ("Find bar", "Enter / Shift+Enter", "Next / previous match"),
    ("Find bar", "Esc", "Close the find bar"),
    ("Search panel", "Enter", "Open the best result"),
    ("Search panel", "Down", "Move into the results"),
    ("Library list", "Enter", "Open the selected article"),
    ("Library filter", "Enter", "Open the first article shown"),
]


def register_keys(where: str, keys: str, what: str) -> None:
    """Add a context key to the dialog (for keys a widget handles itself)."""
    if (where, keys, what) not in CONTEXT_KEYS:
        CONTEXT_KEYS.append((where, keys, what))


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").split("\t")[0].rstrip(".…")


def keys_text(action: QAction) -> str:
    """The action's shortcuts in the platform's notation, each once."""
    keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
    return ", ".join(dict.fromkeys(keys))


def shortcut_table(window) -> list[tuple[str, str, str]]:
    """(menu path, action, keys) for every action in the menu bar, in menu order; keys may be ""."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            sub = action.menu()
            if sub is not None:
                walk(sub, f"{path} ▸ {_clean(action.text())}")
                continue
            if id(action) in seen or not _clean(action.text()):
                continue
            seen.add(id(action))
            rows.append((path, _clean(action.text()), keys_text(action)))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), _clean(top.text()))
    return rows


def markdown_table(window) -> str:
    """The same list as a Markdown table (for the README)."""
    lines = ["| Menu | Action | Keys |", "|---|---|---|"]
    lines += [f"| {menu} | {text} | {keys or '—'} |" for menu, text, keys in shortcut_table(window)]
    lines += [f"| {where} | {what} | {keys} |" for where, keys, what in CONTEXT_KEYS]
    return "\n".join(lines)


class ShortcutsDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        self.filter = search_field(self, "shortcutsFilter", "Filter shortcuts", "Filter: an action or a key")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("shortcutsTree")
        self.tree.setAccessibleName("Shortcuts by menu")
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        groups: dict[str, QTreeWidgetItem] = {}

        def group(name: str) -> QTreeWidgetItem:
            if name not in groups:
                item = QTreeWidgetItem(self.tree, [name, ""])
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
                item.setFirstColumnSpanned(True)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[name] = item
            return groups[name]

        for menu, text, keys in shortcut_table(window):
            QTreeWidgetItem(group(menu), [text, keys or "—"])
        for where, keys, what in CONTEXT_KEYS:
            QTreeWidgetItem(group(f"In the {where.lower()}" if not where.startswith("In ") else where), [what, keys])
        self.tree.setRootIsDecorated(False)
        self.tree.expandAll()
        self.tree.setItemsExpandable(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self.apply_filter)
        self.resize(520, 560)

    def apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            shown = 0
            for j in range(top.childCount()):
                child = top.child(j)
                hay = f"{top.text(0)} {child.text(0)} {child.text(1)}".casefold()
                hide = not all(w in hay for w in words)
                child.setHidden(hide)
                shown += not hide
            top.setHidden(shown == 0)

    def visible_rows(self) -> list[tuple[str, str]]:
        rows = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                if not top.isHidden() and not top.child(j).isHidden():
                    rows.append((top.child(j).text(0), top.child(j).text(1)))
        return rows


def install(window) -> None:
    """Help ▸ Keyboard Shortcuts (F1, Ctrl+/)."""
    action = QAction("&Keyboard Shortcuts", window)
    action.setObjectName("keyboard_shortcuts")
    set_keys(action, QKeySequence.StandardKey.HelpContents, "Ctrl+/")
    action.triggered.connect(lambda: ShortcutsDialog(window).exec())
    help_menu = window.help_menu
    help_menu.insertAction(help_menu.actions()[0] if help_menu.actions() else None, action)
