"""Opening a PDF, an EPUB or a web page from the window: read off the GUI thread, then opened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QMessageBox

FIXTURES = Path(__file__).resolve().parents[2] / "core" / "fixtures"
PAGE = (b"<html><head><title>Harbour cranes</title><meta name='author' content='A. Writer'></head><body>"
        b"<article><h1>Harbour cranes</h1><p>The port authority ordered twelve new cranes for the outer "
        b"terminal on Tuesday, the largest order in its history.</p><p>Deliveries start next spring."
        b"</p></article></body></html>")


def test_a_pdf_opened_from_the_window_is_read_in_the_background(window, qtbot):
    assert window.open_path(FIXTURES / "paper-two-column.pdf", background=True) is None  # not read yet
    assert window.importer.busy and window.importer.bar.isVisible()
    qtbot.waitUntil(lambda: not window.importer.busy, timeout=30_000)
    qtbot.waitUntil(lambda: window.article is not None and window.article.has_pages, timeout=10_000)
    assert not window.importer.bar.isVisible()
    assert window.library_pane.model.rowCount() == 2
    assert window.statusBar().currentMessage().startswith("Imported")


def test_open_url_reads_the_page_and_offers_to_update_it_when_it_is_known(window, qtbot, local_site, monkeypatch):
    local_site.pages["/cranes"] = (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE)
    url = local_site.url("/cranes")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (url, True))
    action = next(a for a in window.findChildren(type(window.file_menu.actions()[0])) if a.objectName() == "open_url")
    action.trigger()
    qtbot.waitUntil(lambda: window.article is not None and window.article.title == "Harbour cranes", timeout=20_000)
    assert window.article.url.startswith("http://127.0.0.1")
    first = window.article.id

    local_site.pages["/cranes"] = (200, {"Content-Type": "text/html; charset=utf-8"},
                                   PAGE.replace(b"on Tuesday", b"on Wednesday"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    action.trigger()
    qtbot.waitUntil(lambda: "kept" in window.statusBar().currentMessage(), timeout=20_000)
    assert window.article.id == first and "on Wednesday" in window.article.text
    assert local_site.requests == ["/cranes", "/cranes"]


def test_open_url_refuses_what_is_not_a_web_address(window, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("file:///etc/passwd", True))
    window.importer.ask_url()
    assert "not a web address" in window.statusBar().currentMessage()
    assert not window.importer.busy


def test_cards_and_the_annotations_panel_say_the_page_of_a_pdf_highlight(window, qtbot):
    from PySide6.QtGui import QTextCursor

    window.open_path(FIXTURES / "paper-two-column.pdf")
    qtbot.waitUntil(lambda: window.article is not None and window.article.has_pages, timeout=20_000)
    text = window.article.text
    start = text.index("NATO", len(text) // 2)  # a passage on a later page
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(window.reader.to_qt(start))
    cursor.setPosition(window.reader.to_qt(start + 4), QTextCursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)
    hid = window.highlighter.highlight_selection("green")
    page = window.article.page_label(start, start + 4)
    assert page.startswith("p. ") and page != "p. 1"
    qtbot.waitUntil(lambda: window.margin.card_for(hid) is not None)
    assert page in window.margin.card_for(hid).label
