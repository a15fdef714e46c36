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
