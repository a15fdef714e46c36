"""Highlight, note, tag and colour operations: one transaction each, each returning its undo.

A highlight record is the dict ``gloss notes --json`` prints (``RECORD_KEYS``); records from
``get_highlight`` and ``delete_highlight`` also carry ``article_id``. Operations that change a
highlight return its record from *before* the change, so the GUI's undo is always
``restore_highlight(lib, before)``; ``add_highlight`` returns the new record (undo: delete it).
"""

from __future__ import annotations

import json
import re
import threading
from typing import Iterable, Iterator

from ..core.anchors import CONTEXT
from ..core.errors import GlossError, NotFound
from .db import Library, now

RECORD_KEYS = ("id", "start", "end", "quote", "prefix", "suffix", "color", "label", "note", "tags",
               "status", "created", "updated")
ANCHORED, ORPHANED = "anchored", "orphaned"

_COLUMNS = """h.id, h.article_id, h.start, h."end", h.exact, h.prefix, h.suffix, h.color,
           coalesce(c.label, h.color) AS label, h.note, h.status, h.created, h.updated"""
_FROM = " FROM highlights h LEFT JOIN colors c ON c.key = h.color"
_SELECT_PLAIN = "SELECT " + _COLUMNS + _FROM
_SELECT = ("SELECT " + _COLUMNS + """,
           (SELECT json_group_array(tag) FROM highlight_tags t WHERE t.highlight_id = h.id) AS tags"""
           + _FROM)
_ORDER = " ORDER BY h.status = 'orphaned', h.start, h.\"end\", h.id"


def _record(row: tuple, with_article: bool = False) -> dict:
    (hid, article_id, start, end, exact, prefix, suffix, color, label, note, status, created,
     updated, tags) = row
    record = {"id": hid, "start": start, "end": end, "quote": exact, "prefix": prefix or "",
              "suffix": suffix or "", "color": color, "label": label, "note": note or "",
              "tags": sorted(json.loads(tags or "[]")), "status": status or ANCHORED,
              "created": created or "", "updated": updated or ""}
    if with_article:
        record["article_id"] = article_id
    return record


def get_highlight(lib: Library, highlight_id: int) -> dict:
    """One highlight's record (with ``article_id``), or NotFound."""
    row = lib.conn.execute(_SELECT + " WHERE h.id = ?", [highlight_id]).fetchone()
    if row is None:
        raise NotFound(f"No highlight {highlight_id} in the library (see `gloss notes ARTICLE`).")
    return _record(row, with_article=True)


def list_highlights(lib: Library, article_id: int) -> list[dict]:
    """The article's highlights in document order, orphans last: exactly ``gloss notes --json``.

    Two queries, not one subquery per row: the highlights, then all their tags grouped by id.
    """
    db = lib.conn
    rows = db.execute(_SELECT_PLAIN + " WHERE h.article_id = ?" + _ORDER, [article_id]).fetchall()
    tags = _tags_of(lib, article_id)
    return [_plain_record(row, tags) for row in rows]


def read_highlights(lib: Library, article_id: int, page: int = 250) -> Iterator[dict]:
    """The article's highlights (orphans among them) in (start, id) order, a page at a time.

    Each page is a short query of its own that walks the (article_id, start) index from where the
    last one stopped, so whoever reads can pause between records, even across event-loop turns,
    holding no statement open and sorting nothing: the GUI reads ten thousand this way in slices.
    Not a snapshot: a change made meanwhile may or may not be seen (the GUI keeps its own).
    """
    tags = _tags_of(lib, article_id)
    after = (-1, -1)
    while True:
        rows = lib.conn.execute(_SELECT_PLAIN + " WHERE h.article_id = ? AND (h.start, h.id) > (?, ?) "
                                "ORDER BY h.start, h.id LIMIT ?", [article_id, *after, page]).fetchall()
        for row in rows:
            yield _plain_record(row, tags)
        if len(rows) < page:
            return
        after = (rows[-1][2], rows[-1][0])


def _tags_of(lib: Library, article_id: int) -> dict[int, list[str]]:
    """The tags of the article's highlights, by highlight id."""
    tags: dict[int, list[str]] = {}
    # CROSS JOIN: from this article's highlights to their tags (never a scan of every tag).
    for hid, tag in lib.conn.execute("SELECT t.highlight_id, t.tag FROM highlights h CROSS JOIN highlight_tags t "
                                     "ON t.highlight_id = h.id WHERE h.article_id = ?", [article_id]):
        tags.setdefault(hid, []).append(tag)
    return tags


def _plain_record(row: tuple, tags: dict[int, list[str]]) -> dict:
    (hid, _article, start, end, exact, prefix, suffix, color, label, note, status, created, updated) = row
    return {"id": hid, "start": start, "end": end, "quote": exact, "prefix": prefix or "",
            "suffix": suffix or "", "color": color, "label": label, "note": note or "",
            "tags": sorted(tags.get(hid, ())), "status": status or ANCHORED,
            "created": created or "", "updated": updated or ""}


# -- validation -------------------------------------------------------------------------------

def colors(lib: Library) -> list[dict]:
    """The highlight colours in menu order: ``[{"key", "label", "light", "dark", "position"}]``."""
    return lib.rows("SELECT key, label, light, dark, position FROM colors ORDER BY position, key")


def resolve_color(lib: Library, name: str | None) -> tuple[str, str]:
    """A colour named by key or label (any case) as (key, label); ``None`` or "" is the first colour."""
    if name is None or not str(name).strip():
        row = lib.conn.execute("SELECT key, label FROM colors ORDER BY position, key LIMIT 1").fetchone()
    else:
        wanted = str(name).strip().lower()
        row = lib.conn.execute("SELECT key, label FROM colors WHERE lower(key) = ? OR lower(label) = ? "
                             "ORDER BY lower(key) != ? LIMIT 1", [wanted, wanted, wanted]).fetchone()
    if row is None:
        known = ", ".join(f"{c['key']} ({c['label']})" for c in colors(lib))
        raise GlossError(f"Unknown colour {name!r}; use one of: {known}.")
    return row[0], row[1]


_SPACES = re.compile(r"\s+")


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags trimmed, inner whitespace collapsed, a leading ``#`` dropped, deduplicated and sorted."""
    if isinstance(tags, str):
        tags = [tags]
    cleaned = set()
    for tag in tags:
        tag = _SPACES.sub(" ", str(tag)).strip().lstrip("#").strip()
        if not tag:
            raise GlossError("A tag cannot be empty.")
        if len(tag) > 100:
            raise GlossError(f"The tag {tag[:20]!r}... is too long (at most 100 characters).")
        cleaned.add(tag)
    return sorted(cleaned)


_TEXTS: dict[str, str] = {}  # content_hash -> text, of the few articles highlighted last
_TEXTS_KEPT = 4
_TEXTS_LOCK = threading.Lock()  # imports and the GUI may both be adding highlights


def _article_text(db, article_id: int) -> str | None:
    """An article's text, read once while it is the one being highlighted: the next highlight
    finds it by its ``content_hash`` (the SHA-256 of the text, a few bytes to read) rather than
    copying a long text out of its overflow pages again (a millisecond or two for 1 MB). The hash
    comes from an index (m005): in the row it is stored after the text, and reaching it there
    walks every overflow page of the text (2 ms for 5 MB, more than the whole add)."""
    row = db.execute("SELECT content_hash FROM articles INDEXED BY articles_hash_by_id WHERE id = ?",
                     [article_id]).fetchone()
    if row is None:
        return None
    with _TEXTS_LOCK:
        text = _TEXTS.get(row[0])
    if text is None:
        text = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()[0] or ""
        with _TEXTS_LOCK:
            while len(_TEXTS) >= _TEXTS_KEPT:
                del _TEXTS[next(iter(_TEXTS))]  # the one read longest ago
            _TEXTS[row[0]] = text
    return text


def _article_slices(db, article_id: int, start: int, end: int,
                    trim: bool = False) -> tuple[int, int, str, str, str]:
    """(start, end, prefix, exact, suffix) for a span of an article's text; ``trim``: the span
    narrowed to leave out white space at its ends (a selection's), refused if nothing is left."""
    if not isinstance(start, int) or not isinstance(end, int):
        raise GlossError(f"A highlight's start and end must be whole numbers, not {start!r} and {end!r}.")
    text = _article_text(db, article_id)
    if text is None:
        raise NotFound(f"No article {article_id} in the library (see `gloss list`).")
    if start >= end:
        raise GlossError(f"Empty highlight: the span {start}-{end} selects no text.")
    if start < 0 or end > len(text):  # the text ends before the span does
        raise GlossError(f"The span {start}-{end} is outside article {article_id} (0-{len(text)}).")
    if trim:
        start, end = trimmed_span(text, start, end)
    return start, end, text[max(0, start - CONTEXT):start], text[start:end], text[end:end + CONTEXT]


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without the white space (spaces, line breaks, ...) at the span's ends;
    ``GlossError`` if the span holds nothing else."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise GlossError("The selection is only white space: select some words to highlight.")
    return start, end


def _set_tags(db, highlight_id: int, tags: list[str]) -> None:
    db.execute("DELETE FROM highlight_tags WHERE highlight_id = ?", [highlight_id])
    if tags:
        db.executemany("INSERT INTO highlight_tags (highlight_id, tag) VALUES (?, ?)",
                            [(highlight_id, t) for t in tags])


def _before(db, highlight_id: int) -> dict:
    row = db.execute(_SELECT + " WHERE h.id = ?", [highlight_id]).fetchone()
    if row is None:
        raise NotFound(f"No highlight {highlight_id} in the library (see `gloss notes ARTICLE`).")
    return _record(row, with_article=True)


# -- operations -------------------------------------------------------------------------------

def add_highlight(lib: Library, article_id: int, start: int, end: int, color: str | None = None,
                  note: str = "", tags: Iterable[str] = ()) -> dict:
    """Highlight ``text[start:end]`` of an article, less the white space at its ends (the record's
    ``start``/``end`` say what was highlighted); returns the new record (undo: delete it)."""
    tag_list = clean_tags(tags)
    note = note or ""
    with lib.transaction() as db:
        key, label = resolve_color(lib, color)
        start, end, prefix, exact, suffix = _article_slices(db, article_id, start, end, trim=True)
        stamp = now()
        cursor = db.execute(
            'INSERT INTO highlights (article_id, start, "end", exact, prefix, suffix, color, note, status, '
            "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [article_id, start, end, exact, prefix, suffix, key, note, ANCHORED, stamp, stamp])
        hid = cursor.lastrowid
        _set_tags(db, hid, tag_list)
    return {"id": hid, "start": start, "end": end, "quote": exact, "prefix": prefix, "suffix": suffix,
            "color": key, "label": label, "note": note, "tags": tag_list, "status": ANCHORED,
            "created": stamp, "updated": stamp}


def recolor_highlight(lib: Library, highlight_id: int, color: str) -> dict:
    """Give a highlight another colour (key or label); returns the record before."""
    with lib.transaction() as db:
        before = _before(db, highlight_id)
        key, _label = resolve_color(lib, color)
        db.execute("UPDATE highlights SET color = ?, updated = ? WHERE id = ?", [key, now(), highlight_id])
    return before


def set_tags(lib: Library, highlight_id: int, tags: Iterable[str]) -> dict:
    """Replace a highlight's tags; returns the record before."""
    tag_list = clean_tags(tags)
    with lib.transaction() as db:
        before = _before(db, highlight_id)
        _set_tags(db, highlight_id, tag_list)
        db.execute("UPDATE highlights SET updated = ? WHERE id = ?", [now(), highlight_id])
    return before


def edit_note(lib: Library, highlight_id: int, note: str) -> dict:
    """Replace a highlight's margin note (Markdown, may be empty); returns the record before."""
    with lib.transaction() as db:
        before = _before(db, highlight_id)
        db.execute("UPDATE highlights SET note = ?, updated = ? WHERE id = ?", [note or "", now(), highlight_id])
    return before


def delete_highlight(lib: Library, highlight_id: int) -> dict:
    """Delete a highlight with its note and tags; returns its full record for ``restore_highlight``."""
    with lib.transaction() as db:
        before = _before(db, highlight_id)
        db.execute("DELETE FROM highlight_tags WHERE highlight_id = ?", [highlight_id])
        db.execute("DELETE FROM highlights WHERE id = ?", [highlight_id])
    return before


def restore_highlight(lib: Library, record: dict) -> dict:
    """Put a highlight back exactly as ``record`` (from delete or any change), same id; returns it."""
    try:
        hid, article_id = int(record["id"]), int(record["article_id"])
        values = [article_id, int(record["start"]), int(record["end"]), str(record["quote"]),
                  record.get("prefix") or "", record.get("suffix") or "", record.get("note") or "",
                  record.get("status") or ANCHORED, record.get("created") or now(),
                  record.get("updated") or now()]
    except (KeyError, TypeError, ValueError) as exc:
        raise GlossError(f"Cannot restore the highlight: its record is incomplete ({exc}).") from None
    tag_list = clean_tags(record.get("tags") or ())
    with lib.transaction() as db:
        if not db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone():
            raise NotFound(f"No article {article_id} in the library (see `gloss list`).")
        key, _label = resolve_color(lib, record.get("color"))
        exists = db.execute("SELECT 1 FROM highlights WHERE id = ?", [hid]).fetchone()
        if exists:
            db.execute('UPDATE highlights SET article_id = ?, start = ?, "end" = ?, exact = ?, prefix = ?, '
                       "suffix = ?, note = ?, status = ?, created = ?, updated = ?, color = ? WHERE id = ?",
                       values + [key, hid])
        else:
            db.execute('INSERT INTO highlights (article_id, start, "end", exact, prefix, suffix, note, '
                       "status, created, updated, color, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       values + [key, hid])
        _set_tags(db, hid, tag_list)
        return _before(db, hid)


def reattach_highlight(lib: Library, highlight_id: int, start: int, end: int) -> dict:
    """Anchor a highlight (typically an orphan) to a new span (less the white space at its ends),
    taking its quote from there; returns the record before."""
    with lib.transaction() as db:
        before = _before(db, highlight_id)
        start, end, prefix, exact, suffix = _article_slices(db, before["article_id"], start, end, trim=True)
        db.execute('UPDATE highlights SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, status = ?, '
                   "updated = ? WHERE id = ?", [start, end, exact, prefix, suffix, ANCHORED, now(), highlight_id])
    return before


def set_color_labels(lib: Library, labels: dict[str, str]) -> dict[str, str]:
    """Rename what colours mean, all in one transaction or none ({"yellow": "Claim", ...}, keys in
    any case). Labels may change places between colours. Returns the previous labels of the colours
    that changed, by key: their undo is ``set_color_labels(lib, returned)``. An unknown colour, an
    empty label, or a label another colour has (as its key or its label, after the change) is
    refused with one line, and nothing changes."""
    with lib.transaction() as db:
        current = dict(db.execute("SELECT key, label FROM colors ORDER BY position, key").fetchall())
        key_of = {k.lower(): k for k in current}
        wanted: dict[str, str] = {}
        for key, label in labels.items():
            real = key_of.get(str(key).lower())
            if real is None:
                raise NotFound(f"No colour {key!r}; the colours are: {', '.join(current)}.")
            label = _SPACES.sub(" ", label or "").strip()
            if not label:
                raise GlossError("A colour's label cannot be empty.")
            wanted[real] = label
        after = {**current, **wanted}
        for key, label in wanted.items():
            clash = next((other for other in after if other != key
                          and label.lower() in (other.lower(), after[other].lower())), None)
            if clash:
                raise GlossError(f"The label {label!r} is already used by the colour {clash}.")
        changed = {key: current[key] for key, label in wanted.items() if label != current[key]}
        db.executemany("UPDATE colors SET label = ? WHERE key = ?", [(wanted[k], k) for k in changed])
    return changed


def set_article_note(lib: Library, article_id: int, text: str) -> str:
    """Replace the article-level note; returns the previous note."""
    with lib.transaction() as db:
        row = db.execute("SELECT note FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise NotFound(f"No article {article_id} in the library (see `gloss list`).")
        db.execute("UPDATE articles SET note = ?, note_updated = ? WHERE id = ?", [text or "", now(), article_id])
    return row[0] or ""


def article_note(lib: Library, article_id: int) -> str:
    """The article-level note as stored now."""
    row = lib.conn.execute("SELECT note FROM articles WHERE id = ?", [article_id]).fetchone()
    return (row[0] or "") if row else ""


def article_mark(lib: Library, article_id: int) -> tuple:
    """What changes whenever an article's highlights or its note do: compared to notice another
    process's edits (one indexed read)."""
    row = lib.conn.execute('SELECT count(*), max(id), max(updated) FROM highlights WHERE article_id = ?',
                           [article_id]).fetchone()
    note = lib.conn.execute("SELECT note_updated FROM articles WHERE id = ?", [article_id]).fetchone()
    return (*row, note[0] if note else None)
