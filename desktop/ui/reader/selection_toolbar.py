"""The small toolbar over a text selection: five colour dots, and "Re-attach here" when an orphan waits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QTextCursor
from PySide6.QtWidgets import QFrame, QGraphicsDropShadowEffect, QHBoxLayout, QToolButton

from ..margin.card import dot_icon
from .view import ReaderView


def swatch(colour: QColor, size: int = 14, ring: QColor | None = None) -> QIcon:
    return dot_icon(colour, size, ring)


class SelectionToolbar(QFrame):
    """Five colour dots (and "Re-attach here" when an orphan waits) floating over a selection."""

    def __init__(self, reader: ReaderView, highlighter) -> None:
        super().__init__(reader.viewport())
        self.reader = reader
        self.highlighter = highlighter
        self.setObjectName("selectionToolbar")
        self.setAccessibleName("Highlight the selection")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setCursor(Qt.CursorShape.ArrowCursor)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(6, 4, 6, 4)
        self.row.setSpacing(4)
        self.buttons: dict[str, QToolButton] = {}
        self.reattach_button = QToolButton(self)
        self.reattach_button.setObjectName("reattachHere")
        self.reattach_button.setText("Re-attach here")
        self.reattach_button.clicked.connect(lambda: highlighter.reattach_here())
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(14)
        shadow.setOffset(0, 2)
        shadow.setColor(QColor(0, 0, 0, 60))
        self.setGraphicsEffect(shadow)
        self.hide()

    def rebuild(self) -> None:
        """The dots for the current colours and theme (made again only when either changed)."""
        theme = self.reader.theme
        made_for = (theme, tuple((c["key"], c["label"], c["light"], c["dark"]) for c in self.highlighter.annotations.colors))
        if made_for == getattr(self, "_made_for", None):
            return
        self._made_for = made_for
        for button in self.buttons.values():
            self.row.removeWidget(button)
            button.deleteLater()
        self.buttons.clear()
        self.row.removeWidget(self.reattach_button)
        dark = bool(theme and theme.dark)
        ann = self.highlighter.annotations
        for i, c in enumerate(ann.colors, 1):
            button = QToolButton(self)
            button.setObjectName(f"highlight_{c['key']}")
            button.setAutoRaise(True)
            button.setIcon(swatch(QColor(c["dark"] if dark else c["light"]), 16))
            button.setToolTip(f"{c['label']}  ({i})")
            button.setAccessibleName(f"Highlight as {c['label']}")
            button.clicked.connect(lambda _c=False, k=c["key"]: self.highlighter.highlight_selection(k))
            self.row.addWidget(button)
            button.show()  # (a child added to a toolbar already shown is hidden until told)
            self.buttons[c["key"]] = button
        self.row.addWidget(self.reattach_button)
        if theme is not None:
            self.setStyleSheet(
                f"#selectionToolbar {{ background: {theme.card}; border: 1px solid {theme.rule}; border-radius: 6px; }}"
                f"QToolButton {{ border: none; padding: 2px; color: {theme.accent}; }}"
                f"QToolButton:hover {{ background: {theme.rule}; border-radius: 4px; }}")

    def show_for_selection(self) -> None:
        reader = self.reader
        cursor = reader.textCursor()
        if not cursor.hasSelection() or reader.selected_span() is None:
            self.hide()
            return
        self.rebuild()
        self.reattach_button.setVisible(self.highlighter.armed_orphan is not None)
        self.adjustSize()
        first, last = reader.selection_bounds()
        start = QTextCursor(cursor)
        start.setPosition(first)
        end = QTextCursor(cursor)
        end.setPosition(last)
        top, bottom = reader.cursorRect(start), reader.cursorRect(end)
        y = top.top() - self.height() - 6
        if y < 2:
            y = bottom.bottom() + 6
        x = min(max(2, top.left() - 8), reader.viewport().width() - self.width() - 2)
        self.move(int(x), int(y))
        self.show()
        self.raise_()
