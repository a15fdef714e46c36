"""The command line (see CLI.md): argparse subcommands; Qt is imported only when the GUI is asked for.

Each subcommand's handler lives in a small module of its own (``desktop/commands/``), named in
``COMMANDS`` and imported only when that command runs, so `gloss list` stays quick.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from .core.errors import GlossError

COMMANDS = {
    # subcommand: "module:function" under desktop.commands
    "import": "articles:cmd_import",
    "update": "annotations:cmd_update",
    "list": "articles:cmd_list",
    "show": "articles:cmd_show",
    "highlight": "annotations:cmd_highlight",
    "notes": "annotations:cmd_notes",
    "entities": "entities:cmd_entities",
    "export": "export:cmd_export",
    "search": "search:cmd_search",
}


OPEN = "open"  # `gloss open ARTICLE|FILE|URL`: the app, as `gloss ARTICLE|FILE|URL`


def _size(value: str) -> tuple[int, int]:
    try:
        w, h = value.lower().split("x")
        size = int(w), int(h)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a size like 1400x900") from None
    if not (200 <= size[0] <= 10000 and 200 <= size[1] <= 10000):
        raise argparse.ArgumentTypeError(f"{value!r}: width and height must be 200 to 10000 pixels")
    return size


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", help="the library file (default: $GLOSS_DB, else "
                        "library.sqlite in the user data folder)")


def build_parser() -> argparse.ArgumentParser:
    """The subcommand parser (``gloss import ...``, ``gloss list`` ...)."""
    parser = argparse.ArgumentParser(prog="gloss", description="Gloss: read closely, highlight, "
                                     "write in the margin, export your notes.")
    _add_db(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("import", help="import .txt, .md, .html, .pdf, .epub files, web pages (http(s) URLs) "
                       "or Gloss JSON exports")
    p.add_argument("files", nargs="+", metavar="FILE|URL")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("update", help="replace an article's text with a new version, re-anchoring highlights")
    p.add_argument("article", metavar="ARTICLE")
    p.add_argument("file", metavar="FILE|URL")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("list", help="the articles in the library")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="one article's metadata and text")
    p.add_argument("article", metavar="ARTICLE")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("highlight", help="highlight the Nth occurrence of a quote")
    p.add_argument("article", metavar="ARTICLE")
    p.add_argument("--quote", required=True, metavar="TEXT")
    p.add_argument("--occurrence", type=int, default=1, metavar="N")
    p.add_argument("--color", metavar="NAME")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--tag", action="append", default=[], metavar="TAG")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("notes", help="an article's highlights and notes in document order")
    p.add_argument("article", metavar="ARTICLE")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("entities", help="the entities an article (or a file, not imported) names")
    p.add_argument("target", metavar="ARTICLE|FILE")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("export", help="export notes as Markdown (default) or lossless JSON")
    p.add_argument("article", nargs="?", metavar="ARTICLE")
    p.add_argument("--all", action="store_true", help="every article, one file each")
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.add_argument("-o", "--output", metavar="FILE|DIR")

    p = sub.add_parser("search", help="full-text search across the library")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--json", action="store_true")
    return parser


def build_gui_parser() -> argparse.ArgumentParser:
    """The parser for opening the app: ``gloss [open] [--screenshot OUT.png] [ARTICLE|FILE|URL]``."""
    parser = argparse.ArgumentParser(
        prog="gloss", description="Open Gloss, or run a command (" + ", ".join([OPEN, *COMMANDS])
        + "; see `gloss COMMAND -h`). `gloss open ARTICLE` is the same as `gloss ARTICLE`.")
    _add_db(parser)
    parser.add_argument("target", nargs="?", metavar="ARTICLE|FILE|URL",
                        help="an article id, a file to import and open, or a gloss:// link")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the window off-screen to a PNG and exit")
    parser.add_argument("--size", type=_size, default=(1400, 900), metavar="WxH")
    parser.add_argument("--theme", choices=("light", "sepia", "dark"), help="colour theme")
    return parser


def _first_positional(argv: Sequence[str]) -> int | None:
    """The index of the first argument that is not an option (nor ``--db``'s value)."""
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg in ("--db",):
            skip = True
            continue
        if arg.startswith("-"):
            continue
        return i
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    first = _first_positional(argv)
    command = argv[first] if first is not None else None
    try:
        if command == OPEN:  # `gloss open 2` is `gloss 2`
            del argv[first]
        elif command in COMMANDS:
            args = build_parser().parse_args(argv)
            module, func = COMMANDS[args.command].split(":")
            handler = getattr(importlib.import_module(f"desktop.commands.{module}"), func)
            return int(handler(args) or 0)
        args = build_gui_parser().parse_args(argv)
        from .ui.shell.app import run_app

        return run_app(args)
    except GlossError as exc:
        print(f"gloss: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
