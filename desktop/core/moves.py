"""Paragraphs that moved between an old text and its new version, edited or not: each matched with
the one paragraph, elsewhere, that reads most like it, and only when no other reads as much so.

Three passes, all for ``core.align``. Before the changed stretches between matched lines are aligned,
``moved_lines`` takes out the lines that went elsewhere: a line found unchanged elsewhere, the only
one of its kind in either text, and a changed line whose best match, by far the best anywhere, is a
changed line of another stretch (so it is not aligned with a deleted paragraph that happens to
share its sentences at its new place). ``moved_neighbours`` aligns what is unmatched just before
and just after a moved block in both texts (a moved paragraph edited at an end, or split). After
them, ``moved_stretches`` looks at what is still
unmatched on both sides (part of a paragraph split and moved, a moved paragraph joined to another)
and matches the pieces that read alike, again only where the best match is the only one.
"""

from __future__ import annotations

import re
from collections import Counter

MIN_MOVED = 12
"""A line or piece is looked for elsewhere only if it has this many non-blank characters."""
MIN_SHORT_PIECE = 4
"""Shorter unmatched pieces are not looked for at all."""
MOVE_MIN_RATIO = 60.0
"""A moved paragraph must be at least this similar to where it went (rapidfuzz ``ratio``, 0-100)."""
SETTLED_RATIO = 90.0
"""A changed line this similar to one of its own stretch stays there: no search elsewhere."""
MAX_GAP_PAIRS = 2_500
"""Changed lines of one stretch compared pairwise at most (more: a rewrite, no moves looked for)."""
MAX_CROSS_PAIRS = 40_000
"""Unsettled lines (or pieces) of the old text times those of the new compared at most."""


def moved_lines(ka: list[str], kb: list[str], gaps: list[tuple[range, range]]) -> tuple[dict[int, int], dict[int, int]]:
    """Lines of the changed stretches ``gaps`` (old and new line ranges) that went to another
    stretch: ``({old line: new line}, {new line: old line})``. ``ka``, ``kb``: the lines, without ends.

    Two changed lines are alike first by the words they share that no other changed line has
    (a paragraph's own words: a name, a number), then by ``ratio``. A changed line is matched
    elsewhere only if it shares such a word with its new place (a paragraph made of sentences found
    all over the text cannot be told from the others once edited), that match is better than any in
    its own stretch, for both lines, and each is the other's only best.
    """
    from rapidfuzz import fuzz  # imported by an update, not at start-up

    moved_a: dict[int, int] = {}
    in_a = [i for ra, _ in gaps for i in ra if len(ka[i].strip()) >= MIN_MOVED]
    in_b = [j for _, rb in gaps for j in rb if len(kb[j].strip()) >= MIN_MOVED]
    if not in_a or not in_b:
        return {}, {}
    count_a, count_b = Counter(ka), Counter(kb)
    where_b = {kb[j]: j for j in in_b if count_b[kb[j]] == 1}
    for i in in_a:  # unchanged, the only one of its kind
        if count_a[ka[i]] == 1 and ka[i] in where_b:
            moved_a[i] = where_b[ka[i]]
    taken_b = set(moved_a.values())
    in_a = [i for i in in_a if i not in moved_a]
    in_b = [j for j in in_b if j not in taken_b]
    own_a, own_b = _own_words([ka[i] for i in in_a], [kb[j] for j in in_b])
    own_a, own_b = dict(zip(in_a, own_a)), dict(zip(in_b, own_b))

    def alike(i: int, j: int, ratio: float) -> float:  # (a word of their own in common: alike, whatever the ratio)
        shared = len(own_a[i] & own_b[j])
        return 1000.0 * shared + ratio if ratio or shared else 0.0

    best_in: dict[tuple[str, int], float] = {}  # each changed line's best match in its own stretch
    settled: set[tuple[str, int]] = set()
    gap_a, gap_b = {}, {}
    for g, (ra, rb) in enumerate(gaps):
        la = [i for i in ra if i in own_a]
        lb = [j for j in rb if j in own_b]
        gap_a.update((i, g) for i in la)
        gap_b.update((j, g) for j in lb)
        if len(la) * len(lb) > MAX_GAP_PAIRS:
            settled.update([("a", i) for i in la] + [("b", j) for j in lb])
            continue
        # Each old line with each new line, and (a paragraph split, or two joined) with two
        # neighbouring lines of the other side read as one.
        groups_a = [(i,) for i in la] + [(i, i + 1) for i in la if i + 1 in own_a and gap_a.get(i + 1) == g]
        groups_b = [(j,) for j in lb] + [(j, j + 1) for j in lb if j + 1 in own_b and gap_b.get(j + 1, g) == g
                                          and j + 1 in rb]
        for xs in groups_a:
            text_a, words_a = " ".join(ka[i] for i in xs), set().union(*(own_a[i] for i in xs))
            for ys in groups_b:
                if len(xs) + len(ys) > 3:
                    continue
                text_b, words_b = " ".join(kb[j] for j in ys), set().union(*(own_b[j] for j in ys))
                # (Two lines read as one only if each has a word of its own in common with the
                # other side, or none of its own at all: a paragraph moved in beside another
                # does not share that one's words.)
                if len(xs) + len(ys) > 2 and (any(own_a[i] and not own_a[i] & words_b for i in xs)
                                              or any(own_b[j] and not own_b[j] & words_a for j in ys)):
                    continue
                r = fuzz.ratio(text_a, text_b, score_cutoff=MOVE_MIN_RATIO)
                shared = len(words_a & words_b)
                score = 1000.0 * shared + r if r or shared else 0.0
                for key in [("a", i) for i in xs] + [("b", j) for j in ys]:
                    best_in[key] = max(best_in.get(key, 0.0), score)
                if r >= SETTLED_RATIO and (words_a & words_b or not words_a and not words_b):
                    settled.update([("a", i) for i in xs] + [("b", j) for j in ys])
    left_a = [i for i in gap_a if ("a", i) not in settled]
    left_b = [j for j in gap_b if ("b", j) not in settled]
    for x, y, score in _mutual_best([ka[i] for i in left_a], [kb[j] for j in left_b],
                                    lambda x, y, r: alike(left_a[x], left_b[y], r)):
        i, j = left_a[x], left_b[y]
        # Not where either line shares as many words of its own with a line of its own stretch
        # (a paragraph's head joined to another at its new place, a head split off and left):
        # there the line is two paragraphs' text, and the one of its stretch keeps it.
        if gap_a[i] != gap_b[j] and score >= 1000.0 \
                and score // 1000 > best_in.get(("a", i), 0.0) // 1000 \
                and score // 1000 > best_in.get(("b", j), 0.0) // 1000:
            moved_a[i] = j
    return moved_a, {j: i for i, j in moved_a.items()}


def _own_words(lines_a: list[str], lines_b: list[str]) -> tuple[list[set], list[set]]:
    """Each line's words found once in ``lines_a`` and once in ``lines_b`` (one line of each)."""
    ta, tb = [_words(line) for line in lines_a], [_words(line) for line in lines_b]
    na, nb = Counter(w for ws in ta for w in ws), Counter(w for ws in tb for w in ws)
    return [{w for w in ws if na[w] == 1 and nb[w] == 1} for ws in ta], \
        [{w for w in ws if na[w] == 1 and nb[w] == 1} for ws in tb]


def moved_stretches(old: str, new: str, blocks: list[tuple[int, int, int]], doubts: list, align_text) -> bool:
    """Add to ``blocks`` the alignment of unmatched pieces of ``old`` with unmatched pieces of
    ``new`` that read alike: a whole line on one side, a whole line or a line's start or end on the
    other (or a line's start or end on both, with a word of their own in common: a paragraph's
    head split off and joined to another), each the other's only best match (first by their own
    words, as lines are); returns whether it found any. Pieces with no own word in common must read the same, and have
    ``MIN_MOVED`` characters. ``align_text``: ``core.align``'s, adding the alignment of two pieces."""

    pieces_a = _unmatched(old, sorted([(s, n) for s, _, n in blocks] + [(s, n) for side, s, n in doubts if side == 0]))
    pieces_b = _unmatched(new, sorted([(t, n) for _, t, n in blocks] + [(t, n) for side, t, n in doubts if side == 1]))
    # (A word replaced inside a line is no piece of a paragraph that moved: only lines and their ends.)
    pieces_a, pieces_b = [p for p in pieces_a if p[2]], [p for p in pieces_b if p[2]]
    if not pieces_a or not pieces_b:
        return False
    texts_a, texts_b = [old[p[0]:p[1]] for p in pieces_a], [new[p[0]:p[1]] for p in pieces_b]
    own_a, own_b = _own_words(texts_a, texts_b)

    def score(x: int, y: int, ratio: float) -> float:
        shared = len(own_a[x] & own_b[y])
        if pieces_a[x][2] + pieces_b[y][2] < 3 and not shared:  # (two lines' ends: by their own words only)
            return 0.0
        if not shared and (ratio < 100.0 or _solid(texts_a[x]) < MIN_MOVED):
            return 0.0
        return 1000.0 * shared + ratio

    pairs = _mutual_best(texts_a, texts_b, score)
    for x, y, _score in pairs:
        (_, _, _, s, e), (_, _, _, t, f) = pieces_a[x], pieces_b[y]
        # (The spaces around them too: a reading that keeps another copy may differ only there.)
        align_text(old[s:e], new[t:f], s, t, blocks, doubts)
    return bool(pairs)


def _solid(text: str) -> int:
    return sum(not c.isspace() for c in text)


def moved_neighbours(old: str, new: str, blocks: list[tuple[int, int, int]], doubts: list, align_text) -> None:
    """Add to ``blocks`` the alignment of what is unmatched around each block whose neighbours
    differ in the two texts (a moved paragraph): before it, from its old line's start, with the new
    text before it from the previous line's start (a moved paragraph split there, or edited at its
    start); after it, to its old line's end, with the new text after it to the next line's end."""

    order = sorted(blocks)
    if not order:
        return
    by_new = sorted(range(len(order)), key=lambda k: order[k][1])
    rank = [0] * len(order)
    for r, k in enumerate(by_new):
        rank[k] = r
    tasks = []
    for k, (a, b, n) in enumerate(order):
        r = rank[k]
        if (by_new[r - 1] if r else -1) != k - 1:  # not after the same block in both texts
            lo_a = max(order[k - 1][0] + order[k - 1][2] if k else 0, old.rfind("\n", 0, a) + 1)
            prev = by_new[r - 1] if r else -1
            lo_b = max(order[prev][1] + order[prev][2] if prev >= 0 else 0,
                       new.rfind("\n", 0, max(0, new.rfind("\n", 0, b))) + 1)
            tasks.append((lo_a, a, lo_b, b))
        nxt = by_new[r + 1] if r + 1 < len(order) else len(order)
        if nxt != k + 1 and old[a + n - 1] != "\n":  # not before the same block in both texts (nor
            # ending its old line: what follows is another paragraph's)
            end_a, end_b = a + n, b + n
            hi_a = min(order[k + 1][0] if k + 1 < len(order) else len(old), _line_end(old, end_a))
            hi_b = min(order[nxt][1] if nxt < len(order) else len(new), _line_end(new, _line_end(new, end_b) + 1))
            tasks.append((end_a, hi_a, end_b, hi_b))
    done_a: list[tuple[int, int]] = []
    done_b: list[tuple[int, int]] = []
    for lo_a, hi_a, lo_b, hi_b in tasks:
        if lo_a >= hi_a or lo_b >= hi_b or not old[lo_a:hi_a].strip() or not new[lo_b:hi_b].strip():
            continue
        if any(s < hi_a and lo_a < e for s, e in done_a) or any(s < hi_b and lo_b < e for s, e in done_b):
            continue  # already aligned, around another block
        align_text(old[lo_a:hi_a], new[lo_b:hi_b], lo_a, lo_b, blocks, doubts)
        done_a.append((lo_a, hi_a))
        done_b.append((lo_b, hi_b))


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _mutual_best(sa: list[str], sb: list[str], score=None) -> list[tuple[int, int, float]]:
    """``(x, y, score)`` where ``sb[y]`` is ``sa[x]``'s best match and ``sa[x]`` is ``sb[y]``'s,
    neither tied with another; ``score(x, y, ratio)`` ranks the pairs (0: not a pair; ``ratio`` is 0
    under ``MOVE_MIN_RATIO``), the ratio itself if omitted."""
    if not sa or not sb or len(sa) * len(sb) > MAX_CROSS_PAIRS:
        return []
    from rapidfuzz import fuzz, process

    scores = process.cdist(sa, sb, scorer=fuzz.ratio, score_cutoff=MOVE_MIN_RATIO).tolist()
    if score is not None:  # (called for every pair: 0.0 for a ratio under the cutoff)
        scores = [[score(x, y, v) for y, v in enumerate(row)] for x, row in enumerate(scores)]
    out = []
    for x, row in enumerate(scores):
        top = max(row)
        if not top or row.count(top) > 1:
            continue
        y = row.index(top)
        column = [r[y] for r in scores]
        if column.count(top) == 1 and max(column) == top:
            out.append((x, y, top))
    return out


def _words(text: str) -> list[str]:
    """The words of ``text`` (between spaces; one-letter ones left out), in order."""
    return [w for w in text.split() if len(w) > 1]


def _unmatched(text: str, matched: list[tuple[int, int]]) -> list[tuple[int, int, int, int, int]]:
    """The unmatched pieces of ``text`` (between the ``(start, length)`` matched), cut at line
    ends and stripped: ``(start, end, kind, raw_start, raw_end)``, kind 2 for a whole line, 1 for a
    line's start or end, 0 for a piece inside a line, ``raw_start``-``raw_end`` the piece with the
    spaces around it (within its line and unmatched); only pieces with ``MIN_SHORT_PIECE`` non-blank characters."""
    out = []
    pos = 0
    for s, n in matched + [(len(text), 0)]:
        if s > pos:
            for raw_start, raw_end in _line_pieces(text, pos, s):
                piece = text[raw_start:raw_end]
                lead = len(piece) - len(piece.lstrip())
                start, end = raw_start + lead, raw_start + len(piece.rstrip())
                if _solid(text[start:end]) >= MIN_SHORT_PIECE:
                    line_start = text.rfind("\n", 0, start) + 1
                    line_end = text.find("\n", end)
                    line_end = len(text) if line_end < 0 else line_end
                    at_start = not text[line_start:start].strip()
                    at_end = not text[end:line_end].strip()
                    out.append((start, end, 2 if at_start and at_end else 1 if at_start or at_end else 0, raw_start,
                                raw_end))
        pos = max(pos, s + n)
    return out


def _line_pieces(text: str, lo: int, hi: int):
    while lo < hi:
        cut = text.find("\n", lo, hi)
        if cut < 0:
            yield lo, hi
            return
        if cut > lo:
            yield lo, cut
        lo = cut + 1


_SENTENCE_GAP = re.compile(r"[.!?\u3002\uff01\uff1f]+[\"'\u201d\u2019)\]]*(\s+)|[\u3002\uff01\uff1f]")


def joined_lines(ka: list[str], kb: list[str], gaps: list[tuple[range, range]], moved_a: dict[int, int],
                 moved_b: dict[int, int]) -> list[tuple[int, int, int, int]]:
    """Changed lines of the old text whose text went, with no line of its own, into a changed line
    of the new text's in another stretch, beside that stretch's own paragraph (a paragraph moved and
    joined to the end or the start of another): ``[(old line, new line, lo, hi)]``, ``lo``-``hi``
    the new line's part (offsets in it) that is the old line's. Called with the texts swapped, the
    same finds a paragraph split and one part moved away (the old line holds the new one's text).
    A line ``moved_lines`` matched whole (``moved_a``) is looked at with the line it was matched with.

    The old line must share more words of its own (found once in the changed lines of each text)
    with that new line than with any line of its own stretch, be the only one that does, and the
    new line must share words of its own with a line of its stretch too (else it moved whole:
    ``moved_lines``). The line is cut at the sentence start between the two paragraphs' words that
    leaves the part that reads most like the old line's start (or end) (rapidfuzz ``ratio`` at least ``MOVE_MIN_RATIO``).
    """
    from rapidfuzz import fuzz

    gap_a = {i: g for g, (ra, _) in enumerate(gaps) for i in ra if len(ka[i].strip()) >= MIN_MOVED}
    gap_b = {j: g for g, (_, rb) in enumerate(gaps) for j in rb if len(kb[j].strip()) >= MIN_MOVED}
    if not gap_a or not gap_b:
        return []
    la, lb = list(gap_a), list(gap_b)
    own_a, own_b = _own_words([ka[i] for i in la], [kb[j] for j in lb])
    line_a = {w: i for i, ws in zip(la, own_a) for w in ws}
    line_b = {w: j for j, ws in zip(lb, own_b) for w in ws}
    shared = Counter((line_a[w], line_b[w]) for w in line_a)

    def at_home(i: int, j: int) -> bool:  # (a line moved whole went to another stretch: never at home)
        return gap_a[i] == gap_b[j]

    home_a: Counter = Counter()
    home_b: Counter = Counter()
    for (i, j), c in shared.items():
        if at_home(i, j):
            home_a[i] = max(home_a[i], c)
            home_b[j] = max(home_b[j], c)
    away: dict[int, list[tuple[int, int]]] = {}  # old line: [(words shared, new line)] elsewhere
    for (i, j), c in shared.items():
        # (a line found moved whole: only to the line it was matched with, which may hold another's text too)
        if moved_a.get(i) == j if i in moved_a else (gap_a[i] != gap_b[j] and c > home_a[i] and j not in moved_b):
            away.setdefault(i, []).append((c, j))
    best_for_b: dict[int, list[tuple[int, int]]] = {}
    for i, found in away.items():
        # The one line its words went to that holds another paragraph's too (its words in another
        # line as well: split, the rest moved on its own, which the later passes find).
        joined = [(c, j) for c, j in found if home_b[j]]
        if len(joined) == 1:
            c, j = joined[0]
            best_for_b.setdefault(j, []).append((c, i))
    out = []
    for j, found in best_for_b.items():
        found.sort(reverse=True)
        if len(found) > 1:
            continue  # (two moved paragraphs joined to one: not read here)
        _, i = found[0]
        words_i = {w for w, k in line_a.items() if k == i and line_b[w] == j}
        words_home = {w for w, k in line_b.items() if k == j and at_home(line_a[w], j)}
        cut = _join_cut(ka[i], kb[j], words_i, words_home, fuzz.ratio)
        if cut is not None:
            out.append((i, j) + cut)
    return out


def joined_together(ka: list[str], kb: list[str], gaps: list[tuple[range, range]], moved_a: dict[int, int],
                    busy_old: set[int], busy_new: set[int]) -> list[tuple[int, int, int, int, int]]:
    """Moved lines (``moved_a``, none of ``busy_old`` or ``busy_new``: joined or split already)
    whose new line holds another old line's text too, a line of a stretch other than the new
    line's, moved nowhere and sharing no word of its own with a line of its own stretch: two
    paragraphs joined and moved together. ``[(moved line, other line, new line, lo, hi)]``,
    ``lo``-``hi`` the new line's part (offsets in it) that is the other line's, cut as
    ``joined_lines`` cuts (``_join_cut``). Aligned with the whole joined line, the moved line
    could take the other's copy of a sentence found all over the text, and the other was lost."""
    from rapidfuzz import fuzz

    gap_a = {i: g for g, (ra, _) in enumerate(gaps) for i in ra if len(ka[i].strip()) >= MIN_MOVED}
    gap_b = {j: g for g, (_, rb) in enumerate(gaps) for j in rb if len(kb[j].strip()) >= MIN_MOVED}
    wanted = [(i, j) for i, j in moved_a.items() if i in gap_a and j in gap_b and ka[i] != kb[j]
              and i not in busy_old and j not in busy_new]
    if not wanted:
        return []
    la, lb = list(gap_a), list(gap_b)
    own_a, own_b = _own_words([ka[i] for i in la], [kb[j] for j in lb])
    line_a = {w: i for i, ws in zip(la, own_a) for w in ws}
    line_b = {w: j for j, ws in zip(lb, own_b) for w in ws}
    home = {i for w, i in line_a.items() if gap_a[i] == gap_b[line_b[w]]}
    out = []
    for i, j in wanted:
        words = {w for w, k in line_b.items() if k == j}
        others = {line_a[w] for w in words} - {i}
        if len(others) != 1:
            continue
        other = others.pop()
        if other in moved_a or other in busy_old or other in home or gap_a[other] == gap_b[j]:
            continue
        theirs = {w for w in words if line_a[w] == other}
        cut = _join_cut(ka[other], kb[j], theirs, words - theirs, fuzz.ratio)
        if cut is not None:
            out.append((i, other, j) + cut)
    return out


def _join_cut(line: str, joined: str, words: set[str], others: set[str], ratio) -> tuple[int, int] | None:
    """The part ``lo``-``hi`` of ``joined`` that is ``line``: its head or its tail, up to or from a
    sentence start between ``line``'s ``words`` and the ``others`` (the other paragraph's) that reads
    most like ``line``'s own start or end, or like all of it edited inside (``ratio`` at least
    ``MOVE_MIN_RATIO``); None if the two kinds of words are mixed or no part reads so."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", joined)]
    mine = [s for s, e in spans if joined[s:e] in words]
    theirs = [s for s, e in spans if joined[s:e] in others]
    if not mine or not theirs:
        return None
    if max(theirs) < min(mine):  # the line joined after the other paragraph
        lo, hi, tail = max(theirs), min(mine), True
    elif max(mine) < min(theirs):
        lo, hi, tail = max(mine), min(theirs), False
    else:
        return None
    # The line's text before its first own word (joined after the other paragraph) or after its
    # last (joined before), in non-blank characters: a cut that leaves the part exactly as much
    # there is the line's own start or end, however its words were edited ("¶2: Repeated ..."
    # joined as "... here. ¶2: αβγ": not "here. ¶2: αβγ", which takes the other's sentence).
    own = [(m.start(), m.end()) for m in re.finditer(r"\S+", line) if m.group() in words]
    if own:
        edge = _solid(line[:own[0][0]]) if tail else _solid(line[own[-1][1]:])
        edge_at = min(mine) if tail else max(e for s, e in spans if joined[s:e] in words)
    exact = None
    best, best_score = None, MOVE_MIN_RATIO
    for m in _SENTENCE_GAP.finditer(joined, lo, hi + 1):
        cut = m.end()  # a sentence start
        if not lo < cut <= hi:
            continue
        part = (cut, len(joined)) if tail else (0, m.start(1) if m.lastindex and m.start(1) >= 0 else cut)
        piece = joined[part[0]:part[1]]
        # Joined after the other paragraph, the part starts as the line does (and is all of it, or,
        # the line split, its head); joined before, it ends as the line does.
        score = max(ratio(piece, line[:len(piece)] if tail else line[-len(piece):]),
                    ratio(piece, line))  # (or all of it, edited inside)
        if own and _solid(joined[part[0]:edge_at] if tail else joined[edge_at:part[1]]) == edge \
                and (exact is None or score > exact[1]):
            exact = part, score
        if score > best_score or (score == best_score and best is not None
                                  and part[1] - part[0] < best[1] - best[0]):  # (a tie: the shorter part)
            best, best_score = part, score
    return exact[0] if exact is not None else best
