"""Running slow work (imports, entity extraction, exports) off the GUI thread, results by signal."""

from __future__ import annotations

import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:  # runs on a pool thread
        try:
            result = self.fn()
        except BaseException as exc:  # handed to the GUI thread, which decides how to report it
            exc.__gloss_traceback__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._emit(self.relay.failed, exc)
        else:
            self._emit(self.relay.finished, result)

    @staticmethod
    def _emit(signal, value) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the application is shutting down: nobody is waiting
            pass


_live: set[_Relay] = set()


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None]) -> None:
    """Run ``fn`` on the global thread pool; ``on_done``/``on_error`` run on the GUI thread."""
    relay = _Relay()
    _live.add(relay)

    def done(result: Any) -> None:
        _live.discard(relay)
        on_done(result)

    def failed(exc: BaseException) -> None:
        _live.discard(relay)
        on_error(exc)

    relay.finished.connect(done)
    relay.failed.connect(failed)
    QThreadPool.globalInstance().start(_Job(fn, relay))
