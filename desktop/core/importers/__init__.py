"""Reading files into Articles: dispatch by extension, size and encoding checks, one-line refusals."""

from __future__ import annotations

import os
import stat
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


def shown(path: str | os.PathLike[str]) -> str:
    """A path as text fit to show and store: bytes that are not UTF-8 in a file name (which Python
    keeps as lone surrogates, and no UTF-8 text can hold) become U+FFFD."""
    return os.fspath(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def check_file(path: Path, limit: int = MAX_BYTES) -> int:
    """The size of a file that may become an article, refusing missing, unreadable, oversized and
    special ones: only a regular file (a named pipe would block forever, ``/dev/zero`` never end)."""
    name = shown(path.name)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ImportRefused(f"{shown(path)}: no such file.") from None
    except OSError as exc:
        raise ImportRefused(f"{shown(path)}: cannot be read ({exc.strerror}).") from None
    if stat.S_ISDIR(st.st_mode):
        raise ImportRefused(f"{shown(path)} is a folder, not a file.")
    if not stat.S_ISREG(st.st_mode):
        raise ImportRefused(f"{name} is not a regular file (a pipe, device or socket); Gloss opens files only.")
    if st.st_size > limit:
        raise ImportRefused(f"{name} is {st.st_size / 2**20:.0f} MB; Gloss opens such files up to {limit // 2**20} MB.")
    return st.st_size


def read_bytes(path: Path) -> bytes:
    """Read a file that may become an article (``check_file``), opened without blocking and checked
    again once open, so nothing can swap it meanwhile."""
    check_file(path)
    name = shown(path.name)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise ImportRefused(f"{shown(path)}: cannot be read ({exc.strerror}).") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ImportRefused(f"{name} is not a regular file (a pipe, device or socket); Gloss opens files only.")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ImportRefused(f"{shown(path)}: cannot be read ({exc.strerror}).") from None
    finally:
        os.close(fd)


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


def load(path: str | os.PathLike[str], progress: Progress | None = None, notes: list[str] | None = None) -> Article:
    """Read, decode and parse one file into an Article (``.txt``, ``.md``, ``.html``, ``.pdf``,
    ``.epub``); what the user should know about how it was read (bad UTF-8 bytes replaced) is added
    to ``notes``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | BOOK_SUFFIXES:
        raise ImportRefused(f"{shown(path.name)}: Gloss reads {', '.join(SUPPORTED)} files, "
                            f"not {shown(suffix) or 'this kind'}.")
    if suffix in BOOK_SUFFIXES:
        check_file(path, MAX_BOOK_BYTES)
        if suffix == ".pdf":
            from .pdf import parse_pdf

            return parse_pdf(path, progress)
        from .epub import parse_epub

        return parse_epub(path, progress)
    data = read_bytes(path)
    text = decode(data, shown(path.name), notes)
    return parse_text(text, suffix, shown(path.stem))
