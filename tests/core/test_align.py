"""Aligning an old text with its new version, and highlights following their passages through it:
kept where their passage went, edited within what it became, or orphaned, never on another copy
(random edit scripts: tests/core/test_follow.py)."""

from __future__ import annotations

from desktop.core.align import align
from desktop.core.follow import EDITED, KEPT, ORPHANED, follow

R = "Repeated phrase here."


def carried(old: str, new: str, quote: str, n: int = 1) -> tuple[str, str | None, int]:
    """(result, the new text there, its start) for the n-th occurrence of ``quote`` in ``old``."""
    start = -1
    for _ in range(n):
        start = old.index(quote, start + 1)
    result, s, e = follow(align(old, new), old, new, start, start + len(quote))
    return result, (new[s:e] if result != ORPHANED else None), s


def test_identical_and_empty_texts():
    al = align("abc", "abc")
    assert [al.image(k) for k in range(3)] == [0, 1, 2]
    assert len(align("", "new text")) == 0 and len(align("old text", "")) == 0


def test_every_character_maps_to_the_same_character_in_order():
    old = "One line.\nTwo lines here. And more.\nThree."
    new = "Zero.\nOne line.\nTwo lines there. And more.\nThree!"
    al = align(old, new)
    images = [(k, al.image(k)) for k in range(len(old))]
    assert all(new[j] == old[k] for k, j in images if j is not None)
    kept = [j for _, j in images if j is not None]
    assert kept == sorted(kept)  # no moves here: order kept
    assert al.image(old.index("Two")) == new.index("Two") and al.image(len(old) - 1) is None  # "." became "!"


def test_the_issue_case_keeps_the_third_repetition():
    repeats = " ".join([R] * 3)
    old = f"Intro paragraph one is here.\n{repeats}\nRepeated phrase here, and more.\nLast paragraph stays."
    new = f"A new paragraph was inserted near the top.\nIntro paragraph one is here.\n{repeats}\nLast paragraph stays."
    result, text, start = carried(old, new, R, 3)
    assert (result, text, start) == (KEPT, R, new.index(repeats) + 2 * (len(R) + 1))


def test_a_deleted_paragraph_beside_an_edited_one_lends_it_nothing():
    # The deleted second paragraph repeats the first one's sentences: its highlight is orphaned,
    # and the first one's (edited elsewhere) stays on the first.
    old = f"P1: {R} Middle one. {R}\nP2: {R} Middle one. {R}\nEnd."
    new = f"P1: {R} Middle two. {R}\nEnd."
    for n, expected in ((2, (KEPT, R, new.index(R, new.index("two")))), (4, (ORPHANED, None, None))):
        result, text, start = carried(old, new, R, n)
        assert (result, text) == expected[:2] and (expected[2] is None or start == expected[2])
    old = f"P2: {R} Middle one. {R}\nP1: {R} Middle one. {R}\nEnd."  # and the other way round
    new = f"P1: {R} Middle two. {R}\nEnd."
    assert carried(old, new, R, 2)[0] == ORPHANED
    assert carried(old, new, R, 4) == (KEPT, R, new.rindex(R))


def test_a_moved_paragraph_takes_its_highlights_along():
    paras = [f"Paragraph {k}: {R} and words of its own, number {k}." for k in range(6)]
    old = "\n".join(paras)
    new = "\n".join(paras[:1] + paras[2:5] + paras[1:2] + paras[5:])
    result, text, start = carried(old, new, R, 2)
    assert (result, text, start) == (KEPT, R, new.index(paras[1]) + paras[1].index(R))


def test_a_split_paragraph_keeps_both_halves():
    old = "Title line here.\nFirst half of a paragraph goes on. Second half of it follows, with more words.\nEnd."
    new = "Title line here.\nFirst half of a paragraph goes on.\nSecond half of it follows, with more words!\nEnd."
    assert carried(old, new, "First half")[:2] == (KEPT, "First half")
    assert carried(old, new, "Second half of it")[:2] == (KEPT, "Second half of it")


def test_edited_inside_or_at_an_end_and_rewritten():
    old = "Intro.\nThe committee approved the budget on Monday after a long debate.\nOutro."
    new = "Intro.\nThe committee approved the new budget on Tuesday after a long debate.\nOutro."
    assert carried(old, new, "approved the budget on Monday")[:2] == (EDITED, "approved the new budget on Tuesday")
    assert carried(old, new, "The committee approved")[:2] == (KEPT, "The committee approved")
    rewritten = "Intro.\nNobody agreed on anything, and the session closed early.\nOutro."
    assert carried(old, rewritten, "approved the budget on Monday")[0] == ORPHANED
    assert carried(old, rewritten, "Intro.")[:2] == (KEPT, "Intro.")
