"""Entities in the window: extraction off the GUI thread, and its result shown in the sidebar."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from shiboken6 import isValid

from ...core.entities import Entity
from ...core.errors import GlossError
from ...store import entities as store
from ...store.entity_jobs import run_job
from ..shell.tasks import run_in_background
from . import service as entity_service
from .actions import EntityActions
from .marks import EntityMarks
from .menus import EntityMenus

LONG_TEXT = 200_000  # longer texts go to the helper process even for the rules


def _signature(entities: list[Entity]) -> list[tuple]:
    """Enough to tell two results apart without comparing every mention."""
    return [(e.name, e.type, tuple(e.aliases), len(e.mentions), e.first, e.mentions[-1].end if e.mentions else 0)
            for e in entities]


class EntityNavigator(QObject):
    """The entity feature of one window; its ``marks``, ``actions`` and ``menus`` do the rest.

    On opening an article the cached result is shown at once; without one, the rules (milliseconds)
    are shown first and replaced by spaCy's result when the model has read the text. The workers
    touch no database and no widget: they return plain data, which the GUI thread stores and shows.
    """

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
        self._focus_after_load: tuple[set[str], str | None, int | None] | None = None

        self.marks = EntityMarks(self)
        window.article_opened.connect(self.on_article_opened)
        window.settle_checks.append(self.settled)
        self.actions = EntityActions(self)
        self.menus = EntityMenus(self)
        self.sidebar.model.tooltip = self.marks.tooltip_for
        self.sidebar.set_mode_text("")
        self.helper = None
        if self.model_expected:
            self._helper()  # start loading the model now, while the window comes up

    # -- what other code and the tests use -------------------------------------------------------
    def context_menu(self, pos: QPoint) -> QMenu | None:
        return self.menus.context_menu(pos)

    def reader_menu_actions(self, pos: QPoint) -> list[QAction]:
        return self.menus.reader_menu_actions(pos)

    def add_selection(self, name: str | None = None, etype: str | None = None) -> bool:
        return self.actions.add_selection(name, etype)

    def focus_on_load(self, names: set[str], etype: str | None, article_id: int | None = None) -> None:
        """Choose the entity so named (of that type, or else with one of those aliases) once the list
        of ``article_id`` (default: the open article's) is next filled: after a correction rebuilds
        it, or in an article being opened (which may take a few turns: a long one)."""
        self._focus_after_load = (names, etype, article_id if article_id is not None else self.article_id)

    # -- jobs ------------------------------------------------------------------------------------
    def settled(self) -> bool:
        """No extraction under way for this window, and the helper has said which model it loaded
        (the footer names it): ``--screenshot`` waits for this."""
        starting = self.helper is not None and self.helper.state == "starting"
        return not self.jobs and self.threads == 0 and not starting

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
        self.marks.reset()
        self.sidebar.show_waiting()
        data = store.cached_data(self.library, self.text_hash, "spacy") if self.model_expected else None
        if data is not None:
            self._run("spacy", True, data)
            return
        data = store.cached_data(self.library, self.text_hash, "rules")
        final = not self.model_expected
        self._run("rules", final, data)  # short or cached: the list fills at once
        if self.model_expected and not self._submit("spacy", True):
            self._in_thread(mode="spacy", final=True)

    def _run(self, mode: str, final: bool, data: str | None = None) -> None:
        """A long text's job (even parsing and correcting its cached result: long calls that would
        hold the interpreter lock) goes to the helper process; a short one's to a pool thread."""
        if len(self.text) > LONG_TEXT and self._submit(mode, final, data):
            return
        self._in_thread(mode=mode, final=final, data=data)

    def _submit(self, mode: str, final: bool, data: str | None = None) -> bool:
        helper = self._helper()
        job = (helper.submit(self.text, mode, store.list_corrections(self.library), self.article_id, data)
               if helper else None)
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
        keep = self.marks.kept()
        if not same or self.sidebar.model.rowCount() == 0 or hidden != self.sidebar.model.hidden:
            others = store.other_article_counts(self.library, shown, self.article_id) if self.article_id else {}
            self.sidebar.show_entities(shown, hidden, others, keep)
        self.sidebar.set_progress(1.0 if self.final else None)
        self._show_mode()
        self.marks.follow(shown, keep)
        if self._focus_after_load is not None and self._focus_after_load[2] == self.article_id:
            names, etype, _article = self._focus_after_load
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

    # -- after an undoable entity command (entity_undo) ------------------------------------------
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

    def on_highlights_changed(self, article_id: int) -> None:
        highlighter = getattr(self.window, "highlighter", None)
        if highlighter is not None and article_id == self.article_id:
            highlighter.annotations.load(article_id, highlighter.annotations.article_note)
        self.window.library_changed.emit()


def install(window) -> None:
    """The entity sidebar's behaviour and the Entities menu, on one window."""
    nav = EntityNavigator(window)
    window.entities = nav
    nav.actions.install_menu()
