"""Verified, rotating backups of the library (sqlite3 backup API) in a ``backups/`` folder beside it.

A backup is written to a temporary name, checked with ``PRAGMA integrity_check``, synced, and only
then given its real name; only after that are older backups rotated out. Kept: the newest
``KEEP_NEWEST``, the newest of each of the last ``KEEP_DAYS`` days, and the newest taken before a
migration. Names: ``<library stem>-<UTC yyyymmddThhmmss + microseconds>Z[-<reason>].sqlite``.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
import shutil
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import GlossError
from ..core.export.atomic import fsync_dir
from .files import backup_dir, file_lock, held_elsewhere, keep_locks, lock_path, move_aside, release_locks, verify_file

from .format import BUSY_TIMEOUT_S

if TYPE_CHECKING:
    from .db import Library

KEEP_NEWEST = 5
KEEP_DAYS = 7
STALE_TMP_S = 3600
SUFFIX = ".sqlite"


class BackupError(GlossError):
    """A backup could not be made, verified or restored."""


def _pattern(library_path: Path) -> re.Pattern[str]:
    return re.compile(re.escape(Path(library_path).stem) + r"-(\d{8}T\d{6})(\d{6})Z(?:-([a-z]+))?"
                      + re.escape(SUFFIX) + "$")


def _parse(library_path: Path, name: str) -> tuple[_dt.datetime, str] | None:
    m = _pattern(library_path).match(name)
    if not m:
        return None
    when = _dt.datetime.strptime(m[1], "%Y%m%dT%H%M%S").replace(
        microsecond=int(m[2]), tzinfo=_dt.timezone.utc)
    return when.astimezone(), m[3] or ""


def list_backups(library_path: str | os.PathLike[str]) -> list[tuple[Path, _dt.datetime]]:
    """The library's backups, newest first, each with when it was taken (aware, local time)."""
    library_path = Path(library_path)
    folder = backup_dir(library_path)
    found = []
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            parsed = _parse(library_path, entry.name)
            if parsed and entry.is_file():
                found.append((entry, parsed[0]))
    found.sort(key=lambda item: item[1], reverse=True)
    return found


def make_backup(source: Library | str | os.PathLike[str], library_path: str | os.PathLike[str] | None = None,
                *, reason: str = "") -> Path:
    """Copy the library with the backup API, verify the copy, then rotate old backups out.

    ``source`` is an open ``Library`` or a library file path. A file library is read through a
    connection of its own, so this is safe from a worker thread while the app goes on writing.
    Raises ``BackupError`` if the copy cannot be made or fails verification (older backups stay).
    """
    lib = None if isinstance(source, (str, os.PathLike)) else source
    path = Path(library_path) if library_path is not None else (
        lib.path if lib is not None else Path(source))  # type: ignore[arg-type]
    if path is None:
        raise BackupError("An in-memory library has no backups folder; name one with library_path.")
    folder = backup_dir(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Cannot create the backups folder {folder}: {exc.strerror}.") from None
    stamp = _dt.datetime.now(_dt.timezone.utc)
    name = f"{path.stem}-{stamp:%Y%m%dT%H%M%S}{stamp.microsecond:06d}Z" + (f"-{reason}" if reason else "") + SUFFIX
    final = folder / name
    tmp = folder / f".{name}.{os.getpid()}.tmp"
    src_path = lib.path if lib is not None else Path(source)  # type: ignore[arg-type]
    locks = keep_locks(src_path) if src_path is not None else None  # while the copy reads it
    try:
        # A file library is read through a connection of its own (never one mid-transaction).
        src = (sqlite3.connect(str(src_path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
               if src_path is not None else lib.conn)
        try:
            dst = sqlite3.connect(str(tmp), isolation_level=None)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE").fetchall()  # one self-contained file
            finally:
                dst.close()
        finally:
            if src_path is not None:
                src.close()
        problem = verify_file(tmp)
        if problem:
            raise BackupError(f"The backup of {path.name} failed verification ({problem}).")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, final)
        fsync_dir(folder)
    except sqlite3.Error as exc:
        raise BackupError(f"The backup of {path.name} could not be made ({exc}).") from None
    except OSError as exc:
        raise BackupError(f"The backup of {path.name} could not be written to {folder} ({exc.strerror}).") from None
    finally:
        release_locks(locks)
        with contextlib.suppress(OSError):
            tmp.unlink()
    rotate(path)
    return final


def _keep(library_path: Path, backups: list[tuple[Path, _dt.datetime]], today: _dt.date) -> set[Path]:
    keep = {p for p, _ in backups[:KEEP_NEWEST]}
    days: set[_dt.date] = set()
    premigration = False
    for p, when in backups:  # newest first
        day = when.date()
        if (today - day).days < KEEP_DAYS and day not in days:
            days.add(day)
            keep.add(p)
        parsed = _parse(library_path, p.name)
        if parsed and parsed[1] == "premigration" and not premigration:
            premigration = True
            keep.add(p)
    return keep


def rotate(library_path: str | os.PathLike[str]) -> list[Path]:
    """Delete backups no longer kept (see the module docstring) and stale temporary files."""
    library_path = Path(library_path)
    backups = list_backups(library_path)
    keep = _keep(library_path, backups, _dt.datetime.now().astimezone().date())
    removed = []
    for p, _when in backups:
        if p not in keep:
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
    with contextlib.suppress(OSError):
        for entry in backup_dir(library_path).glob(f".{library_path.stem}-*.tmp"):
            if time.time() - entry.stat().st_mtime > STALE_TMP_S:
                entry.unlink()
    return removed


def backup_if_changed(lib: Library) -> Path | None:
    """Back up if anything changed since the last backup this session (or none exists yet).

    For the GUI's timer and its quit handler; returns the new backup or ``None``. Cheap when
    nothing changed (two pragmas). Errors are raised as ``BackupError``.
    """
    if lib.path is None:
        return None
    mark = lib.change_mark()
    if mark == lib._backup_mark and list_backups(lib.path):
        return None
    if not lib.conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
        return None
    made = make_backup(lib)
    lib._backup_mark = mark
    return made


def failure_notice(library_path: str | os.PathLike[str] | None, error: BaseException) -> str:
    """What to tell the user when a backup failed: why, that the library itself is as it was, and
    from when the newest backup they have is (one line, for the window)."""
    reason = str(error).strip().rstrip(".") or type(error).__name__
    backups = list_backups(library_path) if library_path is not None else []
    if backups:
        when = backups[0][1]
        newest = f"the newest backup is from {when.day} {when:%B %Y, %H:%M}"
    else:
        newest = "there is no backup of it yet"
    return f"{reason}. Your library itself is unchanged; {newest}."


def install_copy(backup_path: Path, library_path: Path) -> None:
    """Copy a backup to ``library_path`` through a temporary file, synced, then renamed in place."""
    tmp = library_path.with_name(f".{library_path.name}.restoring-{os.getpid()}")
    try:
        shutil.copyfile(backup_path, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        for suffix in ("-wal", "-shm", "-journal"):
            stale = library_path.with_name(library_path.name + suffix)
            if stale.exists():  # only possible if the caller did not move them aside
                move_aside(stale, "stale")
        os.replace(tmp, library_path)
        fsync_dir(library_path.parent)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def restore_backup(library_path: str | os.PathLike[str], backup_path: str | os.PathLike[str]) -> Path | None:
    """Put a backup in the library's place; the current file is moved aside first, never deleted.

    Close the library before calling this and reopen it after. Returns where the current file
    went (``None`` if there was none). Raises ``BackupError`` if the backup is not sound, or if
    anyone else has the library open (their writes would go on into the file moved aside).
    """
    library_path, backup_path = Path(library_path), Path(backup_path)
    problem = verify_file(backup_path)
    if problem:
        raise BackupError(f"The backup {backup_path.name} cannot be restored: it is damaged ({problem}).")
    with file_lock(lock_path(library_path)):
        holder = held_elsewhere(library_path)
        if holder:
            raise BackupError(f"{holder} has {library_path.name} open; close it, then restore the backup.")
        moved = move_aside(library_path, "replaced") if library_path.exists() else None
        install_copy(backup_path, library_path)
    return moved
