"""Starting the GUI: the QApplication, the library, the first article, and `--screenshot`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ...core.errors import GlossError
from ...store import default_db_path, open_library
from ...store.articles import resolve_article
from ...store.imports import ensure_sample


# How long a thread running Python may keep the interpreter lock from another that wants it
# (CPython's default: 5 ms). Qt calls into Python for every event and for every row a list paints,
# and each call takes the lock: with a worker thread busy in Python (the entity helper's result
# being unpacked, an export), each waited the full 5 ms, and a 4 ms paint of the entity list took
# 125 ms; with 0.5 ms, 22 ms. The worker loses nothing it would notice.
SWITCH_INTERVAL_S = 0.0005


def application():
    """The QApplication Gloss runs in (made once, with its style and its share of the lock)."""
    from PySide6.QtWidgets import QApplication

    from .theme import STYLE

    sys.setswitchinterval(SWITCH_INTERVAL_S)

    app = QApplication.instance()
    if app is None:  # made with its style: not a default style first, then Fusion (~15 ms)
        app = QApplication([*sys.argv[:1], "-style", STYLE])
        app.setProperty("gloss_style", STYLE)
    app.setApplicationName("Gloss")
    app.setOrganizationName("Gloss")
    app.setApplicationDisplayName("Gloss")
    return app


def run_app(args) -> int:
    """Open the main window on ARTICLE|FILE (or the last article, or the sample) and run."""
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The library before Qt: PySide's import hook reads the source of every module imported after
    # it loads (~0.2 ms each), and opening the library imports a dozen.
    library = open_library(args.db or default_db_path())
    sample = ensure_sample(library)
    app = application()
    window = start_window(library, args.theme, args.target, sample)
    if args.screenshot:
        window.resize(*args.size)
        return _screenshot(app, window, Path(args.screenshot))
    if not window.restore_geometry():
        window.resize(1400, 900)
    window.show()
    install_crash_hook(window)
    window.backup_on_close(True)  # a last backup as the window closes, the user told if it fails
    # and on any other way out (quick when the close made it already: nothing changed since)
    app.aboutToQuit.connect(lambda: getattr(window, "safety", None) and window.safety.backup_now())
    if os.environ.get("GLOSS_BENCH_READY") == "1":
        _quit_when_painted(app, window)
    code = app.exec()
    library.close()
    return code


def start_window(library, theme: str | None = None, target: str | None = None, sample: int | None = None):
    """The main window as ``gloss`` makes it, not yet shown: its frame now, its features on the
    event-loop turn after its first paint (``MainWindow(defer=True)``), opening ``target`` (an
    article id, a file, a ``gloss://`` link), else the last article read, else ``sample``.
    The tests build their windows through this too."""
    from .window import MainWindow

    window = MainWindow(library, theme, defer=True)
    article: int | None = None
    link = None
    if target and str(target).lower().startswith("gloss://"):
        from ...store.exchange import resolve_link

        link = resolve_link(library, target)
        article = link[0]
    elif target:
        if str(target).lower().startswith("file://"):  # from the desktop entry's %u
            from PySide6.QtCore import QUrl

            target = QUrl(target).toLocalFile() or target
        from ...core.urls import is_url

        if is_url(str(target)) or Path(target).exists():
            article = window.open_path(target)
            if article is None:
                raise GlossError(window.statusBar().currentMessage())
        else:
            article = resolve_article(library, target)
    then = None if link is None else (lambda: window.show_passage(highlight_id=link[1], start=link[2]))
    window.open_initial(article or sample, then, at=link[2] if link is not None else None)
    return window


def install_crash_hook(window) -> None:
    """Log any unexpected exception to a file and tell the user, naming the file; never die
    silently (``safety.crash_hook``). The crash log and what it imports (7-10 ms, before the first
    paint) load only when there is something to log."""
    previous = sys.excepthook

    def hook(exc_type, exc, tb) -> None:
        from .safety import crash_hook

        crash_hook(window, previous)(exc_type, exc, tb)

    sys.excepthook = hook


def _quit_when_painted(app, window) -> None:
    """For the benchmark: print ``ready <time.monotonic()> <time.process_time()>`` as they were when
    the reader's first paint was done (what the event loop does in the turns after it, such as
    starting the entity helper and building the rest of the window, is not start-up), then quit."""
    import time

    painted: list[float] = []

    def record() -> None:
        if not painted:
            painted.extend((time.monotonic(), time.process_time()))

    def done() -> None:
        record()  # (never painted: a minimised window)
        print(f"ready {painted[0]:.6f} {painted[1]:.4f}", flush=True)
        app.quit()

    window.reader.first_painted.connect(record)
    window.after_first_paint(done)


def _wait_until_settled(app, window, least_ms: int = 300, most_ms: int = 5000) -> None:
    """Let the window lay out (``least_ms``), then wait until its background work (entity
    extraction, ...) is shown (``window.settled()``), at most ``most_ms``."""
    import time

    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(least_ms, loop.quit)
    loop.exec()
    settled = getattr(window, "settled", lambda: True)
    deadline = time.monotonic() + (most_ms - least_ms) / 1000
    while not settled() and time.monotonic() < deadline:
        QTimer.singleShot(25, loop.quit)
        loop.exec()
    app.processEvents()


def _screenshot(app, window, out: Path) -> int:
    window.show()
    _wait_until_settled(app, window)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        raise GlossError(f"Could not write the screenshot to {out}.")
    print(out)
    window.close()
    return 0
