"""The GUI measurements' own process: the benchmark's parent starts it with a spec and reads its figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def run_gui(spec: dict, folder: Path, name: str) -> dict:
    """The GUI benchmark (``desktop.bench.gui``) run on ``spec`` in a process of its own; its figures."""
    path = folder / f"{name}.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # With our pid: it ends with us (and its entity helper with it) if the benchmark is killed.
    proc = subprocess.run([sys.executable, "-m", "desktop.bench.gui", str(path), str(os.getpid())], env=env,
                          capture_output=True, text=True, timeout=1800)
    for line in proc.stdout.splitlines():
        if line.startswith("result "):
            return json.loads(line[len("result "):])
    raise RuntimeError(f"GUI bench ({name}) failed (exit {proc.returncode}): {proc.stderr[-2000:]}")
