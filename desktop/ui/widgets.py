"""Small widget builders the panes share."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget


def search_field(parent: QWidget, name: str, accessible: str, placeholder: str) -> QLineEdit:
    """A filter or search box: named for tests and screen readers, a hint, and a clear button."""
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setAccessibleName(accessible)
    field.setPlaceholderText(placeholder)
    field.setClearButtonEnabled(True)
    return field
