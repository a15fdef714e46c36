"""GUI measures, in a process of their own: ``python -m desktop.bench.gui SPEC.json`` prints one JSON line.

Opening the large article (until it is laid out to the end and painted with its highlights and
cards), adding a highlight through the real user path (selection, colour, undo command, store
write, painting; with the article's entities extracted, as for the article with none), a full
margin relayout, peak memory, the longest event-loop stall while the large article opens alone
(its entities cached), and the longest while it opens and its entities are extracted the app's way
(the helper process started before the window, as the app starts it) until the navigator shows
spaCy's list.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import sys
import time


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


class _Ticks:
    """A 5 ms timer on the GUI thread; ``stop()`` returns the longest gap between its ticks, in ms."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return max(self.gaps, default=0.0) * 1000


class Bench:
    def __init__(self, spec: dict) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from ..store import open_library
        from ..ui.shell.app import application
        from ..ui.shell.window import MainWindow

        self.spec = spec
        self.add_cpu_ms: list[float] = []  # CPU time of each add on the GUI thread (no waits)
        self.app = application()  # as `gloss` makes it
        self.library = open_library(spec["db"])
        self.window = MainWindow(self.library, "light")
        self.window.resize(1400, 900)
        self.window.open_initial(spec["sample"])
        self.window.show()
        self.settle()

    def settle(self, finish_layout: bool = True) -> None:
        """Let queued work run; with ``finish_layout``, lay the document out to its end; then let the
        background work done in slices finish (cards measured, lists filled); then paint."""
        from ..ui.shell.slices import slices

        app, reader = self.app, self.window.reader
        app.processEvents()
        while self.window.opening():  # a long article is typeset over several event-loop turns
            app.processEvents()
        self.window.highlighter.annotations.wait_loaded()  # many highlights are read in slices
        if finish_layout:
            reader.finish_layout()
            app.processEvents()
        deadline = time.perf_counter() + 30
        while not slices().idle() and time.perf_counter() < deadline:
            app.processEvents()
        reader.viewport().repaint()
        self.window.margin.repaint()

    # -- opening ---------------------------------------------------------------------------------
    def open_large(self) -> float:
        self.window.open_article(self.spec["sample"])
        self.settle()
        start = time.perf_counter()
        self.window.open_article(self.spec["big"])
        self.settle()
        return time.perf_counter() - start

    # -- highlighting ----------------------------------------------------------------------------
    def add_highlight_ms(self, article_id: int, count: int) -> list[float]:
        """Select a free span near the top of the view, press a colour: ms until painted.

        "Painted" is the app's own repaint of what the add changed (the passage, its card), as a
        user sees it; forcing a repaint of the whole view would time the painting of every other
        highlight on the page, which an article with none does not have."""
        from PySide6.QtGui import QTextCursor

        window = self.window
        if window.article is None or window.article.id != article_id:
            window.open_article(article_id)
            self.settle()
        # Both articles are measured alike: their entities extracted, none in flight (a 1 MB
        # extraction takes one of the two cores for ~15 s; the stall measures cover that case).
        self.wait_entities()
        reader, ann = window.reader, window.highlighter.annotations
        text = window.article.text
        rng = random.Random(5)
        times = []
        for _ in range(count):
            for _attempt in range(200):
                start = rng.randrange(0, max(1, len(text) - 200))
                start = text.find(" ", start) + 1
                end = text.find(" ", start + 12)
                if 0 < start < end and "\n" not in text[start:end] and not ann.touching(start, end):
                    break
            reader.scroll_to_offset(max(0, start - 200))
            cursor = QTextCursor(reader.document())
            cursor.setPosition(reader.to_qt(start))
            cursor.setPosition(reader.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
            reader.setTextCursor(cursor)
            self.settle(finish_layout=False)
            t0, c0 = time.perf_counter(), time.thread_time()
            window.highlighter.highlight_selection("green")
            self.app.processEvents()  # the store's signals, the margin's relayout, and the paint of
            self.app.processEvents()  # what the add changed (the app repaints that region only)
            times.append((time.perf_counter() - t0) * 1000)
            self.add_cpu_ms.append((time.thread_time() - c0) * 1000)  # the GUI thread's own work
        return times

    def margin_relayout_ms(self, runs: int, reset: bool = False) -> list[float]:
        """A full relayout: every card's entry rebuilt, every card placed, the visible ones shown
        (as after a colour or note change). With ``reset``, every passage's line is measured again
        too (as when an article opens)."""
        self.window.highlighter.annotations.select(None)
        self.settle(finish_layout=False)
        margin, times = self.window.margin, []
        for _ in range(runs):
            t0 = time.perf_counter()
            if reset:
                margin.on_reset()
                margin.relayout()  # the build itself, which on_reset leaves to the next turn for many cards
            else:
                margin.on_everything_changed()  # marks every entry for rebuilding
                margin.relayout()
            times.append((time.perf_counter() - t0) * 1000)
            self.app.processEvents()
        return times

    # -- stalls ----------------------------------------------------------------------------------
    def open_stall_ms(self) -> float:
        """Max gap between 5 ms ticks while the large article opens, its entities already cached
        (the helper only reads the cached result back): from the open until its layout, margin and
        lists are done (and 300 ms more)."""
        from PySide6.QtCore import QTimer

        self.window.open_article(self.spec["sample"])
        self.settle()
        ticks = _Ticks()
        ticks.start()
        opened = [False]

        def open_big() -> None:
            self.window.open_article(self.spec["big"])
            opened[0] = True

        QTimer.singleShot(20, open_big)
        deadline = time.perf_counter() + 60
        annotations = self.window.highlighter.annotations
        while ((not opened[0] or self.window.opening() or self.window.reader.layout_pending()
                or annotations.loading)
               and time.perf_counter() < deadline):
            self.app.processEvents()
            time.sleep(0.001)
        calm = time.perf_counter() + 0.3
        while time.perf_counter() < calm:
            self.app.processEvents()
            time.sleep(0.001)
        return ticks.stop()

    def entities_mode(self) -> str:
        """The result the entity navigator ends with: spaCy's if a model is installed, else the rules'."""
        return "spacy" if self.window.entities.model_expected else "rules"

    def wait_entities(self, timeout_s: float = 600.0) -> None:
        """Until the open article's entity jobs are done (its lists shown and cached)."""
        entities, deadline = self.window.entities, time.perf_counter() + timeout_s
        current = self.window.article.id if self.window.article is not None else None
        while ((not entities.settled() or entities.article_id != current)
               and time.perf_counter() < deadline):
            self.app.processEvents()
            time.sleep(0.002)
        if not entities.settled():
            raise RuntimeError("the entity navigator never finished the open article")

    def stall_ms(self) -> tuple[float, float]:
        """Max gap between 5 ms ticks while the large article opens and its entities are extracted
        the app's own way (a long text: in the helper process), from the open until the navigator
        shows spaCy's list (and its highlights have arrived); and the seconds to that list."""
        from PySide6.QtCore import QTimer

        from ..store.articles import get_article

        window, big = self.window, self.spec["big"]
        window.open_article(self.spec["sample"])
        self.settle()
        self.wait_entities()  # the helper idle: no earlier job ahead of the big article's
        text_hash = get_article(self.library, big).content_hash
        with self.library.write() as db:  # nothing cached: extraction really runs
            db.execute("DELETE FROM entity_cache WHERE text_hash = ?", (text_hash,))
        want, shown = self.entities_mode(), {}
        opened: list[float] = []

        def on_shown(mode: str) -> None:
            if opened and window.article is not None and window.article.id == big:
                shown.setdefault(mode, time.perf_counter())

        window.entities.entities_shown.connect(on_shown)
        ticks = _Ticks()

        def open_big() -> None:
            opened.append(time.perf_counter())
            window.open_article(big)

        ticks.start()
        QTimer.singleShot(20, open_big)
        annotations = window.highlighter.annotations
        deadline = time.perf_counter() + 600
        while (want not in shown or annotations.loading) and time.perf_counter() < deadline:
            self.app.processEvents()
            time.sleep(0.001)
        calm = time.perf_counter() + 0.3  # the work queued by the list's arrival
        while time.perf_counter() < calm:
            self.app.processEvents()
            time.sleep(0.001)
        longest = ticks.stop()
        window.entities.entities_shown.disconnect(on_shown)
        if want not in shown:
            raise RuntimeError(f"the entity navigator never showed the {want} result for the large article")
        return longest, shown[want] - opened[0]


def entities_sample_s(spec: dict) -> dict:
    """In a fresh process started as the app starts: from the window shown on the sample to its
    entity sidebar filled — first list (rules) and spaCy's list, model load included."""
    from ..store import open_library
    from ..ui.shell.app import application
    from ..ui.shell.window import MainWindow

    app = application()
    shown: dict[str, float] = {}
    library = open_library(spec["db"])
    with library.write() as db:  # as on a first start: nothing cached from earlier measures
        db.execute("DELETE FROM entity_cache")
    window = MainWindow(library, "light", defer=True)  # as the app makes it
    window.resize(1400, 900)
    window.open_initial(spec["sample"])
    window.show()
    start = time.perf_counter()
    deadline = start + 60
    watching = False
    while "spacy" not in shown and time.perf_counter() < deadline:
        if not watching and hasattr(window, "entities"):  # installed just after the first paint
            window.entities.entities_shown.connect(lambda mode: shown.setdefault(mode, time.perf_counter()))
            watching = True
            if window.entities.mode is not None:  # already shown while it was installed
                shown.setdefault(window.entities.mode, time.perf_counter())
        app.processEvents()
        time.sleep(0.001)
    if "spacy" not in shown:
        raise RuntimeError("the entity sidebar never showed spaCy's result")
    first = min(shown.values())
    return {"entities_sample_s": shown["spacy"] - start, "entities_sample_first_s": max(0.0, first - start)}


def curve_point(spec: dict) -> dict:
    """One point of ``--curve``: the median of ``opens`` opens of the article, and the median over
    ``rounds`` of the p95 of ``adds`` highlights added to it. One open first, not timed, and the
    entity helper's first job waited for: the helper starts with the first long article and
    imports spaCy on the other core meanwhile, which on this 2-core machine made the first one or
    two opens of any article up to three times slower than the rest, whatever its size."""
    bench = Bench(spec)
    bench.wait_entities()  # the sample's
    bench.open_large()
    bench.wait_entities()
    opens = [bench.open_large() for _ in range(spec["opens"])]
    bench.add_cpu_ms.clear()
    rounds = [bench.add_highlight_ms(spec["big"], spec["adds"]) for _ in range(spec["rounds"])]
    return {"open_s": statistics.median(opens), "opens_s": opens,
            "add_p95_ms": statistics.median(_percentile(r, 0.95) for r in rounds),
            "add_p50_ms": statistics.median(statistics.median(r) for r in rounds),
            "add_cpu_p50_ms": statistics.median(bench.add_cpu_ms)}


def run(spec: dict) -> dict:
    if spec.get("mode") == "entities_sample":
        return entities_sample_s(spec)
    if spec.get("mode") == "curve":
        return curve_point(spec)
    runs = spec["runs"]
    bench = Bench(spec)
    out: dict[str, float] = {}
    out["open_large_s"] = statistics.median(bench.open_large() for _ in range(runs))
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    adds, big, empty = spec["adds"], [], []
    for _ in range(runs):  # in turns: a slow spell of this machine falls on both articles alike
        big.append(_percentile(bench.add_highlight_ms(spec["big"], adds), 0.95))
        empty.append(_percentile(bench.add_highlight_ms(spec["empty"], adds), 0.95))
    out["add_highlight_p95_ms"] = statistics.median(big)
    out["add_highlight_p95_ms_empty"] = statistics.median(empty)
    bench.window.open_article(spec["big"])
    bench.settle()
    out["margin_relayout_ms"] = statistics.median(bench.margin_relayout_ms(max(5, runs * 2)))
    out["margin_reset_ms"] = statistics.median(bench.margin_relayout_ms(max(5, runs * 2), reset=True))
    bench.wait_entities()  # the large article's entities cached: the open alone is measured next
    out["ui_stall_open_ms"] = statistics.median(bench.open_stall_ms() for _ in range(3))
    stalls = [bench.stall_ms() for _ in range(3)]  # each extracts the 1 MB article again (~15 s)
    out["ui_stall_max_ms"] = statistics.median(s for s, _ in stalls)
    out["stall_extraction_s"] = statistics.median(t for _, t in stalls)
    return out


if __name__ == "__main__":  # ``python -m desktop.bench.gui SPEC.json [PARENT_PID]``
    if len(sys.argv) > 2:  # started by the benchmark: ends with it, however it ends
        from ..core import lifeline

        lifeline.tie(int(sys.argv[2]), by_main_thread=True)
    with open(sys.argv[1], encoding="utf-8") as fh:
        result = run(json.load(fh))
    print("result " + json.dumps(result), flush=True)
    os._exit(0)  # skip teardown of thousands of widgets and the thread pool
