"""`gloss search`: full-text search across article text, quotes, notes, tags and entity names."""

from __future__ import annotations

from ..store.search import as_json, search
from . import library, print_json, print_line


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def cmd_search(args) -> int:
    """Print the ranked matches: ``ARTICLE<TAB>KIND<TAB>TITLE<TAB>SNIPPET`` a line, or JSON."""
    results = search(library(args), args.query)
    if args.json:
        print_json([as_json(r) for r in results])
        return 0
    for r in results:
        print_line(f"{r['article']}\t{r['kind']}\t{_one_line(r['title'])}\t{_one_line(r['snippet'])}")
    return 0
