"""The reading view's own geometry: where it places a passage it is asked to show."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor


@pytest.mark.parametrize("size", [(1400, 900), (900, 600), (1200, 1000), (700, 420)])
def test_the_view_height_is_the_viewport_height_at_any_window_size(window, qtbot, size):
    window.resize(*size)
    qtbot.wait(1)
    reader = window.reader
    assert reader.view_height() == reader.viewport().height()


def _top_of(reader, cp: int) -> int:
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.to_qt(cp))
    return reader.cursorRect(cursor).top()


@pytest.mark.parametrize("size", [(1400, 900), (900, 560)])
def test_a_passage_is_shown_at_the_top_a_third_down_or_in_the_middle_as_asked(window, qtbot, size):
    window.resize(*size)
    qtbot.wait(1)
    reader = window.reader
    text = reader.article.text
    cp = text.index("NATO", len(text) // 2)
    height = reader.viewport().height()

    reader.scroll_to_offset(cp)
    assert abs(_top_of(reader, cp) - 8) <= 2
    reader.reveal(cp)
    assert abs(_top_of(reader, cp) - height // 3) <= 2
    reader.centre_on(cp)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.to_qt(cp))
    assert abs(reader.cursorRect(cursor).center().y() - height // 2) <= 2


def test_a_paragraph_after_a_code_block_has_its_space(window, qtbot, tmp_path):
    page = tmp_path / "code.md"
    page.write_text("# Code\n\nBefore.\n\n```\nx = 1\ny = 2\n```\n\nAfter the code.\n", encoding="utf-8")
    window.open_path(page)
    qtbot.waitUntil(lambda: window.article is not None and window.article.title == "Code")
    doc = window.reader.document()
    blocks = []
    block = doc.begin()
    while block.isValid():
        blocks.append(block)
        block = block.next()
    code = [b for b in blocks if b.text() in ("x = 1", "y = 2")]
    assert [b.blockFormat().bottomMargin() for b in code][0] == 0  # the lines of one block stay together
    assert code[-1].blockFormat().bottomMargin() > 0  # and the paragraph after keeps its distance
