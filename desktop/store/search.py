"""Full-text search across the library: article text, highlighted quotes, notes, tags, entity names.

One FTS5 query per kind of thing, each ranked by bm25 and cut to ``limit`` inside SQLite (so
``snippet()`` runs only for rows that are returned), then merged by weighted score. A user's query is never passed
to FTS5 as written: it is parsed into terms, ``"quoted phrases"``, ``prefix*`` terms, ``OR`` and
``-excluded`` terms, and every term is re-quoted, so no input can raise an FTS syntax error.
"""

from __future__ import annotations

import re
import sqlite3

from .db import Library

KINDS = ("article", "highlight", "note", "tag", "entity")
JSON_KEYS = ("article", "title", "kind", "snippet", "quote")  # `gloss search --json`, exactly
MARKS = ("[", "]")  # around matched words in snippets, unless the caller asks for others
ELLIPSIS = "…"
SNIPPET_TOKENS = 14
# bm25 is negative (more negative = better). Scores from different indexes are not on one scale;
# these weights nudge the user's own words (quotes, notes, tags) a little ahead of body text.
WEIGHT = {"article": 1.0, "highlight": 1.3, "note": 1.4, "tag": 1.2, "entity": 1.1}

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _searchable(term: str) -> bool:
    return any(ch.isalnum() for ch in term)


def fts_query(query: str) -> str:
    """The user's query as a safe FTS5 expression, or "" if it holds nothing searchable.

    ``a b`` needs both, ``"a b"`` is a phrase, ``a*`` a prefix, ``a OR b`` either, ``-a`` excludes
    (only beside at least one wanted term: FTS5 cannot express "everything but").
    """
    wanted: list[str] = []  # groups joined by AND; each group is one or more terms joined by OR
    excluded: list[str] = []
    pending_or = False
    for match in _TOKEN.finditer(query or ""):
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
    if not wanted:
        return ""
    expression = " AND ".join(f"({group})" if " OR " in group else group for group in wanted)
    for expr in excluded:
        expression = f"({expression}) NOT {expr}"
    return expression


def search(lib: Library, query: str, limit: int = 50, marks: tuple[str, str] = MARKS) -> list[dict]:
    """Ranked matches for ``query`` across the library, best first, at most ``limit``.

    Each result has the keys of ``gloss search --json`` (``article``, ``title``, ``kind``,
    ``snippet``, ``quote``) plus ``score`` and, where the match has a place in the text,
    ``start``/``end`` (code points) and ``highlight``. Matched words in ``snippet`` are wrapped
    in ``marks``.
    """
    expression = fts_query(query)
    if not expression or limit <= 0:
        return []
    results: list[dict] = []
    try:
        for collect in (_articles, _highlights, _terms):
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


def _articles(lib: Library, expression: str, limit: int, marks: tuple[str, str]) -> list[dict]:
    """Articles whose title, text, author, source or article note match; the snippet is from the body.

    Ranked by the ``rank`` configured in migration m002 (bm25 with the title weighted up), ordered
    and cut inside FTS5, so one snippet is made per returned row. The title is shown anyway, so
    the snippet is the body passage; an article matched only elsewhere gets its best column.
    """
    open_mark, close_mark = marks
    sql = """
        SELECT f.rowid, a.title, f.body, f.rank FROM (
            SELECT rowid, rank, snippet(articles_fts, 1, :o, :c, :e, :n) AS body
            FROM articles_fts WHERE articles_fts MATCH :q ORDER BY rank LIMIT :limit
        ) AS f JOIN articles a ON a.id = f.rowid ORDER BY f.rank
    """
    params = {"o": open_mark, "c": close_mark, "e": ELLIPSIS, "n": SNIPPET_TOKENS, "q": expression,
              "limit": limit}
    results = []
    for aid, title, body, rank in lib.conn.execute(sql, params).fetchall():
        if open_mark not in (body or ""):
            row = lib.conn.execute("SELECT snippet(articles_fts, -1, :o, :c, :e, :n) FROM articles_fts "
                                 "WHERE articles_fts MATCH :q AND rowid = :id", {**params, "id": aid}).fetchone()
            body = row[0] if row else body
        results.append({"article": aid, "title": title, "kind": "article",
                        "snippet": tidy_snippet(body or "", marks), "quote": "", "score": rank})
    return results


def _highlights(lib: Library, expression: str, limit: int, marks: tuple[str, str]) -> list[dict]:
    """Matches in highlighted quotes (kind "highlight") and in their notes (kind "note").

    One ranked query over both columns; a highlight whose quote and note both match gives both.
    """
    open_mark, close_mark = marks
    sql = """
        SELECT h.id, h.article_id, a.title, f.quote_snip, f.note_snip, h.exact, h.start, h."end", h.status, f.score
        FROM (
            SELECT rowid, rank AS score, snippet(highlights_fts, 0, :o, :c, :e, :n) AS quote_snip,
                   snippet(highlights_fts, 1, :o, :c, :e, :n) AS note_snip
            FROM highlights_fts WHERE highlights_fts MATCH :q ORDER BY rank LIMIT :limit
        ) AS f JOIN highlights h ON h.id = f.rowid JOIN articles a ON a.id = h.article_id
        ORDER BY f.score
    """
    params = {"o": open_mark, "c": close_mark, "e": ELLIPSIS, "n": SNIPPET_TOKENS, "q": expression,
              "limit": limit}
    results = []
    for hid, aid, title, quote_snip, note_snip, exact, start, end, status, rank in lib.conn.execute(sql, params):
        base = {"article": aid, "title": title, "quote": exact, "score": rank, "highlight": hid,
                "start": start, "end": end, "orphaned": status == "orphaned"}
        quote_hit, note_hit = open_mark in (quote_snip or ""), open_mark in (note_snip or "")
        if quote_hit or not note_hit:
            results.append({**base, "kind": "highlight", "snippet": tidy_snippet(quote_snip or exact, marks)})
        if note_hit:
            results.append({**base, "kind": "note", "snippet": tidy_snippet(note_snip, marks)})
    return results


def _terms(lib: Library, expression: str, limit: int, marks: tuple[str, str]) -> list[dict]:
    """Article tags, highlight tags and entity names whose words match."""
    open_mark, close_mark = marks
    terms = lib.conn.execute(
        """SELECT t.kind, t.term, f.snip, f.rank FROM (
               SELECT rowid, rank, highlight(search_terms_fts, 0, ?, ?) AS snip
               FROM search_terms_fts WHERE search_terms_fts MATCH ? ORDER BY rank LIMIT ?
           ) AS f JOIN search_terms t ON t.id = f.rowid ORDER BY f.rank""",
        [open_mark, close_mark, expression, limit]).fetchall()
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
    """Where an article snippet's first matched word is in ``text``: a code-point span, or None.

    FTS5 snippets are verbatim stretches of the column with ``marks`` and ellipses added, so the
    stretch without them is found exactly (a snippet from the title or the note is not found).
    """
    open_mark, close_mark = marks
    if open_mark not in snippet:
        return None
    body = snippet
    if body.startswith(ELLIPSIS):
        body = body[len(ELLIPSIS):]
    if body.endswith(ELLIPSIS):
        body = body[: -len(ELLIPSIS)]
    before, _, rest = body.partition(open_mark)
    word, _, _ = rest.partition(close_mark)
    plain = body.replace(open_mark, "").replace(close_mark, "")
    at = text.find(plain)
    if at < 0:
        return None
    start = at + len(before.replace(close_mark, ""))
    return start, start + len(word)
