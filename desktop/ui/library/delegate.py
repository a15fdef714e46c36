"""The library list's rows as painted: the title (up to two lines), source and date, counts and tags, progress."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ...core.library import counts, details, tags_text
from ..shell.theme import ui_font
from ..shell.widgets import wrap_lines
from .model import ROW

PAD_X, PAD_Y, GAP, BAR = 10, 8, 2, 3


class ArticleDelegate(QStyledItemDelegate):
    """Paints a row: the title (up to two lines), source and date, counts and tags, progress."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view
        self._fonts_for: float | None = None
        self._fonts: tuple[QFont, QFont] = (QFont(), QFont())

    def fonts(self) -> tuple[QFont, QFont]:
        base = self.view.font().pointSizeF()
        if self._fonts_for != base:
            self._fonts = ui_font(base + 0.5, bold=True), ui_font(max(7.0, base - 1.0))
            self._fonts_for = base
        return self._fonts

    def _title_lines(self, title: str, width: float, font: QFont) -> list[str]:
        """The title word-wrapped to ``width``: at most two lines, the second elided."""
        return wrap_lines(title, QFontMetricsF(font), width, 2) or [""]

    def _width(self, option: QStyleOptionViewItem) -> float:
        width = option.rect.width() if option.rect.width() > 0 else self.view.viewport().width()
        return max(60.0, width - 2 * PAD_X)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        """One height for every row (two title lines, two small lines), so 10,000 rows lay out at once."""
        title_font, small = self.fonts()
        height = PAD_Y * 2 + 2 * QFontMetricsF(title_font).height() + 2 * (QFontMetricsF(small).height() + GAP) + BAR + 2
        return QSize(200, int(height + 0.5))

    @staticmethod
    def _third_line(row: dict) -> str:
        return "   ".join(v for v in (counts(row), tags_text(row)) if v)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row = index.data(ROW)
        if row is None:
            return
        pal: QPalette = option.palette
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = pal.color(QPalette.ColorRole.WindowText)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        accent = pal.color(QPalette.ColorRole.Highlight)
        rule = pal.color(QPalette.ColorRole.Mid)
        if selected:
            painter.fillRect(rect, rule)
        elif hovered:
            wash = QColor(rule)
            wash.setAlpha(110)
            painter.fillRect(rect, wash)
        model = index.model()
        if getattr(model, "current", None) == row["id"]:
            painter.fillRect(QRectF(rect.left(), rect.top() + 4, 3, rect.height() - 8), accent)
        title_font, small = self.fonts()
        width = self._width(option)
        title_h = QFontMetricsF(title_font).height()
        small_h = QFontMetricsF(small).height()
        lines = self._title_lines(row["title"], width, title_font)
        below = sum(1 for text in (details(row), self._third_line(row)) if text)
        content = len(lines) * title_h + below * (small_h + GAP)
        room = rect.height() - 2 * PAD_Y - BAR - 2
        x, y = rect.left() + PAD_X, rect.top() + PAD_Y + max(0.0, (room - content) / 2)  # centred in the row
        painter.setFont(title_font)
        painter.setPen(ink)
        for line in lines:
            painter.drawText(QRectF(x, y, width, title_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
            y += title_h
        painter.setFont(small)
        metrics = QFontMetricsF(small)
        small_h = metrics.height()
        second = details(row)
        if second:
            painter.setPen(muted)
            painter.drawText(QRectF(x, y + GAP, width, small_h), Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(second, Qt.TextElideMode.ElideRight, width))
            y += small_h + GAP
        tally = counts(row)
        if tally or row["tags"]:
            painter.setPen(muted)
            left = x
            if tally:
                painter.drawText(QRectF(left, y + GAP, width, small_h), Qt.AlignmentFlag.AlignLeft,
                                 metrics.elidedText(tally, Qt.TextElideMode.ElideRight, width))
                left += metrics.horizontalAdvance(tally) + metrics.horizontalAdvance("   ")
            if row["tags"] and left < x + width - 20:
                painter.setPen(accent)
                tags = tags_text(row)
                painter.drawText(QRectF(left, y + GAP, x + width - left, small_h), Qt.AlignmentFlag.AlignLeft,
                                 metrics.elidedText(tags, Qt.TextElideMode.ElideRight, x + width - left))
        progress = float(row["progress"] or 0.0)
        if progress > 0.005:
            track = QRectF(x, rect.bottom() - BAR - 3, width, BAR)
            faint = QColor(rule if not selected else muted)
            faint.setAlpha(160)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(faint)
            painter.drawRoundedRect(track, 1.5, 1.5)
            painter.setBrush(accent)
            painter.drawRoundedRect(QRectF(track.left(), track.top(), max(BAR, track.width() * min(1.0, progress)),
                                           BAR), 1.5, 1.5)
        painter.setPen(rule)
        painter.drawLine(rect.left() + PAD_X, rect.bottom(), rect.right() - PAD_X, rect.bottom())
        painter.restore()
