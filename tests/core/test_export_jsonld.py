"""The JSON export is W3C Web Annotation JSON-LD and reads back into exactly the same data."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.article import ArticleBuilder
from desktop.core.errors import ImportRefused
from desktop.core.export.jsonld import ANNO_CONTEXT, dumps, loads, to_jsonld

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)


@st.composite
def annotated(draw):
    b = ArticleBuilder()
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["paragraph", "heading", "quote", "cell", "footnote"]))
        text = draw(TEXT).strip() or "x"
        page = draw(st.one_of(st.none(), st.integers(1, 400)))  # a PDF's blocks know their page
        turns = [(len(text) // 2, page + 1)] if page and len(text) > 1 and draw(st.booleans()) else None
        cell = (0, draw(st.integers(0, 9)), draw(st.integers(0, 9))) if kind == "cell" else None
        span = (draw(st.integers(1, 3)), draw(st.integers(1, 3))) if kind == "cell" else None
        b.add(kind, text, level=2 if kind == "heading" else 0, page=page, page_breaks=turns, cell=cell, span=span)
    article = b.build(draw(TEXT).strip() or "T", author=draw(TEXT), url="https://example.com/a")
    article.id = draw(st.integers(1, 1000))
    article.note = draw(st.text(max_size=30).filter(lambda s: "\x00" not in s))
    n = len(article.text)
    highlights = []
    for hid in draw(st.sets(st.integers(1, 10**6), max_size=6)):
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start + 1, n))
        highlights.append({"id": hid, "start": start, "end": end, "quote": article.text[start:end],
                           "prefix": article.text[max(0, start - 32):start], "suffix": article.text[end:end + 32],
                           "color": draw(st.sampled_from(["yellow", "green"])),
                           "label": "L", "note": draw(st.text(max_size=30)),
                           "tags": sorted(draw(st.sets(TEXT.map(str.strip).filter(bool), max_size=3))),
                           "status": draw(st.sampled_from(["anchored", "orphaned"])),
                           "created": "2024-01-01T00:00:00Z", "updated": "2024-01-02T00:00:00Z"})
    return article, highlights


COLORS = [{"key": "yellow", "label": "L", "light": "#ff0", "dark": "#880"},
          {"key": "green", "label": "L", "light": "#0f0", "dark": "#080"}]


@settings(max_examples=150, deadline=None)
@given(annotated(), st.lists(TEXT.map(str.strip).filter(bool), max_size=3))  # tags as a library holds them
def test_round_trip_loses_nothing(data, tags):
    article, highlights = data
    doc = to_jsonld(article, highlights, tags=tags, colors=COLORS, note_updated="2024-01-03T00:00:00Z",
                    added="2024-01-01T00:00:00Z", exported="now",
                    entities=[{"name": "Japan", "type": "GPE", "mentions": 3, "first": 0}])
    [back] = loads(dumps(doc).encode("utf-8"), "x.json")
    got = back.article
    for key in ("title", "text", "blocks", "spans", "author", "url", "meta", "format", "note"):
        assert getattr(got, key) == getattr(article, key), key
    assert back.tags == sorted(set(tags)) and back.added == "2024-01-01T00:00:00Z"
    assert back.note_updated == ("2024-01-03T00:00:00Z" if article.note else "")
    assert back.entities == [{"name": "Japan", "type": "GPE", "mentions": 3, "first": 0}]
    assert back.highlights == highlights


def test_annotation_shape():
    b = ArticleBuilder()
    b.add("paragraph", "Alpha beta gamma.")
    article = b.build("T")
    article.id = 1
    h = {"id": 5, "start": 6, "end": 10, "quote": "beta", "prefix": "Alpha ", "suffix": " gamma.", "color": "blue",
         "label": "Question", "note": "why?", "tags": ["t"], "status": "anchored", "created": "c", "updated": "u"}
    doc = json.loads(dumps(to_jsonld(article, [h])))
    assert doc["@context"][0] == ANNO_CONTEXT and doc["article"]["text"] == "Alpha beta gamma."
    [anno] = doc["annotations"]
    assert anno["@context"] == ANNO_CONTEXT and anno["type"] == "Annotation" and anno["motivation"] == "commenting"
    assert anno["target"]["source"] == doc["article"]["id"] == "urn:sha256:" + article.content_hash
    assert anno["target"]["selector"] == [
        {"type": "TextPositionSelector", "start": 6, "end": 10},
        {"type": "TextQuoteSelector", "exact": "beta", "prefix": "Alpha ", "suffix": " gamma."}]
    assert {"type": "TextualBody", "purpose": "commenting", "value": "why?", "format": "text/plain"} in anno["body"]
    assert {"type": "TextualBody", "purpose": "tagging", "value": "t"} in anno["body"]
    assert anno["gloss:color"] == "blue" and anno["created"] == "c" and anno["modified"] == "u"
    assert anno["id"].startswith("gloss://article/1?highlight=5")


@pytest.mark.parametrize("value", [
    {"article": {"text": "abc", "blocks": [{"kind": "script", "start": 0, "end": 1}]}},
    {"article": {"text": "abc", "spans": [{"kind": "em", "start": -1, "end": 1}]}},
    {"article": {"text": "abc", "title": 5}},
    {"article": {"text": "abc", "meta": {"k": [1]}}},
    {"article": {"text": "abc"}, "annotations": [{"type": "Annotation", "target": {"selector": [
        {"type": "TextPositionSelector", "start": 2, "end": 2}]}}]},
    {"article": {"text": "abc"}, "annotations": [{"type": "Annotation", "target": {"selector": [
        {"type": "TextPositionSelector", "start": True, "end": 2}]}}]},
    {"article": {"text": "abc"}, "annotations": [{"type": "Annotation", "target": {"selector": [
        {"type": "FragmentSelector", "value": "x"}]}}]},
    {"article": {"text": "e\u0301"}},
])
def test_invalid_exports_are_refused(value):
    with pytest.raises(ImportRefused) as exc:
        loads(json.dumps(value).encode(), "f.json")
    assert "\n" not in str(exc.value) and str(exc.value).startswith("f.json")


def test_unsafe_span_links_are_dropped():
    value = {"article": {"text": "abc", "spans": [{"kind": "link", "start": 0, "end": 1, "href": "javascript:x"}]}}
    [back] = loads(json.dumps(value).encode(), "f.json")
    assert back.article.spans[0].href == ""
