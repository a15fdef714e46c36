"""Durability, for real: a writer process is killed with SIGKILL mid-burst, again and again.

The writer prints each id only after its transaction committed (what the app would show the user)
and flushes; after every kill the library must pass ``PRAGMA integrity_check`` and hold every id
that was printed, each transaction whole (an article and its settings row, or neither).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

from desktop.store import open_library

# Popen.kill() is SIGKILL on POSIX and TerminateProcess on Windows: no chance to clean up on either.
KILLED = -signal.SIGKILL if os.name == "posix" else 1

WRITER = r"""
import random, sys
from desktop.core.article import ArticleBuilder
from desktop.store import open_library
from desktop.store.articles import add_article
from desktop.store.backup import backup_if_changed

lib = open_library(sys.argv[1])
tag, rng = sys.argv[2], random.Random(sys.argv[2])
print("ready", flush=True)
i = 0
while True:
    i += 1
    key = f"{tag}-{i}"
    b = ArticleBuilder()
    b.add("paragraph", f"{key} " + "words of a margin note " * rng.randrange(5, 800))
    with lib.write() as db:  # one user action: the article and its bookkeeping row together
        article_id, _ = add_article(lib, b.build(key))
        db["settings"].insert({"key": key, "value": str(article_id)})
    print(key, flush=True)  # acknowledged only now
    if i % 25 == 0:
        backup_if_changed(lib)  # the app's periodic backup: killed in the middle of it too
"""


def _run_and_kill(db_path, tag: str, delay: float) -> list[str]:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), tag], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout.readline() == b"ready\n", proc.stderr.read().decode()
    time.sleep(delay)
    proc.kill()
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == KILLED, err.decode()
    lines = out.decode().split("\n")
    return lines[:-1]  # the last piece may be a line cut short by the kill: not acknowledged


def _check(db_path, acknowledged: list[str]) -> None:
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    settings = dict(conn.execute("SELECT key, value FROM settings WHERE key LIKE 'w%-%'").fetchall())
    titles = {t: i for i, t in conn.execute("SELECT id, title FROM articles")}
    conn.close()
    missing = [k for k in acknowledged if k not in settings]
    assert not missing, f"acknowledged but lost: {missing[:5]}"
    for key, article_id in settings.items():  # each transaction whole: both rows or neither
        assert titles.get(key) == int(article_id)
    assert set(titles) == set(settings)


def test_sigkill_at_random_moments_loses_nothing_acknowledged(db_path):
    rng = random.Random()
    seed = rng.randrange(10**6)
    rng.seed(seed)
    acknowledged: list[str] = []
    kills = 8
    for n in range(kills):
        acknowledged += _run_and_kill(db_path, f"w{n}", rng.uniform(0.05, 0.6))
        _check(db_path, acknowledged)
        lib = open_library(db_path)  # and the app opens it normally afterwards
        assert lib.notice is None, lib.notice
        lib.close()
    print(f"{kills} kills (seed {seed}), {len(acknowledged)} acknowledged writes, 0 lost")
    assert len(acknowledged) > kills  # the kills did land mid-burst


FIRST_OPEN = r"""
import sys
from desktop.store import open_library
print("start", flush=True)
lib = open_library(sys.argv[1])
lib.set_setting("opened", "1")
print("done", flush=True)
"""


def test_sigkill_during_first_open_and_migration(tmp_path):
    rng = random.Random()
    for n in range(6):
        path = tmp_path / f"new{n}" / "library.sqlite"
        proc = subprocess.Popen([sys.executable, "-c", FIRST_OPEN, str(path)], stdout=subprocess.PIPE)
        assert proc.stdout.readline() == b"start\n"
        time.sleep(rng.uniform(0, 0.05))
        proc.kill()
        proc.wait(timeout=30)
        lib = open_library(path)  # migrations are all-or-nothing: a half-made library finishes
        assert lib.notice is None
        assert lib.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert {"articles", "highlights", "settings"} <= set(lib.db.table_names())
        lib.close()
