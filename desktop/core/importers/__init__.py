"""Reading files into Articles: dispatch by extension, size and encoding checks, one-line refusals."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from ..article import Article
from ..errors import ImportRefused
from ..text import MAX_BYTES, decode
from .html import parse_html
from .markdown import parse_markdown
from .plaintext import parse_plaintext

MAX_BOOK_BYTES = 500 * 1024 * 1024
"""PDFs and EPUBs are read from the file, not into memory, and may hold images: a larger cap."""

TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
BOOK_SUFFIXES = {".pdf", ".epub"}
# the suffixes named in file dialogs and refusals ("" too is read, as plain text: a file without one)
SUPPORTED = sorted((TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | BOOK_SUFFIXES | {".json"}) - {""})

Progress = Callable[[int, int], None]
"""progress(done, total), called from the importing thread as a long file is read (PDF pages,
EPUB chapters); a GUI marshals it to its progress bar, the CLI prints it when stderr is a terminal."""


def check_file(path: Path, limit: int = MAX_BYTES) -> int:
    """The size of a file that may become an article, refusing missing, unreadable and oversized ones."""
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportRefused(f"{path}: no such file.") from None
    except OSError as exc:
        raise ImportRefused(f"{path}: cannot be read ({exc.strerror}).") from None
    if path.is_dir():
        raise ImportRefused(f"{path} is a folder, not a file.")
    if size > limit:
        raise ImportRefused(f"{name} is {size / 2**20:.0f} MB; Gloss opens such files up to {limit // 2**20} MB.")
    return size


def read_bytes(path: Path) -> bytes:
    """Read a file that may become an article, refusing missing, unreadable and oversized ones."""
    check_file(path)
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ImportRefused(f"{path}: cannot be read ({exc.strerror}).") from None


def parse_text(text: str, suffix: str, fallback_title: str) -> Article:
    """Parse decoded text by the format its suffix names."""
    suffix = suffix.lower()
    parser: Callable[[str, str], Article]
    if suffix in MARKDOWN_SUFFIXES:
        parser = parse_markdown
    elif suffix in HTML_SUFFIXES:
        parser = parse_html
    else:
        parser = parse_plaintext
    article = parser(text, fallback_title)
    if not article.text.strip():
        raise ImportRefused(f"{fallback_title}: there is no readable text in it.")
    return article


def load(path: str | os.PathLike[str], progress: Progress | None = None) -> Article:
    """Read, decode and parse one file into an Article (``.txt``, ``.md``, ``.html``, ``.pdf``, ``.epub``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | BOOK_SUFFIXES:
        raise ImportRefused(f"{path.name}: Gloss reads {', '.join(SUPPORTED)} files, not {suffix or 'this kind'}.")
    if suffix in BOOK_SUFFIXES:
        check_file(path, MAX_BOOK_BYTES)
        if suffix == ".pdf":
            from .pdf import parse_pdf

            return parse_pdf(path, progress)
        from .epub import parse_epub

        return parse_epub(path, progress)
    data = read_bytes(path)
    text = decode(data, path.name)
    return parse_text(text, suffix, path.stem)
