"""Start-up as `gloss` runs it: what the way to the first paint does not build, and what it still places."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.ui.reader.brushes import solid
from desktop.ui.shell.app import start_window

from ..conftest import started

ROOT = Path(__file__).resolve().parents[3]

# Runs `gloss --db DB --theme light` through the CLI's own main(); at the reader's first paint it
# prints whether PySide has built the Python side of Qt's `Qt` namespace, then, once the rest of
# the window is built, where the two panes' docks are, and quits.
PROBE = r"""
import json, sys
import desktop.ui.shell.app as app_module

def watch(app, window):
    seen = {}
    def painted():
        if "namespace" not in seen:
            seen["namespace"] = "Qt" in sys.modules["PySide6.QtCore"].__dict__
    def finished():
        painted()
        seen["library"] = window.dockWidgetArea(window.library_dock).name
        seen["entities"] = window.dockWidgetArea(window.entity_dock).name
        print("PROBE " + json.dumps(seen), flush=True)
        window.close()
    window.reader.first_painted.connect(painted)
    window.after_first_paint(lambda: window.after_first_paint(finished))

app_module._quit_when_painted = watch
from desktop.cli import main
sys.exit(main(["--db", sys.argv[1], "--theme", "light"]))
"""


def _start(db: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GLOSS_BENCH_READY="1")
    proc = subprocess.run([sys.executable, "-c", PROBE, str(db)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("PROBE ")]
    assert lines, proc.stderr[-2000:]
    return json.loads(lines[-1][len("PROBE "):])


def test_an_everyday_start_paints_without_building_qts_namespace(tmp_path):
    db = tmp_path / "library.sqlite"
    first = _start(db)  # no window state yet: the docks are added by area, which builds it
    assert first == {"namespace": True, "library": "LeftDockWidgetArea", "entities": "RightDockWidgetArea"}
    again = _start(db)  # the state saved as the first closed places them
    assert again == {"namespace": False, "library": "LeftDockWidgetArea", "entities": "RightDockWidgetArea"}


def test_panes_the_user_moved_are_where_they_left_them_from_the_first_paint(qtbot, library):
    window = started(qtbot, library)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.entity_dock)  # the user's drag
    window.close()

    again = start_window(library, "light")
    qtbot.addWidget(again)
    # Placed by the saved state as the frame is built, before any paint
    assert again.dockWidgetArea(again.entity_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert again.dockWidgetArea(again.library_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert again.layout().indexOf(again.entity_dock) >= 0
    again.close()


def test_a_saved_state_without_the_panes_still_places_them(qtbot, library):
    library.set_setting("window_state", "00ff")  # damaged, or from a window that had no such docks
    window = start_window(library, "light")
    qtbot.addWidget(window)
    assert window.dockWidgetArea(window.library_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert window.dockWidgetArea(window.entity_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    window.close()


def test_the_reader_is_selectable_by_mouse_and_keys_with_links_and_no_horizontal_bar(window):
    flags = window.reader.textInteractionFlags()
    for flag in (Qt.TextInteractionFlag.TextSelectableByMouse, Qt.TextInteractionFlag.TextSelectableByKeyboard,
                 Qt.TextInteractionFlag.LinksAccessibleByMouse):
        assert flags & flag
    assert not flags & Qt.TextInteractionFlag.TextEditable
    assert window.reader.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff


@pytest.mark.parametrize("colour", ["#1f1d1a", "#7fb0dc", QColor(10, 20, 30)])
def test_a_solid_brush_is_the_colour_asked_for(qapp, colour):
    brush = solid(colour)
    assert brush.style() == Qt.BrushStyle.SolidPattern
    assert brush.color() == QColor(colour)
