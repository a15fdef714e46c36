"""Snapping a selection to whole words, as readers expect from a mouse drag ("epresenting Japan…"
becomes "Representing Japan…"). Plain text positions; the reader converts at the Qt boundary."""

from __future__ import annotations

import unicodedata

JOINERS = "'’-‐"  # inside a word: "Japan's", "Self-Defense"


def _wordy(ch: str) -> bool:
    """A character that belongs to a word a drag should not cut: letters, digits, combining marks;
    not an ideograph or kana (in CJK text each one stands alone: no spaces mark words there)."""
    if not ch:
        return False
    cat = unicodedata.category(ch)
    if cat[0] not in "LNM":
        return False
    if cat == "Lo":
        name = unicodedata.name(ch, "")
        if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")):
            return False
    return True


def _inside(text: str, i: int) -> bool:
    """Whether position ``i`` (between ``text[i-1]`` and ``text[i]``) is inside a word."""
    if i <= 0 or i >= len(text):
        return False
    before, after = text[i - 1], text[i]
    if _wordy(before) and _wordy(after):
        return True
    if before in JOINERS and _wordy(after):
        return i >= 2 and _wordy(text[i - 2])
    if after in JOINERS and _wordy(before):
        return i + 1 < len(text) and _wordy(text[i + 1])
    return False


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to the whole words it cuts, then trimmed of white space at its
    ends. A span with nothing but white space is returned as it was."""
    if not 0 <= start <= end <= len(text) or start == end:
        return start, end
    s, e = start, end
    while _inside(text, s):
        s -= 1
    while _inside(text, e):
        e += 1
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if e > s else (start, end)
