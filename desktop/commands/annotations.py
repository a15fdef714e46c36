"""`gloss highlight`, `gloss notes`, `gloss update`."""

from __future__ import annotations

from ..core.anchors import find_occurrence
from ..core.errors import GlossError
from ..core.text import canonical
from ..store.articles import get_article, resolve_article
from ..store.highlights import add_highlight, list_highlights
from ..store.revisions import update_article_text
from . import library, print_json, print_line


def _one_line(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cmd_highlight(args) -> int:
    """Highlight the Nth occurrence of ``--quote``; print the new id (or the record with --json)."""
    lib = library(args, writing=True)
    article_id = resolve_article(lib, args.article)
    quote = canonical(args.quote).strip()  # white space at the ends is never highlighted
    if not quote:
        raise GlossError("The quote is empty: give the words to highlight with --quote.")
    if args.occurrence < 1:
        raise GlossError(f"--occurrence counts from 1, not {args.occurrence}.")
    text = get_article(lib, article_id).text
    span = find_occurrence(text, quote, args.occurrence)
    if span is None:
        count = text.count(quote)
        shown = _one_line(quote, 60)
        if count == 0:
            raise GlossError(f"The quote {shown!r} is not in article {article_id} (quotes must match exactly).")
        times = "once" if count == 1 else f"{count} times"
        raise GlossError(f"The quote {shown!r} occurs {times} in article {article_id}; "
                         f"there is no occurrence {args.occurrence}.")
    record = add_highlight(lib, article_id, *span, color=args.color, note=args.note or "", tags=args.tag)
    if args.json:
        print_json(record)
    else:
        print_line(str(record["id"]))
    return 0


def format_highlight(h: dict) -> str:
    """One readable line: id, span, colour, quote, note, tags, and whether it is orphaned."""
    parts = [f"{h['id']}\t{h['start']}-{h['end']}\t[{h['label']}]\t“{_one_line(h['quote'], 80)}”"]
    if h["note"]:
        parts.append(f"— {_one_line(h['note'], 80)}")
    if h["tags"]:
        parts.append(" ".join("#" + t.replace(" ", "_") for t in h["tags"]))
    if h["status"] == "orphaned":
        parts.append("(orphaned)")
    return "  ".join(parts)


def cmd_notes(args) -> int:
    """An article's highlights and notes in document order, orphans last."""
    lib = library(args)
    highlights = list_highlights(lib, resolve_article(lib, args.article))
    if args.json:
        print_json(highlights)
        return 0
    for h in highlights:
        print_line(format_highlight(h))
    return 0


def cmd_update(args) -> int:
    """Replace an article's text with a new version of the file (or its web page, fetched again) and
    carry its highlights over.

    Prints how many stayed anchored (kept as they were, or edited) and how many are orphaned,
    then one line for each highlight to review: edited ones (old quote, new quote) and new orphans.
    """
    from ..core.importers import load
    from ..core.urls import is_url
    from . import progress_line

    lib = library(args, writing=True)
    article_id = resolve_article(lib, args.article)
    if is_url(args.file):
        from ..store.imports import update_from_url

        report = update_from_url(lib, article_id, args.file, progress_line(args.file))
    else:
        report = update_article_text(lib, article_id, load(args.file, progress_line(args.file)))
    if args.json:
        print_json(report)
        return 0
    print_line(f"{report['anchored']} anchored ({report['kept']} kept, {report['edited']} edited), "
               f"{report['orphaned']} orphaned")
    for h in report["highlights"]:
        if h["result"] == "edited":
            print_line(f"edited\t{h['id']}\t“{_one_line(h['old_quote'], 60)}” → “{_one_line(h['quote'], 60)}”")
        elif h["result"] == "orphaned" and h["was"] != "orphaned":
            print_line(f"orphaned\t{h['id']}\t“{_one_line(h['old_quote'], 60)}”")
    return 0
