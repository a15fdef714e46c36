"""Undoable annotation actions: each QUndoCommand runs one named store operation, and its undo runs it backwards.

The store's operations return the record from before the change, so every undo except that of
adding is ``restore_highlight(before)``; adding is undone by deleting, and redone by restoring the
same record (same id). Note editing merges: one burst of typing is one undo step.
"""

from __future__ import annotations

from typing import Iterable

from PySide6.QtGui import QUndoCommand

from ...store.highlights import (add_highlight, delete_highlight, edit_note, reattach_highlight,
                                recolor_highlight, restore_highlight, set_article_note, set_color_labels,
                                set_tags)
from .model import Annotations

NOTE_EDIT_ID = 4101
ARTICLE_NOTE_ID = 4102


def _short(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _HighlightCommand(QUndoCommand):
    """Shared undo: put the record from before back, then show it."""

    def __init__(self, annotations: Annotations, highlight_id: int, text: str) -> None:
        super().__init__(text)
        self.annotations = annotations
        self.highlight_id = highlight_id
        self.before: dict | None = None

    def undo(self) -> None:
        assert self.before is not None
        self.annotations.put(restore_highlight(self.annotations.library, self.before))


class AddHighlight(QUndoCommand):
    def __init__(self, annotations: Annotations, article_id: int, start: int, end: int, color: str,
                 quote: str = "") -> None:
        super().__init__(f"Highlight “{_short(quote)}”" if quote else "Highlight")
        self.annotations = annotations
        self.args = (article_id, start, end, color)
        self.record: dict | None = None

    def redo(self) -> None:
        lib = self.annotations.library
        if self.record is None:
            self.record = add_highlight(lib, *self.args)
            self.record["article_id"] = self.args[0]
            self.annotations.put(dict(self.record))
        else:
            self.annotations.put(restore_highlight(lib, self.record))
        self.annotations.select(self.record["id"])

    def undo(self) -> None:
        assert self.record is not None
        delete_highlight(self.annotations.library, self.record["id"])
        self.annotations.drop(self.record["id"])


class Recolor(_HighlightCommand):
    def __init__(self, annotations: Annotations, highlight_id: int, color: str, label: str = "") -> None:
        super().__init__(annotations, highlight_id, f"Colour: {label or color}")
        self.color = color

    def redo(self) -> None:
        self.before = recolor_highlight(self.annotations.library, self.highlight_id, self.color)
        self.annotations.refresh(self.highlight_id)


class SetTags(_HighlightCommand):
    def __init__(self, annotations: Annotations, highlight_id: int, tags: Iterable[str]) -> None:
        self.tags = list(tags)
        super().__init__(annotations, highlight_id, "Tags: " + (_short(", ".join(self.tags)) or "none"))

    def redo(self) -> None:
        self.before = set_tags(self.annotations.library, self.highlight_id, self.tags)
        self.annotations.refresh(self.highlight_id)


class EditNote(_HighlightCommand):
    """One save of a note; saves in the same editing burst merge into one undo step."""

    def __init__(self, annotations: Annotations, highlight_id: int, note: str, burst: int) -> None:
        super().__init__(annotations, highlight_id, "Edit note")
        self.note = note
        self.burst = burst

    def id(self) -> int:  # noqa: A003 (Qt's name)
        return NOTE_EDIT_ID

    def redo(self) -> None:
        before = edit_note(self.annotations.library, self.highlight_id, self.note)
        if self.before is None:
            self.before = before
        self.annotations.refresh(self.highlight_id)

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt override)
        if not isinstance(other, EditNote) or (other.highlight_id, other.burst) != (self.highlight_id, self.burst):
            return False
        self.note = other.note  # other has already been done; keep our own "before"
        if self.before is not None and self.before.get("note", "") == self.note:
            self.setObsolete(True)  # typed and then erased: nothing to undo
        return True


class DeleteHighlight(_HighlightCommand):
    def __init__(self, annotations: Annotations, highlight_id: int, quote: str = "") -> None:
        super().__init__(annotations, highlight_id, f"Delete highlight “{_short(quote)}”" if quote else "Delete highlight")

    def redo(self) -> None:
        self.before = delete_highlight(self.annotations.library, self.highlight_id)
        self.annotations.drop(self.highlight_id)

    def undo(self) -> None:
        super().undo()
        self.annotations.select(self.highlight_id)


class Reattach(_HighlightCommand):
    def __init__(self, annotations: Annotations, highlight_id: int, start: int, end: int) -> None:
        super().__init__(annotations, highlight_id, "Re-attach highlight")
        self.span = (start, end)

    def redo(self) -> None:
        self.before = reattach_highlight(self.annotations.library, self.highlight_id, *self.span)
        self.annotations.refresh(self.highlight_id)
        self.annotations.select(self.highlight_id)


class EditArticleNote(QUndoCommand):
    """The article-level note; one editing burst is one undo step."""

    def __init__(self, annotations: Annotations, article_id: int, text: str, burst: int) -> None:
        super().__init__("Edit article note")
        self.annotations = annotations
        self.article_id = article_id
        self.text = text
        self.burst = burst
        self.before: str | None = None

    def id(self) -> int:  # noqa: A003 (Qt's name)
        return ARTICLE_NOTE_ID

    def _show(self, text: str) -> None:
        if self.annotations.article_id == self.article_id:
            self.annotations.set_article_note(text)

    def redo(self) -> None:
        before = set_article_note(self.annotations.library, self.article_id, self.text)
        if self.before is None:
            self.before = before
        self._show(self.text)

    def undo(self) -> None:
        set_article_note(self.annotations.library, self.article_id, self.before or "")
        self._show(self.before or "")

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt override)
        if not isinstance(other, EditArticleNote) or (other.article_id, other.burst) != (self.article_id, self.burst):
            return False
        self.text = other.text
        if self.before == self.text:
            self.setObsolete(True)
        return True


class RelabelColours(QUndoCommand):
    """What colours mean, renamed (one or several at once: one step).

    Made after the change (``Highlighter.relabel_colours``): ``set_color_labels`` refuses a clash
    before changing anything, and a command's first redo could not report it; so the first redo
    only shows the new labels, and later ones set them again."""

    def __init__(self, annotations: Annotations, after: dict[str, str], before: dict[str, str]) -> None:
        names = ", ".join(f"“{_short(label)}”" for label in after.values())
        super().__init__(f"Label colour{'s' if len(after) > 1 else ''} {names}")
        self.annotations = annotations
        self.after, self.before = after, before
        self._made = True

    def redo(self) -> None:
        if not self._made:
            set_color_labels(self.annotations.library, self.after)
        self._made = False
        self.annotations.reload_colors()

    def undo(self) -> None:
        set_color_labels(self.annotations.library, self.before)
        self.annotations.reload_colors()
