"""Plain-text articles: a title line, a label/value metadata block, a byline, headings, paragraphs.

Built for the way news sites' text exports look (the bundled China Military Online sample is the
reference) and reasonable on any plain text: a short first line becomes the title, short lines
without closing punctuation between paragraphs become headings, and site furniture at the end
("Related News", "back", a no-break space alone) is dropped.
"""

from __future__ import annotations

import re

from ..article import Article, ArticleBuilder, clean_inline

# Metadata labels (lower case) and the Article field each fills; others land in ``meta``.
LABELS = {
    "source": "source", "publisher": "source", "site": "source", "from": "source",
    "editor": "editor", "editors": "editor", "edited by": "editor",
    "time": "published", "date": "published", "published": "published", "posted": "published",
    "publication date": "published", "updated": "updated",
    "author": "author", "authors": "author", "writer": "author", "reporter": "author", "by": "author",
    "url": "url", "link": "url", "translator": "translator", "section": "section",
    "category": "section", "tags": "tags", "language": "language",
}
FURNITURE = {
    "related news", "related articles", "related stories", "related", "back", "back to top", "top",
    "share", "share this", "print", "comments", "read more", "more", "advertisement", "close",
    "next", "previous", "home",
}
_BYLINE = re.compile(r"^(?:By|BY|by)[:\s]+(?P<name>[^\d.!?]{2,80})$")
_INLINE_LABEL = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ]{1,20}):\s+(?P<value>\S.{0,300})$")
_CLOSING = tuple(".!?;:,\"'”’)»…")
_BLANKISH = re.compile(r"^[\s\u00a0\u200b\u3000]*$")


def _groups(text: str) -> list[list[str]]:
    """Split text into groups of non-blank lines separated by blank (or whitespace-only) lines."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if _BLANKISH.match(line):
            if current:
                groups.append(current)
                current = []
        else:
            current.append(line.strip())
    if current:
        groups.append(current)
    return groups


def _looks_like_title(line: str) -> bool:
    return 0 < len(line) <= 200 and not line.endswith((".", ";", ",")) and len(line.split()) <= 30


def _label(line: str) -> str | None:
    key = line.strip().rstrip(":").strip().lower()
    return LABELS.get(key)


def _metadata(group: list[str]) -> dict[str, str] | None:
    """Read a label/value block: alternating label and value lines, or ``Label: value`` lines."""
    meta: dict[str, str] = {}
    if len(group) % 2 == 0 and all(_label(group[i]) for i in range(0, len(group), 2)):
        for i in range(0, len(group), 2):
            meta.setdefault(_label(group[i]), group[i + 1].strip())
        return meta
    for line in group:
        m = _INLINE_LABEL.match(line)
        if not m or not _label(m["label"]):
            return None
        meta.setdefault(_label(m["label"]), m["value"].strip())
    return meta or None


def _is_heading(line: str) -> bool:
    words = line.split()
    return (len(line) <= 120 and 1 <= len(words) <= 16 and not line.endswith(_CLOSING)
            and (line[0].isupper() or line[0].isdigit() or not line[0].isalpha()))


def _paragraphs(group: list[str]) -> list[str]:
    """Hard-wrapped lines join into one paragraph; long unwrapped lines are paragraphs each."""
    if max(len(line) for line in group) > 100 and len(group) > 1:
        return [clean_inline(line) for line in group]
    return [clean_inline(" ".join(group))]


def parse_plaintext(text: str, fallback_title: str) -> Article:
    """Parse canonical text (already decoded and normalised) into an Article."""
    groups = _groups(text)
    while groups and len(groups[-1]) == 1 and groups[-1][0].strip(" \u00a0").lower().rstrip(".:") in FURNITURE:
        groups.pop()
    title = fallback_title
    meta: dict[str, str] = {}
    if groups and len(groups[0]) == 1 and _looks_like_title(groups[0][0]) and len(groups) > 1:
        title = groups.pop(0)[0]
    # Metadata blocks and a byline may follow the title, in either order.
    while groups:
        found = _metadata(groups[0])
        if found:
            for key, value in found.items():
                meta.setdefault(key, value)
            groups.pop(0)
            continue
        m = _BYLINE.match(groups[0][0]) if len(groups[0]) == 1 else None
        if m:
            meta.setdefault("author", clean_inline(m["name"]))
            groups.pop(0)
            continue
        break
    builder = ArticleBuilder()
    for i, group in enumerate(groups):
        between = 0 < i < len(groups) - 1
        if len(group) == 1 and between and _is_heading(group[0]):
            builder.add("heading", clean_inline(group[0]), level=2)
            continue
        for para in _paragraphs(group):
            builder.add("paragraph", para)
    return builder.build(title, format="text", **meta)
