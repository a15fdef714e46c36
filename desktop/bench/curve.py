"""``python -m desktop.bench --curve``: how the costs grow, not one point of them.

Each point is measured in a fresh temporary library:
- opening an article (``gui.Bench.open_large``: the window's own open, until laid out to its end
  and painted) and adding a highlight (``gui.Bench.add_highlight_ms``, the user's path, p95) at
  article sizes ``SIZES`` (no highlights), and with ``HIGHLIGHTS`` highlights on the 1 MB article
  (a tenth of them with a note, as in the main benchmark), and with the article growing with its
  highlights (``same_density``: 10,000 a megabyte at each point), which tells their number from
  their density;
- full-text search (``store.search.search``, what the search panel and ``gloss search`` run; the
  main benchmark's queries, ``work.search_ms``) in libraries of ``ARTICLES`` short articles,
  written in bulk (``data.fill_library_bulk``).

The articles' entity results are cached as "none found" before the window opens them: extraction
(15 s a megabyte on one core) is the main benchmark's to measure, and here it would only compete
with what is measured. Each curve gets a verdict computed from its figures (``verdict``).
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import data

MB = 1_000_000


@dataclass(frozen=True)
class CurveSizes:
    sizes: tuple[int, ...] = (100_000, 1_000_000, 5_000_000)  # article characters
    base: int = 1_000_000  # the article the highlights curve is measured on
    highlights: tuple[int, ...] = (0, 1_000, 10_000, 50_000)
    # (article characters, highlights): as many highlights a megabyte at each point, so the number
    # grows without the density (50,000 on the 1 MB article are one every 20 characters)
    same_density: tuple[tuple[int, int], ...] = ((100_000, 1_000), (1_000_000, 10_000), (5_000_000, 50_000))
    articles: tuple[int, ...] = (1_000, 10_000, 100_000)
    opens: int = 5  # opens per point (median), after one not timed
    adds: int = 50  # adds per round (p95), rounds per point (median of the p95s)
    rounds: int = 3
    search_runs: int = 5


FULL = CurveSizes()
QUICK = CurveSizes(sizes=(4_000, 16_000, 64_000), base=16_000, highlights=(0, 20, 80, 320),
                   same_density=((4_000, 20), (16_000, 80), (64_000, 320)),
                   articles=(20, 80, 320), opens=1, adds=5, rounds=1, search_runs=1)

# A segment of a curve (from one point to the next) grows as x**k: k from the two points.
FLAT_K = 0.2  # at most ×1.6 per tenfold: flat (the machine's noise is about that)
FLAT_FROM_ZERO = 1.5  # from a point at x = 0 (no highlights), no exponent: at most this ratio
LINEAR_K = 1.2  # up to ×16 per tenfold: at most linear, with room for noise


def exponent(x0: float, y0: float, x1: float, y1: float) -> float | None:
    """k in y ∝ x**k between two points (None where x0 is 0 or a figure is not positive)."""
    if x0 <= 0 or x1 <= x0 or y0 <= 0 or y1 <= 0:
        return None
    return math.log(y1 / y0) / math.log(x1 / x0)


def verdict(points: list[tuple[float, float]]) -> dict:
    """"flat", "linear" (grows, at most linearly) or "worse" (faster than linearly), from the
    figures: each segment's exponent (or, from x = 0, its ratio); the curve is its worst segment,
    and ``stops_flat`` the x after which it first is not flat (None if it never stops)."""
    segments = []
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        ratio = y1 / y0 if y0 > 0 else math.inf
        k = exponent(x0, y0, x1, y1)
        if k is None:
            kind = "flat" if ratio <= FLAT_FROM_ZERO else "linear"  # from none: no exponent to judge
        else:
            kind = "flat" if k <= FLAT_K else "linear" if k <= LINEAR_K else "worse"
        segments.append({"from": x0, "to": x1, "ratio": round(ratio, 3),
                         "exponent": None if k is None else round(k, 3),
                         "per_decade": None if k is None else round(10 ** k, 2), "kind": kind})
    order = ("flat", "linear", "worse")
    worst = max((s["kind"] for s in segments), key=order.index, default="flat")
    stops = next((s["from"] for s in segments if s["kind"] != "flat"), None)
    overall = exponent(*points[0], *points[-1]) if points else None
    if overall is None and len(points) > 2:
        overall = exponent(*points[1], *points[-1])
    return {"verdict": worst, "stops_flat": stops, "exponent": None if overall is None else round(overall, 3),
            "segments": segments}


# (key, what, unit, x label): the five curves, in the order they are printed and plotted
CURVES = (
    ("open_by_size", "open an article (no highlights)", "s", "article size (MB)"),
    ("add_by_size", "add a highlight, p95 (no highlights)", "ms", "article size (MB)"),
    ("open_by_highlights", "open the {base} article", "s", "highlights"),
    ("add_by_highlights", "add a highlight to the {base} article, p95", "ms", "highlights"),
    ("add_by_highlights_same_density", "add a highlight, p95, 10k a MB", "ms", "highlights"),
    ("search_by_articles", "full-text search (median of the queries)", "ms", "articles"),
)
# Issue 22's targets: nothing faster than linear in the article's size; adding and searching flat
# in the number of highlights and articles. Opening reads every highlight and places its card, so
# it may grow, but not faster than linearly.
GOAL = {"open_by_size": "linear", "add_by_size": "linear", "open_by_highlights": "linear",
        "add_by_highlights": "flat", "add_by_highlights_same_density": "flat", "search_by_articles": "flat"}


def _reader_point(folder: Path, chars: int, highlights: int, sizes: CurveSizes) -> dict:
    """Open time and add p95 for one article of ``chars`` with ``highlights``, in a new library."""
    from ..store import open_library
    from ..store.articles import add_article
    from ..store.entities import cache_data
    from ..store.imports import ensure_sample
    from .gui_process import run_gui

    folder.mkdir(parents=True)
    db = folder / "reading.sqlite"
    lib = open_library(db)
    try:
        sample = ensure_sample(lib)
        article = data.large_article(chars)
        big, _ = add_article(lib, article)
        if highlights:
            data.add_annotations(lib, big, article, highlights, highlights // 10)
        for mode in ("spacy", "rules"):  # entities: "none found", cached (see the module)
            cache_data(lib, article.content_hash, mode, None, "[]")
        count = lib.conn.execute("SELECT count(*) FROM highlights WHERE article_id = ?", [big]).fetchone()[0]
    finally:
        lib.close()
    spec = {"mode": "curve", "db": str(db), "sample": sample, "big": big, "opens": sizes.opens,
            "adds": sizes.adds, "rounds": sizes.rounds}
    figures = run_gui(spec, folder, "curve")
    return {"chars": len(article.text), "highlights": count, **figures}


def _search_point(folder: Path, articles: int, sizes: CurveSizes) -> dict:
    from ..store import open_library
    from .work import QUERIES, query_ms

    folder.mkdir(parents=True)
    lib = open_library(folder / "search.sqlite")
    try:
        started = time.perf_counter()
        data.fill_library_bulk(lib, articles)
        built = time.perf_counter() - started
        passages = lib.conn.execute("SELECT count(*) FROM passages").fetchone()[0]
        per_query = {q: round(query_ms(lib, q, sizes.search_runs), 3) for q in QUERIES}
    finally:
        lib.close()
    return {"articles": articles, "passages": passages, "build_s": round(built, 2),
            "search_ms": statistics.median(per_query.values()), "queries_ms": per_query}


PARTS = ("reader", "search")  # the opening and adding curves (the window's), and search's


def measure(sizes: CurveSizes = FULL, log=print, parts: tuple[str, ...] = PARTS) -> dict:
    """Every point of every curve (or of those ``parts``), the verdicts, the machine and the date."""
    from .report import machine

    started = time.perf_counter()
    points: dict[str, list] = {"by_size": [], "by_highlights": [], "by_highlights_same_density": [],
                               "by_articles": []}
    with tempfile.TemporaryDirectory(prefix="gloss-curve-") as tmp:
        folder = Path(tmp)
        reader: dict[tuple[int, int], dict] = {}
        wanted = [(chars, 0) for chars in sizes.sizes] + [(sizes.base, h) for h in sizes.highlights] \
            + list(sizes.same_density) if "reader" in parts else []
        for n, (chars, hl) in enumerate(dict.fromkeys(wanted)):  # the 1 MB article without highlights: once
            reader[(chars, hl)] = point = _reader_point(folder / f"reader-{n}", chars, hl, sizes)
            log(f"  {chars:,} characters, {point['highlights']:,} highlights: open {point['open_s']:.3f} s, "
                f"add p95 {point['add_p95_ms']:.1f} ms (median {point['add_p50_ms']:.1f} ms, CPU {point['add_cpu_p50_ms']:.1f} ms)",
                flush=True)
        if "reader" in parts:
            points["by_size"] = [reader[(c, 0)] for c in sizes.sizes]
            points["by_highlights"] = [reader[(sizes.base, h)] for h in sizes.highlights]
            points["by_highlights_same_density"] = [reader[point] for point in sizes.same_density]
        for n, count in enumerate(sizes.articles if "search" in parts else ()):
            point = _search_point(folder / f"search-{n}", count, sizes)
            points["by_articles"].append(point)
            log(f"  {count:,} articles ({point['passages']:,} passages, written in {point['build_s']:.1f} s): "
                f"search {point['search_ms']:.2f} ms", flush=True)
    series = {
        "open_by_size": [(p["chars"] / MB, p["open_s"]) for p in points["by_size"]],
        "add_by_size": [(p["chars"] / MB, p["add_p95_ms"]) for p in points["by_size"]],
        "open_by_highlights": [(p["highlights"], p["open_s"]) for p in points["by_highlights"]],
        "add_by_highlights": [(p["highlights"], p["add_p95_ms"]) for p in points["by_highlights"]],
        "add_by_highlights_same_density": [(p["highlights"], p["add_p95_ms"])
                                           for p in points["by_highlights_same_density"]],
        "search_by_articles": [(p["articles"], p["search_ms"]) for p in points["by_articles"]],
    }
    # An add's p95 (and on this shared machine its median too) is set by waits: the disk's sync of
    # the write, the other processes' turns on the cores. The CPU time the GUI thread spent on it
    # is the work itself, judged beside it.
    medians = {
        "add_by_size": [(p["chars"] / MB, p["add_cpu_p50_ms"]) for p in points["by_size"]],
        "add_by_highlights": [(p["highlights"], p["add_cpu_p50_ms"]) for p in points["by_highlights"]],
        "add_by_highlights_same_density": [(p["highlights"], p["add_cpu_p50_ms"])
                                           for p in points["by_highlights_same_density"]],
    }
    curves = {}
    for key, what, unit, xlabel in CURVES:
        if not series[key]:
            continue  # a part not measured
        pts = [(round(x, 4), round(y, 4)) for x, y in series[key]]
        curves[key] = {"what": what.format(base=f"{sizes.base / MB:g} MB"), "unit": unit, "x": xlabel,
                       "points": pts, "goal": GOAL[key], **verdict(pts)}
        if key in medians:
            mid = [(round(x, 4), round(y, 4)) for x, y in medians[key]]
            curves[key]["cpu"] = {"what": "CPU time of an add on the GUI thread, median", "points": mid, **verdict(mid)}
    return {"date": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            "machine": machine(), "seconds": round(time.perf_counter() - started, 1),
            "sizes": {"article_chars": list(sizes.sizes), "highlights": list(sizes.highlights),
                      "highlights_article_chars": sizes.base,
                      "same_density": [list(point) for point in sizes.same_density], "articles": list(sizes.articles),
                      "opens": sizes.opens, "adds": sizes.adds, "rounds": sizes.rounds,
                      "search_runs": sizes.search_runs},
            "points": points, "curves": curves}


def _x(value: float, xlabel: str) -> str:
    return f"{value:.3g} MB" if "MB" in xlabel else f"{value:,.0f}"


def table(result: dict) -> str:
    """The curves as a Markdown table: each point, each curve's verdict and where it stops being flat."""
    lines = ["| curve | points | growth (exponent k: y ∝ xᵏ) | verdict | goal |", "|---|---|---|---|---|"]
    for key, curve in result["curves"].items():
        unit = curve["unit"]
        fmt = (lambda y: f"{y:.3f}") if unit == "s" else (lambda y: f"{y:.1f}")
        pts = ", ".join(f"{_x(x, curve['x'])}: {fmt(y)} {unit}" for x, y in curve["points"])
        growth = "; ".join(
            f"{_x(s['from'], curve['x'])}→{_x(s['to'], curve['x'])} ×{s['ratio']:.2f}"
            + ("" if s["exponent"] is None else f" (k {s['exponent']:.2f})") for s in curve["segments"])
        stops = curve["stops_flat"]
        said = curve["verdict"] + ("" if stops is None or curve["verdict"] == "flat"
                                   else f", not flat from {_x(stops, curve['x'])}")
        met = {"flat": ("flat",), "linear": ("flat", "linear")}[curve["goal"]]
        goal = f"{curve['goal']}: {'met' if curve['verdict'] in met else 'MISSED'}"
        if "cpu" in curve:
            cpu = curve["cpu"]
            pts += " (CPU, median: " + ", ".join(f"{fmt(y)}" for _x, y in cpu["points"]) + f" {unit})"
            said += f" (CPU: {cpu['verdict']})"
        lines.append(f"| {curve['what']} | {pts} | {growth} | {said} | {goal} |")
    return "\n".join(lines)


def write(result: dict, folder: Path) -> tuple[Path, Path]:
    """``cost-curve.json`` and ``cost-curve.svg`` in ``folder``."""
    from .plot import svg

    folder.mkdir(parents=True, exist_ok=True)
    out_json, out_svg = folder / "cost-curve.json", folder / "cost-curve.svg"
    out_json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    out_svg.write_text(svg(result), encoding="utf-8")
    return out_json, out_svg
