"""A child process's tie to its parent: the child ends when the parent ends, however it ends.

Gloss's helper processes (the entity helper, the second process it starts for a long text) call
``tie`` first thing. A helper notices a closed pipe only when it next reads, and it may be busy for
seconds (loading spaCy, tagging a book) or wait forever for a parent that was killed; without the
tie it would outlive a crashed or killed app. Two means, so that one covers where the other cannot:

- Linux: ``prctl(PR_SET_PDEATHSIG, SIGKILL)``, the kernel's own. It fires when the *thread* that
  started the child ends, not the process: ask for it (``by_main_thread``) only when the parent
  started the child from its main thread, which lives as long as the process.
- Everywhere: a watcher thread that ends this process when the parent is gone. On Linux it waits
  on a pidfd of the parent (no wake-ups); on Windows on the parent's process handle; elsewhere it
  looks at the parent pid twice a second.
"""

from __future__ import annotations

import os
import sys
import threading

WATCHER = "gloss-lifeline"  # the watcher thread's name
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
SIGKILL = 9


def tie(parent: int, *, by_main_thread: bool) -> None:
    """End this process when process ``parent`` (this one's parent) ends; at once if it has."""
    if by_main_thread and sys.platform.startswith("linux"):
        kill_with_parent()
    if os.name == "posix" and os.getppid() != parent:  # it ended before we could watch
        _end()
    threading.Thread(target=_watch, args=(parent,), daemon=True, name=WATCHER).start()


def kill_with_parent() -> bool:
    """Linux: have the kernel send this process SIGKILL when its parent's starting thread ends."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def alone() -> bool:
    """True when no thread but the caller's and the watcher runs (forking is safe then)."""
    me = threading.current_thread()
    return all(t is me or t.name == WATCHER for t in threading.enumerate())


def _end() -> None:
    os._exit(0)  # nobody is left to tell; nothing of ours needs tearing down


def _watch(parent: int) -> None:
    if os.name == "nt":
        _wait_windows(parent)
        _end()
    try:
        fd = os.pidfd_open(parent)
    except (AttributeError, OSError):  # not Linux 5.3+ (or not allowed): look now and then
        import time

        while os.getppid() == parent:
            time.sleep(0.5)
        _end()
    import select

    if os.getppid() == parent:  # still ours once the pidfd is open (not a reused pid)
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        while not poller.poll():
            pass
    _end()


def _wait_windows(parent: int) -> None:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    synchronize, infinite = 0x00100000, 0xFFFFFFFF
    handle = kernel32.OpenProcess(synchronize, False, parent)
    if handle:
        kernel32.WaitForSingleObject(handle, infinite)
