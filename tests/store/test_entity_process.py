"""Starting the entity helper early, handing it over, ending it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from desktop.store import entity_process

LOADED_BEFORE_THE_HELPER = r"""
import json, sys
before = set(sys.modules)
from desktop.store import entity_process
entity_process.start = lambda: (_ for _ in ()).throw(OSError("not in this test"))
entity_process.prestart()
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_a_helper_no_window_adopted_is_ended_at_exit():
    entity_process.prestart()
    entity_process.prestart()  # one helper, however often asked
    (read_fd, write_fd), process = entity_process._early
    entity_process._stop_early()
    assert process.wait(5) is not None and entity_process.adopt() is None


def test_starting_the_helper_loads_none_of_the_extraction_code_nor_qt():
    """gloss starts the helper first thing: the sooner, the sooner spaCy's model is loaded."""
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", LOADED_BEFORE_THE_HELPER], cwd=root,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    loaded = json.loads(proc.stdout.splitlines()[-1])
    assert "desktop.store.entity_process" in loaded
    assert not [m for m in loaded if m.startswith(("desktop.core.entities", "desktop.store.entity_jobs",
                                                   "PySide6", "spacy", "multiprocessing"))]
