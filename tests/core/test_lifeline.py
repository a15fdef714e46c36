"""A tied child ends within 2 s of its parent's death, even when it reads nothing (busy, or
waiting on something else); and only then: a parent's thread ending does not end it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]

# The parent: starts a tied child (from its main thread or from a thread that then ends), prints
# the child's pid, and lives until killed. The child sleeps: it reads no pipe, as a helper tagging
# a long text or loading its model reads none.
PARENT = r"""
import subprocess, sys, threading, time
how = sys.argv[1]
child = r'''
import os, sys, time
from desktop.core import lifeline
if sys.argv[3] == "no-pidfd":
    del os.pidfd_open
lifeline.tie(int(sys.argv[1]), by_main_thread=sys.argv[2] == "main")
time.sleep(60)
'''
started = []
def start(by):
    started.append(subprocess.Popen([sys.executable, "-c", child, str(os.getpid()), by,
                                     "no-pidfd" if how == "no-pidfd" else "pidfd"]))
import os
if how != "main":
    t = threading.Thread(target=start, args=("thread",))
    t.start()
    t.join()  # the thread that started it is gone; the process lives on
else:
    start("main")
print(started[0].pid, flush=True)
time.sleep(60)
"""


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


# main: the kernel's signal (and the watcher); thread: the watcher alone, on a pidfd; no-pidfd: the
# watcher alone, looking at the parent pid.
@pytest.mark.parametrize("how", ["main", "thread", "no-pidfd"])
def test_a_tied_child_ends_with_its_killed_parent(how):
    parent = subprocess.Popen([sys.executable, "-c", PARENT, how], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        child = int(parent.stdout.readline())
        time.sleep(1.5)  # past the tie; a thread-started child has outlived its starting thread
        assert not _gone(child)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        time.sleep(2.0)
        assert _gone(child)
    finally:
        parent.kill()
        parent.wait(10)
        with_child = [p for p in psutil.process_iter(["cmdline"]) if "lifeline.tie" in " ".join(p.info["cmdline"] or [])]
        for proc in with_child:
            proc.kill()


def test_a_child_whose_parent_is_already_gone_ends_at_once():
    code = "import os; from desktop.core import lifeline; lifeline.tie(os.getppid() + 1, by_main_thread=False); print('lived')"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=30,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 0 and "lived" not in proc.stdout
