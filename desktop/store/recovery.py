"""A damaged library: recognising damage, moving the file aside (never deleting), restoring a backup."""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sqlite3
from pathlib import Path
from typing import Iterator

from ..core.export.atomic import fsync_dir

SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26
SIDE_FILES = ("-wal", "-shm", "-journal")
_DAMAGE_WORDS = ("malformed", "not a database", "file is encrypted", "corrupt")


def is_damage(exc: BaseException) -> bool:
    """Whether an sqlite3 error means the file is damaged (not: locked, read-only, missing, ...)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return True
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower():
        return False
    return isinstance(exc, sqlite3.DatabaseError) and any(w in str(exc).lower() for w in _DAMAGE_WORDS)


def describe_damage(exc: BaseException) -> str:
    return _one_line([str(exc).strip().rstrip(".")]) if str(exc).strip() else type(exc).__name__


def _one_line(rows: list) -> str:
    """SQLite's check messages, shortened to one line fit for a dialog."""
    text = " ".join(str(r) for r in rows).replace("*** in database main ***", " ")
    text = " ".join(text.split())
    return (text[:117] + "...") if len(text) > 120 else (text or "the integrity check failed")


def check_connection(conn: sqlite3.Connection) -> str | None:
    """``PRAGMA quick_check`` on an open connection: ``None`` if fine, else what is wrong (one line).

    Raises ``sqlite3.DatabaseError`` when the file cannot even be read as a database.
    """
    rows = [r[0] for r in conn.execute("PRAGMA quick_check(3)").fetchall()]
    return None if rows == ["ok"] else _one_line(rows)


def verify_file(path: Path, *, full: bool = True) -> str | None:
    """Check a database file without changing it: ``None`` if sound, else the problem."""
    try:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=5, isolation_level=None)
    except sqlite3.Error as exc:
        return describe_damage(exc)
    try:
        pragma = "integrity_check(3)" if full else "quick_check(3)"
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
        if not conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            return "empty"
        return None if rows == ["ok"] else _one_line(rows)
    except sqlite3.Error as exc:
        return describe_damage(exc)
    finally:
        conn.close()


def _stamp() -> str:
    return _dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def move_aside(path: Path, label: str) -> Path | None:
    """Rename ``path`` (with its -wal/-shm) to ``NAME.LABEL-YYYYmmdd-HHMMSS``; never overwrites.

    Returns the new name of the main file, or ``None`` if there was nothing to move.
    """
    path = Path(path)
    base = f"{path.name}.{label}-{_stamp()}"
    target = path.with_name(base)
    n = 1
    while any(path.with_name(target.name + s).exists() for s in ("",) + SIDE_FILES):
        n += 1
        target = path.with_name(f"{base}-{n}")
    moved = None
    for suffix in ("",) + SIDE_FILES:
        src = path.with_name(path.name + suffix)
        if src.exists():
            os.replace(src, target.with_name(target.name + suffix))
            if not suffix:
                moved = target
    fsync_dir(path.parent)
    return moved


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes on ``path`` (created if needed), held for the block.

    Where the lock file cannot be created (a read-only folder), the block runs unlocked.
    """
    try:
        fh = open(path, "a+b")
    except OSError:
        yield
        return
    try:
        if os.name == "nt":
            import msvcrt

            while True:
                try:
                    msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    continue
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        yield
    finally:
        fh.close()  # closing releases the lock


def _still_damaged(path: Path) -> str | None:
    """Re-check under the lock: another process may have recovered the file meanwhile."""
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=5, isolation_level=None)
    except sqlite3.Error as exc:
        return describe_damage(exc)
    try:
        conn.execute("PRAGMA user_version").fetchone()
        return check_connection(conn)
    except sqlite3.DatabaseError as exc:
        return describe_damage(exc) if is_damage(exc) else None
    finally:
        conn.close()


def recover_damaged(path: Path, problem: str) -> str | None:
    """Move a damaged library aside and restore the newest good backup; returns the notice.

    With no good backup, a new empty library will start in its place (the caller creates it);
    the notice says so. ``None`` if the file turns out sound after all. The caller holds the
    library's lock file (``backup.lock_path``).
    """
    from .backup import install_copy, list_backups

    path = Path(path)
    if _still_damaged(path) is None:
        return None
    moved = move_aside(path, "damaged")
    aside = moved.name if moved else "(nothing to move)"
    for backup_path, when in list_backups(path):
        if verify_file(backup_path) is None:
            install_copy(backup_path, path)
            return (f"The library {path.name} was damaged ({problem}). It was moved aside as {aside} "
                    f"and your backup from {when:%Y-%m-%d %H:%M} was restored; "
                    f"anything changed after that is only in the damaged copy.")
    return (f"The library {path.name} was damaged ({problem}) and there is no backup to restore. "
            f"It was moved aside as {aside} and a new, empty library was started.")
