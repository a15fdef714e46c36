"""Following a highlight from an old text to its new version through their alignment: kept,
edited or orphaned, and never moved to another passage that happens to read the same.

The highlight's first and last characters are mapped through the alignment (``core.align``).
If both survived and the new text between them reads exactly as the quote, the highlight is
*kept* there, whatever its context now says. If the passage was edited inside, the new span is
the stretch the alignment gives for it (an end whose character was replaced takes the best
fitting place within the replacement), *edited* if it still reads enough like the quote. If
nothing of it survived, or too little, it is *orphaned*; so is one whose end is a character that
another, equally good reading of the edit puts elsewhere (``Alignment.doubtful``: "A. A." with one
deleted), and one re-attached over such characters. Nothing here searches the text: a passage is
only ever found where the alignment says it went.
"""

from __future__ import annotations

from .align import Alignment

KEPT, EDITED, ORPHANED = "kept", "edited", "orphaned"
EDITED_MIN_RATIO = 70.0
"""An edited passage must still be this similar to the old quote (rapidfuzz ``ratio``, 0-100): one
changed word in five or six; a passage rewritten beyond that is orphaned rather than guessed."""
MAX_CANDIDATES = 400
"""Places tried for an end whose character was replaced (word starts or ends within the replacement)."""


def follow(al: Alignment, old: str, new: str, start: int, end: int) -> tuple[str, int, int]:
    """``(result, start, end)`` for the old text's span ``start``-``end`` in the new text.

    ``result`` is ``KEPT`` (the same text, perhaps moved), ``EDITED`` or ``ORPHANED`` (then the
    span returned is the old one, unchanged).
    """
    exact = old[start:end]
    if not exact or al.doubtful(start) or al.doubtful(end - 1):
        return ORPHANED, start, end  # (an end that another reading puts on another copy: no guess)
    first, last = al.image(start), al.image(end - 1)
    if first is not None and last is not None and first <= last and new[first:last + 1] == exact \
            and not al.foreign(first, last + 1, start, end):
        return KEPT, first, last + 1
    span = _region(al, start, end, len(old), new, "\n" not in exact)
    if span is None:
        return ORPHANED, start, end
    lo, hi = _fit(new, exact, *span, first is None, last is None)
    if al.doubtful_in_new(lo, hi) or al.foreign(lo, hi, start, end):
        return ORPHANED, start, end  # (over a copy that may be another's, or another passage moved in)
    if new[lo:hi] == exact:  # an end only seemed replaced (the same letter deleted beside it)
        return KEPT, lo, hi
    if lo < hi:
        from rapidfuzz import fuzz  # imported by an update, not at start-up

        if fuzz.ratio(exact, new[lo:hi]) >= EDITED_MIN_RATIO:
            return EDITED, lo, hi
    return ORPHANED, start, end


def _region(al: Alignment, start: int, end: int, old_len: int, new: str, one_line: bool):
    """Where the old span went: ``(lo_range, hi_range)``, each end a fixed place or a range to fit;
    for a ``one_line`` passage, not past the line breaks around what survived of it.

    None when no character of the span survived, or its survivors went to places out of order
    (part of it moved with another paragraph).
    """
    new_len = len(new)
    a, b, n, rank = al.old_starts, al.new_starts, al.lengths, al.new_ranks
    last = len(al) - 1
    i = al.block_index(start)
    if i < 0 or a[i] + n[i] <= start:
        i += 1  # the first block overlapping the span
    j = al.block_index(end - 1)  # the last block starting inside it
    if i > last or i > j or a[i] >= end:
        return None  # deleted, every character of it
    if any(b[k + 1] < b[k] + n[k] for k in range(i, j)):
        return None
    if a[i] <= start:  # its first character survived
        lo_range = (b[i] + start - a[i],) * 2
    else:  # it is in a stretch replaced (or deleted) between block i - 1 and block i
        if i == 0:
            gap_old, gap_new = 0, 0 if rank[0] == 0 else b[0]
        else:
            gap_old = a[i - 1] + n[i - 1]
            gap_new = b[i - 1] + n[i - 1] if rank[i - 1] + 1 == rank[i] else b[i]
        # A replacement wholly inside the passage is part of it; one reaching outside is fitted.
        lo_range = (gap_new, gap_new) if gap_old >= start else (gap_new, b[i])
    if a[j] + n[j] >= end:  # its last character survived
        lo_range_end = b[j] + end - a[j]
        hi_range = (lo_range_end, lo_range_end)
    else:
        if j == last:
            gap_old, gap_new = old_len, new_len if rank[j] == last else b[j] + n[j]
        else:
            gap_old = a[j + 1]
            gap_new = b[j + 1] if rank[j] + 1 == rank[j + 1] else b[j] + n[j]
        hi_range = (gap_new, gap_new) if gap_old <= end else (b[j] + n[j], gap_new)
    if one_line:  # (a paragraph inserted before or after it is no part of it)
        core_lo = b[i] + max(0, start - a[i])
        core_hi = b[j] + min(n[j], end - a[j])
        line_lo = new.rfind("\n", 0, core_lo) + 1
        line_hi = new.find("\n", core_hi)
        line_hi = new_len if line_hi < 0 else line_hi
        lo_range = (max(lo_range[0], line_lo), max(lo_range[1], line_lo))
        hi_range = (min(hi_range[0], line_hi), min(hi_range[1], line_hi))
    return lo_range, hi_range


def _fit(new: str, exact: str, lo_range: tuple[int, int], hi_range: tuple[int, int], start_lost: bool,
         end_lost: bool) -> tuple[int, int]:
    """The ends within their ranges that make the new span read most like ``exact``; an end whose
    character was lost does not start (or end) on a space the quote does not have there."""
    lo, hi = lo_range[0], hi_range[1]
    if lo_range[0] != lo_range[1] or hi_range[0] != hi_range[1]:
        from rapidfuzz import fuzz

        starts = _candidates(new, *lo_range, starts=True)
        ends = _candidates(new, *hi_range, starts=False)
        for _ in range(2):  # one end, then the other, then the first again
            lo = max(starts, key=lambda s: (fuzz.ratio(exact, new[s:hi]) if s < hi else -1, -s))
            hi = max(ends, key=lambda e: (fuzz.ratio(exact, new[lo:e]) if lo < e else -1, e))
    if start_lost and not exact[:1].isspace():
        while lo < hi and new[lo].isspace():
            lo += 1
    if end_lost and not exact[-1:].isspace():
        while hi > lo and new[hi - 1].isspace():
            hi -= 1
    return lo, hi


def _candidates(new: str, lo: int, hi: int, starts: bool) -> list[int]:
    """Both ends of the range and the word boundaries in it (word starts, or word ends)."""
    if hi - lo <= 64:
        return list(range(lo, hi + 1))
    out = {lo, hi}
    for k in range(lo + 1, hi):
        if starts and new[k - 1].isspace() and not new[k].isspace():
            out.add(k)
        elif not starts and not new[k - 1].isspace() and new[k].isspace():
            out.add(k)
        if len(out) >= MAX_CANDIDATES:
            break
    return sorted(out)
