"""Giving an action its shortcuts: each key press once, whatever spellings and platform keys
(``QKeySequence.StandardKey``, its main binding here) were asked for (see ``core.keys``)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from ...core.keys import unique_presses


def sequences(*keys) -> list[QKeySequence]:
    """The key sequences for ``keys`` (strings, sequences, or standard keys: the platform's main
    binding), each distinct key press once, in the order given."""
    found = [key if isinstance(key, QKeySequence) else QKeySequence(key) for key in keys if key is not None]
    portable = [k.toString(QKeySequence.SequenceFormat.PortableText) for k in found]
    return [found[i] for i in unique_presses(portable)]


def set_keys(action: QAction, *keys) -> QAction:
    action.setShortcuts(sequences(*keys))
    return action
