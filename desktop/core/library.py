"""The library list's rules, no Qt: sort orders, the filter, and the text each row and the count show."""

from __future__ import annotations

from datetime import datetime
from typing import Callable


def _stamp(value: str | None) -> float:
    try:
        return datetime.fromisoformat((value or "").replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def _negated(text: str) -> tuple:
    return tuple(-ord(c) for c in text)


SORTS: dict[str, Callable[[dict], tuple]] = {  # label -> key function (ascending sort of these keys)
    "Recent": lambda r: (-_stamp(r["opened"] or r["added"]), -r["id"]),
    "Title": lambda r: (r["title"].casefold(), r["id"]),
    "Date": lambda r: (not r["published"], _negated(r["published"] or ""), -r["id"]),
    "Most annotated": lambda r: (-(r["highlights"] + r["notes"]), -r["highlights"], -r["id"]),
}
DEFAULT_SORT = "Recent"


def short_date(published: str) -> str:
    """"2022-05-26 11:54:06" -> "26 May 2022"; anything unparseable as it is."""
    try:
        return datetime.fromisoformat(published[:10]).strftime("%-d %b %Y")
    except ValueError:
        return published


def plural(n: int, word: str) -> str:
    """``n`` with thousands separators and ``word``, plural unless one: "1 note", "1,200 notes"."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def matches(row: dict, words: list[str]) -> bool:
    """Every word of the filter is in the title, source, author or date, or (``#word``) a tag."""
    hay = " ".join((row["title"], row["source"] or "", row["author"] or "", row["published"] or "")).casefold()
    tags = [t.casefold() for t in row["tags"]]
    for word in words:
        if word.startswith("#") and len(word) > 1:
            if not any(t.startswith(word[1:]) for t in tags):
                return False
        elif word not in hay and not any(word in t for t in tags):
            return False
    return True


def shown_rows(rows: list[dict], filter_text: str, sort: str) -> list[dict]:
    """The rows the filter keeps, in the order of ``sort`` (a key of ``SORTS``)."""
    words = filter_text.casefold().split()
    return sorted((r for r in rows if matches(r, words)), key=SORTS[sort])


def details(row: dict) -> str:
    """A row's second line: source and date, "·"-separated, whichever it has."""
    return " · ".join(v for v in (row["source"], short_date(row["published"] or "")) if v)


def counts(row: dict) -> str:
    """Highlights, notes and how much is read: "2 highlights · 1 note · 40% read"; first, for a row
    whose stored text cannot be read, that it is damaged and where to get it back."""
    parts = ["⚠ damaged: Help ▸ Restore from Backup"] if row.get("damaged") else []
    if row["highlights"]:
        parts.append(plural(row["highlights"], "highlight"))
    if row["notes"]:
        parts.append(plural(row["notes"], "note"))
    if row["progress"] >= 0.995:
        parts.append("read")
    elif row["progress"] > 0.005:
        parts.append(f"{round(row['progress'] * 100)}% read")
    return " · ".join(parts)


def tags_text(row: dict) -> str:
    """The row's tags as the list shows them: "#one  #two"."""
    return "  ".join("#" + t for t in row["tags"])


def spoken(row: dict) -> str:
    """What a screen reader says for a row: title, details, counts."""
    return f"{row['title']}. {details(row)}. {counts(row)}"


def count_text(shown: int, total: int) -> str:
    """The line above the list: how many articles it shows of how many."""
    if total == 0:
        return "No articles yet: open or drop a file"
    if shown == total:
        return plural(total, "article")
    return f"{shown:,} of {plural(total, 'article')}"


def parse_tags(text: str) -> list[str]:
    """Tags typed separated by commas, blanks dropped: "a, ,b" -> ["a", "b"]."""
    return [t for t in (part.strip() for part in text.split(",")) if t]


def same_tags(typed: list[str], current: list[str]) -> bool:
    """Whether ``typed`` names the same tags as ``current`` (case and a leading "#" aside)."""
    return sorted(t.lstrip("#").strip().casefold() for t in typed) == sorted(t.casefold() for t in current)


def shorten(text: str, most: int) -> str:
    """``text`` cut to at most ``most`` characters, an ellipsis for what went."""
    return text if len(text) <= most else text[:most - 1] + "…"
