"""Safety in the window: the damaged-library notice, restoring a backup, unexpected errors logged."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox

from desktop.store import open_library
from desktop.store.articles import list_articles
from desktop.store.imports import ensure_sample, import_file
from desktop.store.backup import list_backups, make_backup
from desktop.ui.shell.app import start_window


def _window(qtbot, lib):
    win = start_window(lib, "light", sample=ensure_sample(lib))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(win.features_installed)
    return win


def test_damaged_library_is_recovered_and_the_user_told(qtbot, db_path):
    lib = open_library(db_path)
    ensure_sample(lib)
    make_backup(lib)
    lib.close()
    with open(db_path, "r+b") as fh:  # real damage: the header overwritten
        fh.write(b"this is not a database at all!!")
    lib = open_library(db_path)
    win = _window(qtbot, lib)
    qtbot.waitUntil(lambda: win.findChild(QMessageBox, "libraryNotice") is not None)
    notice = win.findChild(QMessageBox, "libraryNotice").text()
    assert "damaged" in notice and "backup" in notice
    assert win.article is not None and win.article.source == "China Military Online"
    assert list(db_path.parent.glob("library.sqlite.damaged-*"))


def test_restore_from_backup_brings_back_the_old_library(qtbot, db_path, tmp_path):
    lib = open_library(db_path)
    win = _window(qtbot, lib)
    backup = make_backup(lib)
    extra = tmp_path / "later.md"
    extra.write_text("# Later\n\nAdded after the backup.", encoding="utf-8")
    win.open_path(extra)
    assert len(list_articles(lib)) == 2
    win.safety.restore(backup)
    assert len(list_articles(win.library)) == 1
    assert win.article.source == "China Military Online"
    assert "Restored" in win.statusBar().currentMessage()
    assert list(db_path.parent.glob("library.sqlite.replaced-*"))


def test_backup_if_changed_runs_from_the_timer(qtbot, db_path):
    lib = open_library(db_path)
    win = _window(qtbot, lib)
    before = len(list_backups(db_path))
    win.safety.backup_in_background()
    qtbot.waitUntil(lambda: len(list_backups(db_path)) == before + 1, timeout=10_000)


def test_unexpected_error_is_logged_and_named(qtbot, db_path, monkeypatch):
    from desktop.ui.shell.app import install_crash_hook

    lib = open_library(db_path)
    win = _window(qtbot, lib)
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    install_crash_hook(win)  # as the app does, before its first paint
    hook = sys.excepthook
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError:
        hook(*sys.exc_info())
    message = win.statusBar().currentMessage()
    assert "ZeroDivisionError" in message and "crash.log" in message
    log = message.split("written to ")[1].rstrip(".")
    assert "boom" in open(log, encoding="utf-8").read()


def test_a_refused_write_is_one_line_and_one_dialog_not_a_crash(qtbot, db_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop.store.files import LibraryNotWritable
    from desktop.ui.shell.app import install_crash_hook

    lib = open_library(db_path)
    win = _window(qtbot, lib)
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    install_crash_hook(win)
    hook = sys.excepthook
    for _ in range(2):
        try:
            raise LibraryNotWritable("the disk is full", "free some space, then try again", "full")
        except LibraryNotWritable:
            hook(*sys.exc_info())
    assert "the disk is full" in win.statusBar().currentMessage()
    assert "crash.log" not in win.statusBar().currentMessage()
    boxes = [b for b in win.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and "Nothing of that change was saved" in boxes[0].text()  # once, not each time
    win.close()
    lib.close()


def test_a_failed_backup_is_told_in_the_window_and_stays_until_one_succeeds(qtbot, db_path, monkeypatch):
    from desktop.core.errors import GlossError
    from desktop.ui.shell import safety as safety_module

    lib = open_library(db_path)
    win = _window(qtbot, lib)
    try:
        def broken(_lib):
            raise GlossError("The backup of library.sqlite could not be written (No space left on device).")

        monkeypatch.setattr(safety_module, "backup_if_changed", broken)
        win.safety.backup_in_background()
        qtbot.waitUntil(lambda: win.statusBar().currentMessage().startswith("The backup failed"), timeout=5000)
        assert "No space left" in win.statusBar().currentMessage()
        qtbot.wait(50)
        assert win.statusBar().currentMessage().startswith("The backup failed")  # not a passing note
        monkeypatch.setattr(safety_module, "backup_if_changed", lambda _lib: None)
        win.safety.backup_in_background()
        qtbot.waitUntil(lambda: not win.statusBar().currentMessage(), timeout=5000)

        warned = []
        monkeypatch.setattr(safety_module.QMessageBox, "warning", lambda *args: warned.append(args[2]))
        monkeypatch.setattr(safety_module, "backup_if_changed", broken)
        win.backup_on_close(True)
        win.close()
        assert warned and "as Gloss closed" in warned[0] and "No space left" in warned[0]
    finally:
        win.close()
        lib.close()


def test_a_damaged_last_article_opens_the_next_one_and_is_marked_in_the_list(qtbot, db_path, tmp_path):
    import sqlite3

    from desktop.core.library import counts
    from desktop.ui.shell.app import start_window

    lib = open_library(db_path)
    ensure_sample(lib)
    other = tmp_path / "other.md"
    other.write_text("# Second article\n\nA fine paragraph about harbours.\n", encoding="utf-8")
    import_file(lib, other)
    lib.set_setting("last_article", "1")
    lib.close()
    data = bytearray(db_path.read_bytes())  # bytes flipped in article 1's stored blocks: quick_check sees nothing
    at = data.find(b'{"kind":"heading"')
    while at > 0:
        data[at:at + 2] = b"\xff\xfe"
        at = data.find(b'{"kind":"heading"', at + 1)
    db_path.write_bytes(bytes(data))
    assert sqlite3.connect(db_path).execute("PRAGMA quick_check").fetchone()[0] == "ok"

    lib = open_library(db_path)
    win = start_window(lib, "light")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(win.features_installed)
    try:
        qtbot.waitUntil(lambda: win.article is not None, timeout=10_000)
        assert win.article.title == "Second article"  # not an empty window
        rows = {r["id"]: r for r in win.library_pane.model.all}
        assert counts(rows[1]).startswith("⚠ damaged")
    finally:
        win.close()
        lib.close()
