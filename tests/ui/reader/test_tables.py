"""Tables in the reader: a real table (header, spans, within the column), and everything that lands
on characters — selecting across cells, highlights, their painting and margin place, find, entity
marks, jumps — lands on the right ones inside it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QKeySequence, QMouseEvent, QTextCursor, QTextTable
from PySide6.QtWidgets import QApplication

from desktop.store.highlights import list_highlights
from desktop.store.search import search

PAGE = """<html><head><title>Port of Rotterdam figures</title></head><body><article>
<h1>Port of Rotterdam figures</h1>
<p>The port handled record volumes in 2023, according to the authority's annual report published in
February. Its container terminals were busier than ever before, and the cranes worked around the clock.</p>
<table>
<thead><tr><th>Terminal</th><th>Cranes</th><th>Operator</th><th>Notes</th></tr></thead>
<tbody><tr><td>Maasvlakte</td><td>42</td><td><b>APM</b> Terminals</td><td>The largest terminal in Europe, fully
automated since 2015, with remote-controlled ship-to-shore cranes and automated guided vehicles moving
containers between the quay and the stack.</td></tr>
<tr><td>Waalhaven</td><td>17</td><td>Rotterdam Shortsea</td><td>Short-sea and feeder traffic.</td></tr>
<tr><td>Eemhaven</td><td></td><td>Uniport</td><td>Multipurpose</td></tr>
<tr><td colspan="2">Total</td><td>62</td><td></td></tr></tbody></table>
<p>Officials said the expansion would continue through 2030, with new quays planned on the
Maasvlakte and further automation of the terminals already working there.</p>
</article></body></html>"""


def opened(window, tmp_path):
    page = tmp_path / "ports.html"
    page.write_text(PAGE, encoding="utf-8")
    window.open_path(page)
    window.reader.finish_layout()
    return window.reader


def the_table(reader) -> QTextTable:
    [table] = [f for f in reader.document().rootFrame().childFrames() if isinstance(f, QTextTable)]
    return table


def point_at(reader, cp: int) -> QPoint:
    """The viewport point just right of the cursor position before code point ``cp``, mid-line."""
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.to_qt(cp))
    rect = reader.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def mouse(reader, kind, pos: QPoint, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, QPointF(pos), QPointF(reader.viewport().mapToGlobal(pos)), button, held, modifiers)
    QApplication.sendEvent(reader.viewport(), event)


def drag(reader, qtbot, a: int, b: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A left-button drag over the text, from code point ``a`` to ``b``, through a point between."""
    start, end = point_at(reader, a), point_at(reader, b)
    mouse(reader, QEvent.Type.MouseButtonPress, start, modifiers)
    mouse(reader, QEvent.Type.MouseMove, (start + end) / 2, modifiers)
    mouse(reader, QEvent.Type.MouseMove, end, modifiers)
    mouse(reader, QEvent.Type.MouseButtonRelease, end, modifiers)
    qtbot.wait(10)


def test_the_table_is_a_table_with_its_header_spans_and_the_columns_width(window, tmp_path):
    reader = opened(window, tmp_path)
    table = the_table(reader)
    assert (table.rows(), table.columns()) == (5, 4)
    assert table.cellAt(4, 0).columnSpan() == 2  # "Total" spans two columns, as in the page
    cell = table.cellAt(0, 1)
    assert cell.firstCursorPosition().block().text() == "Cranes"
    assert cell.format().background().color() == QColor(window.theme.chrome)  # a header cell
    assert table.cellAt(1, 1).format().background().style() == Qt.BrushStyle.NoBrush
    # Never wider than the text column: the long cell wraps instead.
    frame = reader.document().documentLayout().frameBoundingRect(table)
    assert frame.width() <= reader.lineWrapColumnOrWidth() - 2 * reader.document().documentMargin() + 1
    long_cell = table.cellAt(1, 3).firstCursorPosition().block()
    assert long_cell.layout().lineCount() > 2


def test_dragging_from_one_cell_to_another_highlights_the_text_between(window, qtbot, tmp_path):
    reader = opened(window, tmp_path)
    text = reader.article.text
    a, b = text.index("vlakte"), text.index("APM Terminals") + 8  # inside "Maasvlakte" ... inside "APM Terminals"
    drag(reader, qtbot, a, b, Qt.KeyboardModifier.AltModifier)  # Alt: exactly what was dragged
    # Qt's own selection would be a rectangle of whole cells; the reader's is the text between.
    assert reader.textCursor().hasComplexSelection()
    assert reader.selected_span() == (a, b)
    assert text[a:b] == "vlakte\n42\nAPM Term"
    pieces = reader._marks["reading selection"]  # drawn cell by cell, none of them a rectangle
    assert [p.cursor.selectedText() for p in pieces] == ["vlakte", "42", "APM Term"]
    assert not any(p.cursor.hasComplexSelection() for p in pieces)
    QApplication.clipboard().clear()
    qtbot.keySequence(reader, QKeySequence(QKeySequence.StandardKey.Copy))
    assert QApplication.clipboard().text() == "vlakte\n42\nAPM Term"
    qtbot.keyClick(reader, Qt.Key.Key_2)
    [record] = list_highlights(window.library, window.article.id)
    assert (record["start"], record["end"], record["quote"]) == (a, b, "vlakte\n42\nAPM Term")
    # Painted cell by cell, each piece on its own cell's words, side by side in the row.
    rects = window.highlighter.painter.rects(record)
    assert len(rects) == 3 and rects[0].right() < rects[1].left() < rects[1].right() < rects[2].left()
    assert max(r.top() for r in rects) - min(r.top() for r in rects) < 2
    assert "reading selection" not in reader._marks  # the selection is gone with Qt's


def test_a_drag_across_cells_takes_whole_words_and_a_drag_out_of_the_table_too(window, qtbot, tmp_path):
    reader = opened(window, tmp_path)
    text = reader.article.text
    drag(reader, qtbot, text.index("haven"), text.index("tsea"))  # "Waal|haven" ... "Shor|tsea"
    start = text.index("Waalhaven")
    assert reader.selected_span() == (start, text.index("Shortsea") + len("Shortsea"))
    # From a cell out to the paragraph after the table: not the whole table, the text between.
    a, b = text.index("Uniport"), text.index("expansion")
    drag(reader, qtbot, a, b + 3, Qt.KeyboardModifier.AltModifier)
    assert reader.selected_span() == (a, b + 3)
    qtbot.keyClick(reader, Qt.Key.Key_1)
    [record] = list_highlights(window.library, window.article.id)
    assert record["quote"] == text[a:b + 3] and record["quote"].startswith("Uniport\nMultipurpose\nTotal\n62\n")


def test_shift_arrows_select_across_a_cell_boundary_exactly(window, qtbot, tmp_path):
    reader = opened(window, tmp_path)
    text = reader.article.text
    start = text.index("haven\n17")  # in "Waalhaven", five characters before its cell ends
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.to_qt(start))
    reader.setTextCursor(cursor)
    reader.setFocus()
    for _ in range(8):  # "haven", the cell boundary, "17"
        qtbot.keyClick(reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert reader.selected_span() == (start, start + 8) and text[start:start + 8] == "haven\n17"
    qtbot.keyClick(reader, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)  # back into the "17" cell's start
    assert reader.selected_span() == (start, start + 7)
    qtbot.keyClick(reader, Qt.Key.Key_3)
    [record] = list_highlights(window.library, window.article.id)
    assert record["quote"] == "haven\n1"


def test_a_highlight_in_a_cell_is_painted_on_its_words_clicked_and_placed_in_the_margin(window, qtbot, tmp_path):
    reader = opened(window, tmp_path)
    text = reader.article.text
    start = text.index("Shortsea")
    reader.select_span(start, start + len("Shortsea"))
    qtbot.keyClick(reader, Qt.Key.Key_4)
    [record] = list_highlights(window.library, window.article.id)
    assert record["quote"] == "Shortsea"
    [rect] = window.highlighter.painter.rects(record)
    scroll = QPoint(reader.horizontalScrollBar().value(), reader.verticalScrollBar().value())
    first, last = QTextCursor(reader.document()), QTextCursor(reader.document())
    first.setPosition(reader.to_qt(start))
    last.setPosition(reader.to_qt(start + len("Shortsea")))
    assert abs(rect.left() - (reader.cursorRect(first).left() + scroll.x())) <= 1
    assert abs(rect.right() - (reader.cursorRect(last).left() + scroll.x())) <= 1
    assert abs(rect.center().y() - (reader.cursorRect(first).center().y() + scroll.y())) <= 3
    # The margin places its card level with the line, in the cell's row.
    assert abs(reader.line_top_in_document(start) - (reader.cursorRect(first).top() + scroll.y())) <= 2
    # Clicking the word selects the highlight.
    window.highlighter.annotations.select(None)
    centre = rect.center().toPoint() - scroll
    assert window.highlighter.painter.hit(centre)["id"] == record["id"]
    # And it is drawn: its colour is on the page there.
    page = QColor(window.theme.page)
    assert reader.viewport().grab().toImage().pixelColor(centre + QPoint(0, 3)) != page


def test_find_entity_marks_and_jumps_land_on_the_words_in_a_cell(window, qtbot, tmp_path):
    reader = opened(window, tmp_path)
    text = reader.article.text
    bar = window.find_bar
    qtbot.keySequence(window, QKeySequence(QKeySequence.StandardKey.Find))
    qtbot.waitUntil(bar.field.hasFocus)
    qtbot.keyClicks(bar.field, "feeder")
    qtbot.waitUntil(lambda: len(bar.matches) == 1)
    [mark] = reader._marks["find"]
    assert mark.cursor.selectedText() == "feeder"
    # An entity's mentions, one in a cell and one in the paragraph after the table.
    nav = window.entities
    qtbot.waitUntil(lambda: nav.final and window.settled(), timeout=60_000)
    [entity] = [e for e in nav.entities if e.name == "Maasvlakte"]
    nav.marks.select_entity(entity)
    assert [m.cursor.selectedText() for m in reader._marks["entity"]] == ["Maasvlakte", "Maasvlakte"]
    # A jump to the passage: it is where the view says it is, and a flash over two cells is two pieces.
    cp = text.index("Rotterdam Shortsea")
    reader.centre_on(cp)
    assert reader.from_qt(reader.cursorForPosition(point_at(reader, cp)).position()) == cp
    reader.flash(cp, text.index("feeder"))
    pieces = reader._marks["flash"]
    assert [p.cursor.selectedText() for p in pieces] == ["Rotterdam Shortsea", "Short-sea and "]
    # A library search's result opens at its word in the cell.
    [hit] = [h for h in search(window.library, "feeder") if h["kind"] == "article" and h["article"] == window.article.id]
    window.show_passage(start=hit["start"], end=hit["end"])
    assert [p.cursor.selectedText() for p in reader._marks["flash"]] == ["feeder"]
    assert reader.from_qt(reader.cursorForPosition(point_at(reader, hit["start"])).position()) == hit["start"]


def test_note_cards_sit_level_with_their_passages_in_the_table(window, qtbot, tmp_path):
    from desktop.store.highlights import add_highlight

    reader = opened(window, tmp_path)
    text = reader.article.text
    for quote in ("Rotterdam Shortsea", "feeder traffic", "Multipurpose"):  # two cells of one row, one below
        start = text.index(quote)
        add_highlight(window.library, window.article.id, start, start + len(quote), "green", f"On {quote}")
    window.open_article(window.article.id)
    reader.finish_layout()
    reader.centre_on(text.index("Eemhaven"))
    margin = window.margin
    qtbot.waitUntil(lambda: len([e for e in margin.entries if e.kind == "note"]) == 3)
    QApplication.processEvents()
    scroll = reader.verticalScrollBar().value()
    ideal = {e.record["quote"]: e.ideal for e in margin.entries if e.kind == "note"}
    for quote, top in ideal.items():  # each card's place: its passage's line, in its cell's row
        assert abs(top - (reader.span_rect_top(text.index(quote)) + scroll)) <= 2, quote
    assert ideal["Rotterdam Shortsea"] == ideal["feeder traffic"] < ideal["Multipurpose"]
    shortsea = [r for r in list_highlights(window.library, window.article.id) if r["quote"] == "Rotterdam Shortsea"][0]
    card = margin.card_for(shortsea["id"])  # the first of them is right beside its passage
    assert card.isVisible() and abs(card.geometry().top() - reader.span_rect_top(shortsea["start"])) <= 3
