"""Placing the margin's cards: ``place``'s rule, and the incremental ``Placement`` agreeing with it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.margin import ARTICLE, CARD_GAP, NOTE, Entry, Placement, estimate_line_top, place, sort_key


@pytest.mark.parametrize("pinned", [None, 0, 2, 4])
def test_place_is_one_pass_and_keeps_order(pinned):
    ideals = [0, 10, 12, 300, 305]
    heights = [50, 50, 50, 50, 50]
    tops = place(ideals, heights, 8, pinned)
    for a, b, h in zip(tops, tops[1:], heights):
        assert a + h + 8 <= b + 1e-9
    if pinned is None:
        assert tops == [0, 58, 116, 300, 358]
    else:
        assert tops[pinned] == ideals[pinned]
    if pinned == 2:
        assert tops[:2] == [12 - 8 - 50 - 8 - 50, 12 - 8 - 50]


def _note(hid: int, start: int, height: float) -> Entry:
    record = {"id": hid, "start": start, "end": start + 5}
    return Entry(NOTE, hid, record, ideal=float(start), height=height, extra={"sort": sort_key(record)})


def _tops_by_rule(placement: Placement, pinned: int | None) -> list[float]:
    entries = placement.entries
    return place([e.ideal for e in entries], [e.height for e in entries], CARD_GAP, pinned)


operation = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 3000), st.floats(20, 200)),
    st.tuples(st.just("drop"), st.integers(0, 60), st.just(0.0)),
    st.tuples(st.just("pin"), st.integers(-1, 60), st.just(0.0)),
    st.tuples(st.just("grow"), st.integers(0, 60), st.floats(20, 400)),
)


@settings(max_examples=300, deadline=None)
@given(first=st.lists(st.tuples(st.integers(0, 3000), st.floats(20, 200)), max_size=30),
       ops=st.lists(operation, max_size=25))
def test_incremental_placement_gives_the_tops_of_a_full_one(first, ops):
    """Adding, dropping, pinning and growing cards one at a time, each placement re-run only from
    what changed: after every step the tops are exactly those ``place`` gives from scratch, cards
    never overlap, and the pinned card sits at its passage."""
    article = Entry(ARTICLE, ARTICLE, None, ideal=0.0, height=40.0)
    notes = sorted((_note(i, s, h) for i, (s, h) in enumerate(first)), key=lambda e: e.extra["sort"])
    placement = Placement(CARD_GAP)
    placement.reset([article], notes)
    placement.place(None)
    pinned_key = None
    next_id = len(first)
    for kind, a, b in ops:
        changed: list[int] = []
        keys = [e.key for e in placement.notes()]
        if kind == "add":
            placement.insert(_note(next_id, a, b))
            next_id += 1
        elif kind == "drop" and keys:
            key = keys[a % len(keys)]
            assert placement.remove(key)
            if key == pinned_key:
                pinned_key = None
        elif kind == "pin":
            pinned_key = None if a < 0 or not keys else keys[a % len(keys)]
        elif kind == "grow" and keys:
            entry = placement.by_key[keys[a % len(keys)]]
            entry.height = b
            changed.append(placement.index_of(entry.key))
        pinned = placement.index_of(pinned_key)
        placement.place(pinned, changed)
        assert [e.top for e in placement.entries] == _tops_by_rule(placement, pinned)
        for upper, lower in zip(placement.entries, placement.entries[1:]):
            assert upper.top + upper.height + CARD_GAP <= lower.top + 1e-6
        if pinned is not None:
            assert placement.entries[pinned].top == placement.entries[pinned].ideal


def test_entries_stay_in_document_order_and_are_found_by_key():
    placement = Placement()
    placement.reset([Entry(ARTICLE, ARTICLE, None, 0.0, 30.0)], [])
    for hid, start in ((1, 500), (2, 100), (3, 300), (4, 100)):
        placement.insert(_note(hid, start, 50))
    assert [e.key for e in placement.notes()] == [2, 4, 3, 1]
    assert placement.index_of(ARTICLE) == 0 and placement.index_of(3) == 3 and placement.index_of(99) is None
    assert placement.remove(4) and [e.key for e in placement.notes()] == [2, 3, 1]
    placement.place(None)
    assert [e.key for e in placement.between(0, 320, tallest=0)] == [ARTICLE, 2, 3]


def test_a_passage_beyond_the_laid_out_part_is_estimated_at_its_pixels_per_character():
    assert estimate_line_top(20_000, (10_000, 5_000.0)) == 10_000.0
    assert estimate_line_top(1_000, (100, 50.0), per_char=0.25) == 275.0  # too little laid out: the fallback
    assert estimate_line_top(10, (0, 0.0)) == 0.0
