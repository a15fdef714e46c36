"""Where entity extraction runs: a helper process for spaCy and long texts, a pool thread for short
rules runs and cached results (``tasks.run_in_background``); results come back as Qt signals.

One helper process serves every window of the application (``service()``); it loads the model
once, at start-up, so the first article's spaCy result is quick. If it cannot be started, jobs
run on the thread pool instead (slower to the eye, but still off the GUI thread).
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import sys
import queue
import threading

from PySide6.QtCore import QObject, Signal

from ..core.entities import from_json


def parse_result(out: dict) -> dict:
    """A helper's result with its entities as objects (done off the GUI thread)."""
    out["shown"] = from_json(out["shown"])
    out["hidden"] = [(from_json([e])[0], cid) for e, cid in out["hidden"]]
    return out


@contextlib.contextmanager
def _main_not_rerun():
    """Start a spawned process without it re-running the main script (a benchmark, a test runner,
    a user's script): the helper needs only ``desktop.store.entity_jobs``, imported by name."""
    main = sys.modules.get("__main__")
    saved = {k: getattr(main, k) for k in ("__spec__", "__file__") if main is not None and hasattr(main, k)}
    try:
        if main is not None:
            main.__spec__ = None
            if "__file__" in saved:
                del main.__file__
        yield
    finally:
        for key, value in saved.items():
            setattr(main, key, value)


class ExtractionService(QObject):
    """The helper process and the two threads that talk to it."""

    ready = Signal(str, str)  # the mode it will run ("spacy" or "rules"), the model's label
    progressed = Signal(int, float)  # job, fraction
    finished = Signal(int, object)  # job, result (see entity_jobs.run_job)
    failed = Signal(int, str)  # job, message
    stopped = Signal()  # the helper went away: its jobs will not finish

    def __init__(self) -> None:
        super().__init__()
        self.state = "starting"
        self.mode: str | None = None
        self.label = ""
        self._ids = itertools.count(1)
        self._outbox: queue.Queue = queue.Queue()
        self._open: set[int] = set()
        global _early
        started, _early = _early, None
        try:
            self._conn, self._process = started or _start_process()
            atexit.register(self._stop)
        except Exception:
            self.state = "dead"
            return
        threading.Thread(target=self._receive, daemon=True, name="gloss-entities-in").start()
        threading.Thread(target=self._send, daemon=True, name="gloss-entities-out").start()

    def _stop(self) -> None:
        """At exit: close the pipe and end the helper (and any helper of its own) at once."""
        self.state = "dead"
        with contextlib.suppress(Exception):
            self._conn.close()
        with contextlib.suppress(Exception):
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(2)

    @property
    def alive(self) -> bool:
        return self.state != "dead"

    def submit(self, text: str, mode: str, corrections: list[dict], article_id: int | None,
               data: str | None = None) -> int | None:
        """Queue a job (with ``data``, a cached result to parse and correct rather than extract);
        returns its id (None if the helper is gone: run it elsewhere)."""
        if not self.alive:
            return None
        job = next(self._ids)
        self._open.add(job)
        self._outbox.put(("job", job, text, mode, corrections, article_id, data))
        return job

    def _send(self) -> None:  # a thread: pipe writes may block while the helper is busy
        while True:
            message = self._outbox.get()
            try:
                self._conn.send(message)
            except (OSError, ValueError, BrokenPipeError):
                return

    def _emit(self, signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # shutting down
            pass

    def _receive(self) -> None:  # a thread: blocking reads release the interpreter lock
        while True:
            try:
                message = self._conn.recv()
            except (EOFError, OSError):
                break
            kind = message[0]
            if kind == "ready":
                self.mode, self.label = message[1], message[2]
                self.state = "ready"
                self._emit(self.ready, message[1], message[2])
            elif kind == "progress":
                self._emit(self.progressed, message[1], message[2])
            elif kind == "done":
                self._open.discard(message[1])
                try:
                    self._emit(self.finished, message[1], parse_result(message[2]))
                except Exception as exc:
                    self._emit(self.failed, message[1], str(exc))
            elif kind == "failed":
                self._open.discard(message[1])
                self._emit(self.failed, message[1], message[2])
        self.state = "dead"
        for job in list(self._open):
            self._emit(self.failed, job, "the entity helper process stopped")
        self._open.clear()
        self._emit(self.stopped)


def _start_process():
    """Spawn the helper (it begins loading the model at once); returns (our pipe end, process)."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")  # never fork a process that runs Qt
    conn, child = ctx.Pipe()
    from ..store.entity_jobs import serve

    # Not a daemon: the pipeline may start a helper of its own for a long text (daemons may not
    # have children); it ends when this process's end of the pipe closes, and at exit it is
    # stopped (``_stop``) before multiprocessing waits for its children.
    process = ctx.Process(target=serve, args=(child,), daemon=False, name="gloss-entities")
    with _main_not_rerun():
        process.start()
    child.close()
    return conn, process


_early = None  # a helper started by ``prestart`` before the service object exists


def prestart() -> None:
    """Start the helper process now, before the window is built, so the model loads meanwhile.

    The app calls this first thing; ``service()`` adopts the process. Failing here is harmless:
    the service tries again (or falls back to threads) when first used.
    """
    global _early
    if _early is None and _service is None:
        try:
            _early = _start_process()
        except Exception:
            _early = None
        else:
            atexit.register(_stop_early)  # the app may end before a window adopts it


def _stop_early() -> None:
    """At exit: end a helper that no service adopted (start-up failed, say), so exit never waits."""
    global _early
    started, _early = _early, None
    if started is not None:
        conn, process = started
        with contextlib.suppress(Exception):
            conn.close()
            process.terminate()
            process.join(2)


_service: ExtractionService | None = None


def service() -> ExtractionService:
    """The application's one extraction helper (started on first use, restarted if it died)."""
    global _service
    if _service is None or not _service.alive:
        _service = ExtractionService()
    return _service
