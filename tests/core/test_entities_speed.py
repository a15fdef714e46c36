"""Big texts: the two-process split gives the same spans, and the rules pass stays cheap."""
from __future__ import annotations

import time

from desktop.core.entities import bench, extract, spacy_ner
from desktop.core.entities.pipeline import paragraphs


def test_two_process_tagging_equals_one_process():
    text = bench.big_article(spacy_ner.PARALLEL_CHARS + 20_000)
    paras = [p for _, p in paragraphs(text)]
    nlp = spacy_ner.load()[0]
    assert spacy_ner.tag(paras) == spacy_ner._spans(nlp, paras)


def test_big_article_gives_the_same_entities_as_the_sample():
    small = bench.big_article(1)
    big = bench.big_article(300_000)
    a = {(e.name, e.type) for e in extract(small).entities}
    b = extract(big).entities
    assert {(e.name, e.type) for e in b} == a
    for e in b:
        assert all(big[m.start:m.end] == m.text for m in e.mentions)


def test_rules_pass_is_cheap():
    text = bench.big_article(300_000)
    start = time.perf_counter()
    extract(text, mode="rules")
    words = len(text.split())
    assert words / (time.perf_counter() - start) > 30_000
