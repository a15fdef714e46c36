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


def test_a_busy_run_is_judged_by_the_busy_targets():
    """The sample's entity list may come 1.5 s after the window with the other core busy (issue
    22's target), 1.0 s on an idle machine; the other targets are the same both ways."""
    from desktop.bench import data
    from desktop.bench.report import table

    figures = {"entities_sample_s": 1.2, "search_ms": 60.0}

    def verdict(text: str, key: str) -> str:
        return next(line for line in text.splitlines() if f"`{key}`" in line).rsplit("|", 2)[-2].strip()

    idle, busy = table(figures, data.QUICK, []), table(figures, data.QUICK, [], busy=True)
    assert verdict(idle, "entities_sample_s") == "MISSED" and verdict(busy, "entities_sample_s") == "met"
    assert "≤ 1.5" in busy and verdict(busy, "search_ms") == verdict(idle, "search_ms") == "MISSED"


def test_curve_verdicts_come_from_the_figures():
    from desktop.bench.curve import verdict

    flat = verdict([(1_000, 10.0), (10_000, 11.0), (100_000, 12.5)])
    assert flat["verdict"] == "flat" and flat["stops_flat"] is None
    linear = verdict([(0.1, 0.1), (1.0, 0.9), (5.0, 4.6)])
    assert linear["verdict"] == "linear" and linear["stops_flat"] == 0.1
    assert 0.9 < linear["exponent"] < 1.0
    worse = verdict([(0.1, 0.01), (1.0, 1.0), (5.0, 25.0)])  # quadratic
    assert worse["verdict"] == "worse" and [s["kind"] for s in worse["segments"]] == ["worse", "worse"]
    # flat until 10,000, then growing: where it stops being flat is said
    late = verdict([(0, 5.0), (1_000, 5.2), (10_000, 5.1), (50_000, 20.0)])
    assert late["verdict"] == "linear" and late["stops_flat"] == 10_000
    assert late["segments"][0]["exponent"] is None and late["segments"][0]["kind"] == "flat"  # from none: a ratio
    assert verdict([(0, 5.0), (1_000, 9.0)])["verdict"] == "linear"  # ×1.8 from none is not flat


@pytest.mark.timeout(600)
def test_curve_mode_writes_the_figures_and_a_plot(tmp_path):
    """``--curve --quick`` measures every point at tiny sizes and writes valid JSON and SVG, each
    curve's verdict the one its own figures give."""
    import xml.etree.ElementTree as ET

    from desktop.bench.curve import CURVES, QUICK, verdict

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "docs"
    proc = subprocess.run([sys.executable, "-m", "desktop.bench", "--curve", "--quick", "--out", str(out)],
                          cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads((out / "cost-curve.json").read_text(encoding="utf-8"))
    assert result["date"].endswith("Z") and "cores" in result["machine"]
    assert list(result["curves"]) == [key for key, *_ in CURVES]
    lengths = {"open_by_size": len(QUICK.sizes), "add_by_size": len(QUICK.sizes),
               "open_by_highlights": len(QUICK.highlights), "add_by_highlights": len(QUICK.highlights),
               "add_by_highlights_same_density": len(QUICK.same_density),
               "search_by_articles": len(QUICK.articles)}
    for key, curve in result["curves"].items():
        points = [tuple(p) for p in curve["points"]]
        assert len(points) == lengths[key], key
        assert all(isinstance(y, (int, float)) and math.isfinite(y) and y > 0 for _x, y in points), key
        assert {k: curve[k] for k in ("verdict", "stops_flat", "exponent", "segments")} == verdict(points), key
        assert curve["verdict"] in proc.stdout  # the printed table says it
    assert [p["highlights"] for p in result["points"]["by_highlights"]] == list(QUICK.highlights)
    assert [p["articles"] for p in result["points"]["by_articles"]] == list(QUICK.articles)
    svg = ET.parse(out / "cost-curve.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    lines = [e for e in svg.findall("{http://www.w3.org/2000/svg}polyline") if e.get("class") == "measured"]
    assert len(lines) == len(CURVES)
    for line, curve in zip(lines, result["curves"].values()):
        assert len(line.get("points").split()) == len(curve["points"])
    dense = result["points"]["by_highlights_same_density"]  # the number grows, the density does not
    assert [p["highlights"] for p in dense] == [h for _c, h in QUICK.same_density]
    assert all(c <= p["chars"] < 1.3 * c for p, (c, _h) in zip(dense, QUICK.same_density))  # (whole paragraphs)
    for key in ("add_by_size", "add_by_highlights", "add_by_highlights_same_density"):  # CPU time, judged the same way
        median = result["curves"][key]["cpu"]
        assert {k: median[k] for k in ("verdict", "stops_flat", "exponent", "segments")} == verdict(
            [tuple(p) for p in median["points"]])
    medians = [e for e in svg.findall("{http://www.w3.org/2000/svg}polyline") if e.get("class") == "cpu"]
    assert len(medians) == 3
    assert "| curve |" in proc.stdout


def test_curve_mode_measures_search_alone_and_writes_only_where_told(tmp_path):
    """``--curve --only search``: the search curve's points and verdict, no window opened, and
    nothing written over the committed run unless ``--out`` says where."""
    from desktop.bench.curve import QUICK, verdict

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    root = Path(__file__).resolve().parent.parent
    docs = root / "docs" / "cost-curve.json"
    before = docs.read_bytes() if docs.exists() else None
    proc = subprocess.run([sys.executable, "-m", "desktop.bench", "--curve", "--quick", "--only", "search", "--json"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.splitlines()[-1])
    assert list(result["curves"]) == ["search_by_articles"]
    curve = result["curves"]["search_by_articles"]
    assert [x for x, _y in curve["points"]] == list(QUICK.articles)
    assert {k: curve[k] for k in ("verdict", "stops_flat", "exponent", "segments")} == verdict(
        [tuple(p) for p in curve["points"]])
    assert result["points"]["by_size"] == [] and "wrote" not in proc.stdout
    assert (docs.read_bytes() if docs.exists() else None) == before
