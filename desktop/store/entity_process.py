"""The entity helper process (``python -m desktop.store.entity_jobs``, see there): starting it,
handing it to the window that uses it, ending it.

Apart from the jobs' code, and light: ``gloss`` starts the helper first thing, before it imports
Qt or anything else the window needs, so spaCy's model loads (about a second) while the window is
built; what this module imports is all that comes before the helper starts.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from typing import Any


def start() -> tuple[tuple[int, int], Any]:
    """Start a helper, ``python -m desktop.store.entity_jobs``, which begins loading the model at
    once; returns ((read fd, write fd) of our ends of its two pipes, the ``Popen``).

    Plain pipes and ``subprocess`` rather than a multiprocessing ``Process``: importing
    multiprocessing cost ~20 ms before the window's first paint. Not a daemon of ours: the helper
    may start a helper of its own for a long text; it ends when its input pipe closes, at exit it
    is stopped (``end``), and if this process is killed it ends too (``core.lifeline``). Never a
    fork of this process, which may run Qt.
    """
    import subprocess
    import threading  # (subprocess imports it anyway)

    # The helper ties its life to ours (``core.lifeline``): on Linux the kernel kills it when the
    # thread starting it ends, so it is told whether that is our main thread, which ends only with
    # the process (the window starts its helper on the GUI thread, ``gloss`` on the main thread).
    by_main = "main" if threading.current_thread() is threading.main_thread() else "thread"
    to_child, from_parent = os.pipe()
    to_parent, from_child = os.pipe()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "desktop.store.entity_jobs", str(to_child), str(from_child),
             str(os.getpid()), by_main],
            pass_fds=(to_child, from_child), stdin=subprocess.DEVNULL)
    except BaseException:
        for fd in (from_parent, to_parent):
            os.close(fd)
        raise
    finally:
        os.close(to_child)
        os.close(from_child)
    return (to_parent, from_parent), process


def end(process: Any) -> None:
    """End a helper now (and with it any helper of its own), rather than when it next reads."""
    with contextlib.suppress(Exception):
        if process.poll() is None:
            process.terminate()
            process.wait(2)


_early: tuple[tuple[int, int], Any] | None = None  # started by ``prestart``, not yet adopted


def prestart() -> None:
    """Start the helper now, if none is waiting, so the model loads while the window is built.

    For the GUI only (the command line's subcommands never start it): ``gloss`` calls this before
    it imports Qt; the window's extraction service adopts the helper (``adopt``), or starts one
    when none was started. Failing here is harmless: the service tries again, or falls back to
    threads, when first used.
    """
    global _early
    if _early is None:
        try:
            _early = start()
        except Exception:
            _early = None
        else:
            atexit.register(_stop_early)  # the app may end before a window adopts it


def adopt() -> tuple[tuple[int, int], Any] | None:
    """The helper ``prestart`` started (its pipe ends and ``Popen``), now the caller's; or None."""
    global _early
    started, _early = _early, None
    return started


def _stop_early() -> None:
    """At exit: end a helper that nothing adopted (start-up failed, say), so exit never waits."""
    started = adopt()
    if started is not None:
        (read_fd, write_fd), process = started
        with contextlib.suppress(OSError):
            os.close(write_fd)
            os.close(read_fd)
        end(process)
