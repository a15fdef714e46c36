"""The window sees what another process writes to the library while it is open."""

from __future__ import annotations

from desktop.core.importers import parse_text
from desktop.store import open_library
from desktop.store.articles import add_article
from desktop.store.highlights import add_highlight


def _pane_titles(window) -> list[str]:
    model = window.library_pane.model
    return [model.index(i, 0).data() or "" for i in range(model.rowCount())]


def test_imports_and_highlights_from_another_process_show_within_seconds(window, qtbot, db_path):
    other = open_library(db_path)  # as `gloss import` and `gloss highlight` would, from outside
    try:
        for i in range(4):
            add_article(other, parse_text(f"Imported {i}\n\nA paragraph about harbour cranes, number {i}.",
                                          ".txt", f"i{i}"))
        text = window.article.text
        start = text.index("NATO")
        record = add_highlight(other, window.article.id, start, start + 4, "green", note="from the CLI")
    finally:
        other.close()
    qtbot.waitUntil(lambda: window.library_pane.model.rowCount() == 5, timeout=5000)
    assert window.library_pane.count_label.text().startswith("5")
    qtbot.waitUntil(lambda: record["id"] in window.highlighter.annotations.records, timeout=5000)


def test_the_window_own_writes_are_not_read_again(window, qtbot):
    live = window.live
    assert not live.poll()  # nothing from outside yet
    text = window.article.text
    start = text.index("NATO")
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(window.reader.to_qt(start))
    cursor.setPosition(window.reader.to_qt(start + 4), QTextCursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)
    window.highlighter.highlight_selection("green")
    assert not live.poll()
