"""The tokens texts are aligned by: words, the spaces between them, and each CJK character (no
spaces there), so that every character of a text is in exactly one token."""

from __future__ import annotations

import re

TOKEN = re.compile(r"\s+|[\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
           r"\uff00-\uffef]|[^\s\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
           r"\uf900-\ufaff\uff00-\uffef]+")
"""Words and the spaces between them; each CJK character is a word of its own (no spaces there)."""


def words(text: str) -> list[str]:
    """The words of ``text`` (its tokens but spaces; one-letter ones left out), in order."""
    return [t for t in TOKEN.findall(text) if len(t) > 1 and not t.isspace()]
