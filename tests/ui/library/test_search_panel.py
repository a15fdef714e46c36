"""Library search in the window: Ctrl+Shift+F, results as you type, a result opens its passage."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from desktop.core.importers import parse_text
from desktop.store.articles import add_article
from desktop.store.highlights import add_highlight
from desktop.ui.library.search_panel import MARKS, RESULT, snippet_html


def results(panel):
    return [panel.model.index(i).data(RESULT) for i in range(panel.model.rowCount())]


def flash_span(window):
    marks = window.reader._marks.get("flash", [])
    if not marks:
        return None
    c = marks[0].cursor
    return window.reader.offsets().span_from_qt(c.selectionStart(), c.selectionEnd(), window.reader.base)


def test_ctrl_shift_f_shows_the_panel_with_the_cursor_in_the_query(window, qtbot):
    assert not window.search_dock.isVisible() or window.library_dock.isVisible()
    qtbot.keySequence(window, QKeySequence("Ctrl+Shift+F"))
    assert window.search_dock.isVisible()
    qtbot.waitUntil(window.search_panel.field.hasFocus)


def test_typing_searches_and_a_result_opens_the_other_article_at_the_passage(window, qtbot):
    lib = window.library
    other, _ = add_article(lib, parse_text("Harbours\n\n" + "Filler sentence here. " * 200
                                           + "The dredging of the outer harbour began in spring.", ".txt", "h"))
    window.library_changed.emit()
    panel = window.search_panel
    window.search_dock.show()
    qtbot.keyClicks(panel.field, "dredging")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    (hit,) = results(panel)
    assert hit["kind"] == "article" and hit["article"] == other
    assert panel.status.text() == "1 match in 1 article"
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert window.article.id == other
    start, end = flash_span(window)
    assert window.article.text[start:end] == "dredging"
    top = window.reader.span_rect_top(start)
    assert 0 <= top < window.reader.viewport().height()  # the passage is on screen
    qtbot.waitUntil(lambda: flash_span(window) is None, timeout=4000)  # the flash fades


def test_a_note_result_jumps_to_its_highlight(window, qtbot):
    text = window.article.text
    quote = "northern anchorage"
    start = text.index(quote)
    add_highlight(window.library, window.article.id, start, start + len(quote), note="Key metaphor for bases")
    panel = window.search_panel
    panel.field.setText("metaphor")
    panel.run()  # on a worker thread
    qtbot.waitUntil(lambda: not panel.searching() and panel.model.rowCount() > 0)
    (hit,) = results(panel)
    assert hit["kind"] == "note" and hit["quote"] == quote
    panel.open_result(panel.model.index(0))
    assert flash_span(window) == (start, start + len(quote))
    assert 0 <= window.reader.span_rect_top(start) < window.reader.viewport().height()


def test_odd_queries_show_no_matches_and_never_fail(window, qtbot):
    panel = window.search_panel
    for query in ['"', "NEAR(", "*", "-", "zzqx"]:
        panel.field.setText(query)
        panel.run()
        qtbot.waitUntil(lambda: not panel.searching())
        assert panel.model.rowCount() == 0
    assert panel.status.text() == "No matches"
    panel.field.setText("")
    panel.run()
    assert panel.status.text() == ""


def test_snippets_escape_html_and_mark_matches():
    assert snippet_html(f"a <b>&\n{MARKS[0]}x{MARKS[1]}", "#fff") == 'a &lt;b&gt;&amp; <b style="background-color:#fff">x</b>'


def test_deleting_an_article_updates_open_results(window, qtbot):
    from desktop.ui.library.undo import delete_with_undo

    panel = window.search_panel
    panel.field.setText("Yamazaki")
    panel.run()
    qtbot.waitUntil(lambda: not panel.searching())
    assert panel.model.rowCount() >= 1
    delete_with_undo(window, window.article.id)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)


def test_snippet_marks_are_balanced_however_the_snippet_was_cut():
    from desktop.ui.library.search_panel import MARKS, snippet_html

    o, c = MARKS
    html = snippet_html(f"…the {o}alliance{c} and {o}NATO", "#ff0")
    assert html.count("<b ") == html.count("</b>") == 2 and html.endswith("NATO</b>")
    html = snippet_html(f"NATO{c} said <b>not bold</b>", "#ff0")
    assert "</b>" not in html.replace("&lt;/b&gt;", "") and "&lt;b&gt;not bold&lt;/b&gt;" in html


def test_searching_runs_off_the_gui_thread_and_the_latest_query_wins(window, qtbot, monkeypatch):
    """Typing fast: each query goes to a worker; an older one still running is stopped, and only
    the newest query's results are shown."""
    import threading

    from desktop.ui.library import search_panel as module

    threads, real = [], module.search

    def recording(lib, query, **kw):
        threads.append((query, threading.current_thread() is threading.main_thread()))
        return real(lib, query, **kw)

    monkeypatch.setattr(module, "search", recording)
    panel = window.search_panel
    for query in ("Yama", "Yamazaki", "Brussels"):
        panel.field.setText(query)
        panel.run()
    qtbot.waitUntil(lambda: not panel.searching(), timeout=10_000)
    assert threads and all(not on_main for _q, on_main in threads)
    assert {r["title"] for r in results(panel)} and all("Brussels" in r["snippet"].replace(MARKS[0], "").replace(MARKS[1], "")
                                                         or r["kind"] != "article" for r in results(panel))
    assert panel.generation == 3
