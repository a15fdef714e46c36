"""The margin's card widget: one note card, painted from a cached picture, with editors while editing.

How a card looks and how tall it is live in ``style``, how it is drawn in ``card_paint`` (the margin measures cards without
widgets); the margin creates ``Card`` widgets only for cards near the viewport and reuses them.
Only the selected card has its tools (colour dots, tags, Copy, Delete); only the edited one an editor.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPixmap, QTextDocument
from PySide6.QtWidgets import QFrame, QLineEdit, QPlainTextEdit, QPushButton, QToolButton, QWidget

from ..shell.widgets import fit_placeholder
from .card_paint import paint_card
from .style import (ARTICLE, BAR, EDITOR_MIN_LINES, GAP, NOTE, ORPHAN, ORPHAN_HEADER,  # noqa: F401 (re-exported)
                         PAD_B, PAD_L, PAD_R, PAD_T, CardStyle, Entry, debounce, dot_icon, tone)


class NoteEditor(QPlainTextEdit):
    """The note editor inside a card: Esc finishes, focus loss saves."""

    finished = Signal()
    focus_lost = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            self.finished.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        self.focus_lost.emit()


class TagsEdit(QLineEdit):
    finished = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            self.finished.emit()
            return
        super().keyPressEvent(event)


class Card(QFrame):
    """One visible card; the margin binds it to an entry and moves it, and reuses it for another."""

    clicked = Signal(object)  # the entry's key
    double_clicked = Signal(object)
    note_edited = Signal(object, str)  # key, text (debounced by the margin)
    editing_finished = Signal(object)
    tags_edited = Signal(object, list)
    color_chosen = Signal(object, str)
    copy_requested = Signal(object)
    delete_requested = Signal(object)
    reattach_requested = Signal(object)
    height_changed = Signal(object)
    focus_left = Signal(object)  # the note editor lost focus: save now

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("noteCard")
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.entry: Entry | None = None
        self.style_: CardStyle | None = None
        self.colour = QColor("#f9e27d")
        self.label = ""
        self.selected = False
        self.editing = False
        self._body: QTextDocument | None = None
        self._body_clipped = False
        self._quote: QTextDocument | None = None
        self.editor: NoteEditor | None = None
        self.tags_edit: TagsEdit | None = None
        self.reattach_button: QPushButton | None = None
        self.tools: list[QToolButton] = []
        self._colors: list[dict] = []
        self._signature: tuple | None = None
        self.bound_as: tuple | None = None  # what the margin last bound this card with (see _show_visible)
        self._cache: QPixmap | None = None
        self._cache_key: tuple | None = None
        self._dots_for: tuple | None = None  # what the colour dots were last drawn for

    # -- binding ---------------------------------------------------------------------------------
    def bind(self, entry: Entry, style: CardStyle, colour: QColor, label: str, selected: bool,
             colors: list[dict]) -> None:
        """Show ``entry``; keeps an open editor's text (the user is typing in it)."""
        record = entry.record or {}
        signature = (entry.key, entry.kind, id(style), colour.rgba(), label, selected, entry.extra.get("note"),
                     record.get("note"), tuple(record.get("tags", ())), record.get("color"), record.get("quote"),
                     tuple(c["label"] for c in colors))
        if signature == self._signature and self.entry is not None:
            self.entry = entry
            return
        self._signature = signature
        rebound = self.entry is None or self.entry.key != entry.key
        if rebound and self.editing:
            self.stop_editing()
        restyle = style is not self.style_
        self.entry, self.style_, self.colour, self.label = entry, style, colour, label
        self.selected = selected
        if colors != self._colors:
            self._colors = colors
            for button in self.tools:
                button.deleteLater()
            self.tools = []
            self._dots_for = None
            restyle = True
        note = entry.extra.get("note", "") if entry.kind == ARTICLE else record.get("note", "")
        full = selected
        self._body = style.body_document(note) if note and entry.kind != ORPHAN_HEADER else None
        self._body_clipped = bool(self._body) and not full and self._body.size().height() > style.max_body() + 1
        self._quote = style.body_document(record.get("quote", ""), False, True) if entry.kind == ORPHAN else None
        self.setAccessibleName(self._accessible_name(note))
        self._sync_children(restyle)
        self.update()

    def unbind(self) -> None:
        """Back to the margin's pool: forget the entry (an open editor is closed first)."""
        if self.editing:
            self.stop_editing()
        self.entry = None
        self._signature = None
        self.bound_as = None

    def _accessible_name(self, note: str) -> str:
        if self.entry is None:
            return ""
        if self.entry.kind == ARTICLE:
            return "Article note"
        if self.entry.kind == ORPHAN_HEADER:
            return "Orphaned highlights"
        return f"{self.label} note: {note}" if note else f"{self.label} highlight"

    def _sync_children(self, restyle: bool = True) -> None:
        entry, style = self.entry, self.style_
        assert entry is not None and style is not None
        record = entry.record or {}
        wants_tags = entry.kind == NOTE and (self.selected or self.editing)
        if wants_tags and self.tags_edit is None:
            self.tags_edit = TagsEdit(self)
            self.tags_edit.setObjectName("tagsEdit")
            self.tags_edit.setAccessibleName("Tags")
            fit_placeholder(self.tags_edit, "tags, comma-separated", "tags, a, b", "tags")
            self.tags_edit.editingFinished.connect(self._on_tags_done)
            self.tags_edit.finished.connect(self._on_tags_done)
        if self.tags_edit is not None:
            self.tags_edit.setVisible(wants_tags)
            if wants_tags and not self.tags_edit.hasFocus():
                self.tags_edit.setText(", ".join(record.get("tags", [])))
            self.tags_edit.setFont(style.chip_font)
        wants_tools = entry.kind == NOTE and self.selected
        if wants_tools and not self.tools:
            self._build_tools()
            restyle = True
        for button in self.tools:
            button.setVisible(wants_tools)
        wants_reattach = entry.kind == ORPHAN
        if wants_reattach and self.reattach_button is None:
            self.reattach_button = QPushButton("Re-attach to selection", self)
            self.reattach_button.setObjectName("reattachButton")
            self.reattach_button.setCursor(Qt.CursorShape.PointingHandCursor)
            self.reattach_button.clicked.connect(lambda: self.entry and self.reattach_requested.emit(self.entry.key))
            restyle = True
        if self.reattach_button is not None:
            self.reattach_button.setVisible(wants_reattach)
            self.reattach_button.setFont(style.chip_font)
        if self.editor is not None:
            self.editor.setVisible(self.editing)
            self.editor.setFont(style.body_font)
        if restyle:
            self._restyle_children()
        if wants_tools:
            self._update_dots()
        self._place_children()

    def _build_tools(self) -> None:
        for i, c in enumerate(self._colors):
            button = QToolButton(self)
            button.setObjectName(f"cardColor_{c['key']}")
            button.setToolTip(f"{c['label']}  ({i + 1})")
            button.setAccessibleName(f"Colour {c['label']}")
            button.setFixedSize(QSize(14, 14))
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _c=False, k=c["key"]: self.entry and self.color_chosen.emit(self.entry.key, k))
            self.tools.append(button)
        for name, text, tip, signal in (("cardCopy", "Copy", "Copy the quote", self.copy_requested),
                                        ("cardDelete", "Delete", "Delete the highlight (Del)", self.delete_requested)):
            button = QToolButton(self)
            button.setObjectName(name)
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.setAutoRaise(True)
            button.setFont(self.style_.chip_font)
            button.setFixedSize(QSize(int(self.style_.chip_metrics.horizontalAdvance(text) + 10),
                                      int(self.style_.line_edit_height())))
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _c=False, s=signal: self.entry and s.emit(self.entry.key))
            self.tools.append(button)

    def _update_dots(self) -> None:
        """The colour dots on the selected card, the current colour ringed."""
        theme = self.style_.theme
        current = (self.entry.record or {}).get("color")
        key = (current, theme.dark, theme.ink, tuple((c["key"], c["light"], c["dark"]) for c in self._colors))
        if key == self._dots_for:
            return  # the same dots as this card shows already
        self._dots_for = key
        for button, c in zip(self.tools, self._colors):
            fill = QColor(c["dark"] if theme.dark else c["light"])
            button.setIcon(dot_icon(fill, 14, QColor(theme.ink) if c["key"] == current else fill.darker(125),
                                    2.0 if c["key"] == current else 1.0))

    def _restyle_children(self) -> None:
        theme = self.style_.theme
        for button in self.tools[: len(self._colors)]:
            button.setStyleSheet("QToolButton { border: none; padding: 0; background: transparent; }")
        for button in self.tools[len(self._colors):]:
            button.setStyleSheet(f"QToolButton {{ color: {theme.muted}; border: none; padding: 0; }}"
                                 f"QToolButton:hover {{ color: {theme.accent}; text-decoration: underline; }}")
        flat = (f"background: {theme.page}; color: {theme.ink}; border: 1px solid {theme.rule}; "
                f"border-radius: 3px; selection-background-color: {theme.accent};")
        if self.editor is not None:
            self.editor.setStyleSheet(f"QPlainTextEdit {{ {flat} padding: 2px; }}")
        if self.tags_edit is not None:
            self.tags_edit.setStyleSheet(f"QLineEdit {{ {flat} padding: 1px 5px; }}")
        if self.reattach_button is not None:
            self.reattach_button.setStyleSheet(
                f"QPushButton {{ color: {theme.accent}; background: transparent; border: 1px solid {theme.rule}; "
                f"border-radius: 3px; padding: 2px 8px; }} QPushButton:hover {{ border-color: {theme.accent}; }}")

    def _place_children(self) -> None:
        style, entry = self.style_, self.entry
        y = PAD_T + style.header_height()
        if entry.kind == ORPHAN:
            y += GAP + min(style.body_height(entry.record.get("quote", ""), True, False, True), style.body_metrics.lineSpacing() * 3)
            if entry.record.get("note"):
                y += GAP + style.body_height(entry.record["note"], False)
            self.reattach_button.setGeometry(PAD_L, int(y + GAP), int(min(style.inner, 170)), int(style.line_edit_height()))
            return
        dots, actions = self.tools[: len(self._colors)], self.tools[len(self._colors):]
        if self.tools and self.tools[0].isVisibleTo(self):
            x = self.width() - PAD_R + 3
            for button in reversed(dots):
                x -= button.width() + 3
                button.move(int(x), int(PAD_T + (style.header_height() - button.height()) / 2))
        if self.editing and self.editor is not None:
            h = style.editor_height(self._editor_lines())
            self.editor.setGeometry(PAD_L, int(y + GAP), int(style.inner), int(h))
            y += GAP + h
        elif entry.kind != ARTICLE:
            note = (entry.record or {}).get("note", "")
            if note:
                y += GAP + style.body_height(note, self.selected)
            elif self.selected:
                y += GAP + style.body_metrics.lineSpacing()
        if self.tags_edit is not None and self.tags_edit.isVisibleTo(self):
            width = style.inner
            if actions and actions[0].isVisibleTo(self):
                x = self.width() - PAD_R + 2
                for button in reversed(actions):
                    x -= button.width()
                    button.move(int(x), int(y + GAP))
                width = x - PAD_L - 4
            self.tags_edit.setGeometry(PAD_L, int(y + GAP), int(width), int(style.line_edit_height()))

    # -- editing ---------------------------------------------------------------------------------
    def start_editing(self, typed: str = "") -> None:
        if self.entry is None or self.entry.kind not in (NOTE, ARTICLE):
            return
        if self.editor is None:
            self.editor = NoteEditor(self)
            self.editor.setObjectName("noteEditor")
            self.editor.setAccessibleName("Note")
            self.editor.setPlaceholderText("Write a note (Markdown)… Esc to finish")  # wraps: never cut
            self.editor.setFrameShape(QFrame.Shape.NoFrame)
            self.editor.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.editor.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.editor.textChanged.connect(self._on_editor_changed)
            self.editor.finished.connect(self._on_editor_finished)
            self.editor.focus_lost.connect(lambda: self.entry is not None and self.focus_left.emit(self.entry.key))
        note = self.entry.extra.get("note", "") if self.entry.kind == ARTICLE else self.entry.record.get("note", "")
        if not self.editing:
            self.editing = True
            self.editor.blockSignals(True)
            self.editor.setPlainText(note)
            self.editor.blockSignals(False)
        self._sync_children()
        self.editor.show()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
        if typed:
            self.editor.insertPlainText(typed)
        self.height_changed.emit(self.entry.key)

    def stop_editing(self) -> None:
        if not self.editing:
            return
        self.editing = False
        if self.editor is not None:
            self.editor.hide()
        if self.entry is not None:
            self._sync_children()
            self.height_changed.emit(self.entry.key)

    def editor_text(self) -> str:
        return self.editor.toPlainText() if self.editor is not None else ""

    def _editor_lines(self) -> int:
        if self.editor is None:
            return EDITOR_MIN_LINES
        doc = self.editor.document()
        doc.setTextWidth(max(10, self.style_.inner - 8))
        lines = 0
        block = doc.begin()
        while block.isValid():
            lines += max(1, block.layout().lineCount())
            block = block.next()
        return lines

    def editor_lines(self) -> int | None:
        return self._editor_lines() if self.editing else None

    def _on_editor_changed(self) -> None:
        if self.entry is not None:
            self.note_edited.emit(self.entry.key, self.editor.toPlainText())
            self._place_children()
            self.height_changed.emit(self.entry.key)

    def _on_editor_finished(self) -> None:
        if self.entry is not None:
            self.editing_finished.emit(self.entry.key)

    def _on_tags_done(self) -> None:
        if self.entry is None or self.tags_edit is None:
            return
        tags = [t.strip() for t in self.tags_edit.text().replace("#", " ").split(",") if t.strip()]
        if sorted(set(tags)) != sorted((self.entry.record or {}).get("tags", [])):
            self.tags_edited.emit(self.entry.key, tags)

    # -- mouse -----------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton and self.entry is not None:
            self.clicked.emit(self.entry.key)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton and self.entry is not None:
            self.double_clicked.emit(self.entry.key)

    # -- painting --------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Cards move on every scroll: paint from a cached picture, redrawn only when the card changes."""
        if self.entry is None or self.style_ is None:
            return
        dpr = self.devicePixelRatioF()
        key = (self._signature, self.width(), self.height(), self.editing, dpr)
        if key != self._cache_key or self._cache is None:
            pix = QPixmap(max(1, round(self.width() * dpr)), max(1, round(self.height() * dpr)))
            pix.setDevicePixelRatio(dpr)
            pix.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pix)
            paint_card(self, painter)
            painter.end()
            self._cache, self._cache_key = pix, key
        p = QPainter(self)
        p.drawPixmap(0, 0, self._cache)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self.entry is not None and self.style_ is not None:
            self._place_children()
