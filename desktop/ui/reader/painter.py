"""Painting user highlights under the reader's text, from rectangles cached per highlight.

The rectangles come from the block layouts (``QTextLine.cursorToX``) in document coordinates and are
kept until the document is re-laid out, so adding one highlight measures just that one and repaints
just its area: the document itself is never touched (its undo stays off, its text unchanged).
Overlaps multiply (light themes) or mix at 80% (dark themes) so both colours show, and a highlight
nested inside another is also underlined in its own colour; the selected one is outlined.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextCursor

from ..annotations.model import Annotations
from ..margin.card import tone
from .view import ReaderView

PAD_Y = 1.5  # a highlight reaches a little above and below the glyphs


def _multiplied(colour: QColor, page: QColor) -> QColor:
    """``colour`` multiplied onto ``page`` as QPainter's Multiply mode does it, channel by channel."""
    return QColor(_product(colour.rgb(), page.rgb()))


def _over(colour: QColor, page: QColor, alpha: float) -> QColor:
    """``colour`` laid over ``page`` at ``alpha``, as one opaque colour."""
    return QColor(*(round(a * alpha + b * (1 - alpha)) for a, b in
                    ((colour.red(), page.red()), (colour.green(), page.green()), (colour.blue(), page.blue()))))


@lru_cache(maxsize=64)
def _product(colour: int, page: int) -> int:
    out = 0xFF000000
    for shift in (16, 8, 0):
        x = ((colour >> shift) & 0xFF) * ((page >> shift) & 0xFF)
        out |= ((x + (x >> 8) + 0x80) >> 8) << shift  # qt_div_255
    return out


def _top(doc, block) -> float:
    """A block's top in document coordinates (a table cell's block is placed within its cell)."""
    layout = block.layout()
    if layout is None or layout.lineCount() == 0:
        return layout.position().y() if layout is not None else 0.0
    return doc.documentLayout().blockBoundingRect(block).top()


def _line_at(doc, y: float) -> tuple[int, int] | None:
    """The document positions (start, end) of the laid-out line at document ``y`` (the first line
    if ``y`` is above it, the last if below); None where the layout has not reached. In a table,
    the whole table's (its rows side by side hold text from all over it)."""
    lo, hi = 0, doc.blockCount() - 1
    while lo < hi:  # the last block whose top is at or above y
        mid = (lo + hi + 1) // 2
        if _top(doc, doc.findBlockByNumber(mid)) <= y:
            lo = mid
        else:
            hi = mid - 1
    block = doc.findBlockByNumber(lo)
    layout = block.layout()
    count = layout.lineCount() if layout is not None else 0
    if count == 0:
        return None
    table = QTextCursor(block).currentTable()
    if table is not None:
        return table.firstPosition(), table.lastPosition()
    y -= _top(doc, block)
    lo, hi = 0, count - 1
    while lo < hi:  # the first line whose bottom is below y (else the last)
        mid = (lo + hi) // 2
        candidate = layout.lineAt(mid)
        if candidate.y() + candidate.height() > y:
            hi = mid
        else:
            lo = mid + 1
    line = layout.lineAt(lo)
    base = block.position()
    return base + line.textStart(), base + line.textStart() + line.textLength()


class HighlightPainter:
    """Paints the shown article's highlights under the reader's text, from cached rectangles."""

    def __init__(self, reader: ReaderView, annotations: Annotations) -> None:
        self.reader = reader
        self.annotations = annotations
        self._rects: dict[int, tuple[int, int, list[QRectF]]] = {}  # id -> (start, end, rects in document coords)
        self._lines: dict[int, tuple[int, int] | None] = {}  # document y -> (start, end) of the line there
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
            layout.documentSizeChanged.connect(lambda _s: self._forget_geometry())
        key = (id(r.article), r.document().revision(), r.lineWrapColumnOrWidth())
        if key != self._key:
            self._key = key
            self._forget_geometry()

    def _forget_geometry(self) -> None:
        self._rects.clear()
        self._lines.clear()

    def rects(self, record: dict) -> list[QRectF]:
        """The highlight's line rectangles in document coordinates (cached)."""
        self._check_key()
        return self._cached_rects(record)

    def _cached_rects(self, record: dict) -> list[QRectF]:
        """``rects`` once the cache is known to be current (``_check_key`` called)."""
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
            box = layout_of.blockBoundingRect(block)  # lays the block out if it is not yet
            bpos = block.position()
            a = max(qs, bpos) - bpos
            b = min(qe, bpos + block.length() - 1) - bpos
            layout = block.layout()
            if b > a and layout is not None:
                origin = box.topLeft()  # the layout's position, in its table cell's too
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

    def _span_of_rows(self, y0: int, y1: int) -> tuple[int, int]:
        """The code points of the lines between viewport rows ``y0`` and ``y1``: from the start of the
        line at ``y0`` to the end of the line at ``y1``.

        Once the document is laid out, the lines are found by bisecting the blocks by their top and
        reading the block's lines: no hit test, which lays the glyphs of a paragraph out again when
        it is off screen (from a tenth of a millisecond to several for a long one).
        """
        reader = self.reader
        if not reader.layout_pending():
            doc = reader.document()
            dy = reader.verticalScrollBar().value()
            lines = self._lines  # document y -> its line: a repaint at the same place looks up nothing
            first, last = lines.get(y0 + dy), lines.get(y1 + dy)
            if first is None:
                first = lines[y0 + dy] = _line_at(doc, y0 + dy)
            if last is None:
                last = lines[y1 + dy] = _line_at(doc, y1 + dy)
            if len(lines) > 256:
                lines.clear()
            if first is not None and last is not None:
                return reader.from_qt(first[0]), reader.from_qt(last[1])
        first_pos = reader.cursorForPosition(QPoint(0, y0)).position()
        last_pos = reader.cursorForPosition(QPoint(reader.viewport().width(), y1)).position()
        return reader.from_qt(first_pos), reader.from_qt(last_pos)

    # -- updates ---------------------------------------------------------------------------------
    def on_reset(self) -> None:
        self._forget_geometry()
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
        if not ann.records or reader.theme is None or ann.article_id != getattr(reader.article, "id", None):
            return  # (an article just shown: its highlights are not read yet, the previous one's are)
        self._check_key()
        dark = reader.theme.dark
        dx, dy = reader.horizontalScrollBar().value(), reader.verticalScrollBar().value()
        top, bottom = self._span_of_rows(area.top() - 40, area.bottom() + 40)
        visible = ann.touching(max(0, top - 1), bottom + 1)
        if not visible:
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.translate(-dx, -dy)
        doc_area = QRectF(area).translated(dx, dy)
        # Each colour is laid on the page as one opaque colour worked out once: light, multiplied
        # onto the page like ink on paper; dark, 80% over it. Where a highlight meets one drawn
        # before, the overlap is two bands, the earlier colour above and the later one below, both
        # pure: multiplying the two (green over red) gave a muddy brown that was neither.
        page = reader.viewport().palette().color(reader.viewport().backgroundRole())
        p.setPen(Qt.PenStyle.NoPen)
        brush = None
        nested: list[tuple[dict, list[QRectF], QColor]] = []
        selected: tuple[list[QRectF], QColor] | None = None
        selected_id = ann.selected
        colours: dict[str, tuple[QColor, QColor]] = {}  # key -> (colour, colour on the page)
        rects_of = self._cached_rects
        drawn: list[tuple[QRectF, QColor]] = []  # rectangles painted so far that a later one may still meet
        reach = -1
        for record in visible:  # in document order: outer highlights before the ones inside them
            rects = [r for r in rects_of(record) if r.intersects(doc_area)]
            end = record["end"]
            inside = reach >= end
            if end > reach:
                reach = end
            if not rects:
                continue
            key = record["color"]
            pair = colours.get(key)
            if pair is None:
                colour = ann.color(key, dark)
                pair = colours[key] = (colour, _over(colour, page, 0.8) if dark else _multiplied(colour, page))
            colour, on_page = pair
            # Later highlights start on this line or below: what ends above it meets none of them.
            floor = rects[0].top() - 2
            drawn = [d for d in drawn if d[0].bottom() >= floor]
            for r in rects:
                if on_page is not brush:
                    p.setBrush(on_page)
                    brush = on_page
                p.drawRoundedRect(r, 2.5, 2.5)
                for d, earlier in drawn:
                    both = r.intersected(d)
                    if both.width() > 1 and both.height() > 1 and earlier != on_page:
                        p.setBrush(earlier)
                        brush = earlier
                        p.drawRect(QRectF(both.left(), both.top(), both.width(), both.height() * 0.5))
                drawn.append((r, on_page))
            if inside:
                nested.append((record, rects, colour))
            if record["id"] == selected_id:
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
