"""Deleting an article and editing its tags, one ``QUndoCommand`` each: Ctrl+Z brings them back."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QUndoCommand

from ...core.errors import GlossError
from ...core.library import shorten
from ...store.library_ops import delete_article, library_rows, restore_article, set_article_tags


class DeleteArticle(QUndoCommand):
    """Delete an article with its highlights, notes, tags and entity rows; undo puts it all back.

    The first deletion happens before the command is pushed (so a refusal never leaves a step on
    the stack); ``redo`` after an undo deletes again.
    """

    def __init__(self, window, article_id: int, title: str, record: dict, was_open: bool) -> None:
        super().__init__(f"Delete “{shorten(title, 30)}”")
        self.window = window
        self.article_id = article_id
        self.record = record
        self.was_open = was_open
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.was_open = _is_open(self.window, self.article_id)
        self.record = delete_article(self.window.library, self.article_id)
        _after_delete(self.window, self.was_open)

    def undo(self) -> None:
        restore_article(self.window.library, self.record)
        self.window.library_changed.emit()
        if self.was_open or self.window.article is None:
            self.window.open_article(self.article_id)


class SetArticleTags(QUndoCommand):
    """Replace an article's tags; the change is made before the push, like ``DeleteArticle``."""

    def __init__(self, window, article_id: int, tags: list[str], before: list[str]) -> None:
        super().__init__("Edit article tags")
        self.window = window
        self.article_id = article_id
        self.tags = tags
        self.before = before
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        set_article_tags(self.window.library, self.article_id, self.tags)
        self.window.library_changed.emit()

    def undo(self) -> None:
        set_article_tags(self.window.library, self.article_id, self.before)
        self.window.library_changed.emit()


def _is_open(window, article_id: int) -> bool:
    """Shown; one still on its way to the view (a long article takes a few turns) is not opened after
    all if it is still being typeset, and the article on screen stays (``ReaderView.cancel_opening``)."""
    if window.reader.opening_id() == article_id:
        window.reader.cancel_opening()
    return window.article is not None and window.article.id == article_id


def _after_delete(window, was_open: bool) -> None:
    """Refresh the lists; if the open article went, open the first one left (or show none)."""
    if was_open:
        window.reader.cancel_opening()
        window._save_timer.stop()
        window.article = None
        rows = library_rows(window.library)
        if rows:
            window.open_article(rows[0]["id"])
        else:
            window.reader.article = None
            window.reader.clear()
            window.setWindowTitle("Gloss")
    window.library_changed.emit()


def delete_with_undo(window, article_id: int) -> bool:
    """Delete through the undo stack (Ctrl+Z brings it back); reports in the status bar."""
    row = next((r for r in window.library_pane.model.all if r["id"] == article_id), None)
    title = row["title"] if row else f"article {article_id}"
    was_open = _is_open(window, article_id)
    if was_open:
        window._save_position()
    try:
        record = delete_article(window.library, article_id)
    except GlossError as exc:
        window.report(str(exc))
        return False
    _after_delete(window, was_open)
    window.undo_stack.push(DeleteArticle(window, article_id, title, record, was_open))
    undo_keys = QKeySequence(QKeySequence.StandardKey.Undo).toString(QKeySequence.SequenceFormat.NativeText)
    window.report(f"Deleted “{title}”. {undo_keys} to undo.", undoable=True)
    return True


def set_tags_with_undo(window, article_id: int, tags: list[str]) -> bool:
    try:
        before = set_article_tags(window.library, article_id, tags)
    except GlossError as exc:
        window.report(str(exc))
        return False
    window.library_changed.emit()
    window.undo_stack.push(SetArticleTags(window, article_id, tags, before))
    return True
