"""Find in the open article: a bar under the text with a match count, next and previous.

Matching runs over the article's canonical text in Python (code points, case-insensitive through
``re.IGNORECASE``, which folds case one character to one, so offsets never shift), and the
matches are drawn as the reader's "find" marks; the current one is stronger and scrolled into view.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCharFormat
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QToolButton, QWidget

from ..shell.keys import set_keys
from ..shell.widgets import search_field

MAX_MARKED = 5000  # matches drawn; the count is always exact


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Every non-overlapping case-insensitive occurrence of ``needle`` in ``text``, as code-point spans."""
    if not needle:
        return []
    return [m.span() for m in re.finditer(re.escape(needle), text, re.IGNORECASE)]


class FindBar(QToolBar):
    """The find bar; ``matches`` and ``current`` say what it found and where it is."""

    def __init__(self, window) -> None:
        super().__init__("Find", window)
        self.window_ = window
        self.reader = window.reader
        self.setObjectName("findBar")
        self.setAccessibleName("Find in article")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        label = QLabel("Find", self)
        label.setAccessibleName("Find")
        self.field = search_field(self, "findField", "Text to find in the article", "Find in this article")
        self.field.setMinimumWidth(220)
        self.field.setMaximumWidth(360)
        label.setBuddy(self.field)
        self.count = QLabel(self)
        self.count.setObjectName("findCount")
        self.count.setAccessibleName("Matches found")
        self.count.setMinimumWidth(90)
        self.prev_button = self._button("‹ Previous", "Previous match", self.find_previous)
        self.next_button = self._button("Next ›", "Next match", self.find_next)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.close_button = self._button("✕", "Close the find bar", self.close_bar)
        for widget in (label, self.field, self.count, self.prev_button, self.next_button, spacer, self.close_button):
            self.addWidget(widget)
        overflow = self.findChild(QToolButton, "qt_toolbar_ext_button")
        if overflow is not None:
            overflow.setAccessibleName("More find controls")
        self._timer = QTimer(self, singleShot=True, interval=60)
        self._timer.timeout.connect(self.run)
        self.field.textChanged.connect(lambda _t: self._timer.start())
        self.field.installEventFilter(self)
        self.hide()

    def _button(self, text: str, name: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(name)
        button.setAccessibleName(name)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # -- showing -------------------------------------------------------------------------------
    def open_bar(self) -> None:
        """Show the bar and focus the field; a short selection in the text becomes the query."""
        selected = self.reader.textCursor().selectedText()
        if selected and len(selected) <= 80 and "\u2029" not in selected:
            self.field.setText(selected)
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self._timer.stop()
        self.run()

    def close_bar(self) -> None:
        self.hide()
        self.matches, self.current = [], -1
        self.reader.set_marks("find", [])
        self.reader.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if obj is self.field and event.type() == event.Type.KeyPress:
            key, mods = event.key(), event.modifiers()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():
                    self._timer.stop()
                    self.run()
                (self.find_previous if mods & Qt.KeyboardModifier.ShiftModifier else self.find_next)()
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(obj, event)

    # -- finding -------------------------------------------------------------------------------
    def run(self) -> None:
        """Find the field's text anew; the current match is the first one at or after the view's top."""
        article = self.reader.article
        needle = self.field.text()
        self.matches = find_all(article.text, needle) if article is not None else []
        self.current = -1
        if self.matches:
            top = self.reader.top_offset()
            self.current = next((i for i, (s, _e) in enumerate(self.matches) if s >= top), 0)
        self._paint()
        if self.current >= 0:
            self._reveal()

    def find_next(self) -> None:
        self._step(+1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self.isVisible():
            self.open_bar()
            return
        if not self.matches:
            return
        self.current = (self.current + delta) % len(self.matches)
        self._paint()
        self._reveal()

    def _paint(self) -> None:
        theme = self.window_.theme
        every, this = QTextCharFormat(), QTextCharFormat()
        every.setBackground(QColor(theme.find))  # neutral and underlined: never mistaken for a highlight
        every.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        every.setUnderlineColor(QColor(theme.find_current))
        this.setBackground(QColor(theme.find_current))
        this.setForeground(QColor(theme.ink))
        marks = []
        if self.matches:
            lo = max(0, min(self.current - MAX_MARKED // 2, len(self.matches) - MAX_MARKED))
            for i in range(lo, min(len(self.matches), lo + MAX_MARKED)):
                if i != self.current:
                    marks.append(self.reader.mark(*self.matches[i], every))
            marks.append(self.reader.mark(*self.matches[self.current], this))  # last: drawn on top
        self.reader.set_marks("find", marks)
        self._show_count()

    def _show_count(self) -> None:
        if not self.field.text():
            text, empty = "", False
        elif not self.matches:
            text, empty = "No matches", True
        else:
            text, empty = f"{self.current + 1} of {len(self.matches)}", False
        self.count.setText(text)
        self.count.setAccessibleDescription(text)
        if self.count.property("empty") != empty:
            self.count.setProperty("empty", empty)
            self.count.style().unpolish(self.count)
            self.count.style().polish(self.count)

    def _reveal(self) -> None:
        """Scroll the current match into view, a third of the way down if it was out of sight."""
        start, _end = self.matches[self.current]
        top = self.reader.span_rect_top(start)
        height = self.reader.viewport().height()
        line = self.reader.fontMetrics().height()
        if top < line or top > height - 2 * line:
            bar = self.reader.verticalScrollBar()
            bar.setValue(bar.value() + top - height // 3)

    def on_article_opened(self, _article_id: int) -> None:
        if self.isVisible():
            self.run()
        else:
            self.matches, self.current = [], -1


def install(window) -> None:
    """Edit ▸ Find in Article (Ctrl+F), Find Next (Ctrl+G), Find Previous (Ctrl+Shift+G)."""
    bar = FindBar(window)
    window.find_bar = bar
    window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, bar)
    bar.hide()
    window.article_opened.connect(bar.on_article_opened)
    window.edit_menu.addSeparator()
    for text, name, keys, slot in (
        ("&Find in Article…", "find_in_article", [QKeySequence.StandardKey.Find], bar.open_bar),
        ("Find &Next", "find_next", ["Ctrl+G"], bar.find_next),  # F3 is the entity sidebar's
        ("Find Pre&vious", "find_previous", ["Ctrl+Shift+G"], bar.find_previous),
    ):
        action = QAction(text, window)
        action.setObjectName(name)
        set_keys(action, *keys)
        action.triggered.connect(slot)
        window.edit_menu.addAction(action)
