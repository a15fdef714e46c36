"""The library pane: rows with counts, tags and progress; sorting, filtering, tags and delete with undo."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.store.articles import get_article, list_articles, save_position
from desktop.store.highlights import add_highlight, list_highlights
from desktop.store.library_ops import article_tags
from desktop.ui.library.model import ROW
from desktop.ui.library.undo import delete_with_undo, set_tags_with_undo


def titles(pane) -> list[str]:
    model = pane.model
    return [model.index(i).data(ROW)["title"] for i in range(model.rowCount())]


def add_files(window, tmp_path):
    for name, body in (("b-zebra.md", "# Zebra crossings\n\nStriped roads."),
                       ("a-apple.md", "---\ntitle: Apple orchards\npublished: 2023-09-01\n---\n\nTrees in rows.")):
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        window.open_path(path)


def test_rows_show_counts_tags_and_progress(window, qtbot):
    sample = window.article.id
    text = window.article.text
    add_highlight(window.library, sample, text.index("NATO"), text.index("NATO") + 4, note="why")
    set_tags_with_undo(window, sample, ["japan", "alliances"])
    save_position(window.library, sample, 0, 0.5)  # read half way (the furthest place is kept)
    window.library_changed.emit()
    pane = window.library_pane
    row = pane.model.index(0).data(ROW)
    assert (row["highlights"], row["notes"], row["tags"], row["progress"]) == (1, 1, ["alliances", "japan"], 0.5)
    accessible = pane.model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "1 highlight" in accessible and "1 note" in accessible and "50% read" in accessible
    assert pane.count_label.text() == "1 article"
    # A painted row is several lines tall (title, source and date, counts), not one line of text.
    assert pane.list.visualRect(pane.model.index(0)).height() >= 3 * pane.list.fontMetrics().height()


def test_sort_orders_and_is_remembered(window, tmp_path):
    add_files(window, tmp_path)
    pane = window.library_pane
    pane.set_sort("Title")
    assert titles(pane)[:2] == ["Apple orchards", "Catering to NATO, Japan seeks to move out of Asia and reach for Europe, again"]
    pane.set_sort("Date")
    assert titles(pane)[0] == "Apple orchards"  # 2023 before 2022; undated last
    assert titles(pane)[-1] == "Zebra crossings"
    pane.set_sort("Recent")
    assert titles(pane)[0] == "Apple orchards"  # opened last
    sample = next(r["id"] for r in list_articles(window.library) if r["title"].startswith("Catering"))
    text = get_article(window.library, sample).text
    add_highlight(window.library, sample, 0, 5)
    window.library_changed.emit()
    pane.set_sort("Most annotated")
    assert titles(pane)[0].startswith("Catering")
    assert window.library.setting("library_sort") == "Most annotated"


def test_filter_by_words_and_tag(window, tmp_path, qtbot):
    add_files(window, tmp_path)
    pane = window.library_pane
    zebra = next(r["id"] for r in list_articles(window.library) if r["title"] == "Zebra crossings")
    set_tags_with_undo(window, zebra, ["roads"])
    pane.filter.setText("orchard")
    qtbot.waitUntil(lambda: titles(pane) == ["Apple orchards"])
    assert pane.count_label.text() == "1 of 3 articles"
    pane.filter.setText("#road")
    qtbot.waitUntil(lambda: titles(pane) == ["Zebra crossings"])
    pane.filter.setText("military online")  # the sample's source
    qtbot.waitUntil(lambda: len(titles(pane)) == 1 and titles(pane)[0].startswith("Catering"))
    pane.filter.clear()
    qtbot.waitUntil(lambda: len(titles(pane)) == 3)


def test_enter_in_filter_opens_the_first_match(window, tmp_path, qtbot):
    add_files(window, tmp_path)
    pane = window.library_pane
    pane.filter.setText("zebra")
    qtbot.keyClick(pane.filter, Qt.Key.Key_Return)
    assert window.article.title == "Zebra crossings"


def test_clicking_a_row_opens_the_article(window, tmp_path, qtbot):
    add_files(window, tmp_path)
    pane = window.library_pane
    pane.set_sort("Title")
    rect = pane.list.visualRect(pane.model.index(2))
    qtbot.mouseClick(pane.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.article.title == "Zebra crossings"


def test_delete_with_undo_restores_highlights_and_tags(window, tmp_path, qtbot):
    add_files(window, tmp_path)
    lib = window.library
    sample = next(r["id"] for r in list_articles(lib) if r["title"].startswith("Catering"))
    window.open_article(sample)
    text = window.article.text
    record = add_highlight(lib, sample, text.index("Japan"), text.index("Japan") + 5, note="note", tags=["t"])
    set_tags_with_undo(window, sample, ["keep"])
    assert delete_with_undo(window, sample)
    assert sample not in [r["id"] for r in list_articles(lib)]
    assert window.article is not None and window.article.id != sample  # another article is open
    assert window.library_pane.list.count() == 2
    assert "Deleted" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert sample in [r["id"] for r in list_articles(lib)]
    assert window.article.id == sample
    assert [h["id"] for h in list_highlights(lib, sample)] == [record["id"]]
    assert article_tags(lib, sample) == ["keep"]
    assert window.library_pane.list.count() == 3
    window.undo_stack.redo()
    assert sample not in [r["id"] for r in list_articles(lib)]


def test_delete_key_in_the_list_deletes_the_selected_article(window, tmp_path, qtbot):
    add_files(window, tmp_path)
    pane = window.library_pane
    zebra = next(r["id"] for r in list_articles(window.library) if r["title"] == "Zebra crossings")
    pane.select(zebra)
    pane.list.setFocus()
    qtbot.waitUntil(pane.list.hasFocus)
    qtbot.keyClick(pane.list, Qt.Key.Key_Delete)
    assert zebra not in [r["id"] for r in list_articles(window.library)]
    window.undo_stack.undo()
    assert zebra in [r["id"] for r in list_articles(window.library)]


def test_tags_edit_is_one_undo_step(window):
    sample = window.article.id
    set_tags_with_undo(window, sample, ["one", "two"])
    assert article_tags(window.library, sample) == ["one", "two"]
    assert window.library_pane.model.index(0).data(ROW)["tags"] == ["one", "two"]
    window.undo_stack.undo()
    assert article_tags(window.library, sample) == []
    assert window.library_pane.model.index(0).data(ROW)["tags"] == []


def test_deleting_the_last_article_leaves_an_empty_reader(window):
    sample = window.article.id
    assert delete_with_undo(window, sample)
    assert window.article is None and window.library_pane.list.count() == 0
    assert "open or drop" in window.library_pane.count_label.text()
    window.undo_stack.undo()
    assert window.article.id == sample
