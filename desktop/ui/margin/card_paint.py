"""Drawing a margin card: what ``Card.paintEvent`` caches as a picture, redrawn only when the card changes."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (QAbstractTextDocumentLayout, QColor, QLinearGradient, QPainter, QPainterPath, QPalette,
                           QPen, QTextDocument)

from .style import ARTICLE, BAR, GAP, NOTE, ORPHAN, ORPHAN_HEADER, PAD_L, PAD_T, tone


def paint_card(card, p: QPainter) -> None:
    """Draw a card (into its cached picture): paper and shadow, the colour bar, the label, the
    note (faded where it is cut), the orphan's quote, the tags as chips."""
    style, theme, entry = card.style_, card.style_.theme, card.entry
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    if entry.kind == ORPHAN_HEADER:
        p.setFont(style.label_font)
        p.setPen(QColor(theme.muted))
        p.drawText(QRectF(2, 0, card.width(), card.height()), Qt.AlignmentFlag.AlignVCenter, entry.extra.get("title", ""))
        p.setPen(QPen(QColor(theme.rule), 1))
        y = card.height() - 1.5
        p.drawLine(QPointF(2, y), QPointF(card.width() - 2, y))
        return
    paper = QRectF(0.5, 0.5, card.width() - 3, card.height() - 3)
    # A soft shadow: two offset outlines at low alpha, under the paper.
    for dy, alpha in ((2.0, 18 if not theme.dark else 60), (1.0, 26 if not theme.dark else 80)):
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, alpha))
        p.drawRoundedRect(paper.translated(0.6, dy), 4, 4)
    path = QPainterPath()
    path.addRoundedRect(paper, 4, 4)
    p.fillPath(path, QColor(theme.card))
    border = QColor(card.colour if card.selected else QColor(theme.rule))
    if card.selected:
        border = tone(card.colour, theme.dark, 0.62 if theme.dark else 0.55)
    p.setPen(QPen(border, 1.2 if card.selected else 1.0))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    # The coloured bar that ties the card to its passage's colour.
    if entry.kind != ARTICLE:
        p.save()
        p.setClipPath(path)
        bar = tone(card.colour, theme.dark, 0.58 if theme.dark else 0.6)
        if entry.kind == ORPHAN:
            bar = QColor(theme.muted)
        p.fillRect(QRectF(0, 0, BAR + 0.5, card.height()), bar)
        p.restore()
    # Header: the colour's meaning, small and in its colour.
    p.setFont(style.label_font)
    label_colour = tone(card.colour, theme.dark, 0.74 if theme.dark else 0.34)
    if entry.kind == ARTICLE:
        label_colour = QColor(theme.muted)
    elif entry.kind == ORPHAN:
        label_colour = QColor(theme.muted)
    p.setPen(label_colour)
    header = QRectF(PAD_L, PAD_T, style.inner, style.header_height())
    p.drawText(header, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, card.label)
    y = PAD_T + style.header_height()
    if entry.kind == ORPHAN and card._quote is not None:
        y += GAP
        qh = min(card._quote.size().height(), style.body_metrics.lineSpacing() * 3)
        _draw_doc(card, p, card._quote, y, qh, QColor(theme.muted))
        y += qh
        if entry.record.get("note") and card._body is not None:
            y += GAP
            bh = style.body_height(entry.record["note"], False)
            _draw_doc(card, p, card._body, y, bh, QColor(theme.ink))
        return
    if card.editing:
        return  # the editor and the tags line edit draw the rest
    if card._body is not None:
        y += GAP
        bh = style.body_height(_note_text(card), card.selected)
        _draw_doc(card, p, card._body, y, bh, QColor(theme.ink), fade=card._body_clipped)
        y += bh
    elif card.selected and entry.kind == NOTE:
        y += GAP
        p.setFont(style.quote_font)
        p.setPen(QColor(theme.muted))
        p.drawText(QRectF(PAD_L, y, style.inner, style.body_metrics.lineSpacing()),
                   Qt.AlignmentFlag.AlignVCenter, "Type to write a note")
    tags = (entry.record or {}).get("tags", [])
    if entry.kind == NOTE and tags and not card.selected:
        y += GAP
        _draw_chips(card, p, tags, y)

def _note_text(card) -> str:
    entry = card.entry
    return entry.extra.get("note", "") if entry.kind == ARTICLE else (entry.record or {}).get("note", "")

def _draw_doc(card, p: QPainter, doc: QTextDocument, y: float, height: float, ink: QColor, fade: bool = False) -> None:
    p.save()
    p.translate(PAD_L, y)
    clip = QRectF(0, 0, card.style_.inner + 1, height)
    p.setClipRect(clip)
    ctx = QAbstractTextDocumentLayout.PaintContext()
    ctx.clip = clip
    ctx.palette.setColor(QPalette.ColorRole.Text, ink)
    ctx.palette.setColor(QPalette.ColorRole.Link, QColor(card.style_.theme.accent))
    doc.documentLayout().draw(p, ctx)
    p.restore()
    if fade:
        band = card.style_.body_metrics.lineSpacing() * 1.4
        grad = QLinearGradient(0, y + height - band, 0, y + height)
        paper = QColor(card.style_.theme.card)
        clear = QColor(paper)
        clear.setAlpha(0)
        grad.setColorAt(0, clear)
        grad.setColorAt(1, paper)
        p.fillRect(QRectF(PAD_L, y + height - band, card.style_.inner + 1, band), grad)

def _draw_chips(card, p: QPainter, tags: list[str], y: float) -> None:
    style, theme = card.style_, card.style_.theme
    p.setFont(style.chip_font)
    chip_bg = QColor(theme.rule)
    chip_bg.setAlpha(110 if not theme.dark else 160)
    for tag, rect in zip(tags, style.chip_rects(tags)):
        r = rect.translated(PAD_L, y)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(chip_bg)
        p.drawRoundedRect(r, r.height() / 2, r.height() / 2)
        p.setPen(QColor(theme.muted))
        text = style.chip_metrics.elidedText("#" + tag, Qt.TextElideMode.ElideRight, r.width() - 10)
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, text)
