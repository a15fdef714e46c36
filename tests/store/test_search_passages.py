"""Searching long articles passage by passage: exact places, snippets from the passage, capped work,
cancellation, and a reader connection on another thread."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from desktop.core.importers import parse_text
from desktop.store import open_library, open_reader
from desktop.store.articles import add_article, get_article
from desktop.store.library_ops import delete_article, restore_article
from desktop.store.revisions import update_article_text
from desktop.store.search import SearchCancelled, search
from desktop.store.search_text import BUDGET


def long_article(paragraphs: int, special: dict[int, str] | None = None, title: str = "A long report") -> str:
    body = []
    for i in range(paragraphs):
        line = (special or {}).get(i) or (f"Paragraph {i} of {title} says the same thing about the harbour, "
                                          f"the port and the ships that call at the quay every other morning.")
        body.append(line)
    return f"{title}\n\n" + "\n\n".join(body)


def add(lib, text: str) -> int:
    return add_article(lib, parse_text(text, ".txt", "report"))[0]


def test_a_word_deep_in_a_long_article_is_found_at_its_place(lib):
    aid = add(lib, long_article(20_000, {15_000: "Here alone the zeppelin hovers over the harbour."}))
    (hit,) = search(lib, "zeppelin")
    text = get_article(lib, aid).text
    assert hit["kind"] == "article" and hit["article"] == aid
    assert text[hit["start"]:hit["end"]] == "zeppelin"
    assert "[zeppelin]" in hit["snippet"] and len(hit["snippet"]) < 300
    # a common word: one result, its place the first passage that has it
    (common,) = [r for r in search(lib, "harbour") if r["kind"] == "article"]
    assert text[common["start"]:common["end"]].lower() == "harbour"
    assert common["start"] < 1000


def test_a_common_word_in_a_4_mb_article_is_answered_in_bounded_time(lib):
    """Before passages, this search took 12.8 s (snippets compare every match with every other)."""
    add(lib, long_article(40_000))
    search(lib, "the")
    t0 = time.perf_counter()
    results = search(lib, "the")
    assert time.perf_counter() - t0 < 2.0
    assert results and results[0]["start"] is not None


def test_work_per_query_is_capped(lib, monkeypatch):
    from desktop.store import search_text

    for k in range(5):
        add(lib, long_article(400, title=f"Report {k}"))
    read = []
    real = search_text._best_passages

    def counting(conn, wanted, check):
        best, rows = real(conn, wanted, check)
        read.append(rows)
        return best, rows

    monkeypatch.setattr(search_text, "_best_passages", counting)
    monkeypatch.setattr(search_text, "BUDGET", 100)
    monkeypatch.setattr(search_text, "PER_ARTICLE", 3)
    results = search(lib, "harbour")
    assert read[0] <= 100
    assert {r["article"] for r in results} == {1, 2, 3, 4, 5}  # each article met, none crowding out the rest


def test_all_words_in_one_passage_or_in_the_title(lib):
    a = add(lib, long_article(50, {3: "The glacier retreats.", 40: "The fjord freezes."}, title="Ice report"))
    b = add(lib, long_article(50, {7: "The glacier meets the fjord."}, title="Coast report"))
    assert [r["article"] for r in search(lib, "glacier fjord")] == [b]
    assert {r["article"] for r in search(lib, "ice glacier")} == {a}  # title word with a text word


def test_excluded_word_anywhere_in_the_article_drops_it(lib):
    a = add(lib, long_article(50, {2: "The glacier retreats.", 45: "Later the fjord froze."}))
    b = add(lib, long_article(50, {9: "A glacier is mentioned here too."}, title="Other report"))
    assert [r["article"] for r in search(lib, "glacier -fjord")] == [b]
    assert {r["article"] for r in search(lib, "glacier")} == {a, b}


def test_excluded_words_are_looked_for_once_for_all_the_results(lib, monkeypatch):
    """Each result was checked for an excluded word by queries of its own (two of the library's
    index each, ~0.1 ms apiece at 10,000 articles); now one a word for all of them, where that
    word's rows among theirs are few, and article by article past that, with the same results."""
    from desktop.store import search_text

    ids = [add(lib, long_article(3, {1: "The glacier calved." + (" A fjord too." if k % 3 == 0 else "")},
                                 title=f"Report {k}" + (" on the fjord" if k % 5 == 0 else "")))
           for k in range(40)]
    fjordless = [a for k, a in enumerate(ids) if k % 3 and k % 5]

    def index_queries(limit: int) -> tuple[list[int], int]:
        statements: list[str] = []
        lib.conn.set_trace_callback(statements.append)
        try:
            found = [r["article"] for r in search(lib, "glacier -fjord", limit=limit)]
        finally:
            lib.conn.set_trace_callback(None)
        return found, sum(" MATCH " in sql.upper() for sql in statements)

    few, asked_few = index_queries(3)
    many, asked_many = index_queries(len(fjordless))
    assert set(many) == set(fjordless) and many[:3] == few
    assert asked_many == asked_few
    monkeypatch.setattr(search_text, "SPAN_ROWS", 1)  # a common excluded word: article by article
    assert index_queries(len(fjordless))[0] == many


def test_passages_follow_updates_deletes_and_undo(lib):
    aid = add(lib, long_article(30, {10: "The old zeppelin."}))
    update_article_text(lib, aid, parse_text(long_article(30, {20: "A new airship."}), ".txt", "r"))
    assert search(lib, "zeppelin") == []
    (hit,) = search(lib, "airship")
    assert get_article(lib, aid).text[hit["start"]:hit["end"]] == "airship"
    record = delete_article(lib, aid)
    assert search(lib, "airship") == []
    assert lib.conn.execute("SELECT count(*) FROM passages").fetchone()[0] == 0
    restore_article(lib, record)
    assert [r["article"] for r in search(lib, "airship")] == [aid]
    for fts in ("passages_fts", "articles_fts", "highlights_fts"):  # raises if an index drifted
        lib.conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('integrity-check')")


def test_should_stop_cancels_a_search(lib):
    add(lib, long_article(2_000))
    calls = []

    def stop_after_a_few() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(SearchCancelled):
        search(lib, "harbour", should_stop=stop_after_a_few)
    assert search(lib, "harbour")  # the connection is fine afterwards, nothing left installed
    with pytest.raises(SearchCancelled):
        search(lib, "harbour", should_stop=lambda: True)


def test_sqlite_interrupts_a_query_under_way(lib):
    """should_stop is also asked inside a query (SQLite's progress handler), not only between them."""
    from desktop.store.search import _cancellable

    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 3

    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    t0 = time.perf_counter()
    with pytest.raises(SearchCancelled):
        with _cancellable(lib.conn, stop):
            lib.conn.execute(endless).fetchone()
    assert time.perf_counter() - t0 < 5 and len(calls) == 4


def test_a_reader_searches_on_its_own_thread_while_the_app_writes(db_path):
    lib = open_library(db_path)
    add(lib, long_article(500, {250: "The zeppelin lands."}))
    found: list = []
    errors: list = []

    def worker() -> None:
        reader = open_reader(db_path)
        try:
            for _ in range(20):
                found.append(len(search(reader, "zeppelin")))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            reader.close()

    thread = threading.Thread(target=worker)
    thread.start()
    for k in range(20):
        lib.set_setting("k", str(k))  # the app goes on writing meanwhile
    thread.join(30)
    assert not errors and found and all(n == 1 for n in found)
    reader = open_reader(db_path)
    with pytest.raises(sqlite3.OperationalError):
        reader.conn.execute("DELETE FROM articles")  # a reader never writes
    reader.close()
    assert get_article(lib, 1).title
    lib.close()
