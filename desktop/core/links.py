"""``gloss://`` links that reopen Gloss at an article or at one highlight.

Format (all parts ASCII; query keys in any order, each at most once, unknown keys ignored)::

    gloss://article/<id>
    gloss://article/<id>?highlight=<hid>&start=<offset>&doc=<hash>

* ``id``, ``hid`` -- the article and highlight ids in the library that exported the link;
* ``start`` -- the highlight's start offset (code points into the article's text), so a library
  where the highlight id differs can still scroll to the passage;
* ``doc`` -- the first 16 hex digits of the article's content hash (SHA-256 of its text), so a
  link keeps working in another library that imported the same article under another id
  (``desktop.store.exchange.resolve_link`` looks it up by hash when the id does not match).

Anything else -- another scheme or host, credentials, a port, a fragment, extra path segments,
non-ASCII digits, signs, ids of more than 18 digits, whitespace or control characters, links longer
than 2,000 characters -- is refused with one ``BadLink`` line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from .errors import GlossError

SCHEME = "gloss"
MAX_LENGTH = 2000
_ID = re.compile(r"[0-9]{1,18}")
_HASH = re.compile(r"[0-9a-f]{8,64}")
_URL = re.compile(r"gloss://article/([^/?#]*)(?:\?([^#]*))?", re.IGNORECASE)


class BadLink(GlossError):
    """A ``gloss://`` link Gloss cannot open."""


@dataclass(frozen=True)
class GlossLink:
    """A parsed link: where to open, and how to find the article elsewhere."""

    article_id: int
    highlight_id: int | None = None
    start: int | None = None
    doc: str | None = None

    def url(self) -> str:
        return make_link(self.article_id, self.highlight_id, self.start, self.doc)


def make_link(article_id: int, highlight_id: int | None = None, start: int | None = None,
              doc: str | None = None) -> str:
    """The link for an article, or for one of its highlights (``doc``: the content hash)."""
    params = []
    if highlight_id is not None:
        params.append(f"highlight={int(highlight_id)}")
    if start is not None:
        params.append(f"start={int(start)}")
    if doc:
        params.append(f"doc={quote(doc[:16].lower())}")
    return f"gloss://article/{int(article_id)}" + ("?" + "&".join(params) if params else "")


def _shown(url: str) -> str:
    text = url if len(url) <= 60 else url[:57] + "..."
    return repr(text)  # repr: newlines and controls stay visible and on one line


def _number(value: str, what: str, url: str, minimum: int) -> int:
    if not _ID.fullmatch(value) or int(value) < minimum:
        raise BadLink(f"Not a Gloss link: {what} {value[:20]!r} in {_shown(url)} is not a valid number.")
    return int(value)


def parse_link(url: str) -> GlossLink:
    """Parse a ``gloss://`` link, or raise ``BadLink`` with one line saying what is wrong."""
    if not isinstance(url, str):
        raise BadLink(f"Not a Gloss link: {url!r}.")
    if len(url) > MAX_LENGTH:
        raise BadLink(f"Not a Gloss link: {_shown(url)} is {len(url)} characters long.")
    if not url.isascii() or any(ch <= " " or ch == "\x7f" for ch in url):
        raise BadLink(f"Not a Gloss link: {_shown(url)} holds spaces, control or non-ASCII characters.")
    match = _URL.fullmatch(url)
    if not match or not url[:8].lower() == "gloss://":
        raise BadLink(f"Not a Gloss link: {_shown(url)} (expected gloss://article/ID?highlight=ID).")
    article_id = _number(match.group(1), "article id", url, 1)
    fields: dict[str, str] = {}
    for pair in (match.group(2) or "").split("&"):
        if not pair:
            continue
        key, sep, value = pair.partition("=")
        if key in fields:
            raise BadLink(f"Not a Gloss link: {_shown(url)} gives {key!r} twice.")
        if key in ("highlight", "start", "doc") and not sep:
            raise BadLink(f"Not a Gloss link: {_shown(url)} gives {key!r} without a value.")
        fields[key] = value
    highlight = _number(fields["highlight"], "highlight id", url, 1) if "highlight" in fields else None
    start = _number(fields["start"], "start", url, 0) if "start" in fields else None
    doc = fields.get("doc")
    if doc is not None and not _HASH.fullmatch(doc.lower()):
        raise BadLink(f"Not a Gloss link: doc {doc[:20]!r} in {_shown(url)} is not a content hash.")
    return GlossLink(article_id, highlight, start, doc.lower() if doc else None)


def parse_gloss_url(url: str) -> tuple[int, int | None, int | None]:
    """``(article_id, highlight_id or None, start or None)`` from a ``gloss://`` link; ``BadLink``
    (a one-line ``GlossError``) for anything that is not a well-formed Gloss link."""
    link = parse_link(url)
    return link.article_id, link.highlight_id, link.start
