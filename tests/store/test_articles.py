"""Articles in the library: round trips, de-duplication, migrations from an empty file, positions."""

from __future__ import annotations

import sqlite3

from desktop.core.importers import load
from desktop.store import open_library
from desktop.store.articles import (add_article, get_article, last_article, list_articles, mark_opened,
                                    reading_position, save_position)
from desktop.store.imports import ensure_sample, import_file
from desktop.store.schema import SCHEMA_VERSION


def test_migrations_build_the_schema_from_an_empty_file(db_path):
    db_path.touch()
    lib = open_library(db_path)
    tables = set(lib.db.table_names())
    assert {"articles", "highlights", "highlight_tags", "article_tags", "colors", "entity_cache",
            "article_entities", "entity_corrections", "settings"} <= tables
    assert lib.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert lib.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert lib.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert [r["label"] for r in lib.db["colors"].rows_where(order_by="position")] == [
        "Key point", "Evidence", "Question", "Disagree", "Term"]
    lib.close()
    # Opening again applies nothing twice.
    lib = open_library(db_path)
    assert lib.db["colors"].count == 5
    lib.close()


def test_article_round_trip_keeps_every_field(db_path, sample_path):
    original = load(sample_path)
    lib = open_library(db_path)
    article_id, added = add_article(lib, original, origin=str(sample_path))
    assert added
    lib.close()
    lib = open_library(db_path)
    stored = get_article(lib, article_id)
    for field in ("title", "text", "source", "author", "editor", "published", "url", "meta", "format"):
        assert getattr(stored, field) == getattr(original, field), field
    assert stored.blocks == original.blocks and stored.spans == original.spans
    assert stored.headings == original.headings


def test_same_text_is_recognised_not_imported_twice(db_path, sample_path, tmp_path):
    lib = open_library(db_path)
    (first, _title, added1), = import_file(lib, sample_path)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(b"\xef\xbb\xbf" + sample_path.read_bytes().replace(b"\n", b"\r\n"))
    (second, _title, added2), = import_file(lib, copy)
    assert added1 and not added2 and first == second
    assert len(list_articles(lib)) == 1


def test_list_counts_and_order(db_path, sample_path, tmp_path):
    lib = open_library(db_path)
    import_file(lib, sample_path)
    other = tmp_path / "other.md"
    other.write_text("# Other\n\nSome text.", encoding="utf-8")
    import_file(lib, other)
    rows = list_articles(lib)
    assert [r["title"] for r in rows] == ["Other", "Catering to NATO, Japan seeks to move out of Asia and reach for Europe, again"]
    assert rows[0]["highlights"] == 0 and rows[0]["notes"] == 0


def test_reading_position_and_last_article(db_path, sample_path):
    lib = open_library(db_path)
    (article_id, _t, _a), = import_file(lib, sample_path)
    assert last_article(lib) is None
    mark_opened(lib, article_id)
    save_position(lib, article_id, 1234, 0.4)
    lib.close()
    lib = open_library(db_path)
    assert last_article(lib) == article_id
    assert reading_position(lib, article_id) == 1234


def test_new_library_gets_the_sample_once(db_path):
    lib = open_library(db_path)
    article_id = ensure_sample(lib)
    assert get_article(lib, article_id).source == "China Military Online"
    assert ensure_sample(lib) is None
    lib.db.execute("DELETE FROM articles")
    assert ensure_sample(lib) is None  # a user who deleted it is not given it back


def test_write_is_one_transaction(db_path, sample_path):
    lib = open_library(db_path)
    try:
        with lib.write() as db:
            db.execute("INSERT INTO settings(key, value) VALUES ('a', '1')")
            raise RuntimeError("interrupted")
    except RuntimeError:
        pass
    assert lib.setting("a") == ""
    with lib.write() as db:
        db.execute("INSERT INTO settings(key, value) VALUES ('a', '1')")
    other = sqlite3.connect(db_path)
    assert other.execute("SELECT value FROM settings WHERE key='a'").fetchone() == ("1",)


def test_a_stored_article_carries_its_text_hash_and_a_changed_text_gets_its_own(db_path):
    from dataclasses import replace

    from desktop.core.text import content_hash

    lib = open_library(db_path)
    article = get_article(lib, ensure_sample(lib))
    assert article.content_hash == content_hash(article.text)
    edited = replace(article, text=article.text + " More.")
    assert edited.content_hash == content_hash(article.text + " More.") != article.content_hash
    edited.text = "Something else entirely."
    assert edited.content_hash == content_hash("Something else entirely.")
    lib.close()
