"""Small widget builders the panes share."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFontMetrics, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionViewItem, QWidget


def search_field(parent: QWidget, name: str, accessible: str, *placeholders: str) -> QLineEdit:
    """A filter or search box: named for tests and screen readers, a hint (the longest of
    ``placeholders`` that fits, see ``fit_placeholder``), and a clear button."""
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setAccessibleName(accessible)
    field.setClearButtonEnabled(True)
    fit_placeholder(field, *placeholders)
    return field


class _PlaceholderFit(QObject):
    """Keeps a field's hint the longest of its choices that fits the field's width."""

    def __init__(self, field, choices: tuple[str, ...]) -> None:
        super().__init__(field)
        self.choices = choices
        field.installEventFilter(self)
        self.fit(field)

    def fit(self, field) -> None:
        metrics = QFontMetrics(field.font())
        room = field.width() - (34 if field.isClearButtonEnabled() else 14)  # frame, margins, clear button
        text = next((c for c in self.choices if metrics.horizontalAdvance(c) <= room), self.choices[-1])
        if field.placeholderText() != text:
            field.setPlaceholderText(text)
        field.setToolTip(self.choices[0] if text != self.choices[0] else "")

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange):
            self.fit(obj)
        return False


def fit_placeholder(field, *choices: str) -> None:
    """Show in line edit ``field`` the longest hint of ``choices`` (longest
    first) that fits it, never one cut off; the full hint is the tooltip when a shorter one shows."""
    if len(choices) == 1:
        field.setPlaceholderText(choices[0])
        return
    field._placeholder_fit = _PlaceholderFit(field, choices)


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


def wrap_lines(text: str, metrics: QFontMetricsF, width: float, most: int) -> list[str]:
    """``text`` word-wrapped to ``width``: at most ``most`` lines, the last elided if it had to stop."""
    elide = Qt.TextElideMode.ElideRight
    words, lines, line = " ".join(text.split()).split(" "), [], ""
    for i, word in enumerate(words):
        trial = f"{line} {word}".strip()
        if metrics.horizontalAdvance(trial) <= width or not line:
            line = trial
            continue
        lines.append(line)
        if len(lines) == most - 1:
            lines.append(metrics.elidedText(" ".join(words[i:]), elide, width))
            return lines
        line = word
    if line:
        lines.append(metrics.elidedText(line, elide, width))
    return lines[:most]
