"""Ranking without a count over the whole index (``store.search_score``): the rarer word wins, more
matches win, phrases and prefixes are counted as FTS5 matches them, and the work a query does
does not grow with the matching rows older than its candidates."""

from __future__ import annotations

import pytest

from desktop.bench.data import fill_library_bulk
from desktop.core.importers import parse_text
from desktop.store import search_score, search_text
from desktop.store.articles import add_article
from desktop.store.highlights import add_highlight
from desktop.store.search import fts_query, search
from desktop.store.search_score import Scorer, fold_all, phrases


def add(lib, title: str, body: str) -> int:
    return add_article(lib, parse_text(f"{title}\n\n{body}", ".txt", title))[0]


FILLER = "The committee met on Tuesday and went through the agenda item by item before lunch."


@pytest.fixture(params=["fts5 rank", "candidates scored"])
def path(request, monkeypatch):
    """Both ways of ranking: FTS5's own bm25 (small counts) and the candidates' own scoring, which
    a large library takes for common words (here forced with tiny thresholds)."""
    if request.param == "candidates scored":
        monkeypatch.setattr(search_score, "DF_PROBE", 2)
        monkeypatch.setattr(search_score, "RANK_ROWS", 0)
    return request.param


def test_the_rarer_word_ranks_first_for_either_word(lib, path):
    common = [add(lib, f"Report {k}", f"The harbour was busy. {FILLER}") for k in range(12)]
    rare = add(lib, "Report on the airship", f"A zeppelin was seen. {FILLER}")
    results = [r["article"] for r in search(lib, "harbour OR zeppelin") if r["kind"] == "article"]
    assert results[0] == rare
    assert set(results) == {rare, *common}


def test_more_occurrences_rank_higher(lib, path):
    once = add(lib, "Report one", f"The harbour was busy. {FILLER} {FILLER}")
    thrice = add(lib, "Report two", f"The harbour, the harbour wall and the harbour master. {FILLER} {FILLER}")
    for k in range(6):
        add(lib, f"Report {k + 3}", f"Harbour news. {FILLER} {FILLER}")
    results = [r["article"] for r in search(lib, "harbour") if r["kind"] == "article"]
    assert results.index(thrice) < results.index(once)


def test_a_title_match_still_outranks_a_mention_in_the_text(lib, path):
    mention = add(lib, "Weekly digest", f"Somewhere the harbour froze. {FILLER}")
    titled = add(lib, "Harbour dredging in Rotterdam", f"The works began in spring. {FILLER}")
    for k in range(6):
        add(lib, f"Notes {k}", f"The harbour again. {FILLER}")
    results = [r["article"] for r in search(lib, "harbour") if r["kind"] == "article"]
    assert results.index(titled) < results.index(mention)


def test_stems_phrases_prefixes_and_exclusions_are_counted_as_fts5_matches_them():
    texts = ["Dredging began; the dredgers dredge.", "Self-Defense Forces and self defence force",
             "the SELF-DEFENSE FORCES, self-defense forces", "deterrence, deterrent, deterred and détente",
             "nothing here but a senator", "NATO’s summit"]
    folded = fold_all(texts)
    counts = {p.expr: p.counts(folded) for p in phrases('"dredge" AND "self defense forces" AND "deterr"* '
                                                         'AND ("nato" OR "detente")')}
    assert counts['"dredge"'] == [3, 0, 0, 0, 0, 0]
    assert counts['"self defense forces"'] == [0, 1, 2, 0, 0, 0]  # "defence" is another word
    assert counts['"deterr"*'] == [0, 0, 0, 3, 0, 0]
    assert counts['"nato"'] == [0, 0, 0, 0, 0, 1]  # not inside "senator"; after a curly quote's word
    assert counts['"detente"'] == [0, 0, 0, 1, 0, 0]  # diacritics folded as unicode61 folds them
    # a short word is not counted inside the longer words that start with it
    (war,) = phrases('"war"')
    assert war.counts(fold_all(["The war warmed into warfare; wars.", "warm warning"])) == [2, 0]
    # an excluded word is no phrase to score; OR alternatives share a group
    parsed = phrases(fts_query("harbour OR port -ships"))
    assert [(p.expr, p.group) for p in parsed] == [('"harbour"', 0), ('"port"', 0)]


def test_scores_follow_fts5s_bm25_order(lib):
    """The candidates' own scores put rows in FTS5's order where only frequency and length differ."""
    bodies = ["harbour " + "word " * 40, "harbour harbour " + "word " * 40, "harbour " + "word " * 5,
              "harbour harbour harbour " + "word " * 5, "harbour " + "word " * 100]
    for k, body in enumerate(bodies):
        add(lib, f"Note {k}", body)
    conn = lib.conn
    fts = "passages_fts"
    rank = conn.execute(f"SELECT rowid, rank FROM {fts} WHERE {fts} MATCH ? ORDER BY rank", ['"harbour"']).fetchall()
    rows = conn.execute(f"SELECT rowid, body FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC",
                        ['"harbour"']).fetchall()
    scorer = Scorer(conn, fts, '"harbour"')
    scorer.exact, scorer.idf = False, [1.0]
    rowids = [r[0] for r in rows]
    by_chars = dict(zip(rowids, scorer.scores([r[1:] for r in rows])))
    assert sorted(by_chars, key=by_chars.get) == [r[0] for r in rank]
    # with the lengths in tokens and FTS5's own weight of the word, the very scores
    scorer.index = search_score.index_stats(conn, fts)
    scorer.idf = [search_score.idf(scorer.index.rows, len(rows))]
    by_tokens = dict(zip(rowids, scorer.scores([r[1:] for r in rows], scorer.lengths(rowids))))
    assert [by_tokens[rowid] for rowid, _rank in rank] == pytest.approx([value for _rowid, value in rank])


def test_highlights_are_ranked_the_same_way(lib, path):
    from desktop.store.articles import get_article

    aid = add(lib, "Port log", "The harbour froze. The zeppelin landed. " + FILLER)
    text = get_article(lib, aid).text
    start = text.index("The harbour froze.")
    for _ in range(5):
        add_highlight(lib, aid, start, start + len("The harbour froze."), note="the harbour again")
    start = text.index("The zeppelin landed.")
    rare = add_highlight(lib, aid, start, start + len("The zeppelin landed."))["id"]
    hits = [r for r in search(lib, "harbour OR zeppelin") if r["kind"] == "highlight"]
    assert hits and hits[0]["highlight"] == rare


def _steps(lib, query: str) -> int:
    """SQLite virtual-machine steps one search takes (its statements' work, row by row)."""
    steps = [0]

    def tick() -> int:
        steps[0] += 1
        return 0

    lib.conn.set_progress_handler(tick, 10)
    try:
        search(lib, query)
    finally:
        lib.conn.set_progress_handler(None, 10)
    return steps[0]


def _statements(lib, query: str) -> list[str]:
    seen: list[str] = []
    lib.conn.set_trace_callback(seen.append)
    try:
        search(lib, query)
    finally:
        lib.conn.set_trace_callback(None)
    return seen


def test_work_does_not_grow_with_matching_rows_older_than_the_candidates(tmp_path, monkeypatch):
    """Two libraries with the same newest 300 articles, one with 1,500 older ones that match too:
    a common word's search reads as much in both, and never asks FTS5 for the passages' rank
    (whose count would read every one of the older rows)."""
    from desktop.store import open_library

    monkeypatch.setattr(search_text, "BUDGET", 30)  # the newest articles fill it in both
    monkeypatch.setattr(search_score, "DF_PROBE", 24)
    monkeypatch.setattr(search_score, "RANK_ROWS", 100)
    small, large = open_library(tmp_path / "small.sqlite"), open_library(tmp_path / "large.sqlite")
    try:
        fill_library_bulk(small, 300, seed=13)
        fill_library_bulk(large, 1500, seed=7)  # older articles first, then the same newest 300
        fill_library_bulk(large, 300, seed=13)
        for query in ("Japan NATO", "alliance", '"Self-Defense Forces"', "sanctions OR summit", "deterr*"):
            few, many = _steps(small, query), _steps(large, query)
            assert many <= 1.2 * few, (query, few, many)
            assert not any("rank" in sql and "passages_fts" in sql for sql in _statements(large, query)), query
        # a word rare enough is ranked by FTS5's own bm25, its count small
        assert any("rank" in sql and "passages_fts" in sql for sql in _statements(large, "zeppelin"))
    finally:
        small.close()
        large.close()


def test_the_row_count_comes_from_the_index_totals(lib):
    for k in range(7):
        add(lib, f"Note {k}", "harbour")
    index = search_score.index_stats(lib.conn, "passages_fts")
    assert index.rows == lib.conn.execute("SELECT count(*) FROM passages").fetchone()[0]
    assert search_score.estimate_df(index, 3, None, 10) == 3  # fewer than the cap: exact
    half = search_score.Index(rows=1000, low=1, high=1000)
    assert search_score.estimate_df(half, 100, 501, 100) == pytest.approx(200)  # 100 in the newest half


def test_stems_agree_across_search_threads():
    """The stemmer (one in-memory FTS5 table) is shared by search threads: their answers agree."""
    import threading

    search_score._stems.cache_clear()
    search_score.STEMMER._cache.clear()
    out: list[list[int]] = []

    def run() -> None:
        out.append(phrases('"dredge"')[0].counts(fold_all(["dredging dredged dredges"])))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [[3]] * 4
