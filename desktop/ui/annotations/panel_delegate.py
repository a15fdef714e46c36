"""The annotations panel's rows as painted: a colour stripe, label and tags, the quote in the reading face, the note."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QListView, QStyledItemDelegate, QStyleOptionViewItem

from ...core.annotations import marks
from ..shell.theme import reading_font, ui_font
from ..shell.widgets import paint_row_background, wrap_lines
from .panel_model import RECORD, AnnotationsModel

PAD_X, PAD_Y, STRIPE = 12, 7, 4


class AnnotationDelegate(QStyledItemDelegate):
    """Every row the same height (so 10,000 highlights lay out at once): a colour stripe, the label
    and tags, the quote in the reading face (two lines, three without a note) and the note (one line).
    """

    def __init__(self, view: QListView, model: AnnotationsModel) -> None:
        super().__init__(view)
        self.view = view
        self.model = model
        self.article = None  # the open article: its page numbers label the rows
        self._fonts_for: float | None = None
        self._fonts: tuple = ()
        self._texts: dict[tuple, tuple] = {}  # what a row shows -> its lines, wrapped and elided

    def fonts(self):
        size = self.view.font().pointSizeF()
        if self._fonts_for != size:
            quote = reading_font(size)
            quote.setItalic(True)
            label, note = ui_font(size - 1.5, bold=True), ui_font(size - 0.5)
            self._fonts = tuple((f, QFontMetricsF(f)) for f in (label, quote, note))
            self._fonts_for = size
        return self._fonts

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        (_l, label_m), (_q, quote_m), (_n, note_m) = self.fonts()
        height = 2 * PAD_Y + label_m.height() + 2 * quote_m.height() + note_m.height() + 2
        return QSize(200, int(height + 0.5))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        r = index.data(RECORD)
        pal = option.palette
        rect = option.rect
        painter.save()
        rule = paint_row_background(painter, option)
        orphan = r["status"] == "orphaned"
        colour = QColor(self.model.palette.get(r["color"], "#f9e27d")) if not orphan else rule
        painter.fillRect(QRectF(rect.left() + 4, rect.top() + PAD_Y, STRIPE, rect.height() - 2 * PAD_Y), colour)
        width = max(80.0, rect.width() - 2 * PAD_X - STRIPE)
        x, y = rect.left() + PAD_X + STRIPE, rect.top() + PAD_Y
        (label_f, label_m), (quote_f, quote_m), (note_f, note_m) = self.fonts()
        ink, muted = pal.color(QPalette.ColorRole.WindowText), pal.color(QPalette.ColorRole.PlaceholderText)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        # The label, then tags (and "orphaned") in the accent colour on the same line.
        painter.setFont(label_f)
        painter.setPen(muted)
        label, extra_at, extra, quote_lines, note = self._row_texts(r, orphan, width)
        painter.drawText(QRectF(x, y, width, label_m.height()), left, label)
        if extra is not None:
            start = x + extra_at
            painter.setPen(pal.color(QPalette.ColorRole.Highlight))
            painter.drawText(QRectF(start, y, x + width - start, label_m.height()), left, extra)
        y += label_m.height()
        painter.setFont(quote_f)
        painter.setPen(muted if orphan else ink)
        for line in quote_lines:
            painter.drawText(QRectF(x, y, width, quote_m.height()), left, line)
            y += quote_m.height()
        if note is not None:
            painter.setFont(note_f)
            painter.setPen(ink)
            painter.drawText(QRectF(x, y, width, note_m.height()), left, note)
        painter.setPen(rule)
        painter.drawLine(rect.left() + PAD_X, rect.bottom(), rect.right() - PAD_X, rect.bottom())
        painter.restore()

    def _row_texts(self, r: dict, orphan: bool, width: float) -> tuple:
        """A row's label, where its tags start (from the text's left) and the tags elided (None if
        they do not fit), its quote's lines and its note elided (None without one). Measuring and
        wrapping is most of a row's painting, and a list repaints every row it shows after each
        insert: they are kept per row content and width."""
        article = self.article
        page = article.page_label(r["start"], r["end"]) if article is not None and article.has_pages and not orphan else ""
        key = (r["label"], page, tuple(r["tags"]), orphan, r["quote"], r["note"], width, self._fonts_for)
        texts = self._texts.get(key)
        if texts is not None:
            return texts
        (_lf, label_m), (_qf, quote_m), (_nf, note_m) = self.fonts()
        label = r["label"].upper() + (f"  ·  {page}" if page else "")
        extra_at, extra = 0.0, None
        tags = marks(r)
        if tags:
            extra_at = label_m.horizontalAdvance(label) + label_m.horizontalAdvance("   ")
            if extra_at < width - 20:
                extra = label_m.elidedText(tags, Qt.TextElideMode.ElideRight, width - extra_at)
        quote_lines = wrap_lines(f"“{r['quote']}”", quote_m, width, 2 if r["note"] else 3)
        note = (note_m.elidedText(" ".join(r["note"].split()), Qt.TextElideMode.ElideRight, width)
                if r["note"] else None)
        if len(self._texts) >= 2000:
            self._texts.clear()
        texts = self._texts[key] = (label, extra_at, extra, quote_lines, note)
        return texts


def dot(colour: str) -> QIcon:
    """A small round swatch of ``colour``, for the colour filter's entries."""
    pix = QPixmap(24, 24)
    pix.setDevicePixelRatio(2.0)  # sharp on high-DPI screens
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(colour))
    p.drawEllipse(QRectF(1, 1, 10, 10))
    p.end()
    return QIcon(pix)
