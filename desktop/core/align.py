"""Aligning an old text with its new version: which character of the new text each character of the
old one became, or none (deleted or rewritten), moves of paragraphs included.

``align(old, new)`` matches whole lines first (an untouched paragraph is matched whole and at once,
and a line found unchanged elsewhere, the only one of its kind, is matched where it went). Changed
paragraphs that went elsewhere are matched with the new paragraph most like them (``core.moves``).
Between matched lines, the changed stretch of the old text is aligned with the new one's as a whole,
word by word (``core.seqalign``: the most characters in common, then the fewest cuts), so a
paragraph split, joined to its neighbour, edited, or all three is read as what was done to it;
words paired with a different word are then compared by characters. The work grows with the
edits, not with the text: lines are compared by hash, and each word-level alignment is only as
large as the changed paragraphs around one place.

The result is a list of matched blocks, each ``(old_start, new_start, length)``: the old text's
characters from ``old_start`` on are the new text's from ``new_start`` on.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from . import seqalign

_TOKEN = re.compile(r"\s+|[\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
                    r"\uff00-\uffef]|[^\s\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
                    r"\uf900-\ufaff\uff00-\uffef]+")
"""Words and the spaces between them; each CJK character is a word of its own (no spaces there)."""
_SENTENCE = re.compile(r"[.!?\u3002\uff01\uff1f]+[\"'\u201d\u2019)\]]*\s+|\n")
OLD, NEW = 0, 1
"""The side of a doubtful stretch."""
MAX_DEPTH = 3
"""Lines moved within a stretch are aligned with each other; within those, at most this deep."""
MIN_MOVED_LINE = 12
"""A line found unchanged elsewhere is matched there only if it has this many non-blank characters."""
GROW_OVER = 2
"""A moved paragraph split where it went is followed over at most this many lines put in between."""


@dataclass(frozen=True)
class Alignment:
    """Matched blocks of an old and a new text, in old-text order (new positions may go back: moves)."""

    old_starts: tuple[int, ...]
    new_starts: tuple[int, ...]
    lengths: tuple[int, ...]
    new_ranks: tuple[int, ...]
    """Each block's place in new-text order: two blocks are neighbours in both texts when their
    ranks follow each other (a moved block's are elsewhere)."""
    doubtful_old: tuple[tuple[int, int], ...] = ()
    """Stretches of the old text (start, end) that one best reading matches and another matches
    otherwise or not at all (a copy of a repeated phrase that may be the one deleted): in no block."""
    doubtful_new: tuple[tuple[int, int], ...] = ()
    """The same for the new text (a copy that may be another's)."""
    by_new: tuple[int, ...] = ()
    """Block indices in new-text order."""

    def image(self, pos: int) -> int | None:
        """Where the old text's character at ``pos`` is in the new text, or None (deleted or replaced)."""
        i = bisect_right(self.old_starts, pos) - 1
        if i >= 0 and pos < self.old_starts[i] + self.lengths[i]:
            return self.new_starts[i] + pos - self.old_starts[i]
        return None

    def doubtful(self, pos: int) -> bool:
        """Whether the old text's character at ``pos`` has no one place in the new text it must be."""
        return _inside(self.doubtful_old, pos, pos + 1)

    def doubtful_in_new(self, start: int, end: int) -> bool:
        """Whether any character of the new text's ``start``-``end`` might be another's copy."""
        return _inside(self.doubtful_new, start, end)

    def foreign(self, lo: int, hi: int, start: int, end: int) -> bool:
        """Whether any character of the new text's ``lo``-``hi`` came from outside the old text's
        ``start``-``end`` (a paragraph moved into the middle of a passage)."""
        order = self.by_new
        k = max(_bisect_new(self, lo), 0)
        while k < len(order):
            i = order[k]
            b, n = self.new_starts[i], self.lengths[i]
            if b >= hi:
                return False
            x, y = max(lo, b), min(hi, b + n)
            if x < y and not (start <= self.old_starts[i] + x - b and self.old_starts[i] + y - b <= end):
                return True
            k += 1
        return False

    def block_index(self, pos: int) -> int:
        """Index of the last block starting at or before old position ``pos`` (-1 if none)."""
        return bisect_right(self.old_starts, pos) - 1

    def __len__(self) -> int:
        return len(self.lengths)


def align(old: str, new: str) -> Alignment:
    """The alignment of ``old`` with ``new``: every character of ``old`` matched or not."""
    blocks: list[tuple[int, int, int]] = []
    doubts: list[tuple[int, int, int]] = []
    if old == new:
        blocks.append((0, 0, len(old)))
    elif old and new:
        _align_lines(old, new, blocks, doubts)
    return _alignment(blocks, doubts)


def _inside(ranges: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
    i = bisect_right(ranges, (start, float("inf"))) - 1
    return (i >= 0 and ranges[i][1] > start) or (i + 1 < len(ranges) and ranges[i + 1][0] < end)


def _alignment(blocks: list[tuple[int, int, int]], doubts: list[tuple[int, int, int]]) -> Alignment:
    """The blocks sorted and merged, and the doubtful stretches of each text."""
    blocks.sort()
    merged: list[list[int]] = []
    for a, b, n in blocks:
        if n <= 0:
            continue
        if merged and merged[-1][0] + merged[-1][2] == a and merged[-1][1] + merged[-1][2] == b:
            merged[-1][2] += n
        else:
            merged.append([a, b, n])
    by_new = sorted(range(len(merged)), key=lambda k: merged[k][1])
    ranks = [0] * len(merged)
    for rank, i in enumerate(by_new):
        ranks[i] = rank
    return Alignment(tuple(m[0] for m in merged), tuple(m[1] for m in merged), tuple(m[2] for m in merged),
                     tuple(ranks), _ranges((s, n) for side, s, n in doubts if side == OLD),
                     _ranges((s, n) for side, s, n in doubts if side == NEW), tuple(by_new))


def _bisect_new(al: Alignment, pos: int) -> int:
    """The last place in new-text order of a block starting at or before new position ``pos``."""
    lo, hi = 0, len(al.by_new)
    while lo < hi:
        mid = (lo + hi) // 2
        if al.new_starts[al.by_new[mid]] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def _ranges(starts) -> tuple[tuple[int, int], ...]:
    out: list[list[int]] = []
    for s, n in sorted(starts):
        if out and out[-1][1] >= s:
            out[-1][1] = max(out[-1][1], s + n)
        else:
            out.append([s, s + n])
    return tuple((s, e) for s, e in out)


def split_lines(text: str) -> list[str]:
    """``text`` cut after each ``\\n`` (only there: str.splitlines also cuts at \\r, \\x0b, \\u2028...)."""
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def offsets(tokens: list[str], base: int = 0) -> list[int]:
    """Where each token starts, and where the last ends."""
    return list(accumulate(map(len, tokens), initial=base))


def _align_lines(old: str, new: str, blocks: list, doubts: list, runs: str = "weigh") -> None:
    """Whole lines first, moved lines next, then the changed stretches between matched lines.
    ``runs``: "weigh" (matched lines that may be the moved ones weighed: ``_moved_runs``), "take"
    (matched lines taken as they are) or "none" (no lines matched: all one stretch)."""
    from .moves import joined_lines, joined_together, moved_lines, moved_neighbours, moved_stretches  # (given align_text: no import back)

    a, b = split_lines(old), split_lines(new)
    oa, ob = offsets(a), offsets(b)
    # Lines compared without their ends: the last line, which has none, can still match.
    ka, kb = [_bare(line) for line in a], [_bare(line) for line in b]
    matched = [] if runs == "none" else _line_runs(ka, kb)
    if runs == "weigh":
        matched = _moved_runs(old, new, oa, ob, matched, len(a), len(b))
    for i, j, n in matched:
        for k in range(n):
            blocks.append((oa[i + k], ob[j + k], len(a[i + k]) if a[i + k] == b[j + k] else len(ka[i + k])))
    ends = [(0, 0)] + [(i + n, j + n) for i, j, n in matched]
    starts = [(i, j) for i, j, _ in matched] + [(len(a), len(b))]
    gaps = [(range(i0, i1), range(j0, j1)) for (i0, j0), (i1, j1) in zip(ends, starts) if i1 > i0 or j1 > j0]
    moved_a, moved_b = moved_lines(ka, kb, gaps)
    # A paragraph moved and joined to another's start or end (or split, one part moved away): the
    # joined line is cut between the two, and the moved paragraph aligned with its part only.
    joins = joined_lines(ka, kb, gaps, moved_a, moved_b)
    joined_new = {j for _, j, _, _ in joins}
    joined_old = {i for i, _, _, _ in joins}
    splits = [(j, i, lo, hi) for j, i, lo, hi in joined_lines(kb, ka, [(rb, ra) for ra, rb in gaps], moved_b, moved_a)
              if i not in joined_old and (i not in moved_a or (moved_a[i] == j and j not in joined_new))]
    cut_old = {i for _, i, _, _ in splits}
    cut_new = joined_new | {j for j, _, _, _ in splits}  # (lines holding two paragraphs' text: not taken whole)
    # Two paragraphs joined and moved together, one found moved: the joined line cut between them.
    together = joined_together(ka, kb, gaps, moved_a, joined_old | cut_old, cut_new)
    mark, marked = len(blocks), len(doubts)
    moved_a.update((other, j) for _, other, j, _, _ in together)
    # A moved paragraph split where it went: the lines next to its new one that only it can have
    # become (their stretch has no old line of its own left) and that make it read more like itself.
    alone_b = _lines_alone(gaps, moved_a)
    for i, other, j, lo, hi in together:
        # (The other's part at the line's end may go on in the lines after it, and at its start
        # in those before: the other paragraph split too, inside a sentence.)
        step = 1 if hi == len(kb[j]) else -1 if lo == 0 else 0
        lines = _grown(ka[other], kb[:j] + [kb[j][lo:hi]] + kb[j + 1:], j, alone_b, moved_b, (step,)) if step else [j]
        _align_pieces(old, new, [(oa[other], oa[other] + len(ka[other]))],
                      [(ob[k] + lo, ob[k] + hi) if k == j else (ob[k], ob[k] + len(kb[k])) for k in lines],
                      blocks, doubts)
        moved_b.update((k, other) for k in lines if k != j)
        for s, e in _rest(ob[j], ob[j] + len(kb[j]), lo, hi):  # (the part is the line's head or its tail)
            align_text(ka[i], new[s:e], oa[i], s, blocks, doubts)
    paired = {i for i, *_ in together} | {other for _, other, *_ in together}
    gap_of_b = {j: g for g, (_, rb) in enumerate(gaps) for j in rb}
    owners = None  # (each changed new line's old lines sharing a word of their own with it: made once, if needed)
    for i, j in list(moved_a.items()):
        if j in joined_new or i in cut_old or i in paired:
            continue
        if ka[i] == kb[j]:
            blocks.append((oa[i], ob[j], len(a[i]) if a[i] == b[j] else len(ka[i])))
            continue
        lines = _grown(ka[i], kb, j, alone_b, moved_b)
        if owners is None:
            owners = _owners(ka, kb, gaps)
        # (A line with another paragraph's own word is that one's, or holds its text too: not taken whole.)
        theirs = cut_new | {k for k, by in owners.items() if by - {i}}
        home = [g for g, (ra, _) in enumerate(gaps) if i in ra]
        lines = _with_left_part(ka[i], kb, lines, [k for g in home for k in gaps[g][1] if k not in theirs], moved_b,
                                lambda k: _lost(ka, kb, gaps[gap_of_b[k]], k, moved_a, moved_b))
        lines = _grown_over(ka, kb, i, lines, gaps, gap_of_b, alone_b | theirs, moved_a, moved_b)
        olds = _joined_with(ka, kb, i, lines, [gaps[g] for g in home], moved_a, moved_b, joined_old | cut_old | paired)
        if len(olds) > 1:  # (a paragraph joined to it and moved with it: aligned together)
            _align_pieces(old, new, [(oa[olds[0]], oa[olds[-1]] + len(ka[olds[-1]]))],
                          [(ob[k], ob[k] + len(kb[k])) for k in lines], blocks, doubts)
            moved_a.update((k, j) for k in olds)
            moved_b.update((k, i) for k in lines)
            continue
        if len(lines) == 1:
            at = _part_at_end(ka[i], kb[j])
            if at is not None:  # (the rest is left to its stretch: ``_spare_ends``)
                blocks.append((oa[i] + at, ob[j], len(kb[j])))
            else:
                align_text(ka[i], kb[j], oa[i], ob[j], blocks, doubts)
            continue
        # (Lines that are the line's start or end to the letter, broken where it had spaces: a
        # paragraph split where it went and the rest split off, aligned with that part only.)
        _align_pieces(old, new, *_part_pieces(old, new, (oa[i], oa[i] + len(ka[i])),
                                              [(ob[k], ob[k] + len(kb[k])) for k in lines]), blocks, doubts)
        moved_b.update((k, i) for k in lines)
    # (Cut at a sentence start, a part can hold words its line lacks: a paragraph split inside a
    # sentence. Those at its cut go back to the rest of its line: ``_taken_part``.)
    cut_a, cut_b = {}, {}
    for i, j, lo, hi in joins:
        at = len(blocks), len(doubts)
        align_text(ka[i], kb[j][lo:hi], oa[i], ob[j] + lo, blocks, doubts)
        moved_a[i] = j
        moved_b.pop(j, None)
        cut_b[j] = _rest(ob[j], ob[j + 1], *_taken_part(lo, hi, ob[j], [(y, n) for _, y, n in blocks[at[0]:]]
                                                         + [(y, n) for side, y, n in doubts[at[1]:] if side == NEW]))
    for j, i, lo, hi in splits:
        at = len(blocks), len(doubts)
        align_text(ka[i][lo:hi], kb[j], oa[i] + lo, ob[j], blocks, doubts)
        moved_b[j] = i
        moved_a.pop(i, None)
        cut_a[i] = _rest(oa[i], oa[i + 1], *_taken_part(lo, hi, oa[i], [(x, n) for x, _, n in blocks[at[0]:]]
                                                         + [(x, n) for side, x, n in doubts[at[1]:] if side == OLD]))
    # A moved line that was split, one part moved and the other left (or joined to a line where
    # it went): the part that did not go with it is aligned in its own stretch, where it stands,
    # lest its twin there lend its words to a neighbour.
    spare_a = _spare_ends(moved_a, oa, ka, [(s, n) for s, _, n in blocks[mark:]],
                          [(s, n) for side, s, n in doubts[marked:] if side == OLD])
    spare_b = _spare_ends(moved_b, ob, kb, [(t, n) for _, t, n in blocks[mark:]],
                          [(t, n) for side, t, n in doubts[marked:] if side == NEW])
    for lines_a, lines_b in gaps:
        pieces_a = _pieces([k for k in lines_a if k not in moved_a and k not in cut_a], oa) \
            + [p for k in lines_a for p in spare_a.get(k, []) + cut_a.get(k, [])]
        pieces_b = _pieces([k for k in lines_b if k not in moved_b and k not in cut_b], ob) \
            + [p for k in lines_b for p in spare_b.get(k, []) + cut_b.get(k, [])]
        if pieces_a and pieces_b:  # (the unchanged lines either side: words there are not the stretch's own)
            context = (a[lines_a.start - 1] if lines_a.start else "") + (a[lines_a.stop] if lines_a.stop < len(a) else "")
            if owners is None:
                owners = _owners(ka, kb, gaps)
            # (Nor those of a new line holding another stretch's paragraph's own word: a head
            # too short to be found moved, its words no anchor for this stretch's paragraphs.)
            context += "".join(" " + kb[k] for k in lines_b
                               if k not in moved_b and any(x not in lines_a for x in owners.get(k, ())))
            _align_stretch(old, new, sorted(pieces_a), sorted(pieces_b), blocks, doubts, context)
    # (Around lines moved whole, and around those a stretch found moved within it: a paragraph's
    # head split off inside a sentence and moved, the sentence's end left in the line after.)
    moved_neighbours(old, new, blocks, doubts, align_text)
    for _ in range(3):  # a piece matched can leave another (a moved paragraph split: its other part)
        if not moved_stretches(old, new, blocks, doubts, align_text):
            break
        moved_neighbours(old, new, blocks, doubts, align_text)


def _align_stretch(old: str, new: str, pieces_a: list, pieces_b: list, blocks: list, doubts: list,
                   context: str) -> None:
    """A changed stretch's pieces aligned (``_align_pieces``), and aligned again with one of its
    old lines' unmatched remnants given a new line of the stretch that reads like it
    (``_remnants``), if that keeps more characters in common: a paragraph's remnant (its head
    deleted or split off), made of sentences found all over the text, left after the next
    paragraph's head. In order, the next paragraph's own first word holds it ahead of the
    remnant, and its sentences take the remnant's line, the remnant lost; read as having moved
    over it, both keep their own (more non-blank characters in common, ``_kept``: a tie keeps
    the order)."""
    found, unsure = [], []
    _align_pieces(old, new, pieces_a, pieces_b, found, unsure, context)
    best = None
    for (s, e), (t, f) in _remnants(old, new, pieces_a, pieces_b, found, unsure):
        trial, trial_unsure = [], []
        _align_pieces(old, new, _minus(pieces_a, [(s, e)]), _minus(pieces_b, [(t, f)]), trial, trial_unsure, context)
        align_text(old[s:e], new[t:f], s, t, trial, trial_unsure)
        if best is None:
            best = _kept(old, new, found, unsure)
        kept = _kept(old, new, trial, trial_unsure)
        if kept > best:
            found, unsure, best = trial, trial_unsure, kept
    # An old line that lost its head and lent its tail to the line before it, read instead as
    # deleted whole, if that keeps as many non-blank characters: a paragraph split (a space
    # turned into a break) and the next one deleted. Its tail is a copy of the split one's; read
    # in characters alone, the break is the split paragraph's own end kept and its tail lost, and
    # the deleted paragraph's sentences land on the split one's.
    # (Only if the line before takes back all the line kept: given to a line after, the text is
    # that one's remnant, no likelier than the line's own tail.)
    for p, s, e in _headless(old, pieces_a, found, unsure):
        trial, trial_unsure = [], []
        _align_pieces(old, new, _minus(pieces_a, [(s, e)]), pieces_b, trial, trial_unsure, context)
        if best is None:
            best = _kept(old, new, found, unsure)
        kept = _kept(old, new, trial, trial_unsure)
        if kept >= best and _kept_in(old, trial, p, s) - _kept_in(old, found, p, s) >= _kept_in(old, found, s, e):
            found, unsure, best = trial, trial_unsure, kept
            break
    blocks.extend(found)
    doubts.extend(unsure)


def _kept_in(old: str, found: list, lo: int, hi: int) -> int:
    """The non-blank characters of ``old[lo:hi]`` that ``found`` keeps."""
    from .moves import _solid

    return sum(_solid(old[max(x, lo):min(x + n, hi)]) for x, _, n in found if x < hi and x + n > lo)


def _headless(old: str, pieces_a: list, found: list, unsure: list) -> list[tuple[int, int, int]]:
    """The whole old lines of a stretch (``pieces_a``), not its first, whose first word nothing
    kept (``found``, or in doubt in ``unsure``) but some of whose later text was, with the lines
    right before them that nothing kept, the line before those kept to its end: at most
    ``MAX_REMNANT_TRIALS``, each ``(start of the line before, start, end with its break)``."""
    starts = _starts(old, pieces_a)
    if len(starts) < 2:
        return []
    kept = sorted([(x, x + n) for x, _, n in found] + [(x, x + n) for side, x, n in unsure if side == OLD])
    ends = [e for _, e in kept]

    def held(lo: int, hi: int) -> bool:  # (any character of lo-hi kept)
        k = bisect_right(ends, lo)
        return k < len(kept) and kept[k][0] < hi

    out = []
    for i in range(1, len(starts)):
        k = starts[i]
        end = old.find("\n", k)
        end = len(old) if end < 0 else end + 1
        first = re.search(r"\S+", old[k:end])
        if first is None or held(k + first.start(), k + first.end()) or not held(k + first.end(), end):
            continue
        g = i  # (back over paragraphs deleted whole before it: "¶0" split, "¶1" and "¶2" deleted)
        while g > 1 and not held(starts[g - 1], starts[g]):
            g -= 1
        if not held(starts[g] - 1, starts[g]) or not any(s <= starts[g] and end <= e for s, e in pieces_a):
            continue  # (the line before's end kept: what the tail was lent to)
        out.append((starts[g - 1], starts[g], end))
    return out[:MAX_REMNANT_TRIALS]


def _kept(old: str, new: str, found: list, unsure: list) -> int:
    """The non-blank characters a reading keeps (a space matched says nothing of whose a line
    is), those it left in doubt between copies included (as many as either side has in doubt
    and has not matched as well): a reading unsure which of a paragraph's copies of a sentence
    was deleted keeps one of them, and another paragraph's remnant given that line keeps no more."""
    from .moves import _solid

    def in_doubt(text: str, side: int, matched: list[tuple[int, int]]) -> int:  # (not matched too: counted once)
        ends = [e for _, e in matched]
        total = 0
        for s, n in ((x, n) for sd, x, n in unsure if sd == side):
            k, pos = bisect_right(ends, s), s
            while pos < s + n:
                stop = matched[k][0] if k < len(matched) else s + n
                total += _solid(text[pos:min(stop, s + n)])
                if k >= len(matched):
                    break
                pos, k = max(pos, ends[k]), k + 1
        return total

    matched_old = sorted((x, x + n) for x, _, n in found)
    matched_new = sorted((y, y + n) for _, y, n in found)
    return sum(_solid(old[x:x + n]) for x, _, n in found) + min(in_doubt(old, OLD, matched_old),
                                                              in_doubt(new, NEW, matched_new))


MAX_REMNANT_TRIALS = 4
"""A stretch is aligned again with at most this many remnants given a new line (``_remnants``)."""


def _remnants(old: str, new: str, pieces_a: list, pieces_b: list, found: list, unsure: list
              ) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs ``((s, e), (t, f))`` of a stretch's old lines' unmatched remnants (a whole line, or
    its start or end, ``MIN_MOVED_LINE`` non-blank characters) and whole new lines of the stretch
    another old line's text was matched into (``found``) that read like them (rapidfuzz ``ratio``
    at least ``MOVE_MIN_RATIO``) and hold no word of their own (found once in the stretch's old
    lines and once in its new ones: such a word says whose a line is). At most
    ``MAX_REMNANT_TRIALS``, the most alike first."""
    from rapidfuzz import fuzz

    from .moves import MOVE_MIN_RATIO, _line_end, _own_words, _solid, _unmatched

    outside = [(x, y - x) for x, y in zip([0] + [e for _, e in pieces_a], [s for s, _ in pieces_a] + [len(old)])]
    taken = [(x, n) for x, _, n in found] + [(x, n) for side, x, n in unsure if side == OLD]
    left = [(s, e) for s, e, kind, _, _ in _unmatched(old, sorted(outside + taken))
            if kind and _solid(old[s:e]) >= MIN_MOVED_LINE]
    if not left:
        return []
    into: dict[int, set[int]] = {}  # each new line (by its start) with the old lines (theirs) matched into it
    for x, y, n in found:
        t = y
        while t < y + n:  # (a block may run over line ends)
            into.setdefault(new.rfind("\n", 0, t) + 1, set()).add(old.rfind("\n", 0, x + t - y) + 1)
            t = new.find("\n", t, y + n) + 1 or y + n
    starts_b = _starts(new, pieces_b)
    pairs = []
    for s, e in left:
        home = old.rfind("\n", 0, s) + 1
        for t in starts_b:
            f = _line_end(new, t)
            if into.get(t, {home}) <= {home} or not any(x <= t and f <= y for x, y in pieces_b):
                continue
            score = fuzz.ratio(old[s:e], new[t:f], score_cutoff=MOVE_MIN_RATIO)
            if score:
                pairs.append((score, (s, e), (t, f)))
    if not pairs:
        return []
    starts_a = _starts(old, pieces_a)
    _, own_b = _own_words([old[k:_line_end(old, k)] for k in starts_a], [new[k:_line_end(new, k)] for k in starts_b])
    owned = {k for k, words in zip(starts_b, own_b) if words}
    pairs = sorted((p for p in pairs if p[2][0] not in owned), key=lambda p: -p[0])
    return [(x, y) for _, x, y in pairs[:MAX_REMNANT_TRIALS]]


def _starts(text: str, pieces: list) -> list[int]:
    """The starts of the lines the character ranges ``pieces`` have a character of, in order."""
    out = []
    for s, e in pieces:
        k = text.rfind("\n", 0, s) + 1
        while k < e:
            if not out or out[-1] != k:
                out.append(k)
            nxt = text.find("\n", k)
            if nxt < 0:
                break
            k = nxt + 1
    return out


def _part_at_end(line: str, part: str) -> int | None:
    """Where ``part`` is ``line``'s start or end to the letter, between word boundaries, if it is
    one and not both: a paragraph split and that part moved away unchanged. Aligned with it as a
    whole, a paragraph of sentences found all over the text can read the part as any of its
    copies, all in doubt, and the rest, in doubt too, is lost where it stayed."""
    if not part or len(part) >= len(line):
        return None
    head = line.startswith(part) and line[len(part)].isspace()
    tail = line.endswith(part) and line[-len(part) - 1].isspace()
    if head == tail:
        return None
    return 0 if head else len(line) - len(part)


def _owners(ka: list[str], kb: list[str], gaps: list[tuple[range, range]]) -> dict[int, set[int]]:
    """Each changed new line holding words of their own (``moves._own_words``: found once in the
    changed lines of each text), with the old lines that have them."""
    from .moves import _own_words

    la = [i for ra, _ in gaps for i in ra]
    lb = [j for _, rb in gaps for j in rb]
    own_a, own_b = _own_words([ka[i] for i in la], [kb[j] for j in lb])
    owner = {w: i for i, words in zip(la, own_a) for w in words}
    return {j: {owner[w] for w in words} for j, words in zip(lb, own_b) if words}


def _lines_alone(gaps: list[tuple[range, range]], moved_a: dict[int, int]) -> set[int]:
    """The new lines of the stretches whose old lines all went elsewhere (or that have none)."""
    return {j for ra, rb in gaps if all(i in moved_a for i in ra) for j in rb}


def _grown(line: str, lines: list[str], k: int, alone: set[int], taken: dict[int, int],
           steps: tuple[int, ...] = (1, -1)) -> list[int]:
    """Line ``k`` and the neighbours of it in ``alone`` (none in ``taken``, none blank) that make
    ``lines`` there read more like ``line`` (rapidfuzz ``ratio``), in order, looking after it and
    before it (``steps``); a neighbour that does not may be taken with up to ``GROW_OVER`` more
    beyond it that do."""
    from rapidfuzz import fuzz

    found, best = [k], fuzz.ratio(line, lines[k])
    for step in steps:
        grew = True
        while grew:
            grew = False
            edge = found[-1] if step == 1 else found[0]
            more: list[int] = []
            for n in range(edge + step, edge + step * (GROW_OVER + 2), step):  # (over a line put in between)
                if not 0 <= n < len(lines) or n not in alone or n in taken or not lines[n].strip():
                    break
                more = more + [n] if step == 1 else [n] + more
                trial = found + more if step == 1 else more + found
                score = fuzz.ratio(line, " ".join(lines[t] for t in trial))
                if score > best:
                    found, best, grew = trial, score, True
                    break
    return found


def _grown_over(ka: list[str], kb: list[str], i: int, found: list[int], gaps: list[tuple[range, range]],
                gap_of: dict[int, int], alone: set[int], moved_a: dict[int, int], moved_b: dict[int, int]) -> list[int]:
    """``found`` (the new lines moved line ``i`` went to) with the changed lines next to them in a
    stretch that has old lines of its own left (none in ``alone``: where ``_grown`` looks, or cut
    between two paragraphs; ``gap_of``: each changed new line's stretch, by number in ``gaps``)
    that make them read more like line ``i`` and give it more characters in common than that
    stretch's own old lines lose without them (``_common``): a paragraph moved between two others
    and split where it went, its second line made of sentences found all over the text. Left to
    the stretch, such a line lends its copies to a paragraph there that lost its own (a word
    deleted)."""
    from rapidfuzz import fuzz

    line = ka[i]

    def joined(lines: list[int]) -> str:
        return " ".join(kb[t] for t in lines)

    best = fuzz.ratio(line, joined(found))
    for step in (1, -1):
        while True:
            k = found[-1] + 1 if step == 1 else found[0] - 1
            g = gap_of.get(k)
            if g is None or k in alone or k in moved_b or not kb[k].strip():
                break
            trial = found + [k] if step == 1 else [k] + found
            score = fuzz.ratio(line, joined(trial))
            if score <= best:
                break
            if _gain(line, joined(trial), joined(found)) <= _lost(ka, kb, gaps[g], k, moved_a, moved_b):
                break
            found, best = trial, score
    return found


def _joined_with(ka: list[str], kb: list[str], i: int, lines: list[int], home: list[tuple[range, range]],
                 moved_a: dict[int, int], moved_b: dict[int, int], busy: set[int]) -> list[int]:
    """Moved line ``i`` with the old lines next to it in its own stretch (``home``; none moved or
    in ``busy``, none blank) that make ``lines`` (the new lines it went to) read more like them
    (rapidfuzz ``ratio``) and give them more characters in common than that stretch loses
    without them, in order: two paragraphs joined and moved together, the second's own words
    (its tag) deleted. With no word of its own, the joined paragraph is found by no other step;
    left to its stretch, it is lost there, and the moved one, aligned with the whole joined
    line, can be read as any of its copies."""
    from rapidfuzz import fuzz

    target = " ".join(kb[k] for k in lines)
    mine = [x for ra, _ in home for x in ra]
    found = [i]
    best = fuzz.ratio(ka[i], target)
    for step in (1, -1):
        while True:
            k = found[-1] + 1 if step == 1 else found[0] - 1
            if k not in mine or k in moved_a or k in busy or not ka[k].strip():
                break
            trial = found + [k] if step == 1 else [k] + found
            joined = " ".join(ka[t] for t in trial)
            score = fuzz.ratio(joined, target)
            if score <= best:
                break
            gap = next((ra, rb) for ra, rb in home if k in ra)
            # (what old line k loses there: ``_lost`` with the texts' sides swapped, LCS being symmetric)
            if _gain(target, joined, " ".join(ka[t] for t in found)) <= _lost(kb, ka, gap[::-1], k, moved_b, moved_a):
                break
            found, best = trial, score
    return found


def _gain(line: str, more: str, less: str) -> int:
    """The characters ``line`` has in common with ``more`` beyond those it has with ``less``."""
    return _common(line, more) - _common(line, less)


def _lost(ka: list[str], kb: list[str], gap: tuple[range, range], k: int, moved_a: dict[int, int],
          moved_b: dict[int, int]) -> int:
    """The characters the stretch ``gap``'s own old lines (none moved) have in common with its own
    new lines, less what they have without new line ``k`` (none if all its old lines moved)."""
    ra, rb = gap
    own_a = "\n".join(ka[x] for x in ra if x not in moved_a)
    own_b = [y for y in rb if y not in moved_b]
    return _common(own_a, "\n".join(kb[y] for y in own_b)) - _common(own_a, "\n".join(kb[y] for y in own_b if y != k))


def _with_left_part(line: str, lines: list[str], found: list[int], left: list[int], taken: dict[int, int],
                    lost) -> list[int]:
    """``found`` (the new lines a moved line went to) with the one line of ``left`` (the new
    lines where it was) before or after them that makes them read more like ``line`` and gives it
    the most characters in common beyond what its stretch loses without it (``lost(k)``), if one
    does (of those that keep as many, the one reading most like it): a paragraph split, one part
    moved and the other left in place. Aligned with the moved part alone, its sentences found all
    over the text, the moved part could take the left part's copy of one; and the left line that
    reads most like it can be a copy of its sentence that another paragraph split off, the left
    part, edited, keeping more."""
    from rapidfuzz import fuzz

    def joined(trial: list[int]) -> str:
        return " ".join(lines[t] for t in trial)

    base = fuzz.ratio(line, joined(found))
    best, out = (0, base), found
    for k in left:
        if k in taken or k in found or not lines[k].strip():
            continue
        for trial in (found + [k], [k] + found):
            score = fuzz.ratio(line, joined(trial))
            if score <= base:
                continue
            kept = (_gain(line, joined(trial), joined(found)) - lost(k), score)
            if kept > best:
                best, out = kept, trial
    return out


def _taken_part(lo: int, hi: int, base: int, found: list[tuple[int, int]]) -> tuple[int, int]:
    """The part ``lo``-``hi`` of a line (at ``base``) cut down, on its side of the cut, to what its
    alignment matched or left in doubt there (``found``: ``(start, length)``): its head (``lo``
    0) up to the last character of that, its tail from the first. The head of a paragraph split
    inside a sentence ("... Repeated phrase | here. ...") is cut at the sentence start after
    "here."; the words the line it went to lacks are the rest's, where they stayed."""
    inside = [(x - base, x - base + n) for x, n in found if x - base < hi and x - base + n > lo]
    if not inside:
        return lo, hi
    if lo == 0:
        return lo, min(hi, max(e for _, e in inside))
    return max(lo, min(s for s, _ in inside)), hi


def _rest(start: int, end: int, lo: int, hi: int) -> list[tuple[int, int]]:
    """A line's characters (``start``-``end``, its end included) but its part ``lo``-``hi`` (offsets in it)."""
    return [(s, e) for s, e in ((start, start + lo), (start + hi, end)) if e > s]


def _spare_ends(moved: dict[int, int], starts: list[int], lines: list[str], found: list, doubtful: list
                ) -> dict[int, list[tuple[int, int]]]:
    """For each moved line (by number), its start or end that its alignment with the line it went
    to left unmatched, as character ranges, if that is a piece of text of its own (``MIN_MOVED_LINE``
    non-blank characters, nothing there in doubt); ``found``: ``(start, length)`` of what was matched."""
    out: dict[int, list[tuple[int, int]]] = {}
    if not moved:
        return out
    matched = _ranges(found)
    doubts = _ranges(doubtful)
    for k in moved:
        lo, hi = starts[k], starts[k] + len(lines[k])
        i = bisect_right(matched, (lo, float("inf"))) - 1
        inside = []
        for s, e in matched[max(i, 0):]:
            if s >= hi:
                break
            if e > lo:
                inside.append((max(s, lo), min(e, hi)))
        if not inside:
            continue
        for s, e in ((lo, inside[0][0]), (inside[-1][1], hi)):
            if sum(not c.isspace() for c in lines[k][s - lo:e - lo]) >= MIN_MOVED_LINE and not _inside(doubts, s, e):
                out.setdefault(k, []).append((s, e))
    return out


def _bare(line: str) -> str:
    return line[:-2] if line.endswith("\r\n") else line[:-1] if line.endswith("\n") else line


def _line_runs(a: list[str], b: list[str]) -> list[tuple[int, int, int]]:
    """Matched runs of two texts' lines: difflib's (the longest common run first, then either side
    of it, which keeps a repeated line with its neighbours) unless a longest common subsequence
    matches more characters, as it does when a long run taken first was the wrong copy."""
    import difflib

    from rapidfuzz.distance import Indel  # imported by an update, not at start-up

    runs = [(m.a, m.b, m.size) for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
            if m.size]
    lcs = [(m.a, m.b, m.size) for m in Indel.opcodes(a, b).as_matching_blocks() if m.size]

    def chars(blocks):
        return sum(len(a[i + k]) for i, _, n in blocks for k in range(n))

    return runs if chars(runs) >= chars(lcs) else lcs


def _moved_runs(old: str, new: str, oa: list[int], ob: list[int], matched: list, na: int, nb: int) -> list:
    """``matched`` without the runs that are better read as moved: a run whose old lines before it
    (since the last run) are more than its new ones, and whose new lines after it (up to the next
    run) are more than its old ones, or the other way round, as when the run moved up or down past
    paragraphs that changed (joined, edited) and so match no line. Such a run is dropped if the
    stretch around it, aligned as one with the run found moved within it, keeps more characters
    than with the run held in place."""
    ends = [(0, 0)] + [(i + n, j + n) for i, j, n in matched]
    starts = [(i, j) for i, j, _ in matched] + [(na, nb)]
    dropped = set()
    for r, (i, j, n) in enumerate(matched):
        (pi, pj), (ni, nj) = ends[r], starts[r + 1]
        before, after = (i - pi) - (j - pj), (ni - i - n) - (nj - j - n)  # (old lines over new ones)
        if r - 1 in dropped or not (before > 0 > after or before < 0 < after):
            continue
        sub_old, sub_new = old[oa[pi]:oa[ni]], new[ob[pj]:ob[nj]]
        kept = []
        for runs in ("take", "none"):
            blocks: list = []
            doubts: list = []
            _align_lines(sub_old, sub_new, blocks, doubts, runs)
            kept.append(sum(_alignment(blocks, doubts).lengths))
        if kept[1] > kept[0]:
            dropped.add(r)
    return [run for r, run in enumerate(matched) if r not in dropped]


def _pieces(lines: list[int], starts: list[int]) -> list[tuple[int, int]]:
    """Consecutive line indices as character ranges ``(start, end)``."""
    out: list[list[int]] = []
    for k in lines:
        if out and out[-1][1] == starts[k]:
            out[-1][1] = starts[k + 1]
        else:
            out.append([starts[k], starts[k + 1]])
    return [(s, e) for s, e in out]


def _part_pieces(old: str, new: str, piece: tuple[int, int], pieces_b: list) -> tuple[list, list]:
    """``([piece], pieces_b)`` for aligning an old line with the new lines it went to, narrowed to
    the part of it those lines are, if they are its start or end to the letter, broken where it
    had spaces (a paragraph split, that part moved): aligned with that part, not with the line's
    break too, which leaves the rest after the new break unread, or lends its copies elsewhere."""
    (s, e), bare_b = piece, [(t, t + len(new[t:f].rstrip("\r\n"))) for t, f in pieces_b]
    part = re.sub(r"\r?\n", " ", " ".join(new[t:f] for t, f in bare_b))
    at = _part_at_end(old[s:e].rstrip("\r\n"), part)
    return ([(s + at, s + at + len(part))], bare_b) if at is not None else ([piece], pieces_b)


def _align_pieces(old: str, new: str, pieces_a: list, pieces_b: list, blocks: list, doubts: list,
                  context: str = "", depth: int = 0) -> None:
    """Align two stretches made of pieces (moved lines cut out) as if each were one string."""
    if depth and len(pieces_a) == 1:  # (lines a stretch found moved within it: ``_part_pieces``)
        pieces_a, pieces_b = _part_pieces(old, new, pieces_a[0], pieces_b)
    if len(pieces_a) == 1 and len(pieces_b) == 1:
        (s, e), (t, f) = pieces_a[0], pieces_b[0]
        align_text(old[s:e], new[t:f], s, t, blocks, doubts, context, depth)
        return
    sub: list = []
    sub_doubts: list = []
    align_text("".join(old[s:e] for s, e in pieces_a), "".join(new[t:f] for t, f in pieces_b), 0, 0, sub, sub_doubts,
               context, depth)
    starts_a, starts_b = _virtual(pieces_a), _virtual(pieces_b)
    for va, vb, n in sub:  # cut each block where either side's pieces were joined
        while n > 0:
            ia, ib = bisect_right(starts_a, va) - 1, bisect_right(starts_b, vb) - 1
            room = min(starts_a[ia] + pieces_a[ia][1] - pieces_a[ia][0] - va,
                       starts_b[ib] + pieces_b[ib][1] - pieces_b[ib][0] - vb, n)
            blocks.append((pieces_a[ia][0] + va - starts_a[ia], pieces_b[ib][0] + vb - starts_b[ib], room))
            va, vb, n = va + room, vb + room, n - room
    for side, v, n in sub_doubts:
        pieces, starts = (pieces_a, starts_a) if side == OLD else (pieces_b, starts_b)
        while n > 0:
            k = bisect_right(starts, v) - 1
            room = min(starts[k] + pieces[k][1] - pieces[k][0] - v, n)
            doubts.append((side, pieces[k][0] + v - starts[k], room))
            v, n = v + room, n - room


def _virtual(pieces: list) -> list[int]:
    out, total = [], 0
    for s, e in pieces:
        out.append(total)
        total += e - s
    return out


def align_text(a: str, b: str, ao: int, bo: int, blocks: list, doubts: list, context: str = "",
               depth: int = 0) -> None:
    """Match ``a`` (at ``ao`` in the old text) with ``b`` (at ``bo`` in the new): words between
    anchors (``_anchors``), then the characters of words paired with other words. Words that one
    best reading pairs and another pairs otherwise are left unmatched and noted in ``doubts``,
    ``(OLD or NEW, start, length)``. A word of ``context`` (text around both, the same in both) is
    no anchor. Lines that moved within the stretch (``_out_of_order``) are aligned with each other
    afterwards, as a stretch of their own (``depth``: how many times already)."""
    if not a or not b:
        return
    if a == b:
        blocks.append((ao, bo, len(a)))
        return
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    quick = seqalign.one_edit(ta, tb)
    if quick is not None:  # (a paragraph edited in one place: most of them)
        _add_runs(a, b, offsets(ta), offsets(tb), ao, bo, quick, _align_chars, blocks)
        return
    chain, pairs = _anchors(ta, tb, _TOKEN.findall(context) if context else ())
    wa, wb, out_a, out_b, seg_a, seg_b = (_out_of_order(ta, tb, chain, pairs) if depth < MAX_DEPTH
                                          else (ta, tb, (), (), None, None))
    found = _word_runs(ta, tb, wa, wb, chain)
    if found is None:  # too long to align word by word in one go: sentences first, then words
        _align_sentences(a, b, ao, bo, blocks)
        return
    oa, ob = offsets(ta), offsets(tb)
    if not (out_a and out_b):
        _add_words(a, b, ao, bo, ta, tb, wa, wb, found, blocks, doubts)
        return
    # What moved within the stretch, with what it moved to.
    pieces_a, pieces_b = _line_pieces(seg_a, oa, out_a), _line_pieces(seg_b, ob, out_b)
    sub, sub_doubts = [], []
    _align_pieces(a, b, pieces_a, pieces_b, sub, sub_doubts, context, depth + 1)
    stayed = _stayed(ta, tb, oa, ob, chain, pieces_a, pieces_b, sub, sub_doubts) if sub_doubts else None
    if stayed is not None:  # (what the rest of the stretch takes: aligned again without it)
        pieces_a, pieces_b = stayed
        sub, sub_doubts = [], []
        _align_pieces(a, b, pieces_a, pieces_b, sub, sub_doubts, context, depth + 1)
    # A moved line's words that did not go with it (a paragraph split, one part moved, the other
    # left in place) are aligned where they are: only what the moved lines matched stays hidden.
    # (Words the moved lines' alignment left in doubt stay hidden too, no second reading of them,
    # but those the rest of the stretch takes when they are not: ``_stayed``, above.)
    took_a = _tokens_in(oa, [(x, x + n) for x, _, n in sub] + [(x, x + n) for side, x, n in sub_doubts if side == OLD])
    took_b = _tokens_in(ob, [(y, y + n) for _, y, n in sub] + [(y, y + n) for side, y, n in sub_doubts if side == NEW])
    line_a, line_b = seg_a, seg_b
    left = any(line_a[k] in out_a and k not in took_a and not t.isspace() for k, t in enumerate(ta)) \
        or any(line_b[k] in out_b and k not in took_b and not t.isspace() for k, t in enumerate(tb))
    hidden = (pieces_a, pieces_b)
    if left:
        wa2 = _hide(ta, took_a, _HIDDEN)
        wb2 = _hide(tb, took_b, "\x01")
        again = _word_runs(ta, tb, wa2, wb2, chain)
        if again is not None:
            found, wa, wb = again, wa2, wb2
            hidden = (_ranges((oa[k], len(ta[k])) for k in took_a), _ranges((ob[k], len(tb[k])) for k in took_b))
    found_here: list = []
    _add_words(a, b, ao, bo, ta, tb, wa, wb, found, found_here, doubts)
    # A hidden token keeps its line break, which the pass above may have matched where the line
    # was: the break is the moved line's, matched (or not) with the line it moved to.
    blocks.extend(_outside(found_here, [(s + ao, e + ao) for s, e in hidden[0]],
                           [(t + bo, f + bo) for t, f in hidden[1]]))
    blocks.extend((x + ao, y + bo, n) for x, y, n in sub)
    doubts.extend((side, x + (ao if side == OLD else bo), n) for side, x, n in sub_doubts)


def _stayed(ta: list[str], tb: list[str], oa: list[int], ob: list[int], chain: list, pieces_a: list, pieces_b: list,
            sub: list, sub_doubts: list):
    """The moved lines' pieces (``pieces_a``, ``pieces_b``: character ranges in the stretch) but
    the words the rest of the stretch matches once only what their alignment (``sub``) matched is
    hidden, if some of those are words that alignment left in doubt; None otherwise.

    A paragraph split, its head moved and its tail left in place, its sentences found all over
    the text: aligned with its head alone, the paragraph can give any of its sentences to the head
    (its tail, deleted, reads as well as the head's end), so all are in doubt, and hidden, its tail
    could not be found where it stayed; the rest of the stretch then lends the tail's place to a
    neighbour's copy of its sentences. Aligned with the moved lines hidden but for those doubtful
    words, the stretch finds the tail where it is; the moved lines are aligned again without it."""
    held_a = {k for k in _tokens_in(oa, [(x, x + n) for x, _, n in sub]) if not ta[k].isspace()}
    held_b = {k for k in _tokens_in(ob, [(y, y + n) for _, y, n in sub]) if not tb[k].isspace()}
    doubt_a = _tokens_in(oa, [(x, x + n) for side, x, n in sub_doubts if side == OLD])
    doubt_b = _tokens_in(ob, [(y, y + n) for side, y, n in sub_doubts if side == NEW])
    trial = _word_runs(ta, tb, _hide(ta, held_a, _HIDDEN), _hide(tb, held_b, "\x01"), chain)
    if trial is None:
        return None
    runs, unsure_a, unsure_b = trial
    in_a, in_b = _tokens_in(oa, pieces_a), _tokens_in(ob, pieces_b)
    drop_a, drop_b = set(), set()
    for i, j, n in runs:
        for k in range(n):
            x, y = i + k, j + k
            if x in unsure_a or y in unsure_b or (x in in_a) == (y in in_b):
                continue  # (in doubt here too, or a pair of the moved lines' alignment itself)
            (drop_a if x in in_a else drop_b).add(x if x in in_a else y)
    if not any(k in doubt_a and not ta[k].isspace() for k in drop_a) \
            and not any(k in doubt_b and not tb[k].isspace() for k in drop_b):
        return None
    return (_minus(pieces_a, [(oa[k], oa[k + 1]) for k in drop_a]),
            _minus(pieces_b, [(ob[k], ob[k + 1]) for k in drop_b]))


def _minus(pieces: list[tuple[int, int]], cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The character ranges ``pieces`` with those of ``cuts`` taken out (both in order or not)."""
    return [(x, x + n) for x, _, n in _outside([(s, s, e - s) for s, e in pieces], cuts, [])]


def _word_runs(ta: list[str], tb: list[str], wa: list[str], wb: list[str], chain: list):
    """``(runs, doubtful_a, doubtful_b)``: the words ``wa`` and ``wb`` (``ta`` and ``tb`` with some
    lines hidden) aligned between the anchors of ``chain``; None if a stretch between two anchors
    is too long to align word by word."""
    runs: list[list[int]] = []
    doubtful_a, doubtful_b = set(), set()

    def run(i: int, j: int, n: int) -> None:
        if runs and runs[-1][0] + runs[-1][2] == i and runs[-1][1] + runs[-1][2] == j:
            runs[-1][2] += n
        elif n:
            runs.append([i, j, n])

    i0 = j0 = 0
    weights = None
    for i, j in chain + [(len(ta), len(tb))]:
        if i - i0 == j - j0 and wa[i0:i] == wb[j0:j]:  # (most stretches between anchors: as they were)
            run(i0, j0, i - i0)
        else:
            if weights is None:  # a space matched keeps a run whole, no more
                weights = [0 if t.isspace() else len(t) for t in ta]
            found = seqalign.aligned(wa[i0:i], wb[j0:j], weights[i0:i])
            if found is None:
                return None
            for x, y, n in found[0]:
                run(x + i0, y + j0, n)
            doubtful_a.update(x + i0 for x in found[1] if not ta[x + i0].isspace())  # (spaces: no copies)
            doubtful_b.update(y + j0 for y in found[2] if not tb[y + j0].isspace())
        if i < len(ta):
            run(i, j, 1)
        i0, j0 = i + 1, j + 1
    return runs, doubtful_a, doubtful_b


def _add_words(a: str, b: str, ao: int, bo: int, ta, tb, wa, wb, found, blocks: list, doubts: list) -> None:
    """The blocks and doubts of ``_word_runs``'s ``found``, words paired with other words compared
    by characters (never inside a hidden line)."""
    runs, doubtful_a, doubtful_b = found
    hidden_a, hidden_b = ("".join(wa) if wa is not ta else a), ("".join(wb) if wb is not tb else b)

    def chars(sa: str, sb: str, so: int, to: int, out: list) -> None:
        if hidden_a[so - ao:so - ao + len(sa)] == sa and hidden_b[to - bo:to - bo + len(sb)] == sb:
            _align_chars(sa, sb, so, to, out)

    oa, ob = offsets(ta), offsets(tb)
    _add_runs(a, b, oa, ob, ao, bo, runs, chars, blocks, doubtful_a)
    doubts.extend((OLD, ao + oa[i], len(ta[i])) for i in doubtful_a)
    doubts.extend((NEW, bo + ob[j], len(tb[j])) for j in doubtful_b)


def _tokens_in(starts: list[int], ranges: list[tuple[int, int]]) -> set[int]:
    """The tokens (by number; ``starts``: where each starts, and the last ends) with a character in ``ranges``."""
    out = set()
    for lo, hi in ranges:
        k = bisect_right(starts, lo) - 1
        while k < len(starts) - 1 and starts[k] < hi:
            out.add(k)
            k += 1
    return out


def _hide(tokens: list[str], hidden: set[int], mark: str) -> list[str]:
    """``tokens`` with those in ``hidden`` replaced by ones that match nothing (their length and
    line break kept)."""
    return [t if k not in hidden else (mark * (len(t) - 1) + ("\n" if "\n" in t else mark))
            for k, t in enumerate(tokens)]


def _outside(found: list, pieces_a: list, pieces_b: list) -> list[tuple[int, int, int]]:
    """The blocks of ``found`` with every character inside ``pieces_a`` (old text) or ``pieces_b``
    (new text) cut out: ranges ``(start, end)``, in order."""
    out = []
    for x, y, n in found:
        cuts = [(max(s, x) - x, min(e, x + n) - x) for s, e in pieces_a if s < x + n and x < e]
        cuts += [(max(t, y) - y, min(f, y + n) - y) for t, f in pieces_b if t < y + n and y < f]
        k = 0
        for lo, hi in sorted(cuts):
            if lo > k:
                out.append((x + k, y + k, lo - k))
            k = max(k, hi)
        if k < n:
            out.append((x + k, y + k, n - k))
    return out


def _line_pieces(segments: list[int], starts: list[int], wanted: set[int]) -> list[tuple[int, int]]:
    """The character ranges of the given segments (by number; ``segments``: each token's) of a
    stretch of tokens, in order."""
    out: list[list[int]] = []
    for k, seg in enumerate(segments):
        if seg in wanted:
            if out and out[-1][1] == starts[k]:
                out[-1][1] = starts[k + 1]
            else:
                out.append([starts[k], starts[k + 1]])
    return [(s, e) for s, e in out]


_HIDDEN = "\x00"


def _out_of_order(ta: list[str], tb: list[str], chain: list, pairs: list):
    """The tokens, with those of each segment holding words found once on both sides (``pairs``)
    but none of the chain (every one of its own words elsewhere, out of order: it moved within the
    stretch) replaced by ones that match nothing, so its words are not lent to whatever is in
    order there; the numbers of those segments on each side; and each token's segment on each
    side. A segment is a line, or part of one that holds both (``_segments``). A hidden token keeps
    its length and its line break."""
    chained = set(chain)
    loose = [pair for pair in pairs if pair not in chained]
    partners = chain + loose
    seg_a = _segments(ta, {i for i, _ in chain}, {i for i, _ in loose}, {i: j for i, j in partners}, tb)
    seg_b = _segments(tb, {j for _, j in chain}, {j for _, j in loose}, {j: i for i, j in partners}, ta)
    out_a = {seg_a[i] for i, _ in loose} - {seg_a[i] for i, _ in chain}
    out_b = {seg_b[j] for _, j in loose} - {seg_b[j] for _, j in chain}
    if out_a and out_b:  # (a moved paragraph's lines with no word of their own go with it)
        anchored_a, anchored_b = {seg_a[i] for i, _ in pairs}, {seg_b[j] for _, j in pairs}
        out_a, out_b = (_with_followers(ta, seg_a, out_a, anchored_a, tb, seg_b, {(seg_a[i], seg_b[j]) for i, j in loose},
                                        out_b),
                        _with_followers(tb, seg_b, out_b, anchored_b, ta, seg_a, {(seg_b[j], seg_a[i]) for i, j in loose},
                                        out_a))

    def hide(tokens: list[str], segments: list[int], out: set) -> list[str]:
        if not out:
            return tokens
        return [t if segments[k] not in out else
                (_HIDDEN * (len(t) - 1) + ("\n" if "\n" in t else _HIDDEN)) for k, t in enumerate(tokens)]

    wa, wb = hide(ta, seg_a, out_a), hide(tb, seg_b, out_b)
    if out_a and out_b:  # hidden on both sides: still unequal to each other
        wb = [t.replace(_HIDDEN, "\x01") for t in wb]
    return wa, wb, out_a, out_b, seg_a, seg_b


def _with_followers(tokens: list[str], segments: list[int], out: set[int], anchored: set[int],
                    other: list[str], other_segments: list[int], partners: set[tuple[int, int]],
                    other_out: set[int]) -> set[int]:
    """``out`` with the segments that follow one of them and hold no word found once on both sides
    (``anchored``: the segments that do), up to the next that does, as long as each makes the
    moved text read more like what it moved from (``partners``: pairs of a segment of these tokens
    and one of the ``other`` side's, holding a pair of those words) and gives it more characters
    in common than the rest of the stretch (what is not moved on either side; ``other_out``: the
    other side's moved segments) loses without it: a moved paragraph split after its first words,
    its other lines made of sentences found all over the text (and not a paragraph split where it
    stayed, its head moved away and its tail left there after the moved one)."""
    from rapidfuzz import fuzz

    solid = {segments[k] for k, t in enumerate(tokens) if not t.isspace()}
    last = segments[-1] if segments else -1

    def text(toks: list[str], segs: list[int], wanted: set[int], inside: bool = True) -> str:
        return "".join(t for t, g in zip(toks, segs) if (g in wanted) == inside)

    rest_other = None
    grown = set(out)
    for s in sorted(out):
        theirs = text(other, other_segments, {o for g, o in partners if g == s})
        mine = {s}
        best = fuzz.ratio(text(tokens, segments, mine), theirs)
        t = s + 1
        while t <= last and t not in anchored and t in solid and t not in out:
            score = fuzz.ratio(text(tokens, segments, mine | {t}), theirs)
            if score <= best:
                break
            if rest_other is None:
                rest_other = text(other, other_segments, other_out, False)
            gain = _gain(theirs, text(tokens, segments, mine | {t}), text(tokens, segments, mine))
            lost = _gain(rest_other, text(tokens, segments, grown | mine, False),
                         text(tokens, segments, grown | mine | {t}, False))
            if gain <= lost:
                break
            mine.add(t)
            best = score
            t += 1
        grown |= mine
    return grown


_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*$")


def _segments(tokens: list[str], chained: set[int], loose: set[int], partners: dict[int, int] | None = None,
              other: list[str] = ()) -> list[int]:
    """Each token's segment: its line, cut where a line holds both words of the chain and words
    that moved (paragraphs joined, one of them moved: "¶1 ... ¶0 ..." where ¶0 came from
    elsewhere in the stretch; or a paragraph split and its head moved away). There the line is cut
    between the last word of one kind and the first of the other, so what moved is aligned with
    what it moved to, and what stayed with what stayed: at the sentence start there, right after
    the one word or right before the other, whichever gives the two parts the most characters in
    common with the lines of the ``other`` side's tokens their words go with (``partners``: a
    word's token there); the last sentence start if none gives more, right after the last word
    if no sentence starts there (the sentences between the two words found all over the text:
    which paragraph has them only the characters can say; a sentence cut short, its end deleted,
    has no sentence start after it)."""
    out, seg, last_kind, last_at = [], 0, None, -1
    cuts: set[int] = set()
    if chained and loose:
        changes = []  # (line start, last word of one kind, first of the other, sentence starts between)
        line_start, between = 0, []
        for k, t in enumerate(tokens):
            kind = "c" if k in chained else "l" if k in loose else None
            if kind is not None:
                if last_kind is not None and kind != last_kind:
                    changes.append((line_start, last_at, k, between))
                last_kind, last_at, between = kind, k, []
            if "\n" in t:
                last_kind, last_at, line_start, between = None, k, k + 1, []
            elif _SENTENCE_END.search(t):
                spaced = k + 1 < len(tokens) and tokens[k + 1].isspace() and "\n" not in tokens[k + 1]
                between.append(k + 2 if spaced else k + 1)
        line_of, texts = _line_texts(other) if partners and changes else (None, None)
        for n, (line, x, y, starts) in enumerate(changes):
            cut = starts[-1] if starts else x + 1
            if texts is not None:
                lo = max([line] + [c for c in cuts if c <= x])
                hi = changes[n + 1][2] if n + 1 < len(changes) and changes[n + 1][0] == line \
                    else _line_end_token(tokens, y)
                home_x, home_y = texts[line_of[partners[x]]], texts[line_of[partners[y]]]
                # (a tie: the last sentence start, else the first word of the other kind)
                cut = max(reversed([x + 1, y] + starts), key=lambda c: _common("".join(tokens[lo:c]), home_x)
                          + _common("".join(tokens[c:hi]), home_y))
            cuts.add(cut)
    for k, t in enumerate(tokens):
        if k in cuts:
            seg += 1
        out.append(seg)
        seg += "\n" in t
    return out


def _line_texts(tokens: list[str]) -> tuple[list[int], list[str]]:
    """Each token's line (by number), and each line's text."""
    line_of, texts, parts = [], [], []
    for t in tokens:
        line_of.append(len(texts))
        parts.append(t)
        if "\n" in t:
            texts.append("".join(parts))
            parts = []
    texts.append("".join(parts))
    return line_of, texts


def _line_end_token(tokens: list[str], k: int) -> int:
    while k < len(tokens) and "\n" not in tokens[k]:
        k += 1
    return k


def _common(x: str, y: str) -> int:
    """Characters ``x`` and ``y`` have in common (a longest common subsequence's)."""
    from rapidfuzz.distance import LCSseq

    return LCSseq.similarity(x, y)


def _anchors(ta: list[str], tb: list[str], around=()) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Words found once in each stretch (all such pairs, second), and the heaviest chain of them
    in the same order in both (first)
    (patience diff's anchors, each weighing the characters of the common run it is in): a
    paragraph's own words hold it in place where the sentences around them repeat, and a part of
    it that moved elsewhere in the stretch cannot drag it along.
    """
    from collections import Counter

    count_a, count_b = Counter(ta), Counter(tb)
    for t in around:  # (a common word found in the lines around is no paragraph's own)
        count_a[t] += 1
    where_b = {t: j for j, t in enumerate(tb) if count_b[t] == 1}
    pairs = [(i, where_b[t]) for i, t in enumerate(ta)
             if count_a[t] == 1 and t in where_b and len(t) > 1 and not t.isspace()]
    if all(pairs[k][1] < pairs[k + 1][1] for k in range(len(pairs) - 1)):
        return pairs, pairs  # all in the same order in both (no paragraph moved inside the stretch)
    weights, run_end, run_weight = [], (-1, -1), 0
    for i, j in pairs:
        if not (i - j == run_end[0] - run_end[1] and i < run_end[0]):  # a run not measured yet
            lo, hi = i, i + 1
            while lo > 0 and lo + j - i > 0 and ta[lo - 1] == tb[lo - 1 + j - i]:
                lo -= 1
            while hi < len(ta) and hi + j - i < len(tb) and ta[hi] == tb[hi + j - i]:
                hi += 1
            run_end, run_weight = (hi, hi + j - i), sum(len(t) for t in ta[lo:hi])
        weights.append(run_weight)
    # The heaviest chain increasing in both texts: a Fenwick tree of the best chain ending at or
    # before each new position.
    order = sorted(range(len(pairs)), key=lambda k: pairs[k][1])
    rank = [0] * len(pairs)
    for r, k in enumerate(order):
        rank[k] = r + 1
    tree_best = [0] * (len(pairs) + 1)
    tree_at = [-1] * (len(pairs) + 1)
    total, back = [0] * len(pairs), [-1] * len(pairs)
    for k in range(len(pairs)):  # in old order
        best, at, r = 0, -1, rank[k] - 1
        while r > 0:
            if tree_best[r] > best:
                best, at = tree_best[r], tree_at[r]
            r -= r & -r
        total[k], back[k] = best + weights[k], at
        r = rank[k]
        while r <= len(pairs):
            if total[k] > tree_best[r]:
                tree_best[r], tree_at[r] = total[k], k
            r += r & -r
    chain, k = [], max(range(len(pairs)), key=total.__getitem__)
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1], pairs


def _add_runs(a, b, oa, ob, ao, bo, runs, finer, blocks, doubtful=frozenset()) -> None:
    """Blocks for matched runs of tokens (but those in ``doubtful``), and ``finer`` for each
    stretch replaced between them; ``oa``, ``ob``: where each token starts (and the last ends)."""
    i0 = j0 = 0
    for i, j, n in list(runs) + [(len(oa) - 1, len(ob) - 1, 0)]:
        if i > i0 and j > j0:
            finer(a[oa[i0]:oa[i]], b[ob[j0]:ob[j]], ao + oa[i0], bo + ob[j0], blocks)
        if n and not doubtful:
            blocks.append((ao + oa[i], bo + ob[j], oa[i + n] - oa[i]))
        else:
            for k in range(n):
                if i + k not in doubtful:
                    blocks.append((ao + oa[i + k], bo + ob[j + k], oa[i + k + 1] - oa[i + k]))
        i0, j0 = i + n, j + n


def _align_chars(a: str, b: str, ao: int, bo: int, blocks: list) -> None:
    """The characters of words replaced by other words: a word changed ("Monday", "Tuesday")
    keeps what it has in common. A space matched alone, between words that have nothing in
    common, says nothing of where a passage went (it would tie an old line's words to another
    line's): not matched."""
    runs = seqalign.matched_runs(a, b)
    blocks.extend((ao + i, bo + j, n) for i, j, n in runs or ()  # (None: too long, rewritten)
                  if not a[i:i + n].isspace() or "\n" in a[i:i + n])


def _align_sentences(a: str, b: str, ao: int, bo: int, blocks: list) -> None:
    """A stretch too long for one word-level alignment (a text rewritten throughout): sentences
    equal to the letter matched first (difflib: longest run first), words between them."""
    import difflib

    ta, tb = _cut(a, _SENTENCE), _cut(b, _SENTENCE)
    runs = [(m.a, m.b, m.size) for m in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_matching_blocks()
            if m.size]

    def by_words(sa: str, sb: str, so: int, to: int, out: list) -> None:
        wa, wb = _TOKEN.findall(sa), _TOKEN.findall(sb)
        runs = seqalign.matched_runs(wa, wb, [len(t) for t in wa])
        if runs is not None:
            _add_runs(sa, sb, offsets(wa), offsets(wb), so, to, runs, _align_chars, out)

    _add_runs(a, b, offsets(ta), offsets(tb), ao, bo, runs, by_words, blocks)


def _cut(text: str, pattern: re.Pattern) -> list[str]:
    """``text`` cut after each match of ``pattern``."""
    out, last = [], 0
    for m in pattern.finditer(text):
        if m.end() > last:
            out.append(text[last:m.end()])
            last = m.end()
    if last < len(text):
        out.append(text[last:])
    return out
