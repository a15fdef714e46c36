"""The library's schema as named migrations (sqlite-utils ``Migrations``), oldest first.

``SCHEMA_VERSION`` is written to ``PRAGMA user_version`` by the newest migration; a file whose
version is higher was written by a newer Gloss and is refused, never migrated backwards.
"""

from __future__ import annotations

from .format import SCHEMA_VERSION, sqlite_utils_database

Database = sqlite_utils_database()  # first, so sqlite-utils is imported the way db.py imports it
from sqlite_utils.migrations import Migrations  # noqa: E402

migrations = Migrations("gloss")

DEFAULT_COLORS = [
    # key, label, light-theme colour, dark-theme colour
    ("yellow", "Key point", "#f9e27d", "#8a7321"),
    ("green", "Evidence", "#b5e3a1", "#3f6e35"),
    ("blue", "Question", "#a9d1f5", "#2f5d86"),
    ("red", "Disagree", "#f5a9a9", "#8a3535"),
    ("purple", "Term", "#d5b8f0", "#5e3d80"),
]


@migrations(name="m001_initial")
def m001_initial(db: Database) -> None:
    db["articles"].create(
        {
            "id": int, "title": str, "source": str, "author": str, "editor": str,
            "published": str, "url": str, "format": str, "origin": str,
            "text": str, "blocks": str, "spans": str, "meta": str,
            "content_hash": str, "note": str, "note_updated": str,
            "added": str, "opened": str, "updated": str,
            "scroll": int, "progress": float,
        },
        pk="id",
        not_null={"title", "text", "content_hash"},
        defaults={"source": "", "author": "", "editor": "", "published": "", "url": "",
                  "format": "text", "origin": "", "blocks": "[]", "spans": "[]", "meta": "{}",
                  "note": "", "note_updated": "", "opened": "", "updated": "", "scroll": 0,
                  "progress": 0.0},
    )
    db["articles"].create_index(["content_hash"], unique=True)
    db["article_tags"].create({"article_id": int, "tag": str}, pk=("article_id", "tag"),
                              foreign_keys=[("article_id", "articles", "id")])
    db["colors"].create({"key": str, "label": str, "light": str, "dark": str, "position": int}, pk="key")
    db["colors"].insert_all(
        [{"key": k, "label": lab, "light": li, "dark": da, "position": i}
         for i, (k, lab, li, da) in enumerate(DEFAULT_COLORS)]
    )
    db["highlights"].create(
        {
            "id": int, "article_id": int, "start": int, "end": int,
            "exact": str, "prefix": str, "suffix": str, "color": str, "note": str,
            "status": str, "created": str, "updated": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "start", "end", "exact"},
        defaults={"prefix": "", "suffix": "", "color": "yellow", "note": "", "status": "anchored"},
    )
    db["highlights"].create_index(["article_id", "start"])
    db["highlight_tags"].create({"highlight_id": int, "tag": str}, pk=("highlight_id", "tag"),
                                foreign_keys=[("highlight_id", "highlights", "id")])
    db["highlight_tags"].create_index(["tag"])
    # Entity results cached by text and pipeline version; per-article rows for library-wide views.
    db["entity_cache"].create({"text_hash": str, "pipeline": str, "mode": str, "data": str, "created": str},
                              pk=("text_hash", "pipeline"))
    db["article_entities"].create({"article_id": int, "name": str, "type": str, "mentions": int, "first": int},
                                  pk=("article_id", "name", "type"),
                                  foreign_keys=[("article_id", "articles", "id")])
    db["article_entities"].create_index(["name"])
    db["entity_corrections"].create({"id": int, "op": str, "data": str, "created": str}, pk="id")
    db["settings"].create({"key": str, "value": str}, pk="key")
    db["articles"].enable_fts(["title", "text", "author", "source", "note"], fts_version="FTS5",
                              create_triggers=True, tokenize="porter")
    db["highlights"].enable_fts(["exact", "note"], fts_version="FTS5", create_triggers=True,
                                tokenize="porter")
    db.execute("PRAGMA user_version = 1")


@migrations(name="m002_search")
def m002_search(db: Database) -> None:
    """Full-text search over tags and entity names; FTS re-indexing only when indexed text changes.

    Tags and entity names go into ``search_terms`` (one row per distinct kind and term, a stable
    integer key), indexed by ``search_terms_fts``; a search matches terms there and joins back to
    ``article_tags``, ``highlight_tags`` and ``article_entities`` by name. Terms are only ever
    added (a stale term simply joins to nothing), so no delete bookkeeping can go wrong.
    m001's update triggers re-indexed an article's whole text on every position save; here they
    fire only when an indexed column changes.
    """
    run = db.execute
    run("CREATE TABLE search_terms (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, term TEXT NOT NULL, "
        "UNIQUE (kind, term))")
    run("CREATE VIRTUAL TABLE search_terms_fts USING FTS5 (term, tokenize='porter', "
        "content='search_terms', content_rowid='id')")
    run("CREATE TRIGGER search_terms_ai AFTER INSERT ON search_terms BEGIN "
        "INSERT INTO search_terms_fts (rowid, term) VALUES (new.id, new.term); END")
    for table, column, kind in (("article_tags", "tag", "tag"), ("highlight_tags", "tag", "tag"),
                                ("article_entities", "name", "entity")):
        for event, when in (("INSERT", "ai"), (f"UPDATE OF {column}", "au")):
            run(f"CREATE TRIGGER {table}_terms_{when} AFTER {event} ON {table} BEGIN "
                f"INSERT OR IGNORE INTO search_terms (kind, term) VALUES ('{kind}', new.{column}); END")
        run(f"INSERT OR IGNORE INTO search_terms (kind, term) SELECT DISTINCT '{kind}', {column} FROM {table}")
    run("CREATE INDEX IF NOT EXISTS article_tags_tag ON article_tags (tag)")
    run("CREATE INDEX IF NOT EXISTS article_entities_name_mentions ON article_entities (name, mentions DESC)")
    for table, columns in (("articles", ("title", "text", "author", "source", "note")),
                           ("highlights", ("exact", "note"))):
        cols = ", ".join(f'"{c}"' for c in columns)
        old = ", ".join(f'old."{c}"' for c in columns)
        new = ", ".join(f'new."{c}"' for c in columns)
        run(f'DROP TRIGGER IF EXISTS "{table}_au"')
        run(f'CREATE TRIGGER "{table}_au" AFTER UPDATE OF {cols} ON "{table}" BEGIN '
            f'INSERT INTO "{table}_fts" ("{table}_fts", rowid, {cols}) VALUES (\'delete\', old.rowid, {old}); '
            f'INSERT INTO "{table}_fts" (rowid, {cols}) VALUES (new.rowid, {new}); END')
    # A title match outranks a body match; author and source count more than a passing mention.
    run("INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', 'bm25(8.0, 1.0, 3.0, 3.0, 2.0)')")
    db.execute("PRAGMA user_version = 2")


@migrations(name="m003_library_listing")
def m003_library_listing(db: Database) -> None:
    """A covering index for the library list, so listing never reads past an article's long text."""
    db.execute("CREATE INDEX IF NOT EXISTS articles_listing ON articles "
               "(id, title, source, author, published, added, opened, progress)")
    db.execute("PRAGMA user_version = 3")


@migrations(name="m004_passages")
def m004_passages(db: Database) -> None:
    """Article text searched passage by passage (``store.passages``), not as one row per article.

    FTS5 ranks and snippets a row by walking every match in it (a snippet compares each match with
    every other), so one search for a common word in a 50 MB article took minutes. The text moves
    to ``passages_fts``, one row per paragraph-sized passage that knows its offsets. ``articles_fts``
    keeps the title, author, source and article note, ``highlights_fts`` the quotes and notes, each
    now holding its own copy of the first ``INDEXED_CHARS`` of every column: a 50 MB quote or note
    is found by its beginning, and no snippet reads more than that.
    """
    from .passages import create_tables, index_passages

    for table, columns, weights in (("articles", ("title", "author", "source", "note"), "8.0, 3.0, 3.0, 2.0"),
                                    ("highlights", ("exact", "note"), "")):
        _bounded_fts(db, table, columns)
        if weights:  # a title match outranks an author or source match, which outranks one in a note
            db.execute(f"INSERT INTO {table}_fts ({table}_fts, rank) VALUES ('rank', 'bm25({weights})')")
    create_tables(db.conn)
    for (article_id,) in db.execute("SELECT id FROM articles ORDER BY id").fetchall():
        (text,) = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        index_passages(db.conn, article_id, text or "")
    db.execute("PRAGMA user_version = 4")


@migrations(name="m005_reading")
def m005_reading(db: Database) -> None:
    """The reading position and the time last opened in a small table of their own, ``reading``
    (one row per article read, deleted with its article), and an index that gives an article's
    content hash by id.

    SQLite writes a row whole: saving the place read, a few times a minute while reading, rewrote
    the article's whole text (5 MB of a 5 MB article into the write-ahead log, then into the file
    at the checkpoint), and every column stored after the text (``content_hash``, ``scroll``) was
    read by walking the text's overflow pages. ``articles.scroll``, ``progress`` and ``opened``
    stay in the table (dropping them would rewrite every article once more) but are no longer
    written or read; their values move here.
    """
    run = db.execute
    run("CREATE TABLE reading (article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE, "
        "scroll INTEGER NOT NULL DEFAULT 0, progress REAL NOT NULL DEFAULT 0.0, opened TEXT NOT NULL DEFAULT '')")
    run("INSERT INTO reading (article_id, scroll, progress, opened) "
        "SELECT id, coalesce(scroll, 0), coalesce(progress, 0.0), coalesce(opened, '') FROM articles "
        "WHERE coalesce(scroll, 0) != 0 OR coalesce(progress, 0.0) != 0 OR coalesce(opened, '') != ''")
    run("CREATE INDEX articles_hash_by_id ON articles (id, content_hash)")
    run("PRAGMA user_version = 5")


INDEXED_CHARS = 10_000


def _bounded_fts(db: Database, table: str, columns: tuple[str, ...]) -> None:
    """``{table}_fts`` rebuilt as an FTS5 table with its own content: each column's first
    ``INDEXED_CHARS``, kept in step by triggers (re-indexing only when an indexed column changes)."""
    run = db.execute
    fts = f"{table}_fts"
    for trigger in (f"{table}_ai", f"{table}_ad", f"{table}_au"):
        run(f'DROP TRIGGER IF EXISTS "{trigger}"')
    run(f"DROP TABLE IF EXISTS {fts}")
    cols = ", ".join(f'"{c}"' for c in columns)
    new = ", ".join(f'substr(new."{c}", 1, {INDEXED_CHARS})' for c in columns)
    run(f"CREATE VIRTUAL TABLE {fts} USING FTS5 ({cols}, tokenize='porter')")
    run(f'CREATE TRIGGER "{table}_ai" AFTER INSERT ON "{table}" BEGIN '
        f'INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new}); END')
    run(f'CREATE TRIGGER "{table}_ad" AFTER DELETE ON "{table}" BEGIN '
        f"DELETE FROM {fts} WHERE rowid = old.rowid; END")
    run(f'CREATE TRIGGER "{table}_au" AFTER UPDATE OF {cols} ON "{table}" BEGIN '
        f"DELETE FROM {fts} WHERE rowid = old.rowid; "
        f'INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new}); END')
    old = ", ".join(f'substr("{c}", 1, {INDEXED_CHARS})' for c in columns)
    run(f'INSERT INTO {fts} (rowid, {cols}) SELECT rowid, {old} FROM "{table}"')
