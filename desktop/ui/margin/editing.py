"""Writing a note in the margin: the card's editor opened and closed, what is typed saved after a
short pause (one undo step per burst of typing), and saved at once when the editor closes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ...core.margin import ARTICLE, ORPHAN_HEADER
from .card import debounce

SAVE_DELAY_MS = 400  # a note is saved this long after the last keystroke


class NoteEditing:
    """The note being written in one margin column, if any."""

    def __init__(self, column) -> None:
        self.column = column
        self.key: object | None = None  # key of the card whose note is being written
        self.burst = 0
        self._pending: tuple[object, str] | None = None
        self._save_timer = debounce(column, SAVE_DELAY_MS, self.flush)

    def edit(self, key, typed: str = "") -> None:
        """Open the note editor on a highlight's card (or the article note), with ``typed`` appended."""
        column = self.column
        ann = column.annotations
        if ann is None:
            return
        if key not in (ARTICLE,) and key not in ann.records:
            return
        if key == ORPHAN_HEADER or (key != ARTICLE and ann.records[key]["status"] == "orphaned"):
            return
        if self.key is not None and self.key != key:
            self.finish()
        if self.key != key:
            self.burst += 1
        self.key = key
        if key != ARTICLE and ann.selected != key:
            ann.select(key)
        if key != ARTICLE:
            column.sync_entry(key)
        column.placement.dirty = True
        column.relayout()
        card = column.cards.get(key)
        if card is not None:
            card.start_editing(typed)
            column.relayout()

    def type_into_editor(self, text: str) -> bool:
        """Keys that reached the reader while a note is open go into the note."""
        card = self.column.cards.get(self.key) if self.key is not None else None
        if card is None or card.editor is None:
            return False
        card.editor.insertPlainText(text)
        return True

    def on_note_edited(self, key, text: str) -> None:
        self._pending = (key, text)
        self._save_timer.start()

    def flush(self) -> None:
        """Save a note being typed now, rather than after the debounce delay."""
        self._save_timer.stop()
        pending, self._pending = self._pending, None
        column = self.column
        if pending is None or column.actions is None:
            return
        key, text = pending
        if key == ARTICLE:
            column.actions.save_article_note(text, self.burst)
        elif column.annotations is not None and key in column.annotations.records:
            if column.annotations.records[key]["note"] != text:
                column.actions.save_note(key, text, self.burst)

    def finish(self, refocus: bool = False) -> None:
        column = self.column
        key = self.key
        self.flush()
        self.stop()
        if key is not None and key != ARTICLE:
            column.sync_entry(key)
        column.placement.dirty = True
        column.relayout()
        if refocus:
            column.reader.setFocus(Qt.FocusReason.OtherFocusReason)

    def stop(self) -> None:
        key, self.key = self.key, None
        card = self.column.cards.get(key) if key is not None else None
        if card is not None:
            card.stop_editing()
