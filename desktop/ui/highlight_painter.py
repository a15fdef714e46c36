"""Painting user highlights under the reader's text, from rectangles cached per highlight.

The rectangles come from the block layouts (``QTextLine.cursorToX``) in document coordinates and are
kept until the document is re-laid out, so adding one highlight measures just that one and repaints
just its area: the document itself is never touched (its undo stays off, its text unchanged).
Overlaps multiply (light themes) or mix at 80% (dark themes) so both colours show, and a highlight
nested inside another is also underlined in its own colour; the selected one is outlined.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from .annotations import Annotations
from .cards import tone
from .reader import ReaderView

PAD_Y = 1.5  # a highlight reaches a little above and below the glyphs


class HighlightPainter:
    """Paints the shown article's highlights under the reader's text, from cached rectangles."""

    def __init__(self, reader: ReaderView, annotations: Annotations) -> None:
        self.reader = reader
        self.annotations = annotations
        self._rects: dict[int, tuple[int, int, list[QRectF]]] = {}  # id -> (start, end, rects in document coords)
        self._key: tuple | None = None
        self._selected: int | None = None
        self._watched_layout = None
        reader.underlays.append(self.paint)
        annotations.reset.connect(self.on_reset)
        annotations.changed.connect(self.on_changed)
        annotations.selection_changed.connect(self.on_selection_changed)
        annotations.colors_changed.connect(lambda: reader.viewport().update())

    # -- geometry --------------------------------------------------------------------------------
    def _check_key(self) -> None:
        r = self.reader
        layout = r.document().documentLayout()
        if layout is not self._watched_layout:
            self._watched_layout = layout  # a lazy or partial re-layout moves lines: measure again after it
            layout.documentSizeChanged.connect(lambda _s: self._rects.clear())
        key = (id(r.article), r.document().revision(), r.lineWrapColumnOrWidth())
        if key != self._key:
            self._key = key
            self._rects.clear()

    def rects(self, record: dict) -> list[QRectF]:
        """The highlight's line rectangles in document coordinates (cached)."""
        self._check_key()
        hid, start, end = record["id"], record["start"], record["end"]
        cached = self._rects.get(hid)
        if cached is not None and cached[0] == start and cached[1] == end:
            return cached[2]
        rects = self._compute(start, end)
        self._rects[hid] = (start, end, rects)
        return rects

    def _compute(self, start: int, end: int) -> list[QRectF]:
        reader = self.reader
        qs, qe = reader.to_qt(start), reader.to_qt(end)
        doc = reader.document()
        layout_of = doc.documentLayout()
        block = doc.findBlock(qs)
        rects: list[QRectF] = []
        while block.isValid() and block.position() < qe:
            layout_of.blockBoundingRect(block)  # lays the block out if it is not yet
            bpos = block.position()
            a = max(qs, bpos) - bpos
            b = min(qe, bpos + block.length() - 1) - bpos
            layout = block.layout()
            if b > a and layout is not None:
                origin = layout.position()
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    ls = line.textStart()
                    le = ls + line.textLength()
                    if le <= a:
                        continue
                    if ls >= b:
                        break
                    x1 = line.cursorToX(max(a, ls))[0]
                    x2 = line.cursorToX(min(b, le))[0]
                    if abs(x2 - x1) < 0.5:
                        continue
                    rects.append(QRectF(origin.x() + min(x1, x2), origin.y() + line.y() - PAD_Y,
                                        abs(x2 - x1), line.height() + 2 * PAD_Y))
            block = block.next()
        return rects

    def view_rect(self, record: dict) -> QRect:
        """The area the highlight covers on the viewport (for repainting just that)."""
        return self._to_view(self.rects(record))

    def _to_view(self, rects: list[QRectF]) -> QRect:
        if not rects:
            return QRect()
        box = rects[0]
        for r in rects[1:]:
            box = box.united(r)
        dx, dy = self.reader.horizontalScrollBar().value(), self.reader.verticalScrollBar().value()
        return box.translated(-dx, -dy).toAlignedRect().adjusted(-3, -3, 3, 4)

    def hit(self, pos: QPoint) -> dict | None:
        """The innermost highlight under a viewport point, if the point is on its text."""
        reader = self.reader
        cp = reader.from_qt(reader.cursorForPosition(pos).position())
        point = QPointF(pos) + QPointF(reader.horizontalScrollBar().value(), reader.verticalScrollBar().value())
        found = [r for r in self.annotations.touching(max(0, cp - 1), cp + 1)
                 if any(rect.adjusted(-1, -1, 1, 1).contains(point) for rect in self.rects(r))]
        return min(found, key=lambda r: (r["end"] - r["start"], -r["start"])) if found else None

    # -- updates ---------------------------------------------------------------------------------
    def on_reset(self) -> None:
        self._rects.clear()
        self._selected = self.annotations.selected
        self.reader.viewport().update()

    def on_changed(self, hid: int) -> None:
        old = self._rects.pop(hid, None)
        area = self._to_view(old[2]) if old else QRect()
        record = self.annotations.records.get(hid)
        if record is not None and record["status"] != "orphaned":
            area = area.united(self.view_rect(record))
        if not area.isNull():
            self.reader.viewport().update(area)

    def on_selection_changed(self, hid) -> None:
        for old in (self._selected, hid):
            record = self.annotations.records.get(old) if old is not None else None
            if record is not None and record["status"] != "orphaned":
                self.reader.viewport().update(self.view_rect(record))
        self._selected = hid

    # -- painting --------------------------------------------------------------------------------
    def paint(self, p: QPainter, area: QRect) -> None:
        reader, ann = self.reader, self.annotations
        if not ann.records or reader.theme is None:
            return
        self._check_key()
        dark = reader.theme.dark
        dx, dy = reader.horizontalScrollBar().value(), reader.verticalScrollBar().value()
        top = reader.from_qt(reader.cursorForPosition(QPoint(0, area.top() - 40)).position())
        bottom = reader.from_qt(reader.cursorForPosition(QPoint(reader.viewport().width(), area.bottom() + 40)).position())
        visible = ann.touching(max(0, top - 1), bottom + 1)
        if not visible:
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.translate(-dx, -dy)
        doc_area = QRectF(area).translated(dx, dy)
        # Light: multiply, like ink on paper (an overlap is darker, and a mix of both colours).
        # Dark: the colours are deep; lay them over each other at 80% so an overlap mixes both.
        blend = (QPainter.CompositionMode.CompositionMode_SourceOver if dark
                 else QPainter.CompositionMode.CompositionMode_Multiply)
        nested: list[tuple[dict, list[QRectF], QColor]] = []
        selected: tuple[list[QRectF], QColor] | None = None
        reach = -1
        for record in visible:  # in document order: outer highlights before the ones inside them
            rects = [r for r in self.rects(record) if r.intersects(doc_area)]
            inside = reach >= record["end"]
            reach = max(reach, record["end"])
            if not rects:
                continue
            colour = ann.color(record["color"], dark)
            if dark:
                colour.setAlphaF(0.8)
            p.setCompositionMode(blend)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            for r in rects:
                p.drawRoundedRect(r, 2.5, 2.5)
            if inside:
                nested.append((record, rects, colour))
            if record["id"] == ann.selected:
                selected = (rects, colour)
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for _record, rects, colour in nested:
            p.setPen(QPen(tone(colour, dark, 0.7 if dark else 0.42), 2.0))
            for r in rects:
                p.drawLine(QPointF(r.left() + 1, r.bottom() - 0.5), QPointF(r.right() - 1, r.bottom() - 0.5))
        if selected is not None:
            rects, colour = selected
            p.setPen(QPen(tone(colour, dark, 0.72 if dark else 0.4), 1.4))
            for r in rects:
                p.drawRoundedRect(r.adjusted(-0.5, -0.5, 0.5, 0.5), 2.5, 2.5)
