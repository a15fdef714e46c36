"""Opening the library: the Library API, pragmas, migrations with their backup, newer-version refusal."""

from __future__ import annotations

import sqlite3
import time

import pytest
from sqlite_utils.migrations import Migrations

import desktop.store.db as dbmod
import desktop.store.schema as schemamod
from desktop.store import open_library
from desktop.store.backup import list_backups
from desktop.store.db import Library, LibraryError
from desktop.store.schema import SCHEMA_VERSION, migrations


def test_library_api_is_unchanged(db_path):
    lib = open_library(db_path)
    assert isinstance(lib, Library) and lib.path == db_path and lib.notice is None
    with lib.write() as db:
        db["settings"].insert({"key": "a", "value": "1"})
        with lib.write() as inner:  # nested calls join the outer transaction
            inner["settings"].insert({"key": "b", "value": "2"})
    lib.set_setting("c", "3")
    assert (lib.setting("a"), lib.setting("b"), lib.setting("c"), lib.setting("zz", "d")) == ("1", "2", "3", "d")
    lib.close()
    lib.close()  # closing twice is harmless


def test_pragmas(db_path):
    lib = open_library(db_path)
    conn = lib.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    lib.close()


def test_failed_write_rolls_back_and_leaves_no_transaction(db_path):
    lib = open_library(db_path)
    with pytest.raises(RuntimeError):
        with lib.write() as db:
            db["settings"].insert({"key": "gone", "value": "x"})
            raise RuntimeError("boom")
    assert lib.setting("gone") == "" and not lib.db.conn.in_transaction
    # A statement run outside write() commits at once: no implicit transaction keeps the lock.
    lib.db.execute("INSERT INTO settings (key, value) VALUES ('loose', '1')")
    assert not lib.db.conn.in_transaction
    other = sqlite3.connect(db_path, timeout=0.1)
    other.execute("BEGIN IMMEDIATE")  # would fail with "database is locked" if a lock were held
    other.rollback()
    other.close()
    lib.close()


def test_close_checkpoints_the_wal(db_path):
    lib = open_library(db_path)
    for i in range(50):
        lib.set_setting(f"k{i}", "v" * 500)
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    lib.close()
    assert not wal.exists() or wal.stat().st_size == 0
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM settings WHERE key LIKE 'k%'").fetchone()[0] == 50
    conn.close()


def test_close_does_not_hang_while_another_process_reads(db_path):
    lib = open_library(db_path)
    lib.set_setting("x", "1")
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM settings").fetchone()  # holds a read snapshot
    lib.set_setting("y", "2")
    t0 = time.perf_counter()
    lib.close()
    assert time.perf_counter() - t0 < 2
    reader.close()


def test_write_transaction_cost(db_path):
    """The price of synchronous=FULL: one small write transaction, committed and synced."""
    lib = open_library(db_path)
    n = 200
    t0 = time.perf_counter()
    for i in range(n):
        lib.set_setting("cost", str(i))
    full = (time.perf_counter() - t0) / n
    lib.close()
    print(f"one small write transaction (synchronous=FULL, WAL): {full * 1000:.2f} ms")
    assert full < 0.1  # well under a frame budget on any disk Gloss should run from


def test_newer_library_is_refused_and_left_untouched(db_path):
    open_library(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(LibraryError, match="newer version of Gloss"):
        open_library(db_path)
    assert db_path.read_bytes() == before
    assert not list_backups(db_path)


def _with_extra_migration(monkeypatch, fn):
    """A Gloss one format newer: the real migrations, then ``fn``, which sets the new version."""
    extra = Migrations("gloss")
    for m in migrations._migrations:
        extra(name=m.name)(m.fn)

    def newest(db):
        fn(db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")

    extra(name="m999_test")(newest)
    monkeypatch.setattr(schemamod, "migrations", extra)
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)


def test_migration_takes_a_verified_backup_first(db_path, monkeypatch):
    lib = open_library(db_path)
    lib.set_setting("before", "kept")
    lib.close()

    def m002(db):
        db["settings"].insert({"key": "migrated", "value": "yes"})

    _with_extra_migration(monkeypatch, m002)
    lib = open_library(db_path)
    assert lib.setting("migrated") == "yes"
    lib.close()
    ((backup, _when),) = list_backups(db_path)
    assert "premigration" in backup.name
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT value FROM settings WHERE key='before'").fetchone()[0] == "kept"
    assert conn.execute("SELECT count(*) FROM settings WHERE key='migrated'").fetchone()[0] == 0
    conn.close()


def test_failed_migration_changes_nothing(db_path, monkeypatch):
    lib = open_library(db_path)
    lib.set_setting("before", "kept")
    lib.close()

    def m002(db):
        db["settings"].insert({"key": "half", "value": "done"})
        raise RuntimeError("migration bug")

    _with_extra_migration(monkeypatch, m002)
    with pytest.raises(RuntimeError):
        open_library(db_path)
    monkeypatch.undo()
    lib = open_library(db_path)
    assert lib.setting("before") == "kept" and lib.setting("half") == ""
    lib.close()


def test_schema_version_is_what_the_newest_migration_writes(db_path):
    """Opening skips the migration check when ``user_version`` is current: so every migration must
    end by setting it, and the newest must set ``SCHEMA_VERSION``."""
    lib = open_library(db_path)
    assert lib.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert not migrations.pending(lib.db)
    assert len(migrations._migrations) == SCHEMA_VERSION  # one version per migration
    lib.close()


def test_a_current_library_opens_without_sqlite_utils(db_path):
    """Start-up reads the library through its sqlite3 connection: sqlite-utils (~60 ms) is imported
    only when something first needs ``Library.db``."""
    import subprocess
    import sys

    from desktop.store.imports import ensure_sample

    lib = open_library(db_path)
    article_id = ensure_sample(lib)  # the first start imports the sample
    lib.close()
    code = ("import sys; from desktop.store import open_library; from desktop.store.articles import "
            "get_article, last_article, list_articles, mark_opened, reading_position; "
            "from desktop.store.imports import ensure_sample; "
            f"lib = open_library({str(db_path)!r}); ensure_sample(lib); list_articles(lib); "
            f"get_article(lib, {article_id}); reading_position(lib, {article_id}); "
            f"mark_opened(lib, {article_id}); assert last_article(lib) == {article_id}; "
            "lib.set_setting('k', 'v'); lib.close(); print('sqlite_utils' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[-1] == "False"


def test_new_library_needs_no_backup(db_path):
    open_library(db_path).close()
    assert list_backups(db_path) == []


def test_folder_instead_of_file(tmp_path):
    with pytest.raises(LibraryError, match="folder"):
        open_library(tmp_path)


def test_in_memory_library_still_works():
    lib = open_library(None)
    lib.set_setting("a", "b")
    assert lib.setting("a") == "b"
    lib.close()


def test_a_log_left_by_a_killed_writer_is_recovered_not_refused(tmp_path):
    """A write-ahead log without its index (the writer died) needs recovery, which a read-only check
    cannot do: the library still opens, with the logged write in it."""
    import shutil

    from desktop.store import open_library

    src = tmp_path / "a" / "library.sqlite"
    lib = open_library(src)
    lib.db.conn.execute("PRAGMA wal_autocheckpoint = 0")
    lib.set_setting("acknowledged", "yes")
    dst = tmp_path / "b" / "library.sqlite"
    dst.parent.mkdir()
    shutil.copy(src, dst)
    shutil.copy(src.with_name("library.sqlite-wal"), dst.with_name("library.sqlite-wal"))
    # The log's index as a writer killed mid-update leaves it: present, its header invalid.
    shm = src.with_name("library.sqlite-shm").read_bytes()
    dst.with_name("library.sqlite-shm").write_bytes(bytes(136) + shm[136:])
    lib.db.conn.close()
    again = open_library(dst)
    assert again.notice is None
    assert again.setting("acknowledged") == "yes"
    assert again.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again.close()


def test_m004_moves_article_text_into_passages_after_a_backup(db_path):
    """A library from before passages: its articles are searchable by passage after the upgrade."""
    from sqlite_utils import Database

    from desktop.store.search import search

    old = Migrations("gloss")
    for m in migrations._migrations[:3]:
        old(name=m.name)(m.fn)
    conn = sqlite3.connect(db_path, isolation_level=None)
    db = Database(conn)
    old.apply(db)
    body = "\n".join(f"Paragraph {i} about the quay." for i in range(300)) + "\nThe zeppelin landed."
    db["articles"].insert({"title": "Old article", "text": body, "content_hash": "x" * 64,
                           "blocks": "[]", "added": "2024-01-01T00:00:00Z"})
    conn.close()
    lib = open_library(db_path)
    assert lib.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    ((backup, _when),) = list_backups(db_path)
    assert "premigration" in backup.name
    (hit,) = search(lib, "zeppelin")
    assert body[hit["start"]:hit["end"]] == "zeppelin"
    columns = [r[1] for r in lib.conn.execute("PRAGMA table_info(articles_fts)")]
    assert "text" not in columns  # the text is indexed once, in passages
    assert [r["article"] for r in search(lib, '"old article"')] == [1]
    assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    lib.close()
