"""Opening an article in the reader: typeset at once, or off-screen a slice per event-loop turn (a
long article), then laid out down to its place under a still image of what the view showed (the
curtain), then shown there and announced to the rest of the window."""

from __future__ import annotations

import time
from typing import Callable, Iterator, NamedTuple

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from ...core.article import Article
from ..shell.slices import slices
from ..shell.theme import Theme, reading_font
from .typeset import Typesetter

# Longer articles are typeset off-screen a few ms per event-loop turn and then shown in one swap
# (a 1 MB article takes 25-50 ms to typeset: all at once, the window would freeze that long).
SLICED_CHARS = 150_000
# Opened further in than this, an article is laid out down to its place in slices first, under a still
# image of what the view showed (``show``): Qt lays out everything above a place to scroll to it,
# about 35 ms per 100,000 characters here.
PLACED_CHARS = 30_000


class Pending(NamedTuple):
    """An article on its way to the view (``Opening.show``): typeset off-screen a slice at a time
    (``steps``, a long article), then laid out down to its place (``at``) under the curtain."""

    article: Article
    theme: Theme
    font: object  # QFont
    doc: QTextDocument
    steps: Iterator[None] | None  # None: typeset (the document is the view's, under the curtain)
    at: int | None  # the body code point to show at the top
    then: Callable[[], None] | None


def _still(widget: QWidget) -> QLabel:
    """A picture of ``widget`` as it is now, laid over it (a sibling on top, in its parent)."""
    still = QLabel(widget.parentWidget())
    still.setPixmap(widget.grab())
    still.setGeometry(widget.geometry())
    still.show()
    still.raise_()
    return still


class Opening:
    """The article on its way to one reader view, if any, and the curtain over the view meanwhile."""

    def __init__(self, reader) -> None:
        self.reader = reader
        self.pending: Pending | None = None
        self.announcing: Pending | None = None  # shown at its place; the rest of the window told next turn
        self.curtain: QLabel | None = None  # the view's last image, over it while an article is placed
        self.curtain_bar: QLabel | None = None  # and the scroll bar's
        self.left_at: tuple[int, float] = (0, 0.0)  # where the article under the curtain was left

    def show(self, article: Article, theme: Theme, then: Callable[[], None] | None = None,
                     at: int | None = None) -> None:
        """Typeset and show ``article`` with body code point ``at`` at the top, then call ``then``.

        A short article opened near its top is shown before this returns. A long one (``SLICED_CHARS``)
        is typeset into a document of its own a slice per event-loop turn, while the current one stays
        on screen and usable, and then takes its place. An article opened further in than
        ``PLACED_CHARS`` is then laid out down to its place in slices, under a still image of what the
        view showed (the curtain), and shown there: Qt would lay out everything above the place at once
        to scroll to it. A later ``show_article`` drops an article still being typeset (its ``then`` is
        never called) and completes one already in the view, being laid out to its place.
        """
        self.cancel()
        font = reading_font(self.reader.font_size, self.reader.font_family)
        if len(article.text) < SLICED_CHARS:
            if self.placed_in_slices(at):
                self.raise_curtain()
            self.pending = Pending(article, theme, font, self.reader.document(), None, at, then)
            self.reader.start_showing(article, theme)
            self.reader.typeset()
            self.place()
            return
        doc = QTextDocument(self.reader)
        doc.setPageSize(QSizeF(0, 0))  # nothing laid out until it is shown
        steps = Typesetter(font, theme, self.reader.line_spacing).steps(doc, article)
        self.pending = Pending(article, theme, font, doc, steps, at, then)
        slices().run(self.reader, "typeset", self.typeset_slice)

    def active(self) -> bool:
        """Whether an article is on its way to the view (being typeset, or laid out to its place, or
        shown there a moment before the rest of the window is told)."""
        return self.pending is not None or self.announcing is not None

    def article_id(self) -> int | None:
        """The stored id of the article on its way to the view, if any."""
        pending = self.pending or self.announcing
        return pending.article.id if pending is not None else None

    def shown_place(self) -> tuple[int, float]:
        """Where the reader is in the article shown (``top_offset``, ``progress``): under the curtain,
        where the article the curtain shows was left."""
        if self.curtain is not None or self.announcing is not None:
            return self.left_at
        return self.reader.top_offset(), self.reader.progress()

    def finish(self) -> None:
        """Typeset and place the article on its way now and show it (when the article on screen must
        not stay usable meanwhile: its text has just been replaced in the library, say)."""
        pending = self.pending
        if pending is not None and pending.steps is not None:
            for _ in pending.steps:
                pass
            self.typeset_slice(time.perf_counter())
        if self.pending is not None:
            self.end_opening()
        self.announce()

    def cancel(self) -> None:
        """An article still being typeset off-screen is dropped (the one shown stays); one already in
        the view, under the curtain, is completed now."""
        pending = self.pending
        if pending is None:
            self.announce()  # shown already: the rest of the window is told now
            return
        if pending.steps is not None and self.curtain is None:
            self.drop_pending()
        else:
            self.finish()

    def stop(self) -> None:
        """Leave the article on its way where it is (the window is closing)."""
        self.drop_pending()
        self.announcing = None
        slices().cancel(self.reader, "announce")
        self.lower_curtain()

    def drop_pending(self) -> Pending | None:
        """Forget the article on its way, its jobs and its own document (if not yet in the view)."""
        pending, self.pending = self.pending, None
        slices().cancel(self.reader, "typeset")
        slices().cancel(self.reader, "show")
        if pending is not None and pending.steps is not None:
            pending.doc.deleteLater()
        return pending

    def placed_in_slices(self, at: int | None) -> bool:
        """Whether an article opened at ``at`` is laid out to there in slices before it is shown."""
        return at is not None and at > PLACED_CHARS and self.reader.isVisible()

    def placing(self) -> bool:
        return self.pending is not None and self.pending.steps is None

    def typeset_slice(self, deadline: float) -> bool:
        pending = self.pending
        for _ in pending.steps:
            if time.perf_counter() >= deadline:
                return True
        self.pending = pending._replace(steps=None)  # typeset: into the view
        if self.placed_in_slices(pending.at):
            self.raise_curtain()
        self.reader.start_showing(pending.article, pending.theme)
        old = self.reader.document()
        ours = old.parent() is self.reader and old is not pending.doc  # else the editor's own first one, which Qt deletes
        self.reader.layout_driver.stop()
        self.reader.setDocument(pending.doc)
        if ours:
            old.deleteLater()
        self.reader.after_build(pending.doc, pending.font)
        self.place()
        return False

    def place(self) -> None:
        """The article is in the view: show it at its place now, or once the layout reaches it."""
        if self.placed_in_slices(self.pending.at):
            self.reader.layout_driver.set_first(True)
            self.check_placed()
        else:
            self.end_opening()

    def check_placed(self) -> None:
        """The layout went a slice further: once it is past the article's place, show it there."""
        if not self.placing() or not self.placed_in_slices(self.pending.at):
            return
        target = self.reader.to_qt(min(self.pending.at, len(self.pending.article.text)))
        if self.reader.layout_driver.laid_to() > target:
            # Shown on a turn of its own (the rest of the layout goes back among the other jobs).
            self.reader.layout_driver.set_first(False)
            slices().run(self.reader, "show", self.show_job, first=True)

    def show_job(self, _deadline: float) -> bool:
        if self.placing():
            self.end_opening(tell_later=True)
        return False

    def end_opening(self, tell_later: bool = False) -> None:
        """Show the article at its place; tell the rest of the window (``article_shown``, ``then``)
        now, or with ``tell_later`` on the next turn: the text is painted at its place on a turn of
        its own, and the panes, the margin and the highlights follow it."""
        pending = self.drop_pending()  # typeset already: its document is the view's
        self.reader.layout_driver.set_first(False)
        if pending.at:
            self.reader.scroll_to_offset(pending.at)
        self.announcing = pending
        self.lower_curtain()
        self.reader.layout_changed.emit()
        if tell_later:
            slices().run(self.reader, "announce", lambda _deadline: self.announce(), first=True)
        else:
            self.announce()

    def announce(self) -> bool:
        pending, self.announcing = self.announcing, None
        slices().cancel(self.reader, "announce")
        if pending is not None:
            self.reader.article_shown.emit(pending.article)
            if pending.then is not None:
                pending.then()
        return False

    def raise_curtain(self) -> None:
        """Keep showing what the view shows now, while the article coming in is laid out beneath."""
        if self.curtain is not None or not self.reader.isVisible():
            return
        self.left_at = (self.reader.top_offset(), self.reader.progress()) if self.reader.article is not None else (0, 0.0)
        viewport, bar = self.reader.viewport(), self.reader.verticalScrollBar()
        self.curtain = _still(viewport)
        if bar.isVisible():  # the scroll bar's too: it would show the incoming article's length
            self.curtain_bar = _still(bar)
        viewport.setUpdatesEnabled(False)  # nothing painted beneath it meanwhile

    def lower_curtain(self) -> None:
        if self.curtain is not None:
            self.reader.viewport().setUpdatesEnabled(True)
            for still in (self.curtain, self.curtain_bar):
                if still is not None:
                    still.deleteLater()
            self.curtain = self.curtain_bar = None
