"""Damaged libraries, damaged for real: overwritten headers, truncation, garbage pages, zeroed runs.

Every case: the damaged file (with its -wal and -shm) is moved aside byte for byte, never deleted;
the newest good backup is restored and the notice says from when; with no backup, a new empty
library starts and the notice says so plainly.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import threading

import pytest

from desktop.store import open_library
from desktop.store.backup import backup_dir, list_backups, make_backup
from desktop.store.db import LibraryError
from desktop.store.files import is_damage

PAGE = 4096


def _build(db_path, notes: int = 300):
    """A library with real content spread over many pages, closed cleanly."""
    lib = open_library(db_path)
    for i in range(notes):
        with lib.write() as db:
            db["settings"].insert({"key": f"note-{i}", "value": f"margin note {i} " * 20})
    lib.close()


def _header(data: bytearray) -> None:
    data[0:16] = b"NOT SQLITE AT AL"


def _header_fields(data: bytearray) -> None:
    data[16:100] = bytes(random.Random(1).randrange(256) for _ in range(84))


def _truncate_half(data: bytearray) -> None:
    del data[len(data) // 2:]


def _truncate_partial_page(data: bytearray) -> None:
    del data[PAGE * 3 + 100:]


def _garbage_pages(data: bytearray) -> None:
    rng = random.Random(2)
    pages = len(data) // PAGE
    for page in rng.sample(range(1, pages), max(3, pages // 4)):
        data[page * PAGE:(page + 1) * PAGE] = rng.randbytes(PAGE)


def _schema_page(data: bytearray) -> None:
    data[100:PAGE] = random.Random(3).randbytes(PAGE - 100)  # page 1 after the header: sqlite_master


def _zero_run(data: bytearray) -> None:
    data[PAGE:PAGE * 6] = bytes(PAGE * 5)


def _all_garbage(data: bytearray) -> None:
    data[:] = random.Random(4).randbytes(len(data))


DAMAGE = {
    "header": _header, "header-fields": _header_fields, "truncated-half": _truncate_half,
    "truncated-mid-page": _truncate_partial_page, "garbage-pages": _garbage_pages,
    "schema-page": _schema_page, "zeroed-pages": _zero_run, "all-garbage": _all_garbage,
}


def _damage(path, how) -> bytes:
    data = bytearray(path.read_bytes())
    DAMAGE[how](data)
    path.write_bytes(bytes(data))
    return bytes(data)


def _aside(db_path):
    return sorted(p for p in db_path.parent.iterdir()
                  if ".damaged-" in p.name and not p.name.endswith(("-wal", "-shm", "-journal")))


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_damaged_library_is_moved_aside_and_the_backup_restored(db_path, how):
    _build(db_path)
    lib = open_library(db_path)
    lib.set_setting("backed-up", "yes")
    taken = make_backup(lib)
    lib.set_setting("after-backup", "only in the damaged copy")
    lib.close()
    damaged = _damage(db_path, how)

    lib = open_library(db_path)
    (when,) = [w for p, w in list_backups(db_path) if p == taken]
    assert lib.notice and "damaged" in lib.notice and f"{when:%Y-%m-%d %H:%M}" in lib.notice
    assert "\n" not in lib.notice
    assert lib.setting("backed-up") == "yes" and lib.setting("note-299").startswith("margin note 299")
    assert lib.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    lib.set_setting("works", "again")
    lib.close()
    (aside,) = _aside(db_path)
    assert aside.read_bytes() == damaged  # moved, not rewritten
    assert taken.exists()


@pytest.mark.parametrize("how", ["header", "garbage-pages", "truncated-half"])
def test_damaged_library_without_backup_starts_fresh_beside_it(db_path, how):
    _build(db_path)
    damaged = _damage(db_path, how)
    lib = open_library(db_path)
    assert lib.notice and "no backup" in lib.notice and "new, empty library" in lib.notice
    assert lib.db.execute("SELECT count(*) FROM settings WHERE key LIKE 'note-%'").fetchone()[0] == 0
    lib.close()
    (aside,) = _aside(db_path)
    assert aside.read_bytes() == damaged
    assert open_library(db_path).notice is None  # the fresh library is fine next time


def test_wal_and_shm_move_with_the_damaged_file(tmp_path):
    live = tmp_path / "live" / "library.sqlite"
    _build(live, notes=20)
    lib = open_library(live)
    lib.db.conn.execute("PRAGMA wal_autocheckpoint = 0")
    for i in range(50):
        lib.set_setting(f"unsaved-{i}", "in the wal")
    victim = tmp_path / "victim" / "library.sqlite"
    victim.parent.mkdir()
    for suffix in ("", "-wal", "-shm"):  # the files as a crash would leave them
        shutil.copy(live.with_name(live.name + suffix), victim.with_name(victim.name + suffix))
    lib.close()
    wal_bytes = victim.with_name(victim.name + "-wal").read_bytes()
    assert len(wal_bytes) > 0
    _damage(victim, "garbage-pages")  # (a damaged header alone is healed by page 1 in the WAL)
    reopened = open_library(victim)
    assert "no backup" in reopened.notice
    reopened.close()
    (aside,) = _aside(victim)
    assert aside.with_name(aside.name + "-wal").read_bytes() == wal_bytes
    assert aside.with_name(aside.name + "-shm").exists()


def test_a_damaged_backup_is_skipped_for_an_older_good_one(db_path):
    _build(db_path, notes=10)
    lib = open_library(db_path)
    lib.set_setting("version", "older")
    good = make_backup(lib)
    lib.set_setting("version", "newer")
    bad = make_backup(lib)
    lib.close()
    _damage(bad, "garbage-pages")
    _damage(db_path, "header")
    lib = open_library(db_path)
    assert lib.setting("version") == "older"
    (when,) = [w for p, w in list_backups(db_path) if p == good]
    assert f"{when:%Y-%m-%d %H:%M}" in lib.notice
    lib.close()


def test_recover_false_refuses_instead(db_path):
    _build(db_path, notes=5)
    _damage(db_path, "header")
    with pytest.raises(LibraryError, match="damaged"):
        open_library(db_path, recover=False)
    assert not _aside(db_path)


def test_locked_is_not_damage():
    assert not is_damage(sqlite3.OperationalError("database is locked"))
    assert is_damage(sqlite3.DatabaseError("file is not a database"))
    assert is_damage(sqlite3.DatabaseError("database disk image is malformed"))


def test_a_busy_library_is_not_mistaken_for_a_damaged_one(db_path):
    _build(db_path, notes=5)
    holder = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another process mid-write
    holder.execute("INSERT INTO settings VALUES ('x', 'y')")
    lib = open_library(db_path)
    assert lib.notice is None and not _aside(db_path)
    timer = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    timer.start()
    lib.set_setting("waited", "for the other writer")  # waits for the lock instead of failing
    timer.join()
    assert lib.setting("x") == "y"
    lib.close()
    holder.close()


RECOVER = r"""
import sys
from desktop.store import open_library
lib = open_library(sys.argv[1])
print(repr(lib.notice)); print(lib.setting("backed-up"))
lib.close()
"""


def test_two_processes_opening_one_damaged_library_recover_it_once(db_path):
    _build(db_path, notes=50)
    lib = open_library(db_path)
    lib.set_setting("backed-up", "yes")
    make_backup(lib)
    lib.close()
    _damage(db_path, "garbage-pages")
    procs = [subprocess.Popen([sys.executable, "-c", RECOVER, str(db_path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    assert all(o[0].splitlines()[1] == "yes" for o in outs)
    assert sum(o[0].startswith("'The library") for o in outs) == 1  # one process recovered, told once
    assert len(_aside(db_path)) == 1
    assert len(list(backup_dir(db_path).glob("*.sqlite"))) == 1
