"""Python's full garbage collections, run between pieces of work rather than in the middle of one.

CPython's cyclic collector starts a full pass whenever enough objects have survived the younger
generations: with a book-length article open (10,000 highlight records, tens of thousands of entity
mentions) a pass takes 10-25 ms, and it comes in the middle of whatever allocates next, such as an
article being opened while its lists fill in. The young generations are still collected as usual
(they are cheap); full passes are held back while the window reports work under way and run on a
timer once it is done. Nothing is kept out of collection for good: a full pass that is due waits
for the window's work at most ``MOST_HELD_S``, and then only for a pause in the user's actions.
"""

from __future__ import annotations

import gc
import sys
import time
from typing import Callable

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 1000
FULL_AFTER = 10  # young collections between full passes: CPython's own default threshold
MOST_HELD_S = 30.0  # a due full pass waits no longer for work under way (a long extraction, say)
_HELD_BACK = 1 << 30  # a third threshold CPython never reaches: the full passes are ours
# CPython 3.14 collects the old generation incrementally and no longer reads the third threshold.
HOLDS_BACK = sys.version_info < (3, 14)


class Collector(QObject):
    """Holds CPython's automatic full passes back and runs them when ``busy()`` is False."""

    def __init__(self, busy: Callable[[], bool], parent: QObject | None = None,
                 acting: Callable[[], bool] = lambda: False) -> None:
        """``busy``: work under way or the user acting; ``acting``: only the latter (a full pass held
        back ``MOST_HELD_S`` still waits for it)."""
        super().__init__(parent)
        self.busy = busy
        self.acting = acting
        self._long_lived = 0  # the oldest generation's size after our last full pass (none yet)
        self._next_count = FULL_AFTER  # young collections before the oldest generation is counted again
        self._due_since: float | None = None
        if not HOLDS_BACK:  # CPython's own collector is incremental here: nothing to hold back
            return
        young, middle, _full = gc.get_threshold()
        gc.set_threshold(young, middle, _HELD_BACK)
        self._timer = QTimer(self, interval=CHECK_MS)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()
        self.destroyed.connect(_restore)

    def due(self) -> bool:
        """Whether CPython would have run a full pass by now: enough young collections, and the
        oldest generation grown by a quarter since the last full pass (its own two conditions).
        Counting the oldest generation walks it: done again only after as many young passes more."""
        count = gc.get_count()[2]
        if count < self._next_count:
            return False
        if len(gc.get_objects(2)) > self._long_lived * 5 // 4:
            return True
        self._next_count = count + FULL_AFTER
        return False

    def collect_if_due(self) -> bool:
        """Run the full pass that is due, unless the window is busy (but never held back more than
        ``MOST_HELD_S`` past the user's last action); True if one ran."""
        if not self.due():
            self._due_since = None
            return False
        now = time.monotonic()
        if self._due_since is None:
            self._due_since = now
        if self.busy() and (now - self._due_since < MOST_HELD_S or self.acting()):
            return False
        gc.collect()
        self._long_lived = len(gc.get_objects(2))
        self._next_count = FULL_AFTER
        self._due_since = None
        return True


def _restore(*_args) -> None:
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_AFTER)
