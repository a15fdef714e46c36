"""Aligning an old text with its new version, and highlights following their passages through it:
kept where the edit script says their passage went, or orphaned, never on another copy."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, given, settings, strategies as st

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


# --- the property: random texts full of repeated sentences, random edit scripts -----------------

SENTENCES = (R, "Repeated phrase here, and more.", "The alliance met again.", "Nothing changed today.",
             "Emoji 😀 stays put.", "中文句子在这里。", "שלום עולם כאן.", "Cafe\u0301 au lait.")
JOINED, SPLIT = -2, -3  # in a script's set of moved offsets: two paragraphs were joined, one split
NEW_WORDS = ("αβγ", "δεζη", "ДЖЯ", "🎉🦀", "𝒳𝒴𝒵", "ΩΨ\u0302", "ЙЦУ")  # nothing the old text has


def _paragraph(draw, k: int) -> str:
    body = draw(st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=7))
    return f"¶{k}: " + " ".join(body)


@st.composite
def scripts(draw):
    sep = draw(st.sampled_from(["\n", "\r\n"]))
    paras = [_paragraph(draw, k) for k in range(draw(st.integers(2, 9)))]
    # Every character carries where it came from: its old offset, or -1 if the script wrote it.
    old = sep.join(paras)
    chars = [(c, k) for k, c in enumerate(old)]
    moved: set[int] = set()
    for _ in range(draw(st.integers(1, 8))):
        _edit(draw, chars, sep, moved)
    spans = [_span(draw, old, paras, sep) for _ in range(draw(st.integers(1, 6)))]
    assume(not _ambiguous(old, chars))
    return Example(old, chars, spans, moved)


def _ambiguous(old: str, chars) -> bool:
    """Whether some stretch the script deleted could as well be a copy of it beside it (within its line).

    Deleting the second of "A. A." leaves the same text as deleting the first: no diff can tell
    which copy went, and no test can ask it to. Lines are units (a deleted paragraph is one), so
    only a slide within a line counts; a slide over a letter or two ("." of two sentences) moves
    no passage and is allowed.
    """
    alive = sorted(k for _, k in chars if k >= 0)
    gone, prev = [], -1
    for k in alive + [len(old)]:
        if k > prev + 1:
            gone.append((prev + 1, k))
        prev = k
    runs = []
    for a, b in gone:  # each run cut at line ends: a line's end is no passage
        cuts = [a - 1] + [k for k in range(a, b) if old[k] == "\n"] + [b]
        runs += [(x + 1, y) for x, y in zip(cuts, cuts[1:]) if y > x + 1]
    for a, b in runs:
        slide = 0
        while a - 1 - slide >= 0 and old[a - 1 - slide] == old[b - 1 - slide] != "\n":
            slide += 1
        right = 0
        while b + right < len(old) and old[a + right] == old[b + right] != "\n":
            right += 1
        if max(slide, right) > 2:
            return True
    return False


class Example(tuple):
    """(old text, the new text's characters with their origins, highlight spans, moved offsets)."""

    def __new__(cls, *parts):
        return super().__new__(cls, parts)

    def __repr__(self) -> str:  # what hypothesis prints for a failure: the texts, not every character
        old, chars, spans, _moved = self
        return f"old={old!r}\nnew={''.join(c for c, _ in chars)!r}\nspans={[old[s:e] for s, e in spans]!r} {spans}"


def _lines(chars, sep):
    """(start, end) of each line of the current text, separators excluded."""
    text = "".join(c for c, _ in chars)
    out, pos = [], 0
    for line in text.split(sep):
        out.append((pos, pos + len(line)))
        pos += len(line) + len(sep)
    return out


def _words(chars, lo, hi):
    """(start, end) of each word in chars[lo:hi], the paragraph's tag (its first word) left out."""
    out, k = [], lo
    while k < hi:
        if chars[k][0] == " ":
            k += 1
            continue
        j = k
        while j < hi and chars[j][0] != " ":
            j += 1
        out.append((k, j))
        k = j
    return out[1:]


def _new(draw) -> str:
    return " ".join(draw(st.lists(st.sampled_from(NEW_WORDS), min_size=1, max_size=3)))


def _twins(line: str) -> bool:
    """Whether the line has a sentence twice ("A. B. A.").

    Edits inside such a line are left out: deleting or replacing words of one copy can leave a
    text that reads as well with the other copy edited (as many characters in common, one reading
    with more cuts), and the alignment does not yet weigh the cuts. Lines with repeats are still
    moved, deleted and kept while their neighbours change, and repeats across lines are everywhere.
    """
    sentences = re.split(r"(?<=[.\u3002]) ", line.split(": ", 1)[-1])  # (the paragraph's tag left out)
    return len(set(sentences)) < len(sentences)


def _slides(text: str, a: int, b: int) -> bool:
    """Could deleting text[a:b] be read as deleting a neighbouring stretch (over non-space)?"""
    right = a < b < len(text) and text[a] == text[b] and not text[a].isspace()
    left = 0 < a < b and text[a - 1] == text[b - 1] and not text[b - 1].isspace()
    return right or left


def _edit(draw, chars, sep, moved):
    lines = _lines(chars, sep)
    kind = draw(st.sampled_from(["insert_para", "delete_para", "move_para", "insert_words", "delete_words",
                                 "replace_words", "split", "join"]))
    n = draw(st.integers(0, len(lines) - 1))
    lo, hi = lines[n]
    text = "".join(c for c, _ in chars)
    if kind == "insert_para":
        at = lo if draw(st.booleans()) else hi
        piece = _new(draw) + sep if at == lo else sep + _new(draw)
        chars[at:at] = [(c, -1) for c in piece]
    elif kind in ("delete_para", "move_para") and len(lines) > 1 and not (kind == "move_para" and moved & {JOINED, SPLIT}):
        a, b = (lo, hi + len(sep)) if n < len(lines) - 1 else (lo - len(sep), hi)
        if _slides(text, a, b):
            return
        cut = chars[a:b]
        del chars[a:b]
        if kind == "move_para":
            rest = _lines(chars, sep)
            m = draw(st.integers(0, len(rest) - 1))
            line = cut[len(sep):] if n == len(lines) - 1 else cut[:len(cut) - len(sep)]
            at = rest[m][0]
            chars[at:at] = line + [(c, -1) for c in sep]
            moved.update(k for _, k in line if k >= 0)  # (a part of an old line, if it was split)
    elif kind in ("insert_words", "delete_words", "replace_words", "split") and _twins(text[lo:hi]):
        return  # see _twins
    elif kind in ("insert_words", "delete_words", "replace_words"):
        words = _words(chars, lo, hi)
        if not words:
            return
        w = draw(st.integers(0, len(words) - 1))
        if kind == "insert_words":
            at = words[w][1]
            chars[at:at] = [(c, -1) for c in " " + _new(draw)]
            return
        last = min(len(words) - 1, w + draw(st.integers(0, 2)))
        a, b = words[w][0], words[last][1]
        if kind == "delete_words":
            b = b + 1 if b < hi and chars[b][0] == " " else b
            if _slides(text, a, b):
                return
            del chars[a:b]
        else:
            if _slides(text, a, b):
                return
            chars[a:b] = [(c, -1) for c in _new(draw)]
    elif kind == "split" and not moved:  # one split, and no move: a line cut in three, or cut and
        words = _words(chars, lo, hi)     # a part moved, is not looked for
        if len(words) > 1:
            moved.add(SPLIT)
            at = words[draw(st.integers(1, len(words) - 1))][0] - 1  # the space before a word
            chars[at:at + 1] = [(c, -1) for c in sep]
    elif kind == "join" and n < len(lines) - 1 and not moved:  # one join, and no move or split
        # (A paragraph moved and joined to another is a move inside one line: not looked for.)
        chars[hi:hi + len(sep)] = [(" ", -1)]
        moved.add(JOINED)


def _span(draw, old, paras, sep):
    """A highlight: whole sentences of one paragraph, or a few words of one."""
    n = draw(st.integers(0, len(paras) - 1))
    base = sum(len(p) + len(sep) for p in paras[:n])
    para = paras[n]
    cuts = [k + 1 for k, c in enumerate(para) if c in ".。" and (k + 1 == len(para) or para[k + 1] == " ")]
    starts = [para.index(": ") + 2] + [c + 1 for c in cuts[:-1]]
    if draw(st.booleans()):
        i = draw(st.integers(0, len(cuts) - 1))
        j = draw(st.integers(i, min(len(cuts) - 1, i + 2)))
        return base + starts[i], base + cuts[j]
    words = [(base + k, base + k + len(w)) for k, w in _word_spans(para)][1:]
    i = draw(st.integers(0, len(words) - 1))
    j = draw(st.integers(i, min(len(words) - 1, i + 3)))
    return words[i][0], words[j][1]


def _word_spans(text):
    k = 0
    for w in text.split(" "):
        yield k, w
        k += len(w) + 1


def _truth(chars, start, end):
    """Where the script put the old span: (untouched, new start, new end); no span if an end was lost."""
    where = {k: pos for pos, (_, k) in enumerate(chars) if k >= 0}
    first, last = where.get(start), where.get(end - 1)
    if first is None or last is None or last < first:
        return False, None, None  # an end lost, or the two ends moved apart
    untouched = [k for _, k in chars[first:last + 1]] == list(range(start, end))
    return untouched, first, last + 1


@settings(max_examples=500, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripts())
def test_highlights_land_where_their_passage_went_or_are_orphaned(example):
    old, chars, spans, moved = example
    new = "".join(c for c, _ in chars)
    al = align(old, new)
    for start, end in spans:
        result, s, e = follow(al, old, new, start, end)
        untouched, t_start, t_end = _truth(chars, start, end)
        if result == ORPHANED:
            # Only a passage the script changed may be lost, or one whose line was edited and moved
            # (a moved paragraph is recognised unchanged only), or split and a part of it moved.
            assert not untouched or _line_moved(old, new, moved, start), (start, end)
            continue
        if result == KEPT:  # (untouched, or rewritten by the script to read the same)
            assert (s, e) == (t_start, t_end) and new[s:e] == old[start:end], (old[start:end], new[s:e], new[t_start:t_end])
            continue
        # Edited: both ends survived, so exactly where they went; else within the passage's stretch.
        assert not untouched, (old[start:end], new[s:e], new[t_start:t_end])
        if t_start is not None and t_end is not None:
            assert (s, e) == (t_start, t_end), (old[start:end], new[s:e], new[t_start:t_end])
        else:  # of the passage's survivors, what the script wrote, and at most a word or two of
            # its own line where an edit ran across its end: never of another paragraph
            inside = [k for _, k in chars[s:e] if k >= 0]
            lo, hi = old.rfind("\n", 0, start) + 1, old.find("\n", end)
            hi = len(old) if hi < 0 else hi
            assert any(start <= k < end for k in inside), (old[start:end], new[s:e])
            assert all(lo <= k < hi for k in inside), (old[start:end], new[s:e])


def _line_moved(old, new, moved, start):
    """Whether paragraphs were moved and the old line holding ``start`` is not in the new text whole."""
    lo = old.rfind("\n", 0, start) + 1
    hi = old.find("\n", start)
    hi = len(old) if hi < 0 else hi
    return bool(moved - {JOINED, SPLIT}) and old[lo:hi].rstrip("\r") not in new  # (moves are relative)
