"""The main window: library dock on the left, the reader and its margin in the centre, entities on the right."""

from __future__ import annotations

import gc
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QWidget

from ...core.article import Article
from ...core.errors import GlossError
from ...store import Library
from ...store.articles import (get_article, last_article, list_articles, mark_opened, reading_position,
                              save_position)
from ...store.imports import import_file
from ..reader.view import ReaderView, stored_typography
from . import theme as themes
from .slices import slices
from .docks import pane_dock

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu

MAX_RECENT = 10
IDLE_S = 1.0  # no action or scroll for this long: the window is idle (see busy())
STATUS_MS = 12_000


def _start_entity_helper() -> None:
    """The entity helper process, started once the window has painted (never before: it would
    take the core the window needs where a second one is not free), while the rest is built."""
    from ..entities.service import service

    service()


class MainWindow(QMainWindow):
    """One window on one library; every user action goes through a named store operation."""

    article_opened = Signal(int)  # a stored article is now shown
    library_changed = Signal()  # articles or their counts changed: lists re-read what they show

    def __init__(self, library: Library, theme_name: str | None = None, *, defer: bool = False) -> None:
        """The window's frame first: the reader, the docks' frames, the menu bar, the theme. Then the
        rest (``_finish``: the margin, the library and entity panes, the menus' actions, every
        feature) at once, or with ``defer`` (the app) in the event-loop turn after the reader's first
        paint, so that start-up shows the article sooner; ``settled()`` is False until then."""
        super().__init__()
        self.library = library
        self.setWindowTitle("Gloss")
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.undo_stack = QUndoStack(self)
        self.article: Article | None = None
        # Checks that background work affecting what is shown is done (see settled()).
        self.settle_checks: list = []
        self.theme = themes.theme_named(theme_name or library.setting("theme") or None)
        self._finished = False
        self._backup_on_close = False  # the app's window backs up as it closes (run_app)
        self._state_to_restore: QByteArray | None = None

        self.reader = ReaderView(self)
        typography = stored_typography(library)  # the remembered type from the first paint on
        self.reader.set_typography(size=typography["font_size"], family=typography["font_family"],
                                   measure=typography["measure_chars"], spacing=typography["line_spacing"])
        self.setCentralWidget(self.reader)
        self.library_dock = self._dock("Library")
        self.entity_dock = self._dock("Entities")
        self._place_docks()
        self._save_timer = QTimer(self, singleShot=True, interval=1500)
        self._save_timer.timeout.connect(self._save_position)
        self.reader.verticalScrollBar().valueChanged.connect(lambda _v: self._save_timer.start())
        # The user's last action (every one is an undo step) or scroll: see busy().
        self._last_action = time.monotonic()
        self.undo_stack.indexChanged.connect(self._acted)
        self.undo_stack.indexChanged.connect(self._on_undo_index)
        self.reader.verticalScrollBar().valueChanged.connect(self._acted)
        bar = self.menuBar()  # the top-level menus now, so the bar has its height at the first paint
        self.file_menu = bar.addMenu("&File")
        self.edit_menu = bar.addMenu("&Edit")
        self.view_menu = bar.addMenu("&View")
        self.help_menu = bar.addMenu("&Help")
        self.apply_theme(self.theme)
        self.statusBar().showMessage("Ready")
        from .collector import Collector

        self.collector = Collector(self.busy, self, acting=self.acting)
        if defer:  # a turn later still: what else waits for the first paint comes first
            self.after_first_paint(lambda: QTimer.singleShot(0, self, self._finish), at_most_ms=1000)
            self.after_first_paint(_start_entity_helper)  # its start then overlaps the rest's building
        else:
            self._finish()
        # What start-up built (modules, Qt wrappers, menus) lives as long as the app: keep it out of
        # the collector's full passes.
        gc.freeze()

    def _finish(self) -> None:
        """Everything the frame left out; the article already open is announced again
        (``article_opened``) to the features that were not there when it opened."""
        if self._finished:
            return
        self._finished = True
        from .features import install_all
        from ..library.pane import LibraryPane
        from ..margin.column import MarginColumn
        from ..entities.sidebar import EntitySidebar

        self.margin = MarginColumn(self.reader)
        self.margin.on_reader_layout_changed()  # beside the text column now: the view may not move again
        self.margin.show()  # a child made after the window was shown is hidden until told
        docks = [self.library_dock, self.entity_dock]
        widths = [dock.width() for dock in docks]
        self.library_pane = LibraryPane(self.library, self)
        self.library_dock.setWidget(self.library_pane)
        self.sidebar = EntitySidebar(self)
        self.entity_dock.setWidget(self.sidebar)
        self.library_pane.article_chosen.connect(self.open_article)
        self.library_changed.connect(lambda: self.library_pane.refresh(
            current=self.article.id if self.article else None))
        self._build_menus()
        install_all(self)
        if self._state_to_restore is not None:  # the features' docks (search, annotations) too
            self.restoreState(self._state_to_restore)
        elif self.isVisible():  # the panes keep the widths the frame was painted with
            self.resizeDocks(docks, widths, QtCore.Qt.Orientation.Horizontal)
        self.library_pane.refresh(current=self.article.id if self.article else None)
        if self.article is not None:
            self.article_opened.emit(self.article.id)
        gc.freeze()

    # -- construction --------------------------------------------------------------------------
    def after_first_paint(self, then, *, at_most_ms: int | None = None) -> None:
        """Call ``then`` in the event-loop turn after the reader first paints (with ``at_most_ms``,
        also then, should the window not be painted: minimised, say; ``then`` must cope with two calls).

        The reader's own paint handler reports it (``first_painted``): an event filter would need
        the viewport's Python wrapper, which costs PySide ~20 ms to make the first time."""
        if self.reader.painted:
            QTimer.singleShot(0, self, then)
        else:
            def painted() -> None:
                self.reader.first_painted.disconnect(painted)
                QTimer.singleShot(0, self, then)

            self.reader.first_painted.connect(painted)
        if at_most_ms is not None:
            QTimer.singleShot(at_most_ms, self, then)

    def _dock(self, title: str) -> QDockWidget:
        return pane_dock(title, self, QWidget())  # its pane comes with the rest of the window (_finish)

    def _place_docks(self) -> None:
        """The two panes' docks where the user left them, else the library on the left and the
        entities on the right. The window state saved at the last close places them (a dock that is
        a child of the window but not yet added is put where the state says) without naming an area
        of Qt's namespace, which a start must not build before its first paint
        (``reader.view.NAMESPACE_FREE``): only a first start, or a state without them, pays for it."""
        docks = [self.library_dock, self.entity_dock]
        state = self.library.setting("window_state")
        if state:
            self.restoreState(QByteArray.fromHex(state.encode()))
        unplaced = [dock for dock in docks if self.layout().indexOf(dock) < 0]
        if not unplaced:
            return
        qt = QtCore.Qt
        for dock in unplaced:
            self.addDockWidget(qt.DockWidgetArea.LeftDockWidgetArea if dock is self.library_dock
                               else qt.DockWidgetArea.RightDockWidgetArea, dock)
        if len(unplaced) == len(docks):
            self.resizeDocks(docks, [230, 250], qt.Orientation.Horizontal)

    def _action(self, menu: QMenu, text: str, slot, shortcut=None, name: str = "") -> QAction:
        from PySide6.QtGui import QAction

        from .keys import set_keys

        action = QAction(text, self)
        if shortcut is not None:
            set_keys(action, shortcut)
        action.triggered.connect(slot)
        action.setObjectName(name or text.strip(".…").replace(" ", "_").lower())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        # Qt's action and key-sequence types are made when first used (PySide builds each type's
        # enums then): after the first paint, like the menus' contents.
        from PySide6.QtGui import QKeySequence

        from .keys import set_keys

        self._action(self.file_menu, "&Open…", self.on_open, QKeySequence.StandardKey.Open, "open")
        self.recent_menu = self.file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.file_menu.addSeparator()
        quit_action = self._action(self.file_menu, "&Quit", self.close, None, "quit")
        set_keys(quit_action, QKeySequence.StandardKey.Quit, "Ctrl+Q")

        undo = self.undo_stack.createUndoAction(self, "&Undo")
        set_keys(undo, QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        set_keys(redo, "Ctrl+Shift+Z", "Ctrl+Y", QKeySequence.StandardKey.Redo)  # Ctrl+Y everywhere, as on Windows
        self.edit_menu.addActions([undo, redo])

        set_keys(self._action(self.view_menu, "&Larger Text", lambda: self.change_font_size(+1), None, "larger_text"),
                 "Ctrl+=", "Ctrl++", QKeySequence.StandardKey.ZoomIn)
        set_keys(self._action(self.view_menu, "&Smaller Text", lambda: self.change_font_size(-1), None, "smaller_text"),
                 "Ctrl+-", QKeySequence.StandardKey.ZoomOut)
        theme_menu = self.view_menu.addMenu("&Theme")
        for name in themes.THEMES:
            self._action(theme_menu, name.capitalize(), lambda _c=False, n=name: self.set_theme(n), None, f"theme_{name}")
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.library_dock.toggleViewAction())
        self.view_menu.addAction(self.entity_dock.toggleViewAction())

    # -- articles ------------------------------------------------------------------------------
    def open_article(self, article_id: int, then: Callable[[], None] | None = None,
                     at: int | None = None, fallback: bool = False) -> None:
        """Show a stored article at the place the reader left it (or with body code point ``at`` at
        the top), then call ``then``.

        A book-length article, or one opened far in, takes several event-loop turns
        (``ReaderView.show_article``): until it is shown, ``article`` is still the previous one, and
        ``opening()`` is True. Opening another meanwhile cancels it. ``then`` is not called if the
        article cannot be opened."""
        if self.article is not None:
            self._save_position()
        try:
            article = get_article(self.library, article_id)
        except GlossError as exc:
            self.report(str(exc))
            if self._finished:
                self.library_pane.refresh()  # a damaged row shows as damaged now
            if fallback:  # at start: the newest article that can be read, rather than nothing
                other = next((r["id"] for r in list_articles(self.library)
                              if r["id"] != article_id and not r.get("damaged")), None)
                if other is not None:
                    self.open_article(other, then)
            return
        if at is None:
            at = reading_position(self.library, article.id) or None
        self.reader.show_article(article, self.theme, lambda: self._article_shown(article, then), at=at)

    def opening(self) -> bool:
        """Whether an article is on its way to the reader (``ReaderView.opening``)."""
        return self.reader.opening()

    def _article_shown(self, article: Article, then: Callable[[], None] | None) -> None:
        self.article = article
        self.setWindowTitle(f"{article.title} — Gloss")
        mark_opened(self.library, article.id)
        if self._finished:  # else the pane is filled when it is built
            self.library_pane.opened(article.id)
        self.article_opened.emit(article.id)
        if then is not None:
            then()

    def show_passage(self, *, highlight_id: int | None = None, start: int | None = None,
                     end: int | None = None) -> None:
        """Scroll the open article to a highlight (or a code-point span) and flash it briefly."""
        if self.article is None:
            return
        if highlight_id is not None:
            from ...store.highlights import get_highlight

            try:
                record = get_highlight(self.library, highlight_id)
            except GlossError:
                record = None
            if record is not None and record.get("article_id") == self.article.id:
                start, end = record["start"], record["end"]
        if start is None:
            return
        end = end if end is not None else start + 1
        self.reader.reveal(max(0, start))
        self.reader.flash(start, end)

    def open_path(self, path: str | Path, background: bool = False) -> int | None:
        """Import a file (or find it already in the library) and open it; one line on failure.
        With ``background``, a PDF, an EPUB or a web page is read off the GUI thread
        (``importing.Importer``) and opened when it is read: None is returned."""
        importer = getattr(self, "importer", None)
        if background and importer is not None:
            from .importing import reads_slowly

            if reads_slowly(path):
                importer.read(path)
                return None
        warnings: list[str] = []
        try:
            results = import_file(self.library, path, warnings=warnings)
        except GlossError as exc:
            self.report(str(exc))
            return None
        self.remember_recent(str(Path(path).resolve()))
        article_id, title, added = results[0]
        self.open_article(article_id)
        said = f"{'Imported' if added else 'Already in your library:'} {title}"
        self.statusBar().showMessage(f"{said}. {' '.join(warnings)}" if warnings else said, STATUS_MS)
        return article_id

    def open_initial(self, target: int | None, then: Callable[[], None] | None = None,
                     at: int | None = None) -> None:
        """At start: the article asked for, else the last one read (``then`` and ``at`` as ``open_article``)."""
        if self._finished:
            self.library_pane.refresh()
        article_id = target or last_article(self.library)
        if article_id is None:  # nothing read yet (or that article is gone): the newest one
            newest = list_articles(self.library)[:1]
            article_id = newest[0]["id"] if newest else None
        if article_id is not None:
            self.open_article(article_id, then, at if article_id == target else None, fallback=True)

    def on_open(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from ...core.importers import SUPPORTED

        patterns = " ".join(f"*{s}" for s in SUPPORTED)
        path, _ = QFileDialog.getOpenFileName(self, "Open an article", self.library.setting("last_folder"),
                                              f"Articles ({patterns});;All files (*)")
        if path:
            self.library.set_setting("last_folder", str(Path(path).parent))
            self.open_path(path, background=True)

    def _recent(self) -> list[str]:
        try:
            return [p for p in json.loads(self.library.setting("recent_files", "[]")) if isinstance(p, str)]
        except ValueError:
            return []

    def remember_recent(self, path: str) -> None:
        recent = [path] + [p for p in self._recent() if p != path]
        self.library.set_setting("recent_files", json.dumps(recent[:MAX_RECENT]))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self._recent()
        for i, path in enumerate(recent, 1):
            action = self.recent_menu.addAction(f"&{i % 10}  {Path(path).name}")
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p, background=True))
        if not recent:
            self.recent_menu.addAction("No recent files").setEnabled(False)

    # -- drag and drop -------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.open_path(url.toLocalFile(), background=True)
        event.acceptProposedAction()

    # -- appearance ----------------------------------------------------------------------------
    def apply_theme(self, theme: themes.Theme) -> None:
        self.theme = theme
        app = QApplication.instance()
        if app is not None:
            themes.apply(app, theme)
        self.reader.set_theme(theme)

    def set_theme(self, name: str) -> None:
        self.library.set_setting("theme", name)
        self.apply_theme(themes.theme_named(name))

    def change_font_size(self, step: float) -> None:
        self.reader.set_typography(size=self.reader.font_size + step)
        self.library.set_setting("font_size", f"{self.reader.font_size:g}")

    def backup_on_close(self, on: bool) -> None:
        """Whether closing the window makes a last backup (the app's window does; the safety feature,
        installed after the first paint, makes it)."""
        self._backup_on_close = on

    def features_installed(self) -> bool:
        """Whether the rest of the window (margin, panes, menus, every feature) is built: with
        ``defer``, on the event-loop turn after the first paint."""
        return self._finished

    def settled(self) -> bool:
        """Whether background work that changes what is shown (an article being typeset, entity
        extraction, ...) is done: ``--screenshot`` waits for it."""
        return self._finished and not self.opening() and all(check() for check in self.settle_checks)

    def _acted(self, *_args) -> None:
        self._last_action = time.monotonic()

    def acting(self) -> bool:
        """Whether the user acted or scrolled in the last ``IDLE_S``."""
        return time.monotonic() - self._last_action < IDLE_S

    def busy(self) -> bool:
        """Whether the user acted or scrolled in the last ``IDLE_S``, or work that changes what is
        shown is under way (typesetting, layout, lists filling, entities): full garbage
        collections wait until then (``collector``), so a burst of highlighting or scrolling is not
        interrupted by one."""
        if self.acting():
            return True
        highlighter = getattr(self, "highlighter", None)
        panel = getattr(self, "annotations_panel", None)
        return (not self.settled() or self.reader.layout_pending() or self.margin.refining()
                or (highlighter is not None and highlighter.annotations.loading)
                or (panel is not None and panel.filling()))

    def report(self, message: str, undoable: bool = False) -> None:
        """One clear line for the user, in the status bar; an ``undoable`` one (what was just done,
        and how to undo it) goes once it is undone."""
        self.statusBar().showMessage(message, STATUS_MS)
        self._undoable_report = (message, self.undo_stack.index()) if undoable else None

    def _on_undo_index(self, index: int) -> None:
        report = getattr(self, "_undoable_report", None)
        if report is not None and index < report[1] and self.statusBar().currentMessage() == report[0]:
            self.statusBar().clearMessage()
            self._undoable_report = None

    # -- persistence ---------------------------------------------------------------------------
    def restore_geometry(self) -> bool:
        geometry = self.library.setting("window_geometry")
        state = self.library.setting("window_state")
        restored = bool(geometry) and self.restoreGeometry(QByteArray.fromHex(geometry.encode()))
        if state:
            self.restoreState(QByteArray.fromHex(state.encode()))
            if not self._finished:  # again once the features' docks exist
                self._state_to_restore = QByteArray.fromHex(state.encode())
        return restored

    def _save_position(self) -> None:
        if self.article is not None and self.article.id is not None:
            save_position(self.library, self.article.id, *self.reader.shown_place())

    def closeEvent(self, event) -> None:  # noqa: N802
        self._save_timer.stop()  # saved now; a pending save must not fire after the library closes
        self._save_position()
        safety = getattr(self, "safety", None)
        if safety is not None and self._backup_on_close:
            safety.backup_on_close()  # while the window can still say it failed
        self.reader.stop_opening()  # an article not yet shown is not the one last read
        slices().drop_within(self)  # no sliced job of the window may reach the library once it closes
        self.library.set_setting("window_geometry", bytes(self.saveGeometry().toHex()).decode())
        state = self.saveState() if self._finished or self._state_to_restore is None else self._state_to_restore
        self.library.set_setting("window_state", bytes(state.toHex()).decode())  # with the features' docks
        super().closeEvent(event)
