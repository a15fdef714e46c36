"""Full-text search across the library: article text, highlighted quotes, notes, tags, entity names.

A capped few FTS5 queries per kind of thing, each ranked by bm25 (``search_score``: FTS5's own
where the rows it counts are few, else computed for the capped candidates alone), then merged by
weighted score. Article text is searched passage by passage (``search_text``), so no query's
work grows with an article's length. A user's query is never passed to FTS5 as written: it is
parsed into terms, ``"quoted phrases"``, ``prefix*`` terms, ``OR`` and ``-excluded`` terms, and
every term is re-quoted, so no input can raise an FTS syntax error.

``search`` reads through ``lib.conn`` alone (no sqlite-utils), so it runs on a worker thread with a
connection of its own (``db.open_reader``), and it stops early when its ``should_stop`` callback
says so (checked between queries and, through SQLite's progress handler, inside them), raising
``SearchCancelled``.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from typing import Callable, Iterator

from .db import Library
from .readable import replacing, undecodable
from .search_text import BUDGET, MARKER, article_hits, contents, ranked, snippets
from .search_text import locate as _locate

KINDS = ("article", "highlight", "note", "tag", "entity")
JSON_KEYS = ("article", "title", "kind", "snippet", "quote")  # `gloss search --json`, exactly
MARKS = ("[", "]")  # around matched words in snippets, unless the caller asks for others
ELLIPSIS = "…"
SNIPPET_TOKENS = 14
SHOWN_CHARS = 300  # of a quote shown where its snippet is empty
MAX_QUERY_CHARS = 1000  # what a person types; a longer query is read this far
MAX_TERMS = 32
PROGRESS_STEPS = 2000  # SQLite asks should_stop() this often (virtual-machine steps)
# bm25 is negative (more negative = better). Scores from different indexes are not on one scale;
# these weights nudge the user's own words (quotes, notes, tags) a little ahead of body text.
WEIGHT = {"article": 1.0, "highlight": 1.3, "note": 1.4, "tag": 1.2, "entity": 1.1}

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _searchable(term: str) -> bool:
    return any(ch.isalnum() for ch in term)


def query_parts(query: str) -> tuple[str, list[str]]:
    """The user's query as a safe FTS5 expression of the wanted terms and the excluded ones apart.

    ``a b`` needs both, ``"a b"`` is a phrase, ``a*`` a prefix, ``a OR b`` either, ``-a`` excludes
    (only beside at least one wanted term: FTS5 cannot express "everything but"). The expression is
    "" if the query holds nothing searchable.
    """
    wanted: list[str] = []  # groups joined by AND; each group is one or more terms joined by OR
    excluded: list[str] = []
    pending_or = False
    for match in _TOKEN.finditer((query or "")[:MAX_QUERY_CHARS]):
        negate, phrase, bare = match.group(1), match.group(2), match.group(3)
        if phrase is not None:
            if not _searchable(phrase):
                continue
            expr = _quoted(" ".join(phrase.split()))
        else:
            if bare == "OR":
                pending_or = bool(wanted)
                continue
            if bare.startswith("-") and len(bare) > 1:
                negate, bare = "-", bare[1:]
            prefix = bare.endswith("*")
            bare = bare.strip("*")
            if not _searchable(bare):
                continue
            expr = _quoted(bare) + ("*" if prefix else "")
        if negate:
            excluded.append(expr)
        elif pending_or and wanted:
            wanted[-1] = f"{wanted[-1]} OR {expr}"
        else:
            wanted.append(expr)
        pending_or = False
        if len(wanted) + len(excluded) >= MAX_TERMS:
            break
    if not wanted:
        return "", []
    return " AND ".join(f"({group})" if " OR " in group else group for group in wanted), excluded


def fts_query(query: str) -> str:
    """The user's query as one safe FTS5 expression (exclusions included), or ""."""
    expression, excluded = query_parts(query)
    for expr in excluded:
        expression = f"({expression}) NOT {expr}"
    return expression


class SearchCancelled(Exception):
    """A search stopped because its ``should_stop`` callback returned True."""


@contextlib.contextmanager
def _cancellable(conn: sqlite3.Connection, should_stop: Callable[[], bool] | None) -> Iterator[Callable[[], None]]:
    """Yields ``check()``, which raises SearchCancelled once ``should_stop()``; SQLite asks it too,
    every ``PROGRESS_STEPS`` virtual-machine steps, and interrupts a query under way."""
    if should_stop is None:
        yield lambda: None
        return

    def check() -> None:
        if should_stop():
            raise SearchCancelled("the search was cancelled")

    conn.set_progress_handler(lambda: 1 if should_stop() else 0, PROGRESS_STEPS)
    try:
        yield check
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc).lower():
            raise SearchCancelled("the search was cancelled") from None
        raise
    finally:
        conn.set_progress_handler(None, PROGRESS_STEPS)


def search(lib: Library, query: str, limit: int = 50, marks: tuple[str, str] = MARKS,
           should_stop: Callable[[], bool] | None = None) -> list[dict]:
    """Ranked matches for ``query`` across the library, best first, at most ``limit``.

    Each result has the keys of ``gloss search --json`` (``article``, ``title``, ``kind``,
    ``snippet``, ``quote``) plus ``score`` and, where the match has a place in the text,
    ``start``/``end`` (code points) and ``highlight``. Matched words in ``snippet`` are wrapped
    in ``marks``. ``should_stop`` (called often, from this thread) ends the search early with
    ``SearchCancelled``. Safe on any thread whose ``lib`` is its own (``db.open_reader``).
    """
    wanted, excluded = query_parts(query)
    if not wanted or limit <= 0:
        return []
    try:
        return _search(lib, wanted, excluded, fts_query(query), limit, marks, should_stop)
    except sqlite3.OperationalError as exc:
        if not undecodable(exc):
            raise
    with replacing(lib.conn):  # a damaged row (bad UTF-8) is shown with U+FFFD, not a failed search
        return _search(lib, wanted, excluded, fts_query(query), limit, marks, should_stop)


def _search(lib: Library, wanted: str, excluded: list[str], expression: str, limit: int,
            marks: tuple[str, str], should_stop: Callable[[], bool] | None) -> list[dict]:
    conn = lib.conn
    results: list[dict] = []
    with _cancellable(conn, should_stop) as check:
        try:
            for hit in article_hits(conn, wanted, excluded, limit, marks, ELLIPSIS, SNIPPET_TOKENS, check):
                hit["snippet"] = tidy_snippet(hit["snippet"], marks)  # never cut inside a tag of the text
                results.append(hit)
            for collect in (_highlights, _terms):
                check()
                results.extend(collect(lib, expression, limit, marks))
        except sqlite3.OperationalError as exc:  # a tokenizer corner case: treat as "no matches"
            if "fts5" in str(exc).lower() or "syntax" in str(exc).lower():
                return []
            raise
    results.sort(key=lambda r: (r["score"] * WEIGHT[r["kind"]], KINDS.index(r["kind"])))
    return results[:limit]


def as_json(result: dict) -> dict:
    """A result with exactly the keys `gloss search --json` prints."""
    return {key: result[key] for key in JSON_KEYS}


def _highlights(lib: Library, expression: str, limit: int, marks: tuple[str, str]) -> list[dict]:
    """Matches in highlighted quotes (kind "highlight") and in their notes (kind "note").

    The newest ``BUDGET`` matching highlights are ranked (bm25 over both columns, ``search_score``), the best
    ``limit`` get snippets; a highlight whose quote and note both match gives both.
    """
    conn = lib.conn
    score = dict(ranked(conn, "highlights_fts", expression))
    ids = sorted(score, key=lambda hid: (score[hid], -hid))[:limit]
    if not ids:
        return []
    texts = contents(conn, "highlights_fts", ids)
    quotes = MARKER.marked(texts, expression, 0, marks, ELLIPSIS, SNIPPET_TOKENS)
    notes = MARKER.marked(texts, expression, 1, marks, ELLIPSIS, SNIPPET_TOKENS)
    rows = {r[0]: r for r in conn.execute(
        'SELECT h.id, h.article_id, a.title, h.exact, h.start, h."end", h.status FROM highlights h '
        f"JOIN articles a ON a.id = h.article_id WHERE h.id IN ({', '.join('?' for _ in ids)})", ids)}
    open_mark = marks[0]
    results = []
    for hid in ids:
        if hid not in rows:
            continue
        _hid, aid, title, exact, start, end, status = rows[hid]
        quote_snip, note_snip = quotes.get(hid) or "", notes.get(hid) or ""
        base = {"article": aid, "title": title, "quote": exact, "score": score[hid], "highlight": hid,
                "start": start, "end": end, "orphaned": status == "orphaned"}
        quote_hit, note_hit = open_mark in quote_snip, open_mark in note_snip
        if quote_hit or not note_hit:
            results.append({**base, "kind": "highlight", "snippet": tidy_snippet(quote_snip or exact[:SHOWN_CHARS], marks)})
        if note_hit:
            results.append({**base, "kind": "note", "snippet": tidy_snippet(note_snip, marks)})
    return results


def _terms(lib: Library, expression: str, limit: int, marks: tuple[str, str]) -> list[dict]:
    """Article tags, highlight tags and entity names whose words match."""
    conn = lib.conn
    rows = ranked(conn, "search_terms_fts", expression)
    rows.sort(key=lambda r: (r[1], -r[0]))
    rows = rows[:limit]
    ids = [tid for tid, _rank in rows]
    if not ids:
        return []
    marked = snippets(conn, "search_terms_fts", expression, ids, 0, marks, ELLIPSIS, 0, whole=True)
    names = {tid: (kind, term) for tid, kind, term in conn.execute(
        f"SELECT id, kind, term FROM search_terms WHERE id IN ({', '.join('?' for _ in ids)})", ids)}
    terms = [(*names[tid], marked.get(tid) or names[tid][1], rank) for tid, rank in rows if tid in names]
    results: list[dict] = []
    for kind, term, snip, rank in terms:
        if len(results) >= limit:
            break
        if kind == "tag":
            rows = lib.conn.execute(
                """SELECT a.id, a.title, NULL, NULL, NULL, NULL FROM article_tags t
                   JOIN articles a ON a.id = t.article_id WHERE t.tag = ?
                   UNION ALL
                   SELECT h.article_id, a.title, h.id, h.exact, h.start, h."end" FROM highlight_tags t
                   JOIN highlights h ON h.id = t.highlight_id JOIN articles a ON a.id = h.article_id
                   WHERE t.tag = ? LIMIT ?""", [term, term, limit]).fetchall()
            for aid, title, hid, exact, start, end in rows:
                result = {"article": aid, "title": title, "kind": "tag", "snippet": "#" + snip,
                          "quote": exact or "", "score": rank, "tag": term}
                if hid is not None:
                    result.update(highlight=hid, start=start, end=end)
                results.append(result)
        else:
            rows = lib.conn.execute(
                """SELECT e.article_id, a.title, e.type, e."first", e.mentions FROM article_entities e
                   JOIN articles a ON a.id = e.article_id WHERE e.name = ?
                   ORDER BY e.mentions DESC LIMIT ?""", [term, limit]).fetchall()
            for aid, title, etype, first, mentions in rows:
                result = {"article": aid, "title": title, "kind": "entity",
                          "snippet": f"{snip} ({etype}, {mentions or 0} mention{'' if mentions == 1 else 's'})",
                          "quote": term, "score": rank, "entity_type": etype}
                if first is not None:
                    result.update(start=int(first), end=int(first) + len(term))
                results.append(result)
    return results


def tidy_snippet(snippet: str, marks: tuple[str, str] = MARKS) -> str:
    """A snippet not cut inside a tag of the text (``<i>`` in a note, an article's ``</b>``):
    where FTS5 cut the text (an ellipsis), a tag's head or tail left at that edge is dropped."""
    if ELLIPSIS not in snippet or ("<" not in snippet and ">" not in snippet):
        return snippet
    keep = re.escape("".join(marks))
    body, head, tail = snippet, "", ""
    if body.startswith(ELLIPSIS):
        head, body = ELLIPSIS, body[len(ELLIPSIS):]
        body = re.sub(rf"^[^\s<>{keep}]{{1,40}}>\s*", "", body)  # "b>bold" after "<" was cut off
    if body.endswith(ELLIPSIS):
        tail, body = ELLIPSIS, body[: -len(ELLIPSIS)]
        body = re.sub(rf"\s*<[^<>{keep}]{{0,40}}$", "", body)  # "bold</b" before ">" was cut off
    return head + body + tail


def locate(text: str, snippet: str, marks: tuple[str, str] = MARKS) -> tuple[int, int] | None:
    """Where a snippet's first matched word is in ``text``: a code-point span, or None (a snippet
    from the title or a note is not in the text). Article results carry ``start``/``end`` already."""
    return _locate(text, snippet, marks, ELLIPSIS)
