"""Two Gloss processes on one library: no "database is locked" reaches anyone, each sees the other.

Real processes, started together on a library that does not exist yet (so they also race to create
and migrate it), writing in bursts, then each waiting to see all of the other's writes.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.store import open_library
from desktop.store.schema import migrations

WRITER = r"""
import sys, time
from desktop.core.article import ArticleBuilder
from desktop.store import open_library
from desktop.store.articles import add_article
from desktop.store.backup import backup_if_changed

path, me, other, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
start = float(sys.argv[5])
while time.time() < start:  # both begin at the same instant
    time.sleep(0.001)
lib = open_library(path)
for i in range(n):
    b = ArticleBuilder()
    b.add("paragraph", f"{me} article {i}: " + "some text to read closely " * 40)
    with lib.write() as db:
        article_id, _ = add_article(lib, b.build(f"{me}-{i}"))
        db["settings"].insert({"key": f"{me}-{i}", "value": str(article_id)})
    lib.set_setting(f"{me}-last", str(i))
    if i % 40 == 0:
        backup_if_changed(lib)
deadline = time.time() + 30
while lib.setting(f"{other}-last") != str(n - 1):  # the other process's writes become visible
    if time.time() > deadline:
        sys.exit(f"{me} never saw {other}'s writes")
    time.sleep(0.01)
seen = lib.db.execute("SELECT count(*) FROM settings WHERE key LIKE ?", [other + "-%"]).fetchone()[0]
print(seen, flush=True)
lib.close()
"""


def _start(args: list[str], env=None) -> subprocess.Popen:
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_two_processes_write_concurrently_and_see_each_other(db_path):
    n = 150
    start = str(time.time() + 1.0)
    procs = [_start([sys.executable, "-c", WRITER, str(db_path), me, other, str(n), start])
             for me, other in (("a", "b"), ("b", "a"))]
    outs = [p.communicate(timeout=90) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert "locked" not in err and err == ""
        assert int(out) == n + 1  # n rows plus the "-last" marker
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2 * n
    names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert sorted(names) == sorted(m.name for m in migrations._migrations)
    conn.close()


OPENER = r"""
import sys, time
start = float(sys.argv[2])
from desktop.store import open_library
while time.time() < start:
    time.sleep(0.0005)
lib = open_library(sys.argv[1])
lib.set_setting("opened-" + sys.argv[3], "1")
lib.close()
"""


def test_many_processes_creating_one_new_library_at_once(tmp_path):
    for round_ in range(3):
        path = tmp_path / f"r{round_}" / "library.sqlite"
        start = str(time.time() + 0.8)
        procs = [_start([sys.executable, "-c", OPENER, str(path), start, str(i)]) for i in range(5)]
        for p in procs:
            _out, err = p.communicate(timeout=60)
            assert p.returncode == 0, err
        lib = open_library(path)
        names = [r[0] for r in lib.db.execute("SELECT name FROM _sqlite_migrations")]
        assert sorted(names) == sorted(m.name for m in migrations._migrations)  # each applied once
        assert lib.db.execute("SELECT count(*) FROM settings WHERE key LIKE 'opened-%'").fetchone()[0] == 5
        assert lib.notice is None
        lib.close()


def test_two_cli_imports_at_once(tmp_path):
    files = []
    for name in ("one", "two", "three", "four"):
        p = tmp_path / f"{name}.txt"
        p.write_text(f"Title {name}\n\n" + f"The {name} article has a paragraph of its own. " * 30, encoding="utf-8")
        files.append(str(p))
    env = dict(os.environ, GLOSS_DB=str(tmp_path / "library.sqlite"))
    procs = [_start([sys.executable, "-m", "desktop", "import", *files[:2]], env),
             _start([sys.executable, "-m", "desktop", "import", *files[2:]], env)]
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0 and err == "", err
        assert len(out.splitlines()) == 2
    out = subprocess.run([sys.executable, "-m", "desktop", "list", "--json"], env=env, capture_output=True,
                         text=True, timeout=60).stdout
    assert sorted(__import__("json").loads(out), key=lambda r: r["title"])[0]["title"] == "Title four"
    assert len(__import__("json").loads(out)) == 4


def test_a_reader_never_blocks_a_writer_and_sees_new_commits(db_path):
    writer = open_library(db_path)
    reader = open_library(db_path)
    cur = reader.db.conn.execute("SELECT key FROM settings")  # an open read, as a list view scrolls
    writer.set_setting("fresh", "value")
    assert reader.setting("fresh") == "value"
    cur.close()
    writer.close()
    reader.close()


OTHER_PROCESS = r"""
import sys
from desktop.store import open_library

lib = open_library(sys.argv[1])
if sys.argv[2] == "write":
    for i in range(3):
        lib.set_setting("other", "x" * 5000 + str(i))
else:
    print(lib.setting("note"))
lib.close()
"""


def _other(db_path, what: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))  # this checkout's code
    proc = subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(db_path), what], capture_output=True,
                          text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.strip()


@pytest.mark.parametrize("reopened", [False, True], ids=["opened", "reopened"])
def test_the_app_keeps_its_library_after_something_in_it_opens_and_closes_the_file(db_path, reopened):
    """A file dialog listing the library's folder opens and closes the file and its -shm, which
    drops every POSIX lock the app's SQLite holds on them. Command-line runs must still not take
    the library for unused (deleting its log and -shm under the app): the app's later writes are
    seen by others, and its backup on quit is made."""
    from desktop.store.backup import make_backup

    lib = open_library(db_path)
    if reopened:  # as after Restore from Backup
        lib.reopen()
    lib.set_setting("note", "before")
    for name in (db_path, db_path.with_name(db_path.name + "-shm")):
        with open(name, "rb") as fh:  # what the dialog does to guess the files' types
            fh.read(64)
    for _ in range(2):
        _other(db_path, "write")  # `gloss import`, `gloss export`... each opens and closes the library
    lib.set_setting("note", "after")
    assert _other(db_path, "read") == "after"
    backup = make_backup(lib)
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT value FROM settings WHERE key = 'note'").fetchone() == ("after",)
    conn.close()
    lib.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT value FROM settings WHERE key = 'note'").fetchone() == ("after",)
    conn.close()
