"""The main window opens the sample, reads comfortably, opens files and remembers where it was."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QFontMetricsF

from desktop.store import open_library
from desktop.store.articles import get_article, reading_position

TITLE = "Catering to NATO, Japan seeks to move out of Asia and reach for Europe, again"


def test_window_shows_the_sample_with_title_metadata_and_body(window):
    doc = window.reader.document()
    assert doc.firstBlock().text() == TITLE
    meta = doc.firstBlock().next().text()
    for part in ("China Military Online", "Wen Weiru", "Li Jiayao", "2022-05-26"):
        assert part in meta
    body = doc.toPlainText().split("\n")[2:]
    assert body == window.article.text.split("\n")
    assert window.windowTitle().startswith(TITLE)
    assert window.library_pane.list.count() == 1
    assert window.entity_dock.isVisible() and window.library_dock.isVisible()


def test_text_column_has_a_comfortable_measure(window):
    reader = window.reader
    metrics = QFontMetricsF(reader.document().defaultFont())
    chars_per_line = reader.lineWrapColumnOrWidth() / metrics.averageCharWidth()
    assert 60 <= chars_per_line <= 78
    # The margin column sits to the right of the text column, inside the window.
    assert reader.margin_rect_x() >= reader.viewport().geometry().right()
    assert window.margin.geometry().right() <= reader.width()


def test_headings_are_larger_than_paragraphs(window):
    doc = window.reader.document()
    blocks = [doc.findBlockByNumber(i) for i in range(doc.blockCount())]
    heading = next(b for b in blocks if b.text().startswith("Japan makes use"))
    para = heading.next()
    title = doc.firstBlock()
    size = lambda b: b.charFormat().font().pointSizeF() if b.text() == "" else b.begin().fragment().charFormat().font().pointSizeF()
    assert size(title) > size(heading) > size(para)


def test_open_file_imports_and_shows_it(window, tmp_path):
    page = tmp_path / "notes.md"
    page.write_text("# Field Notes\n\nA paragraph about *ports*.", encoding="utf-8")
    article_id = window.open_path(page)
    assert article_id is not None
    assert window.reader.document().firstBlock().text() == "Field Notes"
    assert window.library_pane.list.count() == 2
    assert str(page.resolve()) in window._recent()


def test_bad_file_gets_one_status_line_and_changes_nothing(window, tmp_path):
    bad = tmp_path / "blob.txt"
    bad.write_bytes(bytes(range(256)) * 50)
    assert window.open_path(bad) is None
    message = window.statusBar().currentMessage()
    assert "binary" in message and "\n" not in message
    assert window.library_pane.list.count() == 1
    assert window.reader.document().firstBlock().text() == TITLE


def test_dropping_a_file_opens_it(window, tmp_path, qtbot):
    page = tmp_path / "dropped.txt"
    page.write_text("Dropped Title\n\nDropped body text.", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(page))])
    event = QDropEvent(QPoint(100, 100).toPointF(), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.article.title == "Dropped Title"


def test_restart_restores_article_scroll_and_geometry(qtbot, db_path, window):
    from desktop.ui.shell.app import start_window

    window.resize(760, 560)  # inside the 800x600 off-screen display
    window.reader.verticalScrollBar().setValue(window.reader.verticalScrollBar().maximum() // 2)
    qtbot.wait(10)
    top = window.reader.top_offset()
    assert top > 0
    window.close()
    assert reading_position(window.library, window.article.id) == top

    lib = open_library(db_path)
    again = start_window(lib, "light")
    qtbot.addWidget(again)
    assert again.restore_geometry()
    again.show()
    qtbot.waitExposed(again)
    qtbot.waitUntil(again.features_installed)
    assert again.article.title == TITLE
    assert (again.size().width(), again.size().height()) == (760, 560)
    qtbot.waitUntil(lambda: again.reader.top_offset() > 0)
    assert abs(again.reader.top_offset() - top) < 200


def test_font_size_and_theme_are_remembered(window, qtbot):
    before = window.reader.document().defaultFont().pointSizeF()
    window.findChild(type(window.menuBar().actions()[0]), "larger_text").trigger()
    assert window.reader.document().defaultFont().pointSizeF() == before + 1
    window.set_theme("dark")
    assert window.library.setting("theme") == "dark"
    assert window.reader.palette().color(window.reader.backgroundRole()).lightness() < 60
    assert window.library.setting("font_size") == f"{before + 1:g}"


def test_nothing_is_selected_after_opening_or_retypesetting(window):
    assert not window.reader.textCursor().hasSelection()
    window.change_font_size(+1)
    window.set_theme("dark")
    assert not window.reader.textCursor().hasSelection()


def _menu_texts(window) -> list[tuple[str, list[str]]]:
    return [(top.text(), [a.text() for a in top.menu().actions()]) for top in window.menuBar().actions()]


def test_the_apps_window_paints_first_then_finishes_with_the_same_menus_and_entities(qtbot, library):
    """The app paints the article in the window's frame first (reader, docks, menu bar) and builds
    the rest just after: then the window is exactly what it would have been, the article opened
    before included (its highlights, margin notes and entities)."""
    from desktop.store.imports import ensure_sample
    from desktop.ui.shell.window import MainWindow

    from desktop.store.highlights import add_highlight

    sample = ensure_sample(library)
    text = get_article(library, sample).text
    start = text.index("NATO")
    add_highlight(library, sample, start, start + 4, "green", note="the alliance")
    full = MainWindow(library, "light")
    qtbot.addWidget(full)
    early = MainWindow(library, "light", defer=True)
    qtbot.addWidget(early)
    early.resize(1400, 900)
    early.open_initial(sample)
    assert early.reader.document().firstBlock().text() == TITLE
    assert not any(hasattr(early, name) for name in ("entities", "safety", "margin", "library_pane", "highlighter"))
    assert early.library_dock.isVisibleTo(early) and early.entity_dock.isVisibleTo(early)  # frames: no reflow later
    assert not early.settled()  # --screenshot waits for the rest
    early.show()
    qtbot.waitUntil(lambda: hasattr(early, "entities") and hasattr(early, "safety"), timeout=5_000)
    assert _menu_texts(early) == _menu_texts(full)
    assert early.library_dock.widget() is early.library_pane and early.entity_dock.widget() is early.sidebar
    qtbot.waitUntil(lambda: len(early.highlighter.annotations.records) == 1, timeout=5_000)
    assert early.library_pane.list.count() == 1
    hid = next(iter(early.highlighter.annotations.records))
    qtbot.waitUntil(lambda: early.margin.card_for(hid) is not None and early.margin.card_for(hid).isVisible(),
                    timeout=5_000)  # the note's card, beside its passage
    from desktop.ui.reader.view import GUTTER

    margin, reader = early.margin, early.reader
    assert margin.geometry().x() == reader.margin_rect_x() - GUTTER  # the column right of the text
    assert margin.height() == reader.viewport().height()
    card = margin.card_for(hid).geometry()
    assert 0 <= card.top() < margin.height() and card.height() > 0
    assert abs(card.top() - reader.span_rect_top(start)) <= 8  # level with its passage
    # The article opened before the sidebar's feature was installed still gets its entities.
    qtbot.waitUntil(lambda: early.entities.final and early.settled(), timeout=60_000)
    assert "NATO" in early.sidebar.model.names_in("Organisations")


def test_the_first_paint_has_the_remembered_type_and_finishing_does_not_retypeset(qtbot, library):
    from desktop.store.imports import ensure_sample
    from desktop.ui.shell.window import MainWindow

    sample = ensure_sample(library)
    for key, value in (("font_size", "17"), ("measure_chars", "60"), ("line_spacing", "1.8")):
        library.set_setting(key, value)
    window = MainWindow(library, "light", defer=True)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.open_initial(sample)
    reader = window.reader
    assert (reader.font_size, reader.measure_chars, reader.line_spacing) == (17.0, 60, 1.8)
    assert reader.document().defaultFont().pointSizeF() == 17.0
    revision = reader.document().revision()
    window.show()
    qtbot.waitUntil(lambda: hasattr(window, "highlighter"), timeout=5_000)
    assert reader.document().revision() == revision  # the text painted first is the text kept
    assert reader.verticalScrollBar().value() == 0  # and it did not scroll


def test_changing_the_type_at_the_top_keeps_the_title_in_view(window):
    reader = window.reader
    reader.verticalScrollBar().setValue(0)
    window.change_font_size(+2)
    assert reader.verticalScrollBar().value() == 0
    title = reader.document().firstBlock()
    assert reader.document().documentLayout().blockBoundingRect(title).top() < reader.viewport().height()


def test_the_first_paint_is_at_the_place_the_reader_left(qtbot, library):
    from desktop.store.articles import save_position
    from desktop.store.imports import ensure_sample
    from desktop.ui.shell.window import MainWindow

    sample = ensure_sample(library)
    save_position(library, sample, 3000, 0.4)
    window = MainWindow(library, "light", defer=True)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.open_initial(sample)
    at_paint = []
    window.after_first_paint(lambda: at_paint.append(window.reader.verticalScrollBar().value()))
    window.show()
    qtbot.waitUntil(lambda: bool(at_paint) and window.settled(), timeout=60_000)
    assert at_paint[0] > 0 and window.reader.verticalScrollBar().value() == at_paint[0]
    assert abs(window.reader.top_offset() - 3000) < 200


def test_opening_a_file_read_with_repairs_says_so_in_the_status_bar(window, tmp_path):
    page = tmp_path / "nearly-utf8.txt"
    page.write_bytes("Bruxelles\n\nThe ministers met in Brussels on Tuesday to talk about the harbour. ".encode() * 3
                     + b"One stray byte: \xff here.\n")
    article_id = window.open_path(page)
    assert article_id is not None
    message = window.statusBar().currentMessage()
    assert message.startswith("Imported") and len(message) > len("Imported Bruxelles") + 5  # and what was repaired


def test_the_entity_helper_starts_after_the_first_paint_and_the_sidebar_still_fills(qtbot, library, monkeypatch):
    """No second process competes with the window for a core while it is built (start-up on a busy
    machine); the entity list still comes, from spaCy."""
    from desktop.store import entity_process
    from desktop.store.imports import ensure_sample
    from desktop.ui.entities import service as entity_service
    from desktop.ui.shell.app import start_window

    started: list[bool] = []
    real_start = entity_process.start
    monkeypatch.setattr(entity_service, "_service", None)
    window = start_window(library, "light", None, ensure_sample(library))
    qtbot.addWidget(window)
    monkeypatch.setattr(entity_process, "start", lambda: started.append(window.reader.painted) or real_start())
    window.resize(1400, 900)
    window.show()
    try:
        qtbot.waitUntil(lambda: window.settled() and getattr(window.entities, "final", False), timeout=60_000)
        assert started == [True]  # one helper, and only once the reader had painted
        assert window.entities.mode == "spacy" and "NATO" in window.sidebar.model.names_in("Organisations")
    finally:
        entity_service.stop_if_busy() or (entity_service._service and entity_service._service._stop())
