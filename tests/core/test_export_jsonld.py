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


def _export_with(text: str, annotations: list[dict]) -> bytes:
    b = ArticleBuilder()
    b.add("paragraph", text)
    doc = to_jsonld(b.build("T"), [], exported="now")
    doc["annotations"] = annotations
    return dumps(doc).encode("utf-8")


def _anno(selectors, **extra) -> dict:
    return {"type": "Annotation", "target": {"source": "urn:x", "selector": selectors}, **extra}


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_an_imported_selector_never_contradicts_its_quote(data):
    """Whatever the position says, a stored highlight is anchored where its quote is, or orphaned."""
    text = data.draw(st.text(st.sampled_from("abc NATO Accord."), min_size=8, max_size=80).filter(str.strip)).strip()
    n = len(text)
    start = data.draw(st.integers(-5, n + 5))
    end = data.draw(st.integers(-5, n + 5))
    qs = data.draw(st.integers(0, n - 1))
    quote = data.draw(st.one_of(st.just(text[qs:qs + data.draw(st.integers(1, 8))]), st.text("xyz", min_size=1, max_size=4)))
    sel = [{"type": "TextPositionSelector", "start": start, "end": end},
           {"type": "TextQuoteSelector", "exact": quote}]
    [back] = loads(_export_with(text, [_anno(sel, **{"gloss:status": "anchored"})]), "x.json")
    (h,) = back.highlights
    assert h["quote"] == quote
    assert 0 <= h["start"] <= h["end"] <= len(back.article.text)
    if h["status"] == "anchored":
        assert back.article.text[h["start"]:h["end"]] == quote


def test_a_contradicting_position_is_re_anchored_by_its_quote_or_orphaned():
    text = "Accord between allies. NATO met in Madrid."
    wrong = [{"type": "TextPositionSelector", "start": 0, "end": 4}, {"type": "TextQuoteSelector", "exact": "NATO"}]
    nowhere = [{"type": "TextPositionSelector", "start": 0, "end": 4}, {"type": "TextQuoteSelector", "exact": "SEATO"}]
    [back] = loads(_export_with(text, [_anno(wrong), _anno(nowhere)]), "x.json")
    moved, orphan = back.highlights
    assert (moved["start"], moved["end"], moved["status"]) == (23, 27, "anchored")
    assert orphan["quote"] == "SEATO" and orphan["status"] == "orphaned"


def test_identical_annotations_are_kept_once_and_whole_page_notes_are_not_the_article_note():
    text = "Accord between allies. NATO met in Madrid."
    sel = [{"type": "TextPositionSelector", "start": 23, "end": 27}, {"type": "TextQuoteSelector", "exact": "NATO"}]
    page_note = {"type": "Annotation", "target": "https://example.org/page",
                 "body": {"type": "TextualBody", "value": "someone else's page note"}}
    [back] = loads(_export_with(text, [_anno(sel, **{"gloss:id": 7})] * 3 + [_anno(sel)] * 2 + [page_note]),
                   "x.json")
    assert [h["id"] for h in back.highlights] == [7, None]
    assert back.article.note == ""
    assert back.skipped == ["annotation 6 targets the whole article, not a passage"]


@pytest.mark.parametrize("where", ["gloss:id", "mentions", "first", "start"])
def test_integers_too_large_to_store_are_refused_or_dropped(where):
    text = "Accord between allies. NATO met in Madrid."
    big = 10**30
    sel = [{"type": "TextPositionSelector", "start": big if where == "start" else 23, "end": 27},
           {"type": "TextQuoteSelector", "exact": "NATO"}]
    data = json.loads(_export_with(text, [_anno(sel, **{"gloss:id": big if where == "gloss:id" else 3})]))
    data["article"]["entities"] = [{"name": "NATO", "type": "ORG", "mentions": big if where == "mentions" else 1,
                                    "first": big if where == "first" else 23}]
    raw = json.dumps(data).encode()
    if where in ("mentions", "start"):
        with pytest.raises(ImportRefused, match="out of range"):
            loads(raw, "x.json")
        return
    [back] = loads(raw, "x.json")
    assert back.highlights[0]["id"] in (None, 3) and back.entities[0]["first"] in (None, 23)
