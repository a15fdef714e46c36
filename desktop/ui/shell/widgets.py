"""Small widget builders the panes share."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionViewItem, QWidget


def search_field(parent: QWidget, name: str, accessible: str, placeholder: str) -> QLineEdit:
    """A filter or search box: named for tests and screen readers, a hint, and a clear button."""
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setAccessibleName(accessible)
    field.setPlaceholderText(placeholder)
    field.setClearButtonEnabled(True)
    return field


def paint_row_background(painter: QPainter, option: QStyleOptionViewItem) -> QColor:
    """A list row's background: the rule colour when selected, a wash of it under the mouse.

    Returns the rule colour, which the rows also use for their thin lines.
    """
    rule = option.palette.color(QPalette.ColorRole.Mid)
    if option.state & QStyle.StateFlag.State_Selected:
        painter.fillRect(option.rect, rule)
    elif option.state & QStyle.StateFlag.State_MouseOver:
        wash = QColor(rule)
        wash.setAlpha(110)
        painter.fillRect(option.rect, wash)
    return rule
