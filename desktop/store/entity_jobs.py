"""Entity extraction as jobs for a helper process: the GUI sends texts, the helper sends results.

spaCy keeps the interpreter lock for seconds on a long text; run in a thread of the GUI process
it would make every repaint wait its turn. The helper (``serve``) loads the model once, then for
each job extracts, applies the user's corrections and sends back plain JSON. No Qt and no database
here: the GUI process stores what comes back. Starting and ending the helper is ``entity_process``.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from typing import Any

from ..core.entities import from_json, preload, to_json
from ..core.entities.model import to_rows

# The extraction pipeline and the corrections load in the helper, when it first runs a job: the
# app imports this module (for ``serve``) while it starts, and needs neither.


def model_label() -> str:
    """"en_core_web_sm 3.8.0": the loaded spaCy package and its version ("" without a model)."""
    from importlib import metadata

    from ..core.entities import spacy_ner

    loaded = spacy_ner.load()
    if not loaded:
        return ""
    try:
        return f"{loaded[1]} {metadata.version(loaded[1])}"
    except metadata.PackageNotFoundError:
        return loaded[1]


def run_job(text: str, mode: str, corrections: list[dict], article_id: int | None,
            data: str | None = None, progress=None) -> dict:
    """Extract (or parse the cached ``data``), apply the corrections; everything as plain data:
    ``{"mode", "model", "data" (raw JSON, None when it came from the cache), "shown", "hidden"}``,
    the entities shown and hidden in the compact form of ``to_rows``."""
    from ..core.entities import extract
    from .entities import corrected, hidden

    if data is not None:
        raw, model, fresh = from_json(json.loads(data)), None, None
    else:
        result = extract(text, mode=mode, progress=progress)
        raw, mode, model = result.entities, result.mode, result.model
        fresh = json.dumps(to_json(raw), ensure_ascii=False, separators=(",", ":"))
    return {"mode": mode, "model": model, "data": fresh, "raw": raw,
            "shown": to_rows(corrected(raw, corrections, text, article_id)),
            "hidden": [(to_rows([e])[0], cid) for e, cid in hidden(raw, corrections, text, article_id)]}


class Channel:
    """Two one-way pipes as one connection (``send``, ``recv``, ``close``), framed and pickled by
    ``multiprocessing.connection``: between the app and its helper, and the helper's side of it."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        from multiprocessing.connection import Connection

        self._in = Connection(read_fd, writable=False)
        self._out = Connection(write_fd, readable=False)

    def send(self, message: Any) -> None:
        self._out.send(message)

    def recv(self) -> Any:
        return self._in.recv()

    def poll(self, timeout: float) -> bool:
        """Whether a message (or the end) is there to read, waiting at most ``timeout`` seconds."""
        return self._in.poll(timeout)

    def close(self) -> None:
        self._out.close()
        self._in.close()


IDLE_BEFORE_LOAD_S = 0.05  # after a cached job is answered, none more waiting this long: the model loads
LONG_TEXT = 20_000  # characters: tagging this many takes about half a second on a slow machine


def _background() -> None:
    """Below the app's priority from now on, so extracting a long text (here and in any helper
    started for it) never takes the CPU the window needs to paint or answer a key.

    Only once a long text comes: the model loads, and a short article (the sample: ~0.15 s) is
    tagged, at full priority. Niced, the sample's job took 1.5 s instead of 0.26 s with one busy
    process sharing the helper's core; on an idle core it makes no difference either way."""
    with contextlib.suppress(AttributeError, OSError):
        os.nice(10)


def serve(conn: Any) -> None:
    """The helper process: answer jobs until the pipe closes, loading the model (and saying so)
    before the first that needs it, or when none is waiting.

    Messages in: ("job", id, text, mode, corrections, article_id, cached JSON or None). Out: ("ready", mode, label),
    ("progress", id, fraction), ("done", id, result without "raw"), ("failed", id, message).
    """
    loaded = False

    def load() -> bool:
        """Load the model (once) and say which mode it runs; False if the app is gone."""
        nonlocal loaded
        if loaded:
            return True
        loaded = True
        try:
            ready = ("ready", preload(), model_label())
        except BaseException as exc:  # no model after all: the GUI process falls back to its threads
            ready = ("ready", "rules", f"({exc})")
        try:
            conn.send(ready)
        except OSError:  # the app is gone (closed while the model loaded): nobody to answer
            return False
        return True

    niced = False
    wait = 0.0  # at start, only a job already waiting comes before the model (see below)
    while True:
        # A job with a cached result (a long article opened again) needs no model: it is answered
        # first; the model loads for the first job that needs it, or as soon as none is waiting.
        # At start nothing is waited for: the window asks for its article's list once it is built
        # (0.3 s after starting the helper, here), and the wait would only put the model off; a
        # helper started again finds the jobs already sent waiting.
        if not loaded and not conn.poll(wait):
            if not load():
                return
            continue
        wait = IDLE_BEFORE_LOAD_S
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if not message or message[0] != "job":
            return
        _, job, text, mode, corrections, article_id, *rest = message
        data = rest[0] if rest else None  # a cached result: parsed and corrected here, not extracted
        if data is None and not load():
            return
        if not niced and data is None and len(text) > LONG_TEXT:
            _background()
            niced = True

        def progress(fraction: float, job=job) -> None:
            conn.send(("progress", job, fraction))

        try:
            out = run_job(text, mode, corrections, article_id, data=data, progress=progress)
            out.pop("raw")
            conn.send(("done", job, out))
        except (EOFError, OSError, BrokenPipeError):
            return
        except Exception as exc:
            conn.send(("failed", job, f"{type(exc).__name__}: {exc}"))


if __name__ == "__main__":
    # The helper process: ``python -m desktop.store.entity_jobs IN_FD OUT_FD PARENT_PID main|thread``
    # (the last: whether the parent started it from its main thread; see core.lifeline). It ends
    # with the parent, however the parent ends, even while it loads the model or tags a long text.
    from ..core import lifeline

    lifeline.tie(int(sys.argv[3]), by_main_thread=sys.argv[4] == "main")
    # One thread computes here (long texts get a second process, not threads): numpy's OpenBLAS
    # pool of threads would only cost start-up time (~0.1 s on a busy 2-core machine).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    serve(Channel(int(sys.argv[1]), int(sys.argv[2])))
    # Everything is sent; tearing spaCy's modules down would take 0.1-0.3 s of a core for nothing,
    # and the app (or the next one started) may want it.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
