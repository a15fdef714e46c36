"""Where a highlight's passage is in the reader's layout: its first line's top, measured or estimated.

A passage the (sliced) layout has reached is measured and cached by highlight until the document is
laid out again; one further on is estimated from the part laid out so far
(``core.margin.estimate_line_top``) rather than laying the document out up to it.
"""

from __future__ import annotations

import time

from ...core.margin import estimate_line_top

EXACT_CHARS = 30_000  # a passage this close past the laid-out part is measured (laid out) at once


class Measurer:
    """Line tops of passages in one reader's document, cached by highlight id."""

    def __init__(self, reader) -> None:
        self.reader = reader
        self.cache: dict[int, tuple[int, float]] = {}  # id -> (start, exact line top)
        self.cut = False  # the last ``measure`` stopped at its deadline

    def clear(self) -> None:
        self.cache.clear()

    def known(self, record: dict) -> float | None:
        """The cached line top of a record's passage, if it was measured where it starts now."""
        cached = self.cache.get(record["id"])
        return cached[1] if cached is not None and cached[0] == record["start"] else None

    def ideal(self, record: dict) -> float:
        """A passage's line top, measured now if need be (laying the document out up to it)."""
        hid, start = record["id"], record["start"]
        cached = self.cache.get(hid)
        if cached is None or cached[0] != start:
            cached = (start, self.reader.line_top_in_document(start))
            self.cache[hid] = cached
        return cached[1]

    def measure(self, records: list[dict], force: bool = False, deadline: float | None = None) -> dict[int, float]:
        """Ideals for many records in document order at once: one walk over the blocks, not a search each.

        Passages the document layout has already reached are measured (cached); unless ``force``,
        those beyond it (more than ``EXACT_CHARS`` on) are not laid out now but estimated from the
        part laid out so far: the estimates are returned, by id, and not cached. With ``deadline``
        (a ``perf_counter`` time), the walk stops there: the records after it are neither measured
        nor estimated (``cut`` is set; the caller estimates them and refines them later).
        """
        self.cut = False
        cache = self.cache
        missing = [r for r in records if cache.get(r["id"], (None,))[0] != r["start"]]
        rough: dict[int, float] = {}
        if not missing:
            return rough
        reader = self.reader
        doc = reader.document()
        layout_of = doc.documentLayout()
        block = doc.findBlock(reader.to_qt(missing[0]["start"]))
        frontier: tuple[int, float] | None = None  # (position, y) where the laid-out part ends
        clock = time.perf_counter
        for record in missing:
            if deadline is not None and clock() > deadline:
                self.cut = True
                break
            pos = reader.to_qt(record["start"])
            while block.isValid() and block.position() + block.length() <= pos:
                block = block.next()
            if not block.isValid():
                break
            layout = block.layout()
            if not force and layout.lineCount() == 0:  # not laid out yet
                if frontier is None:
                    frontier = self._frontier(block)
                if pos - frontier[0] > EXACT_CHARS:
                    rough[record["id"]] = self._estimate(pos, frontier)
                    continue
            top = layout_of.blockBoundingRect(block).top()  # lays the block out if needed; in a table, within its cell
            line = block.layout().lineForTextPosition(pos - block.position())
            cache[record["id"]] = (record["start"], top + (line.y() if line.isValid() else 0.0))
        return rough

    def estimator(self):
        """A function from a record to its estimated line top, from the part of the document laid out so far."""
        reader = self.reader
        doc = reader.document()
        frontier = self._frontier(doc.lastBlock()) if doc.lastBlock().layout().lineCount() == 0 else (
            doc.characterCount(), doc.documentLayout().documentSize().height())
        return lambda record: self._estimate(reader.to_qt(record["start"]), frontier)

    def _frontier(self, block) -> tuple[int, float]:
        """Where the laid-out part of the document ends (it is always a prefix), before ``block``."""
        doc = self.reader.document()
        lo, hi = 0, block.blockNumber()  # blocks [0, lo] laid out ... block hi is not
        if doc.firstBlock().layout().lineCount() == 0:
            return 0, doc.documentMargin()
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if doc.findBlockByNumber(mid).layout().lineCount() > 0:
                lo = mid
            else:
                hi = mid
        last = doc.findBlockByNumber(lo)
        rect = doc.documentLayout().blockBoundingRect(last)
        return last.position() + last.length(), rect.bottom()

    def _estimate(self, pos: int, frontier: tuple[int, float]) -> float:
        per_char = None
        if frontier[0] <= 5000:  # too little laid out to tell: a line per measure of characters
            reader = self.reader
            per_char = reader.fontMetrics().lineSpacing() * reader.line_spacing / max(1, reader.measure_chars)
        return estimate_line_top(pos, frontier, per_char)
