"""The benchmark runs end to end in its quick mode and prints every figure as a number (no timing asserted)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

KEYS = ("startup_s", "startup_bare_s", "open_large_s", "add_highlight_p95_ms", "add_highlight_p95_ms_empty",
        "margin_relayout_ms", "ui_stall_max_ms", "export_10k_s", "search_ms", "search_huge_common_ms",
        "search_huge_rare_ms", "update_large_s", "entities_words_per_s", "entities_spacy_full_words_per_s",
        "entities_sample_s", "rss_mb", "pdf_import_s")


@pytest.mark.timeout(600)
def test_quick_benchmark_prints_every_figure(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-m", "desktop.bench", "--quick", "--json"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    figures = json.loads(lines[-1])
    assert "| measure |" in proc.stdout  # the table comes first
    for key in KEYS:
        if key == "entities_spacy_full_words_per_s" and key not in figures:
            continue  # no spaCy model installed: nothing to compare with
        assert key in figures, key
        assert isinstance(figures[key], (int, float)) and math.isfinite(figures[key]) and figures[key] >= 0, key


def test_large_article_is_about_the_asked_size_and_varied():
    from desktop.bench.data import highlight_spans, large_article

    article = large_article(50_000)
    assert 50_000 <= len(article.text) < 60_000
    paragraphs = [article.text[b.start:b.end] for b in article.blocks if b.kind == "paragraph"]
    assert len(set(paragraphs)) == len(paragraphs)  # numbered and varied: no two alike
    spans = highlight_spans(article, 200)
    assert len(spans) >= 190
    assert all(a < b and "\n" not in article.text[a:b] for a, b in spans)
    assert all(b1 <= a2 for (_a1, b1), (a2, _b2) in zip(spans, spans[1:]))  # no overlaps


def test_the_machine_line_says_whether_the_packages_are_the_locked_ones(tmp_path):
    from importlib import metadata

    from desktop.bench.report import lock_state

    lock = tmp_path / "requirements-lock.txt"
    pytest_version = metadata.version("pytest")
    lock.write_text(f"pytest=={pytest_version} \\\n    --hash=sha256:00\n    # via gloss\n"
                    f"psutil=={metadata.version('psutil')}\n", encoding="utf-8")
    assert lock_state(lock) == "the 2 packages of requirements-lock.txt"
    lock.write_text(f"pytest==0.0.1\npsutil=={metadata.version('psutil')}\nno-such-package==1.0\n", encoding="utf-8")
    assert lock_state(lock) == (f"2 of requirements-lock.txt's 3 packages differ: pytest {pytest_version} not 0.0.1, "
                                "no-such-package missing not 1.0")


def test_busy_measures_again_with_the_other_core_spinning():
    """``--busy`` reports each figure a second time, measured beside a spinning process (which it
    ends: no spinner is left)."""
    import json
    import subprocess
    import sys

    import psutil

    out = subprocess.run([sys.executable, "-m", "desktop.bench", "--quick", "--busy", "--only", "search", "--json"],
                         capture_output=True, text=True, timeout=600, check=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    assert figures["search_ms"] > 0 and figures["search_ms_busy"] > 0
    assert "With the other core busy" in out
    me = psutil.Process()
    assert not [c for c in me.children(recursive=True) if "while True" in " ".join(c.cmdline())]
