"""Search results of kind "article": matches in an article's text (passage by passage) or in its title,
author, source and note, one result per article, its snippet from the best passage.

The work per query is capped, so a query costs the same whatever the articles' lengths and, past
the number of articles whose matches fill the budget, whatever their number:
- at most ``BUDGET`` matching passages are ranked (bm25: ``search_score``, which needs no count of
  a common word's rows over the whole index), read newest article first
  and from the top of each, at most ``PER_ARTICLE`` from one article (then the scan jumps past its
  other passages); an article's best passage gives its text score;
- as many matching articles by title, author, source or note, ranked the same way;
- snippets are made only for the passages returned (each a few hundred words at most), on a copy
  of those rows (``_Marker``), so their cost does not depend on the matches around them.
A word in more passages than the budget (a very common word in a large library) is ranked among
the newest articles that hold it. ``-excluded`` words drop an article that has them anywhere.
"""

from __future__ import annotations

import bisect
import heapq
import sqlite3
import threading
from collections import Counter
from operator import itemgetter, neg
from typing import Callable

from .search_score import CONTENT, Scorer, tokens

BUDGET = 2000
PER_ARTICLE = 6
BATCH = 16  # rows read at a time at first, doubling to MAX_BATCH: at most this many are read past
MAX_BATCH = 128  # an article's PER_ARTICLE (they are read, not ranked)
MAX_SKIPS = 64
CHUNK = 500  # rowids named in one statement
SPAN_ROWS = 1000  # an excluded word's rows read at most between the articles checked (``_having``)
META_WEIGHT = 1.0  # a title/author/source/note score adds to the text score (both negative)


def ranked(conn: sqlite3.Connection, fts: str, wanted: str) -> list[tuple[int, float]]:
    """The newest ``BUDGET`` rows of ``fts`` matching ``wanted``, each with its score (bm25, with no
    whole-index count where it would read more than ``search_score.RANK_ROWS`` rows)."""
    scorer = Scorer(conn, fts, wanted)
    if scorer.exact:
        return conn.execute(f"SELECT rowid, rank FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT ?",
                            [wanted, BUDGET]).fetchall()
    rowids = [rowid for (rowid,) in conn.execute(
        f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT ?", [wanted, BUDGET])]
    # (lengths in characters against the candidates' average: titles, quotes, notes and tags
    # are short, and reading their size records would cost as much again as their texts)
    return list(zip(rowids, scorer.scores(scorer.texts(rowids))))


def article_hits(conn: sqlite3.Connection, wanted: str, excluded: list[str], limit: int,
                 marks: tuple[str, str], ellipsis: str, tokens: int, check: Callable[[], None]) -> list[dict]:
    """The "article" results for an FTS5 expression ``wanted`` less ``excluded`` ones (see the module)."""
    passages, _read = _best_passages(conn, wanted, check)
    scores = {aid: rank for aid, (_pid, rank) in passages.items()}
    text_score = scores.get
    scores.update((aid, text_score(aid, 0.0) + META_WEIGHT * rank) for aid, rank in ranked(conn, "articles_fts", wanted))
    pairs = zip(scores.values(), map(neg, scores))  # best first, the newest on a tie
    if not excluded:
        chosen = [-newest for _score, newest in heapq.nsmallest(limit, pairs)]
    else:  # the best, as many as still wanted at a time, less those that have an excluded word
        order = [-newest for _score, newest in sorted(pairs)]
        chosen, at = [], 0
        while len(chosen) < limit and at < len(order):
            check()
            batch = order[at:at + limit - len(chosen)]
            at += len(batch)
            dropped = _having(conn, batch, excluded)
            chosen += [aid for aid in batch if aid not in dropped]
    texts = _passage_snippets(conn, wanted, [passages[a][0] for a in chosen if a in passages],
                              marks, ellipsis, tokens)
    need_meta = [a for a in chosen if a not in passages or passages[a][0] not in texts]
    metas = _meta_snippets(conn, wanted, need_meta, marks, ellipsis, tokens)
    results: list[dict] = []
    for aid in chosen:
        hit = (texts.get(passages[aid][0]) if aid in passages else None) or metas.get(aid)
        if hit is None:
            continue  # deleted meanwhile
        hit.update(article=aid, kind="article", quote="", score=scores[aid])
        results.append(hit)
    return results


def _best_passages(conn: sqlite3.Connection, wanted: str, check: Callable[[], None]
                   ) -> tuple[dict[int, tuple[int, float]], int]:
    """{article id: (best passage id, its score)} over the capped scan, and the rows it read.

    One cursor reads the matches newest first; it is left (and a new one started below) only to
    skip the rest of an article that gave ``PER_ARTICLE`` already. Rows are ranked by FTS5's bm25
    as they are read where its count is bounded (``Scorer.exact``), else scored together once the
    scan ends; an earlier row wins a tie. A batch in which no article reaches its cap is kept
    whole; only one in which one does is gone through row by row.
    """
    scorer = Scorer(conn, "passages_fts", wanted)
    exact = scorer.exact
    # ranked by FTS5, or read with the text and the size (in tokens) that scoring needs
    columns, size = ("f.rank", "") if exact else ("p.body, d.sz", " LEFT JOIN passages_fts_docsize d ON d.id = f.rowid")
    kept: list[tuple] = []  # (passage id, article id, rank) or (passage id, article id, body, size)
    seen: Counter[int] = Counter()
    below = None
    read = segment = 0
    while read < BUDGET and segment <= MAX_SKIPS:
        check()
        cursor = conn.execute(
            f"SELECT f.rowid, p.article_id, {columns} FROM passages_fts f JOIN passages p ON p.id = f.rowid{size} "
            "WHERE passages_fts MATCH :q" + ("" if below is None else " AND f.rowid < :below") +
            " ORDER BY f.rowid DESC", {"q": wanted, "below": below})
        full = None
        batch = BATCH
        try:
            while full is None and read < BUDGET:
                check()
                rows = cursor.fetchmany(min(batch, BUDGET - read))
                if not rows:
                    break
                batch = min(2 * batch, MAX_BATCH)
                read += len(rows)
                below = rows[-1][0]
                aids = list(map(itemgetter(1), rows))
                seen.update(aids)
                if max(map(seen.__getitem__, aids)) < PER_ARTICLE:
                    kept.extend(rows)  # no article reached its cap: every row counts
                    continue
                for aid in aids:
                    seen[aid] -= 1
                for row in rows:
                    aid = row[1]
                    if aid == full:
                        continue
                    kept.append(row)
                    count = seen[aid] = seen[aid] + 1
                    if count >= PER_ARTICLE and full is None:
                        full = aid
        finally:
            cursor.close()
        if full is None:
            break
        # enough of that article: go on below its first passage
        first = conn.execute("SELECT min(id) FROM passages WHERE article_id = ?", [full]).fetchone()[0]
        if first is not None and below is not None:
            below = min(below, first)
        segment += 1
    check()
    if not exact and kept:
        scores = scorer.scores([row[2:3] for row in kept], [tokens(row[3]) for row in kept])
        kept = [(row[0], row[1], score) for row, score in zip(kept, scores)]
    # each article's lowest score, the earliest read on a tie: the rows latest read first, sorted
    # worst first (a stable sort), so that the last one kept for an article is its best
    kept.reverse()
    kept.sort(key=itemgetter(2), reverse=True)
    return {row[1]: (row[0], row[2]) for row in kept}, read


class _Marker:
    """Snippets and highlighted terms made on a copy of the rows asked for, in an in-memory FTS5
    index of their own (the same tokenizer, the same snippet function, so the same text).

    A snippet needs the row's matches: FTS5 finds them by reading the query's terms' lists from
    the start, in every query, so in a large library each query over the library's index costs
    some 0.1 ms before its first row, and fifty snippets scattered among the candidates cost
    several milliseconds; fifty rows copied here cost the same whatever the library's size.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._tables: set[int] = set()

    def marked(self, rows: list[tuple], wanted: str, column: int, marks: tuple[str, str], ellipsis: str,
               tokens: int, whole: bool = False) -> dict[int, str]:
        """{rowid: snippet} for ``rows`` (rowid, then each indexed column's text, in the index's
        order); ``whole``: the column marked throughout (FTS5's ``highlight``)."""
        rows = list({row[0]: row for row in rows}.values())
        if not rows:
            return {}
        n = len(rows[0]) - 1
        names = ", ".join(f"c{i}" for i in range(n))
        function = f"highlight(s{n}, ?, ?, ?)" if whole else f"snippet(s{n}, ?, ?, ?, ?, ?)"
        args = [column, *marks] if whole else [column, *marks, ellipsis, tokens]
        with self._lock:
            conn = self._table(n)
            conn.execute("BEGIN")
            try:
                conn.executemany(f"INSERT INTO c{n} (id, {names}) VALUES (?, {', '.join('?' for _ in range(n))})", rows)
                conn.execute(f"INSERT INTO s{n} (rowid, {names}) SELECT id, {names} FROM c{n}")
                return dict(conn.execute(f"SELECT rowid, {function} FROM s{n} WHERE s{n} MATCH ?", [*args, wanted]))
            finally:
                conn.execute(f"INSERT INTO s{n} (s{n}) VALUES ('delete-all')")
                conn.execute(f"DELETE FROM c{n}")
                conn.execute("COMMIT")  # (the pages are given back: a long quote's copy is not kept)

    def _table(self, n: int) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            self._conn.execute("PRAGMA auto_vacuum = FULL")
        if n not in self._tables:
            names = ", ".join(f"c{i}" for i in range(n))
            self._conn.execute(f"CREATE TABLE c{n} (id INTEGER PRIMARY KEY, {names})")
            self._conn.execute(f"CREATE VIRTUAL TABLE s{n} USING fts5 ({names}, tokenize='porter', "
                               f"content='c{n}', content_rowid='id')")
            self._tables.add(n)
        return self._conn


MARKER = _Marker()


def contents(conn: sqlite3.Connection, fts: str, rowids: list[int]) -> list[tuple]:
    """(rowid, each indexed column's text) of those rows of ``fts`` still there."""
    table, key, columns = CONTENT[fts]
    rows: list[tuple] = []
    for start in range(0, len(rowids), CHUNK):
        part = rowids[start:start + CHUNK]
        rows += conn.execute(f"SELECT {key}, {', '.join(columns)} FROM {table} "
                             f"WHERE {key} IN ({', '.join('?' for _ in part)})", part).fetchall()
    return rows


def snippets(conn: sqlite3.Connection, fts: str, wanted: str, rowids: list[int], column: int,
             marks: tuple[str, str], ellipsis: str, tokens: int, *, whole: bool = False) -> dict[int, str]:
    """{rowid: snippet} for those rows of ``fts`` (``whole``: the column marked throughout), made
    from a copy of the rows alone (``_Marker``)."""
    return MARKER.marked(contents(conn, fts, rowids), wanted, column, marks, ellipsis, tokens, whole)


def _passage_snippets(conn: sqlite3.Connection, wanted: str, pids: list[int],
                      marks: tuple[str, str], ellipsis: str, tokens: int) -> dict[int, dict]:
    """{passage id: {"title", "snippet", "start", "end"}}, the span that of the first matched word."""
    rows: list[tuple] = []
    for start in range(0, len(pids), CHUNK):
        part = pids[start:start + CHUNK]
        rows += conn.execute("SELECT p.id, p.start, p.body, a.title FROM passages p JOIN articles a "
                             f"ON a.id = p.article_id WHERE p.id IN ({', '.join('?' for _ in part)})", part).fetchall()
    found = MARKER.marked([(pid, body) for pid, _offset, body, _title in rows], wanted, 0, marks, ellipsis, tokens)
    hits: dict[int, dict] = {}
    for pid, offset, body, title in rows:
        snippet = found.get(pid)
        if snippet is None:
            continue
        hit = {"title": title, "snippet": snippet}
        span = locate(body, snippet, marks, ellipsis)
        if span is not None:
            hit.update(start=offset + span[0], end=offset + span[1])
        hits[pid] = hit
    return hits


def _meta_snippets(conn: sqlite3.Connection, wanted: str, aids: list[int], marks: tuple[str, str],
                   ellipsis: str, tokens: int) -> dict[int, dict]:
    """{article id: {"title", "snippet"}} from the best of title, author, source and note."""
    found = snippets(conn, "articles_fts", wanted, aids, -1, marks, ellipsis, tokens)
    hits: dict[int, dict] = {}
    for start in range(0, len(aids), CHUNK):
        part = aids[start:start + CHUNK]
        for aid, title in conn.execute(f"SELECT id, title FROM articles WHERE id IN ({', '.join('?' for _ in part)})",
                                       part):
            if aid in found:
                hits[aid] = {"title": title, "snippet": found[aid] or ""}
    return hits


def _having(conn: sqlite3.Connection, aids: list[int], expressions: list[str]) -> set[int]:
    """Those of ``aids`` whose text, title, author, source or note match any of ``expressions``.

    An article's passages are a run of ids (written together, ``passages.index_passages``), so one
    query per expression finds the matching passages between the first and the last of these
    articles' runs, and one their titles and notes among their ids, where those are at most
    ``SPAN_ROWS`` rows; past that (a common word), or should two runs interleave, article by
    article (``_has_any``). Each query of the library's index costs ~0.1 ms before its first row
    at 10,000 articles: fifty articles checked one by one took 3.9 ms there, for no match.
    """
    found: set[int] = set()
    for start in range(0, len(aids), CHUNK):
        part = aids[start:start + CHUNK]
        runs = sorted((lo, hi, aid) for aid, lo, hi in conn.execute(
            "SELECT article_id, min(id), max(id) FROM passages "
            f"WHERE article_id IN ({', '.join('?' for _ in part)}) GROUP BY article_id", part))
        apart = all(a[1] < b[0] for a, b in zip(runs, runs[1:]))
        firsts = [lo for lo, _hi, _aid in runs]
        ids = set(part)
        for expr in expressions:
            rows = conn.execute("SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? AND rowid BETWEEN ? AND ? "
                                "LIMIT ?", [expr, runs[0][0], runs[-1][1], SPAN_ROWS + 1]).fetchall() if runs else []
            if apart and len(rows) <= SPAN_ROWS:
                for (pid,) in rows:
                    k = bisect.bisect_right(firsts, pid) - 1
                    if k >= 0 and pid <= runs[k][1]:
                        found.add(runs[k][2])
            else:
                found.update(aid for aid in part if aid not in found and _has_any(conn, aid, [expr]))
            rows = conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid BETWEEN ? AND ? "
                                "LIMIT ?", [expr, min(part), max(part), SPAN_ROWS + 1]).fetchall()
            if len(rows) <= SPAN_ROWS:
                found.update(aid for (aid,) in rows if aid in ids)
            else:
                found.update(aid for (aid,) in conn.execute(
                    f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid IN "
                    f"({', '.join('?' for _ in part)})", [expr, *part]))
    return found


def _has_any(conn: sqlite3.Connection, aid: int, expressions: list[str]) -> bool:
    """Whether the article's text, title, author, source or note matches any of ``expressions``."""
    lo, hi = conn.execute("SELECT min(id), max(id) FROM passages WHERE article_id = ?", [aid]).fetchone()
    for expr in expressions:
        if lo is not None and conn.execute(
                "SELECT 1 FROM passages_fts WHERE passages_fts MATCH ? AND rowid BETWEEN ? AND ? LIMIT 1",
                [expr, lo, hi]).fetchone():
            return True
        if conn.execute("SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?", [expr, aid]).fetchone():
            return True
    return False


def locate(text: str, snippet: str, marks: tuple[str, str], ellipsis: str = "…") -> tuple[int, int] | None:
    """Where a snippet's first matched word is in ``text``: a code-point span, or None.

    FTS5 snippets are verbatim stretches of the column with ``marks`` and ellipses added, so the
    stretch without them is found exactly (a snippet from the title or the note is not found).
    """
    open_mark, close_mark = marks
    if open_mark not in snippet:
        return None
    body = snippet
    if body.startswith(ellipsis):
        body = body[len(ellipsis):]
    if body.endswith(ellipsis):
        body = body[: -len(ellipsis)]
    before, _, rest = body.partition(open_mark)
    word, _, _ = rest.partition(close_mark)
    plain = body.replace(open_mark, "").replace(close_mark, "")
    at = text.find(plain)
    if at < 0:
        return None
    start = at + len(before.replace(close_mark, ""))
    return start, start + len(word)
