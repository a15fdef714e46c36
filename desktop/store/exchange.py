"""Export notes (Markdown, JSON-LD) from the library, import Gloss JSON exports, resolve gloss:// links.

The GUI's File > Export notes... and Copy notes as Markdown, and ``gloss export``/``gloss import``
call these; the layout and the JSON mapping are pure functions in ``desktop.core.export``.

* ``render_markdown(lib, article_id)`` -- one article's notes as Markdown text.
* ``export_article(lib, article_id, path_or_folder, fmt)`` -- write one file; a folder gets
  ``<safe title>.md`` (or ``.json``). Only a file Gloss wrote (and nobody edited since) is
  replaced; beside anything else the export is numbered "Title (2).md".
* ``export_all(lib, folder, fmt)`` -- one file per article, same-titled ones numbered "Title (2).md".
* ``import_json(lib, path)`` -- read a JSON export back, in one transaction. An article already in
  the library (same content hash) is merged: identical highlights (same span and quote) are not
  duplicated, the more recently updated version of each wins, tags are united. Ids are kept when
  free, so links in earlier Markdown exports still open the right passage.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable

from ..core.article import Article
from ..core.errors import NotFound
from ..core.export import jsonld
from ..core.export.atomic import WriteFailed, atomic_write
from ..core.export.filenames import NameAllocator, inside
from ..core.export.manifest import Manifest
from ..core.export.markdown import render_notes
from ..core.importers import read_bytes, shown
from ..core.links import parse_link
from .articles import find_by_hash, get_article
from .db import Library, now
from .highlights import colors as all_colors
from .highlights import list_highlights
from .passages import index_passages

FORMATS = {"md": ".md", "json": ".json"}

# -- reading what an export needs ---------------------------------------------------------------


def article_tags(lib: Library, article_id: int) -> list[str]:
    return [r[0] for r in lib.conn.execute("SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag",
                                         [article_id])]


def article_entities(lib: Library, article_id: int) -> list[dict]:
    return lib.rows('SELECT name, type, mentions, "first" FROM article_entities WHERE article_id = ? '
                    "ORDER BY type, mentions DESC, name", [article_id])


def render_markdown(lib: Library, article_id: int, template: str | os.PathLike[str] | None = None) -> str:
    """The article's notes as Markdown (front matter, note, highlights by section, entities)."""
    article = get_article(lib, article_id)
    return render_notes(article, list_highlights(lib, article_id), tags=article_tags(lib, article_id),
                        entities=article_entities(lib, article_id), exported=now(), template=template)


def render_json(lib: Library, article_id: int) -> dict[str, Any]:
    """The article and all its annotations as one lossless JSON-LD export object."""
    article = get_article(lib, article_id)
    row = lib.conn.execute("SELECT note_updated, added FROM articles WHERE id = ?", [article_id]).fetchone()
    return jsonld.to_jsonld(article, list_highlights(lib, article_id), tags=article_tags(lib, article_id),
                            entities=article_entities(lib, article_id), colors=all_colors(lib),
                            note_updated=row[0] or "", added=row[1] or "", exported=now())


def render(lib: Library, article_id: int, fmt: str = "md", template: str | os.PathLike[str] | None = None) -> str:
    """The text of one article's export in ``fmt`` (``md`` or ``json``)."""
    _check_format(fmt)
    return render_markdown(lib, article_id, template) if fmt == "md" else jsonld.dumps(render_json(lib, article_id))


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise WriteFailed(f"Unknown export format {fmt!r}; use md or json.")


def _title(lib: Library, article_id: int) -> str:
    row = lib.conn.execute("SELECT title FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        raise NotFound(f"No article {article_id} in the library (see `gloss list`).")
    return row[0] or ""


# -- writing files --------------------------------------------------------------------------------

def export_article(lib: Library, article_id: int, path_or_folder: str | os.PathLike[str], fmt: str = "md",
                   template: str | os.PathLike[str] | None = None, *, replace: bool = False) -> Path:
    """Write one article's export; an existing folder gets ``<safe title>.md``. Returns the file.

    A file already there is replaced only if Gloss wrote it and nobody changed it since
    (``core.export.manifest``), or if ``replace`` (the user confirmed replacing that file);
    otherwise the export is numbered beside it ("Title (2).md") and that path returned.
    """
    _check_format(fmt)
    target = Path(path_or_folder).expanduser()
    title = _title(lib, article_id)
    if target.is_dir():
        manifest = Manifest(target)
        target = inside(target, NameAllocator(manifest.replaceable).name(title, FORMATS[fmt],
                                                                        fallback=f"Article {article_id}"))
    elif not target.parent.is_dir():
        raise WriteFailed(f"Cannot write {target}: the folder {target.parent} does not exist.")
    else:
        manifest = Manifest(target.parent)
        if not replace:
            target = target.with_name(manifest.free_name(target.name))
    text = render(lib, article_id, fmt, template)
    written = atomic_write(target, text)
    manifest.add(written.name, text)
    manifest.save()
    return written


def export_all(lib: Library, folder: str | os.PathLike[str], fmt: str = "md",
               template: str | os.PathLike[str] | None = None) -> list[Path]:
    """Write one file per article into ``folder`` (created if missing), oldest article first;
    a same-named file Gloss did not write is kept and the export numbered beside it."""
    _check_format(fmt)
    folder = Path(folder).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailed(f"Cannot create the folder {folder}: {exc.strerror or exc}.") from None
    if not folder.is_dir():
        raise WriteFailed(f"{folder} is a file, not a folder.")
    manifest = Manifest(folder)
    names = NameAllocator(manifest.replaceable)
    written = []
    try:
        for article_id, title in lib.conn.execute("SELECT id, title FROM articles ORDER BY id").fetchall():
            path = inside(folder, names.name(title or "", FORMATS[fmt], fallback=f"Article {article_id}"))
            text = render(lib, article_id, fmt, template)
            written.append(atomic_write(path, text))
            manifest.add(path.name, text)
    finally:
        manifest.save()
    return written


# -- importing ------------------------------------------------------------------------------------

def import_json(lib: Library, path: str | os.PathLike[str], warnings: list[str] | None = None
                ) -> list[tuple[int, str, bool]]:
    """Import a Gloss JSON export (one article or an array); returns [(id, title, newly_added)].

    Annotations that cannot be imported (one on the whole article from another tool) are left
    out, each with one line appended to ``warnings``.
    """
    path = Path(path)
    items = jsonld.loads(read_bytes(path), shown(path.name))
    if warnings is not None:
        warnings.extend(f"{shown(path.name)}: {line}; it was left out." for item in items for line in item.skipped)
    results = []
    with lib.write() as db:
        for item in items:
            _ensure_colors(db, item)
            existing = find_by_hash(lib, item.article.content_hash)
            if existing is None:
                article_id = _insert_article(db, item, origin=shown(path.resolve()))
                _insert_highlights(db, article_id, item.highlights)
                results.append((article_id, item.article.title, True))
            else:
                _merge(db, existing, item)
                results.append((existing, get_article(lib, existing).title, False))
    return results


def _free(db, table: str, wanted: Any) -> bool:
    return (isinstance(wanted, int) and wanted > 0
            and db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [wanted]).fetchone() is None)


def _insert_article(db, item: jsonld.Exported, origin: str) -> int:
    a: Article = item.article
    row = {"title": a.title, "source": a.source, "author": a.author, "editor": a.editor, "published": a.published,
           "url": a.url, "format": a.format, "origin": origin, "text": a.text,
           "blocks": json.dumps(a.blocks_json(), separators=(",", ":")),
           "spans": json.dumps(a.spans_json(), separators=(",", ":")),
           "meta": json.dumps(a.meta, ensure_ascii=False), "content_hash": a.content_hash, "note": a.note,
           "note_updated": item.note_updated, "added": item.added or now()}
    if _free(db, "articles", a.id):
        row["id"] = a.id
    table = db["articles"]
    table.insert(row)
    article_id = table.last_pk
    index_passages(db.conn, article_id, a.text)
    _add_tags(db, article_id, item.tags)
    if item.entities:
        db["article_entities"].insert_all([{**e, "article_id": article_id} for e in item.entities],
                                          pk=("article_id", "name", "type"), replace=True)
    return article_id


def _add_tags(db, article_id: int, tags: Iterable[str]) -> None:
    db.conn.executemany("INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?, ?)",
                        [(article_id, t) for t in tags])


def _ensure_colors(db, item: jsonld.Exported) -> None:
    known = {r[0] for r in db.execute("SELECT key FROM colors")}
    given = {c["key"]: c for c in item.colors}
    position = db.execute("SELECT coalesce(max(position), -1) FROM colors").fetchone()[0]
    first = db.execute("SELECT key FROM colors ORDER BY position, key LIMIT 1").fetchone()
    for h in item.highlights:
        key = h["color"] = h["color"] or (first[0] if first else "yellow")
        if key in known:
            continue
        c = given.get(key, {})
        position += 1
        db["colors"].insert({"key": key, "label": c.get("label") or h["label"] or key,
                             "light": c.get("light") or "#dddddd", "dark": c.get("dark") or "#555555",
                             "position": position})
        known.add(key)


def _insert_highlights(db, article_id: int, highlights: list[dict]) -> None:
    for h in highlights:
        stamp = now()
        values = [article_id, h["start"], h["end"], h["quote"], h["prefix"], h["suffix"], h["color"], h["note"],
                  h["status"], h["created"] or stamp, h["updated"] or h["created"] or stamp]
        if _free(db, "highlights", h["id"]):
            cursor = db.execute('INSERT INTO highlights (id, article_id, start, "end", exact, prefix, suffix, color, '
                                "note, status, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                [h["id"], *values])
        else:
            cursor = db.execute('INSERT INTO highlights (article_id, start, "end", exact, prefix, suffix, color, '
                                "note, status, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
        _set_tags(db, cursor.lastrowid, h["tags"])


def _set_tags(db, highlight_id: int, tags: Iterable[str]) -> None:
    db.execute("DELETE FROM highlight_tags WHERE highlight_id = ?", [highlight_id])
    db.conn.executemany("INSERT OR IGNORE INTO highlight_tags (highlight_id, tag) VALUES (?, ?)",
                        [(highlight_id, t) for t in tags])


def _merge(db, article_id: int, item: jsonld.Exported) -> None:
    """Bring an export's annotations into the copy of the article already in the library."""
    note, note_updated = db.execute("SELECT note, note_updated FROM articles WHERE id = ?", [article_id]).fetchone()
    a = item.article
    if a.note and a.note != note and (not note or (item.note_updated or "") > (note_updated or "")):
        db.execute("UPDATE articles SET note = ?, note_updated = ? WHERE id = ?",
                   [a.note, item.note_updated or now(), article_id])
    _add_tags(db, article_id, item.tags)
    if item.entities and not db.execute("SELECT 1 FROM article_entities WHERE article_id = ?", [article_id]).fetchone():
        db["article_entities"].insert_all([{**e, "article_id": article_id} for e in item.entities],
                                          pk=("article_id", "name", "type"), replace=True)
    mine = {(r[1], r[2], r[3]): r for r in db.execute(
        'SELECT id, start, "end", exact, updated FROM highlights WHERE article_id = ?', [article_id])}
    new = []
    for h in item.highlights:
        same = mine.get((h["start"], h["end"], h["quote"]))
        if same is None:
            new.append(h)
            mine[(h["start"], h["end"], h["quote"])] = (None, h["start"], h["end"], h["quote"], h["updated"])
        elif same[0] is not None and (h["updated"] or "") > (same[4] or ""):
            db.execute("UPDATE highlights SET color = ?, note = ?, status = ?, updated = ? WHERE id = ?",
                       [h["color"], h["note"], h["status"], h["updated"], same[0]])
            _set_tags(db, same[0], h["tags"])
    _insert_highlights(db, article_id, new)


# -- links ----------------------------------------------------------------------------------------

def resolve_link(lib: Library, url: str) -> tuple[int, int | None, int | None]:
    """Where a gloss:// link points in *this* library: (article_id, highlight_id or None, start or None).

    The article is found by id, or -- when the link carries a content hash that does not match that
    article -- by hash (another library imported the same text). A highlight id that is not in that
    article is dropped and its start offset kept, so the reader still scrolls to the passage.
    """
    link = parse_link(url)
    row = lib.conn.execute("SELECT content_hash FROM articles INDEXED BY articles_hash_by_id WHERE id = ?",
                           [link.article_id]).fetchone()  # from the index: in the row it is stored past the text
    article_id = link.article_id if row else None
    if link.doc and (row is None or not row[0].startswith(link.doc)):
        found = lib.conn.execute("SELECT id FROM articles WHERE content_hash >= ? AND content_hash < ? LIMIT 1",
                               [link.doc, link.doc + "g"]).fetchone()
        article_id = found[0] if found else article_id  # not found by hash: the same library, text updated
    if article_id is None:
        raise NotFound(f"The link points to an article that is not in this library ({url[:60]}).")
    highlight = link.highlight_id
    if highlight is not None:
        hrow = lib.conn.execute("SELECT start FROM highlights WHERE id = ? AND article_id = ?",
                              [highlight, article_id]).fetchone()
        if hrow is None:
            highlight = None
    return article_id, highlight, link.start
