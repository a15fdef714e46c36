"""The annotations panel: every highlight of the open article in document order, filterable; click to jump.

A dock beside the entity sidebar. Filters: colour (by its label), tag and text (quote, note or
tag). It reads the article's highlights (the margin's in-memory copy) when an article opens or
many change at once (``Annotations.reset``); one highlight added, changed or removed updates just
its row (a bisect), so an edit costs the same with 10,000 highlights as with none. Orphaned
highlights come last, marked as such. Activating a row selects the highlight and shows its passage.
The rows are ``AnnotationsModel`` (``.panel_model``), painted by ``AnnotationDelegate`` (``.panel_delegate``).
"""

from __future__ import annotations

import time
from collections import Counter
from operator import itemgetter

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QListView, QVBoxLayout, QWidget

from ...core.annotations import ALL, count_text, haystack, order
from ...store.highlights import colors, list_highlights
from ..shell import slices as shared
from ..shell.theme import highlight_colour
from ..shell.docks import pane_dock
from ..shell.widgets import search_field
from .panel_delegate import AnnotationDelegate, dot
from .panel_model import RECORD, AnnotationsModel

CHUNK = 1000  # highlights per step of a re-read
FILL = "fill"  # the re-read's job on the application's queue of slices


class AnnotationsPanel(QWidget):
    """Filters on top, the list below; ``refresh()`` re-reads the open article's highlights."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("annotationsPanel")
        self.text = search_field(self, "annotationsFilter", "Filter highlights by text", "Filter quotes, notes, tags", "Filter")
        self.colour = QComboBox(self)
        self.colour.setObjectName("annotationsColour")
        self.colour.setAccessibleName("Show highlights of colour")
        self.tag = QComboBox(self)
        self.tag.setObjectName("annotationsTag")
        self.tag.setAccessibleName("Show highlights with tag")
        self.count = QLabel(self)
        self.count.setObjectName("annotationsCount")
        self.count.setAccessibleName("Highlights shown")
        self.count.setWordWrap(True)  # a long hint wraps rather than widening the dock
        self.model = AnnotationsModel(self)
        self.list = QListView(self)
        self.list.setObjectName("annotationsList")
        self.list.setAccessibleName("Highlights and notes")
        self.list.setModel(self.model)
        self.list.setItemDelegate(AnnotationDelegate(self.list, self.model))
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)  # rows of one height: 10,000 highlights lay out at once
        self.list.setMouseTracking(True)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        policy = self.list.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # hidden while its dock is behind a tab: nothing moves
        self.list.setSizePolicy(policy)
        for combo in (self.colour, self.tag):  # the dock keeps its width, whatever labels and tags say
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        combos = QHBoxLayout()
        combos.setContentsMargins(0, 0, 0, 0)
        combos.addWidget(self.colour, 1)
        combos.addWidget(self.tag, 1)
        top = QVBoxLayout()
        top.setContentsMargins(6, 6, 6, 2)
        top.setSpacing(4)
        top.addWidget(self.text)
        top.addLayout(combos)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self._timer = QTimer(self, singleShot=True, interval=80)
        self._timer.timeout.connect(self._refilter)
        self.text.textChanged.connect(lambda _t: self._timer.start())
        self.colour.activated.connect(lambda _i: self._refilter())
        self.tag.activated.connect(lambda _i: self._refilter())
        self.list.activated.connect(self.jump)
        self.list.clicked.connect(self.jump)
        self._refresh_timer = QTimer(self, singleShot=True, interval=120)
        self._refresh_timer.timeout.connect(self.refresh)
        self._fill = None  # the re-read under way (a generator of steps, run as a sliced job), if any
        self._dirty = True
        self._article_id: int | None = None  # the article whose highlights the list holds
        self._palette: list[dict] = []
        self._colour_use: Counter = Counter()
        self._tag_use: Counter = Counter()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange:
            self.schedule_refresh()  # a new theme: the colour stripes take its variant

    def schedule_refresh(self, *_args) -> None:
        self._refresh_timer.start()  # many signals in one burst: one re-read

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._dirty:
            self.schedule_refresh()

    def on_dock_shown(self, shown: bool) -> None:
        """The dock came on screen or went off it (closed, or another tab in front of it).

        Off screen the list view is hidden, though the model keeps following every change: a
        QListView lays out all its rows after each insert or removal (a few ms at 10,000 rows),
        but not while hidden, so adding a highlight costs the same however many there are. Its one
        layout is done when it is shown again, its scroll position and current row kept.
        """
        if shown:
            self.list.setVisible(True)
            if self._dirty:
                self.schedule_refresh()
        elif not self.list.hasFocus():  # keys typed into it still go to it
            self.list.setVisible(False)

    def _annotations(self):
        return getattr(getattr(self.window_, "highlighter", None), "annotations", None)

    def on_changed(self, hid: int) -> None:
        """One highlight added, changed or removed: update its row (and the filters if what is in use changed)."""
        annotations = self._annotations()
        if (self._dirty or self.filling() or annotations is None
                or annotations.article_id != self._article_id or not self.isVisible()):
            self.schedule_refresh()  # a whole re-read is due (or the panel is hidden: it waits)
            return
        record = annotations.records.get(hid)
        old, new = self.model.put(record, hid)
        colours, tags = set(self._colour_use), set(self._tag_use)
        for r, step in ((old, -1), (new, 1)):
            if r is not None:
                self._colour_use.update({r["color"]: step})
                self._tag_use.update({t: step for t in r["tags"]})
        self._colour_use, self._tag_use = +self._colour_use, +self._tag_use  # drop zero counts
        if set(self._colour_use) != colours:
            self._fill_colours()
        if set(self._tag_use) != tags:
            self._fill_tags()
        self._show_count()

    def on_library_changed(self) -> None:
        """Articles changed: the open article's highlights are the margin's copy (followed one by one),
        unless the list was read from the library."""
        annotations = self._annotations()
        if annotations is None or annotations.article_id != self._article_id:
            self.schedule_refresh()

    def refresh(self) -> None:
        """Re-read the open article's highlights. The work (a sort key, filter text and counts per
        highlight) is a job on the application's queue of slices (``slices.slices()``), sharing each
        event-loop turn's budget with the other sliced jobs, so 10,000 highlights never hold the GUI
        for one long turn; a first piece (at most one turn's budget) is done at once, within this call."""
        if not self.isVisible():
            self._dirty = True  # hidden (or the window closed): re-read when shown
            self._stop_fill()
            return
        self._dirty = False
        self._fill = self._fill_steps()
        if self._step_fill(time.perf_counter() + shared.BUDGET_S):
            shared.slices().run(self, FILL, self._step_fill)  # the rest, a slice per turn

    def filling(self) -> bool:
        """A re-read is under way (the list is filled in slices)."""
        return self._fill is not None or self._refresh_timer.isActive()

    def _stop_fill(self) -> None:
        self._fill = None
        shared.slices().cancel(self, FILL)

    def _step_fill(self, deadline: float) -> bool:
        """A piece of the re-read, until ``deadline`` (a ``perf_counter`` time) but at least one step;
        whether any is left."""
        fill = self._fill
        if fill is None:
            return False
        try:
            while True:
                next(fill)
                if time.perf_counter() >= deadline:
                    return True
        except StopIteration:
            if self._fill is fill:
                self._stop_fill()
            return False

    def _fill_steps(self):
        """A generator: each ``next`` does a bounded piece of the re-read (a chunk of records)."""
        window = self.window_
        article_id = window.article.id if window.article is not None else None
        self._article_id = article_id
        self.list.itemDelegate().article = window.article  # its pages: "p. 12" on each row
        records, keys = self._records(article_id)
        yield
        if len(records) > CHUNK:  # a long re-read: the old article's rows go at once
            self.model.set_records([], [], {})
            self.count.setText(f"Reading {len(records)} highlights…")
            yield
        if keys is None:
            keys = []
            for i in range(0, len(records), CHUNK):
                keys.extend(order(r) for r in records[i:i + CHUNK])
                yield
        hays: dict[int, str] = {}
        colour_use: Counter = Counter()
        tag_use: Counter = Counter()
        in_order = True
        for i in range(0, len(records), CHUNK):
            part = records[i:i + CHUNK]
            hays.update((r["id"], haystack(r)) for r in part)
            colour_use.update(r["color"] for r in part)
            tag_use.update(t for r in part for t in r["tags"])
            in_order = in_order and all(keys[j - 1] < keys[j] for j in range(max(1, i), i + len(part)))
            yield
        if not in_order:  # not the index's order after all: sort (keys are unique: ids break ties)
            pairs = sorted(zip(keys, records), key=itemgetter(0))
            keys, records = [k for k, _r in pairs], [r for _k, r in pairs]
            yield
        theme = window.theme
        self._palette = colors(window.library)
        self.model.palette = {c["key"]: highlight_colour(theme, c["light"], c["dark"]) for c in self._palette}
        self._colour_use, self._tag_use = colour_use, tag_use
        self._fill_colours()
        self._fill_tags()
        self.model.set_records(records, keys, hays, refilter=False)
        yield
        self._refilter()

    def _fill_colours(self) -> None:
        self._fill_combo(self.colour, "All colours",
                         [(c["label"], c["key"], dot(self.model.palette[c["key"]])) for c in self._palette
                          if self._colour_use[c["key"]] > 0])

    def _fill_tags(self) -> None:
        tags = sorted(self._tag_use, key=str.casefold)
        self._fill_combo(self.tag, "All tags", [("#" + t, t, None) for t in tags])

    def _records(self, article_id: int | None) -> tuple[list[dict], list[tuple] | None]:
        """The article's highlights, and their ``order`` keys if already known: the margin's
        in-memory copy if it holds this article (already in document order: its index's), else
        from the library (sorted here)."""
        if not article_id:
            return [], []
        annotations = self._annotations()
        if annotations is not None and getattr(annotations, "article_id", None) == article_id:
            orphans = sorted(annotations.orphans(), key=order)
            return annotations.anchored() + orphans, None  # in order; checked as keys are made
        pairs = sorted(((order(r), r) for r in list_highlights(self.window_.library, article_id)),
                       key=itemgetter(0))
        return [r for _k, r in pairs], [k for k, _r in pairs]

    @staticmethod
    def _fill_combo(combo: QComboBox, everything: str, items: list[tuple[str, str, QIcon | None]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, ALL)
        for text, data, icon in items:
            if icon is None:
                combo.addItem(text, data)
            else:
                combo.addItem(icon, text, data)
        at = combo.findData(current)
        combo.setCurrentIndex(at if at >= 0 else 0)
        combo.blockSignals(False)

    def _refilter(self) -> None:
        self._timer.stop()
        self.model.colour = self.colour.currentData() or ALL
        self.model.tag = self.tag.currentData() or ALL
        self.model.text = self.text.text()
        self.model.refilter()
        self._show_count()

    def _show_count(self) -> None:
        self.count.setText(count_text(self.model.rowCount(), len(self.model.all), self.window_.article is not None))

    def jump(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        record = index.data(RECORD)
        window = self.window_
        if record["status"] == "orphaned":
            window.report("This highlight's passage is no longer in the text (orphaned); "
                          "select the new passage to re-attach it from the margin.")
        highlighter = getattr(window, "highlighter", None)
        known = getattr(getattr(highlighter, "annotations", None), "records", {})
        if record["id"] in known and hasattr(highlighter, "on_card_clicked"):
            highlighter.on_card_clicked(record["id"])  # selects its margin card too
            return
        if record["status"] == "orphaned":
            return
        window.reader.reveal(record["start"])
        window.reader.flash(record["start"], record["end"])


def install(window) -> None:
    """An Annotations dock tabbed with the entity sidebar; Ctrl+Shift+H shows it and focuses the filter."""
    panel = AnnotationsPanel(window)
    dock = pane_dock("Annotations", window, panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.visibilityChanged.connect(panel.on_dock_shown)
    window.tabifyDockWidget(window.entity_dock, dock)
    window.entity_dock.raise_()
    window.annotations_panel, window.annotations_dock = panel, dock
    window.article_opened.connect(panel.schedule_refresh)
    window.library_changed.connect(panel.on_library_changed)
    highlighter = getattr(window, "highlighter", None)
    annotations = getattr(highlighter, "annotations", None)
    if annotations is not None:  # every highlight change (undo and redo too) arrives as changed(id)
        annotations.changed.connect(panel.on_changed)
        annotations.reset.connect(panel.schedule_refresh)
        annotations.colors_changed.connect(panel.schedule_refresh)

    def show() -> None:
        dock.show()
        dock.raise_()
        panel.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        panel.text.selectAll()

    action = QAction("&Annotations", window)
    action.setObjectName("show_annotations")
    action.setShortcut(QKeySequence("Ctrl+Shift+H"))
    action.triggered.connect(show)
    window.view_menu.addAction(action)
    panel.schedule_refresh()
