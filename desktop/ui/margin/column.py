"""The margin column beside the text, where note cards sit level with their passages.

Every card has an ideal top (its passage's first line, in document coordinates, cached until the
document is re-laid out) and a height (computed, cached); ``place`` stacks them in one pass and
the column then creates or reuses widgets only for the cards near the viewport. Scrolling only
moves those few widgets.

Opening a long article never waits for the whole document to be laid out or every card to be
measured: a passage the (sliced) layout has not reached yet gets an estimated line from the part
laid out so far, a card never measured an estimated height, and the cards near the view are
measured exactly before they are shown. The rest are refined in slices, a job on the application's
queue of sliced work (``slices.slices()``, one budget per event-loop turn shared with the other
jobs), as the reader's layout advances, and placed again after each slice (``_refine``).
"""

from __future__ import annotations

import time
from bisect import bisect_left
from typing import Protocol

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QApplication, QWidget

from .card import ARTICLE, NOTE, ORPHAN, ORPHAN_HEADER, Card, CardStyle, Entry, debounce, tone
from ..reader.view import GUTTER, ReaderView
from ..shell.slices import slices

CARD_GAP = 8  # between stacked cards
OVERSCAN = 300  # pixels above and below the viewport that still get widgets
SAVE_DELAY_MS = 400  # a note is saved this long after the last keystroke
FIRST_MEASURE_S = 0.003  # a relayout of many cards measures passages this long; the rest are estimated
REFINE = "refine"  # refining estimated cards: the margin's job on the application's queue of slices
QUIET_S = 0.1  # refining pauses this long after a highlight is added, changed or selected
EXACT_CHARS = 30_000  # a passage this close past the laid-out part is measured (laid out) at once
DEFER_CARDS = 200  # more cards than this are built on the event-loop turn after an article opens
NEAR_PX = 2500  # cards whose passage is this close to the view are measured before placing


def _top(entry: Entry) -> float:
    return entry.top


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


class MarginActions(Protocol):
    """What the margin asks of the highlighting feature (``highlighting.Highlighter``)."""

    def on_card_clicked(self, highlight_id: int) -> None: ...
    def save_note(self, highlight_id: int, text: str, burst: int) -> None: ...
    def save_article_note(self, text: str, burst: int) -> None: ...
    def set_tags(self, highlight_id: int, tags: list[str]) -> None: ...
    def recolor(self, highlight_id: int, color: str) -> None: ...
    def copy_quote(self, highlight_id: int) -> None: ...
    def delete(self, highlight_id: int) -> None: ...
    def reattach(self, highlight_id: int) -> None: ...


class MarginColumn(QWidget):
    """A column parented to the reader, kept beside its text column through resizes and scrolls."""

    def __init__(self, reader: ReaderView) -> None:
        super().__init__(reader)
        self.reader = reader
        self.setObjectName("margin")
        self.setAccessibleName("Margin notes")
        self.annotations = None
        self.actions: MarginActions | None = None
        self.entries: list[Entry] = []
        self.cards: dict[object, Card] = {}
        self._pool: list[Card] = []
        self._style: CardStyle | None = None
        self._ideal_cache: dict[int, tuple[int, float]] = {}  # id -> (start, exact line top)
        self._styles: dict[tuple, CardStyle] = {}
        self._rough: list[Entry] = []  # entries with an estimated ideal or height, in order
        self._quiet_timer = QTimer(self, singleShot=True)  # refining resumes when the user's pause is over
        self._quiet_timer.timeout.connect(self._schedule_refine)
        self._refine_due = False  # the refining slice under way (or anything during it) asked for another
        self._cut = False  # the last ``_measure_ideals`` stopped at its deadline
        self._quiet_until = 0.0  # refining waits until then (``perf_counter``) after the user changes something
        self._layout_key: tuple | None = None
        self._watched_layout = None
        self._entries_dirty = True
        self._placement_dirty = True
        self._moved_sorts: list[tuple] = []  # sort keys of note entries added, replaced or dropped since placing
        self._pushed_up: list[Entry] = []  # entries the last placement moved above their forward top
        self._pinned_entry: Entry | None = None  # the entry whose height was measured as selected
        self._connectors: set[tuple] = set()
        self._head = 0  # entries before the note cards (article note, orphans)
        self._sort_keys: list[tuple] = []  # (start, -end, id) of the note entries, in order
        self._entry_by_key: dict[object, Entry] = {}
        self._selected: int | None = None
        self._placed_for: object | None = None
        self.editing: object | None = None  # key of the card whose note is being written
        self._burst = 0
        self._pending: tuple[object, str] | None = None
        self._save_timer = debounce(self, SAVE_DELAY_MS, self.flush)
        reader.layout_changed.connect(self.on_reader_layout_changed)
        if hasattr(reader, "laid_out"):  # the document finished laying out in slices: measure again
            reader.laid_out.connect(self._on_laid_out)

    # -- wiring ----------------------------------------------------------------------------------
    def attach(self, annotations, actions: MarginActions) -> None:
        self.annotations = annotations
        self.actions = actions
        annotations.reset.connect(self.on_reset)
        annotations.changed.connect(self.on_changed)
        annotations.selection_changed.connect(self.on_selection_changed)
        annotations.colors_changed.connect(self.on_everything_changed)
        annotations.article_note_changed.connect(self.on_everything_changed)
        annotations.edit_requested.connect(self.edit)

    def on_reader_layout_changed(self) -> None:
        viewport = self.reader.viewport()
        x = self.reader.margin_rect_x() - GUTTER
        self.setGeometry(x, viewport.y(), self.reader.margin_width + GUTTER, viewport.height())
        self.relayout()

    def on_reset(self) -> None:
        self.flush()
        self._stop_editing()
        self._ideal_cache.clear()
        self._entries_dirty = True
        if self.annotations is not None and len(self.annotations.noted()) > DEFER_CARDS:
            self._release_all()
            self._schedule_relayout()  # many cards: built on a turn of their own, after the text is shown
        else:
            self.relayout()

    def on_everything_changed(self, *_args) -> None:
        self._entries_dirty = True
        self._schedule_relayout()  # coalesce a burst of changes into one relayout

    def on_changed(self, hid: int) -> None:
        self._interacted()
        if self._sync_entry(hid):
            self._schedule_relayout()

    def on_selection_changed(self, hid) -> None:
        self._interacted()
        previous, self._selected = self._selected, hid
        if self.editing is not None and self.editing != hid:
            self.finish_editing()
        self._sync_entry(previous)
        self._sync_entry(hid)
        self.relayout()

    def _sync_entry(self, hid) -> bool:
        """Add, replace or drop one highlight's card entry (a bisect, not a rebuild); True if the margin changes."""
        if hid is None or self.annotations is None:
            return False
        if self._entries_dirty or self._style is None:
            return True
        ann = self.annotations
        record = ann.records.get(hid)
        old = self._entry_by_key.get(hid)
        if (old is not None and old.kind == ORPHAN) or (record is not None and record["status"] == "orphaned"):
            self._entries_dirty = True  # the orphans' section changes: rare, rebuild it all
            return True
        head = self._head
        if old is not None:
            i = head + bisect_left(self._sort_keys, old.extra["sort"])
            if i < len(self.entries) and self.entries[i] is old:
                del self.entries[i]
                del self._sort_keys[i - head]
            else:
                self._entries_dirty = True
                return True
            del self._entry_by_key[hid]
        if record is not None and (record["note"] or record["tags"] or hid in (ann.selected, self.editing)):
            entry = self._note_entry(record)
            j = bisect_left(self._sort_keys, entry.extra["sort"])
            self._sort_keys.insert(j, entry.extra["sort"])
            self.entries.insert(head + j, entry)
            self._entry_by_key[hid] = entry
        elif old is None:
            return False  # no card before, none now
        self._moved_sorts.append((old or entry).extra["sort"])
        return True

    def _note_entry(self, record: dict, ideal: float | None = None, rough_ideal: bool = False,
                    rough: bool = False) -> Entry:
        """A note card's entry; with ``rough``, a height never measured is estimated (and the entry
        queued for refining), as is the ideal when ``rough_ideal``."""
        entry = Entry(NOTE, record["id"], record, self.ideal(record) if ideal is None else ideal,
                      extra={"sort": (record["start"], -record["end"], record["id"])})
        style = self._style
        if rough:
            known = style.known_height(entry)
            entry.height = known if known is not None else style.rough_height(entry)
            if known is None:
                entry.extra["rough_height"] = True
        else:
            entry.height = style.height(entry)
        if rough_ideal:
            entry.extra["rough_ideal"] = True
        return entry

    # -- geometry --------------------------------------------------------------------------------
    def card_width(self) -> int:
        return self.reader.margin_width - 10

    def _check_layout(self) -> None:
        """Drop cached ideals and heights when the document was re-laid out or restyled."""
        reader = self.reader
        theme = reader.theme
        doc = reader.document()
        key = (doc.revision(), doc.pageSize().width(), reader.lineWrapColumnOrWidth(), reader.font_size,
               reader.line_spacing, theme.name if theme else "", self.card_width())
        layout = reader.document().documentLayout()
        if layout is not self._watched_layout:
            # A lazy or partial re-layout (no re-typeset) moves passages too: re-measure after it.
            # Another layout is another document (a long article is typeset into its own): the
            # revision in the key could match the last one's by chance, so measure afresh.
            self._watched_layout = layout
            self._layout_key = None
            layout.documentSizeChanged.connect(self._on_document_resized)
        if key != self._layout_key:
            self._layout_key = key
            self._ideal_cache.clear()
            self._style = None
            if theme:
                style_key = (theme.name, reader.font_size, self.card_width())
                if style_key not in self._styles:
                    self._styles[style_key] = CardStyle(theme, reader.font_size, self.card_width())
                self._style = self._styles[style_key]
            self._entries_dirty = True

    def _on_document_resized(self, _size) -> None:
        """More of the document is laid out (a slice): passages laid out before it stay where they
        were; estimated ones now laid out are measured (``_refine``)."""
        if any(e.extra.get("rough_ideal") for e in self._rough):
            self._schedule_refine()

    def _on_laid_out(self) -> None:
        """The whole document is laid out: measure every passage once more, in place (no rebuild)."""
        if self._entries_dirty or self._style is None or self.annotations is None:
            return
        self._check_layout()
        if self._entries_dirty:
            self._schedule_relayout()
            return
        notes = self.entries[self._head:]
        self._ideal_cache.clear()
        if len(notes) <= DEFER_CARDS:
            self._measure_ideals([e.record for e in notes], force=True)
            for entry in notes:
                cached = self._ideal_cache.get(entry.key)
                if cached is not None:
                    entry.ideal = cached[1]
                entry.extra.pop("rough_ideal", None)
        else:
            # Many passages: each keeps its line as a (close) estimate until ``_refine`` measures it
            # again, a slice per turn; those placed near the view are measured at once (``relayout``).
            for entry in notes:
                entry.extra["rough_ideal"] = True
            self._rough = [e for e in notes if "rough_ideal" in e.extra or "rough_height" in e.extra]
        self._placement_dirty = True
        self._schedule_relayout()
        if self._rough:
            self._schedule_refine()

    def ideal(self, record: dict) -> float:
        hid, start = record["id"], record["start"]
        cached = self._ideal_cache.get(hid)
        if cached is None or cached[0] != start:
            cached = (start, self.reader.line_top_in_document(start))
            self._ideal_cache[hid] = cached
        return cached[1]

    def _measure_ideals(self, records: list[dict], force: bool = False,
                        deadline: float | None = None) -> dict[int, float]:
        """Ideals for many records in document order at once: one walk over the blocks, not a search each.

        Passages the document layout has already reached are measured (cached); unless ``force``,
        those beyond it (more than ``EXACT_CHARS`` on) are not laid out now but estimated from the
        part laid out so far: the estimates are returned, by id, and not cached. With ``deadline``
        (a ``perf_counter`` time), the walk stops there: the records after it are neither measured
        nor estimated (``self._cut`` is set; the caller estimates them and refines them later).
        """
        self._cut = False
        missing = [r for r in records if self._ideal_cache.get(r["id"], (None,))[0] != r["start"]]
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
                self._cut = True
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
            layout_of.blockBoundingRect(block)  # lays the block out if needed
            layout = block.layout()
            line = layout.lineForTextPosition(pos - block.position())
            self._ideal_cache[record["id"]] = (record["start"], layout.position().y() + (line.y() if line.isValid() else 0.0))
        return rough

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
        """A passage's line top beyond the laid-out part: at the laid-out part's pixels per character."""
        at, y = frontier
        if at > 5000:
            per_char = y / at
        else:
            reader = self.reader
            metrics = reader.fontMetrics()
            per_char = metrics.lineSpacing() * reader.line_spacing / max(1, reader.measure_chars)
        return y + (pos - at) * per_char

    def _estimator(self):
        """A function from a record to its estimated line top, from the part of the document laid out so far."""
        reader = self.reader
        doc = reader.document()
        frontier = self._frontier(doc.lastBlock()) if doc.lastBlock().layout().lineCount() == 0 else (
            doc.characterCount(), doc.documentLayout().documentSize().height())
        return lambda record: self._estimate(reader.to_qt(record["start"]), frontier)

    def _build_entries(self) -> None:
        ann = self.annotations
        entries: list[Entry] = []
        if ann is None or ann.article_id is None or self._style is None:
            self.entries = entries
            return
        top = self.reader.document().documentMargin()
        entries.append(Entry(ARTICLE, ARTICLE, None, top, extra={"note": ann.article_note}))
        orphans = ann.orphans()
        if orphans:
            entries.append(Entry(ORPHAN_HEADER, ORPHAN_HEADER, None, top,
                                 extra={"title": f"Orphaned · {len(orphans)}  (not found in this version)"}))
            entries.extend(Entry(ORPHAN, r["id"], r, top) for r in orphans)
        style = self._style
        for entry in entries:
            entry.height = style.height(entry)
        self._head = len(entries)
        noted = ann.noted((ann.selected, self.editing))
        # Many passages: measured for one slice at most; the rest estimated now and refined in
        # slices (``_refine``), the ones placed near the view at once (``relayout``).
        deadline = time.perf_counter() + FIRST_MEASURE_S if len(noted) > DEFER_CARDS else None  # entries take the rest
        rough = self._measure_ideals(noted, deadline=deadline)
        cache = self._ideal_cache
        estimate = self._estimator() if self._cut else None
        scroll = self.reader.verticalScrollBar().value()
        near_lo, near_hi = scroll - NEAR_PX, scroll + self.height() + NEAR_PX
        notes = []
        for r in noted:
            hid = r["id"]
            if hid in rough:
                entry = self._note_entry(r, rough[hid], rough_ideal=True, rough=True)
            elif estimate is not None and cache.get(hid, (None,))[0] != r["start"]:
                entry = self._note_entry(r, estimate(r), rough_ideal=True, rough=True)
            else:
                ideal = cache[hid][1] if hid in cache else None
                near = ideal is not None and near_lo <= ideal <= near_hi
                entry = self._note_entry(r, ideal, rough=not near)
            notes.append(entry)
        self._sort_keys = [e.extra["sort"] for e in notes]
        entries.extend(notes)
        self.entries = entries
        self._entry_by_key = {e.key: e for e in entries}
        self._rough = [e for e in notes if "rough_ideal" in e.extra or "rough_height" in e.extra]
        if self._rough:
            self._schedule_refine()
        self._selected = ann.selected
        self._entries_dirty = False
        self._placement_dirty = True

    def _make_exact(self, entry: Entry) -> bool:
        """Measure an estimated entry now (laying the document out up to it if need be); True if it moved."""
        changed = False
        if entry.extra.pop("rough_ideal", None):
            ideal = self.ideal(entry.record)
            changed |= ideal != entry.ideal
            entry.ideal = ideal
        if entry.extra.pop("rough_height", None):
            height = self._style.height(entry)
            changed |= height != entry.height
            entry.height = height
        return changed

    def refining(self) -> bool:
        """Whether estimated cards are still being measured, a slice per event-loop turn (or will be
        once the user's pause is over)."""
        return slices().active(self, REFINE) or self._quiet_timer.isActive()

    def _schedule_refine(self, delay_ms: int = 0) -> None:
        """Refine on the next turns (the job on the queue of slices), or only after ``delay_ms``."""
        if delay_ms > 0:
            slices().cancel(self, REFINE)
            self._quiet_timer.start(delay_ms)
            return
        self._quiet_timer.stop()
        self._refine_due = True  # the slice under way, if any, goes on
        if not slices().active(self, REFINE):
            slices().run(self, REFINE, self._refine)

    def _interacted(self) -> None:
        """A highlight was added, changed or selected: refining waits a little, so the change is placed
        and painted on its own turn rather than after a slice of background measuring."""
        self._quiet_until = time.perf_counter() + QUIET_S

    def _refine(self, deadline: float) -> bool:
        """One slice of measuring estimated cards (heights; lines the layout has reached) until
        ``deadline`` (a ``perf_counter`` time), then place again; whether another slice is due."""
        self._refine_due = False
        if not self._rough or self._entries_dirty or self._style is None:
            return False
        wait = self._quiet_until - time.perf_counter()
        if wait > 0:
            self._schedule_refine(max(1, round(wait * 1000)))
            return False
        rough_ideals = [e for e in self._rough if e.extra.get("rough_ideal")]
        cut = False
        if rough_ideals:  # those whose passage the layout has reached since
            rough = self._measure_ideals([e.record for e in rough_ideals], deadline=deadline)
            cut = self._cut
            for entry in rough_ideals:
                if entry.key not in rough and entry.key in self._ideal_cache:
                    entry.ideal = self._ideal_cache[entry.key][1]
                    entry.extra.pop("rough_ideal", None)
                    self._placement_dirty = True
        waiting: list[Entry] = []
        measured = 0  # at least one height a slice, even when the turn's shared budget is (nearly) spent
        for i, entry in enumerate(self._rough):
            if entry.extra.pop("rough_height", None):
                if measured and time.perf_counter() > deadline:
                    entry.extra["rough_height"] = True
                    waiting.extend(self._rough[i:])
                    break
                height = self._style.height(entry)
                measured += 1
                if height != entry.height:
                    entry.height = height
                    self._placement_dirty = True
            if entry.extra.get("rough_ideal"):
                waiting.append(entry)
        self._rough = waiting
        if cut or any(e.extra.get("rough_height") for e in waiting):
            self._schedule_refine()  # more next turn; lines beyond the laid-out part wait for the layout
        if self._placement_dirty:
            self.relayout()  # (entries built again here ask for refining too)
        return self._refine_due

    def finish_refining(self) -> None:
        """Measure every estimated card now (tests, and callers that need exact positions)."""
        for entry in self._rough:
            self._make_exact(entry)
        if self._rough:
            self._rough = []
            self._placement_dirty = True
            self.relayout()

    def _schedule_relayout(self) -> None:
        """A relayout on the next turn, ahead of the background slices (and in place of them there:
        it is the user's change being shown, and the turn's budget is then spent)."""
        slices().run(self, "relayout", self._relayout_job, first=True)

    def _relayout_job(self, _deadline: float) -> bool:
        self.relayout()
        return False

    def relayout(self) -> None:
        """Place every card (from cached heights) and give widgets to those near the viewport."""
        if self.annotations is None or self.reader.article is None:
            self._release_all()
            return
        if getattr(self.annotations, "article_id", None) != getattr(self.reader.article, "id", None):
            self._release_all()  # a new article is typeset, its highlights not loaded yet (reset follows)
            return
        self._check_layout()
        if self._style is None:
            return
        if self._entries_dirty:
            self._build_entries()
        pinned_key = self.pinned_key()
        for _attempt in range(3):
            self._place(pinned_key)
            if not self._rough or not self._exact_near_view():
                break
        self._show_visible()
        self._update_connectors()

    def _exact_near_view(self) -> bool:
        """Measure the estimated cards placed near the view; True if any of them moved (place again).

        Tops are in order, so only the entries placed in that band are looked at (a bisect), not
        every estimated one."""
        scroll = self.reader.verticalScrollBar().value()
        lo, hi = scroll - OVERSCAN - 2000, scroll + self.height() + OVERSCAN
        entries = self.entries
        moved = False
        for i in range(bisect_left(entries, lo, key=_top), len(entries)):
            entry = entries[i]
            if entry.top > hi:
                break
            extra = entry.extra
            if (extra.get("rough_ideal") or extra.get("rough_height")) and self._make_exact(entry):
                moved = True
        if moved:
            self._placement_dirty = True
        return moved

    def _place(self, pinned_key) -> None:
        """Place the cards: all of them after a rebuild, else only from each card that changed until
        the tops agree with the last placement again (adding a highlight is not O(n))."""
        entries, style = self.entries, self._style
        full = self._placement_dirty
        if not full and not self._moved_sorts and pinned_key == self._placed_for:
            return
        head = self._head
        starts = [head + bisect_left(self._sort_keys, k) for k in self._moved_sorts]
        self._moved_sorts = []
        pinned = self._index_of(pinned_key)
        # The selected (or edited) card is taller; the one selected before shrinks back.
        previous = self._pinned_entry
        self._pinned_entry = entries[pinned] if pinned is not None else None
        for i, entry in ((self._index_of(previous.key) if previous is not None else None, previous),
                         (pinned, self._pinned_entry)):
            if entry is None or i is None or entries[i] is not entry:
                continue
            card = self.cards.get(entry.key)
            lines = card.editor_lines() if card is not None and entry.key == self.editing else None
            height = style.height(entry, entry is self._pinned_entry, lines)
            if height != entry.height or entry is self._pinned_entry or entry is previous:
                entry.height = height
                starts.append(i)
        if full or not starts or min(starts) < head:
            starts = [0]
            full = True
        self._forward(starts, pinned, full)
        for entry in self._pushed_up:  # undo the last upward push; it is redone below
            entry.top = entry.fwd
        self._pushed_up = []
        if pinned is not None:
            ceiling = entries[pinned].top - CARD_GAP
            for i in range(pinned - 1, -1, -1):
                entry = entries[i]
                if entry.top + entry.height <= ceiling:
                    break  # everything above already clears: the forward pass kept them apart
                entry.top = ceiling - entry.height
                self._pushed_up.append(entry)
                ceiling = entry.top - CARD_GAP
        self._placement_dirty = False
        self._placed_for = pinned_key

    def _forward(self, starts: list[int], pinned: int | None, full: bool = False) -> None:
        """``place``'s forward pass, run from each changed entry in ``starts`` only until a top is what
        it was (the entries after it are then as before, up to the next change); ``full``: every entry.

        Two changes far apart (the card selected before and the one selected now) cost two short runs,
        not a pass over every card between them.
        """
        entries = self.entries
        n = len(entries)
        changed = sorted(set(starts))
        k, runs = 0, len(changed)
        while k < runs:
            i = changed[k]
            if i >= n:
                break
            if i > 0:
                above = entries[i - 1]
                floor = above.fwd + above.height + CARD_GAP
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
                floor = top + entry.height + CARD_GAP
                i += 1
            while k < runs and changed[k] <= i:
                k += 1  # changes this run went past are placed

    def _index_of(self, key) -> int | None:
        """The index of the (note or article) entry with ``key``, by bisection; None if it has none."""
        if key is None:
            return None
        entry = self._entry_by_key.get(key)
        if entry is None or entry.kind not in (NOTE, ARTICLE):
            return None
        if entry.kind == ARTICLE:
            return 0 if self.entries and self.entries[0] is entry else None
        i = self._head + bisect_left(self._sort_keys, entry.extra["sort"])
        return i if i < len(self.entries) and self.entries[i] is entry else None

    def _update_connectors(self) -> None:
        scroll = self.reader.verticalScrollBar().value()
        connectors = {(c.entry.ideal - scroll, c.entry.top - scroll, c.entry.record["color"], k == self.annotations.selected)
                      for k, c in self.cards.items() if c.entry is not None and c.entry.kind == NOTE}
        if connectors != self._connectors:
            # Connectors live in the gutter strip left of the cards: repaint just what changed there.
            changed = connectors ^ self._connectors
            self._connectors = connectors
            y0 = min(min(a, b) for a, b, _c, _s in changed) - 4
            y1 = max(max(a, b) for a, b, _c, _s in changed) + 40
            self.update(QRect(0, int(y0), GUTTER + 1, int(y1 - y0)))

    def pinned_key(self):
        if self.editing is not None:
            return self.editing
        return self.annotations.selected if self.annotations is not None else None

    def _show_visible(self) -> None:
        scroll = self.reader.verticalScrollBar().value()
        view_h = self.height()
        # Tops are in order; 2000 px covers the tallest card.
        entries = self.entries
        wanted: dict[object, Entry] = {}
        for i in range(bisect_left(entries, scroll - OVERSCAN - 2000, key=_top), len(entries)):
            entry = entries[i]
            y = entry.top - scroll
            if y > view_h + OVERSCAN:
                break
            if y + entry.height >= -OVERSCAN:
                wanted[entry.key] = entry
        if self.editing is not None and self.editing not in wanted:
            entry = self.entry_for(self.editing)
            if entry is not None:
                wanted[entry.key] = entry
        for key in [k for k in self.cards if k not in wanted]:
            card = self.cards.pop(key)
            card.hide()
            card.unbind()
            self._pool.append(card)
        ann = self.annotations
        dark = bool(self.reader.theme and self.reader.theme.dark)
        pinned_key = self.pinned_key()
        for key, entry in wanted.items():
            card = self.cards.get(key)
            if card is None:
                card = self._pooled_card(selected=key == pinned_key)
                self.cards[key] = card
            # Entries and the colour list are replaced, never changed in place: a card showing this
            # very entry, pinned or not as before, in the same style and colours, is up to date
            # (adding a highlight then binds only the cards that changed, not every one in view).
            bound_as = (entry, self._style, key == pinned_key, ann.colors, dark)
            if card.bound_as is None or any(a is not b for a, b in zip(card.bound_as, bound_as)):
                record = entry.record or {}
                colour = ann.color(record.get("color", ""), dark) if record else QColor(self._style.theme.accent)
                label = record.get("label", "") if entry.kind == NOTE else (
                    "Orphaned highlight" if entry.kind == ORPHAN else
                    ("Article note" if entry.extra.get("note") else "Article note · click to write"))
                card.bind(entry, self._style, colour, label, key == pinned_key, ann.colors)
                card.bound_as = bound_as
            geometry = QRect(GUTTER, int(round(entry.top - scroll)), self.card_width(), int(round(entry.height)))
            if card.geometry() != geometry:
                card.setGeometry(geometry)
            if not card.isVisible():
                card.show()

    def _pooled_card(self, selected: bool) -> Card:
        """A card from the pool (or a new one). A card builds its colour and action buttons the
        first time it is selected (1.5-2 ms, as much as the rest of an add; seven widgets, each
        styled): the selected entry takes a card that has them, the others one that has not, as far
        as the pool allows."""
        pool = self._pool
        for i in range(len(pool) - 1, -1, -1):
            if bool(pool[i].tools) == selected:
                return pool.pop(i)
        return pool.pop() if pool else self._new_card()

    def _new_card(self) -> Card:
        card = Card(self)
        card.clicked.connect(self._on_card_clicked)
        card.double_clicked.connect(self.edit)
        card.note_edited.connect(self._on_note_edited)
        card.editing_finished.connect(lambda _k: self.finish_editing(refocus=True))
        card.tags_edited.connect(lambda k, tags: self.actions and self.actions.set_tags(k, tags))
        card.color_chosen.connect(lambda k, c: self.actions and self.actions.recolor(k, c))
        card.copy_requested.connect(lambda k: self.actions and self.actions.copy_quote(k))
        card.delete_requested.connect(lambda k: self.actions and self.actions.delete(k))
        card.reattach_requested.connect(lambda k: self.actions and self.actions.reattach(k))
        card.height_changed.connect(self._on_card_height_changed)
        card.focus_left.connect(lambda _k: self.flush())
        return card

    def _on_card_height_changed(self, _key) -> None:
        self._placement_dirty = True
        self.relayout()

    def _release_all(self) -> None:
        cards = list(self.cards.values())
        self.cards.clear()  # first: hiding an editor saves its note, which can re-enter here
        for card in cards:
            card.hide()
            card.unbind()
            self._pool.append(card)
        self.entries = []
        self._rough = []
        self._entries_dirty = True

    # -- editing ---------------------------------------------------------------------------------
    def edit(self, key, typed: str = "") -> None:
        """Open the note editor on a highlight's card (or the article note), with ``typed`` appended."""
        if self.annotations is None:
            return
        if key not in (ARTICLE,) and key not in self.annotations.records:
            return
        if key == ORPHAN_HEADER or (key != ARTICLE and self.annotations.records[key]["status"] == "orphaned"):
            return
        if self.editing is not None and self.editing != key:
            self.finish_editing()
        if self.editing != key:
            self._burst += 1
        self.editing = key
        if key != ARTICLE and self.annotations.selected != key:
            self.annotations.select(key)
        if key != ARTICLE:
            self._sync_entry(key)
        self._placement_dirty = True
        self.relayout()
        card = self.cards.get(key)
        if card is not None:
            card.start_editing(typed)
            self.relayout()

    def type_into_editor(self, text: str) -> bool:
        """Keys that reached the reader while a note is open go into the note."""
        card = self.cards.get(self.editing) if self.editing is not None else None
        if card is None or card.editor is None:
            return False
        card.editor.insertPlainText(text)
        return True

    def _on_note_edited(self, key, text: str) -> None:
        self._pending = (key, text)
        self._save_timer.start()

    def flush(self) -> None:
        """Save a note being typed now, rather than after the debounce delay."""
        self._save_timer.stop()
        pending, self._pending = self._pending, None
        if pending is None or self.actions is None:
            return
        key, text = pending
        if key == ARTICLE:
            self.actions.save_article_note(text, self._burst)
        elif self.annotations is not None and key in self.annotations.records:
            if self.annotations.records[key]["note"] != text:
                self.actions.save_note(key, text, self._burst)

    def finish_editing(self, refocus: bool = False) -> None:
        key = self.editing
        self.flush()
        self._stop_editing()
        if key is not None and key != ARTICLE:
            self._sync_entry(key)
        self._placement_dirty = True
        self.relayout()
        if refocus:
            self.reader.setFocus(Qt.FocusReason.OtherFocusReason)

    def _stop_editing(self) -> None:
        key, self.editing = self.editing, None
        card = self.cards.get(key) if key is not None else None
        if card is not None:
            card.stop_editing()

    def _on_card_clicked(self, key) -> None:
        if self.actions is None or key in (ORPHAN_HEADER,):
            return
        if key == ARTICLE:
            self.edit(ARTICLE)
            return
        if key in (self.annotations.records if self.annotations else {}) and self.annotations.records[key]["status"] != "orphaned":
            self.actions.on_card_clicked(key)

    # -- painting: connectors from passage to card ---------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if not self.cards or self.annotations is None or self.reader.theme is None:
            return
        theme = self.reader.theme
        scroll = self.reader.verticalScrollBar().value()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        mid = self._style.header_height() / 2 + 7 if self._style else 12  # the card's label line
        line_mid = self.reader.fontMetrics().height() / 2 + 1  # the middle of the passage's first line
        area = event.rect()
        for key, card in self.cards.items():
            entry = card.entry
            if entry is None or entry.kind != NOTE:
                continue
            lo, hi = sorted((entry.ideal - scroll, entry.top - scroll))
            if hi + max(mid, line_mid) + 4 < area.top() or lo - 4 > area.bottom():
                continue
            colour = tone(self.annotations.color(entry.record["color"], theme.dark), theme.dark, 0.62 if theme.dark else 0.5)
            colour.setAlpha(230 if key == self.annotations.selected else 150)
            p.setPen(QPen(colour, 1.2))
            y_ideal = entry.ideal - scroll + line_mid
            y_card = entry.top - scroll + mid
            path = QPainterPath(QPointF(3, y_ideal))
            if entry.top - scroll + 2 <= y_ideal <= entry.top - scroll + entry.height - 4:
                path.lineTo(QPointF(GUTTER - 1, y_ideal))  # the card is level with its passage: a straight tie
            else:
                bend = GUTTER * 0.55
                path.lineTo(QPointF(bend - 4, y_ideal))
                path.cubicTo(QPointF(bend, y_ideal), QPointF(bend, y_ideal), QPointF(bend, y_ideal + (4 if y_card > y_ideal else -4)))
                path.lineTo(QPointF(bend, y_card + (-4 if y_card > y_ideal else 4)))
                path.cubicTo(QPointF(bend, y_card), QPointF(bend, y_card), QPointF(bend + 4, y_card))
                path.lineTo(QPointF(GUTTER - 1, y_card))
            p.drawPath(path)

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        QApplication.sendEvent(self.reader.verticalScrollBar(), event)

    # -- for tests and the benchmark -----------------------------------------------------------
    def card_for(self, key) -> Card | None:
        return self.cards.get(key)

    def entry_for(self, key) -> Entry | None:
        return self._entry_by_key.get(key)
