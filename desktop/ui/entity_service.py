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
import os
import sys
import queue
import threading

from PySide6.QtCore import QObject, Signal

from ..core.entities import from_json
from ..store.entity_jobs import Channel


def parse_result(out: dict) -> dict:
    """A helper's result with its entities as objects (done off the GUI thread)."""
    out["shown"] = from_json(out["shown"])
    out["hidden"] = [(from_json([e])[0], cid) for e, cid in out["hidden"]]
    return out


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
            pipes, self._process = started or _start_process()
            self._conn = Channel(*pipes)
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
        _end(self._process)

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
    """Start the helper, ``python -m desktop.store.entity_jobs``, which begins loading the model at
    once; returns ((read fd, write fd) of our ends of its two pipes, the ``Popen``).

    Plain pipes and ``subprocess`` (both loaded anyway) rather than a multiprocessing ``Process``:
    importing multiprocessing cost ~20 ms before the window's first paint. Not a daemon of ours:
    the helper may start a helper of its own for a long text; it ends when its input pipe closes,
    and at exit it is stopped (``_stop``). Never a fork of this process, which runs Qt.
    """
    import os
    import subprocess

    to_child, from_parent = os.pipe()
    to_parent, from_child = os.pipe()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "desktop.store.entity_jobs", str(to_child), str(from_child)],
            pass_fds=(to_child, from_child), stdin=subprocess.DEVNULL)
    except BaseException:
        for fd in (from_parent, to_parent):
            os.close(fd)
        raise
    finally:
        os.close(to_child)
        os.close(from_child)
    return (to_parent, from_parent), process


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
        (read_fd, write_fd), process = started
        with contextlib.suppress(OSError):
            os.close(write_fd)
            os.close(read_fd)
        _end(process)


def _end(process) -> None:
    """End the helper now (and with it any helper of its own), rather than when it next reads."""
    with contextlib.suppress(Exception):
        if process.poll() is None:
            process.terminate()
            process.wait(2)


_service: ExtractionService | None = None


def service() -> ExtractionService:
    """The application's one extraction helper (started on first use, restarted if it died)."""
    global _service
    if _service is None or not _service.alive:
        _service = ExtractionService()
    return _service
