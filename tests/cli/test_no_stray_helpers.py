"""Killed however and whenever, Gloss leaves no process behind: its entity helper (and the helper's
own helper for a long text) ends with the app, within 2 s of a SIGKILL.

The real app is started as a user starts it (``python -m desktop``) and as the benchmark does
(``python -m desktop.bench``), off-screen; every process it starts inherits a marker in its
environment, so a survivor is found wherever it was reparented.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _marked(mark: str) -> list[psutil.Process]:
    """Live processes (zombies are dead) whose environment carries ``mark``."""
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get("GLOSS_KILL_TEST") == mark and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


_started: list[str] = []  # markers of the apps started by the running test


@pytest.fixture(autouse=True)
def _nothing_left_running():
    """A test that fails half-way still ends what it started."""
    yield
    while _started:
        for proc in _marked(_started.pop()):
            proc.kill()


class App:
    """One Gloss process (and whatever it starts), with a marker of its own."""

    def __init__(self, *args: str) -> None:
        self.mark = uuid.uuid4().hex
        _started.append(self.mark)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GLOSS_KILL_TEST=self.mark)
        self.proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.ps = psutil.Process(self.proc.pid)

    def wait_for(self, what: str, ready, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            if self.proc.poll() is not None:
                raise AssertionError(f"the app ended before {what}: {self.proc.stderr.read()[-2000:]!r}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {what} after {timeout:.0f} s")
            time.sleep(0.02)

    def helpers(self) -> list[psutil.Process]:
        return [p for p in _marked(self.mark) if p.pid != self.proc.pid]

    def kill_and_check(self) -> list[psutil.Process]:
        """SIGKILL the app; the processes it had started (they were there) and any still alive 2 s later."""
        before = self.helpers()
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        time.sleep(2.0)
        return before, _marked(self.mark)


def _gloss(db: Path, *target: str) -> App:
    return App("-m", "desktop", "--db", str(db), *target)


def _entity_helpers(app: App) -> list[psutil.Process]:
    return [p for p in app.helpers() if "desktop.store.entity_jobs" in " ".join(p.cmdline())]


def test_killed_as_soon_as_its_helper_starts(db_path):
    app = _gloss(db_path)
    app.wait_for("entity helper", lambda: _entity_helpers(app), timeout=60)
    before, left = app.kill_and_check()
    assert before and left == []


def test_killed_while_the_window_is_built_and_the_model_loads(db_path):
    app = _gloss(db_path)
    app.wait_for("entity helper", lambda: _entity_helpers(app), timeout=60)
    time.sleep(0.6)  # Qt loading here, spaCy's import there (0.7 s or more)
    before, left = app.kill_and_check()
    assert before and left == []


def _spacy_result_stored(db: Path) -> bool:
    if not db.exists():
        return False
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM entity_cache WHERE pipeline LIKE '%/spacy'"
                                ).fetchone()[0] > 0
    except sqlite3.Error:  # not created yet
        return False


def test_killed_when_idle(db_path):
    app = _gloss(db_path)
    app.wait_for("spaCy's entities of the sample stored", lambda: _spacy_result_stored(db_path))
    time.sleep(0.5)  # the helper waits for its next job
    before, left = app.kill_and_check()
    assert _entity_helpers(app) == [] and before and left == []


@pytest.fixture
def long_article(db_path) -> int:
    from desktop.bench.data import large_article
    from desktop.core.entities.spacy_ner import PARALLEL_CHARS
    from desktop.store import open_library
    from desktop.store.articles import add_article

    lib = open_library(db_path)
    try:
        article_id, _ = add_article(lib, large_article(PARALLEL_CHARS + 40_000))
    finally:
        lib.close()
    return article_id


def test_killed_during_the_extraction_of_a_long_article(db_path, long_article):
    """Long enough that the helper tags half of it in a helper of its own: both end with the app."""
    app = _gloss(db_path, str(long_article))

    def second_process() -> bool:
        return any(h.children() for h in _entity_helpers(app))

    app.wait_for("second extraction process", second_process)
    before, left = app.kill_and_check()
    assert len(before) >= 2 and left == []


def test_the_benchmark_killed_mid_run_leaves_nothing(tmp_path):
    """The benchmark starts the app's window in a process of its own, with a helper: killing the
    benchmark ends them both."""
    app = App("-m", "desktop.bench", "--quick", "--only", "gui")
    app.wait_for("benchmark window's entity helper", lambda: any(
        "desktop.bench.gui" in " ".join(p.cmdline()) for p in app.helpers()) and any(
        "desktop.store.entity_jobs" in " ".join(p.cmdline()) for p in app.helpers()), timeout=180)
    before, left = app.kill_and_check()
    assert len(before) >= 2 and left == []
