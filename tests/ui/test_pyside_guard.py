"""Guard against PySide6 builds that decrement None's refcount on every None-returning call.

PySide6 6.12.0 on Python 3.11 aborts with "Fatal Python error: none_dealloc" after a few thousand
calls such as QTextCursor.setPosition. This makes 100,000 such calls in a child process, so a bad
upgrade fails here instead of crashing a reader's session.
"""

import subprocess
import sys

CODE = """
from PySide6.QtGui import QGuiApplication, QTextCursor, QTextDocument
app = QGuiApplication([])
doc = QTextDocument("x" * 100)
cur = QTextCursor(doc)
for i in range(100_000):
    cur.setPosition(i % 100)
    cur.clearSelection()
print("ok")
"""


def test_100k_none_returning_calls_do_not_crash():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=300,
                            env={"QT_QPA_PLATFORM": "offscreen", **__import__("os").environ})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"
