"""Changes another process makes to the library while the window is open (``gloss import``,
``gloss highlight``, a second window): noticed within a second, and what shows is read again.

SQLite's ``PRAGMA data_version`` changes for a connection whenever another connection commits, and
costs next to nothing to ask, so the window asks it on a timer rather than watching the files.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from ...store.highlights import article_mark

POLL_MS = 1000


class LiveLibrary(QObject):
    """Re-reads the library list, and the open article's highlights if they changed, after another
    process wrote to the library."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self._version = self._data_version()
        self._mark: tuple | None = None
        window.article_opened.connect(self._remember)
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def _data_version(self) -> int | None:
        try:
            return self.window.library.conn.execute("PRAGMA data_version").fetchone()[0]
        except Exception:  # a closed or replaced library: nothing to notice
            return None

    def _remember(self, article_id: int) -> None:
        self._mark = article_mark(self.window.library, article_id)

    def poll(self) -> bool:
        """Whether another process changed the library since the last look (then shown)."""
        version = self._data_version()
        if version is None or version == self._version:
            return False
        self._version = version
        window = self.window
        window.library_changed.emit()
        article = window.article
        if article is None or window.opening():
            return True
        mark = article_mark(window.library, article.id)
        if mark != self._mark and window.margin.editing is None:
            self._mark = mark
            window.highlighter.reload()
        return True


def install(window) -> None:
    window.live = LiveLibrary(window)
