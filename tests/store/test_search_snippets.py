"""Search snippets: made from a copy of the rows shown, the same text FTS5 makes on the library's
own index, with work that does not grow with the matches between the results."""

from __future__ import annotations

import json

import pytest

from desktop.core.article import ArticleBuilder
from desktop.core.importers import parse_text
from desktop.store import search_text
from desktop.store.articles import add_article
from desktop.store.db import now
from desktop.store.highlights import add_highlight, edit_note, set_tags
from desktop.store.passages import index_passages
from desktop.store.search import MARKS, fts_query, search

QUERIES = ("harbour", "dredging", '"outer harbour"', "dredg*", "harbour OR glacier", "Rotterdam harbour",
           "café", "ice")


def _own(conn, fts: str, expression: str, column: int, tokens: int, whole: bool) -> dict[int, str]:
    """FTS5's snippets (or highlights) of every matching row, made on the library's index itself."""
    function = (f"highlight({fts}, {column}, ?, ?)" if whole
                else f"snippet({fts}, {column}, ?, ?, ?, ?)")
    args = [*MARKS] if whole else [*MARKS, "…", tokens]
    return dict(conn.execute(f"SELECT rowid, {function} FROM {fts} WHERE {fts} MATCH ?", [*args, expression]))


@pytest.fixture
def varied(lib):
    texts = [
        ("Harbour dredging in Rotterdam", "The port authority began dredging the outer harbour in spring. " * 30
         + "Later, dredgers left the harbour; the café by the quay reopened."),
        ("Alpine glaciers retreat", "Glaciers in the Alps lost a tenth of their ice; the harbour town below flooded. "
         "Café owners — <b>angry</b> — spoke of the glacier's “retreat”."),
        ("Notes on ice", "Ice, ice and more ice: the harbour froze, the outer harbour first."),
    ]
    ids = [add_article(lib, parse_text(f"{title}\n\n{body}", ".txt", title))[0] for title, body in texts]
    hid = add_highlight(lib, ids[0], 4, 40, "yellow")["id"]
    edit_note(lib, hid, "Why the <i>outer harbour</i> matters: dredging costs.")
    set_tags(lib, hid, ["harbour/dredging"])
    add_highlight(lib, ids[2], 0, 20, "blue")
    return ids


@pytest.mark.parametrize("query", QUERIES)
def test_snippets_are_fts5s_own_to_the_character(lib, varied, query):
    expression = fts_query(query)
    for fts, column, tokens, whole in (("passages_fts", 0, 14, False), ("articles_fts", -1, 14, False),
                                       ("highlights_fts", 0, 14, False), ("highlights_fts", 1, 14, False),
                                       ("search_terms_fts", 0, 0, True)):
        own = _own(lib.conn, fts, expression, column, tokens, whole)
        made = search_text.snippets(lib.conn, fts, expression, list(own), column, MARKS, "…", tokens, whole=whole)
        assert made == own, (fts, column)


def test_a_row_gone_has_no_snippet(lib, varied):
    expression = fts_query("harbour")
    rowids = list(_own(lib.conn, "passages_fts", expression, 0, 14, False))
    made = search_text.snippets(lib.conn, "passages_fts", expression, [*rowids, 10**9], 0, MARKS, "…", 14)
    assert set(made) == set(rowids)


def _library_of_briefs(lib, count: int, good_every: int) -> None:
    """``count`` one-passage articles holding "harbour" once; every ``good_every``-th twice, so
    the best results lie that many matches apart in the scan, newest first."""
    with lib.transaction() as conn:
        for k in range(count):
            word = "harbour harbour" if k % good_every == 0 else "harbour quay"
            builder = ArticleBuilder()
            builder.add("paragraph", f"Brief {k} on the {word} and the ships that call there.")
            article = builder.build(f"Brief {k}")
            cursor = conn.execute(
                "INSERT INTO articles (title, format, text, blocks, spans, content_hash, added) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [article.title, article.format, article.text, json.dumps(article.blocks_json()),
                 json.dumps(article.spans_json()), article.content_hash, now()])
            index_passages(conn, cursor.lastrowid, article.text)


def _index_queries(lib, query: str, limit: int) -> tuple[list[dict], int]:
    """A search's results and how many of its statements read a full-text index of the library."""
    statements: list[str] = []
    lib.conn.set_trace_callback(statements.append)
    try:
        results = search(lib, query, limit=limit)
    finally:
        lib.conn.set_trace_callback(None)
    return results, sum(" MATCH " in sql.upper() for sql in statements)


def test_more_results_scattered_among_the_matches_ask_the_index_nothing_more(lib):
    """Snippets were made by queries over the library's index, one per run of results; results
    130 matches apart took one each (each query reads the words' lists afresh: ~0.1 ms at 10,000
    articles). Now a snippet costs the same wherever its row lies among the candidates."""
    _library_of_briefs(lib, 1_700, 130)
    one, few = _index_queries(lib, "harbour", 1)
    many, more = _index_queries(lib, "harbour", 13)
    assert all(r["snippet"].count("[harbour]") == 2 for r in many)  # the thirteen best, each with its snippet
    assert len({r["article"] for r in many}) == 13 and one[0] == many[0]
    assert more == few
