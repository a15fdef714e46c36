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
import queue
import threading

from PySide6.QtCore import QObject, Signal

from ...core.entities.model import from_rows
from ...store import entity_process
from ...store.entity_jobs import Channel


def parse_result(out: dict) -> dict:
    """A helper's result with its entities as objects (done off the GUI thread)."""
    out["shown"] = from_rows(out["shown"])
    out["hidden"] = [(from_rows([e])[0], cid) for e, cid in out["hidden"]]
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
        try:
            pipes, self._process = entity_process.start()
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
        entity_process.end(self._process)

    @property
    def alive(self) -> bool:
        return self.state != "dead"

    def busy(self) -> bool:
        """Whether jobs are still open (sent or queued, not yet answered)."""
        return bool(self._open)

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
            except (OSError, ValueError, TypeError):  # TypeError: closed under us (its handle is None)
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
            except (EOFError, OSError, TypeError):  # TypeError: closed under us (its handle is None)
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


_service: ExtractionService | None = None


def stop_if_busy() -> bool:
    """End the helper if it is still working on jobs nobody may be waiting for any more (the next
    ``service()`` starts a fresh one); True if it was ended. For tests: a window closed in the
    middle of a long article's extraction leaves its job running in the one helper."""
    global _service
    if _service is None or not _service.busy():
        return False
    _service._stop()
    _service = None
    return True


def service() -> ExtractionService:
    """The application's one extraction helper (started on first use: the window asks once it
    has painted; restarted if it died)."""
    global _service
    if _service is None or not _service.alive:
        _service = ExtractionService()
    return _service
