"""File names from article titles that are safe on Windows, macOS and Linux, and stay in their folder."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Callable

from ..errors import GlossError

MAX_NAME_BYTES = 120
"""The longest file name written, in UTF-8 bytes, extension and collision number included."""

FALLBACK = "Untitled"

_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"} | {
    f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"0123456789", "\u00b9", "\u00b2", "\u00b3"]}
# Characters no file name may hold on some OS, or that break Obsidian links (# ^ [ ] |).
_REPLACE = str.maketrans({":": " -", "/": "-", "\\": "-", "|": "-", '"': "'", "*": "", "?": "",
                          "<": "", ">": "", "#": "", "^": "", "[": "(", "]": ")"})
_SPACES = re.compile(r"\s+")
# Bidirectional overrides and isolates: they make a name display as something it is not.
_BIDI = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C])


class UnsafePath(GlossError):
    """A file would land outside the folder the user chose."""


def _clean(title: str) -> str:
    text = unicodedata.normalize("NFC", title).translate(_REPLACE).translate(_BIDI)
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    text = _SPACES.sub(" ", text)
    return text.strip(" .")  # no leading dots (hidden, "..") and no trailing dots/spaces (Windows)


def _truncate(text: str, max_bytes: int) -> str:
    """The longest prefix of ``text`` within ``max_bytes`` of UTF-8, never splitting a character
    or leaving a combining mark, joiner or variation selector without what it modifies."""
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    out = text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore")
    # Drop the character whose marks were cut off, then the cut-off cluster's dangling marks.
    if len(out) < len(text) and _extends(text[len(out)]):
        while out and _extends(out[-1]):
            out = out[:-1]
        out = out[:-1]
    while out and out[-1] in "\u200d\u200c":  # a joiner whose partner was cut off
        out = out[:-1]
    return out


def _extends(ch: str) -> bool:
    return (unicodedata.combining(ch) > 0 or unicodedata.category(ch) in ("Mn", "Mc", "Me")
            or ch in "\u200d\u200c" or 0xFE00 <= ord(ch) <= 0xFE0F or 0x1F3FB <= ord(ch) <= 0x1F3FF
            or 0xE0100 <= ord(ch) <= 0xE01EF)


def _is_reserved(stem: str) -> bool:
    base = stem.split(".", 1)[0].rstrip(" ").upper()
    return base in _RESERVED


def safe_filename(title: str, ext: str = ".md", *, suffix: str = "", fallback: str = FALLBACK,
                  max_bytes: int = MAX_NAME_BYTES) -> str:
    """A file name for ``title``: no separators, traversal, reserved names or control characters,
    no trailing dots or spaces, at most ``max_bytes`` UTF-8 bytes including ``suffix`` (" (2)") and
    ``ext``. An empty result becomes ``fallback``."""
    room = max_bytes - len((suffix + ext).encode("utf-8"))
    stem = _truncate(_clean(title), room).rstrip(" .")
    if not stem:
        stem = _truncate(_clean(fallback), room).rstrip(" .") or FALLBACK
    if _is_reserved(stem):  # "CON" -> "CON_", "nul.tar" -> "nul_.tar" (Windows looks before the dot)
        base, dot, rest = stem.partition(".")
        stem = _truncate(base.rstrip(" ") + "_" + dot + rest, room).rstrip(" .")  # the "_" may push a space to the end
    return stem + suffix + ext


class NameAllocator:
    """Hands out distinct names in one folder: a second "Title.md" becomes "Title (2).md".

    Names are compared case-insensitively (macOS and Windows folders are). A name ``allowed``
    refuses (a file in the folder that is not an earlier export: ``manifest.Manifest``) is
    skipped the same way.
    """

    def __init__(self, allowed: Callable[[str], bool] | None = None) -> None:
        self._used: set[str] = set()
        self._allowed = allowed

    def name(self, title: str, ext: str = ".md", fallback: str = FALLBACK) -> str:
        n = 1
        while True:
            suffix = "" if n == 1 else f" ({n})"
            candidate = safe_filename(title, ext, suffix=suffix, fallback=fallback)
            key = unicodedata.normalize("NFC", candidate).casefold()
            if key not in self._used and (self._allowed is None or self._allowed(candidate)):
                self._used.add(key)
                return candidate
            n += 1


def inside(folder: str | os.PathLike[str], name: str) -> Path:
    """``folder / name``, verified (with resolved paths) to be a direct child of ``folder``."""
    base = Path(folder).resolve()
    target = base / name
    if name in ("", ".", "..") or target.parent.resolve() != base or Path(name).name != name:
        raise UnsafePath(f"Refusing to write {name!r}: it would land outside {base}.")
    return target
