"""GUI fixtures: a main window on a fresh library in a temporary folder."""

from __future__ import annotations

import pytest

from desktop.store import open_library
from desktop.store.imports import ensure_sample


@pytest.fixture
def library(db_path):
    lib = open_library(db_path)
    yield lib
    lib.close()


@pytest.fixture
def window(qtbot, library):
    from desktop.ui.shell.window import MainWindow

    win = MainWindow(library, "light")
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.open_initial(ensure_sample(library))
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()  # before the library closes: no timer of the window may reach a closed library
    win.deleteLater()
    qtbot.wait(1)
