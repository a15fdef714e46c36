"""Entities in the window: extraction off the GUI thread, the sidebar filled, mentions marked and
stepped through (F3), corrections and "highlight all mentions" as undoable commands, and the
other articles that name an entity.

On opening an article the cached result is shown at once; without one, the rules (milliseconds)
are shown first and replaced by spaCy's result when the model has read the text. The workers
touch no database and no widget: they return plain data, which the GUI thread stores and shows.
"""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_right

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QInputDialog,
                               QLineEdit, QMenu)
from shiboken6 import isValid

from ..core.entities import Entity, from_json
from ..store.entity_jobs import run_job
from ..core.errors import GlossError
from ..store import entities as store
from . import entity_service, entity_undo
from .entity_model import HiddenRole
from .tasks import run_in_background

TYPES = [("PERSON", "Person"), ("ORG", "Organisation"), ("GPE", "Country, city or state"),
         ("LOC", "Place"), ("FAC", "Building or facility"), ("DATE", "Date"), ("EVENT", "Event"),
         ("NORP", "Nationality or group"), ("LAW", "Law or document"), ("PRODUCT", "Product"),
         ("WORK_OF_ART", "Work of art"), ("LANGUAGE", "Language")]
CONTEXT_CHARS = 80
LONG_TEXT = 200_000  # longer texts go to the helper process even for the rules
MARK_ALL = 400  # an entity with more mentions has those in and near the view marked (refresh_marks)


def _short(text: str, limit: int = 28) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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


def _signature(entities: list[Entity]) -> list[tuple]:
    """Enough to tell two results apart without comparing every mention."""
    return [(e.name, e.type, tuple(e.aliases), len(e.mentions), e.first, e.mentions[-1].end if e.mentions else 0)
            for e in entities]


class EntityNavigator(QObject):
    """The entity feature of one window."""

    entities_shown = Signal(str)  # the sidebar shows a result of this mode ("rules" or "spacy")

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.library = window.library
        self.reader = window.reader
        self.sidebar = window.sidebar
        self.model_expected = store.model_installed()
        self.model_label = ""
        self.generation = 0
        self.jobs: dict[int, tuple[int, bool]] = {}  # helper job -> (generation, final)
        self.threads = 0  # thread-pool jobs under way
        self.article_id: int | None = None
        self.text = ""
        self.text_hash = ""
        self.raw: list[Entity] | None = None
        self.mode: str | None = None
        self.final = False
        self.entities: list[Entity] = []
        self.current: Entity | None = None
        self.step_index = -1
        self._starts: list[int] = []
        self._spans: list[tuple[int, int, Entity]] = []
        self._focus_after_load: tuple[set[str], str | None] | None = None
        self._mark_starts: list[int] = []
        self._marked: tuple[int, int] | None = None

        self.reader.layout_changed.connect(self._on_layout_changed)
        window.article_opened.connect(self.on_article_opened)
        window.settle_checks.append(self.settled)
        self.sidebar.entity_chosen.connect(self.select_entity)
        self.sidebar.view.step_requested.connect(self.step)
        self.sidebar.view.activated_entity.connect(lambda e: self.select_entity(e))
        self.sidebar.view.badge_clicked.connect(self._on_badge)
        self.sidebar.context_menu_requested.connect(self._on_context_menu)
        self.sidebar.model.merge_requested.connect(self._on_dropped)
        self.sidebar.model.tooltip = self.tooltip_for
        self.sidebar.restyled.connect(self._on_restyled)
        self.sidebar.set_mode_text("")
        self._viewport = self.reader.viewport()
        self._viewport.installEventFilter(self)
        self.helper = None
        if self.model_expected:
            self._helper()  # start loading the model now, while the window comes up

    # -- jobs ------------------------------------------------------------------------------------
    def settled(self) -> bool:
        """No extraction under way for this window (``--screenshot`` waits for this)."""
        return not self.jobs and self.threads == 0

    def _helper(self):
        """The extraction helper process (connected to this window on first use), or None."""
        helper = entity_service.service()
        if helper is not self.helper:
            self.helper = helper
            helper.ready.connect(self._guard(self._on_ready))
            helper.progressed.connect(self._guard(self._on_progress))
            helper.finished.connect(self._guard(self._on_helper_done))
            helper.failed.connect(self._guard(self._on_helper_failed))
            if helper.state == "ready":
                self.model_label = helper.label
        return helper if helper.alive else None

    def _guard(self, fn):
        """A callback that does nothing once the window (or its library) has gone away."""
        def call(*args) -> None:
            if isValid(self) and not getattr(self.library, "_closed", False):
                fn(*args)
        return call

    def _on_ready(self, mode: str, label: str) -> None:
        self.model_label = label if mode == "spacy" else ""
        if self.mode == "spacy":
            self._show_mode()

    def on_article_opened(self, article_id: int) -> None:
        article = self.window.article
        self.generation += 1
        self.jobs.clear()  # older jobs' results are dropped when they come
        self.article_id, self.text, self.text_hash = article_id, article.text, article.content_hash
        self.raw, self.mode, self.final, self.entities = None, None, False, []
        self.current, self.step_index = None, -1
        self._starts, self._spans = [], []
        self.reader.set_marks("entity", [])
        self.reader.set_marks("entity_current", [])
        self.sidebar.show_waiting()
        data = store.cached_data(self.library, self.text_hash, "spacy") if self.model_expected else None
        if data is not None:
            self._in_thread(mode="spacy", final=True, data=data)
            return
        data = store.cached_data(self.library, self.text_hash, "rules")
        final = not self.model_expected
        if data is not None or len(self.text) <= LONG_TEXT:
            self._in_thread(mode="rules", final=final, data=data)  # milliseconds: the list fills at once
        elif not self._submit("rules", final):
            self._in_thread(mode="rules", final=final)
        if self.model_expected and not self._submit("spacy", True):
            self._in_thread(mode="spacy", final=True)

    def _submit(self, mode: str, final: bool) -> bool:
        helper = self._helper()
        job = helper.submit(self.text, mode, store.list_corrections(self.library), self.article_id) if helper else None
        if job is None:
            return False
        self.jobs[job] = (self.generation, final)
        if not self.final:
            self.sidebar.set_progress(None)
        return True

    def _in_thread(self, *, mode: str, final: bool, data: str | None = None) -> None:
        gen, text, article_id = self.generation, self.text, self.article_id
        corrections = store.list_corrections(self.library)

        def work() -> dict:
            return entity_service.parse_result(run_job(text, mode, corrections, article_id, data=data))

        self.threads += 1

        def done(out: dict) -> None:
            self.threads -= 1
            out.update(gen=gen, final=final)
            self._on_done(out)

        def failed(exc: BaseException) -> None:
            self.threads -= 1
            self._on_failed(str(exc))

        run_in_background(work, self._guard(done), self._guard(failed))

    def _on_progress(self, job: int, fraction: float) -> None:
        if job in self.jobs and self.jobs[job][0] == self.generation and not self.final:
            self.sidebar.set_progress(min(fraction, 0.99))

    def _on_helper_done(self, job: int, out: dict) -> None:
        if job not in self.jobs:
            return  # another window's job, or one for an article no longer shown
        gen, final = self.jobs.pop(job)
        out.update(gen=gen, final=final)
        self._on_done(out)

    def _on_helper_failed(self, job: int, message: str) -> None:
        if self.jobs.pop(job, None) is not None:
            self._on_failed(message)

    def _on_failed(self, message: str) -> None:
        if self.settled():
            self.sidebar.set_progress(1.0)
        self.window.report(f"Could not find the names in this article: {message}")
        if not self.entities and self.settled():
            self.sidebar.show_waiting(f"Could not find the names in this article ({message}).")
            self.sidebar.set_progress(1.0)

    def _on_done(self, out: dict) -> None:
        current = out["gen"] == self.generation
        try:
            if out.get("data") is not None and current:
                store.cache_data(self.library, self.text_hash, out["mode"], out.get("model"), out["data"])
            if current and out["final"] and self.article_id is not None:
                store.sync_rows(self.library, self.article_id, out["shown"])
        except (sqlite3.Error, GlossError) as exc:
            self.window.report(f"Could not remember the names found: {exc}")
        if not current or (self.final and not out["final"]):
            return  # an older article's, or the rules' arriving after spaCy's
        self.mode, self.final = out["mode"], out["final"]
        self.raw = out.get("raw")  # None from the helper: read back from the cache when a correction needs it
        self._show(out["shown"], out["hidden"])
        self.entities_shown.emit(self.mode)

    def raw_entities(self) -> list[Entity] | None:
        """The shown result before corrections (read back from the cache when needed)."""
        if self.raw is None and self.mode is not None:
            self.raw = store.cached(self.library, self.text_hash, self.mode)
        return self.raw

    def _show(self, shown: list[Entity], hidden: list[tuple[Entity, int]]) -> None:
        """Put a result on screen, keeping the chosen entity (and its marks) where it still exists."""
        same = _signature(shown) == _signature(self.entities)
        self.entities = shown
        self._starts, self._spans = [], []  # built when first asked (entity_at)
        keep = (self.current.name, self.current.type) if self.current is not None else None
        if not same or self.sidebar.model.rowCount() == 0 or hidden != self.sidebar.model.hidden:
            others = store.other_article_counts(self.library, shown, self.article_id) if self.article_id else {}
            self.sidebar.show_entities(shown, hidden, others, keep)
        self.sidebar.set_progress(1.0 if self.final else None)
        self._show_mode()
        if self.current is not None:
            match = next((e for e in shown if (e.name, e.type) == keep), None)
            if match is None:
                self.clear_marks()
            elif match.mentions != self.current.mentions:
                self.select_entity(match, jump=False)
            else:
                self.current = match
        if self._focus_after_load is not None:
            names, etype = self._focus_after_load
            match = next((e for e in shown if e.name in names and etype in (None, e.type)), None) \
                or next((e for e in shown if names & {e.name, *e.aliases}), None)
            if match is not None or self.final:
                self._focus_after_load = None
            if match is not None:
                self.sidebar.choose(match.name, match.type)

    def _show_mode(self) -> None:
        if self.mode == "spacy":
            label = self.model_label or (self.helper.label if self.helper and self.helper.mode == "spacy" else "")
            self.sidebar.set_mode_text(f"spaCy · {label}" if label else "spaCy",
                                       "Names found by spaCy's statistical model and Gloss's rules.")
        elif self.model_expected and not self.final:
            self.sidebar.set_mode_text("Rules · spaCy is still reading…",
                                       "A first list from Gloss's rules; spaCy's replaces it when ready.")
        elif self.mode == "rules":
            self.sidebar.set_mode_text("Rules only — no spaCy model installed",
                                       "Install a spaCy English model (e.g. en_core_web_sm) for better names.")

    # -- corrections -----------------------------------------------------------------------------
    def on_corrections_changed(self) -> None:
        """A correction was made or withdrawn: show this article's entities again from its raw result."""
        raw = self.raw_entities()
        if raw is None or self.article_id is None:
            return
        corrections = store.list_corrections(self.library)
        shown = store.corrected(raw, corrections, self.text, self.article_id)
        hidden = store.hidden(raw, corrections, self.text, self.article_id)
        if self.final:
            store.sync_rows(self.library, self.article_id, shown)
        self.entities = []  # force the list to be rebuilt
        self._show(shown, hidden)
        self.window.library_changed.emit()

    def _correct(self, text: str, make) -> None:
        self.window.undo_stack.push(entity_undo.CorrectionCommand(self, text, make))

    def rename(self, entity: Entity, to: str | None = None) -> None:
        if to is None:
            to = self._ask_text("Rename", f"A new name for “{_short(entity.name, 40)}”, in every article:", entity.name)
        to = " ".join((to or "").split())
        if not to or to == entity.name:
            return
        self._focus_after_rename(to, entity.type)
        self._correct(f"Rename “{_short(entity.name)}” to “{_short(to)}”",
                      lambda: store.rename_entity(self.library, entity.name, to, entity.type))

    def retype(self, entity: Entity, to: str) -> None:
        if to == entity.type:
            return
        self._focus_after_rename(entity.name, to)
        self._correct(f"Make “{_short(entity.name)}” a {dict(TYPES).get(to, to).lower()}",
                      lambda: store.retype_entity(self.library, entity.name, to, entity.type))

    def merge(self, entities: list[Entity], into: Entity) -> None:
        names = [e.name for e in entities if e.name != into.name]
        if not names:
            return
        self._focus_after_rename(into.name, into.type)
        self._correct(f"Merge {', '.join('“' + _short(n, 20) + '”' for n in names)} into “{_short(into.name)}”",
                      lambda: store.merge_entities(self.library, [*names, into.name], into.name))

    def split(self, entity: Entity, alias: str) -> None:
        self._correct(f"Split “{_short(alias)}” off “{_short(entity.name)}”",
                      lambda: store.split_alias(self.library, entity.name, alias))

    def hide(self, entity: Entity) -> None:
        if self.current is not None and (self.current.name, self.current.type) == (entity.name, entity.type):
            self.clear_marks()
        self._correct(f"Hide “{_short(entity.name)}”", lambda: store.hide_entity(self.library, entity.name, entity.type))

    def show_again(self, correction_id: int, name: str) -> None:
        self.window.undo_stack.push(entity_undo.WithdrawCorrection(self, f"Show “{_short(name)}” again", correction_id))

    def add_selection(self, name: str | None = None, etype: str | None = None) -> bool:
        """Add the reader's selection as an entity (asking its name and type unless given)."""
        span = self.reader.selected_span()
        if span is None or self.article_id is None:
            self.window.report("Select a name in the text first, then add it as an entity.")
            return False
        quote = self.text[span[0]:span[1]]
        if not quote.strip():
            self.window.report("The selection is only white space; select a name.")
            return False
        stripped = quote.strip()
        start = span[0] + quote.index(stripped)
        span = (start, start + len(stripped))
        if name is None or etype is None:
            asked = self._ask_entity(stripped)
            if asked is None:
                return False
            name, etype = asked
        name = " ".join(name.split())
        if not name:
            return False
        mentions = [(span[0], span[1], stripped)]
        self._focus_after_rename(name, etype)
        self._correct(f"Add “{_short(name)}” as an entity",
                      lambda: store.add_entity(self.library, name, etype, self.article_id, mentions))
        return True

    def _focus_after_rename(self, name: str, etype: str | None) -> None:
        """After the list is rebuilt by a correction, keep the entity it made chosen."""
        self._focus_after_load = ({name}, etype)

    # -- highlights ------------------------------------------------------------------------------
    def highlight_all(self, entity: Entity, color: str) -> None:
        if self.article_id is None:
            return
        spans = [(m.start, m.end) for m in entity.mentions]
        self.window.undo_stack.push(entity_undo.HighlightMentions(self, self.article_id, spans, color, entity.name))

    def on_highlights_changed(self, article_id: int) -> None:
        highlighter = getattr(self.window, "highlighter", None)
        if highlighter is not None and article_id == self.article_id:
            highlighter.annotations.load(article_id, highlighter.annotations.article_note)
        self.window.library_changed.emit()

    # -- navigation ------------------------------------------------------------------------------
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
        reader = self.reader
        if not reader.isVisible():
            reader.scroll_to_offset(cp)
            return
        cursor = QTextCursor(reader.document())
        cursor.setPosition(min(reader.to_qt(cp), reader.document().characterCount() - 1))
        rect = reader.cursorRect(cursor)
        bar = reader.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - reader.viewport().height() // 2)

    def entity_at(self, cp: int) -> Entity | None:
        """The shown entity with a mention covering body code point ``cp``."""
        if not self._spans and self.entities:
            spans = sorted((m.start, m.end, i) for i, e in enumerate(self.entities) for m in e.mentions)
            self._starts = [s for s, _e, _i in spans]
            self._spans = [(s, e, self.entities[i]) for s, e, i in spans]
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
        from html import escape

        if not entity.mentions:
            return escape(entity.name)
        m = entity.mentions[0]
        before, middle, after = context_parts(self.text, m.start, m.end)
        html = f"{escape(before)}<b>{escape(middle)}</b>{escape(after)}"
        count = len(entity.mentions)
        facts = f"{dict(TYPES).get(entity.type, entity.type)} · {count} mention{'s' if count != 1 else ''}"
        if entity.aliases:
            facts += f" · also {escape(', '.join(entity.aliases))}"
        if others:
            facts += f" · in {others} other article{'s' if others != 1 else ''}"
        return f"<p>{html}</p><p style='color:gray'>{facts}</p>"

    # -- other articles --------------------------------------------------------------------------
    def others_menu(self, entity: Entity, parent) -> QMenu:
        menu = QMenu(parent)
        menu.setObjectName("entityOthersMenu")
        rows = store.articles_mentioning(self.library, entity.name, entity.type, self.article_id, entity.aliases)
        menu.setTitle(f"Also in {len(rows)} Other Article{'s' if len(rows) != 1 else ''}")
        for row in rows[:40]:
            action = menu.addAction(f"{_short(row['title'], 60)}  ({row['mentions']})")
            action.setObjectName(f"entity_other_{row['id']}")
            action.triggered.connect(lambda _c=False, r=row: self.open_other(r, entity))
        if not rows:
            menu.addAction("Not named in other articles").setEnabled(False)
        return menu

    def open_other(self, row: dict, entity: Entity) -> None:
        """Open another article at its first mention of the entity, with its mentions marked."""
        self._focus_after_load = ({entity.name, *entity.aliases, row["name"]}, entity.type)
        self.window.open_article(row["id"])
        if row.get("first") is not None:
            self.centre_on(int(row["first"]))

    def _on_badge(self, entity: Entity, where: QPoint) -> None:
        menu = self.others_menu(entity, self.sidebar)
        menu.exec(where)
        menu.deleteLater()

    # -- menus -----------------------------------------------------------------------------------
    def context_menu(self, pos: QPoint) -> QMenu | None:
        """The sidebar's context menu for the entity at ``pos`` (of the list's viewport)."""
        view, model = self.sidebar.view, self.sidebar.model
        index = view.indexAt(pos)
        entity = model.entity(index)
        if entity is None:
            return None
        selected = self.sidebar.selected_entities()
        if entity not in selected:
            view.setCurrentIndex(index)
            selected = [entity]
        menu = QMenu(view)
        menu.setObjectName("entityContextMenu")
        hidden_id = model.data(index, HiddenRole)
        if hidden_id is not None:
            menu.addAction("Show Again").triggered.connect(lambda: self.show_again(hidden_id, entity.name))
            return menu
        show = menu.addAction("Show Mentions")
        show.setObjectName("entity_show")
        show.triggered.connect(lambda: self.select_entity(entity))
        menu.addSeparator()
        rename = menu.addAction("Rename…")
        rename.setObjectName("entity_rename")
        rename.triggered.connect(lambda: self.rename(entity))
        types = menu.addMenu("Type")
        types.setObjectName("entityTypeMenu")
        for key, label in TYPES:
            action = types.addAction(label)
            action.setObjectName(f"entity_type_{key}")
            action.setCheckable(True)
            action.setChecked(key == entity.type)
            action.triggered.connect(lambda _c=False, k=key: self.retype(entity, k))
        if len(selected) >= 2:
            merge = menu.addAction(f"Merge {len(selected)} into “{_short(entity.name)}”")
            merge.setObjectName("entity_merge")
            merge.triggered.connect(lambda: self.merge(selected, entity))
        if entity.aliases:
            split = menu.addMenu("Split Off")
            split.setObjectName("entitySplitMenu")
            for alias in entity.aliases:
                action = split.addAction(f"“{_short(alias)}”")
                action.triggered.connect(lambda _c=False, a=alias: self.split(entity, a))
        hide = menu.addAction("Hide")
        hide.setObjectName("entity_hide")
        hide.triggered.connect(lambda: self.hide(entity))
        menu.addSeparator()
        colours = menu.addMenu("Highlight All Mentions")
        colours.setObjectName("entityHighlightMenu")
        from ..store.highlights import colors

        for c in colors(self.library):
            action = colours.addAction(c["label"])
            action.setObjectName(f"entity_highlight_{c['key']}")
            action.triggered.connect(lambda _c=False, k=c["key"]: self.highlight_all(entity, k))
        menu.addMenu(self.others_menu(entity, menu))
        copy = menu.addAction("Copy Name")
        copy.triggered.connect(lambda: QApplication.clipboard().setText(entity.name))
        return menu

    def _on_context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu(pos)
        if menu is not None:
            menu.exec(self.sidebar.view.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def _on_dropped(self, sources: list[tuple], target: tuple) -> None:
        by_key = {(e.name, e.type): e for e in self.entities}
        into = by_key.get(tuple(target))
        picked = [by_key[tuple(s)] for s in sources if tuple(s) in by_key]
        if into is not None and picked:
            self.merge(picked, into)

    def reader_menu_actions(self, pos: QPoint) -> list[QAction]:
        """Entity actions for the reader's context menu at a viewport point."""
        actions = []
        span = self.reader.selected_span()
        if span is not None and self.text[span[0]:span[1]].strip():
            add = QAction(f"Add “{_short(self.text[span[0]:span[1]], 24)}” as Entity…", self)
            add.setObjectName("entity_add_selection_menu")
            add.triggered.connect(lambda: self.add_selection())
            actions.append(add)
        elif self.text:
            entity = self.entity_at(self.reader.from_qt(self.reader.cursorForPosition(pos).position()))
            if entity is not None:
                show = QAction(f"Show Mentions of “{_short(entity.name, 24)}”", self)
                show.triggered.connect(lambda: self.sidebar.choose(entity.name, entity.type)
                                       or self.select_entity(entity))
                actions.append(show)
        return actions

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if obj is self._viewport and event.type() == QEvent.Type.ContextMenu and self.article_id is not None:
            extra = self.reader_menu_actions(event.pos())
            if not extra:
                return False
            highlighter = getattr(self.window, "highlighter", None)
            menu = highlighter.context_menu(event.pos()) if highlighter is not None \
                else self.reader.createStandardContextMenu(self.reader.viewport().mapTo(self.reader, event.pos()))
            first = menu.actions()[0] if menu.actions() else None
            for action in extra:
                action.setParent(menu)
                menu.insertAction(first, action)
            if first is not None:
                menu.insertSeparator(first)
            menu.exec(event.globalPos())
            menu.deleteLater()
            return True
        return False

    # -- prompts ---------------------------------------------------------------------------------
    def _ask_text(self, title: str, label: str, text: str) -> str | None:
        dialog = QInputDialog(self.window)
        dialog.setObjectName("entityNameDialog")
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(text)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        value = dialog.textValue()
        dialog.deleteLater()
        return value if ok else None

    def _ask_entity(self, name: str) -> tuple[str, str] | None:
        dialog = QDialog(self.window)
        dialog.setObjectName("addEntityDialog")
        dialog.setWindowTitle("Add as Entity")
        form = QFormLayout(dialog)
        edit = QLineEdit(name, dialog)
        edit.setObjectName("entityName")
        kind = QComboBox(dialog)
        kind.setObjectName("entityType")
        for key, label in TYPES:
            kind.addItem(label, key)
        guess = self._guess_type(name)
        kind.setCurrentIndex(max(0, kind.findData(guess)))
        form.addRow("Name", edit)
        form.addRow("Type", kind)
        form.addRow("", _hint(dialog, "Found wherever the name appears, in every article."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        result = (edit.text(), kind.currentData()) if ok else None
        dialog.deleteLater()
        return result

    def _guess_type(self, name: str) -> str:
        words = name.split()
        return "PERSON" if len(words) in (2, 3) and all(w[:1].isupper() for w in words) else "ORG"


def _hint(parent, text: str):
    from PySide6.QtWidgets import QLabel

    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


def install(window) -> None:
    """The entity sidebar's behaviour and the Entities menu, on one window."""
    nav = EntityNavigator(window)
    window.entities = nav
    menu = QMenu("E&ntities", window)
    menu.setObjectName("entities_menu")
    help_action = window.help_menu.menuAction() if hasattr(window, "help_menu") else None
    if help_action is not None:
        window.menuBar().insertMenu(help_action, menu)
    else:
        window.menuBar().addMenu(menu)

    def action(text: str, slot, shortcut=None, name: str = "") -> QAction:
        act = QAction(text, window)
        act.setObjectName(name)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    action("&Next Mention", lambda: nav.step(+1), "F3", "entity_next")
    action("&Previous Mention", lambda: nav.step(-1), "Shift+F3", "entity_previous")
    action("&Clear Marks", nav.clear_marks, None, "entity_clear")
    menu.addSeparator()
    action("&Add Selection as Entity…", lambda: nav.add_selection(), "Ctrl+Shift+E", "entity_add_selection")
    menu.addSeparator()
    menu.addAction(window.sidebar.show_hidden_action)
    focus = action("&Filter Names", lambda: (window.entity_dock.show(), window.sidebar.filter.setFocus(),
                                            window.sidebar.filter.selectAll()), None, "entity_filter")
    focus.setToolTip("Type to narrow the Entities list")
