"""The library's schema as named migrations (sqlite-utils ``Migrations``), oldest first.

``SCHEMA_VERSION`` is written to ``PRAGMA user_version`` by the newest migration; a file whose
version is higher was written by a newer Gloss and is refused, never migrated backwards.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

SCHEMA_VERSION = 1
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
