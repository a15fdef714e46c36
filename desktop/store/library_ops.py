"""Library-level operations on whole articles: the library list, article tags, delete and restore.

``delete_article`` returns the article's full record: its row and every row that depends on it
(highlights, their tags, article tags, entity rows, and rows of any later table whose foreign key
points at an article or a highlight), so ``restore_article`` puts it all back with the same ids,
in one transaction. The dependent tables are found from the schema, not listed by hand, so a
table another feature adds later is deleted and restored with its article too.
"""

from __future__ import annotations

import json
from typing import Iterable

from ..core.errors import GlossError, NotFound
from .db import Library
from .highlights import clean_tags
from .passages import index_passages
from .readable import rows_marking_damage

FTS_SUFFIXES = ("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config", "_fts_content")
DERIVED = ("passages",)  # made again from the article's text on restore, not kept in the record


def library_rows(lib: Library) -> list[dict]:
    """Every article for the library list: metadata, counts, tags, reading progress, dates, and
    ``damaged`` where the row's text could not be read (see ``readable``)."""
    sql = """
        SELECT a.id, a.title, a.source, a.author, a.published, a.added, coalesce(r.opened, '') AS opened,
               coalesce(r.progress, 0.0) AS progress, coalesce(h.n, 0) AS highlights,
               coalesce(h.notes, 0) AS notes, coalesce(t.tags, '[]') AS tags
        FROM articles a
        LEFT JOIN reading r ON r.article_id = a.id
        LEFT JOIN (SELECT article_id, count(*) AS n, sum(note != '') AS notes
                   FROM highlights GROUP BY article_id) h ON h.article_id = a.id
        LEFT JOIN (SELECT article_id, json_group_array(tag) AS tags
                   FROM (SELECT article_id, tag FROM article_tags ORDER BY article_id, tag)
                   GROUP BY article_id) t ON t.article_id = a.id
        ORDER BY a.id DESC
    """
    rows = []
    for row in rows_marking_damage(lib.conn, sql):
        try:
            row["tags"] = json.loads(row["tags"] or "[]")
        except ValueError:
            row["tags"], row["damaged"] = [], True
        row["damaged"] = row["damaged"] or row["id"] in lib.damaged
        row["progress"] = max(0.0, min(1.0, float(row["progress"] or 0.0)))
        rows.append(row)
    return rows


def article_tags(lib: Library, article_id: int) -> list[str]:
    return [r[0] for r in lib.conn.execute(
        "SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag", [article_id])]


def all_tags(lib: Library) -> list[str]:
    """Every tag in use on articles and highlights, sorted case-insensitively."""
    rows = lib.conn.execute("SELECT tag FROM article_tags UNION SELECT tag FROM highlight_tags")
    return sorted((r[0] for r in rows), key=str.casefold)


def set_article_tags(lib: Library, article_id: int, tags: Iterable[str]) -> list[str]:
    """Replace an article's tags (cleaned like highlight tags); returns the tags before (the undo)."""
    cleaned = clean_tags(tags)
    with lib.write() as db:
        if not db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone():
            raise NotFound(f"No article {article_id} in the library (see `gloss list`).")
        before = [r[0] for r in db.execute("SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag",
                                           [article_id])]
        db.execute("DELETE FROM article_tags WHERE article_id = ?", [article_id])
        db.conn.executemany("INSERT INTO article_tags (article_id, tag) VALUES (?, ?)",
                            [(article_id, t) for t in cleaned])
    return before


# -- delete and restore -----------------------------------------------------------------------

def _dependents(lib: Library, parent: str) -> list[tuple[str, str, str]]:
    """(table, column, parent column) for every real table with a foreign key into ``parent``."""
    found = []
    for (name,) in lib.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        if name.startswith("sqlite_") or name.endswith(FTS_SUFFIXES) or name in DERIVED:
            continue
        for fk in lib.conn.execute(f"PRAGMA foreign_key_list([{name}])").fetchall():
            # (id, seq, table, from, to, on_update, on_delete, match)
            if fk[2] == parent:
                found.append((name, fk[3], fk[4] or "id"))
    return found


def _rows(db, table: str, column: str, values: list) -> list[dict]:
    if not values:
        return []
    marks = ", ".join("?" for _ in values)
    cursor = db.execute(f"SELECT rowid AS __rowid, * FROM [{table}] WHERE [{column}] IN ({marks})", values)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _has_explicit_rowid(db, table: str) -> bool:
    """Whether the table's rowid is one of its own columns (INTEGER PRIMARY KEY)."""
    cols = db.execute(f"PRAGMA table_info([{table}])").fetchall()
    pks = [c for c in cols if c[5]]
    return len(pks) == 1 and (pks[0][2] or "").upper() == "INTEGER"


def delete_article(lib: Library, article_id: int) -> dict:
    """Delete an article and everything attached to it; returns the record ``restore_article`` takes.

    The record: ``{"article": row, "tags": [...], "highlights": [rows], "highlight_tags": [rows],
    "entities": [rows], "tables": {table: [rows], ...}}`` (``tables`` holds every dependent row,
    the named keys are conveniences).
    """
    with lib.write() as db:
        article = _rows(db, "articles", "id", [article_id])
        if not article:
            raise NotFound(f"No article {article_id} in the library (see `gloss list`).")
        tables: dict[str, list[dict]] = {}
        order: list[str] = []  # parents before children
        for table, column, _to in _dependents(lib, "articles"):
            tables[table] = _rows(db, table, column, [article_id])
            order.append(table)
        highlight_ids = [r["id"] for r in tables.get("highlights", [])]
        for table, column, _to in _dependents(lib, "highlights"):
            tables[table] = _rows(db, table, column, highlight_ids)
            order.append(table)
        for table in reversed(order):  # children first, for the foreign keys
            for row in tables[table]:
                db.execute(f"DELETE FROM [{table}] WHERE rowid = ?", [row["__rowid"]])
        db.execute("DELETE FROM articles WHERE id = ?", [article_id])
    return {
        "article": article[0],
        "tags": sorted(r["tag"] for r in tables.get("article_tags", [])),
        "highlights": tables.get("highlights", []),
        "highlight_tags": tables.get("highlight_tags", []),
        "entities": tables.get("article_entities", []),
        "tables": tables,
        "order": order,
    }


def restore_article(lib: Library, record: dict) -> int:
    """Put back an article deleted with ``delete_article``, same ids, one transaction; returns its id."""
    try:
        article = dict(record["article"])
        tables: dict[str, list[dict]] = record.get("tables") or {}
        order: list[str] = record.get("order") or list(tables)
        article_id = int(article["id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise GlossError(f"Cannot restore the article: its record is incomplete ({exc}).") from None
    with lib.write() as db:
        if db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone():
            raise GlossError(f"Article {article_id} is already in the library.")
        clash = db.execute("SELECT id FROM articles WHERE content_hash = ?", [article.get("content_hash")]).fetchone()
        if clash:
            raise GlossError(f"That text is already in the library again, as article {clash[0]}.")
        _insert(db, "articles", article)
        index_passages(db.conn, article_id, article.get("text") or "")
        for table in order:
            for row in tables.get(table, []):
                _insert(db, table, row)
    return article_id


def _insert(db, table: str, row: dict) -> None:
    row = dict(row)
    rowid = row.pop("__rowid", None)
    if rowid is not None and not _has_explicit_rowid(db, table):
        row["rowid"] = rowid  # keep implicit rowids too, so nothing keyed on them shifts
    columns = ", ".join(f"[{c}]" for c in row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values()))
