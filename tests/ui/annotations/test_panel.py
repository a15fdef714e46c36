"""The annotations panel lists the open article's highlights in order, filters them, and jumps to them."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from desktop.core.annotations import order
from desktop.store.highlights import add_highlight, delete_highlight
from desktop.ui.annotations.panel_model import RECORD


def rows(window):
    model = window.annotations_panel.model
    return [model.index(i).data(RECORD) for i in range(model.rowCount())]


def quotes(window):
    return [r["quote"] for r in rows(window)]


def highlight(window, quote, **kw):
    """Add a highlight the way the GUI's undo commands do: the store, then the margin's copy."""
    text = window.article.text
    start = text.index(quote)
    record = add_highlight(window.library, window.article.id, start, start + len(quote), **kw)
    window.highlighter.annotations.put({**record, "article_id": window.article.id})
    return record


def settle(qtbot, window):
    qtbot.waitUntil(lambda: not window.annotations_panel.filling())


def test_lists_highlights_in_document_order_and_follows_changes(window, qtbot):
    panel = window.annotations_panel
    settle(qtbot, window)
    assert quotes(window) == [] and "No highlights yet" in panel.count.text()
    late = highlight(window, "first island chain", color="green")
    highlight(window, "Koji Yamazaki", note="Chief of staff", tags=["people"])
    settle(qtbot, window)
    assert quotes(window) == ["Koji Yamazaki", "first island chain"]
    assert panel.count.text() == "2 highlights"
    delete_highlight(window.library, late["id"])
    window.highlighter.annotations.drop(late["id"])
    settle(qtbot, window)
    assert quotes(window) == ["Koji Yamazaki"]


def test_filters_by_colour_tag_and_text(window, qtbot):
    highlight(window, "Koji Yamazaki", color="yellow", note="Chief of staff", tags=["people"])
    highlight(window, "Brussels", color="blue", tags=["places"])
    highlight(window, "first island chain", color="green", note="A Cold War term")
    window.library_changed.emit()
    settle(qtbot, window)
    panel = window.annotations_panel
    colours = [panel.colour.itemText(i) for i in range(panel.colour.count())]
    assert colours[0] == "All colours" and set(colours[1:]) == {"Key point", "Question", "Evidence"}
    panel.colour.setCurrentIndex(panel.colour.findData("blue"))
    panel.colour.activated.emit(panel.colour.currentIndex())
    assert quotes(window) == ["Brussels"]
    assert panel.count.text() == "1 of 3 highlights"
    panel.colour.setCurrentIndex(0)
    panel.tag.setCurrentIndex(panel.tag.findData("people"))
    panel.tag.activated.emit(panel.tag.currentIndex())
    assert quotes(window) == ["Koji Yamazaki"]
    panel.tag.setCurrentIndex(0)
    panel.tag.activated.emit(0)
    qtbot.keyClicks(panel.text, "cold war")
    qtbot.waitUntil(lambda: quotes(window) == ["first island chain"])
    panel.text.clear()
    qtbot.waitUntil(lambda: len(quotes(window)) == 3)


def test_clicking_a_row_shows_the_passage(window, qtbot):
    record = highlight(window, "regional security landscape", note="The last words")
    window.library_changed.emit()
    settle(qtbot, window)
    window.reader.verticalScrollBar().setValue(0)
    panel = window.annotations_panel
    window.annotations_dock.show()
    window.annotations_dock.raise_()
    panel.jump(panel.model.index(0))
    top = window.reader.span_rect_top(record["start"])
    assert 0 <= top < window.reader.viewport().height()
    assert window.reader.verticalScrollBar().value() > 0


def test_shortcut_shows_the_dock_and_focuses_the_filter(window, qtbot):
    qtbot.keySequence(window, QKeySequence("Ctrl+Shift+H"))
    assert window.annotations_dock.isVisible()
    qtbot.waitUntil(window.annotations_panel.text.hasFocus)


def test_another_article_shows_its_own_highlights(window, qtbot, tmp_path):
    highlight(window, "Brussels")
    page = tmp_path / "n.txt"
    page.write_text("Notes\n\nNothing highlighted here.", encoding="utf-8")
    window.open_path(page)
    settle(qtbot, window)
    assert quotes(window) == []


def test_a_highlight_made_in_the_reader_appears_and_undo_removes_it(window, qtbot):
    from PySide6.QtGui import QTextCursor

    reader = window.reader
    text = window.article.text
    start = text.index("Brussels")
    qs, qe = reader.offsets().span_to_qt(start, start + len("Brussels"), reader.base)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(qs)
    cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    window.highlighter.highlight_selection("blue")
    settle(qtbot, window)
    assert [(r["quote"], r["color"]) for r in rows(window)] == [("Brussels", "blue")]
    window.annotations_panel.jump(window.annotations_panel.model.index(0))  # through the margin's own jump
    window.undo_stack.undo()
    settle(qtbot, window)
    assert rows(window) == []


def test_many_highlights_fill_in_slices_in_order_and_changes_meanwhile_are_kept(window, qtbot, monkeypatch):
    import desktop.ui.annotations.panel as module

    panel = window.annotations_panel
    window.annotations_dock.show()
    window.annotations_dock.raise_()
    settle(qtbot, window)
    for quote in ("regional security landscape", "Brussels", "Koji Yamazaki", "first island chain"):
        highlight(window, quote, tags=["t"])
    settle(qtbot, window)
    monkeypatch.setattr("desktop.ui.shell.slices.BUDGET_S", 0.0)  # one step a turn
    monkeypatch.setattr(module, "CHUNK", 1)
    panel.refresh()
    assert panel.filling()  # the rest comes in later turns
    late = highlight(window, "Ukraine" if "Ukraine" in window.article.text else "security")
    settle(qtbot, window)
    expected = sorted(window.highlighter.annotations.records.values(), key=order)
    assert [r["id"] for r in rows(window)] == [r["id"] for r in expected]
    assert late["id"] in {r["id"] for r in rows(window)}
    assert panel.count.text() == "5 highlights"
    panel.tag.setCurrentIndex(panel.tag.findData("t"))
    panel.tag.activated.emit(panel.tag.currentIndex())
    assert len(rows(window)) == 4


def test_order_follows_the_margin_index_at_one_start():
    from desktop.ui.annotations.panel_model import AnnotationsModel

    def rec(hid, start, end, status="anchored"):
        return {"id": hid, "start": start, "end": end, "status": status, "color": "yellow", "quote": "q",
                "note": "", "label": "Key point", "tags": []}

    model = AnnotationsModel()
    records = sorted([rec(1, 5, 9), rec(2, 5, 20), rec(3, 0, 4), rec(4, 0, 0, "orphaned")], key=order)
    model.set_records(records)
    assert [r["id"] for r in model.rows] == [3, 2, 1, 4]  # the longer first at one start, orphans last
    model.put(rec(5, 5, 12), 5)
    model.put(None, 2)
    assert [r["id"] for r in model.rows] == [3, 5, 1, 4]
    model.text = "missing"
    model.refilter()
    assert model.rows == []


def test_highlights_added_behind_another_tab_are_listed_when_the_tab_comes_forward(window, qtbot):
    panel, dock = window.annotations_panel, window.annotations_dock
    dock.show()
    dock.raise_()
    settle(qtbot, window)
    for quote in ("regional security landscape", "Koji Yamazaki", "Brussels"):
        highlight(window, quote)
    settle(qtbot, window)
    window.entity_dock.raise_()  # the Entities tab in front: the list is off screen
    qtbot.waitUntil(lambda: not panel.list.isVisible())
    late = highlight(window, "first island chain", note="Added meanwhile")
    assert late["id"] in {r["id"] for r in rows(window)}  # the list's model still follows
    dock.raise_()
    qtbot.waitUntil(panel.list.isVisible)
    settle(qtbot, window)
    assert panel.count.text() == "4 highlights"
    row = next(i for i, r in enumerate(rows(window)) if r["id"] == late["id"])
    rect = panel.list.visualRect(panel.model.index(row))
    assert rect.height() > 0 and panel.list.indexAt(rect.center()).row() == row
