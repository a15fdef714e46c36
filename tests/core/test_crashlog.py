"""The crash log: an unexpected exception lands in a rotated file in the log folder, never lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import desktop.core.crashlog as crashlog
from desktop.core.crashlog import log_exception
from desktop.core.paths import log_dir


def _raise(message: str):
    try:
        raise ValueError(message)
    except ValueError:
        return sys.exc_info()


def test_logs_the_traceback_to_the_log_folder():
    path = log_exception(*_raise("margin note vanished ✎"))
    assert path.parent == log_dir() and path.name == "crash.log"
    text = path.read_text(encoding="utf-8")
    assert "ValueError: margin note vanished ✎" in text and "Traceback" in text and "_raise" in text
    second = log_exception(*_raise("second"))
    assert second == path
    text = path.read_text(encoding="utf-8")
    assert text.index("vanished") < text.index("ValueError: second")  # appended


def test_rotates(monkeypatch):
    monkeypatch.setattr(crashlog, "MAX_BYTES", 2000)
    for i in range(40):
        path = log_exception(*_raise(f"crash number {i} " + "x" * 200))
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["crash.log", "crash.log.1", "crash.log.2", "crash.log.3"]
    assert "crash number 39" in path.read_text(encoding="utf-8")
    assert all(p.stat().st_size < 4000 for p in path.parent.iterdir())


def test_unwritable_log_folder_falls_back_to_temp(monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setattr("desktop.core.paths.log_dir", lambda: blocker / "logs")
    monkeypatch.setattr(crashlog.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    path = log_exception(*_raise("still logged"))
    assert path == tmp_path / "tmp" / "gloss-logs" / "crash.log"
    assert "still logged" in path.read_text(encoding="utf-8")


def test_as_an_excepthook_in_a_real_process(tmp_path):
    code = ("import sys\nfrom desktop.core.crashlog import log_exception\n"
            "def hook(t, e, tb):\n    print(log_exception(t, e, tb))\n"
            "sys.excepthook = hook\nraise RuntimeError('unhandled in a slot')\n")
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    path = Path(out.stdout.strip())
    assert path.is_relative_to(tmp_path / "state")
    assert "RuntimeError: unhandled in a slot" in path.read_text(encoding="utf-8")
