"""Which cards the margin shows, in order: the article note, the orphans, then a card per highlight
with a note or tags (or selected), each with its ideal top and height, measured or estimated."""

from __future__ import annotations

import time

from ...core.margin import ARTICLE, NOTE, ORPHAN, ORPHAN_HEADER, Entry, sort_key
from .measure import Measurer
from .refine import DEFER_CARDS
from .style import CardStyle

FIRST_MEASURE_S = 0.003  # building many cards measures passages this long; the rest are estimated
NEAR_PX = 2500  # cards whose passage is this close to the view are measured before placing


def note_entry(style: CardStyle, measurer: Measurer, record: dict, ideal: float | None = None,
               rough_ideal: bool = False, rough: bool = False) -> Entry:
    """A note card's entry; with ``rough``, a height never measured is estimated (and the entry
    queued for refining), as is the ideal when ``rough_ideal``."""
    entry = Entry(NOTE, record["id"], record, measurer.ideal(record) if ideal is None else ideal,
                  extra={"sort": sort_key(record)})
    if rough:
        known = style.known_height(entry)
        entry.height = known if known is not None else style.rough_height(entry)
        if known is None:
            entry.extra["rough_height"] = True
    else:
        entry.height = style.height(entry)
    if rough_ideal:
        entry.extra["rough_ideal"] = True
    return entry


def build_entries(column) -> None:
    """Every entry of a margin column anew, from its annotations; the estimated ones go to refining."""
    ann, style = column.annotations, column.style
    if ann is None or ann.article_id is None or style is None:
        column.placement.clear()
        return
    top = column.reader.document().documentMargin()
    head = [Entry(ARTICLE, ARTICLE, None, top, extra={"note": ann.article_note})]
    orphans = ann.orphans()
    if orphans:
        head.append(Entry(ORPHAN_HEADER, ORPHAN_HEADER, None, top,
                          extra={"title": f"Orphaned · {len(orphans)}  (not found in this version)"}))
        head.extend(Entry(ORPHAN, r["id"], r, top) for r in orphans)
    for entry in head:
        entry.height = style.height(entry)
    noted = ann.noted((ann.selected, column.editing))
    # Many passages: measured for one slice at most; the rest estimated now and refined in
    # slices (``refine``), the ones placed near the view at once (``relayout``).
    deadline = time.perf_counter() + FIRST_MEASURE_S if len(noted) > DEFER_CARDS else None
    measurer = column.measurer
    rough = measurer.measure(noted, deadline=deadline)
    estimate = measurer.estimator() if measurer.cut else None
    scroll = column.reader.verticalScrollBar().value()
    near_lo, near_hi = scroll - NEAR_PX, scroll + column.height() + NEAR_PX
    notes = []
    for r in noted:
        hid = r["id"]
        known = measurer.known(r)
        if hid in rough:
            entry = note_entry(style, measurer, r, rough[hid], rough_ideal=True, rough=True)
        elif estimate is not None and known is None:
            entry = note_entry(style, measurer, r, estimate(r), rough_ideal=True, rough=True)
        else:
            near = known is not None and near_lo <= known <= near_hi
            entry = note_entry(style, measurer, r, known, rough=not near)
        notes.append(entry)
    column.placement.reset(head, notes)
    column.refiner.set(notes)
    column.selected_before = ann.selected
    column.entries_dirty = False
