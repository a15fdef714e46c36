"""Importing a file, whatever its kind (an article, or a Gloss JSON export holding several), and the
bundled sample a new library starts with."""

from __future__ import annotations

from pathlib import Path

from ..core.paths import sample_path
from .articles import add_article, get_article
from .db import Library


def import_file(lib: Library, path: str | Path, warnings: list[str] | None = None) -> list[tuple[int, str, bool]]:
    """Import one file; returns [(id, title, newly_added)] (a Gloss JSON export may hold several).

    What was imported only in part (annotations left out) gets one line each in ``warnings``.
    """
    path = Path(path)
    if path.suffix.lower() == ".json":
        from .exchange import import_json  # loaded when a JSON export is imported

        return import_json(lib, path, warnings)
    from ..core.importers import load, shown

    article = load(path, warnings)
    article_id, added = add_article(lib, article, origin=shown(path.resolve()))
    title = article.title if added else get_article(lib, article_id).title
    return [(article_id, title, added)]


def ensure_sample(lib: Library) -> int | None:
    """On a new library (no article ever imported), import the bundled sample and return its id
    (not on a library that cannot be written: a read-only session shows what is there)."""
    if lib.refusal is not None:
        return None
    if lib.conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() or lib.setting("sample_offered"):
        return None
    (article_id, _title, _added), = import_file(lib, sample_path())
    lib.set_setting("sample_offered", "1")
    return article_id
