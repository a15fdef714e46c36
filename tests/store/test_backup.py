"""Backups: verified copies by the backup API, change detection, rotation, restore (never deleting)."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

import pytest

import desktop.store.backup as backup
from desktop.store import open_library
from desktop.store.backup import (BackupError, backup_dir, backup_if_changed, list_backups, make_backup,
                                  restore_backup, rotate)


def _settings(path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT key, value FROM settings").fetchall())
    finally:
        conn.close()


@pytest.fixture
def lib(db_path):
    library = open_library(db_path)
    library.set_setting("note", "first")
    yield library
    library.close()


def test_backup_is_a_verified_self_contained_copy(lib, db_path):
    path = make_backup(lib)
    assert path.parent == backup_dir(db_path) == db_path.parent / "backups"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # no -wal needed beside it
    conn.close()
    assert _settings(path)["note"] == "first"
    assert [p for p, _ in list_backups(db_path)] == [path]
    assert not list(backup_dir(db_path).glob("*.tmp"))


def test_backup_never_contains_an_uncommitted_transaction(lib, db_path):
    with lib.write() as db:
        db["settings"].insert({"key": "pending", "value": "not yet"})
        path = make_backup(lib)  # e.g. the GUI's timer firing on a worker thread mid-write
    assert "pending" not in _settings(path)
    assert lib.setting("pending") == "not yet"


def test_backup_if_changed(lib, db_path):
    first = backup_if_changed(lib)  # no backup yet: make one
    assert first is not None
    assert backup_if_changed(lib) is None  # nothing changed
    lib.set_setting("note", "second")
    second = backup_if_changed(lib)
    assert second is not None and _settings(second)["note"] == "second"
    assert backup_if_changed(lib) is None
    other = open_library(db_path)  # another window or process writes: PRAGMA data_version moves
    other.set_setting("note", "third")
    other.close()
    third = backup_if_changed(lib)
    assert third is not None and _settings(third)["note"] == "third"
    assert [p for p, _ in list_backups(db_path)] == [third, second, first]


def test_list_backups_newest_first_with_times(lib, db_path):
    made = [make_backup(lib) for _ in range(3)]
    listed = list_backups(db_path)
    assert [p for p, _ in listed] == made[::-1]
    times = [when for _, when in listed]
    assert times == sorted(times, reverse=True)
    assert all(when.tzinfo is not None for when in times)
    assert abs((dt.datetime.now().astimezone() - times[0]).total_seconds()) < 60
    # Other files in the folder, and another library's backups beside it, are not listed.
    (backup_dir(db_path) / "notes.txt").write_text("x")
    shutil.copy(made[0], backup_dir(db_path) / "library-old-20200101T000000000000Z.sqlite")
    assert len(list_backups(db_path)) == 3


def _fake(db_path, source, when: dt.datetime, reason: str = ""):
    utc = when.astimezone(dt.timezone.utc)
    name = f"{db_path.stem}-{utc:%Y%m%dT%H%M%S}{utc.microsecond:06d}Z" + (f"-{reason}" if reason else "") + ".sqlite"
    target = backup_dir(db_path) / name
    shutil.copy(source, target)
    return target


def test_rotation_keeps_newest_five_one_per_day_for_a_week_and_last_premigration(lib, db_path):
    real = make_backup(lib)
    now = dict(list_backups(db_path))[real].astimezone()  # the real backup's own time: the newest
    # eight more from today, a minute apart, or closer just after midnight (all on today's date)
    step = min(dt.timedelta(minutes=1), (now - now.replace(hour=0, minute=0, second=0, microsecond=0)) / 10)
    today_many = [_fake(db_path, real, now - step * m) for m in range(1, 9)]
    days = {d: [_fake(db_path, real, now.replace(hour=12) - dt.timedelta(days=d, minutes=m)) for m in (0, 30)]
            for d in range(1, 12)}
    old_pre = _fake(db_path, real, now - dt.timedelta(days=40), "premigration")
    older_pre = _fake(db_path, real, now - dt.timedelta(days=50), "premigration")
    rotate(db_path)
    kept = {p for p, _ in list_backups(db_path)}
    assert real in kept and set(today_many[:4]) <= kept and not set(today_many[4:]) & kept
    for d in range(1, 7):
        assert days[d][0] in kept and days[d][1] not in kept  # the newest of each of the last 7 days
    for d in range(7, 12):
        assert not set(days[d]) & kept
    assert old_pre in kept and older_pre not in kept
    assert len(kept) == 5 + 6 + 1


def test_failed_verification_keeps_older_backups(lib, db_path, monkeypatch):
    older = [make_backup(lib) for _ in range(6)]
    survivors = {p for p, _ in list_backups(db_path)}
    assert len(survivors) == 5 and older[0] not in survivors
    monkeypatch.setattr(backup, "verify_file", lambda path: "*** in database main *** Page 3: btree damaged")
    with pytest.raises(BackupError, match="failed verification"):
        make_backup(lib)
    assert {p for p, _ in list_backups(db_path)} == survivors  # nothing rotated out
    assert not list(backup_dir(db_path).glob(".*.tmp"))


def test_restore_moves_the_current_file_aside(lib, db_path):
    old = make_backup(lib)
    lib.set_setting("note", "later")
    lib.close()
    current = db_path.read_bytes()
    moved = restore_backup(db_path, old)
    assert moved is not None and moved.read_bytes() == current and moved.parent == db_path.parent
    assert "replaced" in moved.name
    reopened = open_library(db_path)
    assert reopened.setting("note") == "first" and reopened.notice is None
    reopened.close()
    assert old.exists()  # the backup itself stays


def test_restore_refuses_a_damaged_backup(lib, db_path):
    bad = make_backup(lib)
    data = bytearray(bad.read_bytes())
    data[4096:8192] = b"\xde\xad" * 2048
    bad.write_bytes(bytes(data))
    lib.close()
    before = db_path.read_bytes()
    with pytest.raises(BackupError, match="damaged"):
        restore_backup(db_path, bad)
    assert db_path.read_bytes() == before


def test_in_memory_library_has_no_backups():
    lib = open_library(None)
    assert backup_if_changed(lib) is None
    lib.close()


def test_a_failed_backup_is_described_for_the_window(lib, db_path):
    error = BackupError("The backup of library.sqlite could not be made (disk I/O error).")
    assert backup.failure_notice(db_path, error) == ("The backup of library.sqlite could not be made (disk I/O "
                                                     "error). Your library itself is unchanged; there is no "
                                                     "backup of it yet.")
    made = make_backup(lib)
    when = list_backups(db_path)[0][1]
    notice = backup.failure_notice(db_path, error)
    assert notice.endswith(f"the newest backup is from {when.day} {when:%B %Y, %H:%M}.") and made.exists()
    assert "\n" not in notice
