"""The library file on disk: recognising damage, moving a file aside (never deleting), the locks
between processes, where backups live. Imports nothing of the store's."""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sqlite3
import threading
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


def backup_dir(library_path: str | os.PathLike[str]) -> Path:
    return Path(library_path).parent / "backups"


def lock_path(library_path: str | os.PathLike[str]) -> Path:
    """The file that serialises recovery and restore between processes."""
    folder = backup_dir(library_path)
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    return folder / f".{Path(library_path).name}.lock"


# -- keeping the library's locks ------------------------------------------------------------------
# SQLite (unix) tells whether a connection is the last one on a file from POSIX locks: a SHARED read
# lock on the database file's "shared" bytes, and a read lock on the -shm file's "DMS" byte. POSIX
# drops every lock a process holds on a file as soon as anything in the process closes any
# descriptor of that file: a file dialog listing the library's folder opens it (and its -shm) to
# guess their types, and the app's locks are gone. The next process to close the library then
# believes it was alone: it deletes the write-ahead log and the -shm under the app, whose later
# writes go to the deleted log (no other process sees them) and whose next connection (a backup)
# fails with "disk I/O error". Open-file-description locks (Linux) on the same bytes are not dropped
# that way, and conflict with POSIX locks: while a library is open here, no other process can take
# the exclusive lock that deleting the log needs, nor reset the -shm.
_SHARED_FIRST, _SHARED_SIZE = 0x40000002, 510  # sqlite3 os_unix.c: PENDING_BYTE + 2, 510 bytes
_SHM_DMS = 128  # the -shm's dead-man-switch byte: (22 + 8) * 4 + 8
_keepers: dict[tuple[int, int], list] = {}  # (st_dev, st_ino) -> [holders, descriptors]
_keepers_lock = threading.Lock()


def _ofd_read_lock(path: Path, start: int, length: int) -> int | None:
    """A descriptor of ``path`` holding an open-file-description read lock on the bytes, or None."""
    import fcntl
    import struct

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        fcntl.fcntl(fd, fcntl.F_OFD_SETLK, struct.pack("hhqqi4x", fcntl.F_RDLCK, os.SEEK_SET, start, length, 0))
    except OSError:
        os.close(fd)
        return None
    return fd


def keep_locks(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """Hold read locks on a library open in this process (see above); one set per file, counted,
    so a second connection here shares it. Returns the key for ``release_locks``, or None where
    the platform has no such locks (Windows locks differently; macOS has no OFD locks)."""
    try:
        import fcntl
    except ImportError:
        return None
    if not hasattr(fcntl, "F_OFD_SETLK"):
        return None
    path = Path(path)
    try:
        st = path.stat()
    except OSError:
        return None
    key = (st.st_dev, st.st_ino)
    with _keepers_lock:
        held = _keepers.get(key)
        if held is None:
            fds = [fd for fd in (_ofd_read_lock(path, _SHARED_FIRST, _SHARED_SIZE),
                                 _ofd_read_lock(path.with_name(path.name + "-shm"), _SHM_DMS, 1)) if fd is not None]
            held = _keepers[key] = [0, fds]
        held[0] += 1
    return key


def release_locks(key: tuple[int, int] | None) -> None:
    """Give back what ``keep_locks`` returned; the last holder closes the descriptors. (Closing
    them drops this process's POSIX locks on the file too: do it just before the last connection
    closes.)"""
    if key is None:
        return
    with _keepers_lock:
        held = _keepers.get(key)
        if held is None:
            return
        held[0] -= 1
        if held[0] > 0:
            return
        del _keepers[key]
    for fd in held[1]:
        with contextlib.suppress(OSError):
            os.close(fd)
