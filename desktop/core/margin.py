"""Where the margin's note cards go: ideal tops in, non-overlapping tops out, one card pinned.

Plain arithmetic, no Qt: the margin widget measures (a passage's line top, a card's height), this
module places, and the widget draws. ``place`` is the rule; ``Placement`` keeps the margin's entries
in document order and re-places incrementally, so adding or selecting one highlight among thousands
costs a short run of the forward pass, not a pass over every card.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Iterator

CARD_GAP = 8  # between stacked cards
ARTICLE, ORPHAN_HEADER, ORPHAN, NOTE = "article", "orphans", "orphan", "note"


@dataclass
class Entry:
    """One card in the margin column: what it shows, where it wants to be and where it goes."""

    kind: str
    key: object  # highlight id, or "article" / "orphans"
    record: dict | None = None
    ideal: float = 0.0  # document y the card wants its top at
    height: float = 0.0
    top: float = 0.0  # document y after placement
    fwd: float = float("nan")  # document y after placement's forward pass (before any upward push)
    extra: dict = field(default_factory=dict)


def sort_key(record: dict) -> tuple:
    """Document order of note cards: by start, the longer passage first, then by id."""
    return record["start"], -record["end"], record["id"]


def place(ideals: list[float], heights: list[float], gap: float = CARD_GAP, pinned: int | None = None) -> list[float]:
    """Card tops: in order, each at its ideal unless that overlaps the card above, then just below it.

    With ``pinned``, that card sits exactly at its ideal; the cards after it are pushed down and
    the cards before it pushed up as far as needed. One pass each way: O(n).
    """
    n = len(ideals)
    tops = [0.0] * n
    floor = float("-inf")
    for i in range(n):
        if pinned is not None and i == pinned:
            top = ideals[i]
        else:
            top = max(ideals[i], floor)
        tops[i] = top
        floor = top + heights[i] + gap
    if pinned is not None and 0 <= pinned < n:
        ceiling = tops[pinned] - gap
        for i in range(pinned - 1, -1, -1):
            if tops[i] + heights[i] <= ceiling:
                break  # everything above already clears: the forward pass kept them apart
            tops[i] = ceiling - heights[i]
            ceiling = tops[i] - gap
    return tops


def estimate_line_top(pos: int, frontier: tuple[int, float], per_char: float | None = None) -> float:
    """A passage's line top beyond the laid-out part of a document, which ends at ``frontier``
    (position, y): at the laid-out part's pixels per character, or ``per_char`` while that part is
    too short (under 5,000 characters) to tell."""
    at, y = frontier
    if at > 5000 or per_char is None:
        per_char = y / at if at > 0 else 0.0
    return y + (pos - at) * per_char


def _top(entry: Entry) -> float:
    return entry.top


class Placement:
    """The margin's entries in order — the head (article note, orphans) then the note cards by
    ``sort_key`` — with each entry's placed ``top``, kept by ``place``'s rule.

    Notes are added and dropped by bisection; ``place`` re-runs the forward pass only from the
    entries that changed, until the tops agree with the last placement again, and redoes the
    upward push above the pinned card.
    """

    def __init__(self, gap: float = CARD_GAP) -> None:
        self.gap = gap
        self.entries: list[Entry] = []
        self.head = 0  # entries before the note cards
        self.sort_keys: list[tuple] = []  # of the note entries, in order
        self.by_key: dict[object, Entry] = {}
        self.moved: list[tuple] = []  # sort keys of note entries added or dropped since placing
        self.pushed_up: list[Entry] = []  # entries the last placement moved above their forward top
        self.dirty = True  # every entry is placed again next time

    def reset(self, head: list[Entry], notes: list[Entry]) -> None:
        """All entries anew; ``notes`` must be in ``sort_key`` order."""
        self.entries = head + notes
        self.head = len(head)
        self.sort_keys = [e.extra["sort"] for e in notes]
        self.by_key = {e.key: e for e in self.entries}
        self.moved, self.pushed_up = [], []
        self.dirty = True

    def clear(self) -> None:
        self.reset([], [])

    def notes(self) -> list[Entry]:
        return self.entries[self.head:]

    def remove(self, key) -> bool:
        """Drop a note entry; False if it was not where its sort key says (the caller rebuilds)."""
        old = self.by_key.get(key)
        if old is None:
            return True
        i = self.head + bisect_left(self.sort_keys, old.extra["sort"])
        if i >= len(self.entries) or self.entries[i] is not old:
            return False
        del self.entries[i]
        del self.sort_keys[i - self.head]
        del self.by_key[key]
        self.moved.append(old.extra["sort"])
        return True

    def insert(self, entry: Entry) -> None:
        """Add a note entry at its place in document order."""
        j = bisect_left(self.sort_keys, entry.extra["sort"])
        self.sort_keys.insert(j, entry.extra["sort"])
        self.entries.insert(self.head + j, entry)
        self.by_key[entry.key] = entry
        self.moved.append(entry.extra["sort"])

    def index_of(self, key) -> int | None:
        """The index of the note or article entry with ``key``, by bisection; None if it has none."""
        if key is None:
            return None
        entry = self.by_key.get(key)
        if entry is None or entry.kind not in (NOTE, ARTICLE):
            return None
        if entry.kind == ARTICLE:
            return 0 if self.entries and self.entries[0] is entry else None
        i = self.head + bisect_left(self.sort_keys, entry.extra["sort"])
        return i if i < len(self.entries) and self.entries[i] is entry else None

    def between(self, lo: float, hi: float, tallest: float = 2000.0) -> Iterator[Entry]:
        """Entries placed with their top in [lo - tallest, hi] (tops are in order: a bisect)."""
        entries = self.entries
        for i in range(bisect_left(entries, lo - tallest, key=_top), len(entries)):
            entry = entries[i]
            if entry.top > hi:
                break
            yield entry

    def place(self, pinned: int | None, changed: list[int] = ()) -> None:
        """Place the entries again: every one if ``dirty``, else from each entry added or dropped
        and each index in ``changed`` (a height changed) on; ``pinned`` sits at its ideal."""
        starts = [self.head + bisect_left(self.sort_keys, k) for k in self.moved] + list(changed)
        self.moved = []
        full = self.dirty
        if full or not starts or min(starts) < self.head:
            starts, full = [0], True
        self._forward(starts, pinned, full)
        for entry in self.pushed_up:  # undo the last upward push; it is redone below
            entry.top = entry.fwd
        self.pushed_up = []
        if pinned is not None:
            entries = self.entries
            ceiling = entries[pinned].top - self.gap
            for i in range(pinned - 1, -1, -1):
                entry = entries[i]
                if entry.top + entry.height <= ceiling:
                    break  # everything above already clears: the forward pass kept them apart
                entry.top = ceiling - entry.height
                self.pushed_up.append(entry)
                ceiling = entry.top - self.gap
        self.dirty = False

    def _forward(self, starts: list[int], pinned: int | None, full: bool) -> None:
        """``place``'s forward pass, run from each changed entry in ``starts`` only until a top is what
        it was (the entries after it are then as before, up to the next change); ``full``: every entry.

        Two changes far apart (the card selected before and the one selected now) cost two short runs,
        not a pass over every card between them.
        """
        entries, gap = self.entries, self.gap
        n = len(entries)
        changed = sorted(set(starts))
        k, runs = 0, len(changed)
        while k < runs:
            i = changed[k]
            if i >= n:
                break
            if i > 0:
                above = entries[i - 1]
                floor = above.fwd + above.height + gap
            else:
                floor = float("-inf")
            while i < n:
                entry = entries[i]
                top = entry.ideal if i == pinned else max(entry.ideal, floor)
                if k < runs and changed[k] == i:
                    k += 1  # a changed entry: placed whatever its previous top
                elif not full and top == entry.fwd:
                    break  # from here on every top is as before, up to the next change
                entry.fwd = entry.top = top
                floor = top + entry.height + gap
                i += 1
            while k < runs and changed[k] <= i:
                k += 1  # changes this run went past are placed
