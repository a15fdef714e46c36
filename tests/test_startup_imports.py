"""Start-up stays lean: nothing heavy is imported before the main window shows the sample."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("spacy", "thinc", "trafilatura", "lxml", "charset_normalizer", "jinja2", "nh3", "numpy")
# Not needed to show an article already in the library (~60 ms with what they bring): every start
# after the first, which imports the sample, shows it without them.
LATER = ("sqlite_utils", "click", "pluggy", "dateutil", "tabulate")
# Also heavy, reported rather than asserted until their importers load them lazily:
WATCHED = ("rapidfuzz", "yaml", "markdown_it")

SCRIPT = r"""
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from desktop.store import open_library
from desktop.store.imports import ensure_sample
from desktop.ui.shell.window import MainWindow
library = open_library(sys.argv[1])
window = MainWindow(library, "light", defer=True)  # as the app makes it
window.open_initial(ensure_sample(library))
window.resize(1400, 900)
window.show()
app.processEvents()
assert window.article is not None and window.reader.document().characterCount() > 4000
print(json.dumps(sorted(set(sys.modules) | {name.split(".")[0] for name in sys.modules})))
"""


def test_nothing_heavy_is_imported_before_the_window_shows(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    root = Path(__file__).resolve().parent.parent
    db = tmp_path / "library.sqlite"
    for run in range(2):  # the first start imports the sample; the second is every later start
        proc = subprocess.run([sys.executable, "-c", SCRIPT, str(db)], cwd=root, env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr[-2000:]
        loaded = set(json.loads(proc.stdout.strip().splitlines()[-1]))
        assert not loaded & set(HEAVY), f"start {run + 1} imported {sorted(loaded & set(HEAVY))}"
    assert not loaded & set(LATER), f"a later start imported {sorted(loaded & set(LATER))}"
    assert "desktop.core.entities.pipeline" not in loaded  # the rules load with the first extraction
    # The panes' shared builders come with the panes, after the first paint: PySide6 makes a class's
    # type when it is first touched, and theirs (QStyle, QPainter, QStyleOptionViewItem ...) cost
    # ~17 ms there. The window's own docks are built from ``shell.docks``, which needs only the dock.
    assert "desktop.ui.shell.widgets" not in loaded
    print("also loaded at start-up:", sorted(loaded & set(WATCHED)))
