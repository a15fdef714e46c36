"""An entity's mentions in the reader: marked in and near the view, stepped through (F3), quoted in tooltips."""

from __future__ import annotations

from bisect import bisect_right
from html import escape

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QTextCharFormat

from ...core.entities import Entity
from .actions import TYPES, NavigatorPart

CONTEXT_CHARS = 80
MARK_ALL = 400  # an entity with more mentions has those in and near the view marked (refresh_marks)


def context_parts(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """About ``chars`` characters around ``text[start:end]`` as (before, mention, after), cut at
    word boundaries, on one line, with ellipses where the text goes on."""
    side = max(12, (chars - (end - start)) // 2)
    lo, hi = max(0, start - side), min(len(text), end + side)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi

    def flat(piece: str) -> str:
        return " ".join(piece.split("\n")).replace("  ", " ")

    before = ("…" if lo > 0 else "") + flat(text[lo:start])
    after = flat(text[end:hi]) + ("…" if hi < len(text) else "")
    return before, flat(text[start:end]), after


def context_of(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> str:
    """``context_parts`` as one string."""
    return "".join(context_parts(text, start, end, chars))


class EntityMarks(NavigatorPart):
    """The chosen entity of one navigator: its mentions marked (not highlighted) and stepped through."""

    def __init__(self, nav) -> None:
        super().__init__(nav)
        self.current: Entity | None = None
        self.step_index = -1
        self._starts: list[int] = []  # every shown mention by start, for entity_at (built when first asked)
        self._spans: list[tuple[int, int, Entity]] = []
        self._mark_starts: list[int] = []  # the chosen entity's mentions by start
        self._marked: tuple[int, int] | None = None  # the range of those marked now

        self.reader.layout_changed.connect(self._on_layout_changed)
        self.sidebar.entity_chosen.connect(self.select_entity)
        self.sidebar.view.step_requested.connect(self.step)
        self.sidebar.view.activated_entity.connect(lambda e: self.select_entity(e))
        self.sidebar.restyled.connect(self._on_restyled)

    # -- following the shown result --------------------------------------------------------------
    def reset(self) -> None:
        """Another article: nothing chosen, nothing marked."""
        self._starts, self._spans = [], []
        self.clear_marks()

    def kept(self) -> tuple[str, str] | None:
        """Before a new result is shown: the chosen entity's (name, type) to keep, if any."""
        self._starts, self._spans = [], []
        return (self.current.name, self.current.type) if self.current is not None else None

    def follow(self, shown: list[Entity], keep: tuple[str, str] | None) -> None:
        """After a new result is shown: keep the chosen entity (and its marks) where it still exists."""
        if self.current is None:
            return
        match = next((e for e in shown if (e.name, e.type) == keep), None)
        if match is None:
            self.clear_marks()
        elif match.mentions != self.current.mentions:
            self.select_entity(match, jump=False)
        else:
            self.current = match

    # -- marking ---------------------------------------------------------------------------------
    def _formats(self) -> tuple[QTextCharFormat, QTextCharFormat]:
        colour = QColor(self.window.theme.entity_mark)
        every = QTextCharFormat()
        every.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        every.setUnderlineColor(colour)
        wash = QColor(colour)
        wash.setAlpha(40 if self.window.theme.dark else 26)
        every.setBackground(wash)
        current = QTextCharFormat(every)
        strong = QColor(colour)
        strong.setAlpha(110 if self.window.theme.dark else 70)
        current.setBackground(strong)
        return every, current

    def select_entity(self, entity: Entity, jump: bool = True) -> None:
        """Mark every mention of the entity (not a highlight) and go to the first."""
        self.current = entity
        self._mark_starts = [m.start for m in entity.mentions]
        self._marked = None
        if jump:
            self._go(0)
        elif 0 <= self.step_index < len(entity.mentions):
            self._go(self.step_index, scroll=False)
        self.refresh_marks()

    def refresh_marks(self) -> None:
        """Mark the chosen entity's mentions in and around the visible part of the text.

        Only those: an entity named 5,000 times in a long article would otherwise cost a quarter
        of a second per click; scrolling (``layout_changed``) marks the ones that come into view.
        """
        entity = self.current
        if entity is None or self.reader.article is None:
            return
        mentions = entity.mentions
        if len(mentions) <= MARK_ALL:
            lo, hi = 0, len(mentions)
        else:
            reader = self.reader
            top = reader.top_offset()
            bottom = reader.from_qt(reader.cursorForPosition(QPoint(4, reader.viewport().height() - 1)).position())
            span = max(2000, bottom - top)
            lo = bisect_right(self._mark_starts, top - span) - 1
            lo = max(0, lo)
            hi = bisect_right(self._mark_starts, bottom + span)
            if self._marked is not None and self._marked[0] <= lo and hi <= self._marked[1]:
                return  # what is in view is marked already
            lo, hi = max(0, lo - 50), min(len(mentions), hi + 50)
        self._marked = (lo, hi)
        every, _current = self._formats()
        self.reader.set_marks("entity", [self.reader.mark(m.start, m.end, every) for m in mentions[lo:hi]])

    def _on_layout_changed(self) -> None:
        if self.current is not None and len(self.current.mentions) > MARK_ALL:
            self.refresh_marks()

    def _on_restyled(self) -> None:
        if self.current is not None:
            self.select_entity(self.current, jump=False)

    def clear_marks(self) -> None:
        self.current, self.step_index, self._marked = None, -1, None
        self.reader.set_marks("entity", [])
        self.reader.set_marks("entity_current", [])

    # -- stepping --------------------------------------------------------------------------------
    def step(self, delta: int) -> None:
        """F3 / Shift+F3: the next or previous mention of the chosen entity (wrapping around)."""
        if self.current is None:
            chosen = self.sidebar.current_entity()
            if chosen is None:
                self.window.report("Choose a name in the Entities list first; F3 then steps through its mentions.")
                return
            self.select_entity(chosen)
            return
        count = len(self.current.mentions)
        if count:
            self._go((self.step_index + delta) % count)

    def _go(self, i: int, scroll: bool = True) -> None:
        entity = self.current
        if entity is None or not entity.mentions:
            return
        self.step_index = i
        m = entity.mentions[i]
        _every, current = self._formats()
        self.reader.set_marks("entity_current", [self.reader.mark(m.start, m.end, current)])
        if scroll:
            self.centre_on(m.start)
        self.window.statusBar().showMessage(f"{entity.name}: mention {i + 1} of {len(entity.mentions)}"
                                            "  (F3 next, Shift+F3 previous)", 8000)

    def centre_on(self, cp: int) -> None:
        """Scroll the reader so that body code point ``cp`` is in the middle of the view."""
        self.reader.centre_on(cp)

    # -- looking up ------------------------------------------------------------------------------
    def entity_at(self, cp: int) -> Entity | None:
        """The shown entity with a mention covering body code point ``cp``."""
        entities = self.nav.entities
        if not self._spans and entities:
            spans = sorted((m.start, m.end, i) for i, e in enumerate(entities) for m in e.mentions)
            self._starts = [s for s, _e, _i in spans]
            self._spans = [(s, e, entities[i]) for s, e, i in spans]
        i = bisect_right(self._starts, cp) - 1
        while i >= 0:
            start, end, entity = self._spans[i]
            if start <= cp < end:
                return entity
            if cp - start > 300:
                break
            i -= 1
        return None

    def tooltip_for(self, entity: Entity, others: int) -> str:
        """The hover text of an entry: its first mention in context, its type, count and aliases."""
        if not entity.mentions:
            return escape(entity.name)
        m = entity.mentions[0]
        before, middle, after = context_parts(self.nav.text, m.start, m.end)
        html = f"{escape(before)}<b>{escape(middle)}</b>{escape(after)}"
        count = len(entity.mentions)
        facts = f"{dict(TYPES).get(entity.type, entity.type)} · {count} mention{'s' if count != 1 else ''}"
        if entity.aliases:
            facts += f" · also {escape(', '.join(entity.aliases))}"
        if others:
            facts += f" · in {others} other article{'s' if others != 1 else ''}"
        return f"<p>{html}</p><p style='color:gray'>{facts}</p>"
