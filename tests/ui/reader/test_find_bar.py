"""Find in the article: Ctrl+F opens a bar, matches are counted and marked, Enter and Ctrl+G step through."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QKeySequence
from PySide6.QtWidgets import QApplication

from desktop.core.importers import parse_text
from desktop.store.articles import add_article
from desktop.ui.reader.find_bar import find_all


def find_marks(window):
    return window.reader._marks.get("find", [])


def type_into(qtbot, field, text):
    field.clear()
    qtbot.keyClicks(field, text)


def test_find_all_is_case_insensitive_in_code_points():
    text = "NATO and nato; Straße. 🙂 nato"
    assert find_all(text, "nato") == [(0, 4), (9, 13), (25, 29)]
    assert text[25:29] == "nato"  # the emoji counts as one code point
    assert find_all(text, "STRASSE") == []  # no length-changing folds: offsets stay exact
    assert find_all(text, "straße") == [(15, 21)]
    assert find_all(text, "") == [] and find_all(text, "(") == []


def test_ctrl_f_opens_the_bar_counts_and_marks(window, qtbot):
    bar = window.find_bar
    assert not bar.isVisible()
    qtbot.keySequence(window, QKeySequence(QKeySequence.StandardKey.Find))
    assert bar.isVisible()
    qtbot.waitUntil(bar.field.hasFocus)
    type_into(qtbot, bar.field, "nato")
    expected = window.article.text.lower().count("nato")
    qtbot.waitUntil(lambda: len(bar.matches) == expected)
    assert expected > 5
    assert bar.count.text() == f"1 of {expected}"
    marks = find_marks(window)
    assert len(marks) == expected
    start, end = bar.matches[0]
    # The marks cover exactly the matched words in the document.
    assert {m.cursor.selectedText().lower() for m in marks} == {"nato"}
    assert window.reader.offsets().span_from_qt(marks[-1].cursor.selectionStart(), marks[-1].cursor.selectionEnd(),
                                                window.reader.base) == (start, end)


def test_enter_and_ctrl_g_step_forward_shift_steps_back_and_wrap(window, qtbot):
    bar = window.find_bar
    bar.open_bar()
    type_into(qtbot, bar.field, "Japan")
    qtbot.waitUntil(lambda: bar.matches != [])
    total = len(bar.matches)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count.text() == f"2 of {total}"
    qtbot.keySequence(window, QKeySequence("Ctrl+G"))
    assert bar.current == 2
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keySequence(window, QKeySequence("Ctrl+Shift+G"))
    assert bar.current == 0
    qtbot.keySequence(window, QKeySequence("Ctrl+Shift+G"))
    assert bar.count.text() == f"{total} of {total}"  # wraps to the last


def test_the_current_match_is_scrolled_into_view(window, qtbot):
    bar = window.find_bar
    bar.open_bar()
    type_into(qtbot, bar.field, "Japan")
    qtbot.waitUntil(lambda: bar.matches != [])
    bar.find_previous()  # the last match, far down the article
    start, _end = bar.matches[bar.current]
    top = window.reader.span_rect_top(start)
    assert 0 <= top <= window.reader.viewport().height()
    assert window.reader.verticalScrollBar().value() > 0


def test_no_match_says_so_and_escape_closes_and_clears(window, qtbot):
    bar = window.find_bar
    bar.open_bar()
    type_into(qtbot, bar.field, "zzqx")
    qtbot.waitUntil(lambda: bar.count.text() == "No matches")
    assert bar.count.property("empty") is True
    assert find_marks(window) == []
    type_into(qtbot, bar.field, "asia")
    qtbot.waitUntil(lambda: bar.matches != [])
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and find_marks(window) == []


def test_non_ascii_query_and_text_outside_the_bmp(window, qtbot):
    lib = window.library
    article_id, _ = add_article(lib, parse_text("Unicode\n\n🙂 Café au lait, then CAFÉ again, 東京 and 東京.", ".txt", "u"))
    window.open_article(article_id)
    bar = window.find_bar
    bar.open_bar()
    bar.field.clear()
    event = QInputMethodEvent()
    event.setCommitString("café")
    QApplication.sendEvent(bar.field, event)
    assert bar.field.text() == "café"
    qtbot.waitUntil(lambda: len(bar.matches) == 2)
    text = window.article.text
    assert [text[s:e] for s, e in bar.matches] == ["Café", "CAFÉ"]
    assert {m.cursor.selectedText() for m in find_marks(window)} == {"Café", "CAFÉ"}
    bar.field.setText("東京")
    qtbot.waitUntil(lambda: len(bar.matches) == 2)


def test_a_new_article_re_runs_an_open_find(window, qtbot, tmp_path):
    bar = window.find_bar
    bar.open_bar()
    type_into(qtbot, bar.field, "dredging")
    qtbot.waitUntil(lambda: bar.count.text() == "No matches")
    page = tmp_path / "d.txt"
    page.write_text("Dredging\n\nDredging the harbour, more dredging.", encoding="utf-8")
    window.open_path(page)
    assert len(bar.matches) == 2
