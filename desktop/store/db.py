"""The open library: location, migrations, the write transaction, and a reader for worker threads.

Durability rules (DESIGN.md, "Storage"): WAL, ``synchronous=FULL``, a busy timeout, every write in
one ``BEGIN IMMEDIATE`` transaction (``Library.write()``), and the connection in autocommit mode so
no implicit transaction ever holds the write lock behind the user's back. On open (``opening``), a
damaged or lost file is moved aside and the newest good backup restored (``recovery``), never while
another process has it open; one that can only be read opens read-only. Before a migration a
verified backup is taken (``backup``). What happened is left in ``Library.notice`` for the GUI or
CLI to say; a write the disk or file refuses raises ``LibraryNotWritable``.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sqlite3
from pathlib import Path
from typing import Callable, Iterator, Sequence

from .files import LibraryError, LibraryNotWritable, OpenMark, not_writable
from .format import BUSY_TIMEOUT_S, SCHEMA_VERSION, sqlite_utils_database
from .opening import connect, open_checked, write_refusal


CLOSE_CHECKPOINT_TIMEOUT_MS = 500  # a checkpoint on close never keeps the app from quitting


def put_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Set one setting inside a write transaction."""
    conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])


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
    """One open library file. Reads go straight to ``db``; every write goes through ``write()``.

    ``notice`` is a one-line message about something the user must be told (the library was
    damaged and restored from a backup, ...) or ``None``; the GUI shows it in a dialog, the CLI
    prints it to stderr. A write the disk or file refuses (full, read-only) raises
    ``LibraryNotWritable``, nothing of it saved; a library that could only be opened read-only
    has ``refusal`` set (raised by every write) and ``write_problem()`` says why.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None, notice: str | None = None) -> None:
        self.conn = conn
        self._db = None
        self.path = path
        self.notice = notice
        self._backup_mark: tuple[int, int] | None = None  # change_mark() when last backed up
        self._closed = False
        self._release = None  # gives back files.keep_locks(path): at close, or when collected
        self.read_only = False  # an open_reader() connection: never writes, never checkpoints
        self._open_mark: OpenMark | None = None  # held while open: nobody moves the file meanwhile
        self.damaged: set[int] = set()  # articles found unreadable this session (store.readable)
        self.refusal: LibraryNotWritable | None = None  # raised by every write of a read-only library

    @property
    def db(self):
        """The connection as a ``sqlite_utils.Database`` (sqlite-utils is imported on first use)."""
        if self._db is None:
            # execute_plugins=False: no scan of installed packages' entry points for plugins
            self._db = sqlite_utils_database()(self.conn, execute_plugins=False)
        return self._db

    @contextlib.contextmanager
    def write(self) -> Iterator:
        """One user operation = one ``BEGIN IMMEDIATE`` transaction (nested calls join it); yields
        ``db`` for sqlite-utils' table operations (``transaction()`` is the same for plain SQL).

        When the block ends without an exception the transaction is committed (and, with
        ``synchronous=FULL``, on disk) before ``write()`` returns: only then tell the user.
        """
        with self.transaction():
            yield self.db

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``write()`` yielding the ``sqlite3`` connection: the writes made while the app starts
        (the article opened, a setting) need no sqlite-utils."""
        conn = self.conn
        if conn.in_transaction:
            yield conn
            return
        if self.refusal is not None:
            raise self.refusal
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            self._refused(exc)
            raise
        try:
            yield conn
        except BaseException as exc:
            self._roll_back()
            self._refused(exc)
            raise
        try:
            conn.execute("COMMIT")
        except BaseException as exc:
            self._roll_back()
            self._refused(exc)
            raise

    def _roll_back(self) -> None:
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def _refused(self, exc: BaseException) -> None:
        """Raise ``LibraryNotWritable`` (one line) if ``exc`` is the disk or file refusing a write."""
        problem = not_writable(self.path, exc) if isinstance(exc, sqlite3.DatabaseError) else None
        if problem is not None:
            raise problem from None

    def write_problem(self) -> str | None:
        """Why this library cannot be written just now (one line), or None: for the GUI to start a
        read-only session with a message instead of failing at the first edit."""
        if self.refusal is not None:
            return str(self.refusal)
        if self.read_only:
            return "this connection is read-only"
        problem = write_refusal(self.conn, self.path)
        return str(problem) if problem else None

    def rows(self, sql: str, params: Sequence = ()) -> list[dict]:
        """A query's rows as dicts (``db.query`` without sqlite-utils)."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def setting(self, key: str, default: str = "") -> str:
        """A stored setting, or ``default`` if there is none (or it cannot be read: damaged)."""
        try:
            row = self.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        except sqlite3.OperationalError as exc:
            if "could not decode" not in str(exc).lower():
                raise
            return default
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting (the window's size, the last folder...); on a library that cannot be
        written just now it is not kept, and nothing is raised: a setting is not the user's work."""
        with contextlib.suppress(LibraryNotWritable):
            with self.transaction() as conn:
                put_setting(conn, key, value)

    def bookkeeping(self, write: Callable[[sqlite3.Connection], None]) -> bool:
        """Run ``write(conn)`` in one transaction, for what Gloss notes for itself (the article last
        opened, the reading position): where the library cannot be written it is skipped, nothing
        raised; returns whether it was kept."""
        if self.refusal is not None:
            return False
        try:
            with self.transaction() as conn:
                write(conn)
        except LibraryNotWritable:
            return False
        return True

    def change_mark(self) -> tuple[int, int]:
        """Changes so far: (``PRAGMA data_version`` for other connections' commits, own changes)."""
        conn = self.conn
        return conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes

    def checkpoint(self, mode: str = "PASSIVE") -> None:
        """Copy the write-ahead log into the main file (``PASSIVE`` never waits for other readers)."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchall()

    def reopen(self) -> None:
        """Close and open the same file again in place (after a backup was restored under it)."""
        assert self.path is not None, "an in-memory library cannot be reopened"
        self.close()
        fresh = open_library(self.path)
        self.conn, self._db, self.notice = fresh.conn, fresh._db, fresh.notice
        self._open_mark, fresh._open_mark = fresh._open_mark, None
        self._backup_mark, self._closed = None, False
        if fresh._release is not None:
            self._hold_locks(fresh._release.detach()[2][0])  # (obj, func, args, kwargs)

    def _hold_locks(self, key) -> None:
        """Hold ``files.keep_locks``' key until ``close()``, or until this object is collected (the
        command line often leaves closing to the end of the process: the locks must go before the
        connection does, or SQLite could not tidy its log away at the last close)."""
        import weakref

        from .files import release_locks

        self._release = weakref.finalize(self, release_locks, key)

    def close(self) -> None:
        """Checkpoint the WAL (waiting at most half a second for other processes), then close."""
        if self._closed:
            return
        self._closed = True
        conn = self.conn
        with contextlib.suppress(sqlite3.Error):
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if not self.read_only:
                conn.execute("PRAGMA optimize")
                if self.path is not None:
                    conn.execute(f"PRAGMA busy_timeout = {CLOSE_CHECKPOINT_TIMEOUT_MS}")
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        if self._release is not None:
            self._release()  # just before the connection goes (its POSIX locks go with them)
        conn.close()
        if self._open_mark is not None:
            self._open_mark.release()
            self._open_mark = None


def open_library(path: str | os.PathLike[str] | None = None, *, migrate: bool = True,
                 recover: bool = True) -> Library:
    """Open (creating if needed) the library at ``path``; ``None`` means an in-memory library.

    A damaged file is moved aside and the newest good backup restored (``recover=False`` refuses
    instead); what happened is in the returned library's ``notice``. A file from a newer Gloss is
    refused with ``LibraryError``. Pending migrations run after a verified backup.
    """
    p = Path(path).expanduser() if path is not None else None
    notice = mark = refusal = None
    if p is None:
        conn = connect(None)
    else:
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"Cannot create the library folder {p.parent}: {exc.strerror}.") from None
        if p.is_dir():
            raise LibraryError(f"{p} is a folder, not a library file.")
        conn, notice, mark, refusal = open_checked(p, recover)
    library = Library(conn, p, notice)
    library._open_mark = mark
    if refusal is not None:
        library.read_only, library.refusal = True, refusal
    if p is not None:
        from .files import keep_locks

        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # the -shm exists from here on
        library._hold_locks(keep_locks(p))  # no other process may take this library for unused
    try:
        if migrate:
            _migrate(library)
    except sqlite3.DatabaseError as exc:
        library.close()
        raise LibraryError(f"{p}: the library could not be prepared ({exc}).") from None
    except BaseException:
        library.close()
        raise
    with contextlib.suppress(sqlite3.Error):
        library._backup_mark = library.change_mark()
    return library


def open_reader(path: str | os.PathLike[str]) -> Library:
    """A read-only ``Library`` on a connection of its own, for a worker thread (search, exports).

    The file must have been opened (checked, migrated) by ``open_library`` already: this skips
    those steps, so it is cheap to make one per worker. Every write through it fails
    (``PRAGMA query_only``); it sees what other connections have committed when each read starts.
    Close it from the thread that used it.
    """
    p = Path(path).expanduser()
    if not p.is_file():
        raise LibraryError(f"{p}: there is no library file to read.")
    try:
        conn = sqlite3.connect(p.resolve().as_uri() + "?mode=rw", uri=True, timeout=BUSY_TIMEOUT_S,
                               check_same_thread=False, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA query_only = ON")
    except sqlite3.Error as exc:
        raise LibraryError(f"{p} cannot be read ({exc}).") from None
    reader = Library(conn, p)
    reader.read_only = True
    return reader


def _has_content(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def _migrate(library: Library) -> None:
    """Apply pending migrations in one ``BEGIN IMMEDIATE`` transaction, after a verified backup.

    Two processes opening a new library at once: the second waits for the first's write lock,
    then finds nothing pending.
    """
    if library.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return  # current: every migration ran (the newest sets the version), no sqlite-utils needed
    db = library.db
    from .schema import migrations

    if not migrations.pending(db):
        return
    if library.path is not None and _has_content(db.conn):
        from .backup import make_backup

        make_backup(library, reason="premigration")
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        if migrations.pending(db):
            migrations.apply(db)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
