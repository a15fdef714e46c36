"""core.offsets against a real QTextDocument laid out as the reader lays it out."""

from desktop.core.offsets import OffsetMap


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def test_agrees_with_a_real_qtextdocument(qapp):
    """What the reader does: header blocks, then one block per line; Qt's selection matches."""
    from PySide6 import QtGui as qtgui

    header = "Title 😀\nSource · 2022"
    text = "Line one 👨\u200d👩\u200d👧 family\n\u05e9\u05dc\u05d5\u05dd e\u0301 中文 𝒳\n\nlast 🇯🇵"
    doc = qtgui.QTextDocument()
    doc.setPlainText(header + "\n" + text)
    base = utf16_len(header) + 1
    cursor = qtgui.QTextCursor(doc)
    m = OffsetMap(text)
    assert doc.characterCount() - 1 == base + m.qt_length  # Qt counts a final paragraph separator
    for a in range(len(text) + 1):
        for b in range(a, len(text) + 1):
            cursor.setPosition(m.to_qt(a, base))
            cursor.setPosition(m.to_qt(b, base), qtgui.QTextCursor.MoveMode.KeepAnchor)
            assert cursor.selectedText().replace("\u2029", "\n") == text[a:b]
            assert m.span_from_qt(cursor.selectionStart(), cursor.selectionEnd(), base) == (a, b)


# -- tables: the reader's own typesetting, QTextTables and all --------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from desktop.core.article import ArticleBuilder  # noqa: E402
from desktop.core.offsets import article_map  # noqa: E402

WORDS = st.sampled_from(["Port", "42", "😀", "中文", "e\u0301", "𝒳 x", "Rotterdam Shortsea", "\u05e9\u05dc\u05d5\u05dd"])
CELL = st.one_of(st.just(""), st.lists(WORDS, min_size=1, max_size=3).map(" ".join))
SPAN = st.sampled_from([(1, 1)] * 6 + [(1, 2), (2, 1), (2, 2)])
TABLE = st.lists(st.lists(st.tuples(CELL, SPAN, st.booleans()), min_size=1, max_size=3), min_size=1, max_size=3)
PART = st.one_of(st.lists(WORDS, min_size=1, max_size=4).map(lambda w: ("p", " ".join(w))), TABLE.map(lambda t: ("t", t)),
                 WORDS.map(lambda w: ("i", w)))


def _article(parts):
    b = ArticleBuilder()
    for kind, value in parts:
        if kind in ("p", "i"):
            b.add("paragraph" if kind == "p" else "item", value, marker="•" if kind == "i" else "", level=kind == "i")
            continue
        number, covered = b.new_table(), set()
        for r, row in enumerate(value):
            col = 0
            for text, (down, across), head in row:
                while (r, col) in covered:
                    col += 1
                b.add("cell", text, level=int(head and r == 0), cell=(number, r, col), span=(down, across))
                covered.update((r + y, col + x) for y in range(down) for x in range(across) if y or x)
                col += across
    return b.build("Tables")


SEPARATORS = {"\u2029", "\ufdd0", "\ufdd1"}  # a block's, a cell's or frame's start, a frame's end


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(PART, min_size=1, max_size=5), st.sampled_from([240, 1, 2, 3]), st.data())
def test_tables_typeset_by_the_reader_agree_with_the_map(qapp, parts, slots, data):
    """Every code point where the reader's document has it; a "\\n" on a separator (a cell's marker,
    a frame's end); a selection inside a cell is its text; a selection from one cell to another,
    read back, is the same code points. Long tables too (in parts: ``slots`` a part, to try it small)."""
    from desktop.core import tables

    kept, tables.PART_SLOTS = tables.PART_SLOTS, slots
    try:
        article = _article(parts)
        if article.blocks:
            _agrees(article, data)
    finally:
        tables.PART_SLOTS = kept


def _agrees(article, data):
    from PySide6.QtGui import QTextCursor, QTextDocument

    from desktop.ui.reader.typeset import Typesetter, body_start
    from desktop.ui.shell.theme import LIGHT, reading_font

    doc = QTextDocument()
    Typesetter(reading_font(13), LIGHT).build(doc, article)
    base, m, text = body_start(doc), article_map(article), article.text
    raw = doc.toRawText()  # UTF-16 positions, one Python character each outside the BMP pair halves
    units = raw.encode("utf-16-le")

    def unit(pos: int) -> str:
        return units[2 * pos:2 * pos + 2].decode("utf-16-le", errors="replace")

    cursor = QTextCursor(doc)
    for block in article.blocks:
        cursor.setPosition(m.to_qt(block.start, base))
        cursor.setPosition(m.to_qt(block.end, base), QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == text[block.start:block.end]
        if block.end < len(text):
            assert unit(m.to_qt(block.end, base)) in SEPARATORS
    for pos in range(base, m.to_qt(len(text), base)):
        cp = m.from_qt(pos, base)
        if m.to_qt(cp, base) > pos:  # a position the text has not: a separator of an empty cell or block
            assert unit(pos) in SEPARATORS
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(0, len(text)))
    cursor.setPosition(m.to_qt(a, base))
    cursor.setPosition(m.to_qt(b, base), QTextCursor.MoveMode.KeepAnchor)
    assert m.span_from_qt(m.to_qt(a, base), m.to_qt(b, base), base) == (min(a, b), max(a, b))
