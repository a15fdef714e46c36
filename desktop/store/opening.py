"""The open-time check of a library file: damaged, empty or lost, in use elsewhere, newer; and the
connection with Gloss's pragmas.

All of it runs under the library's lock file, so a second process never checks a file while a
first is moving it aside. Nothing is moved or replaced while anyone else has the file open
(``files.held_elsewhere``: another Gloss's open mark, or SQLite's own locks held by another
process), damage is checked twice, a moment apart, before anything is moved, and a library whose
write-ahead log was deleted under a live writer is not touched at all: that writer still holds
the acknowledged writes and copies them back when it closes.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import NamedTuple

from .files import (SQLITE_BUSY, SQLITE_LOCKED, LibraryError, LibraryNotWritable, OpenMark, check_connection, describe_damage, file_lock,
                    held_elsewhere, is_damage, lock_path, not_writable, wal_deleted_under_writer)
from .format import BUSY_TIMEOUT_S, SCHEMA_VERSION

CHECK_AFTER_CONNECT = -1


class Damaged(Exception):
    """Raised inside the open-time check when the file is damaged."""


def _check_file(path: Path) -> int:
    """Check an existing library through a read-only connection; return its ``user_version``.

    Read-only, so a damaged file and its write-ahead log are left exactly as found: closing a
    read-write connection would checkpoint the log into the damaged file and delete it.
    """
    if not path.exists() or path.stat().st_size == 0:
        return 0
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S,
                           isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        problem = check_connection(conn)
    except sqlite3.OperationalError as exc:
        if "readonly" not in str(exc).lower():
            raise
        # A write-ahead log left by a process that was killed needs recovering, which a
        # read-only connection cannot do: check through the read-write connection instead.
        return CHECK_AFTER_CONNECT
    finally:
        conn.close()
    if problem:
        raise Damaged(problem)
    return version


def refuse_newer(path: Path | None, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise LibraryError(
            f"{path} was written by a newer version of Gloss (library format {version}, this one "
            f"reads up to {SCHEMA_VERSION}); update Gloss to open it. The file was not changed."
        )


def connect(path: Path | None) -> sqlite3.Connection:
    """A connection with Gloss's pragmas, checked for damage and refused if from a newer Gloss."""
    version = _check_file(path) if path is not None else 0
    refuse_newer(path, version)
    target = ":memory:" if path is None else str(path)
    # isolation_level=None: no implicit BEGIN; writes happen only inside Library.write().
    conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, check_same_thread=False, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if version == CHECK_AFTER_CONNECT:
            problem = check_connection(conn)
            if problem:
                raise Damaged(problem)
            refuse_newer(path, conn.execute("PRAGMA user_version").fetchone()[0])
        conn.execute("PRAGMA foreign_keys = ON")
        if path is not None:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise LibraryError(f"{path}: the library cannot use write-ahead logging here ({mode}).")
        conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def _lost(path: Path) -> str | None:
    """"missing" or "empty (0 bytes)" for a library file that holds nothing, else None (a 0-byte
    file whose write-ahead log holds pages is a library SQLite recovers, not an empty one)."""
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.stat().st_size > 0:
            return None
    except OSError:
        pass
    if not path.exists():
        return "missing"
    return "empty (0 bytes)" if path.stat().st_size == 0 else None


class Opened(NamedTuple):
    conn: sqlite3.Connection
    notice: str | None  # for the user, once: restored from a backup, opened read-only, ...
    mark: OpenMark  # held while the library is open
    refusal: LibraryNotWritable | None  # set when the library could only be opened read-only


def open_checked(p: Path, recover: bool) -> Opened:
    """Check, recover if damaged or lost, and connect (see the module docstring). A library that
    cannot be written (a full disk, a read-only file or folder) but can be read is opened
    read-only, with a notice saying so and ``refusal`` for every write."""
    with file_lock(lock_path(p)):
        try:
            conn, notice = _open_locked(p, recover)
            refusal = write_refusal(conn, p)
            if refusal is not None:
                conn.execute("PRAGMA query_only = ON")
        except _Unwritable as exc:
            conn, notice, refusal = _read_only(p, exc.refusal), None, exc.refusal
        if refusal is not None:
            notice = " ".join(filter(None, [notice, f"{refusal.what}: Gloss opened the library read-only "
                                             "(reading, searching and exporting work; changes cannot be saved)."]))
        return Opened(conn, notice, OpenMark(p), refusal)


def write_refusal(conn: sqlite3.Connection, path: Path | None) -> LibraryNotWritable | None:
    """Why a write would be refused (a read-only file or folder), found by starting a write and
    rolling it back; never waits for another writer (busy means writable). A full disk shows
    only when a write needs room: then the write itself is refused."""
    if conn.in_transaction:
        return None
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("BEGIN IMMEDIATE")
        try:
            # A write that changes nothing: on a file only readable (a read-only mount with its log
            # already beside it) the transaction starts and only a write says no.
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'settings'").fetchone():
                conn.execute("UPDATE settings SET value = value WHERE 0")
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.DatabaseError as exc:
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED):
            return None
        return not_writable(path, exc)
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return None


class _Unwritable(Exception):
    def __init__(self, refusal: LibraryNotWritable) -> None:
        super().__init__(str(refusal))
        self.refusal = refusal


def _read_only(p: Path, refusal: LibraryNotWritable) -> sqlite3.Connection:
    """A read-only connection to a library that cannot be written: through SQLite's locks if its
    log index can be made, else (nothing logged beside it, so nobody is writing) the file as it is."""
    wal = p.with_name(p.name + "-wal")
    logged = wal.exists() and wal.stat().st_size > 0
    for query in ("mode=ro",) + (() if logged else ("immutable=1",)):
        conn = None
        try:
            conn = sqlite3.connect(p.resolve().as_uri() + "?" + query, uri=True, timeout=BUSY_TIMEOUT_S,
                                   check_same_thread=False, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            problem = check_connection(conn)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError:
            if conn is not None:
                conn.close()
            continue
        if problem:
            conn.close()
            raise LibraryError(f"{p} is damaged ({problem}) and cannot be repaired: {refusal}")
        if version != SCHEMA_VERSION:
            conn.close()
            refuse_newer(p, version)
            raise LibraryError(f"{p} needs upgrading to this Gloss's format, which needs it writable: {refusal}")
        conn.execute("PRAGMA query_only = ON")
        return conn
    raise LibraryError(f"{p} cannot be opened: {refusal}")


def _backups(p: Path) -> list:
    from .backup import list_backups  # (only for a library that is lost: not on every start)

    return list_backups(p)


def _open_locked(p: Path, recover: bool) -> tuple[sqlite3.Connection, str | None]:
    writer = wal_deleted_under_writer(p)
    if writer:
        raise LibraryError(
            f"The write-ahead log of {p.name} ({p.name}-wal) was deleted while {writer} has the library "
            "open; nothing was changed. Close that (it writes its changes back as it closes), then try again.")
    lost = _lost(p)
    if lost and recover and _backups(p) and not held_elsewhere(p):
        from .recovery import restore_lost

        notice = restore_lost(p, lost) or (f"The library {p.name} was {lost} and none of its backups could be "
                                           "restored; a new, empty library was started.")
        return connect(p), notice
    try:
        return connect(p), None
    except Damaged as exc:
        problem = str(exc)
    except sqlite3.DatabaseError as exc:
        refusal = not_writable(p, exc) if p.exists() else None
        if refusal is not None:
            raise _Unwritable(refusal) from None
        if not is_damage(exc):
            raise LibraryError(f"{p} cannot be opened ({describe_damage(exc)}).") from None
        problem = describe_damage(exc)
    if not recover:
        raise LibraryError(f"{p} is damaged ({problem}).")
    holder = held_elsewhere(p)
    if holder:
        raise LibraryError(f"{p.name} looks damaged ({problem}), but {holder} has it open, so it was left "
                           "as it is; close that, then open the library again.")
    from .recovery import recover_damaged

    notice = recover_damaged(p, problem)
    try:
        return connect(p), notice
    except (Damaged, sqlite3.DatabaseError) as exc:
        raise LibraryError(f"{p} is damaged and could not be recovered ({exc}).") from None
