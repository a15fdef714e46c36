"""Undo and redo (Ctrl+Z / Ctrl+Shift+Z) of every annotation action, one step per action or typing burst."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from desktop.store.articles import get_article
from desktop.store.highlights import list_highlights

CTRL = Qt.KeyboardModifier.ControlModifier
QUOTE = "unusual symbolism"


def select(reader, quote: str) -> tuple[int, int]:
    start = reader.article.text.index(quote)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.to_qt(start))
    cursor.setPosition(reader.to_qt(start + len(quote)), QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    return start, start + len(quote)


def stored(window) -> list[dict]:
    return list_highlights(window.library, window.article.id)


def undo(qtbot, window) -> None:
    qtbot.keyClick(window.reader, Qt.Key.Key_Z, CTRL)


def redo(qtbot, window) -> None:
    qtbot.keyClick(window.reader, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)


def painted(window, record) -> bool:
    """Whether the highlight's first line shows a colour on screen (not the paper)."""
    reader = window.reader
    rect = window.highlighter.painter.rects(record)[0]
    point = rect.center().toPoint() - QPoint(0, reader.verticalScrollBar().value())
    QApplication.processEvents()
    return reader.viewport().grab().toImage().pixelColor(point).lightness() < 240


def highlight(qtbot, window, quote=QUOTE, key=Qt.Key.Key_1) -> dict:
    select(window.reader, quote)
    qtbot.keyClick(window.reader, key)
    return next(r for r in stored(window) if r["quote"] == quote)


def test_undo_and_redo_creating(window, qtbot):
    record = highlight(qtbot, window)
    assert window.undo_stack.undoText().startswith("Highlight “unusual")
    assert painted(window, record)
    undo(qtbot, window)
    assert stored(window) == []
    assert not painted(window, record)
    redo(qtbot, window)
    [again] = stored(window)
    assert again["id"] == record["id"] and again["quote"] == QUOTE
    assert painted(window, again)


def test_undo_and_redo_recolouring(window, qtbot):
    record = highlight(qtbot, window)
    qtbot.keyClick(window.reader, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)  # just made: Alt+4 recolours it
    assert stored(window)[0]["color"] == "red"
    assert window.undo_stack.undoText() == "Colour: Disagree"
    undo(qtbot, window)
    assert stored(window)[0]["color"] == "yellow"
    assert window.highlighter.annotations.records[record["id"]]["color"] == "yellow"
    redo(qtbot, window)
    assert stored(window)[0]["color"] == "red"


def test_undo_and_redo_tags(window, qtbot):
    record = highlight(qtbot, window)
    card = window.margin.card_for(record["id"])
    qtbot.keyClicks(card.tags_edit, "symbol, japan")
    qtbot.keyClick(card.tags_edit, Qt.Key.Key_Return)
    assert stored(window)[0]["tags"] == ["japan", "symbol"]
    window.reader.setFocus()
    undo(qtbot, window)
    assert stored(window)[0]["tags"] == []
    redo(qtbot, window)
    assert stored(window)[0]["tags"] == ["japan", "symbol"]


def test_a_typing_burst_is_one_undo_step(window, qtbot):
    record = highlight(qtbot, window)
    qtbot.keyClicks(window.reader, "First")  # typing after highlighting opens the note
    editor = window.margin.card_for(record["id"]).editor
    qtbot.wait(550)  # a pause: saved
    assert stored(window)[0]["note"] == "First"
    qtbot.keyClicks(editor, " thought")
    qtbot.wait(550)
    qtbot.keyClicks(editor, ", refined")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # Esc saves and finishes
    assert stored(window)[0]["note"] == "First thought, refined"
    assert window.undo_stack.count() == 2  # the highlight, and one note edit
    assert window.undo_stack.undoText() == "Edit note"
    undo(qtbot, window)
    assert stored(window)[0]["note"] == ""
    assert window.margin.card_for(record["id"]) is not None  # still selected, so its card stays
    redo(qtbot, window)
    assert stored(window)[0]["note"] == "First thought, refined"

    # A second editing session is a second step.
    qtbot.keyClick(window.reader, Qt.Key.Key_Return)
    editor = window.margin.card_for(record["id"]).editor
    qtbot.keyClicks(editor, "!")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert window.undo_stack.count() == 3
    undo(qtbot, window)
    assert stored(window)[0]["note"] == "First thought, refined"


def test_undo_and_redo_deleting_with_note_and_tags(window, qtbot):
    record = highlight(qtbot, window)
    window.highlighter.save_note(record["id"], "keep me", 99)
    window.highlighter.set_tags(record["id"], ["a", "b"])
    window.highlighter.annotations.select(record["id"])
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Delete)
    assert stored(window) == []
    assert window.margin.card_for(record["id"]) is None
    undo(qtbot, window)
    [back] = stored(window)
    assert (back["id"], back["note"], back["tags"], back["quote"]) == (record["id"], "keep me", ["a", "b"], QUOTE)
    QApplication.processEvents()
    assert window.margin.card_for(record["id"]) is not None
    redo(qtbot, window)
    assert stored(window) == []


def test_undo_article_note(window, qtbot):
    card = window.margin.card_for("article")
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton, pos=QPoint(30, 8))
    qtbot.keyClicks(card.editor, "Context first.")
    qtbot.keyClick(card.editor, Qt.Key.Key_Escape)
    assert get_article(window.library, window.article.id).note == "Context first."
    undo(qtbot, window)
    assert get_article(window.library, window.article.id).note == ""
    assert window.highlighter.annotations.article_note == ""
    redo(qtbot, window)
    assert get_article(window.library, window.article.id).note == "Context first."


def test_undo_reattach_makes_it_an_orphan_again(window, qtbot, tmp_path, sample_path):
    record = highlight(qtbot, window, "Gen. Koji Yamazaki, chief of staff", Qt.Key.Key_2)
    new = tmp_path / "v2.txt"
    new.write_text(sample_path.read_text(encoding="utf-8").replace("Gen. Koji Yamazaki, chief of staff", "the chief"),
                   encoding="utf-8")
    window.highlighter.update_from_file(str(new))
    select(window.reader, "the chief")
    window.highlighter.reattach_here(record["id"])
    assert stored(window)[0]["status"] == "anchored"
    undo(qtbot, window)
    assert stored(window)[0]["status"] == "orphaned"
    assert [r["id"] for r in window.highlighter.annotations.orphans()] == [record["id"]]
    redo(qtbot, window)
    assert stored(window)[0]["quote"] == "the chief"
