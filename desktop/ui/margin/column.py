"""The margin column beside the text, where note cards sit level with their passages.

Every card has an ideal top (its passage's first line, in document coordinates: ``measure``) and a
height (``style.CardStyle``, cached); ``core.margin.Placement`` stacks them, and the column then
creates or reuses widgets only for the cards near the viewport. Scrolling only moves those few
widgets.

Opening a long article never waits for the whole document to be laid out or every card to be
measured: a passage the (sliced) layout has not reached yet gets an estimated line from the part
laid out so far, a card never measured an estimated height, and the cards near the view are
measured exactly before they are shown. The rest are refined in slices (``refine``) as the reader's
layout advances, and placed again after each slice.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from ...core.margin import ARTICLE, CARD_GAP, NOTE, ORPHAN, ORPHAN_HEADER, Entry, Placement
from ..reader.view import GUTTER, ReaderView
from ..shell.slices import slices
from .card import Card, CardStyle
from .connectors import changed_strip, connector_set, paint_connectors
from .editing import NoteEditing
from .entries import build_entries, note_entry
from .measure import Measurer
from .refine import DEFER_CARDS, Refiner

OVERSCAN = 300  # pixels above and below the viewport that still get widgets


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
        self.placement = Placement(CARD_GAP)
        self.measurer = Measurer(reader)
        self.refiner = Refiner(self)
        self.note = NoteEditing(self)
        self.cards: dict[object, Card] = {}
        self._pool: list[Card] = []
        self.style: CardStyle | None = None
        self._styles: dict[tuple, CardStyle] = {}
        self._layout_key: tuple | None = None
        self._watched_layout = None
        self.entries_dirty = True
        self._pinned_entry: Entry | None = None  # the entry whose height was measured as selected
        self._connectors: set[tuple] = set()
        self.selected_before: int | None = None
        self._placed_for: object | None = None
        reader.layout_changed.connect(self.on_reader_layout_changed)
        if hasattr(reader, "laid_out"):  # the document finished laying out in slices: measure again
            reader.laid_out.connect(self.refiner.on_laid_out)

    @property
    def entries(self) -> list[Entry]:
        return self.placement.entries

    @property
    def editing(self) -> object | None:
        """The key of the card whose note is being written, if any."""
        return self.note.key

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
        self.note.stop()
        self.measurer.clear()
        self.entries_dirty = True
        if self.annotations is not None and len(self.annotations.noted()) > DEFER_CARDS:
            self._release_all()
            self.schedule_relayout()  # many cards: built on a turn of their own, after the text is shown
        else:
            self.relayout()

    def on_everything_changed(self, *_args) -> None:
        self.entries_dirty = True
        self.schedule_relayout()  # coalesce a burst of changes into one relayout

    def on_changed(self, hid: int) -> None:
        self.refiner.interacted()
        if self.sync_entry(hid):
            self.schedule_relayout()

    def on_selection_changed(self, hid) -> None:
        self.refiner.interacted()
        previous, self.selected_before = self.selected_before, hid
        if self.editing is not None and self.editing != hid:
            self.finish_editing()
        self.sync_entry(previous)
        self.sync_entry(hid)
        self.relayout()

    # -- entries ---------------------------------------------------------------------------------
    def sync_entry(self, hid) -> bool:
        """Add, replace or drop one highlight's card entry (a bisect, not a rebuild); True if the margin changes."""
        if hid is None or self.annotations is None:
            return False
        if self.entries_dirty or self.style is None:
            return True
        ann, placement = self.annotations, self.placement
        record = ann.records.get(hid)
        old = placement.by_key.get(hid)
        if (old is not None and old.kind == ORPHAN) or (record is not None and record["status"] == "orphaned"):
            self.entries_dirty = True  # the orphans' section changes: rare, rebuild it all
            return True
        if not placement.remove(hid):
            self.entries_dirty = True
            return True
        if record is not None and (record["note"] or record["tags"] or hid in (ann.selected, self.editing)):
            placement.insert(note_entry(self.style, self.measurer, record))
        elif old is None:
            return False  # no card before, none now
        return True

    # -- geometry --------------------------------------------------------------------------------
    def card_width(self) -> int:
        return self.reader.margin_width - 10

    def check_layout(self) -> None:
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
            layout.documentSizeChanged.connect(self.refiner.on_document_resized)
        if key != self._layout_key:
            self._layout_key = key
            self.measurer.clear()
            self.style = None
            if theme:
                style_key = (theme.name, reader.font_size, self.card_width())
                if style_key not in self._styles:
                    self._styles[style_key] = CardStyle(theme, reader.font_size, self.card_width())
                self.style = self._styles[style_key]
            self.entries_dirty = True

    def refining(self) -> bool:
        """Whether estimated cards are still being measured (or will be once the user's pause is over)."""
        return self.refiner.active()

    def finish_refining(self) -> None:
        """Measure every estimated card now (tests, and callers that need exact positions)."""
        self.refiner.finish()

    def schedule_relayout(self) -> None:
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
        self.check_layout()
        if self.style is None:
            return
        if self.entries_dirty:
            build_entries(self)
        pinned_key = self.pinned_key()
        for _attempt in range(3):
            self._place(pinned_key)
            if not self.refiner.rough or not self._exact_near_view():
                break
        self._show_visible()
        self._update_connectors()

    def _exact_near_view(self) -> bool:
        """Measure the estimated cards placed near the view; True if any of them moved (place again)."""
        scroll = self.reader.verticalScrollBar().value()
        moved = False
        for entry in self.placement.between(scroll - OVERSCAN, scroll + self.height() + OVERSCAN):
            extra = entry.extra
            if (extra.get("rough_ideal") or extra.get("rough_height")) and self.refiner.make_exact(entry):
                moved = True
        if moved:
            self.placement.dirty = True
        return moved

    def _place(self, pinned_key) -> None:
        """Place the cards: all of them after a rebuild, else only from each card that changed until
        the tops agree with the last placement again (adding a highlight is not O(n))."""
        placement, style = self.placement, self.style
        if not placement.dirty and not placement.moved and pinned_key == self._placed_for:
            return
        entries = placement.entries
        pinned = placement.index_of(pinned_key)
        # The selected (or edited) card is taller; the one selected before shrinks back.
        previous = self._pinned_entry
        self._pinned_entry = entries[pinned] if pinned is not None else None
        changed = []
        for i, entry in ((placement.index_of(previous.key) if previous is not None else None, previous),
                         (pinned, self._pinned_entry)):
            if entry is None or i is None or entries[i] is not entry:
                continue
            card = self.cards.get(entry.key)
            lines = card.editor_lines() if card is not None and entry.key == self.editing else None
            height = style.height(entry, entry is self._pinned_entry, lines)
            if height != entry.height or entry is self._pinned_entry or entry is previous:
                entry.height = height
                changed.append(i)
        placement.place(pinned, changed)
        self._placed_for = pinned_key

    def _update_connectors(self) -> None:
        connectors = connector_set(self)
        strip = changed_strip(self._connectors, connectors)
        if strip is not None:
            self._connectors = connectors
            self.update(strip)  # connectors live in the gutter strip left of the cards

    def pinned_key(self):
        if self.editing is not None:
            return self.editing
        return self.annotations.selected if self.annotations is not None else None

    # -- card widgets ------------------------------------------------------------------------------
    def _show_visible(self) -> None:
        scroll = self.reader.verticalScrollBar().value()
        view_h = self.height()
        wanted: dict[object, Entry] = {}
        for entry in self.placement.between(scroll - OVERSCAN, scroll + view_h + OVERSCAN):
            if entry.top - scroll + entry.height >= -OVERSCAN:
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
            bound_as = (entry, self.style, key == pinned_key, ann.colors, dark)
            if card.bound_as is None or any(a is not b for a, b in zip(card.bound_as, bound_as)):
                record = entry.record or {}
                colour = ann.color(record.get("color", ""), dark) if record else QColor(self.style.theme.accent)
                label = self._note_label(record) if entry.kind == NOTE else (
                    "Orphaned highlight" if entry.kind == ORPHAN else
                    ("Article note" if entry.extra.get("note") else "Article note · click to write"))
                card.bind(entry, self.style, colour, label, key == pinned_key, ann.colors)
                card.bound_as = bound_as
            geometry = QRect(GUTTER, int(round(entry.top - scroll)), self.card_width(), int(round(entry.height)))
            if card.geometry() != geometry:
                card.setGeometry(geometry)
            if not card.isVisible():
                card.show()

    def _note_label(self, record: dict) -> str:
        """A note card's label: the colour's meaning, and the page where the article has pages."""
        article = self.reader.article
        page = article.page_label(record["start"], record["end"]) if article is not None and article.has_pages else ""
        return f"{record.get('label', '')}  ·  {page}" if page else record.get("label", "")

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
        card.note_edited.connect(self.note.on_note_edited)
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
        self.placement.dirty = True
        self.relayout()

    def _release_all(self) -> None:
        cards = list(self.cards.values())
        self.cards.clear()  # first: hiding an editor saves its note, which can re-enter here
        for card in cards:
            card.hide()
            card.unbind()
            self._pool.append(card)
        self.placement.clear()
        self.refiner.rough = []
        self.entries_dirty = True

    def _on_card_clicked(self, key) -> None:
        if self.actions is None or key in (ORPHAN_HEADER,):
            return
        if key == ARTICLE:
            self.edit(ARTICLE)
            return
        records = self.annotations.records if self.annotations else {}
        if key in records and records[key]["status"] != "orphaned":
            self.actions.on_card_clicked(key)

    # -- notes (``editing.NoteEditing``) -------------------------------------------------------------
    def edit(self, key, typed: str = "") -> None:
        """Open the note editor on a highlight's card (or the article note), with ``typed`` appended."""
        self.note.edit(key, typed)

    def type_into_editor(self, text: str) -> bool:
        return self.note.type_into_editor(text)

    def flush(self) -> None:
        """Save a note being typed now, rather than after the debounce delay."""
        self.note.flush()

    def finish_editing(self, refocus: bool = False) -> None:
        self.note.finish(refocus)

    # -- painting and scrolling ----------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if not self.cards or self.annotations is None or self.reader.theme is None:
            return
        paint_connectors(self, QPainter(self), event.rect())

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        QApplication.sendEvent(self.reader.verticalScrollBar(), event)

    # -- for tests and the benchmark -----------------------------------------------------------
    def card_for(self, key) -> Card | None:
        return self.cards.get(key)

    def entry_for(self, key) -> Entry | None:
        return self.placement.by_key.get(key)
