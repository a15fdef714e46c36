"""Re-anchoring highlights in edited text: moved, deleted, lightly edited and repeated quotes."""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.anchors import (Selector, context_agreement, find_occurrence, make_selector,
                                  reanchor)
from desktop.core.importers import load
from desktop.core.paths import sample_path
from desktop.core.text import canonical


@pytest.fixture(scope="module")
def sample() -> str:
    return load(sample_path()).text


def anchor(text: str, quote: str, n: int = 1) -> Selector:
    span = find_occurrence(text, quote, n)
    assert span, quote
    return make_selector(text, *span)


def again(new_text: str, sel: Selector, **kw):
    return reanchor(new_text, sel.start, sel.end, sel.exact, sel.prefix, sel.suffix, **kw)


def test_make_selector_and_w3c_shape():
    text = "The quick brown fox jumps over the lazy dog."
    sel = make_selector(text, 16, 19, context=6)
    assert sel == Selector(16, 19, "fox", "brown ", " jumps")
    assert sel.as_dict() == {"start": 16, "end": 19, "exact": "fox", "prefix": "brown ", "suffix": " jumps"}
    assert sel.to_w3c()[0] == {"type": "TextPositionSelector", "start": 16, "end": 19}
    assert sel.to_w3c()[1]["type"] == "TextQuoteSelector"
    assert make_selector(text, 0, 3).prefix == ""
    assert make_selector(text, 40, 44).suffix == ""
    with pytest.raises(ValueError):
        make_selector(text, 5, 100)


def test_find_occurrence_counts_like_str_count():
    text = "aaaa ab aa"
    assert find_occurrence(text, "aa", 1) == (0, 2)
    assert find_occurrence(text, "aa", 2) == (2, 4)
    assert find_occurrence(text, "aa", 3) == (8, 10)
    assert find_occurrence(text, "aa", 4) is None and text.count("aa") == 3
    assert find_occurrence(text, "zz") is None
    assert find_occurrence(text, "", 1) is None
    assert find_occurrence(text, "a", 0) is None


def test_unchanged_text_keeps_position(sample):
    sel = anchor(sample, "NATO", 3)
    assert again(sample, sel) == (sel.start, sel.end)


def test_moved_passage_reanchors_exactly(sample):
    paragraphs = sample.split("\n")
    quote = paragraphs[4][10:70]
    sel = anchor(sample, quote)
    moved = "\n".join([paragraphs[4]] + paragraphs[:4] + paragraphs[5:])
    assert moved != sample
    span = again(moved, sel)
    assert span is not None and moved[span[0]:span[1]] == quote
    prepended = "A new introduction, added later.\n" * 3 + sample
    span = again(prepended, sel)
    assert span == (sel.start + 99, sel.end + 99)


def test_deleted_passage_is_orphaned(sample):
    # This quote's sentence shares a long phrase with the article's headline-like opening sentence:
    # once its own sentence is gone the highlight must not jump there.
    start = sample.find("NATO Military Committee in Chiefs of Defense Session. The")
    sel = make_selector(sample, start, start + 60)
    assert sample.count("NATO Military Committee in Chiefs of Defense Session") >= 2
    edited = sample[:start - 50] + sample[start + 100:]
    assert again(edited, sel) is None
    paragraphs = sample.split("\n")
    sel = anchor(sample, paragraphs[6][:80])
    gone = "\n".join(paragraphs[:6] + paragraphs[7:])
    assert again(gone, sel) is None


@pytest.mark.parametrize("typo, fixed", [
    ("recieve", "receive"), ("the the", "the"), ("Goverment", "Government"), ("teh", "the"),
])
def test_lightly_edited_quote_reanchors_fuzzily(typo, fixed):
    before = ("Paragraph one talks about other things entirely.\n"
              f"In the report, officials said they would {typo} further guidance on subsidies before the vote.\n"
              "A third paragraph closes the article.")
    quote = f"officials said they would {typo} further guidance"
    sel = anchor(before, quote)
    after = before.replace(typo, fixed, 1)
    span = again(after, sel)
    assert span is not None
    assert after[span[0]:span[1]] == quote.replace(typo, fixed, 1)
    # and with text inserted before it as well
    shifted = "Editor's note: this article was corrected.\n" + after
    span = again(shifted, sel)
    assert span is not None and shifted[span[0]:span[1]] == quote.replace(typo, fixed, 1)


def test_fuzzy_short_quote_needs_context():
    text = "Alpha beta gamma. The cat sat on the mat. Delta epsilon."
    sel = anchor(text, "cat sat")
    edited = "Something else: a cot sat here. Zeta eta theta iota."
    assert again(edited, sel) is None
    kept_context = text.replace("cat sat", "cats sat")
    span = again(kept_context, sel)
    assert span is not None and kept_context[span[0]:span[1]].startswith("cat")


def test_repeated_quote_uses_context():
    sentences = [f"Clause {i}: the parties agree that NATO shall consult item {i * 7}." for i in range(60)]
    text = "\n".join(sentences)
    sel = anchor(text, "NATO", 42)  # clause 41
    assert text[sel.start - 40:sel.start].endswith("41: the parties agree that ")
    # insert material before so the old position now holds a different occurrence
    new_text = "Preamble.\n" + "\n".join(sentences[:10] + ["An inserted clause about NATO."] + sentences[10:])
    span = again(new_text, sel)
    assert span is not None
    assert new_text[span[0] - 40:span[0]].endswith("41: the parties agree that ")
    # the old position alone points at NATO too, but in the wrong clause
    assert new_text[sel.start:sel.end] != "NATO" or new_text[sel.start - 40:sel.start] != sel.prefix[-40:]


def test_repeated_quote_without_agreeing_context_is_orphaned():
    text = "Intro words here. " + " ".join(f"Point {i} mentions NATO briefly." for i in range(20))
    sel = anchor(text, "NATO", 7)
    rewritten = "Completely different prose. " + " ".join(f"Item {i}: NATO!" for i in range(20))
    assert again(rewritten, sel) is None


def test_ties_go_to_the_nearest_old_position():
    text = "x " * 50 + "same words same words same words" + " y" * 50
    sel = Selector(100 + 11, 100 + 21, "same words", "", "")
    # no context recorded: the nearest occurrence wins
    assert reanchor(text, sel.start + 2, sel.end + 2, sel.exact, "", "") == (111, 121)


def test_crlf_origin_text(sample):
    crlf = canonical(sample.replace("\n", "\r\n"))
    assert crlf == sample
    quote = "Japan"
    sel = anchor(sample, quote, 2)
    # a CRLF version of an edited file, canonicalised, re-anchors the same way
    edited = canonical("Update:\r\n" + sample.replace("\n", "\r\n"))
    span = again(edited, sel)
    assert span == (sel.start + 8, sel.end + 8)


def test_non_bmp_text():
    text = "😀 Emoji 𝒳 first. 👨\u200d👩\u200d👧 Family 🇯🇵 flag and 中文 text. e\u0301 combining. שלום עולם end."
    sel = anchor(text, "🇯🇵 flag and 中文")
    new = "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀😀 prefix.\n" + text
    span = again(new, sel)
    assert span is not None and new[span[0]:span[1]] == "🇯🇵 flag and 中文"
    rtl = anchor(text, "שלום עולם")
    span = again(new, rtl)
    assert new[span[0]:span[1]] == "שלום עולם"
    edited = new.replace("flag and 中文", "flags and 中文")
    span = again(edited, sel)
    assert span is not None and edited[span[0]:span[1]] == "🇯🇵 flags and 中文"


def test_context_agreement():
    text = "prefix text HERE suffix text"
    assert context_agreement(text, 12, 16, "prefix text ", " suffix text") == 1.0
    assert context_agreement(text, 12, 16, "", "") == 1.0
    assert context_agreement(text, 12, 16, "zzzzzzzzzzzz", "qqqqqqqqqqqq") < 0.2


def test_hints_and_empty_quote():
    text = "abc def ghi"
    assert reanchor(text, 0, 0, "", "", "") is None
    assert reanchor(text, 0, 3, "def", "abc ", " ghi", hints=[4]) == (4, 7)


words = st.sampled_from(["NATO", "Japan", "the", "defense", "😀", "中文", "𝒳", "e\u0301", "שלום", " ", ", ", ".\n"])


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=30, max_size=120).map("".join), st.data())
def test_unchanged_or_shifted_text_reanchors_identically(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 40)))
    sel = make_selector(text, start, end)
    assert again(text, sel) == (start, end)
    insert = data.draw(st.sampled_from(["", "Inserted 😀 text.\n", "中文\n"]))
    shifted = insert + text
    span = again(shifted, sel)
    assert span is not None and shifted[span[0]:span[1]] == sel.exact


def test_orphaned_on_a_long_text(sample):
    big = "\n".join([sample] * 200)  # about 1 MB
    assert reanchor(big, 5000, 5060, "a passage that was never in this article at all, nowhere", "x", "y") is None


def test_repeated_quote_with_edited_context_picks_the_best_agreement(sample):
    assert sample.count("NATO") > 5
    for n in (2, 4, 6):
        sel = anchor(sample, "NATO", n)
        # the words right after this occurrence change, and a paragraph is added at the top
        tail = sample[sel.end:sel.end + 12]
        edited = "Added paragraph.\n" + sample[:sel.end] + " [sic]" + tail.upper() + sample[sel.end + 12:]
        span = again(edited, sel)
        assert span == (sel.start + 17, sel.end + 17), n


@settings(max_examples=80, deadline=None)
@given(st.lists(words, min_size=40, max_size=150).map("".join), st.data())
def test_edits_away_from_a_highlight_never_move_it_to_a_different_passage(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 30)))
    sel = make_selector(text, start, end)
    # delete or insert a chunk outside the highlight and its context
    lo, hi = max(0, start - 40), min(len(text), end + 40)
    where = data.draw(st.sampled_from(["before", "after"]))
    if where == "before" and lo > 0:
        a = data.draw(st.integers(0, lo - 1))
        b = data.draw(st.integers(a, lo))
        insert = data.draw(st.sampled_from(["", "NEW 😀 words ", "中文"]))
        new_text, shift = text[:a] + insert + text[b:], len(insert) - (b - a)
    elif where == "after" and hi < len(text):
        a = data.draw(st.integers(hi, len(text)))
        new_text, shift = text[:a] + " appended 𝒳 text", 0
    else:
        new_text, shift = text, 0
    # without a hint: the same words in the same context (a repetitive text may hold several)
    span = again(new_text, sel)
    assert span is not None
    s, e = span
    assert new_text[s:e] == sel.exact
    assert context_agreement(new_text, s, e, sel.prefix, sel.suffix) == 1.0
    # with the hint update_article_text passes (the previous highlight's shift): exactly there
    assert again(new_text, sel, hints=(start + shift,)) == (start + shift, end + shift)
