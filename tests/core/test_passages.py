"""Passages: every word of a text in exactly one passage, each passage paragraph-sized."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.passages import MAX_CHARS, MIN_CHARS, passages

LINES = st.lists(st.one_of(
    st.text(alphabet=st.sampled_from("ab .!?。\t"), min_size=0, max_size=40),
    st.text(alphabet=st.sampled_from("xy .。"), min_size=500, max_size=5000),  # over-long lines
    st.text(alphabet="z", min_size=2100, max_size=4500),  # no space to cut at
    st.just(""), st.just("   ")), min_size=0, max_size=40)


def _check(text: str) -> list[tuple[int, int]]:
    spans = passages(text)
    covered = [False] * len(text)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)  # ordered, no overlaps, never empty
        assert text[start:end].strip()
        assert end - start <= MAX_CHARS + MIN_CHARS
        for i in range(start, end):
            covered[i] = True
        last = end
    missed = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert not missed, f"characters in no passage: {missed[:5]}"
    return spans


@settings(max_examples=120, deadline=None)
@given(LINES)
def test_every_character_is_in_exactly_one_bounded_passage(lines):
    _check("\n".join(lines))


def test_short_lines_join_and_long_ones_are_cut_at_sentences():
    text = "Heading\n" + "A short line.\n" * 3 + ("Sentence number one goes on a while. " * 120).strip()
    spans = _check(text)
    assert spans[0][0] == 0 and "Heading" in text[spans[0][0]:spans[0][1]]
    assert len(spans) >= 3
    for start, end in spans[1:-1]:
        assert text[start:end].rstrip().endswith(".")  # cut after a full stop, not mid-word


def test_a_50_mb_line_without_spaces_is_cut_quickly():
    import time

    text = "x" * (50 * 2**20)
    t0 = time.perf_counter()
    spans = passages(text)
    assert time.perf_counter() - t0 < 10
    assert len(spans) == -(-len(text) // MAX_CHARS)
