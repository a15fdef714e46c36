"""The entity helper process: started by the window, it answers the sample's job with spaCy's entities."""
from __future__ import annotations

import os

import pytest

from desktop.store import entity_jobs, entity_process
from desktop.store.entity_jobs import Channel, run_job


@pytest.fixture
def helper():
    """A helper started as the window starts it, and the pipe to it."""
    pipes, process = entity_process.start()
    conn = Channel(*pipes)
    yield conn, process
    conn.close()
    entity_process.end(process)


def answer(conn, job: int) -> dict:
    while True:
        message = conn.recv()
        if message[0] in ("done", "failed") and message[1] == job:
            assert message[0] == "done", message
            return message[2]


def test_the_helper_answers_the_samples_job_with_spacys_entities(helper, sample_path):
    conn, _ = helper
    text = sample_path.read_text(encoding="utf-8")
    conn.send(("job", 1, text, "auto", [], None, None))  # sent at once, as the window does
    kind, mode, label = conn.recv()
    assert (kind, mode) == ("ready", "spacy") and label
    out = answer(conn, 1)
    assert out["mode"] == "spacy"
    assert out["shown"] == run_job(text, "auto", [], None)["shown"]
    assert {"Koji Yamazaki", "NATO", "Japan"} <= {name for name, _type, _aliases, _mentions in out["shown"]}


def test_a_cached_result_is_answered_before_the_model_loads(helper, sample_path):
    """A long article opened again: its cached list is parsed and corrected at once, not after
    spaCy's import and the model's load (a second or more); the model loads next, unasked."""
    conn, _ = helper
    text = sample_path.read_text(encoding="utf-8")
    cached = run_job(text, "rules", [], None)["data"]
    conn.send(("job", 1, text, "rules", [], None, cached))
    first = conn.recv()
    assert first[:2] == ("done", 1)  # before any "ready": no model was needed
    assert first[2]["shown"] == run_job(text, "rules", [], None, data=cached)["shown"]
    kind, mode, label = conn.recv()
    assert (kind, mode) == ("ready", "spacy") and label  # then the model, with no job waiting


def test_the_helper_yields_the_cpu_to_the_window_only_once_a_long_text_comes(helper, sample_path):
    conn, process = helper
    text = sample_path.read_text(encoding="utf-8")
    own = os.getpriority(os.PRIO_PROCESS, 0)
    conn.send(("job", 1, text, "auto", [], None, None))
    answer(conn, 1)
    assert os.getpriority(os.PRIO_PROCESS, process.pid) == own  # the first article's list comes quickly
    long_text = "\n".join([text] * (entity_jobs.LONG_TEXT // len(text) + 1))
    conn.send(("job", 2, long_text, "auto", [], None, None))
    answer(conn, 2)
    assert os.getpriority(os.PRIO_PROCESS, process.pid) == min(19, own + 10)



def test_the_helper_ends_by_itself_once_the_app_closes_its_pipe(helper, sample_path):
    """As when the app is gone without ending it (killed, say): the helper sees the pipe closed
    after its last answer and exits cleanly, rather than lingering."""
    conn, process = helper
    conn.send(("job", 1, sample_path.read_text(encoding="utf-8"), "auto", [], None, None))
    assert conn.recv()[0] == "ready"
    answer(conn, 1)
    conn.close()
    assert process.wait(30) == 0


class _Pipe:
    """The app's end of the pipe as ``serve`` sees it, with no job coming: what it waited for."""

    def __init__(self) -> None:
        self.waited: list[float] = []
        self.sent: list[tuple] = []

    def poll(self, timeout: float) -> bool:
        self.waited.append(timeout)
        return False

    def send(self, message) -> None:
        self.sent.append(message)

    def recv(self):
        raise EOFError  # the app closed the pipe


def test_the_helper_loads_the_model_at_once_when_no_job_is_waiting(monkeypatch):
    """The window asks for its first list only once it is built; waiting for a job first (50 ms,
    as it did) only put the model off by that much, on the way from the window to spaCy's list."""
    pipe = _Pipe()
    loads: list[float] = []
    monkeypatch.setattr(entity_jobs, "preload", lambda: loads.append(sum(pipe.waited)) or "rules")
    monkeypatch.setattr(entity_jobs, "model_label", lambda: "")
    entity_jobs.serve(pipe)
    assert loads == [0.0]  # loaded once, after waiting for nothing
    assert pipe.sent == [("ready", "rules", "")]
