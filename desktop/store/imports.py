"""Importing a file, whatever its kind (an article, or a Gloss JSON export holding several), and the
bundled sample a new library starts with."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..core.article import Article
from ..core.paths import sample_path
from ..core.urls import is_url, normalise_url
from .articles import add_article, get_article
from .db import Library

Progress = Callable[[int, int], None]


def find_by_url(lib: Library, url: str) -> int | None:
    """The article imported from this web address, if any (compared in normalised form)."""
    url = normalise_url(url)
    row = lib.conn.execute("SELECT id FROM articles WHERE url = ? OR origin = ? ORDER BY id LIMIT 1", [url, url]).fetchone()
    return row[0] if row else None


def import_url(lib: Library, url: str, progress: Progress | None = None) -> list[tuple[int, str, bool]]:
    """Fetch a web page and import it; a URL already in the library is not fetched again
    (``newly_added`` False: offer `gloss update ID URL`, which is ``update_from_url``)."""
    existing = find_by_url(lib, url)
    if existing is not None:
        return [(existing, get_article(lib, existing).title, False)]
    from ..core.fetch import load_url

    return store_read(lib, load_url(url, progress), url)


def origin_of(source: str | Path) -> str:
    """Where an article was read from, as stored: a web address normalised, a file's full path."""
    if isinstance(source, str) and is_url(source):
        return normalise_url(source)
    from ..core.importers import shown

    return shown(Path(source).resolve())


def store_read(lib: Library, article: Article, source: str | Path) -> list[tuple[int, str, bool]]:
    """Store an article read from ``source`` (the reading, slow for a book, may be done on
    another thread; storing is one transaction on the caller's): [(id, title, newly_added)]."""
    article_id, added = add_article(lib, article, origin=origin_of(source))
    title = article.title if added else get_article(lib, article_id).title
    return [(article_id, title, added)]


def import_file(lib: Library, path: str | Path, progress: Progress | None = None,
                warnings: list[str] | None = None) -> list[tuple[int, str, bool]]:
    """Import one file (or a web page: an http(s) URL); returns [(id, title, newly_added)] (a
    Gloss JSON export may hold several). ``progress(done, total)`` is called as a long file
    (a PDF's pages, an EPUB's chapters) is read, from the calling thread; what was imported only in
    part, or read with repairs, gets one line each in ``warnings``."""
    if isinstance(path, str) and is_url(path):
        return import_url(lib, path, progress)
    path = Path(path)
    if path.suffix.lower() == ".json":
        from .exchange import import_json  # loaded when a JSON export is imported

        return import_json(lib, path, warnings)
    from ..core.importers import load

    return store_read(lib, load(path, progress, warnings), path)


def update_from_url(lib: Library, article_id: int, url: str | None = None,
                    progress: Progress | None = None) -> dict:
    """Fetch the article's web page again (or ``url``) and make it the article's new text,
    re-anchoring its highlights (``revisions.update_article_text``); returns its counts."""
    from ..core.errors import GlossError
    from ..core.fetch import load_url

    url = url or get_article(lib, article_id).url
    if not url or not is_url(url):
        raise GlossError(f"Article {article_id} has no web address to fetch again; give one.")
    return store_fetched(lib, article_id, url, load_url(url, progress))


def store_fetched(lib: Library, article_id: int, url: str, article: Article) -> dict:
    """The web page fetched again (``article``) as the article's new text, highlights carried over;
    returns the update's report (``revisions.update_article_text``)."""
    from .revisions import update_article_text

    report = update_article_text(lib, article_id, article)
    with lib.transaction() as db:
        db.execute("UPDATE articles SET url = ? WHERE id = ?", [normalise_url(url), article_id])
    return report


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
