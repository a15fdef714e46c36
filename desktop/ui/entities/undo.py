"""Undoable entity actions: each QUndoCommand runs one store operation and its undo runs it backwards.

A correction (rename, retype, merge, split, hide, add) is undone by withdrawing it
(``remove_correction``) and redone by putting the same record back (``restore_correction``), so
it keeps its place among the others. "Show again" withdraws a "hide" the same way. Highlighting
all mentions is undone by deleting the highlights it made, and redone by restoring them.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QUndoCommand

from ...store.entities import (highlight_mentions, remove_correction, remove_highlights, restore_correction,
                              restore_highlights)


class CorrectionCommand(QUndoCommand):
    """Make one correction (``make`` runs the store operation and returns the correction's id)."""

    def __init__(self, controller, text: str, make: Callable[[], int]) -> None:
        super().__init__(text)
        self.controller = controller
        self.make = make
        self.correction_id: int | None = None
        self.record: dict | None = None

    def redo(self) -> None:
        lib = self.controller.library
        if self.record is None:
            self.correction_id = self.make()
        else:
            self.correction_id = restore_correction(lib, self.record)
        self.controller.on_corrections_changed()

    def undo(self) -> None:
        assert self.correction_id is not None
        self.record = remove_correction(self.controller.library, self.correction_id)
        self.controller.on_corrections_changed()


class WithdrawCorrection(QUndoCommand):
    """Withdraw a correction (e.g. show a hidden entity again); undo puts it back."""

    def __init__(self, controller, text: str, correction_id: int) -> None:
        super().__init__(text)
        self.controller = controller
        self.correction_id = correction_id
        self.record: dict | None = None

    def redo(self) -> None:
        self.record = remove_correction(self.controller.library, self.correction_id)
        self.controller.on_corrections_changed()

    def undo(self) -> None:
        assert self.record is not None
        restore_correction(self.controller.library, self.record)
        self.controller.on_corrections_changed()


class HighlightMentions(QUndoCommand):
    """Turn an entity's mentions into highlights of one colour, in one step."""

    def __init__(self, controller, article_id: int, spans: list[tuple[int, int]], color: str, name: str) -> None:
        super().__init__(f"Highlight all mentions of “{name}”")
        self.controller = controller
        self.args = (article_id, spans, color)
        self.records: list[dict] | None = None

    def redo(self) -> None:
        lib = self.controller.library
        if self.records is None:
            self.records = highlight_mentions(lib, *self.args)
        else:
            restore_highlights(lib, self.records)
        self.controller.on_highlights_changed(self.args[0])

    def undo(self) -> None:
        remove_highlights(self.controller.library, self.records or [])
        self.controller.on_highlights_changed(self.args[0])
