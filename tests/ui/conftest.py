"""GUI fixtures: a main window on a fresh library in a temporary folder, made as ``gloss`` makes it."""

from __future__ import annotations

import pytest

from desktop.store import open_library
from desktop.store.imports import ensure_sample


@pytest.fixture
def library(db_path):
    lib = open_library(db_path)
    yield lib
    lib.close()


def started(qtbot, library, theme: str | None = "light", target=None, size=(1400, 900)):
    """A window as ``gloss`` starts it (``app.start_window``: its features installed after the
    first paint), shown, with every feature in place."""
    from desktop.ui.shell.app import start_window

    win = start_window(library, theme, target, ensure_sample(library))
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(win.features_installed, timeout=10_000)
    return win


@pytest.fixture
def window(qtbot, library):
    win = started(qtbot, library)
    yield win
    win.close()  # before the library closes: no timer of the window may reach a closed library
    win.deleteLater()
    qtbot.wait(1)
    from desktop.ui.entities import service

    service.stop_if_busy()  # a long article's extraction left running would hold up the next test's
