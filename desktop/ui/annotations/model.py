"""The shown article's highlights, indexed for painting and the margin; the one GUI-side copy of them.

Changes are made by the undo commands (``desktop.ui.annotations.undo``), which run one store operation and then
hand the result here (``put`` / ``drop``); views listen to ``changed(id)`` for one highlight and
``reset()`` for everything. The index is a list sorted by (start, -end, id), so adding or removing
one highlight is a bisect, and "which highlights touch this range" is a bisect plus a short scan.

An article with many highlights (more than ``ASYNC_LOAD``) is read and indexed in slices on the
GUI thread (the queue of ``desktop.ui.shell.slices``), a page of records at a time, so its text shows at
once: ``loading`` is true until they are all in, then ``reset`` is emitted again (changes made
meanwhile are kept). Not on a worker thread: ten thousand records are some 100 ms of Python, and
a thread running Python holds the interpreter lock until the GUI thread has waited a switch
interval (5 ms) for it, at every call from Qt into Python (each row a list paints, each event), so
paints during the read took ten to thirty times as long.
"""

from __future__ import annotations

import sqlite3
import time
from bisect import bisect_left, insort
from typing import Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor

from ...core.errors import GlossError, NotFound
from ...store import Library
from ...store.highlights import ORPHANED, colors, get_highlight, list_highlights, read_highlights
from ..shell.slices import slices

ASYNC_LOAD = 1000  # more highlights than this are read in slices, after the article's text shows
LOAD = "load"  # the name of the reading job on the queue of slices

_Index = tuple[dict, list, list, int]  # records, index, noted, longest


class IndexBuilder:
    """Builds an ``_Index`` a record at a time: the records by id and the sorted (start, -end, id)
    keys of the anchored ones and of the noted ones."""

    def __init__(self) -> None:
        self.by_id: dict[int, dict] = {}
        self.index: list[tuple[int, int, int]] = []
        self.noted: list[tuple[int, int, int]] = []
        self.longest = 0

    def add(self, record: dict) -> None:
        self.by_id[record["id"]] = record
        if record["status"] != ORPHANED:
            key = (record["start"], -record["end"], record["id"])
            self.index.append(key)
            if record["note"] or record["tags"]:
                self.noted.append(key)
            self.longest = max(self.longest, record["end"] - record["start"])

    def finish(self) -> _Index:
        self.index.sort()  # records read in (start, id) order come nearly sorted: a short sort
        self.noted.sort()
        return self.by_id, self.index, self.noted, self.longest


def build_index(records: Iterable[dict]) -> _Index:
    builder = IndexBuilder()
    for record in records:
        builder.add(record)
    return builder.finish()


class Annotations(QObject):
    """Highlights of the article on screen, the selected one, and the colours in use."""

    reset = Signal()  # a new article, or many changes at once: re-read everything
    changed = Signal(int)  # one highlight was added, changed or removed
    selection_changed = Signal(object)  # the selected highlight's id, or None
    colors_changed = Signal()  # a colour label was renamed
    article_note_changed = Signal(str)
    edit_requested = Signal(int, str)  # open the note editor of a highlight, with text typed so far

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.article_id: int | None = None
        self.article_note = ""
        self.records: dict[int, dict] = {}
        self._index: list[tuple[int, int, int]] = []  # (start, -end, id) of anchored highlights
        self._noted: list[tuple[int, int, int]] = []  # the same, for those with a note or tags (margin cards)
        self._longest = 0
        self.selected: int | None = None
        self.colors: list[dict] = []
        self.loading = False  # the highlights are being read off the GUI thread
        self._generation = 0
        self._meanwhile: dict[int, dict | None] = {}  # changes made while loading: id -> record (None: dropped)
        self.reload_colors()

    # -- loading ---------------------------------------------------------------------------------
    def load(self, article_id: int | None, article_note: str = "") -> None:
        self.article_id = article_id
        self.article_note = article_note
        self.selected = None
        self._generation += 1
        self._meanwhile = {}
        self.loading = False
        slices().cancel(self, LOAD)
        self._install(({}, [], [], 0))
        if article_id is not None:
            if self._count(article_id) > ASYNC_LOAD:
                self._load_in_slices(article_id)
            else:
                self._install(build_index(list_highlights(self.library, article_id)))
        self.reset.emit()

    def _count(self, article_id: int) -> int:
        return self.library.conn.execute("SELECT count(*) FROM highlights WHERE article_id = ?",
                                       [article_id]).fetchone()[0]

    def _install(self, built: _Index) -> None:
        self.records, self._index, self._noted, self._longest = built

    def _load_in_slices(self, article_id: int) -> None:
        self.loading = True
        records, builder = read_highlights(self.library, article_id), IndexBuilder()

        def step(deadline: float) -> bool:
            try:
                for record in records:
                    builder.add(record)
                    if time.perf_counter() >= deadline:
                        return True
            except (sqlite3.Error, GlossError):  # e.g. the file busy: read it whole after all
                self._loaded(build_index(list_highlights(self.library, article_id)))
                return False
            self._loaded(builder.finish())
            return False

        slices().run(self, LOAD, step)

    def _loaded(self, built: _Index) -> None:
        """The article's highlights are all read: install them, with the changes made meanwhile."""
        meanwhile, self._meanwhile = self._meanwhile, {}
        selected = self.selected
        self._install(built)
        self.loading = False
        for hid, record in meanwhile.items():  # changes made while reading: they win
            self._unindex(hid)
            self.records.pop(hid, None)
            if record is not None:
                self._insert(record)
        self.selected = selected if selected in self.records else None
        self.reset.emit()

    def wait_loaded(self, timeout_s: float = 30.0) -> None:
        """Process events until the highlights being read in the background are in (tests, benchmarks)."""
        import time

        from PySide6.QtWidgets import QApplication

        deadline = time.monotonic() + timeout_s
        while self.loading and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.001)

    def reload_colors(self) -> None:
        self.colors = colors(self.library)
        labels = {c["key"]: c["label"] for c in self.colors}
        for record in self.records.values():
            record["label"] = labels.get(record["color"], record["color"])
        self.colors_changed.emit()

    # -- queries ---------------------------------------------------------------------------------
    def color(self, key: str, dark: bool) -> QColor:
        for c in self.colors:
            if c["key"] == key:
                return QColor(c["dark"] if dark else c["light"])
        return QColor("#8a7321" if dark else "#f9e27d")

    def color_key(self, number: int) -> str | None:
        """The key of the colour bound to key ``number`` (1-based, menu order)."""
        return self.colors[number - 1]["key"] if 1 <= number <= len(self.colors) else None

    def anchored(self) -> list[dict]:
        """Anchored highlights in document order."""
        return [self.records[hid] for _s, _e, hid in self._index]

    def noted(self, extra: Iterable[int] = ()) -> list[dict]:
        """Anchored highlights with a note or tags, plus the ``extra`` ids, in document order."""
        keys = list(self._noted)
        for hid in extra:
            record = self.records.get(hid) if hid is not None else None
            if record is not None and record["status"] != ORPHANED:
                key = (record["start"], -record["end"], hid)
                i = bisect_left(keys, key)
                if i == len(keys) or keys[i] != key:
                    keys.insert(i, key)
        return [self.records[hid] for _s, _e, hid in keys]

    def orphans(self) -> list[dict]:
        if len(self.records) == len(self._index):  # every one anchored, as usual: nothing to look for
            return []
        return [r for r in self.records.values() if r["status"] == ORPHANED]

    def touching(self, start: int, end: int) -> list[dict]:
        """Anchored highlights overlapping code points ``[start, end)``, in document order."""
        lo = bisect_left(self._index, (start - self._longest,))
        hi = bisect_left(self._index, (end,))
        return [self.records[hid] for s, neg_end, hid in self._index[lo:hi] if -neg_end > start and s < end]

    def at(self, cp: int) -> dict | None:
        """The innermost (shortest) anchored highlight containing code point ``cp``."""
        found = self.touching(cp, cp + 1)
        return min(found, key=lambda r: (r["end"] - r["start"], -r["start"])) if found else None

    # -- changes (from the undo commands) --------------------------------------------------------
    def put(self, record: dict) -> None:
        """Add or replace one highlight's record and tell the views."""
        if record.get("article_id", self.article_id) != self.article_id:
            return
        hid = record["id"]
        self._unindex(hid)
        record = {k: v for k, v in record.items() if k != "article_id"}
        self._insert(record)
        if self.loading:
            self._meanwhile[hid] = record
        self.changed.emit(hid)

    def _insert(self, record: dict) -> None:
        hid = record["id"]
        self.records[hid] = record
        if record["status"] != ORPHANED:
            key = (record["start"], -record["end"], hid)
            insort(self._index, key)
            if record["note"] or record["tags"]:
                insort(self._noted, key)
            self._longest = max(self._longest, record["end"] - record["start"])

    def refresh(self, highlight_id: int) -> None:
        """Re-read one highlight from the library (or forget it if it is gone)."""
        try:
            self.put(get_highlight(self.library, highlight_id))
        except NotFound:
            self.drop(highlight_id)

    def drop(self, highlight_id: int) -> None:
        if self.loading:
            self._meanwhile[highlight_id] = None
        if highlight_id not in self.records:
            return
        self._unindex(highlight_id)
        del self.records[highlight_id]
        if self.selected == highlight_id:
            self.select(None)
        self.changed.emit(highlight_id)

    def _unindex(self, hid: int) -> None:
        old = self.records.get(hid)
        if old is None or old["status"] == ORPHANED:
            return
        key = (old["start"], -old["end"], hid)
        for index in (self._index, self._noted):
            i = bisect_left(index, key)
            if i < len(index) and index[i] == key:
                del index[i]

    def select(self, highlight_id: int | None) -> None:
        if highlight_id is not None and highlight_id not in self.records:
            highlight_id = None
        if highlight_id != self.selected:
            self.selected = highlight_id
            self.selection_changed.emit(highlight_id)

    def set_article_note(self, text: str) -> None:
        self.article_note = text
        self.article_note_changed.emit(text)
