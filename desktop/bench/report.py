"""The benchmark's table: each figure beside its target, met or missed, and the machine it ran on."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Callable

# key: (what, unit, target text, check(figures) -> bool | None)
Check = Callable[[dict], "bool | None"]


def _le(key: str, limit: float) -> Check:
    return lambda f: f[key] <= limit if key in f else None


def _startup(f: dict) -> bool | None:
    if "startup_s" not in f or "startup_bare_s" not in f:
        return None
    return f["startup_s"] <= 1.3 * f["startup_bare_s"]


def _add(f: dict) -> bool | None:
    if "add_highlight_p95_ms" not in f:
        return None
    # "no more than with none": within the noise of a few tenths of a millisecond
    return f["add_highlight_p95_ms"] <= 16 and f["add_highlight_p95_ms"] <= f.get(
        "add_highlight_p95_ms_empty", float("inf")) * 1.1 + 0.3


ROWS: list[tuple[str, str, str, str, Check | None]] = [
    ("startup_s", "start-up to the sample painted", "s", "≤ 1.3 × bare", _startup),
    ("startup_bare_s", "the same, bare PySide6 window", "s", "", None),
    ("startup_cpu_s", "CPU time used by then, Gloss", "s", "", None),
    ("startup_bare_cpu_s", "CPU time used by then, bare window", "s", "", None),
    ("open_large_s", "open the 1 MB article, 10k highlights", "s", "≤ 1.0", _le("open_large_s", 1.0)),
    ("add_highlight_p95_ms", "add a highlight (10k there), p95", "ms", "≤ 16, ≤ empty", _add),
    ("add_highlight_p95_ms_empty", "add a highlight (none there), p95", "ms", "", None),
    ("margin_relayout_ms", "full margin relayout, 1,000 notes", "ms", "≤ 16", _le("margin_relayout_ms", 16)),
    ("margin_reset_ms", "(the same, every passage re-measured)", "ms", "", None),
    ("ui_stall_max_ms", "longest GUI stall, open + extraction to spaCy's list", "ms", "≤ 50", _le("ui_stall_max_ms", 50)),
    ("ui_stall_open_ms", "(the same, opening alone, entities cached)", "ms", "≤ 50", _le("ui_stall_open_ms", 50)),
    ("stall_extraction_s", "(open to spaCy's list, extraction uncached)", "s", "", None),
    ("export_10k_s", "Markdown export of 10k highlights", "s", "≤ 1.0", _le("export_10k_s", 1.0)),
    ("search_ms", "full-text search, 10k articles", "ms", "≤ 50", _le("search_ms", 50)),
    ("update_large_s", "update the 1 MB article (10k highlights, ~300 edits)", "s", "≤ 1.0", _le("update_large_s", 1.0)),
    ("search_huge_common_ms", "search a 50 MB article, common word", "ms", "≤ 50", _le("search_huge_common_ms", 50)),
    ("search_huge_rare_ms", "search a 50 MB article, rare word", "ms", "≤ 50", _le("search_huge_rare_ms", 50)),
    ("entities_words_per_s", "entity extraction, 1 MB", "words/s", "≥ 9,000",
     lambda f: f["entities_words_per_s"] >= 9000 if "entities_words_per_s" in f else None),
    ("entities_spacy_full_words_per_s", "spaCy's full pipeline, same text", "words/s", "", None),
    ("entities_sample_s", "window shown to sample's entities (spaCy's list)", "s", "≤ 1.0", _le("entities_sample_s", 1.0)),
    ("entities_sample_first_s", "window shown to sample's sidebar first filled (rules)", "s", "", None),
    ("rss_mb", "peak memory, large article open", "MB", "reported", None),
    ("pdf_import_s", "PDF import, 300-page two-column paper", "s", "≤ 3 × pdftotext",
     lambda f: f["pdf_vs_pdftotext"] <= 3 if "pdf_vs_pdftotext" in f else None),
    ("pdftotext_s", "(poppler's pdftotext, the same file)", "s", "", None),
    ("pdf_vs_pdftotext", "(the two, run by run: median ratio)", "×", "", None),
]


BUSY_TARGETS: dict[str, tuple[str, Check]] = {
    # Issue 22: spaCy's model loads on the core the other work holds; its list may come later then.
    "entities_sample_s": ("≤ 1.5 (busy)", _le("entities_sample_s", 1.5)),
}
"""Targets of their own for a run with the other core busy (``--busy``); the rest are the same."""


def machine() -> str:
    """One line: CPU model and count, memory, OS, Python and Qt versions."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), cpu)
    except OSError:
        pass
    memory = ""
    try:
        memory = f", {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB RAM"
    except (ValueError, OSError, AttributeError):
        pass
    try:
        import PySide6

        qt = f", PySide6 {PySide6.__version__}"
    except ImportError:
        qt = ""
    return (f"{cpu}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}{qt}, QT_QPA_PLATFORM=offscreen, {lock_state()}")


def lock_state(lock: Path = Path(__file__).resolve().parents[2] / "requirements-lock.txt") -> str:
    """Whether the installed packages are those of ``requirements-lock.txt`` (what ``scripts/setup``
    installs), so that a figure can be traced to the versions it was measured with."""
    import re
    from importlib import metadata

    try:
        pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", lock.read_text(encoding="utf-8"), re.MULTILINE)
    except OSError:
        return "no requirements-lock.txt"
    differ = []
    for name, version in pins:
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "missing"
        if installed != version:
            differ.append(f"{name} {installed} not {version}")
    if not differ:
        return f"the {len(pins)} packages of requirements-lock.txt"
    return f"{len(differ)} of requirements-lock.txt's {len(pins)} packages differ: " + ", ".join(differ)


def _fmt(value: float, unit: str) -> str:
    if unit == "words/s":
        return f"{value:,.0f}"
    if unit in ("ms", "MB"):
        return f"{value:.1f}"
    return f"{value:.3f}"


def table(figures: dict, sizes, notes: list[str], busy: bool = False) -> str:
    """The figures as a Markdown table, with what was left out and why (``busy``: judged by the
    targets of a busy machine, ``BUSY_TARGETS``)."""
    lines = [f"Gloss benchmark: {sizes.article_chars:,} characters, {sizes.highlights:,} highlights, "
             f"{sizes.notes:,} notes, {sizes.library_articles:,} articles; medians of {sizes.runs} runs "
             f"({sizes.startup_runs} start-ups of each program, {sizes.entity_sample_runs} of the sample's entities)",
             "", "| measure | key | figure | target | |", "|---|---|---:|---|---|"]
    for key, what, unit, target, check in ROWS:
        if busy and key in BUSY_TARGETS:
            target, check = BUSY_TARGETS[key]
        if key not in figures:
            lines.append(f"| {what} | `{key}` | not measured | {target} | |")
            continue
        verdict = "" if check is None else {True: "met", False: "MISSED", None: ""}[check(figures)]
        lines.append(f"| {what} | `{key}` | {_fmt(figures[key], unit)} {unit} | {target} | {verdict} |")
    lines.extend(f"- {note}" for note in notes)
    return "\n".join(lines)
