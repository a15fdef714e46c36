"""Opening the library file: location, pragmas, migrations, and the write transaction."""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sqlite3
from pathlib import Path
from typing import Iterator

from sqlite_utils import Database

from ..core.errors import GlossError
from .schema import SCHEMA_VERSION, migrations

BUSY_TIMEOUT_S = 15.0


class LibraryError(GlossError):
    """The library file cannot be used: newer version, damaged, not a database, not writable."""


def default_db_path() -> Path:
    """``$GLOSS_DB`` if set, else ``library.sqlite`` in the platform's user data folder."""
    env = os.environ.get("GLOSS_DB")
    if env:
        return Path(env).expanduser()
    from ..core.paths import data_dir

    return data_dir() / "library.sqlite"


def now() -> str:
    """A timestamp for records: UTC, ISO 8601, to the second."""
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Library:
    """One open library file. Reads go straight to ``db``; every write goes through ``write()``."""

    def __init__(self, db: Database, path: Path | None) -> None:
        self.db = db
        self.path = path

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """One user operation = one ``BEGIN IMMEDIATE`` transaction (nested calls join it)."""
        conn = self.db.conn
        if conn.in_transaction:
            yield self.db
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def setting(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as db:
            db["settings"].upsert({"key": key, "value": value}, pk="key")

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.conn.execute("PRAGMA optimize")
        self.db.close()


def _connect(path: Path | None) -> sqlite3.Connection:
    target = ":memory:" if path is None else str(path)
    conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    if path is not None:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise LibraryError(f"{path}: the library cannot use write-ahead logging here ({mode}).")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def open_library(path: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Library:
    """Open (creating if needed) the library at ``path``; ``None`` means an in-memory library."""
    p = Path(path).expanduser() if path is not None else None
    if p is not None:
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"Cannot create the library folder {p.parent}: {exc.strerror}.") from None
    try:
        conn = _connect(p)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"{p} is not a Gloss library or is damaged ({exc}).") from None
    if version > SCHEMA_VERSION:
        conn.close()
        raise LibraryError(
            f"{p} was written by a newer version of Gloss (library format {version}, this one reads "
            f"up to {SCHEMA_VERSION}); update Gloss to open it."
        )
    db = Database(conn)
    library = Library(db, p)
    if migrate and migrations.pending(db):
        migrations.apply(db)
    return library
