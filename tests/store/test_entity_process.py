"""Starting the entity helper, ending it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from desktop.store import entity_process

LOADED_TO_START_THE_HELPER = r"""
import json, sys
before = set(sys.modules)
from desktop.store import entity_process
pipes, process = entity_process.start()
loaded = sorted(set(sys.modules) - before)
entity_process.end(process)
print(json.dumps([loaded, process.poll() is not None]))
"""


def test_starting_the_helper_loads_none_of_the_extraction_code_nor_qt_in_the_app():
    """The window starts the helper: spaCy and the extraction code load only in the helper."""
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", LOADED_TO_START_THE_HELPER], cwd=root,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    loaded, ended = json.loads(proc.stdout.splitlines()[-1])
    assert "desktop.store.entity_process" in loaded and ended
    assert not [m for m in loaded if m.startswith(("desktop.core.entities", "desktop.store.entity_jobs",
                                                   "PySide6", "spacy", "multiprocessing"))]


def test_a_helper_ended_is_gone_at_once():
    pipes, process = entity_process.start()
    entity_process.end(process)
    assert process.poll() is not None
