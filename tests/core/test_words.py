"""Snapping a drag to whole words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.words import snap_to_words

TEXT = "Gen. Koji Yamazaki, chief of the Japan Self-Defense Forces (JSDF), said Japan's role grew."


def span(part: str) -> tuple[int, int]:
    i = TEXT.index(part)
    return i, i + len(part)


def snapped(part: str) -> str:
    s, e = snap_to_words(TEXT, *span(part))
    return TEXT[s:e]


def test_a_drag_that_cuts_words_takes_them_whole():
    assert snapped("oji Yamaz") == "Koji Yamazaki"
    assert snapped("Self-Def") == "Self-Defense"
    assert snapped("an's ro") == "Japan's role"


def test_punctuation_and_white_space_at_the_ends_are_not_taken():
    assert snapped(" Koji ") == "Koji"
    assert snapped("(JSDF), ") == "(JSDF),"  # what was selected stays; only spaces are trimmed
    assert snapped("Yamazaki,") == "Yamazaki,"


def test_cjk_characters_are_words_of_their_own():
    text = "日本は北大西洋条約機構に接近した。"
    assert snap_to_words(text, 3, 5) == (3, 5)


def test_an_empty_or_blank_span_is_left_alone():
    assert snap_to_words(TEXT, 4, 4) == (4, 4)
    assert snap_to_words("a    b", 1, 4) == (1, 4)


@given(st.text(alphabet="ab c-'.\n日😀é", max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_snapping_only_widens_to_word_edges_and_never_moves_past_the_drag(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    s, e = snap_to_words(text, start, end)
    assert 0 <= s <= e <= len(text)
    if text[start:end].strip():
        assert text[s:e].strip() == text[s:e]  # no white space at the ends
        assert text[start:end].strip() in text[s:e]  # everything selected but spaces is kept
        assert snap_to_words(text, s, e) == (s, e)  # snapping a snapped span changes nothing
