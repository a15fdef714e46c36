"""Laying a long document out in slices that never hold the GUI thread for more than a few ms.

Qt lays a QTextDocument out lazily, but in steps that double up to 200,000 characters: on a book-
length article that is 100-200 ms at a time with the window frozen. ``LayoutDriver`` takes over
while one document is being laid out: it holds back the layout's own timer events and instead
advances the layout itself (``blockBoundingRect`` lays out up to that block) in time-boxed slices,
a job on the shared queue of sliced work (``slices``), telling the view the size so far (ten times a
second) so the scroll bar grows as it goes.
Whatever the user scrolls to is still laid out at once by Qt's painting, as before.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QSizeF, Signal
from PySide6.QtGui import QTextDocument

from ..shell.slices import slices

STEP_CHARS = 3000  # characters laid out between clock checks
SIZE_EVERY_S = 0.1  # how often the view is told the size so far (its scroll bar repaints each time)


class LayoutDriver(QObject):
    """Lays out one document to its end in slices (a job on the shared ``slices()`` queue)."""

    advanced = Signal()  # a slice was laid out (not the last)
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc: QTextDocument | None = None
        self._layout = None
        self._next = 0  # document position from which the layout still has to be done
        self._told = 0.0
        self._first = False

    @property
    def running(self) -> bool:
        return self._doc is not None

    def start(self, doc: QTextDocument, *, first: bool = False) -> None:
        """Lay ``doc`` out from the top (its page size set, so Qt's lazy layout has begun); ``first``:
        ahead of the other sliced jobs (the reader waits for it to show an article at its place)."""
        self.stop()
        self._doc = doc
        self._layout = doc.documentLayout()
        self._layout.installEventFilter(self)
        self._next = 0
        self._told = 0.0  # when the view was last told the size so far
        self._first = first
        slices().run(self, "layout", self._slice, first=first)

    def set_first(self, first: bool) -> None:
        """Move the layout ahead of the other sliced jobs, or back among them."""
        if self._doc is not None and first != self._first:
            self._first = first
            slices().run(self, "layout", self._slice, first=first)

    def stop(self) -> None:
        if self._layout is not None:
            self._layout.removeEventFilter(self)
        slices().cancel(self, "layout")
        self._doc = self._layout = None

    def finish(self) -> None:
        """Lay the rest out now (for callers that need the whole document's geometry)."""
        if self._doc is not None:
            doc, layout = self._doc, self._layout
            layout.blockBoundingRect(doc.lastBlock())
            self._done()

    def laid_to(self) -> int:
        """The document position up to which the slices have laid the document out (its length
        once done); Qt may have laid out further for a paint or a lookup."""
        return self._next if self._doc is not None else 2**31

    def lay_out_to(self, y: float) -> None:
        """Lay the document out now down to document ``y`` (or its end) and tell the view the size
        so far, so that its scroll bar reaches that far (scrolling there is then not cut short)."""
        doc, layout = self._doc, self._layout
        if doc is None:
            return
        block = doc.findBlock(self._next)
        while block.isValid():
            rect = layout.blockBoundingRect(block)  # lays the block out (and all above it)
            if rect.bottom() >= y:
                break
            block = block.next()
        if not block.isValid():
            self._done()
            return
        self._next = max(self._next, block.position())
        self._tell(block)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        # Qt's own lazy-layout and size timers: held back while the slices do the work.
        return obj is self._layout and event.type() == QEvent.Type.Timer

    def _slice(self, deadline: float) -> bool:
        doc, layout = self._doc, self._layout
        if doc is None or doc.pageSize().isNull():
            self.stop()
            return False
        end = doc.characterCount()
        block = doc.findBlock(self._next)
        while block.isValid():
            target = doc.findBlock(min(end - 1, block.position() + STEP_CHARS))
            if not target.isValid():
                target = doc.lastBlock()
            layout.blockBoundingRect(target)
            block = target.next()
            if time.perf_counter() >= deadline:
                break
        if not block.isValid():
            self._done()
            return False
        self._next = block.position()
        now = time.perf_counter()
        if now - self._told >= SIZE_EVERY_S:
            self._told = now
            self._tell(block)
        self.advanced.emit()
        return True

    def _tell(self, block) -> None:
        """Tell the view the document's size so far: laid out down to the end of ``block``'s
        predecessor (QTextEdit sizes its scroll bar from the part laid out, extrapolated)."""
        doc, layout = self._doc, self._layout
        bottom = layout.blockBoundingRect(block.previous()).bottom() + doc.documentMargin()
        layout.documentSizeChanged.emit(QSizeF(doc.pageSize().width(), bottom))

    def _done(self) -> None:
        layout = self._layout
        self.stop()
        if layout is not None:
            layout.documentSizeChanged.emit(layout.documentSize())
        self.finished.emit()
