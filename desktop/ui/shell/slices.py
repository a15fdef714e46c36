"""One budget of background work per event-loop turn, shared by every job done in slices.

Long GUI-thread work (typesetting a long article, laying it out, filling a list of 10,000 rows,
measuring margin cards) is cut into slices. Each job on its own zero-interval timer would take its
slice in the same event-loop pass as every other job's, so with four under way a key press or a
paint waited for all four: 20-40 ms. Here the jobs share one timer, and one pass runs slices until
``BUDGET_S`` is spent, taking the jobs in turn (a job that ran goes to the back of the queue).

The event loop does other work between turns: a paint of the window (5-15 ms with every pane
changing), an input event, another timer. A turn that follows such work takes a short slice
(``BUSY_BUDGET_S``), so that turn, the other work and the turn before it do not add up to a stall;
when the loop had nothing else to do, a turn takes the whole budget.

A job is ``step(deadline) -> bool``: do a bounded piece of work, stopping by ``deadline`` (a
``time.perf_counter()`` value) where it can, and return whether work remains. A job marked ``first``
(the article being brought to the reader's view) runs before the others.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from shiboken6 import isValid

BUDGET_S = 0.006  # background work per event-loop turn, all jobs together
BUSY_BUDGET_S = 0.002  # ... in a turn after the loop did other work since the last one
BUSY_S = 0.004  # that long between the end of one turn and the start of the next: the loop was busy

Step = Callable[[float], bool]


class Slices(QObject):
    """The application's queue of sliced jobs (``slices()``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: dict[tuple[int, str], tuple[Step, bool]] = {}  # insertion order: the turn order
        self._owners: dict[int, QObject] = {}
        self._ended: float | None = None  # when the last turn ended (None: the queue was idle)
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._turn)

    def run(self, owner: QObject, name: str, step: Step, *, first: bool = False) -> None:
        """Run ``step`` in slices from the next turn on until it returns False. A job of the same
        owner and name is replaced; the owner's jobs are dropped when it is destroyed."""
        key = (id(owner), name)
        self._jobs.pop(key, None)
        self._jobs[key] = (step, first)
        if id(owner) not in self._owners:
            self._owners[id(owner)] = owner
            owner.destroyed.connect(lambda _o=None, oid=id(owner): self._forget(oid))
        self._timer.start()

    def cancel(self, owner: QObject, name: str) -> None:
        self._jobs.pop((id(owner), name), None)
        if not self._jobs:
            self._stop()

    def active(self, owner: QObject, name: str) -> bool:
        return (id(owner), name) in self._jobs

    def drop_within(self, root: QObject) -> None:
        """Drop the jobs of ``root`` and of every object under it (a window closing: its jobs must
        not run against a library closed after it)."""
        for oid, owner in list(self._owners.items()):
            obj = owner
            while obj is not None and obj is not root:
                obj = obj.parent()
            if obj is root:
                self._forget(oid)

    def idle(self) -> bool:
        """Whether no sliced job is waiting (benchmarks and tests wait for it)."""
        return not self._jobs

    def _forget(self, oid: int) -> None:
        if not isValid(self):  # the queue went first (at exit)
            return
        self._owners.pop(oid, None)
        for key in [k for k in self._jobs if k[0] == oid]:
            del self._jobs[key]
        if not self._jobs:
            self._stop()

    def budget(self, now: float) -> float:
        """The seconds of work the turn starting at ``now`` may take."""
        busy = self._ended is not None and now - self._ended >= BUSY_S
        return min(BUSY_BUDGET_S, BUDGET_S) if busy else BUDGET_S

    def _turn(self) -> None:
        now = time.perf_counter()
        deadline = now + self.budget(now)
        ran: set[tuple[int, str]] = set()
        while True:
            key = next((k for k, (_s, first) in self._jobs.items() if first and k not in ran), None)
            if key is None:
                key = next((k for k in self._jobs if k not in ran), None)
            if key is None:
                break
            ran.add(key)
            step, first = self._jobs.pop(key)
            self._jobs[key] = (step, first)  # to the back of the queue, before it runs (it may replace itself)
            try:
                more = step(deadline)
            except BaseException:  # a job that failed is not run again and again
                if self._jobs.get(key, (None,))[0] is step:
                    del self._jobs[key]
                if not self._jobs:
                    self._stop()
                raise
            if not more and self._jobs.get(key, (None,))[0] is step:
                del self._jobs[key]
            if time.perf_counter() >= deadline:
                break
        self._ended = time.perf_counter()
        if not self._jobs:
            self._stop()

    def _stop(self) -> None:
        self._timer.stop()
        self._ended = None


_queue: list[Slices] = []


def slices() -> Slices:
    """The application's one queue of sliced jobs (made on first use, owned by the application)."""
    app = QCoreApplication.instance()
    if not _queue or not isValid(_queue[0]) or _queue[0].parent() is not app:
        _queue[:] = [Slices(app)]
    return _queue[0]
