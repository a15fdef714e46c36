"""The place read and the time opened: kept apart from the article's row, so saving them while
reading a long article writes a few pages, not its text again (SQLite writes a row whole)."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from desktop.core.importers import parse_text
from desktop.store import open_library
from desktop.store.articles import add_article, list_articles, mark_opened, reading_position, save_position
from desktop.store.library_ops import delete_article, library_rows, restore_article
from desktop.store.schema import migrations


def _long_article(lib, paragraphs: int = 4000) -> int:
    text = "# A long read\n\n" + "\n\n".join(f"Paragraph {i}: the harbour, the quay and the ships." * 4
                                             for i in range(paragraphs))
    article_id, _ = add_article(lib, parse_text(text, ".md", "A long read"))
    return article_id


def _pages_logged(lib, write) -> int:
    """Pages ``write()`` put in the write-ahead log (the log emptied first)."""
    lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    write()
    _busy, logged, _copied = lib.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return logged


def test_saving_the_place_or_opening_writes_a_few_pages_not_the_articles_text(lib):
    article_id = _long_article(lib)  # about 850,000 characters: some 200 pages of 4 KB
    text_pages = lib.conn.execute("SELECT length(CAST(text AS BLOB)) FROM articles WHERE id = ?",
                                  [article_id]).fetchone()[0] // 4096
    assert text_pages > 150
    # What writing anything into the article's own row costs: its whole text again.
    whole_row = _pages_logged(lib, lambda: lib.conn.execute("UPDATE articles SET note_updated = 'x' WHERE id = ?",
                                                            [article_id]))
    assert whole_row > text_pages
    assert _pages_logged(lib, lambda: save_position(lib, article_id, 500_000, 0.6)) < 10
    assert _pages_logged(lib, lambda: save_position(lib, article_id, 510_000, 0.61)) < 10
    assert _pages_logged(lib, lambda: mark_opened(lib, article_id)) < 10
    assert reading_position(lib, article_id) == 510_000
    (row,) = [r for r in list_articles(lib) if r["id"] == article_id]
    assert row["progress"] == 0.61 and row["opened"]


def test_the_furthest_place_is_the_progress_and_a_missing_article_is_no_error(lib, sample_id):
    assert reading_position(lib, sample_id) == 0
    save_position(lib, sample_id, 900, 0.5)
    save_position(lib, sample_id, 300, 0.2)  # scrolled back up
    assert reading_position(lib, sample_id) == 300
    assert library_rows(lib)[0]["progress"] == 0.5
    save_position(lib, 999, 10, 0.1)  # deleted meanwhile: nothing kept, nothing raised
    mark_opened(lib, 999)
    assert reading_position(lib, 999) == 0
    assert lib.conn.execute("SELECT count(*) FROM reading WHERE article_id = 999").fetchone()[0] == 0


def test_the_place_goes_with_a_deleted_article_and_comes_back_with_it(lib, sample_id):
    save_position(lib, sample_id, 777, 0.3)
    mark_opened(lib, sample_id)
    record = delete_article(lib, sample_id)
    assert lib.conn.execute("SELECT count(*) FROM reading").fetchone()[0] == 0
    restore_article(lib, record)
    assert reading_position(lib, sample_id) == 777
    (row,) = library_rows(lib)
    assert row["progress"] == 0.3 and row["opened"]


def test_m005_moves_the_place_read_out_of_the_article_rows(db_path):
    """A library from before ``reading``: every article's place, progress and time opened are
    where they were after the upgrade; an article never read gets no row."""
    old = Migrations("gloss")
    for m in migrations._migrations[:4]:
        old(name=m.name)(m.fn)
    conn = sqlite3.connect(db_path, isolation_level=None)
    db = Database(conn)
    old.apply(db)
    for n, (scroll, progress, opened) in enumerate([(1234, 0.5, "2025-01-02T03:04:05Z"), (0, 0.0, "")]):
        db["articles"].insert({"title": f"Old {n}", "text": f"Old text {n}.", "content_hash": str(n) * 64,
                               "blocks": "[]", "added": "2024-01-01T00:00:00Z", "scroll": scroll,
                               "progress": progress, "opened": opened})
    conn.close()
    lib = open_library(db_path)
    try:
        assert reading_position(lib, 1) == 1234 and reading_position(lib, 2) == 0
        rows = {r["id"]: r for r in list_articles(lib)}
        assert (rows[1]["progress"], rows[1]["opened"]) == (0.5, "2025-01-02T03:04:05Z")
        assert (rows[2]["progress"], rows[2]["opened"]) == (0.0, "")
        assert [r[0] for r in lib.conn.execute("SELECT article_id FROM reading")] == [1]
        assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        lib.close()
