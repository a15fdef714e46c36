"""The annotations list's rules, no Qt: the order of highlights, the filters, and the text rows and the count show."""

from __future__ import annotations

ALL = ""  # a colour or tag filter that keeps every highlight
ORPHANED = "orphaned"


def haystack(record: dict) -> str:
    """What the text filter searches in a highlight: quote, note, label and tags, casefolded."""
    return " ".join([record["quote"], record["note"], record["label"], *record["tags"]]).casefold()


def keep(record: dict, colour: str, tag: str, words: list[str], hay: str | None = None) -> bool:
    """Whether the filters keep a highlight: its colour (``ALL``: any), a tag of it (``ALL``: any)
    and every one of ``words`` (casefolded) in its ``haystack`` (``hay``, if already made)."""
    if colour and record["color"] != colour:
        return False
    if tag and tag not in record["tags"]:
        return False
    if not words:
        return True
    hay = haystack(record) if hay is None else hay
    return all(w in hay for w in words)


def order(record: dict) -> tuple:
    """Where a highlight's row goes: document order (at one start the longer first, as the margin's
    index keeps them), orphans last."""
    return (record["status"] == ORPHANED, record["start"], -record["end"], record["id"])


def spoken(record: dict) -> str:
    """A row for a screen reader and its tooltip: label and quote, then note, tags and whether orphaned."""
    parts = [f"{record['label']}: “{' '.join(record['quote'].split())}”"]
    if record["note"]:
        parts.append(f"Note: {record['note']}")
    if record["tags"]:
        parts.append("Tags: " + ", ".join(record["tags"]))
    if record["status"] == ORPHANED:
        parts.append("Orphaned: its passage is no longer in the text")
    return ". ".join(parts)


def marks(record: dict) -> str:
    """What follows a row's label: "orphaned" if it is, then its tags: "orphaned  #one  #two"."""
    return "  ".join(["orphaned"] * (record["status"] == ORPHANED) + ["#" + t for t in record["tags"]])


def count_text(shown: int, total: int, article_open: bool) -> str:
    """The line above the list: how many highlights it shows of how many, or what to do for one."""
    noun = "highlight" if total == 1 else "highlights"
    if not article_open:
        return "No article open"
    if total == 0:
        return "No highlights yet: select text, then press 1–5"
    if shown == total:
        return f"{total} {noun}"
    return f"{shown} of {total} {noun}"
