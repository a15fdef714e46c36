"""Start-up in fresh processes: Gloss on the sample vs a bare PySide6 window showing the same text."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BARE = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTextEdit
app = QApplication(sys.argv[:1])
edit = QTextEdit()
edit.setReadOnly(True)
with open(sys.argv[1], encoding="utf-8") as fh:
    edit.setPlainText(fh.read())
edit.resize(1400, 900)
class First(QObject):
    seen = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, done)
        return False
def done():
    print(f"ready {time.monotonic():.6f} {time.process_time():.4f}", flush=True)
    app.quit()
first = First()
edit.viewport().installEventFilter(first)
edit.show()
app.exec()
"""


def _env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GLOSS_BENCH_READY="1")
    env.pop("GLOSS_DB", None)
    # Python caches each module's compiled code, as it does on a user's machine; a shell that says
    # not to write the cache would have every start recompile each module changed since (~2 ms each)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _time_to_ready(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(Seconds from process start to the first paint, the CPU seconds the process used by then)."""
    start = time.monotonic()
    proc = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=120)
    for line in proc.stdout.splitlines():
        if line.startswith("ready "):
            _, ready, cpu = line.split()
            return float(ready) - start, float(cpu)
    raise RuntimeError(f"{argv[:3]} never reported ready (exit {proc.returncode}): {proc.stderr[-400:]}")


def measure(folder: Path, runs: int) -> dict[str, float]:
    """Median seconds from process start to the first paint, for Gloss and for a bare window.

    Gloss opens a library that already holds the sample (its second start, as users see it
    every day); the first run, which imports the sample, is a warm-up and not counted.
    """
    from ..core.paths import sample_path

    env = _env()
    root = Path(__file__).resolve().parents[2]
    db = folder / "startup.sqlite"
    gloss = [sys.executable, "-m", "desktop", "--db", str(db), "--theme", "light"]
    bare_script = folder / "bare_window.py"
    bare_script.write_text(BARE, encoding="utf-8")
    bare = [sys.executable, str(bare_script), str(sample_path())]
    _time_to_ready(gloss, env, root)  # creates the library and imports the sample
    _time_to_ready(bare, env, root)
    gloss_runs, bare_runs = [], []
    for _ in range(runs):  # interleaved, so both see the same machine state
        gloss_runs.append(_time_to_ready(gloss, env, root))
        bare_runs.append(_time_to_ready(bare, env, root))
    # The CPU time to the paint as well: what each costs, which a machine's other work does not
    # change as much as it changes the wall-clock time
    return {"startup_s": statistics.median(t for t, _ in gloss_runs),
            "startup_bare_s": statistics.median(t for t, _ in bare_runs),
            "startup_cpu_s": statistics.median(c for _, c in gloss_runs),
            "startup_bare_cpu_s": statistics.median(c for _, c in bare_runs)}
