"""A selection across table cells in reading order, as a reader expects it, not Qt's rectangle of cells.

Qt selects from one table cell to another as a rectangle of whole cells, and from outside a table
into it as the whole table; its cursor then no longer says where the selection began and ended. A
reader dragging from the middle of one cell to the middle of another means the text between the
two points, as a browser selects it: the rest of the first cell, the cells between (row by row), the
start of the last. ``ReadingSelection`` keeps those two ends (document positions, as the mouse or
the keys put them), draws that span in the selection's colour, cell by cell, with Qt's own selection
hidden, and the view's ``selected_span`` (so highlighting, copying, adding an entity) uses it.
Inside one cell, or with no table involved, Qt's selection is left as it is.
"""

from __future__ import annotations

import functools

from PySide6 import QtCore
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from ..shell.theme import Theme

LAYER = "reading selection"


@functools.cache
def moves() -> tuple:
    """(the standard key that extends a selection, the cursor move it makes). Built at the first
    key press: ``QKeySequence``'s enums cost ~1.3 ms, which start-up need not pay before its paint."""
    from PySide6.QtGui import QKeySequence

    key, move = QKeySequence.StandardKey, QTextCursor.MoveOperation
    return ((key.SelectNextChar, move.NextCharacter), (key.SelectPreviousChar, move.PreviousCharacter),
            (key.SelectNextWord, move.NextWord), (key.SelectPreviousWord, move.PreviousWord),
            (key.SelectNextLine, move.Down), (key.SelectPreviousLine, move.Up),
            (key.SelectStartOfLine, move.StartOfLine), (key.SelectEndOfLine, move.EndOfLine),
            (key.SelectStartOfBlock, move.StartOfBlock), (key.SelectEndOfBlock, move.EndOfBlock),
            (key.SelectStartOfDocument, move.Start), (key.SelectEndOfDocument, move.End))


def selection_wash(theme: Theme) -> QColor:
    """The reader's selection colour: the accent, a third of the way over the page."""
    a, p = QColor(theme.accent), QColor(theme.page)
    mix = 0.42 if theme.dark else 0.3
    return QColor(*(round(x * mix + y * (1 - mix)) for x, y in
                    ((a.red(), p.red()), (a.green(), p.green()), (a.blue(), p.blue()))))


class Mark(QTextEdit.ExtraSelection):
    """An extra selection that keeps its true ends: Qt's cursor over two table cells does not (it
    snaps to whole cells), so ``by_block`` cuts the mark from these."""

    def __init__(self, doc: QTextDocument, qs: int, qe: int, fmt) -> None:
        super().__init__()
        self.bounds = (qs, qe)
        cursor = QTextCursor(doc)
        cursor.setPosition(qs)
        cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
        self.cursor = cursor
        self.format = fmt


def by_block(sel: QTextEdit.ExtraSelection) -> list[QTextEdit.ExtraSelection]:
    """An extra selection cut at block boundaries: pieces that never cross a table cell."""
    cursor = sel.cursor
    qs, qe = getattr(sel, "bounds", None) or (cursor.selectionStart(), cursor.selectionEnd())
    doc = cursor.document()
    block = doc.findBlock(qs)
    if not block.isValid() or qe <= block.position() + block.length() - 1:
        return [sel]
    out = []
    while block.isValid() and block.position() < qe:
        a, b = max(qs, block.position()), min(qe, block.position() + block.length() - 1)
        if b > a:
            out.append(Mark(doc, a, b, sel.format))
        block = block.next()
    return out


class ReadingSelection:
    """The ends of a selection that crosses table cells, for one ``ReaderView``."""

    def __init__(self, view) -> None:
        self.view = view
        self.ends: tuple[int, int] | None = None  # (anchor, position), document positions
        self._seen: tuple[int, int] | None = None  # Qt's cursor (anchor, position) when they were set
        self.drag_anchor: int | None = None  # where a left-button drag began
        self._busy = False  # the view is moving Qt's cursor on our behalf: its signals are ours
        view.selectionChanged.connect(self._on_selection_changed)

    def _tables(self) -> bool:
        article = self.view.article
        return article is not None and article.has_tables

    # -- where a selection's ends are -----------------------------------------------------------
    def cell(self, pos: int) -> tuple[int, int, int] | None:
        """The table cell holding document position ``pos`` (table, row, column), None outside tables."""
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(max(0, min(pos, self.view.document().characterCount() - 1)))
        table = cursor.currentTable()
        if table is None:
            return None
        cell = table.cellAt(cursor.position())
        return (table.firstPosition(), cell.row(), cell.column())

    def track(self, anchor: int, position: int) -> None:
        """The selection now runs from ``anchor`` to ``position`` (Qt's cursor already moved there as
        best it can): kept in reading order when it crosses a cell or a table's edge."""
        if not self._tables() or anchor == position or self.cell(anchor) == self.cell(position):
            self.clear()
            return
        hidden = self.ends is not None
        self.ends = (anchor, position)
        cursor = self.view.textCursor()
        self._seen = (cursor.anchor(), cursor.position())
        fmt = QTextCharFormat()
        fmt.setBackground(selection_wash(self.view.theme))
        sel = Mark(self.view.document(), min(anchor, position), max(anchor, position), fmt)
        self.view.set_marks(LAYER, [sel])  # drawn block by block, never as a rectangle
        if not hidden:
            self.view.restyle_selection()  # Qt's own selection (the rectangle) drawn in no colour

    def clear(self) -> None:
        if self.ends is None:
            return
        self.ends = self._seen = None
        self.view.set_marks(LAYER, [])
        self.view.restyle_selection()

    def _on_selection_changed(self) -> None:
        if self.ends is None or self._busy or self.drag_anchor is not None:
            return
        cursor = self.view.textCursor()
        if (cursor.anchor(), cursor.position()) != self._seen:
            self.clear()  # Qt's cursor moved another way (a click, a key, the program): the ends are gone

    def moving(self, busy: bool) -> None:
        self._busy = busy

    # -- input ----------------------------------------------------------------------------------
    def on_press(self, event) -> None:
        """Before Qt handles a press: where the drag it starts is anchored (Shift extends)."""
        if event.button() != QtCore.Qt.MouseButton.LeftButton or not self._tables():
            self.drag_anchor = None
            return
        view = self.view
        hit = view.cursorForPosition(event.position().toPoint()).position()
        cursor = view.textCursor()
        if event.modifiers() & QtCore.Qt.KeyboardModifier.ShiftModifier and cursor.hasSelection():
            self.drag_anchor = self.ends[0] if self.ends is not None else cursor.anchor()
        else:
            self.drag_anchor = hit

    def on_move(self, event) -> None:
        """After Qt moved its cursor for a drag (or its end): the selection to the point under the mouse."""
        if self.drag_anchor is None:
            return
        self.track(self.drag_anchor, self.view.cursorForPosition(event.position().toPoint()).position())

    def moved_by_key(self, event) -> tuple[int, int] | None:
        """Before Qt handles a key: the selection's ends after it, if it is a key that extends a
        selection (Shift+arrows and the like), moved from the true end rather than from Qt's."""
        if not self._tables():
            return None
        for key, move in moves():
            if event.matches(key):
                qt = self.view.textCursor()
                anchor, position = self.ends if self.ends is not None else (qt.anchor(), qt.position())
                cursor = QTextCursor(self.view.document())
                cursor.setPosition(position)
                cursor.movePosition(move)
                return anchor, cursor.position()
        return None
