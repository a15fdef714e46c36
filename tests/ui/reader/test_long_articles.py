"""A book-length article is typeset a slice per event-loop turn, off-screen, and then shown in one
swap: the window stays usable meanwhile, and everything waiting on the open happens once it is shown.
(``SLICED_CHARS`` is lowered here so that a short test article takes the long path.)"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from desktop.core.importers import parse_text
from desktop.store.articles import add_article
from desktop.ui.reader import opening as opening_module
from desktop.ui.shell import slices as slices_module
from desktop.ui.reader.typeset import Typesetter
from desktop.ui.library.search_panel import RESULT

PARAGRAPH = "The harbour authority met on Tuesday to discuss the outer breakwater. "


@pytest.fixture
def long_article(window, monkeypatch):
    monkeypatch.setattr(opening_module, "SLICED_CHARS", 2_000)
    monkeypatch.setattr(slices_module, "BUDGET_S", 0.0)  # one step (8 blocks) per turn
    body = "\n\n".join(f"{i}. {PARAGRAPH * 3}" for i in range(120))
    text = "Harbour Minutes\n\n" + body + "\n\nThe dredging of the outer harbour began in spring."
    article_id, _ = add_article(window.library, parse_text(text, ".txt", "minutes"))
    window.library_changed.emit()
    return article_id


def test_the_previous_article_stays_until_the_long_one_is_shown_in_full(window, qtbot, long_article):
    sample = window.article
    opened, called = [], []
    window.article_opened.connect(opened.append)
    window.open_article(long_article, then=lambda: called.append(window.article.id))
    assert window.opening() and not window.settled()
    assert window.article is sample and window.reader.article is sample
    assert window.reader.document().firstBlock().text() == sample.title  # still on screen
    qtbot.waitUntil(lambda: not window.opening(), timeout=5000)
    assert opened == [long_article] and called == [long_article]
    assert window.article.id == long_article and window.windowTitle().startswith("Harbour Minutes")
    expected = QTextDocument()  # what typesetting it at once makes
    Typesetter(window.reader._font, window.theme, window.reader.line_spacing).build(expected, window.article)
    assert window.reader.document().toPlainText() == expected.toPlainText()
    assert window.reader.document().blockCount() == expected.blockCount()
    qtbot.waitUntil(lambda: not window.reader.layout_pending(), timeout=5000)
    assert window.reader.verticalScrollBar().maximum() > 0  # laid out to its end


def test_opening_another_meanwhile_cancels_the_long_one(window, qtbot, long_article):
    short, _ = add_article(window.library, parse_text("Short Note\n\nOne paragraph.", ".txt", "note"))
    called = []
    window.open_article(long_article, then=lambda: called.append("long"))
    QApplication.processEvents()  # a slice or so done
    assert window.opening()
    window.open_article(short, then=lambda: called.append("short"))
    assert not window.opening() and called == ["short"]  # a short article is shown at once
    qtbot.wait(100)
    assert called == ["short"] and window.article.id == short
    assert window.reader.document().firstBlock().text() == "Short Note"


def test_a_theme_chosen_while_it_is_typeset_is_the_one_it_shows(window, qtbot, long_article):
    window.open_article(long_article)
    window.set_theme("dark")
    qtbot.waitUntil(lambda: not window.opening(), timeout=5000)
    body = window.reader.document().findBlockByNumber(3)
    assert body.charFormat().foreground().color().name() == window.theme.ink == window.reader.theme.ink
    assert window.theme.name == "dark"


def test_a_search_result_in_a_long_article_opens_at_its_passage(window, qtbot, long_article):
    panel = window.search_panel
    window.search_dock.show()
    qtbot.keyClicks(panel.field, "dredging")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    panel.jump(panel.model.index(0).data(RESULT))
    qtbot.waitUntil(lambda: window.article is not None and window.article.id == long_article, timeout=5000)
    marks = window.reader._marks.get("flash", [])
    assert marks, "the passage is flashed once the article is shown"
    cursor = marks[0].cursor
    start, end = window.reader.offsets().span_from_qt(cursor.selectionStart(), cursor.selectionEnd(),
                                                      window.reader.base)
    assert window.article.text[start:end] == "dredging"
    assert 0 <= window.reader.span_rect_top(start) < window.reader.viewport().height()


def test_highlights_of_a_long_article_are_painted_where_they_belong(window, qtbot, long_article):
    from desktop.store.highlights import add_highlight

    window.open_article(long_article)
    qtbot.waitUntil(lambda: not window.opening(), timeout=5000)
    text = window.article.text
    start = text.index("harbour authority")
    add_highlight(window.library, long_article, start, start + len("harbour authority"), "green")
    window.open_article(window.article.id)  # re-read: the long path again, with one highlight
    qtbot.waitUntil(lambda: not window.opening(), timeout=5000)
    records = window.highlighter.annotations.anchored()
    assert [text[r["start"]:r["end"]] for r in records] == ["harbour authority"]
    rects = window.highlighter.painter.rects(records[0])
    assert rects and all(r.width() > 0 for r in rects)
    block = window.reader.document().findBlock(window.reader.to_qt(records[0]["start"]))
    assert "harbour authority" in block.text()  # the quote's own paragraph, in the new document
    box = window.reader.document().documentLayout().blockBoundingRect(block)
    assert box.top() - 4 <= min(r.top() for r in rects) and max(r.bottom() for r in rects) <= box.bottom() + 4


def test_deleting_the_article_being_opened_stops_it(window, qtbot, long_article):
    from desktop.store.articles import last_article

    sample = window.article
    window.open_article(long_article)
    assert window.opening()
    from desktop.ui.library.undo import delete_with_undo

    assert delete_with_undo(window, long_article)
    qtbot.wait(100)
    assert not window.opening()
    assert window.article is not None and window.article.id != long_article
    assert last_article(window.library) != long_article
    assert window.reader.document().firstBlock().text() == window.article.title
    assert window.article.id == sample.id


def test_closing_while_an_article_is_opened_keeps_the_one_last_read(window, qtbot, long_article):
    from desktop.store.articles import last_article

    sample_id = window.article.id
    window.open_article(long_article)
    assert window.opening()
    window.close()
    qtbot.wait(100)
    assert not window.opening() and last_article(window.library) == sample_id


def test_a_result_in_the_open_article_wins_over_an_article_still_opening(window, qtbot, long_article):
    panel = window.search_panel
    window.search_dock.show()
    qtbot.keyClicks(panel.field, "Brussels")  # in the sample, which is open
    qtbot.waitUntil(lambda: any(panel.model.index(i).data(RESULT)["article"] == window.article.id
                                for i in range(panel.model.rowCount())))
    here = next(panel.model.index(i).data(RESULT) for i in range(panel.model.rowCount())
                if panel.model.index(i).data(RESULT)["article"] == window.article.id)
    sample_id = window.article.id
    window.open_article(long_article)
    assert window.opening()
    panel.jump(here)
    qtbot.wait(100)
    assert window.article.id == sample_id and not window.opening()


def test_update_from_file_shows_the_new_text_at_once(window, qtbot, long_article, tmp_path):
    window.open_article(long_article)
    qtbot.waitUntil(lambda: not window.opening(), timeout=5000)
    new = tmp_path / "minutes.txt"
    new.write_text("Harbour Minutes\n\n" + "\n\n".join(f"{i}. Revised. " + PARAGRAPH * 3 for i in range(120)),
                   encoding="utf-8")
    assert window.highlighter.update_from_file(str(new)) is not None
    assert not window.opening()  # no moment where the old text is usable with the new offsets
    assert window.article.text.startswith("0. Revised.")
    assert window.reader.document().findBlockByNumber(2).text().startswith("0. Revised.")


# -- opening far in: laid out down to the place first, under a still image of the view -------------
def _turns_until(condition, most: int = 2000) -> None:
    """Run the event loop one pass at a time until ``condition()`` (each pass: one slice at most)."""
    for _ in range(most):
        if condition():
            return
        QApplication.processEvents()
    raise AssertionError("the condition never held")


@pytest.fixture
def small_steps(monkeypatch):
    from desktop.ui.reader import layout as layout_driver

    monkeypatch.setattr(layout_driver, "STEP_CHARS", 300)  # a few paragraphs laid out per turn
    monkeypatch.setattr(opening_module, "PLACED_CHARS", 1_000)  # these short texts: placed in slices


def test_a_long_article_opens_where_it_was_left(window, qtbot, long_article):
    from desktop.store.articles import reading_position

    sample_id = window.article.id
    window.open_article(long_article)
    qtbot.waitUntil(lambda: not window.opening() and not window.reader.layout_pending(), timeout=5000)
    place = window.article.text.index("100. ")
    window.reader.scroll_to_offset(place)
    window.open_article(sample_id)
    assert abs(reading_position(window.library, long_article) - place) < 80
    window.open_article(long_article)
    qtbot.waitUntil(lambda: not window.opening(), timeout=5000)
    top = window.reader.top_offset()
    assert abs(top - place) < 80, window.article.text[top:top + 20]  # not the top, nor short of it


def test_while_it_is_laid_out_to_its_place_the_previous_article_is_what_shows(window, qtbot, long_article,
                                                                              small_steps):
    from desktop.store.articles import reading_position, save_position

    sample = window.article
    window.reader.scroll_to_offset(sample.text.index("NATO"))
    sample_place = window.reader.top_offset()
    save_position(window.library, long_article, 20_000, 0.8)
    picture = window.reader.viewport().grab().toImage()
    window.open_article(long_article)
    _turns_until(lambda: window.reader.opener.placing())  # typeset; now in the view, under the curtain
    reader = window.reader
    assert reader.opener.curtain is not None and reader.opener.curtain.isVisible()
    assert reader.opener.curtain.pixmap().toImage() == picture  # the sample, as it was on screen
    assert reader.opener.curtain.geometry() == reader.viewport().geometry()
    bar = reader.verticalScrollBar()  # the scroll bar as it was, not the incoming article's length
    assert reader.opener.curtain_bar.isVisible() and reader.opener.curtain_bar.geometry() == bar.geometry()
    assert reader.opener.curtain_bar.parentWidget() is bar.parentWidget()
    assert window.article is sample and window.opening()
    window._save_position()  # the periodic save, meanwhile: the sample's place, not the new article's
    assert abs(reading_position(window.library, sample.id) - sample_place) < 5
    _turns_until(lambda: not window.opening())
    assert reader.opener.curtain is None and reader.opener.curtain_bar is None and reader.viewport().updatesEnabled()
    assert window.article.id == long_article
    assert abs(reader.top_offset() - 20_000) < 400


def test_a_short_article_opened_far_in_is_placed_the_same_way(window, qtbot, monkeypatch, small_steps):
    from desktop.store.articles import save_position

    body = "\n\n".join(f"{i}. {PARAGRAPH * 3}" for i in range(60))
    article_id, _ = add_article(window.library, parse_text("Short Minutes\n\n" + body, ".txt", "short"))
    save_position(window.library, article_id, 8_000, 0.6)
    called = []
    window.open_article(article_id, then=lambda: called.append(window.reader.top_offset()))
    assert window.opening() and window.reader.opener.curtain is not None and not called
    _turns_until(lambda: bool(called))
    assert abs(called[0] - 8_000) < 400 and window.reader.opener.curtain is None


def test_opening_another_while_one_is_placed_shows_that_one_first(window, qtbot, long_article, small_steps):
    from desktop.store.articles import save_position

    sample_id = window.article.id
    save_position(window.library, long_article, 20_000, 0.8)
    opened = []
    window.article_opened.connect(opened.append)
    window.open_article(long_article)
    _turns_until(lambda: window.reader.opener.placing())
    window.open_article(sample_id)  # it is in the view already: it is completed, then left
    assert opened == [long_article]
    _turns_until(lambda: not window.opening())
    assert opened == [long_article, sample_id]
    assert window.article.id == sample_id and window.reader.opener.curtain is None
    assert window.reader.document().firstBlock().text() == window.article.title


def test_closing_while_it_is_placed_keeps_the_one_last_read(window, qtbot, long_article, small_steps):
    from desktop.store.articles import last_article, reading_position, save_position

    sample_id = window.article.id
    save_position(window.library, long_article, 20_000, 0.8)
    window.open_article(long_article)
    _turns_until(lambda: window.reader.opener.placing())
    window.close()
    assert last_article(window.library) == sample_id
    assert reading_position(window.library, long_article) == 20_000
