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

from ..core.errors import GlossError
from ..core.export.atomic import fsync_dir

SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
SIDE_FILES = ("-wal", "-shm", "-journal")
_DAMAGE_WORDS = ("malformed", "not a database", "file is encrypted", "corrupt")


class LibraryError(GlossError):
    """The library file cannot be used: newer version, damaged, not a database, not writable."""


class LibraryNotWritable(LibraryError):
    """A write the library's disk or file refused: ``reason`` is "full", "read-only" or "io",
    ``what`` the problem in a few words. Nothing of that operation was saved; reading goes on
    (the GUI can carry on read-only)."""

    def __init__(self, what: str, advice: str, reason: str) -> None:
        super().__init__(f"{what}: nothing was saved. {advice}")
        self.what, self.reason = what, reason


def _disk_full(path: Path | None) -> bool:
    """Whether the library's disk has (next to) no room left: SQLite reports a log index it could
    not make room for as an I/O error, not as a full disk."""
    import shutil

    try:
        return path is not None and shutil.disk_usage(Path(path).parent).free < 256 * 1024
    except OSError:
        return False


def not_writable(path: Path | None, exc: BaseException) -> LibraryNotWritable | None:
    """The one-line ``LibraryNotWritable`` for an sqlite3 error that means the write cannot be
    done (disk full, read-only file or folder, a failed write), or None for any other error."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(exc).lower()
    name = Path(path).name if path is not None else "the library"
    if code == SQLITE_FULL or "disk is full" in text or (code == SQLITE_IOERR and _disk_full(path)):
        return LibraryNotWritable(f"The disk holding {name} is full",
                                  "Free some space, then try again (what was saved before is safe).", "full")
    if code == SQLITE_READONLY or "readonly" in text or "read-only" in text:
        return LibraryNotWritable(f"{name} is read-only here",
                                  "To change anything, make the file and its folder writable.", "read-only")
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN) or "disk i/o error" in text:
        return LibraryNotWritable(f"{name} could not be written ({describe_damage(exc)})",
                                  "Check the disk, then try again.", "io")
    return None


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


class OpenMark:
    """A shared lock held by every open library on ``open_mark_path`` for as long as it is open, so
    that no process moves aside or replaces a file another one is using (``held_elsewhere``)."""

    def __init__(self, library_path: Path) -> None:
        self._fh = None
        if os.name != "posix":
            return
        import fcntl

        try:
            fh = open(open_mark_path(library_path), "a+b")
        except OSError:
            return
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:  # someone holds it exclusively just now (recovering): do without
            fh.close()
            return
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def held_elsewhere(library_path: Path) -> str | None:
    """Who else has the library open, or None: another ``Library`` (in any process, this one too)
    holding its ``OpenMark``, or another process holding SQLite's own locks on the file or its
    write-ahead log index (``/proc/locks``, on Linux: the sqlite3 shell, an older Gloss...)."""
    if os.name != "posix":
        return None
    import fcntl

    try:
        with open(open_mark_path(library_path), "a+b") as fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return "another Gloss window or command"
    except OSError:
        pass
    pid = _sqlite_lock_holder(library_path)
    return f"process {pid}" if pid else None


def _sqlite_lock_holder(library_path: Path) -> int | None:
    """The id of another process holding a POSIX lock on the library file or its -shm/-wal."""
    inodes = set()
    for suffix in ("", "-shm", "-wal"):
        with contextlib.suppress(OSError):
            st = os.stat(str(library_path) + suffix)
            inodes.add((os.major(st.st_dev), os.minor(st.st_dev), st.st_ino))
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    for line in lines:
        # "1: POSIX  ADVISORY  READ 1234 08:01:5678 128 128" (device in hex)
        parts = line.split()
        if len(parts) < 6 or parts[1] not in ("POSIX", "OFDLCK", "FLOCK"):
            continue
        with contextlib.suppress(ValueError, IndexError):
            pid = int(parts[4])
            major, minor, inode = parts[5].split(":")
            if (int(major, 16), int(minor, 16), int(inode)) in inodes and pid != os.getpid():
                return pid
    return None


def wal_deleted_under_writer(library_path: Path) -> str | None:
    """Who is writing to a library whose write-ahead log was deleted while open, or None.

    An open library always has its ``-wal`` beside its ``-shm``; a ``-shm`` alone while another
    process holds the library means the log was deleted under it. That process still writes to
    the deleted log and copies it into the library when it closes: opening the library now would
    start a second log beside it, and moving it aside would lose everything in the first.
    """
    path = Path(library_path)
    if path.with_name(path.name + "-wal").exists() or not path.with_name(path.name + "-shm").exists():
        return None
    return held_elsewhere(path)


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
def open_mark_path(library_path: str | os.PathLike[str]) -> Path:
    """The file every open library holds a shared lock on (``OpenMark``)."""
    return lock_path(library_path).with_suffix(".open")
