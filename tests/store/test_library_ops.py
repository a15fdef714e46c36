"""Article tags, the library list, and deleting an article with everything attached, then undoing it."""

from __future__ import annotations

import pytest

from desktop.core.errors import GlossError, NotFound
from desktop.core.importers import parse_text
from desktop.store.articles import add_article, get_article, list_articles, save_position
from desktop.store.highlights import add_highlight, list_highlights
from desktop.store.library_ops import (all_tags, article_tags, delete_article, library_rows,
                                       restore_article, set_article_tags)


def test_tags_are_cleaned_replaced_and_return_the_previous(lib, sample_id):
    assert set_article_tags(lib, sample_id, ["#Japan ", "defence  policy", "Japan"]) == []
    assert article_tags(lib, sample_id) == ["Japan", "defence policy"]
    assert set_article_tags(lib, sample_id, ["NATO"]) == ["Japan", "defence policy"]
    assert article_tags(lib, sample_id) == ["NATO"]
    with pytest.raises(GlossError):
        set_article_tags(lib, sample_id, ["  "])
    assert article_tags(lib, sample_id) == ["NATO"]
    with pytest.raises(NotFound):
        set_article_tags(lib, 999, ["x"])


def test_library_rows_carry_counts_tags_and_progress(lib, sample_id):
    text = get_article(lib, sample_id).text
    start = text.index("NATO")
    add_highlight(lib, sample_id, start, start + 4, note="who invited whom")
    add_highlight(lib, sample_id, start + 10, start + 20)
    set_article_tags(lib, sample_id, ["alliances"])
    save_position(lib, sample_id, 120, 0.4)
    save_position(lib, sample_id, 40, 0.2)  # scrolled back: the furthest place reached is the progress
    (row,) = library_rows(lib)
    assert (row["highlights"], row["notes"], row["tags"], row["progress"]) == (2, 1, ["alliances"], 0.4)
    assert row["title"].startswith("Catering to NATO") and row["source"] == "China Military Online"
    assert all_tags(lib) == ["alliances"]


def _snapshot(lib):
    tables = ["articles", "article_tags", "highlights", "highlight_tags", "article_entities"]
    return {t: sorted(map(tuple, lib.db.execute(f"SELECT rowid, * FROM {t}").fetchall())) for t in tables}


def test_delete_then_restore_puts_everything_back_with_the_same_ids(lib, sample_id):
    other, _ = add_article(lib, parse_text("Other\n\nSomething else entirely.", ".txt", "Other"))
    text = get_article(lib, sample_id).text
    start = text.index("Japan")
    h1 = add_highlight(lib, sample_id, start, start + 5, color="green", note="**bold** note", tags=["a", "b"])
    add_highlight(lib, sample_id, start + 30, start + 40)
    add_highlight(lib, other, 0, 9, tags=["kept"])
    set_article_tags(lib, sample_id, ["asia", "europe"])
    with lib.write() as db:
        db.execute('INSERT INTO article_entities (article_id, name, type, mentions, "first") VALUES (?, ?, ?, ?, ?)',
                   [sample_id, "Japan", "GPE", 12, start])
    before = _snapshot(lib)

    record = delete_article(lib, sample_id)
    assert record["article"]["id"] == sample_id and record["tags"] == ["asia", "europe"]
    assert len(record["highlights"]) == 2 and len(record["highlight_tags"]) == 2
    assert [e["name"] for e in record["entities"]] == ["Japan"]
    assert [r["id"] for r in list_articles(lib)] == [other]
    with pytest.raises(NotFound):
        get_article(lib, sample_id)
    assert lib.db.execute("SELECT count(*) FROM highlights WHERE article_id = ?", [sample_id]).fetchone()[0] == 0
    assert [h["tags"] for h in list_highlights(lib, other)] == [["kept"]]

    assert restore_article(lib, record) == sample_id
    assert _snapshot(lib) == before
    assert list_highlights(lib, sample_id)[0]["id"] == h1["id"]
    assert get_article(lib, sample_id).text == text
    assert lib.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_restore_is_refused_cleanly_when_the_text_came_back(lib, sample_id, sample_path):
    from desktop.store.imports import import_file

    record = delete_article(lib, sample_id)
    (again, _title, added), = import_file(lib, sample_path)
    assert added
    with pytest.raises(GlossError):
        restore_article(lib, record)
    assert [r["id"] for r in list_articles(lib)] == [again]  # nothing half-restored


def test_deleting_a_missing_article_says_so(lib):
    with pytest.raises(NotFound):
        delete_article(lib, 42)
