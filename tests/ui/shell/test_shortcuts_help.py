"""Help ▸ Keyboard Shortcuts lists every action from the menus (so it never goes stale); no key is bound twice."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from desktop.ui.shell.shortcuts_help import ShortcutsDialog, markdown_table, shortcut_table


def test_the_dialog_lists_every_menu_action_with_its_keys(window, qtbot):
    table = shortcut_table(window)
    listed = {(text, keys) for _menu, text, keys in table}
    for expected in [("Find in Article", "Ctrl+F"), ("Search Library", "Ctrl+Shift+F"), ("Open", "Ctrl+O"),
                     ("Undo", "Ctrl+Z"), ("Keyboard Shortcuts", "F1, Ctrl+/"), ("Filter Library", "Ctrl+L")]:
        assert expected in listed
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    assert len(dialog.visible_rows()) >= len(table)
    dialog.filter.setText("ctrl+shift+f")
    assert dialog.visible_rows() == [("Search Library", "Ctrl+Shift+F")]


def test_a_new_action_shows_up_without_anyone_updating_the_help(window):
    action = QAction("Frobnicate", window)
    action.setShortcut(QKeySequence("Ctrl+Alt+Shift+F"))
    window.help_menu.addAction(action)
    assert ("Help", "Frobnicate", "Ctrl+Alt+Shift+F") in shortcut_table(window)
    assert "| Help | Frobnicate | Ctrl+Alt+Shift+F |" in markdown_table(window)


def test_f1_opens_the_dialog(window, qtbot):
    seen = []

    def close_it():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        if dialog is not None:
            dialog.reject()

    QTimer.singleShot(200, close_it)
    qtbot.keySequence(window, QKeySequence(QKeySequence.StandardKey.HelpContents))
    assert seen and isinstance(seen[0], ShortcutsDialog)


def test_no_key_triggers_two_different_actions(window):
    owners = defaultdict(set)
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            if not key.isEmpty():
                owners[key.toString()].add(action.objectName() or action.text())
    clashes = {key: names for key, names in owners.items() if len(names) > 1}
    assert clashes == {}
