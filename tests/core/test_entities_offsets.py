"""Property tests: mentions are exact code-point offsets whatever the text contains."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.entities import extract

PIECES = ["Japan", "ROK", "the US", "Gen. Koji Yamazaki", "Yamazaki's", "NATO", "DPRK", "(JSDF)",
          "Japan Self-Defense Forces", "May 19", "in 2019", "Brussels", "the", "of", "and", "said",
          ",", ".", "\n", "\r\n", "😀", "𝔘𝔖", "日本", "é", "e\u0301", "\u05e9\u05dc\u05d5\u05dd",
          "\u00a0", "'s", "Ministry of Defense", "\t", "The", "Dr.", "Lisa Su", "Su"]
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=40).map(" ".join)


def check(text: str, mode: str) -> None:
    spans = []
    for entity in extract(text, mode=mode).entities:
        assert entity.mentions, entity
        for m in entity.mentions:
            assert 0 <= m.start < m.end <= len(text)
            assert text[m.start:m.end] == m.text
            assert "\n" not in m.text
            spans.append((m.start, m.end))
    spans.sort()
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_rules_mode_offsets(text):
    check(text, "rules")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_spacy_mode_offsets(text):
    check(text, "spacy")


def test_offsets_after_astral_characters():
    text = "😀😀 Japan and 𝔘𝔖 the ROK.\n日本 NATO"
    for mode in ("rules", "spacy"):
        found = {m.text: m.start for e in extract(text, mode=mode).entities for m in e.mentions}
        assert found["Japan"] == 3 and found["ROK"] == 20 and found["NATO"] == text.index("NATO")
