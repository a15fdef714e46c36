"""Shared widget builders: a field's hint is never cut off."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics

from desktop.ui.shell.widgets import search_field


def test_a_hint_is_the_longest_choice_that_fits(qtbot):
    field = search_field(None, "f", "Filter", "Search: words, \"a phrase\", pre*, -not", "Search: words", "Search")
    qtbot.addWidget(field)
    field.show()
    field.resize(600, 30)
    qtbot.wait(1)
    assert field.placeholderText().startswith("Search: words, \"a phrase\"") and not field.toolTip()
    field.resize(150, 30)
    qtbot.wait(1)
    assert field.placeholderText() in ("Search: words", "Search")
    assert QFontMetrics(field.font()).horizontalAdvance(field.placeholderText()) <= 150 - 34
    assert field.toolTip() == "Search: words, \"a phrase\", pre*, -not"  # the whole hint, where it is cut short


def test_the_tags_field_of_a_selected_card_shows_a_whole_hint(window, qtbot):
    from PySide6.QtGui import QTextCursor

    text = window.article.text
    start = text.index("NATO")
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(window.reader.to_qt(start))
    cursor.setPosition(window.reader.to_qt(start + 4), QTextCursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)
    hid = window.highlighter.highlight_selection("green")
    qtbot.waitUntil(lambda: window.margin.card_for(hid) is not None and window.margin.card_for(hid).tags_edit is not None)
    tags = window.margin.card_for(hid).tags_edit
    qtbot.waitUntil(tags.isVisible)
    assert QFontMetrics(tags.font()).horizontalAdvance(tags.placeholderText()) <= tags.width() - 14
