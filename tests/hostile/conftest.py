"""The hostile suite's tools: run `gloss` in a process of its own under a time and memory limit,
and check the contract for bad input: one line on stderr, exit 1, the library unchanged."""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 1024 * 2**20  # address space for one `gloss` command: the alias bomb wanted 7.8 GB


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float

    @property
    def lines(self) -> list[str]:
        return self.err.splitlines()


def run_gloss(db: Path, *args: str, memory: int = MEMORY_LIMIT, timeout: float = 60, stdin=None,
              env: dict | None = None, file_size: int | None = None) -> Run:
    """``python -m desktop --db DB ARGS...`` in a fresh process, its address space capped at ``memory``
    (and with ``file_size``, no file it writes may grow past that: a full disk, as the writer sees it)."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        if file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    full_env = dict(os.environ, PYTHONPATH=str(REPO), **(env or {}))
    argv = [sys.executable, "-m", "desktop", "--db", str(db), *[os.fsdecode(a) for a in args]]
    t0 = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, env=full_env, timeout=timeout, preexec_fn=limit,
                          stdin=stdin if stdin is not None else subprocess.DEVNULL)
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"),
               time.perf_counter() - t0)


def check_refused(run: Run, *words: str, seconds: float = 30) -> str:
    """The run failed the way CLI.md promises: exit 1, one line on stderr, no traceback, in time."""
    assert run.code == 1, f"exit {run.code}: {run.err[-2000:]}"
    assert "Traceback" not in run.err, run.err[-3000:]
    assert len(run.lines) == 1 and run.lines[0].startswith("gloss: "), run.err[-2000:]
    assert run.seconds < seconds, f"took {run.seconds:.1f} s"
    for word in words:
        assert word in run.lines[0], run.lines[0]
    return run.lines[0]


def library_contents(db: Path) -> str:
    """A digest of everything the library holds (its SQL dump), to show it did not change."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode("utf-8", "surrogatepass")).hexdigest()
    finally:
        conn.close()


@pytest.fixture
def library(tmp_path, sample_path) -> Path:
    """A library file with the sample imported (article 1) and one highlight."""
    db = tmp_path / "lib" / "library.sqlite"
    run = run_gloss(db, "import", str(sample_path))
    assert run.code == 0, run.err
    run = run_gloss(db, "highlight", "1", "--quote", "NATO", "--note", "first")
    assert run.code == 0, run.err
    return db


@pytest.fixture
def gloss():
    """``gloss(db, *args)``: the command in a process of its own (see ``run_gloss``)."""
    return run_gloss


@pytest.fixture
def refused():
    """``refused(run, *words)``: asserts CLI.md's one-line refusal and returns the line."""
    return check_refused


@pytest.fixture
def contents():
    """``contents(db)``: a digest of the library's rows, to assert nothing changed."""
    return library_contents
