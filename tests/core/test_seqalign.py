"""The gap-penalised alignment against brute force: every alignment of two short token sequences
scored, the best kept; the programme's is as good, and the tokens it calls doubtful are exactly
those that two best alignments pair differently."""

from __future__ import annotations

import functools

from hypothesis import given, settings, strategies as st

from desktop.core.seqalign import CUT, LINE, PER_CHAR, aligned, matched_runs, one_edit

TOKENS = st.lists(st.sampled_from(["A", "B", "C", " ", "\n"]), max_size=8)
NO_BREAKS = st.lists(st.sampled_from(["A", "B", "C", " ", "  "]), max_size=8)


def weight(token: str, spaces: int) -> int:
    return spaces if token.isspace() else len(token)


def best_alignments(a: tuple, b: tuple, spaces: int = 1) -> tuple[int, frozenset]:
    """The best score, and every alignment (a set of pairs) that has it: a match earns its
    characters, entering a cut costs CUT, a match after a line break (since the last match) LINE."""

    @functools.lru_cache(None)
    def best(i: int, j: int, after_match: bool, broke: bool):
        if i == len(a) and j == len(b):
            return 0, frozenset([frozenset()])
        options = []
        cut = CUT if after_match else 0
        if i < len(a) and j < len(b) and a[i] == b[j]:
            score, ways = best(i + 1, j + 1, True, "\n" in a[i])
            options.append((PER_CHAR * weight(a[i], spaces) - (LINE if broke else 0) + score,
                            frozenset(w | {(i, j)} for w in ways)))
        if i < len(a):
            score, ways = best(i + 1, j, False, broke or "\n" in a[i])
            options.append((score - cut, ways))
        if j < len(b):
            score, ways = best(i, j + 1, False, broke or "\n" in b[j])
            options.append((score - cut, ways))
        top = max(score for score, _ in options)
        return top, frozenset().union(*(ways for score, ways in options if score == top))

    return best(0, 0, True, False)


def words(pairs, a) -> frozenset:
    return frozenset((i, j) for i, j in pairs if not a[i].isspace())


def partners(ways: frozenset, n: int, side: int, tokens) -> set[int]:
    """The tokens (not spaces) that two alignments among ``ways`` pair differently (or one not at all)."""
    seen: dict[int, set] = {k: set() for k in range(n)}
    for way in ways:
        paired = {pair[side]: pair[1 - side] for pair in way}
        for k in range(n):
            seen[k].add(paired.get(k))
    return {k for k, found in seen.items() if len(found) > 1 and not tokens[k].isspace()}


@settings(max_examples=600, deadline=None)
@given(TOKENS, TOKENS)
def test_the_alignment_is_a_best_one_and_its_doubts_are_the_ties(a, b):
    runs, doubtful_a, doubtful_b = aligned(a, b, [weight(t, 0) for t in a])  # (as core.align weighs)
    pairs = {(i + k, j + k) for i, j, n in runs for k in range(n)}
    assert all(a[i] == b[j] for i, j in pairs)
    top, ways = best_alignments(tuple(a), tuple(b), spaces=0)
    assert words(pairs, a) in {words(way, a) for way in ways}  # (which space goes with which: not asked)
    assert {k for k in doubtful_a if not a[k].isspace()} == partners(ways, len(a), 0, a)
    assert {k for k in doubtful_b if not b[k].isspace()} == partners(ways, len(b), 1, b)


@settings(max_examples=600, deadline=None)
@given(TOKENS, TOKENS)
def test_matched_runs_setting_the_common_ends_aside_loses_nothing(a, b):
    runs = matched_runs(a, b, [len(t) for t in a])
    pairs = frozenset((i + k, j + k) for i, j, n in runs for k in range(n))
    assert pairs in best_alignments(tuple(a), tuple(b))[1]


@settings(max_examples=800, deadline=None)
@given(NO_BREAKS.map(lambda t: t + ["\n"]) | NO_BREAKS, NO_BREAKS.map(lambda t: t + ["\n"]) | NO_BREAKS)
def test_one_edit_only_when_no_other_reading_pairs_a_word_otherwise(a, b):
    quick = one_edit(a, b)
    if quick is None or not a or not b:
        return
    _top, ways = best_alignments(tuple(a), tuple(b), spaces=0)  # (as core.align weighs spaces)
    pairs = frozenset((i + k, j + k) for i, j, n in quick for k in range(n))
    assert {words(way, a) for way in ways} == {words(pairs, a)}


def test_a_replacement_is_one_cut_not_a_copy_deleted_and_another_inserted():
    a = ["A", ".", " ", "B", ".", " ", "A", ".", " ", "B", "."]
    b = ["A", ".", " ", "X", ".", " ", "A", ".", " ", "B", "."]  # the first B replaced
    runs, doubtful_a, _ = aligned(a, b, [weight(t, 0) for t in a])
    assert {(i + k, j + k) for i, j, n in runs for k in range(n)} >= {(6, 6), (9, 9)} and not doubtful_a


def test_deleting_one_of_two_copies_leaves_both_in_doubt():
    a, b = ["A", " ", "A", " ", "B"], ["A", " ", "B"]
    _runs, doubtful_a, doubtful_b = aligned(a, b, [weight(t, 0) for t in a])
    assert {k for k in doubtful_a if a[k] != " "} == {0, 2} and {k for k in doubtful_b if b[k] != " "} == {0}
