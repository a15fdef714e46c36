"""Damage to a library, one test per fault: the log deleted under a live writer, damage while
another process has the file open, an empty or missing file with backups beside it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.store import open_library
from desktop.store.backup import make_backup

REPO = Path(__file__).resolve().parents[2]

WRITER = r"""
import sys
from desktop.store import open_library
lib = open_library(sys.argv[1])
lib.conn.execute("PRAGMA wal_autocheckpoint = 0")  # the acknowledged writes stay in the log
n = 0
for line in sys.stdin:
    for _ in range(int(line)):
        n += 1
        lib.set_setting(f"write{n}", "acknowledged")
        print(f"ACK {n}", flush=True)
    print("DONE", flush=True)
lib.close()
print("CLOSED", flush=True)
"""


class Writer:
    """A Gloss process that keeps the library open and writes when told."""

    def __init__(self, db: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(REPO)))
        self.acked = 0

    def write(self, n: int) -> None:
        self.proc.stdin.write(f"{n}\n")
        self.proc.stdin.flush()
        while (line := self.proc.stdout.readline().strip()) != "DONE":
            assert line.startswith("ACK"), line
            self.acked = int(line.split()[1])

    def close(self) -> None:
        self.proc.stdin.close()
        assert self.proc.stdout.read().strip().endswith("CLOSED")
        assert self.proc.wait(30) == 0


def _settings(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {r[0] for r in conn.execute("SELECT key FROM settings WHERE value = 'acknowledged'")}
    finally:
        conn.close()


def _aside(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if ".damaged-" in p.name or ".empty-" in p.name)


def test_the_log_deleted_under_a_live_writer_loses_no_acknowledged_write(library, gloss, refused, sample_path):
    make_backup(library)
    writer = Writer(library)
    try:
        writer.write(15)
        wal = library.with_name(library.name + "-wal")
        assert wal.stat().st_size > 0
        wal.unlink()
        for args in (["list"], ["show", "1"], ["import", str(sample_path)], ["search", "NATO"]):
            line = refused(gloss(library, *args), "write-ahead log")
            assert "nothing was changed" in line
        assert _aside(library) == [] and not wal.exists()  # nothing moved, no second log started
        writer.write(5)  # the writer goes on, and is told its writes are done
    finally:
        writer.close()  # closing writes the deleted log's pages back into the library
    assert {f"write{n}" for n in range(1, 21)} <= _settings(library)  # every acknowledged write
    run = gloss(library, "list", "--json")
    assert run.code == 0 and run.err == "" and len(json.loads(run.out)) == 1


def test_damage_seen_while_another_process_has_the_file_open_moves_nothing(library, gloss, refused):
    make_backup(library)
    writer = Writer(library)
    try:
        writer.write(1)
        with open(library, "r+b") as fh:  # pages of the library overwritten, the writer still in it
            fh.seek(4096)
            fh.write(os.urandom(4096 * 3))
        line = refused(gloss(library, "list"), "looks damaged", "has it open")
        assert "left as it is" in line
        assert _aside(library) == []
    finally:
        writer.proc.kill()
        writer.proc.wait()
    run = gloss(library, "list", "--json")  # once nobody holds it: moved aside, the backup restored
    assert run.code == 0 and "backup from" in run.err, run.err
    assert len(_aside(library)) >= 1


@pytest.mark.parametrize("how", ["empty", "missing"])
def test_an_empty_or_missing_library_with_backups_is_restored_and_said_so(library, gloss, how):
    make_backup(library)
    if how == "empty":
        library.write_bytes(b"")
    else:
        library.unlink()
    for side in ("-wal", "-shm"):
        library.with_name(library.name + side).unlink(missing_ok=True)
    run = gloss(library, "list", "--json")
    assert run.code == 0 and "Traceback" not in run.err
    (line,) = run.err.splitlines()
    assert line.startswith("gloss: The library library.sqlite was") and "backup from" in line
    assert ("empty (0 bytes)" if how == "empty" else "missing") in line
    assert [a["id"] for a in json.loads(run.out)] == [1]  # the sample, with its highlight, is back
    notes = json.loads(gloss(library, "notes", "1", "--json").out)
    assert [n["note"] for n in notes] == ["first"]
    if how == "empty":
        assert [p for p in _aside(library) if p.endswith(tuple("0123456789"))]  # the empty file kept
    assert gloss(library, "list").err == ""  # said once


def test_an_empty_library_without_backups_is_simply_new(tmp_path, gloss):
    db = tmp_path / "library.sqlite"
    db.write_bytes(b"")
    run = gloss(db, "list", "--json")
    assert run.code == 0 and run.err == "" and json.loads(run.out) == []


def test_restoring_a_backup_refuses_while_another_process_has_the_library(library):
    from desktop.store.backup import BackupError, restore_backup

    backup = make_backup(library)
    writer = Writer(library)
    try:
        writer.write(1)
        with pytest.raises(BackupError, match="open"):
            restore_backup(library, backup)
    finally:
        writer.close()
    assert _settings(library) == {"write1"}
    lib = open_library(library)
    lib.close()
    restore_backup(library, backup)  # nobody has it open now


def _flip(db: Path, needle: bytes, replacement: bytes) -> None:
    """Overwrite every ``needle`` in the library's pages (stored values, not the file's structure)."""
    data = bytearray(db.read_bytes())
    at = data.find(needle)
    assert at > 0, needle
    while at > 0:
        data[at:at + len(replacement)] = replacement
        at = data.find(needle, at + 1)
    db.write_bytes(bytes(data))
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"  # damage the check cannot see
    conn.close()


@pytest.mark.parametrize("column", ["blocks", "text"])
def test_an_undecodable_article_is_reported_and_skipped_never_a_failed_start(library, gloss, refused, tmp_path,
                                                                              column):
    other = tmp_path / "other.md"
    other.write_text("# Second article\n\nA fine paragraph about harbours.\n", encoding="utf-8")
    assert gloss(library, "import", str(other)).code == 0
    assert gloss(library, "show", "1").code == 0  # the last article read is article 1
    lib = open_library(library)
    lib.conn.execute("INSERT INTO settings (key, value) VALUES ('last_article', '1') "
                     "ON CONFLICT (key) DO UPDATE SET value = '1'")
    lib.close()
    needle = b'{"kind":"heading"' if column == "blocks" else b"first island chain"
    _flip(library, needle, b"\xff\xfe")
    for args in (["show", "1"], ["export", "1"], ["export", "1", "--format", "json"]):
        line = refused(gloss(library, *args), "Article 1 is damaged", "backup")
    assert line.endswith("the rest of the library is unharmed.")
    run = gloss(library, "list", "--json")  # listing reads no text: every row, as before
    assert run.code == 0 and [r["id"] for r in json.loads(run.out)] == [2, 1]
    assert gloss(library, "show", "2").code == 0  # the rest of the library reads as before
    assert gloss(library, "notes", "1").code == 0
    run = gloss(library, "search", "island OR harbours", "--json")
    assert run.code == 0 and {r["article"] for r in json.loads(run.out)} >= {2}, run.err
    from desktop.store.articles import get_article, last_article, list_articles
    from desktop.store.readable import ArticleDamaged, damaged_articles

    lib = open_library(library)
    try:
        assert last_article(lib) == 1
        assert [(r["id"], r["damaged"]) for r in list_articles(lib)] == [(2, False), (1, False)]
        with pytest.raises(ArticleDamaged):
            get_article(lib, 1)
        assert [(r["id"], r["damaged"]) for r in list_articles(lib)] == [(2, False), (1, True)]  # now known
        assert get_article(lib, 2).title == "Second article"
    finally:
        lib.close()
    lib = open_library(library)
    try:
        assert damaged_articles(lib) == [1]  # the background check finds it without opening it
        assert [r["id"] for r in list_articles(lib) if r["damaged"]] == [1]
    finally:
        lib.close()
    shot = tmp_path / "shot.png"
    run = gloss(library, "--screenshot", str(shot), memory=4 * 2**30, timeout=120,
                env={"QT_QPA_PLATFORM": "offscreen"})
    assert run.code == 0 and "Traceback" not in run.err and shot.stat().st_size > 0, run.err[-2000:]
