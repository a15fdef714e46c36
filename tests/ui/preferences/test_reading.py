"""Reading settings from the keyboard: what the status bar says when the window has no more room."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_wider_lines_says_why_nothing_changes_when_the_window_is_full(window, qtbot):
    reader = window.reader
    window.resize(1400, 900)
    qtbot.wait(20)
    for _ in range(8):  # far past what fits beside both panes and the margin
        qtbot.keyClick(reader, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    message = window.statusBar().currentMessage()
    assert reader.fitted_chars() < reader.measure_chars
    assert f"room for {reader.fitted_chars()}" in message and "hide a pane" in message


def test_wider_lines_at_the_default_measure_just_reports_it(window, qtbot):
    window.resize(1600, 900)
    window.library_dock.hide()
    window.entity_dock.hide()
    qtbot.wait(20)
    qtbot.keyClick(window.reader, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == f"Line width {window.reader.measure_chars} characters"
    assert abs(window.reader.fitted_chars() - window.reader.measure_chars) <= 1
