"""`gloss import` shows a progress line on a terminal, and nothing in a pipe."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from desktop.cli import main
from desktop.commands import progress_line

PAPER = Path(__file__).parent.parent / "core" / "fixtures" / "paper-two-column.pdf"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_pages_counted_and_the_line_cleared(db_path, monkeypatch, capsys):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["--db", str(db_path), "import", str(PAPER)]) == 0
    shown = terminal.getvalue()
    assert shown.startswith("\r\x1b[Kgloss: reading paper-two-column.pdf: 1 of 4")
    assert "3 of 4" in shown and shown.endswith("4 of 4\r\x1b[K")
    assert capsys.readouterr().out == "1\tJapan, NATO and the Asia-Pacific: A Close Reading\n"


def test_a_pipe_gets_no_progress(db_path, capsys):
    assert progress_line("x.pdf") is None  # pytest's captured stderr is not a terminal
    assert main(["--db", str(db_path), "import", str(PAPER)]) == 0
    assert capsys.readouterr().err == ""
