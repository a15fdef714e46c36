"""Rows damaged in a way ``PRAGMA quick_check`` cannot see: text whose bytes are no longer UTF-8.

A few flipped bytes inside a stored value leave the file's structure sound, so the library opens,
but reading that row raises ``sqlite3.OperationalError: Could not decode to UTF-8``. Such a row is
reported and skipped, never a failed start: listings read it again with the bad bytes shown as
U+FFFD and the row marked ``damaged``; opening the article raises ``ArticleDamaged`` (a
``GlossError``: one line, restorable from a backup) and remembers it in ``Library.damaged``, so
the library list marks it from then on; ``damaged_articles`` looks through every row (a
background job: it reads the whole library) and remembers what it finds the same way.
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Iterator, Sequence

from ..core.errors import GlossError

RESTORE_HINT = "restore it from a backup (Help ▸ Restore from Backup…); the rest of the library is unharmed"


class ArticleDamaged(GlossError):
    """An article whose stored row cannot be read back (``article_id`` says which)."""

    def __init__(self, article_id: int, what: str = "its stored text cannot be read") -> None:
        super().__init__(f"Article {article_id} is damaged ({what}); {RESTORE_HINT}.")
        self.article_id = article_id


def undecodable(exc: BaseException) -> bool:
    """Whether an sqlite3 error is a stored value that is not valid UTF-8."""
    return isinstance(exc, sqlite3.OperationalError) and "could not decode" in str(exc).lower()


@contextlib.contextmanager
def replacing(conn: sqlite3.Connection, failed: list | None = None) -> Iterator[None]:
    """Text decoded with bad bytes replaced (each failure noted in ``failed``) for the block."""
    def decode(raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            if failed is not None:
                failed.append(True)
            return raw.decode("utf-8", "replace")

    previous = conn.text_factory
    conn.text_factory = decode
    try:
        yield
    finally:
        conn.text_factory = previous


def rows_marking_damage(conn: sqlite3.Connection, sql: str, params: Sequence = ()) -> list[dict]:
    """A query's rows as dicts, each with ``damaged``: True where a value was not valid UTF-8 (and is
    shown with U+FFFD in its place). The fast path is the plain query; only when it fails is the
    query run again, decoding row by row."""
    try:
        cursor = conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row), damaged=False) for row in cursor]
    except sqlite3.OperationalError as exc:
        if not undecodable(exc):
            raise
    failed: list = []
    out = []
    with replacing(conn, failed):
        cursor = conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        for row in cursor:  # each row is decoded as it is fetched
            out.append(dict(zip(names, row), damaged=bool(failed)))
            failed.clear()
    return out


def damaged_articles(lib, should_stop=None) -> list[int]:
    """The ids of articles any of whose stored text cannot be read, reading every row once (for a
    background check on a reader of its own: it reads the whole library); added to ``lib.damaged``."""
    conn = lib.conn
    found = []
    for (article_id,) in conn.execute("SELECT id FROM articles ORDER BY id").fetchall():
        if should_stop is not None and should_stop():
            break
        try:
            conn.execute("SELECT * FROM articles WHERE id = ?", [article_id]).fetchall()
        except sqlite3.OperationalError as exc:
            if not undecodable(exc):
                raise
            found.append(article_id)
    lib.damaged.update(found)
    return found
