"""The window's extraction service: one helper process, started when first used, answering with spaCy's entities."""
from __future__ import annotations

from desktop.store import entity_process
from desktop.ui.entities import service as entity_service


def test_the_service_starts_one_helper_and_answers_the_sample(qtbot, monkeypatch, sample_path):
    starts = []
    real_start = entity_process.start
    monkeypatch.setattr(entity_process, "start", lambda: starts.append(1) or real_start())
    monkeypatch.setattr(entity_service, "_service", None)
    service = entity_service.ExtractionService()
    try:
        qtbot.waitUntil(lambda: service.state != "starting", timeout=60_000)
        assert (service.state, service.mode) == ("ready", "spacy")
        with qtbot.waitSignal(service.finished, timeout=60_000) as done:
            service.submit(sample_path.read_text(encoding="utf-8"), "auto", [], None)
        assert done.args[1]["mode"] == "spacy"
        assert "Koji Yamazaki" in {e.name for e in done.args[1]["shown"]}
        assert starts == [1]
    finally:
        service._stop()
