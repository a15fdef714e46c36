"""How margin cards look and measure: fonts and colours per theme, card heights, colour dots.

``CardStyle.height`` is the same arithmetic the card widget lays itself out by, so the margin can
place a thousand cards from their heights without creating a widget for any of them. Heights are
cached by what decides them (note, tags, selected; reading size and width), across styles, so a
re-typeset or a theme change measures nothing again; ``rough_height`` estimates an unmeasured card
from font metrics alone, for cards far from the view that the margin measures later in slices.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QIcon, QPainter, QPen, QPixmap, QTextCharFormat, QTextCursor,
                           QTextDocument, QTextOption)
from PySide6.QtWidgets import QWidget

from ...core.margin import ARTICLE, NOTE, ORPHAN, ORPHAN_HEADER, Entry  # noqa: F401 (re-exported)
from ..shell.theme import Theme, ui_font

BAR = 3  # the coloured bar on the card's left edge
PAD_L, PAD_R, PAD_T, PAD_B = BAR + 9, 9, 7, 8
GAP = 6  # between header, body and tags
MAX_BODY_LINES = 9  # a long note is shown in full only when its card is selected
EDITOR_MIN_LINES = 3
_CACHE_LIMIT = 50_000  # cached heights per (reading size, width) before the cache starts over
_HEIGHT_CACHES: dict[tuple, dict] = {}  # (reading size, width) -> {what decides a height: height}



def tone(colour: QColor, dark: bool, lightness: float) -> QColor:
    """The highlight colour at a given HSL lightness (for labels and bars that must read on a card)."""
    h, s, _l, _a = colour.getHslF()
    return QColor.fromHslF(max(h, 0.0), min(1.0, s * (0.85 if dark else 1.0) + 0.15), lightness)


def set_note_markdown(doc: QTextDocument, text: str) -> None:
    """A note's Markdown in ``doc``, as CommonMark reads it (and as the export keeps it): Qt's
    reader takes ``_word_`` for underline, CommonMark for emphasis, so underline becomes italic."""
    doc.setMarkdown(text, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    if "_" not in text:
        return
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.fontUnderline() and not fmt.isAnchor():
                cursor = QTextCursor(doc)
                cursor.setPosition(fragment.position())
                cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                change = QTextCharFormat()
                change.setFontUnderline(False)
                change.setFontItalic(True)
                cursor.mergeCharFormat(change)
            it += 1
        block = block.next()


class CardStyle:
    """Fonts and colours for one theme and reading size; measures cards (cached)."""

    def __init__(self, theme: Theme, reading_size: float, width: int) -> None:
        self.theme = theme
        self.width = width
        self.body_font = ui_font(max(9.0, reading_size * 0.74))
        self.quote_font = QFont(self.body_font)
        self.quote_font.setItalic(True)
        self.label_font = ui_font(max(7.0, reading_size * 0.56), bold=True)
        self.label_font.setCapitalization(QFont.Capitalization.AllUppercase)
        self.label_font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 0.7)
        self.chip_font = ui_font(max(7.0, reading_size * 0.58))
        self.body_metrics = QFontMetricsF(self.body_font)
        self.label_metrics = QFontMetricsF(self.label_font)
        self.chip_metrics = QFontMetricsF(self.chip_font)
        self.inner = width - PAD_L - PAD_R
        self._doc = QTextDocument()
        self._doc.setDocumentMargin(0)
        self._doc.setDefaultFont(self.body_font)
        self._measurers: dict[tuple, QTextDocument] = {}  # (markdown, italic) -> a document measuring bodies
        self._rough: tuple | None = None  # ``rough_height``'s constants, on first use
        self._heights = _HEIGHT_CACHES.setdefault((reading_size, width), {})
        if len(self._heights) > _CACHE_LIMIT:
            self._heights.clear()
        self.key = (theme.name, reading_size, width)

    # -- pieces ----------------------------------------------------------------------------------
    def body_document(self, text: str, markdown: bool = True, italic: bool = False) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(self.quote_font if italic else self.body_font)
        doc.setDefaultStyleSheet(f"a {{ color: {self.theme.accent}; }}")
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(option)
        if markdown:
            set_note_markdown(doc, text)
        else:
            doc.setPlainText(text)
        doc.setTextWidth(self.inner)
        return doc

    def body_height(self, text: str, full: bool, markdown: bool = True, italic: bool = False) -> float:
        key = ("b", text, full, markdown, italic)
        if key not in self._heights:
            doc = self._measurers.get((markdown, italic))
            if doc is None:  # one document per kind, refilled for each text: half the cost of a new one
                doc = self._measurers[(markdown, italic)] = self.body_document("", markdown, italic)
            if markdown:
                set_note_markdown(doc, text)
            else:
                doc.setPlainText(text)
            height = doc.size().height()
            if not full:
                height = min(height, self.max_body())
            self._heights[key] = height
        return self._heights[key]

    def max_body(self, lines: int = MAX_BODY_LINES) -> float:
        return self.body_metrics.lineSpacing() * lines

    def header_height(self) -> float:
        return max(self.label_metrics.height(), 16.0)

    def chip_rects(self, tags: list[str]) -> list[QRectF]:
        """Where each tag chip goes, relative to the tags row's top-left, wrapping at the card width."""
        rects, x, y = [], 0.0, 0.0
        h = self.chip_metrics.height() + 4
        for tag in tags:
            w = min(self.inner, self.chip_metrics.horizontalAdvance("#" + tag) + 12)
            if x > 0 and x + w > self.inner:
                x, y = 0.0, y + h + 4
            rects.append(QRectF(x, y, w, h))
            x += w + 4
        return rects

    def tags_height(self, tags: list[str]) -> float:
        rects = self.chip_rects(tags)
        return rects[-1].bottom() if rects else 0.0

    def editor_height(self, lines: int) -> float:
        return self.body_metrics.lineSpacing() * max(EDITOR_MIN_LINES, lines) + 10

    def line_edit_height(self) -> float:
        return self.chip_metrics.height() + 12

    # -- whole cards -----------------------------------------------------------------------------
    @staticmethod
    def _card_key(entry: Entry, selected: bool) -> tuple | None:
        record = entry.record or {}
        if entry.kind == NOTE:
            return ("n", record.get("note", ""), tuple(record.get("tags", ())), selected)
        if entry.kind == ARTICLE:
            return ("a", entry.extra.get("note", ""), selected)
        return None

    def known_height(self, entry: Entry, selected: bool = False) -> float | None:
        """The card's height if it was measured before (a dict look-up), else None."""
        key = self._card_key(entry, selected)
        return self._heights.get(key) if key is not None else None

    def rough_height(self, entry: Entry, selected: bool = False) -> float:
        """The card's height if known, else an estimate from average character widths (no layout)."""
        known = self.known_height(entry, selected)
        if known is not None:
            return known
        record = entry.record or {}
        note = record.get("note")
        if entry.kind != NOTE or not note:
            return self.height(entry, selected)  # no body to lay out: exact and cheap
        rough = self._rough
        if rough is None:  # what every estimate shares (thousands are made as a long article opens)
            rough = self._rough = (PAD_T + self.header_height() + GAP,
                                   max(1.0, self.inner / max(1.0, self.body_metrics.averageCharWidth())),
                                   self.body_metrics.lineSpacing(), self.max_body(),
                                   GAP + self.line_edit_height(), GAP + self.chip_metrics.height() + 4)
        h, per_line, spacing, max_body, edit_row, chip_row = rough
        if "\n" in note:
            lines = sum(1 + int(len(para) / per_line) for para in note.split("\n"))
        else:
            lines = 1 + int(len(note) / per_line)
        body = spacing * lines
        h += body if selected else min(body, max_body)
        if selected:
            h += edit_row
        elif record.get("tags"):
            h += chip_row  # one row of chips (measured exactly when the card is refined)
        return h + PAD_B

    def height(self, entry: Entry, selected: bool = False, editor_lines: int | None = None) -> float:
        """The card's height: the same arithmetic ``Card.paintEvent`` and its child layout use (cached)."""
        key = self._card_key(entry, selected) if editor_lines is None else None
        if key is not None:
            known = self._heights.get(key)
            if known is None:
                known = self._heights[key] = self._height(entry, selected, None)
            return known
        return self._height(entry, selected, editor_lines)

    def _height(self, entry: Entry, selected: bool, editor_lines: int | None) -> float:
        if entry.kind == ORPHAN_HEADER:
            return self.label_metrics.height() + 4
        record = entry.record or {}
        h = PAD_T + self.header_height()
        if entry.kind == ARTICLE:
            note = entry.extra.get("note", "")
            if editor_lines is not None:
                return h + GAP + self.editor_height(editor_lines) + PAD_B
            return h + (GAP + self.body_height(note, selected) if note else 0) + PAD_B
        if entry.kind == ORPHAN:
            h += GAP + min(self.body_height(record.get("quote", ""), True, False, True), self.body_metrics.lineSpacing() * 3)
            if record.get("note"):
                h += GAP + self.body_height(record["note"], False)
            return h + GAP + self.line_edit_height() + PAD_B
        note, tags = record.get("note", ""), record.get("tags", [])
        if editor_lines is not None:
            h += GAP + self.editor_height(editor_lines)
        elif note:
            h += GAP + self.body_height(note, selected)
        elif selected:
            h += GAP + self.body_metrics.lineSpacing()  # the "write a note" hint
        if selected or editor_lines is not None:
            h += GAP + self.line_edit_height()
        elif tags:
            h += GAP + self.tags_height(tags)
        return h + PAD_B


_DOTS: dict[tuple, QIcon] = {}  # (colour, size, ring, width) -> icon: the selected card redraws none


def dot_icon(colour: QColor, size: int = 14, ring: QColor | None = None, ring_width: float = 1.0) -> QIcon:
    """A round colour swatch, for colour choices in menus, toolbars and cards (made once per look)."""
    key = (colour.rgba(), size, ring.rgba() if ring is not None else None, ring_width)
    icon = _DOTS.get(key)
    if icon is None:
        if len(_DOTS) > 500:
            _DOTS.clear()
        icon = _DOTS[key] = _draw_dot(colour, size, ring, ring_width)
    return icon


def _draw_dot(colour: QColor, size: int, ring: QColor | None, ring_width: float) -> QIcon:
    pix = QPixmap(size * 2, size * 2)
    pix.setDevicePixelRatio(2.0)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(ring or colour.darker(140), ring_width))
    p.setBrush(colour)
    inset = ring_width / 2 + 0.5
    p.drawEllipse(QRectF(inset, inset, size - 2 * inset, size - 2 * inset))
    p.end()
    return QIcon(pix)


def debounce(parent: QWidget, ms: int, slot) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer
