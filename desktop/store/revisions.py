"""A new version of an article's text: the text replaced, its highlights re-anchored, its entities
found again, in one operation."""

from __future__ import annotations

import json

from ..core.anchors import make_selector, reanchor
from ..core.article import Article
from ..core.errors import GlossError, NotFound
from .db import Library, now
from .entities import refresh_article  # the entity rows named the old text
from .highlights import ANCHORED, ORPHANED
from .passages import index_passages


def update_article_text(lib: Library, article_id: int, new_article: Article) -> dict:
    """Replace an article's text with a new version and re-anchor its highlights.

    Returns ``{"anchored": n, "orphaned": m}``. Re-anchored highlights take their quote and
    context from the new text; orphans keep their old quote, position and note.
    """
    text = new_article.text
    if not text.strip():
        raise GlossError("The new version has no text.")
    with lib.transaction() as db:
        if not db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone():
            raise NotFound(f"No article {article_id} in the library (see `gloss list`).")
        new_hash = new_article.content_hash
        clash = db.execute("SELECT id FROM articles WHERE content_hash = ? AND id != ?", [new_hash, article_id]).fetchone()
        if clash:
            raise GlossError(f"That text is already in the library as article {clash[0]}.")
        rows = db.execute('SELECT id, start, "end", exact, prefix, suffix, status FROM highlights '
                          'WHERE article_id = ? ORDER BY start, "end", id', [article_id]).fetchall()
        stamp = now()
        moved: list[tuple] = []
        orphaned: list[tuple] = []
        delta = 0
        for hid, start, end, exact, prefix, suffix, status in rows:
            span = reanchor(text, start, end, exact, prefix or "", suffix or "", hints=(start + delta,))
            if span is None:
                if status != ORPHANED:
                    orphaned.append((ORPHANED, stamp, hid))
                continue
            delta = span[0] - start
            sel = make_selector(text, *span)
            if (sel.start, sel.end, sel.exact, sel.prefix, sel.suffix, ANCHORED) != (start, end, exact, prefix, suffix, status):
                touched = stamp if (sel.exact != exact or status != ANCHORED) else None
                moved.append((sel.start, sel.end, sel.exact, sel.prefix, sel.suffix, ANCHORED, touched, hid))
        if moved:
            db.executemany('UPDATE highlights SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, '
                                "status = ?, updated = coalesce(?, updated) WHERE id = ?", moved)
        if orphaned:
            db.executemany("UPDATE highlights SET status = ?, updated = ? WHERE id = ?", orphaned)
        db.execute("UPDATE articles SET text = ?, blocks = ?, spans = ?, content_hash = ?, updated = ? WHERE id = ?",
                   [text, json.dumps(new_article.blocks_json(), separators=(",", ":")),
                    json.dumps(new_article.spans_json(), separators=(",", ":")), new_hash, stamp, article_id])
        index_passages(db, article_id, text)
        counts = db.execute("SELECT count(*) FILTER (WHERE status != 'orphaned'), "
                            "count(*) FILTER (WHERE status = 'orphaned') FROM highlights WHERE article_id = ?",
                            [article_id]).fetchone()
    refresh_article(lib, article_id)
    return {"anchored": counts[0], "orphaned": counts[1]}
