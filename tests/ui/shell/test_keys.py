"""Every shortcut of the running window is one distinct key press: none given twice to an action,
none shared by two actions that can fire in the same place (Qt refuses both: "Ambiguous shortcut
overload")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from desktop.core.keys import press
from desktop.ui.shell.keys import sequences

WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def _presses(action: QAction) -> list[str]:
    return [press(k.toString(QKeySequence.SequenceFormat.PortableText)) for k in action.shortcuts()]


def test_no_action_has_a_key_press_twice_and_no_two_share_one(window):
    actions = [a for a in window.findChildren(QAction) if a.shortcuts()]
    assert len(actions) > 25  # the features' actions are there: the window as gloss builds it
    owner: dict[str, str] = {}
    for action in actions:
        presses = _presses(action)
        assert len(presses) == len(set(presses)), (action.objectName(), presses)
        if action.shortcutContext() not in WIDE:
            continue
        for p in presses:
            assert p not in owner, f"{p}: {owner.get(p)} and {action.objectName() or action.text()}"
            owner[p] = action.objectName() or action.text()


def test_the_readme_keys_are_bound(window):
    """Redo answers Ctrl+Shift+Z and Ctrl+Y on every platform; line spacing Ctrl+Shift+] and [."""
    bound = {p for a in window.findChildren(QAction) for p in _presses(a)}
    for keys in ("Ctrl+Shift+Z", "Ctrl+Y", "Ctrl+-", "Ctrl+=", "Ctrl+Shift+]", "Ctrl+Shift+[", "Ctrl+]", "Ctrl+["):
        assert press(keys) in bound, keys


def test_sequences_expand_standard_keys_and_drop_repeats(qapp):
    got = [k.toString(QKeySequence.SequenceFormat.PortableText)
           for k in sequences("Ctrl+-", QKeySequence.StandardKey.ZoomOut, "Ctrl+-")]
    assert got[0] == "Ctrl+-" and got.count("Ctrl+-") == 1


def test_redo_and_smaller_text_work_from_the_keyboard(window, qtbot):
    """The keys the issue found dead: pressed on the window, they act."""
    size = window.reader.font_size
    qtbot.keyClick(window.reader, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.font_size == size - 1
    spacing = window.reader.line_spacing
    qtbot.keyClick(window.reader, Qt.Key.Key_BracketRight,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert abs(window.reader.line_spacing - (spacing + 0.1)) < 1e-9
    text = window.article.text
    start = text.index("NATO")
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(window.reader.to_qt(start))
    cursor.setPosition(window.reader.to_qt(start + 4), QTextCursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)
    count = len(window.highlighter.annotations.records)
    window.highlighter.highlight_selection("green")
    qtbot.keyClick(window.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.highlighter.annotations.records) == count
    qtbot.keyClick(window.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(window.highlighter.annotations.records) == count + 1
    qtbot.keyClick(window.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.reader, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(window.highlighter.annotations.records) == count + 1


def test_window_commands_work_from_a_text_field_that_claims_their_keys(window, qtbot):
    """Ctrl+E (export notes) from inside a text field that takes the key for itself, as a line edit
    does on X11 (end of line: the off-screen platform's does not, so the field here claims every
    key, as the worst case); the keys a field needs (Ctrl+A, typing) stay the field's."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QLineEdit

    class Greedy(QLineEdit):
        def event(self, event):  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()  # "mine": no shortcut may take this key press
                return True
            return super().event(event)

    exported = []
    action = next(a for a in window.findChildren(QAction) if a.objectName() == "export_notes")
    action.triggered.disconnect()
    action.triggered.connect(lambda: exported.append(True))
    field = Greedy(window.search_panel)
    field.show()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, "nato")
    qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert exported == [True]
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert field.selectedText() == "nato"  # select-all is the field's
    qtbot.keyClick(field, Qt.Key.Key_X)
    assert field.text() == "x"
