"""Highlighting in the reader: painting highlights, colour keys, the selection toolbar, the context menu.

Highlights are painted under the text by ``HighlightPainter`` (a reader underlay), from rectangles
computed per highlight from the block layouts and cached until the document is re-laid out: adding
one highlight computes its rectangles and repaints just that area; the document is never touched.
Overlaps multiply (light themes) or lighten (dark themes) so both colours show, and a highlight
nested inside another is also underlined in its own colour.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPen, QPixmap, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QFrame, QGraphicsDropShadowEffect, QHBoxLayout, QMenu, QToolButton

from .annotations import Annotations
from .cards import dot_icon, tone
from .reader import ReaderView

FLASH_MS = 700
PAD_Y = 1.5  # a highlight reaches a little above and below the glyphs


class HighlightPainter:
    """Paints the shown article's highlights under the reader's text, from cached rectangles."""

    def __init__(self, reader: ReaderView, annotations: Annotations) -> None:
        self.reader = reader
        self.annotations = annotations
        self._rects: dict[int, tuple[int, int, list[QRectF]]] = {}  # id -> (start, end, rects in document coords)
        self._key: tuple | None = None
        self._selected: int | None = None
        self._watched_layout = None
        reader.underlays.append(self.paint)
        annotations.reset.connect(self.on_reset)
        annotations.changed.connect(self.on_changed)
        annotations.selection_changed.connect(self.on_selection_changed)
        annotations.colors_changed.connect(lambda: reader.viewport().update())

    # -- geometry --------------------------------------------------------------------------------
    def _check_key(self) -> None:
        r = self.reader
        layout = r.document().documentLayout()
        if layout is not self._watched_layout:
            self._watched_layout = layout  # a lazy or partial re-layout moves lines: measure again after it
            layout.documentSizeChanged.connect(lambda _s: self._rects.clear())
        key = (id(r.article), r.document().revision(), r.lineWrapColumnOrWidth())
        if key != self._key:
            self._key = key
            self._rects.clear()

    def rects(self, record: dict) -> list[QRectF]:
        """The highlight's line rectangles in document coordinates (cached)."""
        self._check_key()
        hid, start, end = record["id"], record["start"], record["end"]
        cached = self._rects.get(hid)
        if cached is not None and cached[0] == start and cached[1] == end:
            return cached[2]
        rects = self._compute(start, end)
        self._rects[hid] = (start, end, rects)
        return rects

    def _compute(self, start: int, end: int) -> list[QRectF]:
        reader = self.reader
        qs, qe = reader.to_qt(start), reader.to_qt(end)
        doc = reader.document()
        layout_of = doc.documentLayout()
        block = doc.findBlock(qs)
        rects: list[QRectF] = []
        while block.isValid() and block.position() < qe:
            layout_of.blockBoundingRect(block)  # lays the block out if it is not yet
            bpos = block.position()
            a = max(qs, bpos) - bpos
            b = min(qe, bpos + block.length() - 1) - bpos
            layout = block.layout()
            if b > a and layout is not None:
                origin = layout.position()
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    ls = line.textStart()
                    le = ls + line.textLength()
                    if le <= a:
                        continue
                    if ls >= b:
                        break
                    x1 = line.cursorToX(max(a, ls))[0]
                    x2 = line.cursorToX(min(b, le))[0]
                    if abs(x2 - x1) < 0.5:
                        continue
                    rects.append(QRectF(origin.x() + min(x1, x2), origin.y() + line.y() - PAD_Y,
                                        abs(x2 - x1), line.height() + 2 * PAD_Y))
            block = block.next()
        return rects

    def view_rect(self, record: dict) -> QRect:
        """The area the highlight covers on the viewport (for repainting just that)."""
        return self._to_view(self.rects(record))

    def _to_view(self, rects: list[QRectF]) -> QRect:
        if not rects:
            return QRect()
        box = rects[0]
        for r in rects[1:]:
            box = box.united(r)
        dx, dy = self.reader.horizontalScrollBar().value(), self.reader.verticalScrollBar().value()
        return box.translated(-dx, -dy).toAlignedRect().adjusted(-3, -3, 3, 4)

    def hit(self, pos: QPoint) -> dict | None:
        """The innermost highlight under a viewport point, if the point is on its text."""
        reader = self.reader
        cp = reader.from_qt(reader.cursorForPosition(pos).position())
        point = QPointF(pos) + QPointF(reader.horizontalScrollBar().value(), reader.verticalScrollBar().value())
        found = [r for r in self.annotations.touching(max(0, cp - 1), cp + 1)
                 if any(rect.adjusted(-1, -1, 1, 1).contains(point) for rect in self.rects(r))]
        return min(found, key=lambda r: (r["end"] - r["start"], -r["start"])) if found else None

    # -- updates ---------------------------------------------------------------------------------
    def on_reset(self) -> None:
        self._rects.clear()
        self._selected = self.annotations.selected
        self.reader.viewport().update()

    def on_changed(self, hid: int) -> None:
        old = self._rects.pop(hid, None)
        area = self._to_view(old[2]) if old else QRect()
        record = self.annotations.records.get(hid)
        if record is not None and record["status"] != "orphaned":
            area = area.united(self.view_rect(record))
        if not area.isNull():
            self.reader.viewport().update(area)

    def on_selection_changed(self, hid) -> None:
        for old in (self._selected, hid):
            record = self.annotations.records.get(old) if old is not None else None
            if record is not None and record["status"] != "orphaned":
                self.reader.viewport().update(self.view_rect(record))
        self._selected = hid

    # -- painting --------------------------------------------------------------------------------
    def paint(self, p: QPainter, area: QRect) -> None:
        reader, ann = self.reader, self.annotations
        if not ann.records or reader.theme is None:
            return
        self._check_key()
        dark = reader.theme.dark
        dx, dy = reader.horizontalScrollBar().value(), reader.verticalScrollBar().value()
        top = reader.from_qt(reader.cursorForPosition(QPoint(0, area.top() - 40)).position())
        bottom = reader.from_qt(reader.cursorForPosition(QPoint(reader.viewport().width(), area.bottom() + 40)).position())
        visible = ann.touching(max(0, top - 1), bottom + 1)
        if not visible:
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.translate(-dx, -dy)
        doc_area = QRectF(area).translated(dx, dy)
        # Light: multiply, like ink on paper (an overlap is darker, and a mix of both colours).
        # Dark: the colours are deep; lay them over each other at 80% so an overlap mixes both.
        blend = (QPainter.CompositionMode.CompositionMode_SourceOver if dark
                 else QPainter.CompositionMode.CompositionMode_Multiply)
        nested: list[tuple[dict, list[QRectF], QColor]] = []
        selected: tuple[list[QRectF], QColor] | None = None
        reach = -1
        for record in visible:  # in document order: outer highlights before the ones inside them
            rects = [r for r in self.rects(record) if r.intersects(doc_area)]
            inside = reach >= record["end"]
            reach = max(reach, record["end"])
            if not rects:
                continue
            colour = ann.color(record["color"], dark)
            if dark:
                colour.setAlphaF(0.8)
            p.setCompositionMode(blend)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            for r in rects:
                p.drawRoundedRect(r, 2.5, 2.5)
            if inside:
                nested.append((record, rects, colour))
            if record["id"] == ann.selected:
                selected = (rects, colour)
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for _record, rects, colour in nested:
            p.setPen(QPen(tone(colour, dark, 0.7 if dark else 0.42), 2.0))
            for r in rects:
                p.drawLine(QPointF(r.left() + 1, r.bottom() - 0.5), QPointF(r.right() - 1, r.bottom() - 0.5))
        if selected is not None:
            rects, colour = selected
            p.setPen(QPen(tone(colour, dark, 0.72 if dark else 0.4), 1.4))
            for r in rects:
                p.drawRoundedRect(r.adjusted(-0.5, -0.5, 0.5, 0.5), 2.5, 2.5)


def swatch(colour: QColor, size: int = 14, ring: QColor | None = None) -> QIcon:
    return dot_icon(colour, size, ring)


class SelectionToolbar(QFrame):
    """Five colour dots (and "Re-attach here" when an orphan waits) floating over a selection."""

    def __init__(self, reader: ReaderView, highlighter: "Highlighter") -> None:
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
        for button in self.buttons.values():
            self.row.removeWidget(button)
            button.deleteLater()
        self.buttons.clear()
        self.row.removeWidget(self.reattach_button)
        theme = self.reader.theme
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
        start = QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        end = QTextCursor(cursor)
        end.setPosition(cursor.selectionEnd())
        top, bottom = reader.cursorRect(start), reader.cursorRect(end)
        y = top.top() - self.height() - 6
        if y < 2:
            y = bottom.bottom() + 6
        x = min(max(2, top.left() - 8), reader.viewport().width() - self.width() - 2)
        self.move(int(x), int(y))
        self.show()
        self.raise_()


class Highlighter(QObject):
    """The highlighting feature for one window: actions on highlights, keys, mouse, menus."""

    def __init__(self, window) -> None:
        super().__init__(window)
        from . import undo

        self.undo = undo
        self.window = window
        self.reader: ReaderView = window.reader
        self.library = window.library
        self.annotations = Annotations(window.library, self)
        self.painter = HighlightPainter(self.reader, self.annotations)
        self.toolbar = SelectionToolbar(self.reader, self)
        self.margin = window.margin
        self.margin.attach(self.annotations, self)
        self.armed_orphan: int | None = None
        self._press: QPoint | None = None
        self._flash = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash.timeout.connect(lambda: self.reader.set_marks("flash", []))
        self._toolbar_timer = QTimer(self, singleShot=True, interval=180)
        self._toolbar_timer.timeout.connect(self._maybe_show_toolbar)
        self._counts_timer = QTimer(self, singleShot=True, interval=60)
        self._counts_timer.timeout.connect(window.library_changed.emit)
        self._viewport = self.reader.viewport()  # compared by identity in eventFilter, even during teardown
        self.reader.installEventFilter(self)
        self._viewport.installEventFilter(self)
        window.installEventFilter(self)
        self.reader.selectionChanged.connect(self._toolbar_timer.start)
        self.reader.layout_changed.connect(self._on_layout_changed)
        window.article_opened.connect(self.on_article_opened)

    # -- article ---------------------------------------------------------------------------------
    def on_article_opened(self, article_id: int) -> None:
        self.margin.flush()
        self.armed_orphan = None
        self.toolbar.hide()
        note = self.window.article.note if self.window.article is not None else ""
        self.annotations.load(article_id, note)

    def _article_id(self) -> int | None:
        return self.window.article.id if self.window.article is not None else None

    def _counts_changed(self) -> None:
        self._counts_timer.start()

    # -- actions (each one undoable command) ----------------------------------------------------
    def highlight_selection(self, color: str) -> int | None:
        span = self.reader.selected_span()
        article_id = self._article_id()
        if span is None or article_id is None:
            self.window.report("Select some text first, then choose a colour.")
            return None
        quote = self.window.article.text[span[0]:span[1]]
        if not quote.strip():
            self.window.report("The selection is only white space; select some words to highlight.")
            return None
        command = self.undo.AddHighlight(self.annotations, article_id, span[0], span[1], color, quote)
        self.window.undo_stack.push(command)
        self._clear_text_selection()
        self.toolbar.hide()
        self._counts_changed()
        return command.record["id"] if command.record else None

    def recolor(self, highlight_id: int, color: str) -> None:
        record = self.annotations.records.get(highlight_id)
        if record is None or record["color"] == color:
            return
        label = next((c["label"] for c in self.annotations.colors if c["key"] == color), color)
        self.window.undo_stack.push(self.undo.Recolor(self.annotations, highlight_id, color, label))

    def set_tags(self, highlight_id: int, tags: list[str]) -> None:
        from ..core.errors import GlossError
        from ..store.highlights import clean_tags

        record = self.annotations.records.get(highlight_id)
        try:
            cleaned = clean_tags(tags)
        except GlossError as exc:
            self.window.report(str(exc))
            return
        if record is None or cleaned == record["tags"]:
            return
        self.window.undo_stack.push(self.undo.SetTags(self.annotations, highlight_id, cleaned))

    def save_note(self, highlight_id: int, text: str, burst: int) -> None:
        record = self.annotations.records.get(highlight_id)
        if record is None or record["note"] == text:
            return
        self.window.undo_stack.push(self.undo.EditNote(self.annotations, highlight_id, text, burst))
        self._counts_changed()

    def save_article_note(self, text: str, burst: int) -> None:
        article_id = self._article_id()
        if article_id is None or text == self.annotations.article_note:
            return
        self.window.undo_stack.push(self.undo.EditArticleNote(self.annotations, article_id, text, burst))
        if self.window.article is not None:
            self.window.article.note = text

    def delete(self, highlight_id: int) -> None:
        record = self.annotations.records.get(highlight_id)
        if record is None:
            return
        if self.margin.editing == highlight_id:
            self.margin.finish_editing()
        self.window.undo_stack.push(self.undo.DeleteHighlight(self.annotations, highlight_id, record["quote"]))
        self.window.report("Highlight deleted (Ctrl+Z brings it back).")
        self._counts_changed()

    def copy_quote(self, highlight_id: int) -> None:
        record = self.annotations.records.get(highlight_id)
        if record is not None:
            QApplication.clipboard().setText(record["quote"])
            self.window.report("Copied the quote.")

    def reattach(self, highlight_id: int) -> None:
        """From an orphan's card: re-attach to the current selection, or wait for one."""
        self.armed_orphan = highlight_id
        if self.reader.selected_span() is not None:
            self.reattach_here(highlight_id)
        else:
            self.window.report("Select the passage this highlight belongs to, then choose “Re-attach here”.")

    def reattach_here(self, highlight_id: int | None = None) -> None:
        hid = highlight_id if highlight_id is not None else self.armed_orphan
        span = self.reader.selected_span()
        if hid is None or span is None or hid not in self.annotations.records:
            return
        self.window.undo_stack.push(self.undo.Reattach(self.annotations, hid, *span))
        self.armed_orphan = None
        self._clear_text_selection()
        self.toolbar.hide()
        self.window.report("Highlight re-attached.")
        self._counts_changed()

    def edit_note(self, highlight_id: int, typed: str = "") -> None:
        self.annotations.select(highlight_id)
        self.annotations.edit_requested.emit(highlight_id, typed)

    # -- showing ---------------------------------------------------------------------------------
    def on_card_clicked(self, highlight_id: int) -> None:
        self.annotations.select(highlight_id)
        self.show_passage(highlight_id)

    def show_passage(self, highlight_id: int) -> None:
        """Scroll the passage into view if it is not, and flash it."""
        record = self.annotations.records.get(highlight_id)
        if record is None or record["status"] == "orphaned":
            return
        reader = self.reader
        top = reader.span_rect_top(record["start"])
        height = reader.viewport().height()
        if top < 0 or top > height - 60:
            bar = reader.verticalScrollBar()
            bar.setValue(bar.value() + top - height // 3)
        fmt = QTextCharFormat()
        flash = QColor(reader.theme.accent if reader.theme else "#2c5f8a")
        flash.setAlpha(70)
        fmt.setBackground(flash)
        reader.set_marks("flash", [reader.mark(record["start"], record["end"], fmt)])
        self._flash.start()

    def _clear_text_selection(self) -> None:
        cursor = self.reader.textCursor()
        cursor.clearSelection()
        self.reader.setTextCursor(cursor)

    def _maybe_show_toolbar(self) -> None:
        if QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self._toolbar_timer.start()
            return
        self.toolbar.show_for_selection()

    def _on_layout_changed(self) -> None:
        if self.toolbar.isVisible():
            self.toolbar.show_for_selection()

    # -- events ----------------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if obj is self.window:
            if kind == QEvent.Type.Close:
                self.margin.flush()
                if self._counts_timer.isActive():  # tell the lists now: nothing may fire after the window closes
                    self._counts_timer.stop()
                    self.window.library_changed.emit()
            return False
        if obj is self.reader:
            if kind == QEvent.Type.KeyPress:
                return self._on_key(event)
            if kind == QEvent.Type.InputMethod and event.commitString():
                return self._on_typed(event.commitString())
            return False
        if obj is self._viewport:
            if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
                self._press = event.position().toPoint()
                self.toolbar.hide()
            elif kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
                self._on_click(event.position().toPoint())
            elif kind == QEvent.Type.MouseButtonDblClick and event.button() == Qt.MouseButton.LeftButton:
                hit = self.painter.hit(event.position().toPoint())
                if hit is not None:
                    self.edit_note(hit["id"])
                    return True
            elif kind == QEvent.Type.ContextMenu:
                menu = self.context_menu(event.pos())
                menu.exec(event.globalPos())
                menu.deleteLater()
                return True
        return False

    def _on_click(self, pos: QPoint) -> None:
        press, self._press = self._press, None
        if press is None or (pos - press).manhattanLength() > 3 or self.reader.textCursor().hasSelection():
            return
        hit = self.painter.hit(pos)
        self.annotations.select(hit["id"] if hit else None)

    def _on_key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        plain = not (mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                             | Qt.KeyboardModifier.MetaModifier))
        selected = self.annotations.selected
        if self.margin.editing is not None and plain and event.text() and event.text().isprintable():
            return self.margin.type_into_editor(event.text())
        if plain and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            color = self.annotations.color_key(key - Qt.Key.Key_0)
            if color is None:
                return False
            if self.reader.selected_span() is not None:
                self.highlight_selection(color)
                return True
            if selected is not None:
                self.recolor(selected, color)
                return True
            return False
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and selected is not None and plain:
            self.delete(selected)
            return True
        if key == Qt.Key.Key_Escape:
            if self.toolbar.isVisible():
                self.toolbar.hide()
                self._clear_text_selection()
                return True
            if selected is not None:
                self.annotations.select(None)
                return True
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and selected is not None:
            self.edit_note(selected)
            return True
        if plain and selected is not None and event.text() and event.text().isprintable():
            return self._on_typed(event.text())
        return False

    def _on_typed(self, text: str) -> bool:
        if self.margin.editing is not None:
            return self.margin.type_into_editor(text)
        selected = self.annotations.selected
        if selected is None or not text.strip():
            return False
        self.edit_note(selected, text)
        return True

    # -- menus -----------------------------------------------------------------------------------
    def context_menu(self, pos: QPoint) -> QMenu:
        """The reader's context menu at a viewport point: highlight, or act on the highlight there."""
        reader, ann = self.reader, self.annotations
        menu = QMenu(reader)
        menu.setObjectName("readerContextMenu")
        dark = bool(reader.theme and reader.theme.dark)
        span = reader.selected_span()
        hit = None if span is not None else self.painter.hit(pos)
        if span is not None:
            for i, c in enumerate(ann.colors, 1):
                action = menu.addAction(swatch(QColor(c["dark"] if dark else c["light"])), f"Highlight as {c['label']}\t{i}")
                action.setObjectName(f"highlight_{c['key']}")
                action.triggered.connect(lambda _c=False, k=c["key"]: self.highlight_selection(k))
            orphans = ann.orphans()
            if orphans:
                sub = menu.addMenu("Re-attach here")
                sub.setObjectName("reattachMenu")
                for record in orphans:
                    quote = " ".join(record["quote"].split())
                    action = sub.addAction(f"“{quote[:40]}{'…' if len(quote) > 40 else ''}”")
                    action.setObjectName(f"reattach_{record['id']}")
                    action.triggered.connect(lambda _c=False, h=record["id"]: self.reattach_here(h))
            menu.addSeparator()
        elif hit is not None:
            hid = hit["id"]
            ann.select(hid)
            sub = menu.addMenu("Colour")
            for i, c in enumerate(ann.colors, 1):
                action = sub.addAction(swatch(QColor(c["dark"] if dark else c["light"])), f"{c['label']}\t{i}")
                action.setCheckable(True)
                action.setChecked(c["key"] == hit["color"])
                action.triggered.connect(lambda _c=False, k=c["key"]: self.recolor(hid, k))
            menu.addAction("Edit note…\tEnter").triggered.connect(lambda: self.edit_note(hid))
            menu.addAction("Edit tags…").triggered.connect(lambda: self.edit_tags(hid))
            menu.addAction("Copy quote").triggered.connect(lambda: self.copy_quote(hid))
            menu.addAction("Delete highlight\tDel").triggered.connect(lambda: self.delete(hid))
            menu.addSeparator()
        for action in reader.createStandardContextMenu(reader.viewport().mapTo(reader, pos)).actions():
            action.setParent(menu)
            menu.addAction(action)
        return menu

    def edit_tags(self, highlight_id: int) -> None:
        self.annotations.select(highlight_id)
        card = self.margin.card_for(highlight_id)
        if card is not None and card.tags_edit is not None:
            card.tags_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            card.tags_edit.selectAll()

    def update_from_file(self, path: str | None = None) -> dict | None:
        """File ▸ Update from file…: a new version of this article; highlights follow or are orphaned."""
        from PySide6.QtWidgets import QFileDialog

        from ..core.errors import GlossError
        from ..core.importers import SUPPORTED, load
        from ..store.highlights import update_article_text

        article_id = self._article_id()
        if article_id is None:
            self.window.report("Open an article first; then choose its new version.")
            return None
        if path is None:
            patterns = " ".join(f"*{s}" for s in SUPPORTED if s != ".json")
            path, _ = QFileDialog.getOpenFileName(self.window, "Update from a new version of the article",
                                                  self.library.setting("last_folder"),
                                                  f"Articles ({patterns});;All files (*)")
            if not path:
                return None
        self.margin.flush()
        try:
            counts = update_article_text(self.library, article_id, load(path))
        except GlossError as exc:
            self.window.report(str(exc))
            return None
        self.window.undo_stack.clear()  # older steps name positions in the previous text
        self.window.open_article(article_id)
        orphaned = counts["orphaned"]
        self.window.report(f"Updated: {counts['anchored']} highlights found in the new text"
                           + (f", {orphaned} orphaned (listed at the top of the margin)." if orphaned else "."))
        self.window.library_changed.emit()
        return counts


def install(window) -> None:
    """Highlighting, the margin's cards, Update from file and Preferences, on one window."""
    from PySide6.QtGui import QAction, QKeySequence

    from . import preferences

    highlighter = Highlighter(window)
    window.highlighter = highlighter
    update = QAction("&Update from File…", window)
    update.setObjectName("update_from_file")
    update.triggered.connect(lambda: highlighter.update_from_file())
    quit_action = next((a for a in window.file_menu.actions() if a.objectName() == "quit"), None)
    if quit_action is not None:
        window.file_menu.insertAction(quit_action, update)
        window.file_menu.insertSeparator(quit_action)
    else:
        window.file_menu.addAction(update)
    window.edit_menu.addSeparator()
    highlight_menu = window.edit_menu.addMenu("&Highlight Selection")
    highlight_menu.setObjectName("highlight_menu")

    def fill() -> None:
        highlight_menu.clear()
        dark = bool(window.theme.dark)
        for i, c in enumerate(highlighter.annotations.colors, 1):
            action = highlight_menu.addAction(swatch(QColor(c["dark"] if dark else c["light"])), f"{c['label']}\t{i}")
            action.triggered.connect(lambda _c=False, k=c["key"]: highlighter.highlight_selection(k))

    highlight_menu.aboutToShow.connect(fill)
    prefs = QAction("&Preferences…", window)
    prefs.setObjectName("preferences")
    prefs.setShortcut(QKeySequence("Ctrl+,"))
    prefs.setMenuRole(QAction.MenuRole.PreferencesRole)
    prefs.triggered.connect(lambda: preferences.open_preferences(window))
    window.edit_menu.addSeparator()
    window.edit_menu.addAction(prefs)
