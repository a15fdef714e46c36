"""Python's full garbage collections, run between pieces of work rather than in the middle of one.

CPython's cyclic collector starts a full pass whenever enough objects have survived the younger
generations: with a book-length article open (10,000 highlight records, tens of thousands of entity
mentions) a pass takes 10-25 ms, and it comes in the middle of whatever allocates next, such as an
article being opened while its lists fill in. The young generations are still collected as usual
(they are cheap); full passes are held back while the window reports work under way and run on a
timer once it is done. Nothing is kept out of collection for good: a full pass that is due only
waits, at most for as long as the window stays busy.
"""

from __future__ import annotations

import gc
from typing import Callable

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 1000
FULL_AFTER = 10  # young collections between full passes: CPython's own default threshold
_HELD_BACK = 1 << 30  # a third threshold CPython never reaches: the full passes are ours


class Collector(QObject):
    """Holds CPython's automatic full passes back and runs them when ``busy()`` is False."""

    def __init__(self, busy: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.busy = busy
        young, middle, _full = gc.get_threshold()
        gc.set_threshold(young, middle, _HELD_BACK)
        self._long_lived = 0  # the oldest generation's size after our last full pass (none yet)
        self._timer = QTimer(self, interval=CHECK_MS)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()
        self.destroyed.connect(_restore)

    def due(self) -> bool:
        """Whether CPython would have run a full pass by now: enough young collections, and the
        oldest generation grown by a quarter since the last full pass (its own two conditions)."""
        if gc.get_count()[2] < FULL_AFTER:
            return False
        return len(gc.get_objects(2)) > self._long_lived * 5 // 4

    def collect_if_due(self) -> bool:
        """Run the full pass that is due, unless the window is busy; True if one ran."""
        if self.busy() or not self.due():
            return False
        gc.collect()
        self._long_lived = len(gc.get_objects(2))
        return True


def _restore(*_args) -> None:
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_AFTER)
