"""The entity helper is never started before the window (the window starts it after its first paint); the commands never start it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli
from desktop.store import entity_process

OPEN_APP = r"""
import json, sys
from desktop.store import entity_process
import desktop.ui.shell.app

events = []
def start():
    events.append(["helper", "PySide6" in sys.modules])
    raise OSError("no helper in this test")
entity_process.start = start
desktop.ui.shell.app.run_app = lambda args: events.append(["app"]) or 0
from desktop.cli import main
code = main(sys.argv[1:])
print(json.dumps([code, events]))
"""


def test_opening_the_app_starts_no_helper_before_the_window(db_path):
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", OPEN_APP, "--db", str(db_path)], cwd=root,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.splitlines()[-1]) == [0, [["app"]]]


@pytest.fixture
def starts(monkeypatch):
    started: list[int] = []
    monkeypatch.setattr(entity_process, "start", lambda: started.append(1))
    return started


def test_commands_never_start_the_helper(db_path, sample_path, capsys, starts):
    for args in (["import", sample_path], ["list", "--json"], ["show", "1"], ["notes", "1"],
                 ["search", "NATO"], ["export", "1"]):
        assert cli.main(["--db", str(db_path), *map(str, args)]) == 0
    assert starts == []


def test_a_usage_error_starts_no_helper(db_path, capsys, starts):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--db", str(db_path), "--size", "tiny"])
    assert exit_.value.code == 2 and starts == []


@pytest.fixture
def opened(monkeypatch, starts):
    """What the app was asked to open (the app itself is not started)."""
    import types

    calls: list = []
    fake = types.ModuleType("desktop.ui.shell.app")
    fake.run_app = lambda args: calls.append((args.target, args.screenshot)) or 0
    monkeypatch.setitem(sys.modules, "desktop.ui.shell.app", fake)
    return calls


@pytest.mark.parametrize("argv, target", [
    (["open", "2"], "2"), (["2"], "2"), (["open"], None), (["--db", "DB", "open", "notes.md"], "notes.md"),
    (["open", "gloss://article/3?highlight=12"], "gloss://article/3?highlight=12"),
    (["open", "--screenshot", "out.png", "3"], "3"),
])
def test_open_is_a_command_that_opens_the_app_as_gloss_alone_does(db_path, opened, argv, target):
    argv = [str(db_path) if a == "DB" else a for a in argv]
    if "--db" not in argv:
        argv = ["--db", str(db_path), *argv]
    assert cli.main(argv) == 0
    assert [t for t, _shot in opened] == [target]
