"""A new version of an article's text: the text replaced, its highlights carried over to it through
an alignment of the two versions, its entities found again, in one operation."""

from __future__ import annotations

import json

from ..core.anchors import make_selector, reanchor
from ..core.article import Article
from ..core.errors import GlossError, NotFound
from ..core.follow import EDITED, KEPT, ORPHANED as LOST, follow
from .db import Library, now
from .entities import refresh_article  # the entity rows named the old text
from .highlights import ANCHORED, ORPHANED
from .passages import index_passages


def update_article_text(lib: Library, article_id: int, new_article: Article) -> dict:
    """Replace an article's text with a new version and carry its highlights over to it.

    The old text and the new are aligned (``core.align``) and each highlight follows its passage
    (``core.follow``): *kept* where the passage reads as before (perhaps moved), *edited* where
    it was changed inside and still reads like the quote, *orphaned* where it was deleted or
    rewritten. A highlight orphaned earlier, or one whose stored position does not read as its
    quote, has no passage in the old text to follow: it is looked for by its quote and context.

    Returns ``{"anchored", "orphaned", "kept", "edited", "highlights"}``: the article's counts of
    anchored and orphaned highlights now, how many of this update's were kept and edited, and one
    record per highlight, in ``gloss notes`` order: ``{"id", "result", "start", "end", "quote",
    "old_quote", "was"}`` (``result`` kept, edited or orphaned; ``was`` the status before; an
    orphan's start and end are its last place, as in ``gloss notes``). Kept and edited highlights
    take their quote and context from the new text; orphans keep their old quote, position and note.
    """
    text = new_article.text
    if not text.strip():
        raise GlossError("The new version has no text.")
    with lib.transaction() as db:
        found = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        if not found:
            raise NotFound(f"No article {article_id} in the library (see `gloss list`).")
        old_text = found[0] or ""
        new_hash = new_article.content_hash
        clash = db.execute("SELECT id FROM articles WHERE content_hash = ? AND id != ?", [new_hash, article_id]).fetchone()
        if clash:
            raise GlossError(f"That text is already in the library as article {clash[0]}.")
        rows = db.execute('SELECT id, start, "end", exact, prefix, suffix, status FROM highlights '
                          'WHERE article_id = ? ORDER BY start, "end", id', [article_id]).fetchall()
        results = _carry(old_text, text, rows)
        stamp = now()
        moved, edited, orphaned = [], [], []
        for (hid, start, end, exact, prefix, suffix, status), (result, s, e) in zip(rows, results):
            if result == LOST:
                if status != ORPHANED:
                    orphaned.append((ORPHANED, stamp, hid))
                continue
            sel = make_selector(text, s, e)
            if sel.exact != exact:
                edited.append((sel.start, sel.end, sel.exact, sel.prefix, sel.suffix, ANCHORED, stamp, hid))
            elif (sel.start, sel.end, sel.prefix, sel.suffix, ANCHORED) != (start, end, prefix, suffix, status):
                touched = stamp if status != ANCHORED else None
                moved.append((sel.start, sel.end, sel.prefix, sel.suffix, ANCHORED, touched, hid))
        # Only the edited ones name the quote: the full-text index is rewritten for a changed quote
        # (its trigger fires for any UPDATE naming the column), and most highlights only moved.
        if moved:
            db.executemany('UPDATE highlights SET start = ?, "end" = ?, prefix = ?, suffix = ?, '
                           "status = ?, updated = coalesce(?, updated) WHERE id = ?", moved)
        if edited:
            db.executemany('UPDATE highlights SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, '
                           "status = ?, updated = ? WHERE id = ?", edited)
        if orphaned:
            db.executemany("UPDATE highlights SET status = ?, updated = ? WHERE id = ?", orphaned)
        db.execute("UPDATE articles SET text = ?, blocks = ?, spans = ?, content_hash = ?, updated = ? WHERE id = ?",
                   [text, json.dumps(new_article.blocks_json(), separators=(",", ":")),
                    json.dumps(new_article.spans_json(), separators=(",", ":")), new_hash, stamp, article_id])
        index_passages(db, article_id, text)
    refresh_article(lib, article_id)
    return _report(rows, results, text)


def _carry(old: str, new: str, rows: list) -> list[tuple[str, int, int]]:
    """``(result, start, end)`` for each highlight row, in the new text."""
    alignment = None
    out = []
    for _hid, start, end, exact, prefix, suffix, status in rows:
        if status != ORPHANED and 0 <= start < end <= len(old) and old[start:end] == exact:
            if alignment is None:
                from ..core.align import align

                alignment = align(old, new)
            out.append(follow(alignment, old, new, start, end))
            continue
        # No passage of the old text to follow: its quote and context, as for an imported one.
        span = reanchor(new, start, end, exact, prefix or "", suffix or "")
        if span is None:
            out.append((LOST, start, end))
        else:
            out.append((KEPT if new[span[0]:span[1]] == exact else EDITED, *span))
    return out


def _report(rows: list, results: list, new: str) -> dict:
    records = []
    for (hid, start, end, exact, _prefix, _suffix, status), (result, s, e) in zip(rows, results):
        quote = exact if result == LOST else new[s:e]
        records.append({"id": hid, "result": result, "start": s, "end": e, "quote": quote, "old_quote": exact,
                        "was": status or ANCHORED})
    records.sort(key=lambda r: (r["result"] == LOST, r["start"], r["end"], r["id"]))
    orphans = sum(r["result"] == LOST for r in records)
    return {"anchored": len(records) - orphans, "orphaned": orphans,
            "kept": sum(r["result"] == KEPT for r in records), "edited": sum(r["result"] == EDITED for r in records),
            "highlights": records}
