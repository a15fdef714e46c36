"""The window's features, each a module of a package under desktop.ui with ``install(window)``.

A feature adds its menu actions, shortcuts, docks and signal connections to the main window
in its ``install``; the window calls them all once, in this order, after building its own menus.
The app's window installs them just after its first paint (``MainWindow(defer=True)``), then
announces the article already open with ``article_opened`` again.
"""

from __future__ import annotations

import importlib

FEATURES: list[str] = [
    "shell.export_actions",
    "shell.importing",  # PDFs, EPUBs and web pages read off the GUI thread; File ▸ Open URL…
    "shell.safety",  # backups on a timer and on quit, Help ▸ Restore from Backup, the library notice
    "reader.highlighting",  # highlights, the margin's note cards, Update from File, Preferences
    "library.pane",  # Library menu: filter, tags, delete with undo, sort
    "reader.find_bar",  # Edit ▸ Find in Article (Ctrl+F), next and previous (Ctrl+G, Ctrl+Shift+G)
    "library.search_panel",  # Library ▸ Search Library (Ctrl+Shift+F): a dock beside the library
    "annotations.panel",  # View ▸ Annotations (Ctrl+Shift+H): the article's highlights, filterable
    "entities.navigator",  # the entity sidebar: extraction off-thread, marks and F3, corrections, Entities menu
    "preferences.reading",  # reading settings: remembered typography, Preferences ▸ Reading, theme and width keys
    "shell.desktop_integration",  # application icon and .desktop name
    "shell.live",  # another process's changes to the library (gloss import, gloss highlight) shown
    "shell.keys",  # window commands (Ctrl+E, ...) work from inside text fields too
    "shell.shortcuts_help",  # Help ▸ Keyboard Shortcuts (F1), generated from the menus: keep it last
]


def install_all(window) -> None:
    for name in FEATURES:
        importlib.import_module(f"desktop.ui.{name}").install(window)
