"""``python -m desktop.bench [--json] [--quick] [--busy] [--only ...]``: build the data, measure, print the table.
``--curve`` measures how the costs grow instead (``curve``)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import data
from .gui_process import run_gui
from .report import machine, table

MEASURES = ("startup", "gui", "entities", "export", "search", "update", "pdf")


def prepare(folder: Path, sizes: data.Sizes) -> dict:
    """The reading library (sample, large article with annotations, its unannotated twin)."""
    from ..store import open_library
    from ..store.articles import add_article
    from ..store.imports import ensure_sample

    lib = open_library(folder / "reading.sqlite")
    try:
        sample = ensure_sample(lib)
        big = data.large_article(sizes.article_chars)
        big_id, _ = add_article(lib, big)
        data.add_annotations(lib, big_id, big, sizes.highlights, sizes.notes)
        empty_id, _ = add_article(lib, data.large_article(sizes.article_chars, seed=8))
    finally:
        lib.close()
    return {"db": str(folder / "reading.sqlite"), "sample": sample, "big": big_id, "empty": empty_id,
            "big_text": big.text}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.bench", description=__doc__)
    parser.add_argument("--json", action="store_true", help="end with one JSON object of the figures")
    parser.add_argument("--quick", action="store_true", help="small sizes and few runs (a smoke test)")
    parser.add_argument("--only", nargs="+", choices=MEASURES, default=list(MEASURES))
    parser.add_argument("--busy", action="store_true",
                        help="measure again with the other core kept busy, and report both")
    parser.add_argument("--curve", action="store_true",
                        help="the cost curves: open and add by article size and by highlights, search by "
                             "articles; writes cost-curve.json and cost-curve.svg (with --only gui or "
                             "--only search, those curves alone, written only with --out)")
    parser.add_argument("--out", type=Path, default=None,
                        help="where --curve writes its files (default: docs/, or nowhere with --quick)")
    args = parser.parse_args(argv)
    if args.curve:
        return _curve(args)
    sizes = data.QUICK if args.quick else data.FULL
    notes: list[str] = []
    started = time.perf_counter()
    figures = _measure_all(args.only, sizes)
    print(table(figures, sizes, notes), flush=True)
    if args.busy:
        with _busy_core():
            busy = _measure_all(args.only, sizes)
        print("\nWith the other core busy (a process spinning at normal priority, pinned to it):", flush=True)
        print(table(busy, sizes, [], busy=True), flush=True)
        figures.update({f"{k}_busy": v for k, v in busy.items()})
    print(f"({machine()}; {time.perf_counter() - started:.0f} s in all)", flush=True)
    if args.json:
        print(json.dumps(figures), flush=True)
    return 0


def _curve(args) -> int:
    from . import curve

    started = time.perf_counter()
    print("Cost curves, each point in a new library:", flush=True)
    # ``--only search`` (or ``gui``): that part's curves alone, written only where --out says
    parts = tuple(part for part, measure in (("reader", "gui"), ("search", "search")) if measure in args.only)
    if not parts:
        print("--curve measures with --only gui (opening and adding) and/or search", file=sys.stderr)
        return 2
    result = curve.measure(curve.QUICK if args.quick else curve.FULL, parts=parts)
    print(curve.table(result), flush=True)
    whole = parts == curve.PARTS
    out = args.out if args.out is not None else (
        None if args.quick or not whole else Path(__file__).resolve().parents[2] / "docs")
    if out is not None:
        for path in curve.write(result, out):
            print(f"wrote {path}", flush=True)
    print(f"({result['machine']}; {time.perf_counter() - started:.0f} s in all)", flush=True)
    if args.json:
        print(json.dumps(result), flush=True)
    return 0


def _measure_all(only: list[str], sizes: data.Sizes) -> dict[str, float]:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="gloss-bench-") as tmp:
        folder = Path(tmp)
        if "pdf" in only:
            from .pdf import pdf_import

            figures.update(pdf_import(folder, sizes.pdf_pages, sizes.pdf_runs))
        if set(only) - {"pdf"}:
            prepared = prepare(folder, sizes)
            spec = {k: v for k, v in prepared.items() if k != "big_text"}
            spec.update(runs=sizes.runs, adds=max(20, sizes.runs * 10))
        if "startup" in only:  # (each below needs ``prepared``, made above)
            figures.update(data_startup(folder, sizes))
        if "gui" in only:
            figures.update(run_gui(spec, folder, "gui"))
            # A fresh process each, as the app starts (spaCy's import and model load included).
            runs = [run_gui(dict(spec, mode="entities_sample"), folder, "entities_sample")
                    for _ in range(sizes.entity_sample_runs)]
            figures.update({key: statistics.median(run[key] for run in runs) for key in runs[0]})
        if "entities" in only:
            from .work import entity_throughput

            figures.update(entity_throughput(prepared["big_text"]))
        if {"export", "search", "update"} & set(only):
            figures.update(_store_measures(only, folder, prepared, sizes))
    return {k: round(v, 4) for k, v in figures.items()}


@contextlib.contextmanager
def _busy_core():
    """A process spinning in a loop at normal priority on the last core (the benchmark's other
    core), for the whole block: a laptop is never idle."""
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
        if len(cores) > 1:
            os.sched_setaffinity(spinner.pid, {cores[-1]})
        yield
    finally:
        spinner.kill()
        spinner.wait()


def data_startup(folder: Path, sizes: data.Sizes) -> dict:
    from .startup import measure

    return measure(folder, sizes.startup_runs)


def _store_measures(only: list[str], folder: Path, prepared: dict, sizes: data.Sizes) -> dict:
    from ..store import open_library
    from .work import export_s, search_ms, update_s

    out = {}
    if "export" in only:
        lib = open_library(prepared["db"])
        try:
            out["export_10k_s"] = export_s(lib, prepared["big"], folder / "export", sizes.runs)
        finally:
            lib.close()
    if "update" in only:  # a few hundred scattered edits (a hundred per 300,000 characters)
        edited = data.edited_article(data.large_article(sizes.article_chars), max(30, sizes.article_chars // 3300))
        out["update_large_s"] = update_s(Path(prepared["db"]), prepared["big"], edited, folder, sizes.runs)
    if "search" in only:
        lib = open_library(folder / "search.sqlite")
        try:
            data.fill_library(lib, sizes.library_articles)
            out["search_ms"] = search_ms(lib, sizes.runs)
        finally:
            lib.close()
        out.update(_search_huge(folder, sizes))
    return out


def _search_huge(folder: Path, sizes: data.Sizes) -> dict:
    """Search in a library holding one huge article (and the sample): a common and a rare word."""
    from ..store import open_library
    from ..store.articles import add_article
    from ..store.imports import ensure_sample
    from .work import search_huge_ms

    lib = open_library(folder / "huge.sqlite")
    try:
        ensure_sample(lib)
        add_article(lib, data.huge_article(sizes.huge_article_chars))
        return search_huge_ms(lib, sizes.runs)
    finally:
        lib.close()


if __name__ == "__main__":
    sys.exit(main())
