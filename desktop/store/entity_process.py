"""The entity helper process (``python -m desktop.store.entity_jobs``, see there): starting it
and ending it.

The window's extraction service starts it when it is first used, after the window's first paint:
started earlier, to load spaCy's model while the window was built, the helper took the CPU the
window needed wherever a core was not free (start-up 2.06 × a bare window's against 1.36 ×
without it, on this 2-core machine with other work running), and the list came no sooner.
"""

from __future__ import annotations

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
    # the process (the window starts its helper on the GUI thread: the main one).
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
