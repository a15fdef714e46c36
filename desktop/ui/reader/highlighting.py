"""Highlighting in the reader: colour keys, clicks, typing a note, the context menu, Update from File.

``Highlighter`` is the feature for one window: it owns the shown article's ``Annotations``, the
``HighlightPainter`` (highlights drawn under the text), the selection toolbar and the margin's
actions; every change it makes is one undo command (``desktop.ui.annotations.undo``) running one store operation.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QApplication, QMenu

from ..annotations.model import Annotations
from .painter import HighlightPainter
from .selection_toolbar import SelectionToolbar, swatch
from .view import ReaderView



class Highlighter(QObject):
    """The highlighting feature for one window: actions on highlights, keys, mouse, menus."""

    def __init__(self, window) -> None:
        super().__init__(window)
        from ..annotations import undo

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
        # The highlight just made from a selection, while it stays selected: what is typed then is
        # its note, digits included; 1-5 recolour a highlight selected by clicking (or with Alt).
        self.fresh: int | None = None
        self.annotations.selection_changed.connect(self._on_selection_changed)
        self._press: QPoint | None = None
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

    def reload(self) -> None:
        """Read the open article's highlights and note again (another process changed them),
        keeping the selection where the highlight is still there."""
        article_id = self.article_id()
        if article_id is None:
            return
        from ...store.highlights import article_note

        selected = self.annotations.selected
        self.annotations.load(article_id, article_note(self.library, article_id))
        if selected in self.annotations.records:
            self.annotations.select(selected)

    def article_id(self) -> int | None:
        return self.window.article.id if self.window.article is not None else None

    def _counts_changed(self) -> None:
        self._counts_timer.start()

    # -- actions (each one undoable command) ----------------------------------------------------
    def highlight_selection(self, color: str) -> int | None:
        span = self.reader.selected_span()
        article_id = self.article_id()
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
        self.fresh = command.record["id"] if command.record else None
        return self.fresh

    def recolor(self, highlight_id: int, color: str) -> None:
        record = self.annotations.records.get(highlight_id)
        if record is None or record["color"] == color:
            return
        label = next((c["label"] for c in self.annotations.colors if c["key"] == color), color)
        self.window.undo_stack.push(self.undo.Recolor(self.annotations, highlight_id, color, label))

    def set_tags(self, highlight_id: int, tags: list[str]) -> None:
        from ...core.errors import GlossError
        from ...store.highlights import clean_tags

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
        # The article whose note was being written: still the loaded one when a switch flushes it.
        article_id = self.annotations.article_id
        if article_id is None or text == self.annotations.article_note:
            return
        self.window.undo_stack.push(self.undo.EditArticleNote(self.annotations, article_id, text, burst))
        if self.window.article is not None and self.window.article.id == article_id:
            self.window.article.note = text

    def relabel_colours(self, labels: dict[str, str]) -> str | None:
        """Rename what colours mean ({key: label}; swaps allowed): one transaction, one undo step.
        Returns the one-line reason nothing changed, or None."""
        from ...core.errors import GlossError
        from ...store.highlights import colors, set_color_labels

        library = self.annotations.library
        try:
            before = set_color_labels(library, labels)
        except GlossError as exc:
            return str(exc)
        if before:
            after = {c["key"]: c["label"] for c in colors(library) if c["key"] in before}
            self.window.undo_stack.push(self.undo.RelabelColours(self.annotations, after, before))
        return None

    def delete(self, highlight_id: int) -> None:
        record = self.annotations.records.get(highlight_id)
        if record is None:
            return
        if self.margin.editing == highlight_id:
            self.margin.finish_editing()
        self.window.undo_stack.push(self.undo.DeleteHighlight(self.annotations, highlight_id, record["quote"]))
        self.window.report("Highlight deleted (Ctrl+Z brings it back).", undoable=True)
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
        reader.flash(record["start"], record["end"])

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
                if not event.modifiers() & Qt.KeyboardModifier.AltModifier:  # Alt: exactly what was dragged
                    self._snap_drag(event.position().toPoint())
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

    def _snap_drag(self, pos: QPoint) -> None:
        """A mouse drag selects whole words (``core.words``): "epresenting Japan" is "Representing
        Japan". Keyboard selection stays exact, as does a drag with Alt held."""
        if self._press is None or (pos - self._press).manhattanLength() <= 3:
            return
        span = self.reader.selected_span()
        if span is None:
            return
        from ...core.words import snap_to_words

        snapped = snap_to_words(self.window.article.text, *span)
        if snapped != span:
            cursor = self.reader.textCursor()
            self.reader.select_span(*snapped, backwards=cursor.position() < cursor.anchor())

    def _on_selection_changed(self, hid) -> None:
        if hid != self.fresh:
            self.fresh = None

    def _on_click(self, pos: QPoint) -> None:
        press, self._press = self._press, None
        if press is None or (pos - press).manhattanLength() > 3 or self.reader.textCursor().hasSelection():
            return
        self.fresh = None  # selected by clicking: the colour keys recolour it
        hit = self.painter.hit(pos)
        self.annotations.select(hit["id"] if hit else None)

    def _on_key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        plain = not (mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                             | Qt.KeyboardModifier.MetaModifier))
        selected = self.annotations.selected
        if self.margin.editing is not None and plain and event.text() and event.text().isprintable():
            return self.margin.type_into_editor(event.text())
        alt_only = mods & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.AltModifier
        if (plain or alt_only) and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            if plain and selected is not None and selected == self.fresh and self.reader.selected_span() is None:
                return self._on_typed(event.text())  # the note of the highlight just made: "2 reasons..."
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
        """File ▸ Update from file…: a new version of this article (``update_review.update_from_file``)."""
        from .update_review import update_from_file

        return update_from_file(self, path)


def install(window) -> None:
    """Highlighting, the margin's cards, Update from file and Preferences, on one window."""
    from PySide6.QtGui import QAction, QKeySequence

    from ..preferences import dialog as preferences

    highlighter = Highlighter(window)
    window.highlighter = highlighter
    from ..shell.shortcuts_help import register_keys

    for keys, what in (("1 – 5", "Highlight the selection in that colour; recolour a highlight selected by clicking"),
                       ("Alt+1 – 5", "Recolour the selected highlight"),
                       ("Del", "Delete the selected highlight"),
                       ("Enter, typing", "Write the selected highlight's note (Esc finishes)"),
                       ("Alt+drag", "Select exact characters (a drag takes whole words)")):
        register_keys("Reader", keys, what)
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
