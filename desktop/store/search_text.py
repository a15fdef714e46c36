"""Search results of kind "article": matches in an article's text (passage by passage) or in its title,
author, source and note, one result per article, its snippet from the best passage.

The work per query is capped, so a query costs the same whatever the articles' lengths and, past
the number of articles whose matches fill the budget, whatever their number:
- at most ``BUDGET`` matching passages are ranked (bm25: ``search_score``, which needs no count of
  a common word's rows over the whole index), read newest article first
  and from the top of each, at most ``PER_ARTICLE`` from one article (then the scan jumps past its
  other passages); an article's best passage gives its text score;
- as many matching articles by title, author, source or note, ranked the same way;
- snippets are made only for the passages returned (each a few hundred words at most).
A word in more passages than the budget (a very common word in a large library) is ranked among
the newest articles that hold it. ``-excluded`` words drop an article that has them anywhere.
"""

from __future__ import annotations

import sqlite3
from typing import Callable

from .search_score import Scorer, tokens

BUDGET = 2000
PER_ARTICLE = 6
BATCH = 16  # rows read at a time: at most this many are ranked past an article's PER_ARTICLE
MAX_SKIPS = 64
CHUNK = 500  # rowids named in one statement
CLUSTER_ROWS = 128  # matches read between two snippets' rows before they are worth a query each
META_WEIGHT = 1.0  # a title/author/source/note score adds to the text score (both negative)

Scan = dict[int, tuple[int, int]]  # rowid -> (scan segment, index): where a match was met in a scan


def ranked(conn: sqlite3.Connection, fts: str, wanted: str) -> tuple[list[tuple[int, float]], Scan]:
    """The newest ``BUDGET`` rows of ``fts`` matching ``wanted``, each with its score (bm25, with no
    whole-index count where it would read more than ``search_score.RANK_ROWS`` rows), and where
    each was met (for ``snippets``)."""
    scorer = Scorer(conn, fts, wanted)
    if scorer.exact:
        rows = conn.execute(f"SELECT rowid, rank FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT ?",
                            [wanted, BUDGET]).fetchall()
    else:
        rowids = [rowid for (rowid,) in conn.execute(
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT ?", [wanted, BUDGET])]
        # (lengths in characters against the candidates' average: titles, quotes, notes and tags
        # are short, and reading their size records would cost as much again as their texts)
        rows = list(zip(rowids, scorer.scores(scorer.texts(rowids))))
    return rows, {rowid: (0, i) for i, (rowid, _score) in enumerate(rows)}


def article_hits(conn: sqlite3.Connection, wanted: str, excluded: list[str], limit: int,
                 marks: tuple[str, str], ellipsis: str, tokens: int, check: Callable[[], None]) -> list[dict]:
    """The "article" results for an FTS5 expression ``wanted`` less ``excluded`` ones (see the module)."""
    passages, scan = _best_passages(conn, wanted, check)
    meta_rows, meta_scan = ranked(conn, "articles_fts", wanted)
    scores = {aid: rank for aid, (_pid, rank) in passages.items()}
    for aid, rank in meta_rows:
        scores[aid] = scores.get(aid, 0.0) + META_WEIGHT * rank
    chosen: list[int] = []
    for aid in sorted(scores, key=lambda a: (scores[a], -a)):
        if len(chosen) >= limit:
            break
        check()
        if not (excluded and _has_any(conn, aid, excluded)):
            chosen.append(aid)
    texts = _passage_snippets(conn, wanted, [passages[a][0] for a in chosen if a in passages], scan,
                              marks, ellipsis, tokens)
    need_meta = [a for a in chosen if a not in passages or passages[a][0] not in texts]
    metas = _meta_snippets(conn, wanted, need_meta, meta_scan, marks, ellipsis, tokens)
    results: list[dict] = []
    for aid in chosen:
        hit = (texts.get(passages[aid][0]) if aid in passages else None) or metas.get(aid)
        if hit is None:
            continue  # deleted meanwhile
        hit.update(article=aid, kind="article", quote="", score=scores[aid])
        results.append(hit)
    return results


def _best_passages(conn: sqlite3.Connection, wanted: str, check: Callable[[], None]
                   ) -> tuple[dict[int, tuple[int, float]], Scan]:
    """{article id: (best passage id, its score)} over the capped scan, and where each row was met.

    One cursor reads the matches newest first; it is left (and a new one started below) only to
    skip the rest of an article that gave ``PER_ARTICLE`` already. Rows are ranked by FTS5's bm25
    as they are read where its count is bounded (``Scorer.exact``), else scored together once the
    scan ends; an earlier row wins a tie.
    """
    scorer = Scorer(conn, "passages_fts", wanted)
    exact = scorer.exact
    # ranked by FTS5, or read with the text and the size (in tokens) that scoring needs
    columns, size = ("f.rank", "") if exact else ("p.body, d.sz", " LEFT JOIN passages_fts_docsize d ON d.id = f.rowid")
    best: dict[int, tuple[int, float]] = {}  # ranked as read, where FTS5 ranks
    kept: list[tuple] = []  # else (passage id, article id, body, size), scored once read
    seen: dict[int, int] = {}
    scan: Scan = {}
    below = None
    read = segment = 0
    while read < BUDGET and segment <= MAX_SKIPS:
        check()
        cursor = conn.execute(
            f"SELECT f.rowid, p.article_id, {columns} FROM passages_fts f JOIN passages p ON p.id = f.rowid{size} "
            "WHERE passages_fts MATCH :q" + ("" if below is None else " AND f.rowid < :below") +
            " ORDER BY f.rowid DESC", {"q": wanted, "below": below})
        full = None
        try:
            while full is None and read < BUDGET:
                check()
                rows = cursor.fetchmany(min(BATCH, BUDGET - read))
                if not rows:
                    break
                for row in rows:
                    pid, aid = row[0], row[1]
                    scan[pid] = (segment, read)
                    read += 1
                    below = pid
                    if aid == full:
                        continue
                    if not exact:
                        kept.append(row)
                    elif aid not in best or row[2] < best[aid][1]:
                        best[aid] = (pid, row[2])
                    count = seen[aid] = seen.get(aid, 0) + 1
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
    if kept:
        check()
        for row, score in zip(kept, scorer.scores([row[2:3] for row in kept], [tokens(row[3]) for row in kept])):
            if row[1] not in best or score < best[row[1]][1]:
                best[row[1]] = (row[0], score)
    return best, scan


def snippets(conn: sqlite3.Connection, fts: str, wanted: str, rowids: list[int], scan: Scan, column: int,
             marks: tuple[str, str], ellipsis: str, tokens: int, *, whole: bool = False) -> dict[int, str]:
    """{rowid: snippet} for those rows of ``fts`` (``whole``: the column marked throughout).

    Every query FTS5 starts reads the terms' lists afresh, so fifty one-row queries cost several
    times one query over the rows' rowid range, but a range also reads every match between its
    rows. ``scan`` (from the ranking) tells how many there are: rows met fewer than
    ``CLUSTER_ROWS`` matches apart share a query, which makes snippets only for the rows asked for.
    """
    out: dict[int, str] = {}
    function = f"highlight({fts}, {column}, ?, ?)" if whole else f"snippet({fts}, {column}, ?, ?, ?, ?)"
    args = [*marks] if whole else [*marks, ellipsis, tokens]
    for part in _clusters(rowids, scan):
        in_list = ", ".join("?" for _ in part)
        sql = (f"SELECT rowid, s FROM (SELECT rowid, CASE WHEN rowid IN ({in_list}) THEN {function} END AS s "
               f"FROM {fts} WHERE {fts} MATCH ? AND rowid BETWEEN ? AND ?) WHERE s IS NOT NULL")
        out.update(conn.execute(sql, [*part, *args, wanted, min(part), max(part)]).fetchall())
    return out


def _clusters(rowids: list[int], scan: Scan) -> list[list[int]]:
    """The rowids in runs that one range query each serves well (see ``snippets``)."""
    runs: list[list[int]] = []
    last: tuple[int, int] | None = None
    for rowid in sorted(set(rowids), key=lambda r: scan.get(r, (-1, -1))):
        where = scan.get(rowid)
        if (runs and where is not None and last is not None and where[0] == last[0]
                and where[1] - last[1] < CLUSTER_ROWS and len(runs[-1]) < CHUNK):
            runs[-1].append(rowid)
        else:
            runs.append([rowid])
        last = where
    return runs


def _passage_snippets(conn: sqlite3.Connection, wanted: str, pids: list[int], scan: Scan,
                      marks: tuple[str, str], ellipsis: str, tokens: int) -> dict[int, dict]:
    """{passage id: {"title", "snippet", "start", "end"}}, the span that of the first matched word."""
    found = snippets(conn, "passages_fts", wanted, pids, scan, 0, marks, ellipsis, tokens)
    hits: dict[int, dict] = {}
    for start in range(0, len(pids), CHUNK):
        part = pids[start:start + CHUNK]
        rows = conn.execute("SELECT p.id, p.start, p.body, a.title FROM passages p JOIN articles a "
                            f"ON a.id = p.article_id WHERE p.id IN ({', '.join('?' for _ in part)})", part)
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


def _meta_snippets(conn: sqlite3.Connection, wanted: str, aids: list[int], scan: Scan, marks: tuple[str, str],
                   ellipsis: str, tokens: int) -> dict[int, dict]:
    """{article id: {"title", "snippet"}} from the best of title, author, source and note."""
    found = snippets(conn, "articles_fts", wanted, aids, scan, -1, marks, ellipsis, tokens)
    hits: dict[int, dict] = {}
    for start in range(0, len(aids), CHUNK):
        part = aids[start:start + CHUNK]
        for aid, title in conn.execute(f"SELECT id, title FROM articles WHERE id IN ({', '.join('?' for _ in part)})",
                                       part):
            if aid in found:
                hits[aid] = {"title": title, "snippet": found[aid] or ""}
    return hits


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
