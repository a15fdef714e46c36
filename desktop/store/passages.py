"""The search index of article text, one row per passage (``core.passages``): what search ranks and
snippets, so its work per match is the same whatever the article's length.

``passages`` rows (``article_id``, ``start``, ``end``, ``body``) are kept in step with the article's
text by the operations that write it (adding, importing, updating an article, migration m004);
deleting an article deletes them (a foreign key with ``ON DELETE CASCADE``), and changing its text
drops them (a trigger) until they are written again in the same transaction. ``passages_fts``
indexes ``body``. An article's passages are inserted last one first, so in descending rowid order
(the order search scans in) the newest article comes first and its text reads from the top.
"""

from __future__ import annotations

import sqlite3

from ..core.passages import passages


def index_passages(conn: sqlite3.Connection, article_id: int, text: str) -> int:
    """Write the passages of an article's text (inside the caller's write transaction); returns how many."""
    spans = passages(text)
    conn.execute("DELETE FROM passages WHERE article_id = ?", [article_id])
    conn.executemany('INSERT INTO passages (article_id, start, "end", body) VALUES (?, ?, ?, ?)',
                     [(article_id, s, e, text[s:e]) for s, e in reversed(spans)])
    return len(spans)


def create_tables(conn: sqlite3.Connection) -> None:
    """The passages table, its full-text index and the triggers that keep them in step (m004)."""
    run = conn.execute
    run('CREATE TABLE passages (id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL '
        'REFERENCES articles (id) ON DELETE CASCADE, start INTEGER NOT NULL, "end" INTEGER NOT NULL, '
        'body TEXT NOT NULL)')
    run("CREATE INDEX passages_article ON passages (article_id)")
    run("CREATE VIRTUAL TABLE passages_fts USING FTS5 (body, tokenize='porter', content='passages', "
        "content_rowid='id')")
    run("CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN "
        "INSERT INTO passages_fts (rowid, body) VALUES (new.id, new.body); END")
    run("CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN "
        "INSERT INTO passages_fts (passages_fts, rowid, body) VALUES ('delete', old.id, old.body); END")
    run("CREATE TRIGGER articles_text_passages AFTER UPDATE OF text ON articles BEGIN "
        "DELETE FROM passages WHERE article_id = old.id; END")
