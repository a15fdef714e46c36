"""The library: one SQLite file through sqlite-utils, one function per user operation (no Qt)."""

from .db import Library, default_db_path, open_library, open_reader

__all__ = ["Library", "default_db_path", "open_library", "open_reader"]
