"""Article operations: add (deduplicated by content hash), read, list, reading position."""

from __future__ import annotations

import json
import sqlite3

from ..core.article import Article, Block, Span
from ..core.errors import NotFound
from .db import Library, now, put_setting
from .passages import index_passages
from .readable import ArticleDamaged, rows_marking_damage, undecodable

LIST_COLUMNS = ("id", "title", "source", "author", "published", "highlights", "notes")


def find_by_hash(lib: Library, content_hash: str) -> int | None:
    row = lib.conn.execute("SELECT id FROM articles WHERE content_hash = ?", [content_hash]).fetchone()
    return row[0] if row else None


def add_article(lib: Library, article: Article, origin: str = "") -> tuple[int, bool]:
    """Store an article unless the same text is already there; returns (id, newly_added)."""
    existing = find_by_hash(lib, article.content_hash)
    if existing is not None:
        return existing, False
    with lib.write() as db:
        # Checked again inside the write lock: another process may have imported it meanwhile.
        existing = find_by_hash(lib, article.content_hash)
        if existing is not None:
            return existing, False
        table = db["articles"]
        table.insert(
            {
                "title": article.title, "source": article.source, "author": article.author,
                "editor": article.editor, "published": article.published, "url": article.url,
                "format": article.format, "origin": origin, "text": article.text,
                "blocks": json.dumps(article.blocks_json(), separators=(",", ":")),
                "spans": json.dumps(article.spans_json(), separators=(",", ":")),
                "meta": json.dumps(article.meta, ensure_ascii=False),
                "content_hash": article.content_hash, "note": article.note, "added": now(),
            }
        )
        article_id = table.last_pk
        index_passages(db.conn, article_id, article.text)
    article.id = article_id
    return article_id, True


def _row_to_article(row: dict) -> Article:
    article = Article(
        id=row["id"], title=row["title"], text=row["text"],
        blocks=[Block.from_json(b) for b in json.loads(row["blocks"] or "[]")],
        spans=[Span(**s) for s in json.loads(row["spans"] or "[]")],
        source=row["source"] or "", author=row["author"] or "", editor=row["editor"] or "",
        published=row["published"] or "", url=row["url"] or "", meta=json.loads(row["meta"] or "{}"),
        format=row["format"] or "text", note=row["note"] or "",
    )
    return article.knowing_hash(row["content_hash"]) if row.get("content_hash") else article


def get_article(lib: Library, article_id: int) -> Article:
    """The stored article with that id, or NotFound, or ArticleDamaged (its row cannot be read
    back: text that is not UTF-8, structure that does not fit the text), each a one-line message."""
    try:
        rows = lib.rows("SELECT * FROM articles WHERE id = ?", [article_id])
    except sqlite3.OperationalError as exc:
        if undecodable(exc):
            _damaged(lib, article_id, "its stored text cannot be read")
        raise
    if not rows:
        raise NotFound(f"No article {article_id} in the library (see `gloss list`).")
    try:
        article = _row_to_article(rows[0])
    except (ValueError, TypeError, KeyError, AttributeError):
        _damaged(lib, article_id, "its stored structure cannot be read")
    n = len(article.text)
    if not all(0 <= b.start <= b.end <= n for b in article.blocks) or not all(
            0 <= sp.start <= sp.end <= n for sp in article.spans):
        _damaged(lib, article_id, "its paragraphs do not fit its text")
    return article


def _damaged(lib: Library, article_id: int, what: str):
    lib.damaged.add(article_id)
    raise ArticleDamaged(article_id, what) from None


MAX_ID = 2**63 - 1  # SQLite's largest integer: no article can have a larger id


def resolve_article(lib: Library, ref: str | int) -> int:
    """Turn a user's ARTICLE argument (an id: ASCII digits only, so neither "1_0" nor "١٢" is read
    as a number) into an existing article id."""
    text = str(ref).strip()
    if not (text.isascii() and text.isdigit()):
        raise NotFound(f"{text[:40]!r} is not an article id (see `gloss list`).")
    article_id = int(text[:30])
    if article_id > MAX_ID or len(text) > 30:
        raise NotFound(f"No article {text[:30]}{'…' if len(text) > 30 else ''} in the library (see `gloss list`).")
    if not lib.conn.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone():
        raise NotFound(f"No article {article_id} in the library (see `gloss list`).")
    return article_id


def list_articles(lib: Library) -> list[dict]:
    """Every article with its counts, most recently added first; ``damaged`` marks a row whose
    text could not be read (shown with U+FFFD for the bad bytes; ``get_article`` refuses it)."""
    sql = """
        SELECT a.id, a.title, a.source, a.author, a.published, coalesce(r.progress, 0.0) AS progress,
               coalesce(r.opened, '') AS opened, a.added,
               (SELECT count(*) FROM highlights h WHERE h.article_id = a.id) AS highlights,
               (SELECT count(*) FROM highlights h WHERE h.article_id = a.id AND h.note != '') AS notes
        FROM articles a LEFT JOIN reading r ON r.article_id = a.id ORDER BY a.id DESC
    """
    rows = rows_marking_damage(lib.conn, sql)
    for row in rows:
        row["damaged"] = row["damaged"] or row["id"] in lib.damaged
    return rows


# The reading position and time opened live in ``reading`` (m005), never in the article's row:
# SQLite writes a row whole, and an article's row holds its text.
_UPSERT = ("INSERT INTO reading (article_id, {cols}) SELECT ?, {marks} WHERE EXISTS "
           "(SELECT 1 FROM articles WHERE id = ?) ON CONFLICT (article_id) DO UPDATE SET {sets}")


def mark_opened(lib: Library, article_id: int) -> None:
    """Remember that the user opened this article now (the app reopens the last one read); not
    kept, and no error, where the library cannot be written (``Library.bookkeeping``)."""
    def write(conn) -> None:
        conn.execute(_UPSERT.format(cols="opened", marks="?", sets="opened = excluded.opened"),
                     [article_id, now(), article_id])
        put_setting(conn, "last_article", str(article_id))

    lib.bookkeeping(write)


def save_position(lib: Library, article_id: int, scroll: int, progress: float) -> None:
    """Remember where the reader is in the article: a code-point offset and a 0..1 fraction, the
    furthest fraction reached kept (not kept where the library cannot be written, like
    ``mark_opened``)."""
    lib.bookkeeping(lambda conn: conn.execute(
        _UPSERT.format(cols="scroll, progress", marks="?, ?",
                       sets="scroll = excluded.scroll, progress = max(progress, excluded.progress)"),
        [article_id, scroll, progress, article_id]))


def reading_position(lib: Library, article_id: int) -> int:
    row = lib.conn.execute("SELECT scroll FROM reading WHERE article_id = ?", [article_id]).fetchone()
    return int(row[0] or 0) if row else 0


def last_article(lib: Library) -> int | None:
    """The article read last, if it still exists."""
    value = lib.setting("last_article")
    if not (value.isascii() and value.isdigit() and len(value) <= 19 and int(value) <= MAX_ID):
        return None
    if lib.conn.execute("SELECT 1 FROM articles WHERE id = ?", [int(value)]).fetchone():
        return int(value)
    return None
