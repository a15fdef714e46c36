"""The margin: cards level with their passages, never overlapping, the selected one pinned, virtualised."""

from __future__ import annotations


from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from desktop.store.highlights import add_highlight, list_highlights
from desktop.core.margin import CARD_GAP, place

NOTES = [
    ("Gen. Koji Yamazaki, chief of staff", "purple", "Japan's top uniformed officer."),
    ("Japan, ROK, Australia, and New Zealand", "green", "The AP4."),
    ("under the leadership and coordination of the US", "red", "Framing: Japan as a US proxy."),
    ("northern anchorage", "purple", "A metaphor worth quoting."),
    ("joining NATO is not a top priority", "blue", "Then why the visit?"),
]


def annotate(window, notes=NOTES) -> list[dict]:
    text = window.article.text
    for quote, colour, note in notes:
        start = text.index(quote)
        add_highlight(window.library, window.article.id, start, start + len(quote), colour, note)
    window.open_article(window.article.id)
    return list_highlights(window.library, window.article.id)


def card_top(window, hid) -> int:
    card = window.margin.card_for(hid)
    assert card is not None and card.isVisible(), f"no card on screen for {hid}"
    return card.geometry().top()


def assert_aligned(window, qtbot, records) -> None:
    """Every card whose passage is on screen sits level with the passage's first line."""
    reader = window.reader
    QApplication.processEvents()
    checked = 0
    for record in records:
        passage = reader.span_rect_top(record["start"])
        if 0 <= passage < reader.viewport().height() - 80:
            assert abs(card_top(window, record["id"]) - passage) <= 3, (record["quote"], card_top(window, record["id"]), passage)
            checked += 1
    assert checked >= 1


def long_annotated_article(window, tmp_path, parts: int, notes: int, note) -> tuple[int, int]:
    """The sample repeated ``parts`` times as one article, opened and laid out, with ``notes`` noted
    highlights spread evenly down it (``note(i)`` the i-th note); returns its id and their spacing."""
    from desktop.store.db import now

    page = tmp_path / "long.txt"
    page.write_text("A long article\n\n" + "\n\n".join(f"Part {k}\n\n" + window.article.text for k in range(parts)),
                    encoding="utf-8")
    article_id = window.open_path(page)
    text = window.article.text
    step = (len(text) - 60) // notes
    rows = [(article_id, i * step, i * step + 8, text[i * step:i * step + 8], "yellow", note(i), now(), now())
            for i in range(notes)]
    with window.library.write() as db:
        db.conn.executemany('INSERT INTO highlights (article_id, start, "end", exact, color, note, created, updated) '
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    window.open_article(article_id)
    window.reader.finish_layout()
    return article_id, step


def highlight_in_reader(window, start: int, end: int, colour: str = "green") -> None:
    """Select ``text[start:end]`` in the reader and highlight it, as the colour keys do."""
    from PySide6.QtGui import QTextCursor

    reader = window.reader
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.to_qt(start))
    cursor.setPosition(reader.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    window.highlighter.highlight_selection(colour)
    QApplication.processEvents()
    QApplication.processEvents()


def assert_no_overlap(margin) -> None:
    cards = sorted((c.geometry() for c in margin.cards.values() if c.isVisible()), key=lambda g: g.top())
    for upper, lower in zip(cards, cards[1:]):
        assert upper.bottom() < lower.top(), (upper, lower)
    entries = margin.entries
    for a, b in zip(entries, entries[1:]):
        assert a.top + a.height + CARD_GAP <= b.top + 0.01


def assert_placed_as_from_scratch(margin) -> None:
    """After a relayout, every card's top is where a full placement of all cards puts it."""
    QApplication.processEvents()
    margin.relayout()
    entries = margin.entries
    pinned = next((i for i, e in enumerate(entries) if e.key == margin.pinned_key()), None)
    expected = place([e.ideal for e in entries], [e.height for e in entries], CARD_GAP, pinned)
    assert [round(e.top, 6) for e in entries] == [round(t, 6) for t in expected]


def test_cards_line_up_with_their_passages_through_scroll_resize_font_and_theme(window, qtbot):
    records = annotate(window)
    reader = window.reader
    reader.verticalScrollBar().setValue(0)
    assert_aligned(window, qtbot, records)
    margin = window.margin
    # The margin column sits right of the text, inside the reader.
    assert margin.geometry().left() >= reader.viewport().geometry().right()
    assert margin.geometry().right() <= reader.width()

    reader.verticalScrollBar().setValue(137)
    assert_aligned(window, qtbot, records)
    window.findChild(type(window.menuBar().actions()[0]), "larger_text").trigger()
    assert_aligned(window, qtbot, records)
    window.set_theme("dark")
    assert_aligned(window, qtbot, records)
    window.resize(1100, 800)
    qtbot.wait(20)
    assert_aligned(window, qtbot, records)
    reader.scroll_to_offset(records[-1]["start"])
    assert_aligned(window, qtbot, records)


def test_fifty_notes_in_one_paragraph_never_overlap(window, qtbot):
    text = window.article.text
    para_start = text.index("The NATO Military Committee in Chiefs")
    notes = []
    for i in range(50):
        start = para_start + i * 7
        notes.append((start, start + 5 + i % 4, ["yellow", "green", "blue", "red", "purple"][i % 5],
                      f"Note {i}: " + "a remark " * (1 + i % 6)))
    for start, end, colour, note in notes:
        add_highlight(window.library, window.article.id, start, end, colour, note)
    window.open_article(window.article.id)
    reader, margin = window.reader, window.margin
    reader.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    assert len(margin.entries) == 51  # the article note and fifty cards
    assert_no_overlap(margin)
    first = margin.entries[1]
    assert abs(first.top - first.ideal) < 0.5  # the first card of the cluster is at its passage
    assert abs(card_top(window, first.key) - reader.span_rect_top(first.record["start"])) <= 3
    assert all(e.top >= e.ideal - 0.01 for e in margin.entries)  # pushed down, never up
    assert len(margin.cards) < 30  # virtualised: widgets only near the viewport

    # Select the 25th: its card moves to its passage, the others make room above and below.
    chosen = margin.entries[25].record
    window.highlighter.annotations.select(chosen["id"])
    QApplication.processEvents()
    entry = margin.entry_for(chosen["id"])
    assert abs(entry.top - entry.ideal) < 0.5
    assert_no_overlap(margin)
    assert margin.entries[24].top < margin.entries[24].ideal  # a neighbour above was pushed up
    assert abs(card_top(window, chosen["id"]) - reader.span_rect_top(chosen["start"])) <= 3


def test_clicking_a_card_scrolls_to_and_flashes_its_passage(window, qtbot):
    text = window.article.text
    para_start = text.index("The NATO Military Committee in Chiefs")
    for i in range(14):
        add_highlight(window.library, window.article.id, para_start + i * 5, para_start + i * 5 + 4, "blue",
                      "A longer note that takes several lines in the margin column. " * 2)
    window.open_article(window.article.id)
    reader, margin = window.reader, window.margin
    last = margin.entries[-1]
    assert last.top - last.ideal > reader.viewport().height()  # pushed far below its passage
    reader.verticalScrollBar().setValue(int(last.top) - 100)
    QApplication.processEvents()
    assert reader.span_rect_top(last.record["start"]) < 0  # its passage is above the view
    qtbot.mouseClick(margin.card_for(last.key), Qt.MouseButton.LeftButton, pos=QPoint(40, 10))
    QApplication.processEvents()
    assert window.highlighter.annotations.selected == last.key
    passage = reader.span_rect_top(last.record["start"])
    assert 0 <= passage < reader.viewport().height()
    assert "flash" in reader._marks
    assert abs(card_top(window, last.key) - passage) <= 3  # and its card now sits beside it
    qtbot.waitUntil(lambda: "flash" not in reader._marks, timeout=2000)


def test_double_click_a_card_to_edit_saved_as_you_type_esc_finishes(window, qtbot):
    [record, *_] = annotate(window)
    reader, margin = window.reader, window.margin
    reader.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    card = margin.card_for(record["id"])
    height_before = card.height()
    qtbot.mouseDClick(card, Qt.MouseButton.LeftButton, pos=QPoint(60, 30))
    assert card.editor is not None and card.editor.isVisible() and card.editor.hasFocus()
    assert card.editor.toPlainText() == record["note"]
    qtbot.keyClicks(card.editor, " Also chief of the JSDF.")
    qtbot.keyClick(card.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(card.editor, "See **the MoD**.")
    assert card.height() > height_before  # the card grows with the note
    assert_no_overlap(margin)
    qtbot.waitUntil(lambda: list_highlights(window.library, window.article.id)[0]["note"].endswith("**the MoD**."),
                    timeout=2000)
    qtbot.keyClick(card.editor, Qt.Key.Key_Escape)
    assert margin.editing is None and not card.editor.isVisible() and reader.hasFocus()
    assert window.highlighter.annotations.selected == record["id"]


def test_tags_are_edited_on_the_card_and_shown_as_chips(window, qtbot):
    [record, *_] = annotate(window)
    reader, margin = window.reader, window.margin
    reader.verticalScrollBar().setValue(0)
    window.highlighter.annotations.select(record["id"])
    QApplication.processEvents()
    card = margin.card_for(record["id"])
    assert card.tags_edit.isVisible()
    qtbot.keyClicks(card.tags_edit, "people, #JSDF ,  people")
    qtbot.keyClick(card.tags_edit, Qt.Key.Key_Return)
    assert list_highlights(window.library, window.article.id)[0]["tags"] == ["JSDF", "people"]
    plain_height = margin.entry_for(NOTES[1] and list_highlights(window.library, window.article.id)[1]["id"]).height
    window.highlighter.annotations.select(None)
    QApplication.processEvents()
    card = margin.card_for(record["id"])
    assert not card.tags_edit.isVisible()
    assert card.height() > plain_height  # the chips row
    image = card.grab().toImage()
    chip_row_y = card.height() - 14
    assert any(image.pixelColor(x, chip_row_y) != image.pixelColor(5 + 8, 8) for x in range(14, 80))


def test_article_note_at_the_top_of_the_margin(window, qtbot):
    reader, margin = window.reader, window.margin
    reader.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    card = margin.card_for("article")
    assert card is not None and card.isVisible()
    assert card.geometry().top() <= reader.span_rect_top(0)  # level with the title, above the body
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton, pos=QPoint(40, 8))
    assert card.editor is not None and card.editor.hasFocus()
    qtbot.keyClicks(card.editor, "Read with the MoD statement.")
    qtbot.keyClick(card.editor, Qt.Key.Key_Escape)
    from desktop.store.articles import get_article

    assert get_article(window.library, window.article.id).note == "Read with the MoD statement."
    assert "Article note" in margin.card_for("article").accessibleName()


def test_margin_with_1000_notes_never_overlaps(window, qtbot):
    from desktop.store.db import now

    text = window.article.text
    rows = [(window.article.id, (i * 5) % (len(text) - 10), (i * 5) % (len(text) - 10) + 6, "x", "yellow",
             f"Note {i} " + "word " * (i % 20), now(), now()) for i in range(1000)]
    with window.library.write() as db:
        db.conn.executemany('INSERT INTO highlights (article_id, start, "end", exact, color, note, created, updated) '
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    window.open_article(window.article.id)
    margin = window.margin
    qtbot.waitUntil(lambda: len(margin.entries) == 1001)  # many cards: built on the turn after the text shows
    # Relayout speed (<= 16 ms with 1,000 notes) is measured by python -m desktop.bench.
    margin.entries_dirty = True
    margin.measurer.cache.clear()  # as after a resize or a font change: every passage's line measured again
    margin.relayout()
    assert_no_overlap(margin)
    assert len(margin.cards) < 40
    window.reader.verticalScrollBar().setValue(window.reader.verticalScrollBar().maximum())
    QApplication.processEvents()
    assert_no_overlap(margin)
    assert any(c.isVisible() for c in margin.cards.values())


def test_an_unsaved_article_note_goes_to_its_own_article_when_another_opens(window, qtbot, tmp_path):
    from desktop.store.articles import get_article

    first = window.article.id
    card = window.margin.card_for("article")
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton, pos=QPoint(40, 8))
    qtbot.keyClicks(card.editor, "About the first one.")
    page = tmp_path / "other.txt"
    page.write_text("Other\n\nAnother article entirely.", encoding="utf-8")
    second = window.open_path(page)  # before the typing pause is over
    assert get_article(window.library, first).note == "About the first one."
    assert get_article(window.library, second).note == ""
    assert window.margin.card_for("article").accessibleName() == "Article note"


def test_incremental_placement_matches_a_full_one(window, qtbot):
    """Adding, selecting and deleting one highlight re-places only from it: the tops must be those of ``place``."""
    import random

    from desktop.store.highlights import delete_highlight

    text = window.article.text
    para_start = text.index("The NATO Military Committee in Chiefs")
    for i in range(30):
        start = para_start + i * 9
        add_highlight(window.library, window.article.id, start, start + 4, "blue", f"Note {i} " + "word " * (i % 7))
    window.open_article(window.article.id)
    margin, ann = window.margin, window.highlighter.annotations
    margin.finish_refining()
    rng = random.Random(3)

    def check() -> None:
        assert_placed_as_from_scratch(margin)

    for step in range(25):
        action = rng.choice(["add", "select", "delete", "none"])
        if action == "add":
            start = para_start + rng.randrange(0, 300)
            record = add_highlight(window.library, window.article.id, start, start + 3, "green",
                                   rng.choice(["", "short", "a longer note " * 6]))
            ann.put({**record, "article_id": window.article.id})
        elif action == "select" and ann.records:
            ann.select(rng.choice(list(ann.records)))
        elif action == "delete" and ann.records:
            hid = rng.choice(list(ann.records))
            delete_highlight(window.library, hid)
            ann.drop(hid)
        else:
            ann.select(None)
        check()


def test_many_cards_are_measured_in_slices_then_exactly(window, qtbot):
    """With many notes, building the margin and re-measuring after the layout finishes are spread over
    event-loop turns (estimated lines, then refined); once refined every card's line is its passage's."""
    import time

    from desktop.store.db import now
    from desktop.ui.margin.refine import DEFER_CARDS

    text = window.article.text
    count = DEFER_CARDS + 300
    rows = [(window.article.id, (i * 7) % (len(text) - 10), (i * 7) % (len(text) - 10) + 6, "x", "yellow",
             f"Note {i} " + "word " * (i % 9), now(), now()) for i in range(count)]
    with window.library.write() as db:
        db.conn.executemany('INSERT INTO highlights (article_id, start, "end", exact, color, note, created, updated) '
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    window.open_article(window.article.id)
    margin, reader = window.margin, window.reader
    qtbot.waitUntil(lambda: len(margin.entries) == count + 1)
    # A walk stopped by its deadline measures nothing more and says so.
    margin.measurer.cache.clear()
    assert margin.measurer.measure([e.record for e in margin.entries[1:]], deadline=time.perf_counter() - 1) == {}
    assert margin.measurer.cut and not margin.measurer.cache
    # As when the sliced layout reaches the end: every line is measured again, a slice per turn.
    margin.refiner.on_laid_out()
    assert len(margin.refiner.rough) == count
    QApplication.processEvents()
    assert_no_overlap(margin)
    qtbot.waitUntil(lambda: not margin.refiner.rough and not margin.refining(), timeout=20_000)
    QApplication.processEvents()
    assert_no_overlap(margin)
    for entry in margin.entries[1:]:
        assert abs(entry.ideal - reader.line_top_in_document(entry.record["start"])) <= 1, entry.key
    for scroll in (0, reader.verticalScrollBar().maximum() // 2):
        reader.verticalScrollBar().setValue(scroll)
        QApplication.processEvents()
        assert_no_overlap(margin)
        for card in margin.cards.values():
            entry = card.entry
            if entry.kind == "note" and entry.top == entry.fwd and entry.top == entry.ideal:
                assert abs(card.geometry().top() - (reader.line_top_in_document(entry.record["start"])
                                                    - reader.verticalScrollBar().value())) <= 3


def test_refining_waits_while_the_user_changes_highlights_and_heights_match_painting(window, qtbot, monkeypatch):
    """Background refining steps aside after an add or a selection; measured body heights are those
    of the document a card paints."""
    import time

    from desktop.ui.shell.slices import slices

    margin = window.margin
    records = annotate(window)
    style = margin.style
    for text in ("plain words " * 30, "**bold**, a [link](http://example.org)\n\n- one\n- two", records[0]["note"]):
        assert style.body_height(text, True) == style.body_document(text).size().height()
    margin.refiner.rough = [margin.entry_for(records[0]["id"])]
    margin.refiner.rough[0].extra["rough_height"] = True
    monkeypatch.setattr("desktop.ui.margin.refine.QUIET_S", 3600.0)  # no race with the clock
    window.highlighter.annotations.select(records[0]["id"])  # the user acts: refining waits
    assert margin.refiner.quiet_until > time.perf_counter()
    assert not margin.refiner.step(time.perf_counter() + 1.0)  # no slice now: it waits for the pause to end
    assert margin.refiner.rough and margin.refiner.quiet_timer.isActive() and not slices().active(margin, "refine")
    assert margin.refining()  # still pending, for busy()
    margin.refiner.quiet_until = 0.0  # the pause is over
    margin.refiner.step(time.perf_counter() + 1.0)
    assert not margin.refiner.rough
    margin.refiner.schedule()
    assert slices().active(margin, "refine") and not margin.refiner.quiet_timer.isActive()
    qtbot.waitUntil(lambda: not margin.refining())  # the job on the shared queue ends with nothing left


def test_selecting_and_adding_far_apart_keeps_every_card_where_a_full_placement_puts_it(window, qtbot, tmp_path):
    """Cards spread down a long article: selecting one at the top, then one at the bottom, then adding
    a highlight in the middle re-places only around each change, and every top is still ``place``'s."""
    article_id, step = long_annotated_article(window, tmp_path, parts=12, notes=120,
                                              note=lambda i: f"Note {i} " + "word " * (i % 11))
    text = window.article.text
    margin, ann = window.margin, window.highlighter.annotations
    QApplication.processEvents()
    margin.finish_refining()
    ids = [r["id"] for r in ann.anchored()]

    def check() -> None:
        assert_placed_as_from_scratch(margin)
        assert_no_overlap(margin)

    for hid in (ids[0], ids[-1], ids[1], ids[-2], ids[len(ids) // 2], None):
        ann.select(hid)
        check()
    middle = len(text) // 2 + step // 2
    record = add_highlight(window.library, article_id, middle, middle + 4, "green", "")
    ann.put({**record, "article_id": article_id})
    ann.select(record["id"])  # as adding from the reader does: its card appears, selected
    check()
    ann.select(ids[0])  # and shrinks away again when another is chosen
    check()


def test_adding_a_highlight_rebinds_only_the_cards_it_changes(window, qtbot, monkeypatch):
    from desktop.ui.margin.card import Card

    records = annotate(window, NOTES[:2])
    QApplication.processEvents()
    margin = window.margin
    bound: list = []
    original = Card.bind
    monkeypatch.setattr(Card, "bind", lambda self, entry, *a: (bound.append(entry.key), original(self, entry, *a))[1])
    text = window.article.text
    start = text.index("unusual symbolism")
    highlight_in_reader(window, start, start + 8)
    assert not set(bound) & {r["id"] for r in records}  # the notes' cards were left alone
    for r in records:  # and still show their notes, level with their passages
        assert margin.card_for(r["id"]).entry.record["note"] == r["note"]
    bound.clear()
    window.highlighter.recolor(records[0]["id"], "red")  # a change it shows: that card, and only it
    QApplication.processEvents()
    QApplication.processEvents()
    assert records[0]["id"] in bound and records[1]["id"] not in bound
    assert margin.card_for(records[0]["id"]).entry.record["color"] == "red"


def test_highlights_added_page_after_page_reuse_one_card_with_buttons(window, qtbot, tmp_path, monkeypatch):
    """The selected card shows colour and action buttons, built the first time a card is selected;
    adding highlight after highlight down a long annotated article hands the new one the card that
    has them, not a fresh card that would build them again."""
    from desktop.ui.margin.card import Card

    _, step = long_annotated_article(window, tmp_path, parts=8, notes=80, note=lambda i: f"Note {i}")
    text = window.article.text
    QApplication.processEvents()
    built: list = []
    original = Card._build_tools
    monkeypatch.setattr(Card, "_build_tools", lambda self: (built.append(self), original(self))[1])
    reader, margin = window.reader, window.margin
    for k in range(1, 8):
        start = text.index(" the ", k * len(text) // 8 + step // 2) + 1
        reader.scroll_to_offset(max(0, start - 300))
        QApplication.processEvents()
        highlight_in_reader(window, start, start + 3)
        hid = window.highlighter.annotations.selected
        card = margin.card_for(hid)
        assert card is not None and card.isVisible() and card.tools and card.tools[0].isVisible()
    assert len(set(built)) <= 1


def test_a_note_reads_as_commonmark_underscores_make_italics(qapp):
    from PySide6.QtGui import QTextDocument

    from desktop.ui.margin.style import set_note_markdown

    doc = QTextDocument()
    set_note_markdown(doc, "a _quiet_ word and a [link](https://example.org)")
    formats = {}
    it = doc.begin().begin()
    while not it.atEnd():
        fragment = it.fragment()
        formats[fragment.text()] = fragment.charFormat()
        it += 1
    assert formats["quiet"].fontItalic() and not formats["quiet"].fontUnderline()
    assert formats["link"].isAnchor()
