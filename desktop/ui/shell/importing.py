"""Opening a book-length file (PDF, EPUB) or a web page without freezing the window: read on a
worker thread with a progress bar in the status bar, then stored and opened on the GUI thread.
File ▸ Open URL… (Ctrl+Shift+O); a page already in the library can be fetched again to update it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QProgressBar

from ...core.errors import GlossError
from ...core.importers import BOOK_SUFFIXES
from ...core.urls import is_url
from ...store.imports import find_by_url, store_fetched, store_read
from .tasks import run_in_background


def reads_slowly(source: str | Path) -> bool:
    """Whether reading ``source`` may take seconds: a web page, a PDF or an EPUB."""
    return (isinstance(source, str) and is_url(source)) or Path(source).suffix.lower() in BOOK_SUFFIXES


class _Progress(QObject):
    moved = Signal(int, int)  # done, total: emitted from the worker, shown on the GUI thread


class Importer(QObject):
    """One window's reading in the background: at most one at a time, its progress in the status bar."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.bar = QProgressBar(window)
        self.bar.setObjectName("importProgress")
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(False)
        self.bar.hide()
        window.statusBar().addPermanentWidget(self.bar)
        self._progress = _Progress(self)
        self._progress.moved.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self.busy = False

    def _show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(min(done, max(1, total)))

    def _start(self, what: str) -> bool:
        if self.busy:
            self.window.report("Still reading the last one; a moment.")
            return False
        self.busy = True
        self.bar.setRange(0, 0)  # busy until the first progress
        self.bar.show()
        self.window.report(f"Reading {what}…")
        return True

    def _end(self) -> None:
        self.busy = False
        self.bar.hide()

    def read(self, source: str | Path, then=None) -> None:
        """Read ``source`` (a file or an http(s) address) off the GUI thread, then store and open it."""
        from ...core.fetch import load_url
        from ...core.importers import load

        window = self.window
        if isinstance(source, str) and is_url(source):
            known = find_by_url(window.library, source)
            if known is not None:
                self._offer_update(known, source)
                return
        name = source if isinstance(source, str) and is_url(source) else Path(source).name
        if not self._start(name):
            return
        moved = self._progress.moved.emit
        reader = (lambda: load_url(source, moved)) if isinstance(source, str) and is_url(source) else (
            lambda: load(Path(source), moved))

        def done(article) -> None:
            self._end()
            try:
                (article_id, title, added), = store_read(window.library, article, source)
            except GlossError as exc:
                window.report(str(exc))
                return
            if not (isinstance(source, str) and is_url(source)):
                window.remember_recent(str(Path(source).resolve()))
            window.open_article(article_id, then)
            window.report(f"{'Imported' if added else 'Already in your library:'} {title}")
            window.library_changed.emit()

        run_in_background(reader, done, lambda exc: self._failed(exc))

    def _failed(self, exc: BaseException) -> None:
        self._end()
        if isinstance(exc, GlossError):
            self.window.report(str(exc))
        else:
            raise exc

    def _offer_update(self, article_id: int, url: str) -> None:
        window = self.window
        answer = QMessageBox.question(window, "Open URL", "That page is already in your library. Fetch it again "
                                      "and update the article (its highlights follow the new text)?",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            window.open_article(article_id)
            return
        self.update_from_url(article_id, url)

    def update_from_url(self, article_id: int, url: str) -> None:
        from ...core.fetch import load_url

        window = self.window
        if not self._start(url):
            return
        moved = self._progress.moved.emit

        def done(article) -> None:
            self._end()
            try:
                report = store_fetched(window.library, article_id, url, article)
            except GlossError as exc:
                window.report(str(exc))
                return
            from ..reader.update_review import summary

            window.undo_stack.clear()  # older steps name positions in the previous text
            window.open_article(article_id)
            window.reader.finish_opening()
            window.report(summary(report))
            window.library_changed.emit()

        run_in_background(lambda: load_url(url, moved), done, lambda exc: self._failed(exc))

    def ask_url(self) -> None:
        """File ▸ Open URL…: a web page's address, read and opened as an article."""
        window = self.window
        url, ok = QInputDialog.getText(window, "Open URL", "Web page (http:// or https://):")
        url = url.strip()
        if not ok or not url:
            return
        if not is_url(url):
            window.report(f"“{url[:60]}” is not a web address: it must start with http:// or https://.")
            return
        self.read(url)


def install(window) -> None:
    from PySide6.QtGui import QAction

    from .keys import set_keys

    window.importer = Importer(window)
    action = QAction("Open &URL…", window)
    action.setObjectName("open_url")
    set_keys(action, "Ctrl+Shift+O")
    action.triggered.connect(window.importer.ask_url)
    menu = window.file_menu
    actions = menu.actions()
    menu.insertAction(actions[2] if len(actions) > 2 else None, action)  # after Open… and Open Recent
