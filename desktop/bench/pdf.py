"""The PDF import against poppler's pdftotext on the same generated two-column paper."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import time
from pathlib import Path


def pdf_import(folder: Path, pages: int, runs: int) -> dict:
    """Medians of ``runs`` imports (read, reflow, article built) and pdftotext runs, interleaved so
    a slow spell of a shared machine falls on both. pdftotext's figure is left out if it is missing."""
    from ..core.importers import load
    from .pdfdoc import make_paper

    path = folder / "paper.pdf"
    make_paper(path, pages=pages)
    tool = shutil.which("pdftotext")
    ours: list[float] = []
    theirs: list[float] = []
    load(path)  # the first run imports pypdfium2 and warms the file cache for both
    for _ in range(runs):
        started = time.perf_counter()
        load(path)
        ours.append(time.perf_counter() - started)
        if tool:
            started = time.perf_counter()
            subprocess.run([tool, str(path), str(folder / "paper.txt")], check=True, capture_output=True)
            theirs.append(time.perf_counter() - started)
    out = {"pdf_import_s": statistics.median(ours)}
    if theirs:
        out["pdftotext_s"] = statistics.median(theirs)
        # Each run's two figures were taken seconds apart: their ratio is steadier than the ratio
        # of the medians when the machine's load drifts.
        out["pdf_vs_pdftotext"] = statistics.median(a / b for a, b in zip(ours, theirs))
    return out
