"""`gloss export ARTICLE|--all [--format md|json] [-o FILE|DIR]`.

* One article: to stdout without ``-o``; ``-o DIR`` (an existing folder, or a path ending in a
  separator) writes ``DIR/<safe title>.md`` (or ``.json``); any other ``-o`` is the file itself.
* ``--all -o DIR``: one file per article in DIR (created if missing); prints each path written.
* ``--all`` without ``-o``: Markdown is refused (one file per article needs a folder);
  ``--format json`` prints one JSON array of every article's export, which `gloss import` reads back.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..core.export.jsonld import dumps
from ..store.articles import resolve_article
from ..store.exchange import export_all, export_article, render, render_json
from . import library, print_line


def _write_stdout(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def cmd_export(args) -> int:
    if bool(args.article) == bool(args.all):
        print("gloss export: give one ARTICLE id or --all (see `gloss list`).", file=sys.stderr)
        return 2
    lib = library(args)
    try:
        if args.all:
            if args.output:
                for path in export_all(lib, args.output, args.format):
                    print_line(str(path))
                return 0
            if args.format == "md":
                print("gloss: --all writes one Markdown file per article; name a folder with -o DIR "
                      "(or use --format json to print them all).", file=sys.stderr)
                return 1
            ids = [r[0] for r in lib.conn.execute("SELECT id FROM articles ORDER BY id")]
            _write_stdout(dumps([render_json(lib, i) for i in ids]))
            return 0
        article_id = resolve_article(lib, args.article)
        if not args.output:
            _write_stdout(render(lib, article_id, args.format))
            return 0
        target = Path(args.output)
        if args.output.endswith((os.sep, "/")) and not target.exists():
            target.mkdir(parents=True, exist_ok=True)
        print_line(str(export_article(lib, article_id, target, args.format)))
        return 0
    finally:
        lib.close()
