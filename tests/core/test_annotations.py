"""The annotations list's rules: document order with orphans last, the colour, tag and text filters, row text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.annotations import ALL, count_text, haystack, keep, marks, order, spoken


def rec(hid, start=0, end=5, *, status="anchored", color="yellow", quote="a quote", note="", label="Key point",
        tags=()):
    return {"id": hid, "start": start, "end": end, "status": status, "color": color, "quote": quote, "note": note,
            "label": label, "tags": list(tags)}


def test_order_is_the_margins_with_orphans_last():
    records = [rec(1, 5, 9), rec(2, 5, 20), rec(3, 0, 4), rec(4, 0, 0, status="orphaned"), rec(5, 5, 9)]
    assert [r["id"] for r in sorted(records, key=order)] == [3, 2, 1, 5, 4]


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 20), st.booleans()), max_size=30))
def test_order_puts_every_orphan_after_every_anchored_highlight(spans):
    records = [rec(i, s, s + n, status="orphaned" if o else "anchored") for i, (s, n, o) in enumerate(spans)]
    statuses = [r["status"] for r in sorted(records, key=order)]
    assert statuses == sorted(statuses)  # "anchored" < "orphaned"
    assert len({order(r) for r in records}) == len(records)  # ids break every tie


def test_filters():
    r = rec(1, quote="The First Island Chain", note="Why now?", label="Question", color="blue", tags=["asia", "sea"])
    assert keep(r, ALL, ALL, [])
    assert keep(r, "blue", "sea", ["island", "why", "quest", "asi"])
    assert not keep(r, "yellow", ALL, [])
    assert not keep(r, ALL, "as", [])  # a tag filter is the whole tag
    assert not keep(r, ALL, ALL, ["island", "pacific"])  # every word
    assert haystack(r) == "the first island chain why now? question asia sea"
    assert keep(r, ALL, ALL, ["pacific"], hay="pacific")  # a haystack already made is used


def test_row_text():
    plain = rec(1, quote="two\n  lines")
    assert spoken(plain) == "Key point: “two lines”"
    full = rec(2, quote="q", note="n", tags=["a", "b"], status="orphaned")
    assert spoken(full) == "Key point: “q”. Note: n. Tags: a, b. Orphaned: its passage is no longer in the text"
    assert marks(full) == "orphaned  #a  #b"
    assert marks(plain) == ""


def test_count_text():
    assert count_text(0, 0, article_open=False) == "No article open"
    assert count_text(0, 0, article_open=True) == "No highlights yet: select text, then press 1–5"
    assert count_text(1, 1, True) == "1 highlight"
    assert count_text(2, 7, True) == "2 of 7 highlights"
