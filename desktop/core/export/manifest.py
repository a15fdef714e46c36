"""Which files in an export folder Gloss wrote, so an export replaces only those and numbers its file
beside anything else ("Title (2).md"): a user's own note of the same name is never overwritten.

The record is a small JSON file in the folder (``.gloss-exports.json``, hidden: Obsidian and file
managers skip it) holding, for each file Gloss wrote there, the SHA-256 of what it wrote. A file
counts as Gloss's only while it still holds exactly that: one the user has edited since is theirs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from ..errors import GlossError
from .atomic import atomic_write

MANIFEST = ".gloss-exports.json"
MAX_MANIFEST_BYTES = 8 * 2**20
MAX_EXPORT_BYTES = 512 * 2**20  # a file bigger than any export Gloss writes is not one of its own


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Manifest:
    """The record of one export folder: read once, consulted per file, saved once."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.files: dict[str, str] = {}
        with contextlib.suppress(OSError, ValueError, AttributeError):
            path = self.folder / MANIFEST
            if path.stat().st_size <= MAX_MANIFEST_BYTES:
                files = json.loads(path.read_text(encoding="utf-8")).get("files", {})
                if isinstance(files, dict):
                    self.files = {str(k): str(v) for k, v in files.items()}

    def replaceable(self, name: str) -> bool:
        """Whether an export may be written as ``name``: nothing is there, or Gloss wrote what is."""
        path = self.folder / name
        if not os.path.lexists(path):
            return True
        wrote = self.files.get(name)
        if wrote is None or not path.is_file() or path.is_symlink():
            return False
        try:
            if path.stat().st_size > MAX_EXPORT_BYTES:
                return False
            with open(path, "rb") as fh:
                return _digest(fh.read()) == wrote
        except OSError:
            return False

    def free_name(self, name: str) -> str:
        """``name``, or the first of "stem (2).ext", "stem (3).ext"... that may be written."""
        if self.replaceable(name):
            return name
        stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
        n = 2
        while not self.replaceable(f"{stem} ({n}){dot}{ext}"):
            n += 1
        return f"{stem} ({n}){dot}{ext}"

    def add(self, name: str, data: str | bytes) -> None:
        """Note that Gloss wrote ``data`` as ``name`` (``save`` keeps it)."""
        self.files[name] = _digest(data.encode("utf-8") if isinstance(data, str) else data)

    def save(self) -> None:
        """Write the record (files gone from the folder dropped); best effort: a folder that takes
        the exports but not the record only means they are numbered next time."""
        files = {k: v for k, v in self.files.items() if (self.folder / k).is_file()}
        with contextlib.suppress(OSError, GlossError):
            atomic_write(self.folder / MANIFEST, json.dumps(
                {"gloss": "files this folder's Gloss exports wrote", "version": 1, "files": files},
                ensure_ascii=False, indent=1) + "\n")
