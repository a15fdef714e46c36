"""Window shortcuts: each action's key presses once, whatever spellings and platform keys
(``QKeySequence.StandardKey``, its main binding here) were asked for (see ``core.keys``); and the
window's commands working wherever the focus is (``WindowKeysFirst``)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from ...core.keys import press, unique_presses


def sequences(*keys) -> list[QKeySequence]:
    """The key sequences for ``keys`` (strings, sequences, or standard keys: the platform's main
    binding), each distinct key press once, in the order given."""
    found = [key if isinstance(key, QKeySequence) else QKeySequence(key) for key in keys if key is not None]
    portable = [k.toString(QKeySequence.SequenceFormat.PortableText) for k in found]
    return [found[i] for i in unique_presses(portable)]


def set_keys(action: QAction, *keys) -> QAction:
    action.setShortcuts(sequences(*keys))
    return action


# What a text field needs for itself even when a window command has the same keys.
FIELD_KEYS = frozenset(press(k) for k in (
    "Ctrl+A", "Ctrl+C", "Ctrl+V", "Ctrl+X", "Ctrl+Z", "Ctrl+Y", "Ctrl+Shift+Z", "Ctrl+Left", "Ctrl+Right",
    "Ctrl+Shift+Left", "Ctrl+Shift+Right", "Ctrl+Backspace", "Ctrl+Del", "Ctrl+Home", "Ctrl+End",
    "Ctrl+Shift+Home", "Ctrl+Shift+End", "Ctrl+Insert", "Shift+Insert", "Shift+Del"))


class WindowKeysFirst(QObject):
    """Window commands (Ctrl+E, Ctrl+Shift+M, ...) work wherever the focus is: a text field that would
    take their keys for itself (a line edit takes Ctrl+E, Ctrl+K, ...) is passed over, except for
    the keys editing needs (``FIELD_KEYS``) and keys without Ctrl or Alt (typing)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self._presses: frozenset[str] | None = None
        self._watched: set[int] = set()

    def on_focus_changed(self, _old, new) -> None:
        """A text field of this window got the focus: watched from now on (once per field; the
        filter is on the fields, not the whole application, so other events never reach Python)."""
        if isinstance(new, (QLineEdit, QPlainTextEdit)) and id(new) not in self._watched and new.window() is self.window:
            self._watched.add(id(new))
            new.installEventFilter(self)
            new.destroyed.connect(lambda _obj=None, key=id(new): self._watched.discard(key))

    def presses(self) -> frozenset[str]:
        if self._presses is None:
            self._presses = frozenset(
                press(k.toString(QKeySequence.SequenceFormat.PortableText))
                for action in self.window.findChildren(QAction)
                if action.shortcutContext() in (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
                for k in action.shortcuts())
        return self._presses

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        if not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        combo = QKeySequence(event.keyCombination()).toString(QKeySequence.SequenceFormat.PortableText)
        name = press(combo)
        if name in FIELD_KEYS or name not in self.presses():
            return False
        event.ignore()  # not the field's: the window's shortcut fires
        return True


def install(window) -> None:
    from PySide6.QtWidgets import QApplication

    window.keys_first = WindowKeysFirst(window)
    QApplication.instance().focusChanged.connect(window.keys_first.on_focus_changed)
