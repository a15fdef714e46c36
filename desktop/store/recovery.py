"""A damaged or lost library: moved aside (never deleted) and the newest good backup restored in its place."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from .backup import install_copy, list_backups
from .files import SIDE_FILES, check_connection, describe_damage, is_damage, move_aside, verify_file

RECHECK_S = 0.2  # damage is checked again this long after it was first seen, before anything moves


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
    path = Path(path)
    if _still_damaged(path) is None:
        return None
    time.sleep(RECHECK_S)  # a writer mid-commit elsewhere can make one read look torn: look twice
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


def restore_lost(path: Path, what: str) -> str | None:
    """Put the newest good backup where a library was ``what`` ("missing", "empty (0 bytes)");
    returns the notice, or None if no backup is sound (a new library then starts there).

    An empty file, and any log files beside it, are moved aside first, never deleted.
    """
    path = Path(path)
    for backup_path, when in list_backups(path):
        if verify_file(backup_path) is None:
            aside = None
            if path.exists() or any(path.with_name(path.name + s).exists() for s in SIDE_FILES):
                aside = move_aside(path, "empty")
            install_copy(backup_path, path)
            kept = f" (the empty file is kept as {aside.name})" if aside else ""
            return (f"The library {path.name} was {what}; your backup from {when:%Y-%m-%d %H:%M} was "
                    f"restored{kept}. Anything changed after that backup is lost.")
    return None
