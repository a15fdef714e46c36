"""Aligning an old text with its new version: a diff (lines, then sentences, words, characters)
that maps each character of the old text to the one it became in the new, or to nothing.

``align(old, new)`` matches whole lines first, so an untouched paragraph is matched whole and at
once. A line that left its place and arrived elsewhere unchanged, the only one of its kind in both
texts, is matched where it went (a moved paragraph). Between matched lines, each changed line is
paired with the new line most like it (a deleted paragraph beside an edited one that repeats its
sentences must not lend them to it), and each pair is compared again by sentences, then words,
then characters, each level only inside the stretches the level above left unmatched; the work
grows with the edits, not with the text. Each level matches the longest common run first and
then the runs either side of it (difflib's Ratcliff/Obershelp matcher), so when a sentence is
repeated, the copy matched is the one that keeps its neighbours: a longest common subsequence
alone would be as happy to take another copy. The result is a list of matched blocks, each
``(old_start, new_start, length)``: the old text's characters from ``old_start`` on are the new
text's from ``new_start`` on.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

LINES, SENTENCES, WORDS, CHARS = range(4)
_CUTS = {SENTENCES: re.compile(r"[.!?\u3002\uff01\uff1f]+[\"'\u201d\u2019)\]]*\s+|\n"),
         WORDS: re.compile(r"\s+")}
MAX_CHAR_PRODUCT = 4_000_000
"""Characters compared at most (2,000 against 2,000): a longer stretch in which no word matched
was rewritten, and stays unmatched."""
MAX_PAIRINGS = 10_000
"""Changed old lines times changed new lines compared pairwise at most; a larger stretch (a text
rewritten throughout) is compared as one, by sentences."""
PAIR_MIN_RATIO = 50.0
"""A changed line is paired with a new one at least this similar (rapidfuzz ``ratio``, 0-100)."""
MIN_MOVED_LINE = 12
"""A moved line is matched only if it has at least this many non-blank characters."""


@dataclass(frozen=True)
class Alignment:
    """Matched blocks of an old and a new text, in old-text order (new positions may go back: moves)."""

    old_starts: tuple[int, ...]
    new_starts: tuple[int, ...]
    lengths: tuple[int, ...]
    new_ranks: tuple[int, ...]
    """Each block's place in new-text order: two blocks are neighbours in both texts when their
    ranks follow each other (a moved block's are elsewhere)."""

    def image(self, pos: int) -> int | None:
        """Where the old text's character at ``pos`` is in the new text, or None (deleted or replaced)."""
        i = bisect_right(self.old_starts, pos) - 1
        if i >= 0 and pos < self.old_starts[i] + self.lengths[i]:
            return self.new_starts[i] + pos - self.old_starts[i]
        return None

    def block_index(self, pos: int) -> int:
        """Index of the last block starting at or before old position ``pos`` (-1 if none)."""
        return bisect_right(self.old_starts, pos) - 1

    def __len__(self) -> int:
        return len(self.lengths)


def align(old: str, new: str) -> Alignment:
    """The alignment of ``old`` with ``new``: every character of ``old`` matched or not."""
    blocks: list[tuple[int, int, int]] = []
    if old == new:
        blocks.append((0, 0, len(old)))
    else:
        _align_lines(old, new, blocks)
    blocks.sort()
    merged: list[list[int]] = []
    for a, b, n in blocks:
        if n <= 0:
            continue
        if merged and merged[-1][0] + merged[-1][2] == a and merged[-1][1] + merged[-1][2] == b:
            merged[-1][2] += n
        else:
            merged.append([a, b, n])
    ranks = [0] * len(merged)
    for rank, i in enumerate(sorted(range(len(merged)), key=lambda k: merged[k][1])):
        ranks[i] = rank
    return Alignment(tuple(m[0] for m in merged), tuple(m[1] for m in merged), tuple(m[2] for m in merged),
                     tuple(ranks))


def _split(text: str, level: int) -> list[str]:
    """``text`` cut into tokens at ``level`` (each keeps what ends it: the newline, the space)."""
    if level == LINES:
        parts = text.split("\n")  # "\n" only: str.splitlines also cuts at \r, \x0b, \u2028...
        return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    cuts = [m.end() for m in _CUTS[level].finditer(text)]
    out, last = [], 0
    for cut in cuts:
        if cut > last:
            out.append(text[last:cut])
            last = cut
    if last < len(text):
        out.append(text[last:])
    return out


def _matching_blocks(a, b) -> list[tuple[int, int, int]]:
    """Matched runs of two token sequences, ``(i, j, n)``, in order.

    Two matchers, and the one that matches more characters: difflib's (the longest common run
    first, then either side of it, which keeps repeated sentences with their neighbours) unless a
    longest common subsequence (rapidfuzz's ``Indel``) matches more, which it does when a long
    run taken first was the wrong copy and cost the matches on either side of it.
    """
    import difflib

    from rapidfuzz.distance import Indel  # imported by an update, not at start-up

    runs = [(m.a, m.b, m.size) for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
            if m.size]
    if isinstance(a, str):
        if sum(n for _, _, n in runs) >= Indel.similarity(a, b) // 2:  # (twice the LCS's length)
            return runs
        return [(m.a, m.b, m.size) for m in Indel.opcodes(a, b).as_matching_blocks() if m.size]
    lcs = [(m.a, m.b, m.size) for m in Indel.opcodes(a, b).as_matching_blocks() if m.size]

    def chars(blocks):
        return sum(len(a[i + k]) for i, _, n in blocks for k in range(n))

    return runs if chars(runs) >= chars(lcs) else lcs


def _offsets(tokens: list[str], base: int) -> list[int]:
    out = [base]
    for t in tokens:
        out.append(out[-1] + len(t))
    return out


def _align_lines(old: str, new: str, blocks: list) -> None:
    """Whole lines first, moved lines next, then the changed lines between matched ones, finer."""
    a, b = _split(old, LINES), _split(new, LINES)
    oa, ob = _offsets(a, 0), _offsets(b, 0)
    # Lines compared without their ends: the last line, which has none, can still match.
    ka, kb = [_bare(line) for line in a], [_bare(line) for line in b]
    matched = _matching_blocks(ka, kb)
    used_a, used_b = set(), set()
    for i, j, n in matched:
        for k in range(n):
            blocks.append((oa[i + k], ob[j + k], len(a[i + k]) if a[i + k] == b[j + k] else len(ka[i + k])))
        used_a.update(range(i, i + n))
        used_b.update(range(j, j + n))
    moved_a, moved_b = _moves(ka, kb, used_a, used_b)
    for i, j in moved_a.items():
        blocks.append((oa[i], ob[j], len(a[i]) if a[i] == b[j] else len(ka[i])))
    ends = [(0, 0)] + [(i + n, j + n) for i, j, n in matched]
    starts = [(i, j) for i, j, _ in matched] + [(len(a), len(b))]
    for (i0, j0), (i1, j1) in zip(ends, starts):
        lines_a = [k for k in range(i0, i1) if k not in moved_a]
        lines_b = [k for k in range(j0, j1) if k not in moved_b]
        if not lines_a or not lines_b:
            continue
        if len(lines_a) * len(lines_b) > MAX_PAIRINGS:
            _align_pieces(old, new, _pieces(lines_a, oa), _pieces(lines_b, ob), blocks)
            continue
        for ra, rb in _pair(a, b, lines_a, lines_b):
            _align(old[oa[ra.start]:oa[ra.stop]], new[ob[rb.start]:ob[rb.stop]], oa[ra.start], ob[rb.start],
                   SENTENCES, blocks)


def _bare(line: str) -> str:
    return line[:-2] if line.endswith("\r\n") else line[:-1] if line.endswith("\n") else line


def _pair(a: list[str], b: list[str], lines_a: list[int], lines_b: list[int]) -> list[tuple[range, range]]:
    """Changed old lines (or sentences) paired in order with the new lines most like them: one with one, one
    with two (a paragraph split), two with one (joined), or two with two (the break between them
    moved): the pairing with the largest sum of
    similarities, so a line joined to its neighbour must be more like the new line than it alone."""
    from rapidfuzz import fuzz  # imported by an update, not at start-up

    m, n = len(lines_a), len(lines_b)
    if m == n == 1:
        return [(range(lines_a[0], lines_a[0] + 1), range(lines_b[0], lines_b[0] + 1))]

    def joined(lines: list[int], text: list[str], x: int, k: int) -> str | None:
        if x + k > len(lines) or lines[x + k - 1] != lines[x] + k - 1:
            return None  # not consecutive in the text: a moved line was between them
        return "".join(text[lines[x]:lines[x] + k])

    def score(x: int, y: int, kx: int, ky: int) -> float:
        sa, sb = joined(lines_a, a, x, kx), joined(lines_b, b, y, ky)
        if sa is None or sb is None:
            return 0.0
        return fuzz.ratio(sa, sb, score_cutoff=PAIR_MIN_RATIO)

    shapes = ((1, 1), (1, 2), (2, 1), (2, 2))
    best = [[0.0] * (n + 2) for _ in range(m + 2)]
    choice: dict = {}
    for x in range(m - 1, -1, -1):
        for y in range(n - 1, -1, -1):
            top, pick = max(best[x + 1][y], best[x][y + 1]), None
            for kx, ky in shapes:
                if x + kx <= m and y + ky <= n:
                    gain = score(x, y, kx, ky)
                    if gain and best[x + kx][y + ky] + gain > top:
                        top, pick = best[x + kx][y + ky] + gain, (kx, ky)
            best[x][y] = top
            if pick:
                choice[x, y] = pick
    pairs, x, y = [], 0, 0
    while x < m and y < n:
        if (x, y) in choice:
            kx, ky = choice[x, y]
            pairs.append((range(lines_a[x], lines_a[x] + kx), range(lines_b[y], lines_b[y] + ky)))
            x, y = x + kx, y + ky
        elif best[x][y] == best[x + 1][y]:
            x += 1
        else:
            y += 1
    return pairs


def _moves(a: list[str], b: list[str], used_a: set, used_b: set) -> tuple[dict, dict]:
    """Unmatched lines found unchanged elsewhere, each the only one of its kind in either text."""
    left = [i for i in range(len(a)) if i not in used_a and len(a[i].strip()) >= MIN_MOVED_LINE]
    if not left or len(used_b) == len(b):
        return {}, {}
    count_a, count_b = Counter(a), Counter(b)
    where_b = {b[j]: j for j in range(len(b)) if j not in used_b and count_b[b[j]] == 1}
    moved_a = {i: where_b[a[i]] for i in left if count_a[a[i]] == 1 and a[i] in where_b}
    return moved_a, {j: i for i, j in moved_a.items()}


def _pieces(lines: list[int], offsets: list[int]) -> list[tuple[int, int]]:
    """Consecutive line indices as character ranges ``(start, end)``."""
    out: list[list[int]] = []
    for k in lines:
        if out and out[-1][1] == offsets[k]:
            out[-1][1] = offsets[k + 1]
        else:
            out.append([offsets[k], offsets[k + 1]])
    return [(s, e) for s, e in out]


def _align_pieces(old: str, new: str, pieces_a: list, pieces_b: list, blocks: list) -> None:
    """Align two stretches made of pieces (moved lines cut out) as if each were one string."""
    sub: list = []
    _align("".join(old[s:e] for s, e in pieces_a), "".join(new[t:f] for t, f in pieces_b), 0, 0, SENTENCES, sub)
    starts_a, starts_b = _virtual(pieces_a), _virtual(pieces_b)
    for va, vb, n in sub:  # cut each block where either side's pieces were joined
        while n > 0:
            ia, ib = bisect_right(starts_a, va) - 1, bisect_right(starts_b, vb) - 1
            room = min(starts_a[ia] + pieces_a[ia][1] - pieces_a[ia][0] - va,
                       starts_b[ib] + pieces_b[ib][1] - pieces_b[ib][0] - vb, n)
            blocks.append((pieces_a[ia][0] + va - starts_a[ia], pieces_b[ib][0] + vb - starts_b[ib], room))
            va, vb, n = va + room, vb + room, n - room


def _virtual(pieces: list) -> list[int]:
    out, total = [], 0
    for s, e in pieces:
        out.append(total)
        total += e - s
    return out


def _align(a: str, b: str, ao: int, bo: int, level: int, blocks: list) -> None:
    """Match ``a`` (at ``ao`` in the old text) with ``b`` (at ``bo`` in the new), from ``level`` down."""
    if not a or not b:
        return
    if a == b:
        blocks.append((ao, bo, len(a)))
        return
    if level == CHARS:
        if len(a) * len(b) <= MAX_CHAR_PRODUCT:
            blocks.extend((ao + i, bo + j, n) for i, j, n in _matching_blocks(a, b))
        return
    ta, tb = _split(a, level), _split(b, level)
    if len(ta) == 1 and len(tb) == 1:
        _align(a, b, ao, bo, level + 1, blocks)
        return
    oa, ob = _offsets(ta, ao), _offsets(tb, bo)
    if level == SENTENCES:
        # Sentences equal to the letter first; between them, changed sentences paired with the new
        # ones most like them, as lines are (of two copies of a sentence, the one kept is the one
        # whose neighbour reads like the old neighbour: the other was the one edited).
        runs = _matching_blocks(ta, tb)
    else:  # words compared without the spaces after them ("phrase\n" is "phrase " before a break)
        runs = _matching_blocks([t.rstrip() or t for t in ta], [t.rstrip() or t for t in tb])
    i0 = j0 = 0
    for i, j, n in runs + [(len(ta), len(tb), 0)]:
        if i > i0 and j > j0:  # a stretch replaced at this level: look closer
            if level == SENTENCES and (i - i0) * (j - j0) > 1 and (i - i0) * (j - j0) <= MAX_PAIRINGS:
                for ra, rb in _pair(ta, tb, list(range(i0, i)), list(range(j0, j))):
                    _align(a[oa[ra.start] - ao:oa[ra.stop] - ao], b[ob[rb.start] - bo:ob[rb.stop] - bo],
                           oa[ra.start], ob[rb.start], level + 1, blocks)
            else:
                _align(a[oa[i0] - ao:oa[i] - ao], b[ob[j0] - bo:ob[j] - bo], oa[i0], ob[j0], level + 1, blocks)
        for k in range(n):
            same = ta[i + k] == tb[j + k]
            blocks.append((oa[i + k], ob[j + k], len(ta[i + k]) if same else len(ta[i + k].rstrip() or ta[i + k])))
        i0, j0 = i + n, j + n
