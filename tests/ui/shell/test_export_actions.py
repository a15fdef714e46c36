"""Export from the window: a Markdown file written off the GUI thread, and notes on the clipboard."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from desktop.store.highlights import add_highlight


def test_export_notes_writes_markdown(window, qtbot, tmp_path):
    text = window.article.text
    start = text.index("Koji Yamazaki")
    add_highlight(window.library, window.article.id, start, start + 13, note="Who is he?")
    target = tmp_path / "out" / "notes.md"
    target.parent.mkdir()
    window.exporter.export_to(str(target), "md")
    qtbot.waitUntil(lambda: target.exists() and "exported" in window.statusBar().currentMessage(), timeout=10_000)
    written = target.read_text(encoding="utf-8")
    assert "> Koji Yamazaki" in written and "Who is he?" in written
    assert written.startswith("---\n")


def test_copy_notes_as_markdown(window):
    text = window.article.text
    start = text.index("JSDF")
    add_highlight(window.library, window.article.id, start, start + 4, note="acronym")
    window.findChild(type(window.menuBar().actions()[0]), "copy_markdown").trigger()
    copied = QGuiApplication.clipboard().text()
    assert "> JSDF" in copied and "acronym" in copied


def test_export_library_writes_one_file_per_article(window, qtbot, tmp_path):
    folder = tmp_path / "vault"
    window.exporter.export_library_to(str(folder))
    qtbot.waitUntil(lambda: "written" in window.statusBar().currentMessage(), timeout=10_000)
    assert len(list(folder.glob("*.md"))) == 1
