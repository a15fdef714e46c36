"""Web addresses as Gloss keeps them: which strings are URLs, and their stored (normalised) form."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def is_url(text: str) -> bool:
    """Whether ``text`` is a web address Gloss fetches (http or https)."""
    return text.strip().lower().startswith(("http://", "https://"))


def normalise_url(url: str) -> str:
    """The form a URL is stored and looked up in: trimmed, scheme and host lower-case, no #fragment."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))
