"""Laying a long document out in slices that never hold the GUI thread for more than a few ms.

Qt lays a QTextDocument out lazily, but in steps that double up to 200,000 characters: on a book-
length article that is 100-200 ms at a time with the window frozen. ``LayoutDriver`` takes over
while one document is being laid out: it holds back the layout's own timer events and instead
advances the layout itself (``blockBoundingRect`` lays out up to that block) in time-boxed slices,
one per event-loop turn, telling the view the size so far (ten times a second) so the scroll bar grows
as it goes.
Whatever the user scrolls to is still laid out at once by Qt's painting, as before.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QSizeF, QTimer, Signal
from PySide6.QtGui import QTextDocument

SLICE_S = 0.005  # layout work per event-loop turn
STEP_CHARS = 3000  # characters laid out between clock checks
SIZE_EVERY_S = 0.1  # how often the view is told the size so far (its scroll bar repaints each time)


class LayoutDriver(QObject):
    """Lays out one document to its end in small slices; ``finished`` when it is done."""

    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc: QTextDocument | None = None
        self._layout = None
        self._next = 0  # document position from which the layout still has to be done
        self._told = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._slice)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self, doc: QTextDocument) -> None:
        """Lay ``doc`` out from the top (its page size set, so Qt's lazy layout has begun)."""
        self.stop()
        self._doc = doc
        self._layout = doc.documentLayout()
        self._layout.installEventFilter(self)
        self._next = 0
        self._told = 0.0  # when the view was last told the size so far
        self._timer.start()

    def stop(self) -> None:
        if self._layout is not None:
            self._layout.removeEventFilter(self)
        self._timer.stop()
        self._doc = self._layout = None

    def finish(self) -> None:
        """Lay the rest out now (for callers that need the whole document's geometry)."""
        if self._doc is not None:
            doc, layout = self._doc, self._layout
            layout.blockBoundingRect(doc.lastBlock())
            self._done()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        # Qt's own lazy-layout and size timers: held back while the slices do the work.
        return obj is self._layout and event.type() == QEvent.Type.Timer

    def _slice(self) -> None:
        doc, layout = self._doc, self._layout
        if doc is None or doc.pageSize().isNull():
            self.stop()
            return
        deadline = time.perf_counter() + SLICE_S
        end = doc.characterCount()
        block = doc.findBlock(self._next)
        while block.isValid() and time.perf_counter() < deadline:
            target = doc.findBlock(min(end - 1, block.position() + STEP_CHARS))
            if not target.isValid():
                target = doc.lastBlock()
            layout.blockBoundingRect(target)
            block = target.next()
        if not block.isValid():
            self._done()
            return
        self._next = block.position()
        now = time.perf_counter()
        if now - self._told >= SIZE_EVERY_S:
            self._told = now
            bottom = layout.blockBoundingRect(block.previous()).bottom() + doc.documentMargin()
            layout.documentSizeChanged.emit(QSizeF(doc.pageSize().width(), bottom))

    def _done(self) -> None:
        layout = self._layout
        self.stop()
        if layout is not None:
            layout.documentSizeChanged.emit(layout.documentSize())
        self.finished.emit()
