"""Highlight operations: records, validation, undo by restore, colours, notes."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.article import ArticleBuilder
from desktop.core.errors import GlossError, NotFound
from desktop.core.importers import load, parse_text
from desktop.store import open_library
from desktop.store.articles import add_article, get_article, list_articles
from desktop.store.highlights import (RECORD_KEYS, add_highlight, colors, delete_highlight, edit_note,
                                      get_highlight, list_highlights, read_highlights, reattach_highlight,
                                      recolor_highlight, restore_highlight, set_article_note,
                                      set_color_labels, set_tags)

NOTES_KEYS = ["id", "start", "end", "quote", "prefix", "suffix", "color", "label", "note", "tags",
              "status", "created", "updated"]


def span_of(lib, article_id, quote, n=1):
    text = get_article(lib, article_id).text
    start = -1
    for _ in range(n):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


def article_from(text: str, title: str = "T"):
    return parse_text(text, ".txt", title)


def test_add_returns_the_notes_record(lib, sample_id):
    text = get_article(lib, sample_id).text
    start, end = span_of(lib, sample_id, "Koji Yamazaki")
    h = add_highlight(lib, sample_id, start, end, color="Evidence", note="Who is *he*?", tags=["people", "#JSDF", "people"])
    assert list(h) == NOTES_KEYS == list(RECORD_KEYS)
    assert h["quote"] == text[start:end] == "Koji Yamazaki"
    assert h["prefix"] == text[start - 32:start] and h["suffix"] == text[end:end + 32]
    assert (h["color"], h["label"], h["status"]) == ("green", "Evidence", "anchored")
    assert h["tags"] == ["JSDF", "people"]
    assert h["created"] == h["updated"] and h["created"].endswith("Z")
    assert list_highlights(lib, sample_id) == [h]
    stored = get_highlight(lib, h["id"])
    assert stored.pop("article_id") == sample_id and stored == h
    # listed in the library counts
    row = [r for r in list_articles(lib) if r["id"] == sample_id][0]
    assert (row["highlights"], row["notes"]) == (1, 1)


def test_context_at_the_edges(lib, sample_id):
    text = get_article(lib, sample_id).text
    first = add_highlight(lib, sample_id, 0, 5)
    assert first["prefix"] == "" and first["quote"] == text[:5] and first["suffix"] == text[5:37]
    last = add_highlight(lib, sample_id, len(text) - 4, len(text))
    assert last["suffix"] == "" and last["quote"] == text[-4:] and last["prefix"] == text[-36:-4]


def test_colour_by_key_or_label_any_case(lib, sample_id):
    assert add_highlight(lib, sample_id, 0, 3, color="BLUE")["color"] == "blue"
    assert add_highlight(lib, sample_id, 0, 3, color="key POINT")["color"] == "yellow"
    assert add_highlight(lib, sample_id, 0, 3)["color"] == "yellow"  # the first colour
    with pytest.raises(GlossError, match="Unknown colour 'pink'; use one of: yellow"):
        add_highlight(lib, sample_id, 0, 3, color="pink")


@pytest.mark.parametrize("start, end, message", [
    (5, 5, "Empty highlight"), (7, 3, "Empty highlight"), (-1, 4, "outside article"),
    (0, 10**7, "outside article"),
])
def test_bad_spans_are_refused_with_one_line(lib, sample_id, start, end, message):
    with pytest.raises(GlossError, match=message) as info:
        add_highlight(lib, sample_id, start, end)
    assert "\n" not in str(info.value)
    assert list_highlights(lib, sample_id) == []


def test_unknown_ids(lib, sample_id):
    with pytest.raises(NotFound):
        add_highlight(lib, 999, 0, 3)
    for op, args in [(get_highlight, ()), (delete_highlight, ()), (edit_note, ("x",)), (recolor_highlight, ("blue",)),
                     (set_tags, (["a"],)), (reattach_highlight, (0, 3))]:
        with pytest.raises(NotFound, match="No highlight 42"):
            op(lib, 42, *args)
    with pytest.raises(NotFound):
        set_article_note(lib, 999, "x")
    with pytest.raises(GlossError, match="tag cannot be empty"):
        add_highlight(lib, sample_id, 0, 3, tags=["ok", "  "])


def test_each_change_returns_its_undo(lib, sample_id):
    h = add_highlight(lib, sample_id, 10, 20, note="first", tags=["a"])
    original = get_highlight(lib, h["id"])
    before = recolor_highlight(lib, h["id"], "red")
    assert before == original and get_highlight(lib, h["id"])["label"] == "Disagree"
    before2 = edit_note(lib, h["id"], "second **note**")
    assert before2["note"] == "first" and get_highlight(lib, h["id"])["note"] == "second **note**"
    before3 = set_tags(lib, h["id"], ["b", "c"])
    assert before3["tags"] == ["a"] and get_highlight(lib, h["id"])["tags"] == ["b", "c"]
    # undo in reverse order
    restore_highlight(lib, before3)
    assert get_highlight(lib, h["id"])["tags"] == ["a"]
    restore_highlight(lib, before2)
    assert get_highlight(lib, h["id"])["note"] == "first"
    restore_highlight(lib, before)
    assert get_highlight(lib, h["id"]) == original


def test_delete_and_restore_keep_the_id_and_everything(lib, sample_id):
    a = add_highlight(lib, sample_id, 30, 40, color="purple", note="keep me", tags=["t1", "t2"])
    b = add_highlight(lib, sample_id, 50, 60)
    record = delete_highlight(lib, a["id"])
    assert [h["id"] for h in list_highlights(lib, sample_id)] == [b["id"]]
    assert lib.db.execute("SELECT count(*) FROM highlight_tags").fetchone()[0] == 0
    restored = restore_highlight(lib, record)
    assert restored == record
    assert list_highlights(lib, sample_id)[0] == {k: record[k] for k in NOTES_KEYS}
    # the full-text index follows (search uses it)
    hits = lib.db.execute("SELECT rowid FROM highlights_fts WHERE highlights_fts MATCH 'keep'").fetchall()
    assert hits == [(a["id"],)]
    # a record that survived a JSON round trip (e.g. a QUndoCommand's stored state) works too
    delete_highlight(lib, a["id"])
    restore_highlight(lib, json.loads(json.dumps(record)))
    assert get_highlight(lib, a["id"]) == record
    with pytest.raises(GlossError):
        restore_highlight(lib, {"id": 5})


def test_reattach_an_orphan_and_undo(lib, sample_id):
    h = add_highlight(lib, sample_id, 100, 110)
    lib.db.execute("UPDATE highlights SET status = 'orphaned' WHERE id = ?", [h["id"]])
    start, end = span_of(lib, sample_id, "NATO", 2)
    before = reattach_highlight(lib, h["id"], start, end)
    now = get_highlight(lib, h["id"])
    assert before["status"] == "orphaned" and now["status"] == "anchored"
    assert (now["start"], now["end"], now["quote"]) == (start, end, "NATO")
    restore_highlight(lib, before)
    assert get_highlight(lib, h["id"]) == before
    with pytest.raises(GlossError, match="Empty highlight"):
        reattach_highlight(lib, h["id"], 5, 5)


def test_document_order_orphans_last(lib, sample_id):
    c = add_highlight(lib, sample_id, 300, 310)
    a = add_highlight(lib, sample_id, 5, 15)
    b = add_highlight(lib, sample_id, 5, 12)
    o = add_highlight(lib, sample_id, 1, 3)
    lib.db.execute("UPDATE highlights SET status = 'orphaned' WHERE id = ?", [o["id"]])
    assert [h["id"] for h in list_highlights(lib, sample_id)] == [b["id"], a["id"], c["id"], o["id"]]


def test_colours_and_labels(lib, sample_id):
    assert [c["key"] for c in colors(lib)] == ["yellow", "green", "blue", "red", "purple"]
    h = add_highlight(lib, sample_id, 0, 4, color="blue")
    assert set_color_labels(lib, {"BLUE": "  Open   question "}) == {"blue": "Question"}
    assert get_highlight(lib, h["id"])["label"] == "Open question"
    assert add_highlight(lib, sample_id, 0, 4, color="open question")["color"] == "blue"
    with pytest.raises(GlossError, match="already used"):
        set_color_labels(lib, {"red": "evidence"})
    with pytest.raises(GlossError, match="empty"):
        set_color_labels(lib, {"red": " "})
    with pytest.raises(NotFound):
        set_color_labels(lib, {"pink": "Pink"})
    assert set_color_labels(lib, {"blue": "Question"}) == {"blue": "Open question"}
    assert set_color_labels(lib, {"blue": "Question"}) == {}  # unchanged: nothing to undo


def test_colour_labels_change_together_or_not_at_all(lib, sample_id):
    labels = {c["key"]: c["label"] for c in colors(lib)}
    h = add_highlight(lib, sample_id, 0, 4, color="yellow")
    # two colours swap their labels: one step, and what it returns undoes it
    before = set_color_labels(lib, {"Yellow": labels["green"], "green": labels["yellow"], "blue": labels["blue"]})
    assert before == {"yellow": labels["yellow"], "green": labels["green"]}  # blue did not change
    assert get_highlight(lib, h["id"])["label"] == labels["green"]
    assert set_color_labels(lib, before) == {"yellow": labels["green"], "green": labels["yellow"]}
    assert {c["key"]: c["label"] for c in colors(lib)} == labels
    # one bad label refuses the whole change
    for bad, message in (({"yellow": "Claim", "red": labels["blue"]}, "already used"),
                         ({"yellow": "Claim", "green": "claim"}, "already used"),
                         ({"yellow": "Claim", "green": "red"}, "already used"),
                         ({"yellow": "Claim", "red": "  "}, "empty"),
                         ({"yellow": "Claim", "pink": "Pink"}, "No colour")):
        with pytest.raises(GlossError, match=message):
            set_color_labels(lib, bad)
        assert {c["key"]: c["label"] for c in colors(lib)} == labels


def test_article_note(lib, sample_id):
    assert set_article_note(lib, sample_id, "# Summary\n\n- a *point*") == ""
    assert get_article(lib, sample_id).note == "# Summary\n\n- a *point*"
    assert set_article_note(lib, sample_id, "") == "# Summary\n\n- a *point*"


def test_operations_are_transactions(lib, sample_id, monkeypatch):
    h = add_highlight(lib, sample_id, 0, 4, tags=["a"])
    import desktop.store.highlights as module

    def boom(*args):
        raise RuntimeError("disk on fire")

    record = delete_highlight(lib, h["id"])
    monkeypatch.setattr(module, "_set_tags", boom)  # fails after the row is written
    with pytest.raises(RuntimeError):
        add_highlight(lib, sample_id, 5, 9)
    with pytest.raises(RuntimeError):
        restore_highlight(lib, record)
    assert list_highlights(lib, sample_id) == []
    assert not lib.db.conn.in_transaction


def test_written_highlights_are_visible_to_another_connection(lib, sample_id, db_path):
    h = add_highlight(lib, sample_id, 0, 4, note="seen")
    other = open_library(db_path)
    assert list_highlights(other, sample_id)[0]["note"] == "seen"
    other.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spans=st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6), st.booleans(), st.booleans()), max_size=40),
       page=st.integers(1, 7))
def test_reading_a_page_at_a_time_gives_every_highlight_once(lib, sample_id, spans, page):
    """Pages walk (start, id) from where the last stopped: ties in start across a page edge, orphans
    and tags are all read once, the same records ``gloss notes`` gives."""
    lib.db.execute("DELETE FROM highlight_tags WHERE highlight_id IN (SELECT id FROM highlights)")
    lib.db.execute("DELETE FROM highlights WHERE article_id = ?", [sample_id])
    text = get_article(lib, sample_id).text
    for start, length, orphan, tagged in spans:
        if not text[start:start + length].strip():
            continue  # white space alone is not highlighted
        h = add_highlight(lib, sample_id, start, start + length, tags=["t"] if tagged else ())
        if orphan:
            lib.db.execute("UPDATE highlights SET status = 'orphaned' WHERE id = ?", [h["id"]])
    paged = list(read_highlights(lib, sample_id, page=page))
    assert [(h["start"], h["id"]) for h in paged] == sorted((h["start"], h["id"]) for h in paged)
    assert sorted(paged, key=lambda h: h["id"]) == sorted(list_highlights(lib, sample_id), key=lambda h: h["id"])


def test_add_is_fast_with_ten_thousand_highlights(lib, sample_id):
    builder = ArticleBuilder()
    paragraph = ("Analysts say the alliance 😀 will meet in Brussels; 中文 quotes and 𝒳 symbols appear. " * 12).strip()
    for _ in range(1_000_000 // len(paragraph)):
        builder.add("paragraph", paragraph)
    big = builder.build("Big article")
    big_id, _ = add_article(lib, big)
    n = len(big.text)
    rows = [(big_id, i * 97 % (n - 50), i * 97 % (n - 50) + 20, "x", "", "", "yellow", "", "anchored", "t", "t")
            for i in range(10_000)]
    with lib.write() as db:
        db.conn.executemany('INSERT INTO highlights (article_id, start, "end", exact, prefix, suffix, color, note, '
                            "status, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    # Speed is the benchmark's business (python -m desktop.bench); here: exact among 10,000.
    for i in range(60):
        start = (i * 15_013) % (n - 100)
        h = add_highlight(lib, big_id, start, start + 40, color="green", note="n", tags=["tag"])
        assert h["quote"] == big.text[start:start + 40].strip() == big.text[h["start"]:h["end"]]
        assert h["prefix"] == big.text[max(0, h["start"] - 32):h["start"]]


def test_white_space_at_the_ends_of_a_selection_is_left_out(lib):
    article_id, _ = add_article(lib, article_from("Title\n\nOpening words of the first paragraph.\n\n"
                                                  "Second paragraph follows here.\n"))
    text = get_article(lib, article_id).text
    start = text.index(" words")  # " words of the first paragraph.\n" as a drag selects it
    end = text.index("Second")
    h = add_highlight(lib, article_id, start, end)
    assert h["quote"] == "words of the first paragraph." == text[h["start"]:h["end"]]
    assert (h["start"], h["end"]) == (start + 1, end - 1)
    assert get_highlight(lib, h["id"])["quote"] == "words of the first paragraph."
    assert get_highlight(lib, h["id"])["prefix"].endswith("Opening ")  # the context is read from the trimmed span


def test_a_selection_of_white_space_alone_is_refused(lib, sample_id):
    text = get_article(lib, sample_id).text
    gap = text.index("\n")
    with pytest.raises(GlossError, match="only white space"):
        add_highlight(lib, sample_id, gap, gap + 1)
    assert list_highlights(lib, sample_id) == []


def test_reattaching_trims_the_new_selection_too(lib, sample_id):
    start, end = span_of(lib, sample_id, "Koji Yamazaki")
    h = add_highlight(lib, sample_id, start, end)
    other, _ = span_of(lib, sample_id, "NATO")
    reattach_highlight(lib, h["id"], other - 1, other + 4)  # " NATO"
    assert get_highlight(lib, h["id"])["quote"] == "NATO"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_trimmed_highlight_is_the_selection_less_its_edges(lib, sample_id, data):
    text = get_article(lib, sample_id).text
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 80)))
    try:
        h = add_highlight(lib, sample_id, start, end)
    except GlossError:
        assert not text[start:end].strip()
        return
    assert h["quote"] == text[start:end].strip() == text[h["start"]:h["end"]]
    delete_highlight(lib, h["id"])
