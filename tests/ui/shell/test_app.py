"""The QApplication Gloss runs in."""

from __future__ import annotations

import sys

from desktop.ui.shell import app as app_module


def test_a_busy_worker_thread_gives_the_interpreter_lock_back_quickly(qapp):
    """Qt calls into Python for every event and every row a list paints; a worker thread running
    Python (an entity result being unpacked) must not hold each of those calls up for CPython's
    default 5 ms."""
    before = sys.getswitchinterval()
    try:
        assert app_module.application() is qapp
        assert sys.getswitchinterval() == app_module.SWITCH_INTERVAL_S <= 0.001
        assert qapp.applicationName() == "Gloss"
    finally:
        sys.setswitchinterval(before)
