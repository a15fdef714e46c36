"""An article's text cut into passages, paragraph-sized stretches that search indexes and ranks one by one.

A passage is a run of whole lines (the canonical text's blocks are its lines) of at least
``MIN_CHARS``, so headings and short list items join what follows them; a line longer than
``MAX_CHARS`` is cut at a sentence end, else at a space, else hard. Passages never overlap and
cover every non-blank line, so any word of the text is in exactly one passage. The work is linear
in the text's length, and a passage is at most ``MAX_CHARS + MIN_CHARS`` long, so what search does
with one passage (rank it, make its snippet) costs the same in a 1 KB article and a 50 MB one.
"""

from __future__ import annotations

import re

MIN_CHARS = 300
MAX_CHARS = 2000
_SENTENCE_END = re.compile(r"[.!?。！？;:]\s+|[。！？]")


def _cut(text: str, start: int, end: int) -> int:
    """Where to end a passage that begins at ``start`` inside the over-long line ending at ``end``."""
    limit = start + MAX_CHARS
    if end <= limit:
        return end
    low = start + MAX_CHARS // 2
    best = -1
    for m in _SENTENCE_END.finditer(text, low, limit):
        best = m.end()
    if best > low:
        return best
    space = max(text.rfind(ch, low, limit) for ch in " \t\u3000")
    return space + 1 if space >= low else limit


def passages(text: str) -> list[tuple[int, int]]:
    """The passages of ``text`` as (start, end) code-point spans, in order."""
    out: list[tuple[int, int]] = []
    n = len(text)
    line_start = 0
    open_start = -1  # the passage being gathered from short lines, if any
    while line_start <= n:
        line_end = text.find("\n", line_start)
        if line_end < 0:
            line_end = n
        if text[line_start:line_end].strip():
            if open_start < 0:
                open_start = line_start
            if line_end - open_start > MAX_CHARS + MIN_CHARS:
                # a long line: what was gathered before it, then pieces of it
                if open_start < line_start:
                    out.append((open_start, line_start - 1))
                piece = line_start
                while line_end - piece > MAX_CHARS:
                    cut = _cut(text, piece, line_end)
                    out.append((piece, cut))
                    piece = cut
                open_start = piece
            if line_end - open_start >= MIN_CHARS:
                out.append((open_start, line_end))
                open_start = -1
        line_start = line_end + 1
    if open_start >= 0:
        end = n
        while end > open_start and text[end - 1] == "\n":
            end -= 1
        if out and end - open_start < MIN_CHARS // 3 and end - out[-1][0] <= MAX_CHARS + MIN_CHARS:
            out[-1] = (out[-1][0], end)  # a short tail joins the passage before it
        else:
            out.append((open_start, end))
    return [(s, e) for s, e in out if text[s:e].strip()]
