"""Unexpected exceptions written to a rotating crash log in the platform's log folder (no Qt).

The GUI's ``sys.excepthook`` calls ``log_exception`` and shows a short message naming the file it
returns. Writing the log never raises: if the log folder cannot be written, the system's temporary
folder is used instead.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path
from types import TracebackType

LOG_NAME = "crash.log"
MAX_BYTES = 512 * 1024
KEEP = 3  # crash.log plus crash.log.1 .. crash.log.3


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("gloss")
    except Exception:  # noqa: BLE001 - not installed as a distribution
        return "unknown"


def _rotate(path: Path) -> None:
    if not path.exists() or path.stat().st_size < MAX_BYTES:
        return
    for n in range(KEEP - 1, 0, -1):
        older = path.with_name(f"{path.name}.{n}")
        if older.exists():
            os.replace(older, path.with_name(f"{path.name}.{n + 1}"))
    os.replace(path, path.with_name(f"{path.name}.1"))


def format_entry(exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> str:
    when = _dt.datetime.now().astimezone().isoformat(timespec="seconds")
    head = (f"=== {when}  Gloss {_version()}  Python {platform.python_version()}  "
            f"{platform.platform(terse=True)}  pid {os.getpid()}\n")
    body = "".join(traceback.format_exception(exc_type, exc, tb)) if exc_type else "(no exception)\n"
    return head + body + "\n"


def log_exception(exc_type: type[BaseException] | None, exc: BaseException | None,
                  tb: TracebackType | None) -> Path:
    """Append the exception with its traceback to the crash log; return the log file's path."""
    entry = format_entry(exc_type, exc, tb)
    from .paths import log_dir

    candidates = []
    with contextlib.suppress(Exception):
        candidates.append(log_dir())
    candidates.append(Path(tempfile.gettempdir()) / "gloss-logs")
    for folder in candidates:
        path = folder / LOG_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):
                _rotate(path)
            with open(path, "a", encoding="utf-8", errors="backslashreplace") as fh:
                fh.write(entry)
                fh.flush()
                with contextlib.suppress(OSError):
                    os.fsync(fh.fileno())
            return path
        except OSError:
            continue
    with contextlib.suppress(Exception):
        sys.stderr.write(entry)
    return candidates[-1] / LOG_NAME
