"""The window's features, each a module under desktop.ui with ``install(window)``.

A feature adds its menu actions, shortcuts, docks and signal connections to the main window
in its ``install``; the window calls them all once, in this order, after building its own menus.
The app's window leaves those in ``AFTER_FIRST_PAINT`` until its first paint (start-up shows the
article sooner); such a feature must pick up the article already open when it is installed.
"""

from __future__ import annotations

import importlib

FEATURES: list[str] = [
    "export_actions",
    "safety",  # backups on a timer and on quit, Help ▸ Restore from Backup, the library notice
    "highlighting",  # highlights, the margin's note cards, Update from File, Preferences
    "library_pane",  # Library menu: filter, tags, delete with undo, sort
    "find_bar",  # Edit ▸ Find in Article (Ctrl+F), next and previous (Ctrl+G, Ctrl+Shift+G)
    "search_panel",  # Library ▸ Search Library (Ctrl+Shift+F): a dock beside the library
    "annotations_panel",  # View ▸ Annotations (Ctrl+Shift+H): the article's highlights, filterable
    "entity_nav",  # the entity sidebar: extraction off-thread, marks and F3, corrections, Entities menu
    "prefs_reading",  # reading settings: remembered typography, Preferences ▸ Reading, theme and width keys
    "desktop_integration",  # application icon and .desktop name
    "shortcuts_help",  # Help ▸ Keyboard Shortcuts (F1), generated from the menus: keep it last
]


# Nothing the first paint shows, and not needed for the first keystroke: the entity sidebar's
# behaviour (its list arrives from a worker anyway; ~40 ms of imports and set-up) and backups.
AFTER_FIRST_PAINT = ("safety", "entity_nav")


def install_all(window, *, defer: bool = False) -> list[str]:
    """Install the features; with ``defer``, all but ``AFTER_FIRST_PAINT``, whose names are
    returned for ``install_named`` once the window has painted."""
    later = [name for name in FEATURES if defer and name in AFTER_FIRST_PAINT]
    install_named(window, [name for name in FEATURES if name not in later])
    return later


def install_named(window, names: list[str]) -> None:
    for name in names:
        importlib.import_module(f"desktop.ui.{name}").install(window)
