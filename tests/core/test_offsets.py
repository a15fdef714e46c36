"""Code points <-> Qt (UTF-16) positions: property tests over the characters that shift offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.offsets import OffsetMap, from_qt, offset_map, to_qt

# Pieces that break naive offset arithmetic: non-BMP (emoji, math letters, rare CJK), ZWJ
# sequences, flags (regional indicators), skin tones, CJK, combining marks, RTL, line breaks.
PIECES = [
    "a", "Z", " ", "\n", "é", "e\u0301", "ñ", "中", "文", "日本語", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",
    "\u200f", "\u200e", "😀", "👍🏽", "👨\u200d👩\u200d👧\u200d👦", "🇯🇵", "🇺🇸", "𝒳", "𝔘𝔫𝔦", "𠀀", "𩸽", "\ufeff",
    "\u0915\u094d\u0937", "a\u0308\u0301", "\U0010ffff", "\U00010000", "\uffff",
]
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40).map("".join)


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


@given(texts, st.data(), st.integers(0, 500))
def test_to_qt_agrees_with_utf16_length(text, data, base):
    cp = data.draw(st.integers(0, len(text)))
    assert to_qt(text, cp, base) == base + utf16_len(text[:cp])


@given(texts, st.integers(0, 300))
def test_round_trip_every_code_point(text, base):
    m = OffsetMap(text)
    for cp in range(len(text) + 1):
        assert m.from_qt(m.to_qt(cp, base), base) == cp


@given(texts, st.integers(0, 300))
def test_monotonic_and_snaps_inside_surrogate_pairs(text, base):
    m = OffsetMap(text)
    total = utf16_len(text)
    assert m.qt_length == total
    previous_cp = 0
    for pos in range(base, base + total + 1):
        cp = m.from_qt(pos, base)
        assert cp >= previous_cp  # monotonic
        previous_cp = cp
        # the code point's start is at or before pos, and the next one is after it
        assert m.to_qt(cp, base) <= pos
        if cp < len(text):
            assert m.to_qt(cp + 1, base) > pos
        if m.to_qt(cp, base) != pos:  # only inside a surrogate pair
            assert ord(text[cp]) > 0xFFFF and m.to_qt(cp, base) == pos - 1
    for cp in range(len(text)):
        assert m.to_qt(cp + 1) - m.to_qt(cp) == (2 if ord(text[cp]) > 0xFFFF else 1)


@given(texts, st.integers(-1000, 1000), st.integers(0, 50))
def test_clamped(text, value, base):
    m = OffsetMap(text)
    assert 0 <= m.from_qt(value, base) <= len(text)
    assert base <= m.to_qt(value, base) <= base + m.qt_length
    if value < 0:
        assert m.to_qt(value, base) == base
        assert m.from_qt(base + value, base) == 0
    assert m.to_qt(len(text) + 5, base) == base + m.qt_length
    assert m.from_qt(base + m.qt_length + 7, base) == len(text)


@given(texts, st.integers(0, 40), st.data())
def test_spans(text, base, data):
    m = OffsetMap(text)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    qa, qb = m.span_to_qt(a, b, base)
    assert qb - qa == utf16_len(text[a:b])
    assert m.span_from_qt(qb, qa, base) == (a, b)


def test_examples():
    text = "a😀b\n𝒳é中"
    assert [to_qt(text, i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 5, 7, 8, 9]
    assert from_qt(text, 2) == 1  # between the halves of 😀: snaps to its start
    assert from_qt(text, 3) == 2
    assert to_qt(text, 3, base=10) == 14 and from_qt(text, 14, base=10) == 3
    assert from_qt(text, 5, base=10) == 0  # inside the header: the text's start
    assert to_qt("", 0, 7) == 7 and from_qt("", 99, 7) == 0


def test_cached_map_is_reused():
    text = "x" * 100 + "😀"
    assert offset_map(text) is offset_map(text)


def test_exact_across_a_megabyte():
    chunk = "Plain text with an emoji 😀 and 中文 and 𝒳 math; " * 4 + "\n"
    text = chunk * (1_000_000 // len(chunk))
    m = OffsetMap(text)
    step = len(text) // 20_000
    for cp in range(0, len(text), step):
        assert m.from_qt(m.to_qt(cp, 100), 100) == cp
    assert m.to_qt(len(text)) == utf16_len(text)
