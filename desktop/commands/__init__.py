"""Handlers of the command-line subcommands, one module per area, each imported on demand."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from ..store import Library, default_db_path, open_library


def library(args, writing: bool = False) -> Library:
    """Open the library the user named with ``--db`` (or the default one).

    If opening it had to repair something (a damaged file restored from a backup), the one-line
    notice goes to stderr before the command's own output. A command ``writing`` to a library
    that could only be opened read-only (a full disk, a read-only file) stops with that one line.
    """
    lib = open_library(args.db or default_db_path())
    if writing and lib.refusal is not None:
        lib.close()
        raise lib.refusal
    if lib.notice:
        print(f"gloss: {lib.notice}", file=sys.stderr)
    return lib


def print_json(value: Any) -> None:
    """One UTF-8 JSON document on stdout, nothing else."""
    sys.stdout.buffer.write(json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
    sys.stdout.flush()


def progress_line(name: str):
    """A progress callback that keeps one line on stderr up to date, when stderr is a terminal
    (None otherwise: nothing is printed into a pipe or a log)."""
    if not sys.stderr.isatty():
        return None
    if not name.lower().startswith(("http://", "https://")):
        name = os.path.basename(name) or name
    label = name if len(name) <= 50 else "…" + name[-49:]

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\r\x1b[Kgloss: reading {label}: {done} of {total}")
        if done >= total:
            sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()

    return show


def print_line(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
