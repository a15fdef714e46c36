"""Aligning two sequences: the most characters matched and, of the alignments that match as many,
the one with the fewest cuts and line changes (a gap-penalised dynamic programme, a row at a time).

A *cut* is a place where the two sequences stop running side by side: a stretch deleted, inserted
or replaced, each counted once however long (as an editor makes one edit there). A longest common
subsequence alone has no preference between two readings of an edit in a text that repeats
itself ("A. B. A. B." with one word replaced): counting cuts, the reading with one replacement
beats the one that deletes a sentence here and inserts its twin there, which is what keeps a
highlight on its own copy of a repeated phrase.

A *line change* is a matched token whose old line or new line is not the one of the token matched
before it: each pairing of an old line with a new line costs one, more than a cut. So a paragraph
deleted beside one edited is deleted whole, rather than read as one long replacement running from
the middle of the first into the middle of the second (one cut fewer, but two lines feeding one):
paragraphs stay with paragraphs, unless they were split or joined.

The programme has three states per cell: *matched* (the last tokens were paired), *in a cut* with
no line break passed since the last match, and *in a cut* past one. Entering a cut costs ``CUT``,
a line change ``LINE``; a pair of equal tokens earns ``PER_CHAR`` for each of its characters. A
row's cut values are running maxima (``numpy.maximum.accumulate``, restarted at line breaks where
needed), so each row is a few vector operations and the work is ``len(a) * len(b)`` cells in C.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

CUT = 1
LINE = 2
PER_CHAR = 64
"""A matched character outweighs 64 cuts: cuts and lines only choose between readings that match as much."""
MAX_CELLS = 400_000
"""Cells of the programme at most (six int64 tables of this size, 19 MB); larger inputs get None."""
_NEG = -(1 << 30)
_SEG = 1 << 32


def matched_runs(a: Sequence[str], b: Sequence[str],
                 weights: Sequence[int] | None = None) -> list[tuple[int, int, int]] | None:
    """The runs ``(i, j, n)`` (``a[i:i+n] == b[j:j+n]``), in order, of a best alignment of ``a``
    with ``b`` (strings: tokens, or the characters of a string); ``weights[i]`` is ``a[i]``'s
    length in characters (1 each if omitted). A token holding ``\\n`` ends a line.

    None if the two, once their common start and end are set aside, need more than ``MAX_CELLS``.
    """
    m, n = len(a), len(b)
    # The common start is matched as it is, up to the first line break; the common end only when
    # what is left of each side is one line (a break in the middle: the end's matches would be
    # line changes, which another reading may avoid). Either way no better alignment is lost.
    head = 0
    while head < m and head < n and a[head] == b[head] and "\n" not in a[head]:
        head += 1
    tail = 0
    if _one_line(a, head) and _one_line(b, head):
        while tail < m - head and tail < n - head and a[m - 1 - tail] == b[n - 1 - tail]:
            tail += 1
    runs = [(0, 0, head)] if head else []
    mid_a, mid_b = a[head:m - tail], b[head:n - tail]
    if mid_a and mid_b:
        if len(mid_a) * len(mid_b) > MAX_CELLS:
            return None
        w = weights[head:m - tail] if weights is not None else None
        runs += [(i + head, j + head, k) for i, j, k in _programme(mid_a, mid_b, w)[0]]
    if tail:
        runs.append((m - tail, n - tail, tail))
    return runs


def aligned(a: Sequence[str], b: Sequence[str], weights: Sequence[int] | None = None):
    """``(runs, doubtful_a, doubtful_b)``: the runs of a best alignment of ``a`` and ``b`` (as
    ``matched_runs``, nothing set aside), and the indices of the tokens of each that some best
    alignment pairs and another pairs differently or not at all; None if more than ``MAX_CELLS``."""
    if a == b:
        return ([(0, 0, len(a))] if a else []), set(), set()
    if not a or not b:
        return [], set(), set()
    quick = one_edit(a, b)
    if quick is not None:
        return quick, set(), set()
    if len(a) * len(b) > MAX_CELLS:
        return None
    runs, doubt = _programme(a, b, weights, certainty=True)
    if doubt is None:
        return runs, set(), set()
    return runs, *doubt


def one_edit(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int]] | None:
    """The runs, when ``a`` and ``b`` (no line break but at the very end) differ in one place only
    and nothing there can be read otherwise: what differs has no token in common, or, deleted
    (inserted), could not as well be its neighbour (checked against every best alignment:
    tests/core/test_seqalign.py), spaces weighing nothing (as ``core.align`` weighs them). None
    otherwise: the programme decides. Which space goes with which is not asked."""
    m, n = len(a), len(b)
    head = 0
    while head < m and head < n and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < m - head and tail < n - head and a[m - 1 - tail] == b[n - 1 - tail]:
        tail += 1
    mid_a, mid_b = a[head:m - tail], b[head:n - tail]
    if mid_a and mid_b:
        if any(not t.isspace() for t in set(mid_a).intersection(mid_b)):
            return None  # (spaces in common do not count: a space matched gains nothing, as weighed)
    elif _slides(*((a, head, m - tail) if mid_a else (b, head, n - tail))):
        return None
    if any("\n" in t for t in a[:-1]) or any("\n" in t for t in b[:-1]):
        return None  # (a line break but at the very end: the programme decides)
    return ([(0, 0, head)] if head else []) + ([(m - tail, n - tail, tail)] if tail else [])


def _slides(side: Sequence[str], lo: int, hi: int) -> bool:
    """Whether deleting ``side[lo:hi]`` reads as well as deleting a stretch beside it that differs
    from it by more than spaces (the second "A." of "A. A." for the first)."""
    for step in (-1, 1):
        k = 0
        while True:
            x, y = (lo - 1 - k, hi - 1 - k) if step < 0 else (lo + k, hi + k)
            if x < 0 or y >= len(side) or side[x] != side[y]:
                break
            if not side[x].isspace():
                return True
            k += 1
    return False


def _one_line(x: Sequence[str], start: int) -> bool:
    """Whether ``x[start:]`` holds no line break but perhaps one as its last token."""
    return not any("\n" in t for t in x[start:len(x) - 1])


def _programme(a: Sequence[str], b: Sequence[str], weights, certainty: bool = False):
    """The runs of a best alignment, and (``certainty``) a test of whether its pair ``(i, j)`` is
    in every best alignment."""
    import numpy as np  # imported by an update, not at start-up

    codes: dict = {}
    ca = np.fromiter((codes.setdefault(t, len(codes)) for t in a), np.int64, len(a))
    cb = np.fromiter((codes.get(t, -1) for t in b), np.int64, len(b))
    if not (cb >= 0).any():
        return [], None  # nothing of b is in a
    m, n = len(a), len(b)
    gain = [w * PER_CHAR for w in (weights if weights is not None else [1] * m)]
    nl_a = [False] + ["\n" in t for t in a]  # nl_a[i]: a[i - 1] ends a line
    nl_b = np.fromiter(("\n" in t for t in b), bool, n)
    seg = np.concatenate(([0], np.cumsum(nl_b))).astype(np.int64) * _SEG  # a cut's run restarts at breaks
    neg = np.full(n + 1, _NEG, np.int64)
    matched = np.full((m + 1, n + 1), _NEG, np.int64)
    same = np.full((m + 1, n + 1), _NEG, np.int64)  # in a cut, no line break since the last match
    past = np.full((m + 1, n + 1), _NEG, np.int64)  # in a cut, past a line break
    matched[0, 0] = 0
    for i in range(m + 1):
        row = matched[i]
        if i:
            up, up_same, up_past = matched[i - 1], same[i - 1], past[i - 1]
            line_before = nl_a[i - 1]  # the flag of a match in row i - 1
            diagonal = np.maximum(np.maximum(up[:-1] - (LINE if line_before else 0), up_same[:-1]), up_past[:-1] - LINE)
            row[1:] = np.where(cb == ca[i - 1], diagonal + gain[i - 1], _NEG)
            opened = up - CUT
            if nl_a[i]:  # deleting a[i - 1] passes a line break
                del_same, del_past = neg, np.maximum(np.maximum(opened, up_same), up_past)
            elif line_before:
                del_same, del_past = up_same, np.maximum(opened, up_past)
            else:
                del_same, del_past = np.maximum(opened, up_same), up_past
        else:
            del_same = del_past = neg
        flag = nl_a[i]  # a match in row i ended a line
        opened = np.concatenate(([_NEG], row[:-1] - CUT))
        v = del_same.copy()
        if not flag:
            v[1:] = np.maximum(v[1:], np.where(nl_b, _NEG, opened[1:]))
        same[i] = np.maximum.accumulate(v + seg) - seg
        v = del_past.copy()
        v[1:] = np.maximum(v[1:], opened[1:] if flag else np.where(nl_b, opened[1:], _NEG))
        v[1:] = np.maximum(v[1:], np.where(nl_b, same[i][:-1], _NEG))
        past[i] = np.maximum.accumulate(v)
    runs = _trace(matched.item, same.item, past.item, nl_a, nl_b.tolist(), gain, m, n)
    if not certainty:
        return runs, None
    return runs, _doubtful(np, ca, cb, gain, nl_a, nl_b, matched, same, past)


def _doubtful(np, ca, cb, gain, nl_a, nl_b, matched, same, past) -> tuple[set[int], set[int]]:
    """The programme run backwards (the best score from each cell and state to the end), and from
    both directions the pairs, deletions and insertions that lie on some best alignment: a token is
    doubtful when some best alignment pairs it and it has another such pair, or a deletion (an
    insertion, for a new token), on a best alignment too."""
    m, n = len(ca), len(cb)
    seg = np.concatenate(([0], np.cumsum(nl_b[::-1]))).astype(np.int64) * _SEG  # reversed columns
    b_matched = np.empty((m + 1, n + 1), np.int64)
    b_same = np.empty((m + 1, n + 1), np.int64)
    b_past = np.empty((m + 1, n + 1), np.int64)
    b_past[m] = 0
    b_same[m] = 0
    b_matched[m] = -CUT
    b_matched[m, n] = 0
    for i in range(m - 1, -1, -1):
        nxt_m, nxt_s, nxt_p = b_matched[i + 1], b_same[i + 1], b_past[i + 1]
        pair = np.full(n + 1, _NEG, np.int64)
        pair[:-1] = np.where(cb == ca[i], gain[i] + nxt_m[1:], _NEG)
        breaks = nl_a[i + 1]  # deleting a[i] passes a line break
        v = np.maximum(pair - LINE, nxt_p)
        b_past[i] = np.maximum.accumulate(v[::-1])[::-1]
        v = np.maximum(pair, nxt_p if breaks else nxt_s)
        v[:-1] = np.maximum(v[:-1], np.where(nl_b, b_past[i][1:], _NEG))
        b_same[i] = (np.maximum.accumulate(v[::-1] + seg) - seg)[::-1]
        f = nl_a[i]
        v = np.maximum(pair - (LINE if f else 0), (nxt_p if f or breaks else nxt_s) - CUT)
        after = b_past[i][1:] if f else np.where(nl_b, b_past[i][1:], b_same[i][1:])
        v[:-1] = np.maximum(v[:-1], after - CUT)
        b_matched[i] = v
    best = b_matched[0, 0]
    flags = np.asarray(nl_a[:-1] if m else [], bool)[:, None]  # the flag of a match in row i (i < m)
    f_m, f_s, f_p = matched[:-1, :-1], same[:-1, :-1], past[:-1, :-1]
    source = np.maximum(np.maximum(f_m - np.where(flags, LINE, 0), f_s), f_p - LINE)
    gains = np.asarray(gain, np.int64)[:, None]
    on_best = (ca[:, None] == cb[None, :]) & (source + gains + b_matched[1:, 1:] == best)
    # Deletions of a[i] (any column) and insertions of b[j] (any row) on a best alignment.
    breaks_a = np.asarray(nl_a[1:], bool)[:, None]
    f_m_all, f_s_all, f_p_all = matched[:-1], same[:-1], past[:-1]
    flags_all = np.asarray(nl_a[:-1], bool)[:, None]
    to_p, to_s = b_past[1:], b_same[1:]
    deleted = ((f_m_all - CUT + np.where(flags_all | breaks_a, to_p, to_s) == best)
               | (f_s_all + np.where(breaks_a, to_p, to_s) == best) | (f_p_all + to_p == best)).any(axis=1)
    brk = nl_b[None, :]
    f_m_row, f_s_row, f_p_row = matched[:, :-1], same[:, :-1], past[:, :-1]
    flags_rows = np.asarray(nl_a, bool)[:, None]
    nx_p, nx_s = b_past[:, 1:], b_same[:, 1:]
    inserted = ((f_m_row - CUT + np.where(flags_rows | brk, nx_p, nx_s) == best)
                | (f_s_row + np.where(brk, nx_p, nx_s) == best) | (f_p_row + nx_p == best)).any(axis=0)
    pairs_a, pairs_b = on_best.sum(axis=1), on_best.sum(axis=0)
    doubt_a = (pairs_a > 0) & ((pairs_a > 1) | deleted)
    doubt_b = (pairs_b > 0) & ((pairs_b > 1) | inserted)
    return set(np.flatnonzero(doubt_a).tolist()), set(np.flatnonzero(doubt_b).tolist())


def _trace(matched, same, past, nl_a, nl_b, gain, i: int, j: int) -> list[tuple[int, int, int]]:
    """The pairs of the best path back from ``(i, j)``, as runs (``matched(i, j)`` ...: the tables)."""
    M, S, P = 0, 1, 2
    table = (matched, same, past)
    end = max((matched(i, j), -M), (same(i, j), -S), (past(i, j), -P))
    state = -end[1]
    pairs = []
    while i > 0 or j > 0:
        v = table[state](i, j)
        if state == M:
            pairs.append((i - 1, j - 1))
            v -= gain[i - 1]
            i, j = i - 1, j - 1
            if i == 0 and j == 0:
                break
            line_before = nl_a[i]
            options = ((matched(i, j) - (LINE if line_before else 0), M), (same(i, j), S), (past(i, j) - LINE, P))
            state = next(s for value, s in options if value == v)
            continue
        found = None
        if i > 0:  # a[i - 1] deleted
            opened = matched(i - 1, j) - CUT
            if state == S and not nl_a[i]:
                if not nl_a[i - 1] and opened == v:
                    found = (i - 1, j, M)
                elif same(i - 1, j) == v:
                    found = (i - 1, j, S)
            elif state == P:
                if (nl_a[i] or nl_a[i - 1]) and opened == v:
                    found = (i - 1, j, M)
                elif nl_a[i] and same(i - 1, j) == v:
                    found = (i - 1, j, S)
                elif past(i - 1, j) == v:
                    found = (i - 1, j, P)
        if found is None and j > 0:  # b[j - 1] inserted
            opened = matched(i, j - 1) - CUT
            brk = nl_b[j - 1]
            if state == S and not brk:
                if not nl_a[i] and opened == v:
                    found = (i, j - 1, M)
                elif same(i, j - 1) == v:
                    found = (i, j - 1, S)
            elif state == P:
                if (nl_a[i] or brk) and opened == v:
                    found = (i, j - 1, M)
                elif brk and same(i, j - 1) == v:
                    found = (i, j - 1, S)
                elif past(i, j - 1) == v:
                    found = (i, j - 1, P)
        i, j, state = found
    runs: list[list[int]] = []
    for x, y in reversed(pairs):
        if runs and runs[-1][0] + runs[-1][2] == x and runs[-1][1] + runs[-1][2] == y:
            runs[-1][2] += 1
        else:
            runs.append([x, y, 1])
    return [(x, y, k) for x, y, k in runs]
