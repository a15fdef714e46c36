"""`gloss import`, `gloss list`, `gloss show`."""

from __future__ import annotations

import sys

from ..core.errors import GlossError
from ..store.articles import get_article, list_articles, resolve_article
from ..store.imports import import_file
from ..core.urls import is_url
from ..store.readable import ArticleDamaged
from . import library, print_json, print_line, progress_line


def cmd_import(args) -> int:
    """Import each file or web page; a refused one gets one line on stderr and the others still import."""
    lib = library(args, writing=True)
    results: list[dict] = []
    failed = 0
    for name in args.files:
        warnings: list[str] = []
        try:
            imported = import_file(lib, name, progress_line(name), warnings)
        except GlossError as exc:
            print(f"gloss: {exc}", file=sys.stderr)
            failed += 1
            continue
        for line in warnings:
            print(f"gloss: {line}", file=sys.stderr)
        for article_id, title, added in imported:
            if not added and is_url(name):
                print(f"gloss: {name} is already in the library as article {article_id}; "
                      f"`gloss update {article_id} {name}` fetches it again.", file=sys.stderr)
            elif not added:
                print(f"gloss: {name} is already in the library as article {article_id}.", file=sys.stderr)
            results.append({"id": article_id, "title": title})
            if not args.json:
                print_line(f"{article_id}\t{title}")
    if args.json:
        print_json(results)
    return 1 if failed else 0


def cmd_list(args) -> int:
    rows = list_articles(library(args))
    for row in rows:
        if row["damaged"]:
            print(f"gloss: {ArticleDamaged(row['id'])}", file=sys.stderr)
    if args.json:
        print_json([{k: row[k] for k in ("id", "title", "source", "author", "published", "highlights", "notes")}
                    for row in rows])
        return 0
    for row in rows:
        print_line(f"{row['id']}\t{row['title']}\t{row['source']}\t{row['published']}\t"
                   f"{row['highlights']} highlights, {row['notes']} notes")
    return 0


def cmd_show(args) -> int:
    lib = library(args)
    article = get_article(lib, resolve_article(lib, args.article))
    if args.json:
        print_json({"id": article.id, "title": article.title, "source": article.source,
                    "author": article.author, "editor": article.editor, "published": article.published,
                    "url": article.url, "headings": article.headings, "text": article.text})
        return 0
    print_line(article.title)
    byline = " · ".join(v for v in (article.source, article.author, article.editor, article.published) if v)
    if byline:
        print_line(byline)
    print_line("")
    print_line(article.text)
    return 0
