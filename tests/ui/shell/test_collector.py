"""Full garbage collections wait while the window is busy (an article opening, lists filling)."""

from __future__ import annotations

import gc

from desktop.ui.shell.collector import FULL_AFTER, Collector


class Cycle:
    def __init__(self) -> None:
        self.me = self


def _make_a_full_pass_due() -> None:
    """Survivors enough to promote into the oldest generation, as opening a long article makes."""
    keep = [[Cycle() for _ in range(200)] for _ in range(400)]
    while gc.get_count()[2] < FULL_AFTER:
        keep.append([Cycle() for _ in range(200)])
        gc.collect(1)
    del keep


def test_a_full_pass_waits_while_busy_and_runs_after(qtbot):
    busy = [True]
    collector = Collector(lambda: busy[0])
    try:
        assert gc.get_threshold()[2] > 10**6  # CPython no longer starts full passes itself
        _make_a_full_pass_due()
        assert collector.due()
        assert not collector.collect_if_due() and gc.get_count()[2] >= FULL_AFTER  # held back
        busy[0] = False
        assert collector.collect_if_due()
        assert gc.get_count()[2] == 0 and not collector.due()
    finally:
        collector.deleteLater()
        qtbot.waitUntil(lambda: gc.get_threshold()[2] == FULL_AFTER)


def test_the_window_is_busy_while_a_long_article_is_typeset(window, qtbot, monkeypatch):
    from desktop.core.importers import parse_text
    from desktop.store.articles import add_article
    from desktop.ui.reader import opening as opening_module
    from desktop.ui.shell import slices as slices_module

    monkeypatch.setattr(opening_module, "SLICED_CHARS", 2_000)
    monkeypatch.setattr(slices_module, "BUDGET_S", 0.0)
    article_id, _ = add_article(window.library, parse_text("Minutes\n\n" + "A line of text here. " * 2000,
                                                           ".txt", "m"))
    qtbot.waitUntil(lambda: not window.busy(), timeout=10_000)
    window.open_article(article_id)
    assert window.busy()
    qtbot.waitUntil(lambda: not window.busy(), timeout=10_000)
    assert window.article.id == article_id


def test_the_window_is_busy_for_a_moment_after_each_action(window, qtbot):
    """Scrolling and every undoable action hold full collections back for a moment."""
    qtbot.waitUntil(lambda: not window.busy(), timeout=10_000)
    text = window.article.text
    start = text.index("NATO")
    window.reader.verticalScrollBar().setValue(window.reader.verticalScrollBar().value() + 40)
    assert window.busy()  # scrolling: a full collection would interrupt it
    qtbot.waitUntil(lambda: not window.busy(), timeout=5_000)
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(window.reader.to_qt(start))
    cursor.setPosition(window.reader.to_qt(start + 4), QTextCursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)
    window.highlighter.highlight_selection("green")  # one undo step
    assert window.busy()
    qtbot.waitUntil(lambda: not window.busy(), timeout=5_000)


def test_a_full_pass_held_back_too_long_runs_in_a_pause_of_the_users_actions(qtbot, monkeypatch):
    from desktop.ui.shell import collector as module

    monkeypatch.setattr(module, "MOST_HELD_S", 0.0)  # held back long enough already
    acting = [True]
    collector = Collector(lambda: True, acting=lambda: acting[0])  # work under way, for ever
    try:
        _make_a_full_pass_due()
        assert not collector.collect_if_due()  # the user is acting: still not now
        acting[0] = False
        assert collector.collect_if_due() and not collector.due()
    finally:
        collector.deleteLater()
        qtbot.waitUntil(lambda: gc.get_threshold()[2] == FULL_AFTER)
