"""`gloss entities ARTICLE|FILE`: the entity sidebar's content, as JSON or readable lines."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.entities import Entity, grouped, to_json, type_words
from ..core.errors import GlossError
from . import library, print_json, print_line

RULES_NOTE = "gloss: no spaCy model installed; entities found by the rules only."


def _looks_like_id(target: str) -> bool:
    return target.strip().isascii() and target.strip().isdigit()


def format_entities(entities: list[Entity]) -> list[str]:
    """Readable lines: a header per group (how many entities), then each entity with its mention
    count, what kind of thing it is and its other names: the sidebar's grouping and counts."""
    lines: list[str] = []
    for group, members in grouped(entities):
        width = max(len(str(len(e.mentions))) for e in members)
        if lines:
            lines.append("")
        lines.append(f"{group} ({len(members)})")
        for e in members:
            line = f"  {len(e.mentions):>{width}}  {e.name}  ({type_words(e.type)})"
            if e.aliases:
                line += "  also: " + ", ".join(e.aliases)
            lines.append(line)
    return lines or ["No entities found."]


def cmd_entities(args) -> int:
    """The entities an article names (cached, with the user's corrections), or a file's, not imported."""
    from ..store.entities import analyse_text, entities_for
    from ..store.articles import resolve_article

    target = args.target
    path = Path(target)
    if _looks_like_id(target) and not (path.exists() and path.is_file()):
        lib = library(args)
        try:
            entities, mode = entities_for(lib, resolve_article(lib, target))
        finally:
            lib.close()
    elif path.exists():
        from ..core.importers import load

        if path.suffix.lower() == ".json":
            raise GlossError(f"{path.name}: a Gloss JSON export; import it first, then ask for an article's entities.")
        article = load(path)
        lib = library(args)
        try:
            entities, mode = analyse_text(lib, article.text)
        finally:
            lib.close()
    else:
        raise GlossError(f"{target!r} is neither an article id (see `gloss list`) nor a file.")
    if mode == "rules":
        print(RULES_NOTE, file=sys.stderr)
    if args.json:
        print_json(to_json(entities))
    else:
        for line in format_entities(entities):
            print_line(line)
    return 0
