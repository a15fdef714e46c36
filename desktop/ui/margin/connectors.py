"""The thin ties in the margin's gutter from each passage's first line to its card."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect
from PySide6.QtGui import QPainter, QPainterPath, QPen

from ...core.margin import NOTE
from ..reader.view import GUTTER
from .style import tone


def connector_set(column) -> set[tuple]:
    """What the ties shown look like now: (passage y, card y, colour, selected) per note card."""
    scroll = column.reader.verticalScrollBar().value()
    selected = column.annotations.selected
    return {(c.entry.ideal - scroll, c.entry.top - scroll, c.entry.record["color"], k == selected)
            for k, c in column.cards.items() if c.entry is not None and c.entry.kind == NOTE}


def changed_strip(before: set[tuple], after: set[tuple]) -> QRect | None:
    """The part of the gutter strip left of the cards to repaint, where the ties changed."""
    changed = before ^ after
    if not changed:
        return None
    y0 = min(min(a, b) for a, b, _c, _s in changed) - 4
    y1 = max(max(a, b) for a, b, _c, _s in changed) + 40
    return QRect(0, int(y0), GUTTER + 1, int(y1 - y0))


def paint_connectors(column, painter: QPainter, area: QRect) -> None:
    """Draw the ties of the cards shown that cross ``area``: straight when the card is level with
    its passage, else a bend down (or up) the gutter."""
    theme = column.reader.theme
    ann = column.annotations
    scroll = column.reader.verticalScrollBar().value()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    mid = column.style.header_height() / 2 + 7 if column.style else 12  # the card's label line
    line_mid = column.reader.fontMetrics().height() / 2 + 1  # the middle of the passage's first line
    for key, card in column.cards.items():
        entry = card.entry
        if entry is None or entry.kind != NOTE:
            continue
        lo, hi = sorted((entry.ideal - scroll, entry.top - scroll))
        if hi + max(mid, line_mid) + 4 < area.top() or lo - 4 > area.bottom():
            continue
        colour = tone(ann.color(entry.record["color"], theme.dark), theme.dark, 0.62 if theme.dark else 0.5)
        colour.setAlpha(230 if key == ann.selected else 150)
        painter.setPen(QPen(colour, 1.2))
        y_ideal = entry.ideal - scroll + line_mid
        y_card = entry.top - scroll + mid
        path = QPainterPath(QPointF(3, y_ideal))
        if entry.top - scroll + 2 <= y_ideal <= entry.top - scroll + entry.height - 4:
            path.lineTo(QPointF(GUTTER - 1, y_ideal))  # the card is level with its passage: a straight tie
        else:
            bend = GUTTER * 0.55
            step = 4 if y_card > y_ideal else -4
            path.lineTo(QPointF(bend - 4, y_ideal))
            path.cubicTo(QPointF(bend, y_ideal), QPointF(bend, y_ideal), QPointF(bend, y_ideal + step))
            path.lineTo(QPointF(bend, y_card - step))
            path.cubicTo(QPointF(bend, y_card), QPointF(bend, y_card), QPointF(bend + 4, y_card))
            path.lineTo(QPointF(GUTTER - 1, y_card))
        painter.drawPath(path)
