"""File ▸ Export notes…, Export library…, and Edit ▸ Copy notes as Markdown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog

from ...store import open_library
from .tasks import run_in_background

# The exporters (Jinja2, PyYAML) are imported when an export runs, never at start-up.


def _in_own_connection(window, job):
    """Run ``job(lib)`` off the GUI thread on a connection of its own to the same library file."""
    path = window.library.path

    def work():
        lib = open_library(path)
        try:
            return job(lib)
        finally:
            lib.close()

    return work


class Exporter:
    """The export actions of one main window."""

    def __init__(self, window) -> None:
        self.window = window

    def export_notes(self) -> None:
        win = self.window
        if win.article is None:
            win.report("Open an article first.")
            return
        from ...core.export.filenames import safe_filename

        folder = win.library.setting("export_folder") or str(Path.home())
        suggested = str(Path(folder) / safe_filename(win.article.title, ".md"))
        path, chosen = QFileDialog.getSaveFileName(win, "Export notes", suggested,
                                                   "Markdown (*.md);;Gloss JSON (*.json)")
        if path:  # the dialog asked before a file there was chosen: the user meant to replace it
            self.export_to(path, "json" if chosen.startswith("Gloss JSON") or path.endswith(".json") else "md",
                           replace=True)

    def export_to(self, path: str, fmt: str = "md", replace: bool = False) -> None:
        """Write the current article's notes to ``path`` in the background; one status line after.
        A file already there that Gloss did not write is kept (the export is numbered) unless
        ``replace``."""
        win = self.window
        article_id = win.article.id
        win.library.set_setting("export_folder", str(Path(path).parent))
        win.report("Exporting notes…")
        from ...store.exchange import export_article

        run_in_background(_in_own_connection(win, lambda lib: export_article(lib, article_id, path, fmt, replace=replace)),
                          lambda written: win.report(f"Notes exported to {written}"),
                          lambda exc: win.report(f"Export failed: {exc}"))

    def export_library(self) -> None:
        win = self.window
        folder = QFileDialog.getExistingDirectory(win, "Export every article's notes to a folder",
                                                  win.library.setting("export_folder") or str(Path.home()))
        if folder:
            self.export_library_to(folder)

    def export_library_to(self, folder: str) -> None:
        win = self.window
        win.library.set_setting("export_folder", folder)
        win.report("Exporting the library…")
        from ...store.exchange import export_all

        run_in_background(_in_own_connection(win, lambda lib: export_all(lib, folder, "md")),
                          lambda paths: win.report(f"{len(paths)} notes files written to {folder}"),
                          lambda exc: win.report(f"Export failed: {exc}"))

    def copy_markdown(self) -> None:
        win = self.window
        if win.article is None:
            win.report("Open an article first.")
            return
        from ...store.exchange import render_markdown

        QGuiApplication.clipboard().setText(render_markdown(win.library, win.article.id))
        win.report("Notes copied as Markdown.")


def install(window) -> None:
    exporter = Exporter(window)
    window.exporter = exporter
    menu = window.file_menu
    before = menu.actions()[-1]  # keep Quit last
    for text, slot, keys, name in (
        ("&Export Notes…", exporter.export_notes, QKeySequence("Ctrl+E"), "export_notes"),
        ("Export &Library…", exporter.export_library, QKeySequence("Ctrl+Alt+E"), "export_library"),
    ):
        action = QAction(text, window)
        action.setObjectName(name)
        action.setShortcut(keys)
        action.triggered.connect(slot)
        menu.insertAction(before, action)
    menu.insertSeparator(before)
    copy = QAction("Copy Notes as &Markdown", window)
    copy.setObjectName("copy_markdown")
    copy.setShortcut(QKeySequence("Ctrl+Shift+M"))
    copy.triggered.connect(exporter.copy_markdown)
    window.edit_menu.addSeparator()
    window.edit_menu.addAction(copy)
