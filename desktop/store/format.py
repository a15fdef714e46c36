"""The library file's format: the version this Gloss writes, how long a connection waits for the
write lock, and sqlite-utils, loaded on first use. Imports nothing of Gloss's."""

from __future__ import annotations

SCHEMA_VERSION = 5  # the library format this Gloss writes: schema.py's newest migration sets it


def sqlite_utils_database():
    """``sqlite_utils.Database``, imported on first use (not at start-up) and without numpy.

    sqlite-utils (with click, dateutil, pluggy and tabulate) costs ~60 ms to import, so a library
    whose format is current is opened and read through its ``sqlite3`` connection until something
    first needs ``Library.db``, which the app does after its first paint. sqlite-utils also imports
    numpy (and pandas) whenever they are installed (spaCy brings numpy), only to convert their
    scalar types on insert; Gloss never inserts those, and numpy is ~50 ms more; so unless something
    has imported it already, it is hidden for this one import (and importable as usual afterwards:
    extraction loads it when it runs).
    """
    import sys

    if "sqlite_utils" in sys.modules:
        from sqlite_utils import Database as database

        return database
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # "import numpy" fails: sqlite-utils skips it
    try:
        from sqlite_utils import Database as database
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return database


BUSY_TIMEOUT_S = 15.0
