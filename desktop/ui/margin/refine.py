"""Refining the margin's estimated cards in slices: heights never measured, lines the layout had not
reached, measured a slice per event-loop turn (a job on the application's queue of slices), the
cards placed again after each slice, the ones near the view first.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

from ...core.margin import Entry
from ..shell.slices import slices

REFINE = "refine"  # refining estimated cards: the margin's job on the application's queue of slices
QUIET_S = 0.1  # refining pauses this long after a highlight is added, changed or selected
DEFER_CARDS = 200  # more cards than this are built on the event-loop turn after an article opens


class Refiner:
    """The estimated entries of one margin column, and the job that measures them."""

    def __init__(self, column) -> None:
        self.column = column
        self.rough: list[Entry] = []  # entries with an estimated ideal or height, in order
        self.quiet_timer = QTimer(column, singleShot=True)  # refining resumes when the user's pause is over
        self.quiet_timer.timeout.connect(self.schedule)
        self.due = False  # the refining slice under way (or anything during it) asked for another
        self.quiet_until = 0.0  # refining waits until then (``perf_counter``) after the user changes something

    def set(self, entries: list[Entry]) -> None:
        """The entries still estimated, in order; refining starts if there are any."""
        self.rough = [e for e in entries if "rough_ideal" in e.extra or "rough_height" in e.extra]
        if self.rough:
            self.schedule()

    def active(self) -> bool:
        """Whether estimated cards are still being measured, a slice per event-loop turn (or will be
        once the user's pause is over)."""
        return slices().active(self.column, REFINE) or self.quiet_timer.isActive()

    def schedule(self, delay_ms: int = 0) -> None:
        """Refine on the next turns (the job on the queue of slices), or only after ``delay_ms``."""
        if delay_ms > 0:
            slices().cancel(self.column, REFINE)
            self.quiet_timer.start(delay_ms)
            return
        self.quiet_timer.stop()
        self.due = True  # the slice under way, if any, goes on
        if not slices().active(self.column, REFINE):
            slices().run(self.column, REFINE, self.step)

    def interacted(self) -> None:
        """A highlight was added, changed or selected: refining waits a little, so the change is placed
        and painted on its own turn rather than after a slice of background measuring."""
        self.quiet_until = time.perf_counter() + QUIET_S

    def make_exact(self, entry: Entry) -> bool:
        """Measure an estimated entry now (laying the document out up to it if need be); True if it moved."""
        column = self.column
        changed = False
        if entry.extra.pop("rough_ideal", None):
            ideal = column.measurer.ideal(entry.record)
            changed |= ideal != entry.ideal
            entry.ideal = ideal
        if entry.extra.pop("rough_height", None):
            height = column.style.height(entry)
            changed |= height != entry.height
            entry.height = height
        return changed

    def step(self, deadline: float) -> bool:
        """One slice of measuring estimated cards (heights; lines the layout has reached) until
        ``deadline`` (a ``perf_counter`` time), then place again; whether another slice is due."""
        self.due = False
        column = self.column
        if not self.rough or column.entries_dirty or column.style is None:
            return False
        wait = self.quiet_until - time.perf_counter()
        if wait > 0:
            self.schedule(max(1, round(wait * 1000)))
            return False
        placement, measurer = column.placement, column.measurer
        rough_ideals = [e for e in self.rough if e.extra.get("rough_ideal")]
        cut = False
        if rough_ideals:  # those whose passage the layout has reached since
            rough = measurer.measure([e.record for e in rough_ideals], deadline=deadline)
            cut = measurer.cut
            for entry in rough_ideals:
                if entry.key not in rough and entry.key in measurer.cache:
                    entry.ideal = measurer.cache[entry.key][1]
                    entry.extra.pop("rough_ideal", None)
                    placement.dirty = True
        waiting: list[Entry] = []
        measured = 0  # at least one height a slice, even when the turn's shared budget is (nearly) spent
        for i, entry in enumerate(self.rough):
            if entry.extra.pop("rough_height", None):
                if measured and time.perf_counter() > deadline:
                    entry.extra["rough_height"] = True
                    waiting.extend(self.rough[i:])
                    break
                height = column.style.height(entry)
                measured += 1
                if height != entry.height:
                    entry.height = height
                    placement.dirty = True
            if entry.extra.get("rough_ideal"):
                waiting.append(entry)
        self.rough = waiting
        if cut or any(e.extra.get("rough_height") for e in waiting):
            self.schedule()  # more next turn; lines beyond the laid-out part wait for the layout
        if placement.dirty:
            column.relayout()  # (entries built again here ask for refining too)
        return self.due

    def finish(self) -> None:
        """Measure every estimated card now (tests, and callers that need exact positions)."""
        for entry in self.rough:
            self.make_exact(entry)
        if self.rough:
            self.rough = []
            self.column.placement.dirty = True
            self.column.relayout()

    def on_document_resized(self, _size) -> None:
        """More of the document is laid out (a slice): passages laid out before it stay where they
        were; estimated ones now laid out are measured (``step``)."""
        if any(e.extra.get("rough_ideal") for e in self.rough):
            self.schedule()

    def on_laid_out(self) -> None:
        """The whole document is laid out: measure every passage once more, in place (no rebuild)."""
        column = self.column
        if column.entries_dirty or column.style is None or column.annotations is None:
            return
        column.check_layout()
        if column.entries_dirty:
            column.schedule_relayout()
            return
        notes = column.placement.notes()
        measurer = column.measurer
        measurer.clear()
        if len(notes) <= DEFER_CARDS:
            measurer.measure([e.record for e in notes], force=True)
            for entry in notes:
                cached = measurer.cache.get(entry.key)
                if cached is not None:
                    entry.ideal = cached[1]
                entry.extra.pop("rough_ideal", None)
        else:
            # Many passages: each keeps its line as a (close) estimate until ``step`` measures it
            # again, a slice per turn; those placed near the view are measured at once (``relayout``).
            for entry in notes:
                entry.extra["rough_ideal"] = True
            self.rough = [e for e in notes if "rough_ideal" in e.extra or "rough_height" in e.extra]
        column.placement.dirty = True
        column.schedule_relayout()
        if self.rough:
            self.schedule()
