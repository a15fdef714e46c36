"""The entity store: the cache by text and pipeline, per-article rows, corrections everywhere, undo."""

from __future__ import annotations

import json

from desktop.core.article import ArticleBuilder
from desktop.core.entities import PIPELINE_VERSION, extract
from desktop.store.articles import add_article
from desktop.store.entities import (add_entity, articles_mentioning, cached, entities_for, hide_entity,
                                    highlight_mentions, list_corrections, merge_entities, other_article_counts,
                                    pipeline_key, preferred_mode, remove_correction, remove_highlights,
                                    rename_entity, restore_correction, restore_highlights, retype_entity,
                                    split_alias, sync_rows)
from desktop.store.highlights import list_highlights
from desktop.store.revisions import update_article_text


def article(title: str, *paragraphs: str):
    builder = ArticleBuilder()
    for p in paragraphs:
        builder.add("paragraph", p)
    return builder.build(title)


def add(lib, title, *paragraphs) -> int:
    return add_article(lib, article(title, *paragraphs))[0]


def rows(lib, article_id) -> dict[str, tuple]:
    return {name: (etype, count, first) for name, etype, count, first in lib.db.execute(
        'SELECT name, type, mentions, "first" FROM article_entities WHERE article_id = ?', [article_id])}


def by_name(entities):
    return {e.name: e for e in entities}


def test_sample_entities_are_computed_cached_and_recorded(lib, sample_id):
    entities, mode = entities_for(lib, sample_id)
    names = by_name(entities)
    assert mode == preferred_mode()
    assert names["Japan"].type == "GPE" and names["NATO"].type == "ORG"
    assert names["Koji Yamazaki"].type == "PERSON" and "Yamazaki" in names["Koji Yamazaki"].aliases
    text_hash = lib.db.execute("SELECT content_hash FROM articles WHERE id = ?", [sample_id]).fetchone()[0]
    row = lib.db.execute("SELECT pipeline FROM entity_cache WHERE text_hash = ?", [text_hash]).fetchone()
    assert row[0] == f"{PIPELINE_VERSION}/{mode}"
    # the rows the sidebar's "other articles" and search read
    assert rows(lib, sample_id)["Japan"] == ("GPE", len(names["Japan"].mentions), names["Japan"].mentions[0].start)


def test_a_cache_hit_does_not_extract_again(lib, sample_id, monkeypatch):
    first, _ = entities_for(lib, sample_id)
    import desktop.core.entities as pipeline

    monkeypatch.setattr(pipeline, "extract", lambda *a, **k: (_ for _ in ()).throw(AssertionError("extracted")))
    again, _ = entities_for(lib, sample_id)
    assert [(e.name, e.type, e.mentions) for e in again] == [(e.name, e.type, e.mentions) for e in first]


def test_the_cache_is_keyed_by_text_and_pipeline(lib, monkeypatch):
    import desktop.core.entities as pipeline
    import desktop.store.entities as store

    a = add(lib, "One", "Angela Merkel met Emmanuel Macron in Paris.")
    calls = []
    real = extract
    # a machine without a spaCy model: "auto" runs the rules
    monkeypatch.setattr(store, "model_installed", lambda: False)
    monkeypatch.setattr(pipeline, "extract", lambda text, **k: calls.append(k) or real(text, mode="rules"))
    entities, mode = entities_for(lib, a, mode="auto")
    assert mode == "rules" and "Paris" in by_name(entities)
    text_hash = lib.db.execute("SELECT content_hash FROM articles WHERE id = ?", [a]).fetchone()[0]
    assert cached(lib, text_hash, "rules") is not None
    assert cached(lib, text_hash, "spacy") is None
    entities_for(lib, a)
    assert len(calls) == 1  # served from the cache
    # once a model exists, the rules result is not served: the text is analysed again
    monkeypatch.setattr(store, "model_installed", lambda: True)
    entities_for(lib, a)
    assert len(calls) == 2
    # a different text is a miss too
    b = add(lib, "Two", "Angela Merkel met Emmanuel Macron in Berlin.")
    entities_for(lib, b)
    assert len(calls) == 3 and pipeline_key("spacy") != pipeline_key("rules")


def test_corrections_apply_to_an_article_imported_later(lib, sample_id):
    entities_for(lib, sample_id)
    rename_entity(lib, "Koji Yamazaki", "Gen. Koji Yamazaki", "PERSON")
    retype_entity(lib, "Far East", "GPE", "LOC")
    hide_entity(lib, "May 19", "DATE")
    names = by_name(entities_for(lib, sample_id)[0])
    assert "Gen. Koji Yamazaki" in names and "Koji Yamazaki" in names["Gen. Koji Yamazaki"].aliases
    assert names["Far East"].type == "GPE" and "May 19" not in names
    later = add(lib, "Later", "Koji Yamazaki spoke in Tokyo on May 19.", "Yamazaki said Japan would join.")
    names = by_name(entities_for(lib, later)[0])
    assert "Gen. Koji Yamazaki" in names and "Koji Yamazaki" not in names
    assert "May 19" not in names
    assert "Gen. Koji Yamazaki" in rows(lib, later) and "May 19" not in rows(lib, later)


def test_rows_follow_corrections_in_every_article_at_once(lib, sample_id):
    other = add(lib, "Other", "NATO met in Brussels. NATO leaders spoke.")
    entities_for(lib, sample_id)
    entities_for(lib, other)
    cid = rename_entity(lib, "NATO", "North Atlantic Treaty Organization", "ORG")
    for aid in (sample_id, other):
        assert "North Atlantic Treaty Organization" in rows(lib, aid) and "NATO" not in rows(lib, aid)
    record = remove_correction(lib, cid)
    for aid in (sample_id, other):
        assert "NATO" in rows(lib, aid) and "North Atlantic Treaty Organization" not in rows(lib, aid)
    assert restore_correction(lib, record) == cid
    assert "North Atlantic Treaty Organization" in rows(lib, other)
    assert [c["id"] for c in list_corrections(lib)] == [cid]


def test_merge_split_and_add_from_a_selection(lib, sample_id):
    entities_for(lib, sample_id)
    merge_entities(lib, ["Asia", "Asia-Pacific"], "Asia-Pacific")
    names = by_name(entities_for(lib, sample_id)[0])
    assert "Asia" not in names and "Asia" in names["Asia-Pacific"].aliases
    assert len(names["Asia-Pacific"].mentions) == 11
    split_alias(lib, "United States", "US")
    names = by_name(entities_for(lib, sample_id)[0])
    assert "US" in names and "US" not in names["United States"].aliases
    text = lib.db.execute("SELECT text FROM articles WHERE id = ?", [sample_id]).fetchone()[0]
    start = text.index("Eastward")
    cid = add_entity(lib, "Eastward", "EVENT", sample_id, [(start, start + 8, "Eastward")])
    names = by_name(entities_for(lib, sample_id)[0])
    assert names["Eastward"].type == "EVENT" and names["Eastward"].mentions[0].start == start
    # the selection's offsets belong to that article only; elsewhere the name is found by itself
    elsewhere = add(lib, "Elsewhere", "Nothing to see here at all, just words.", "Eastward ho, said the captain.")
    found = by_name(entities_for(lib, elsewhere)[0])["Eastward"].mentions
    etext = lib.db.execute("SELECT text FROM articles WHERE id = ?", [elsewhere]).fetchone()[0]
    assert [etext[m.start:m.end] for m in found] == ["Eastward"]
    remove_correction(lib, cid)
    assert "Eastward" not in by_name(entities_for(lib, sample_id)[0])


def test_rows_are_refreshed_after_the_text_changes(lib, sample_id):
    a = add(lib, "Changing", "Angela Merkel visited Paris.")
    entities_for(lib, a)
    assert "Paris" in rows(lib, a)
    update_article_text(lib, a, article("Changing", "Angela Merkel visited Madrid."))
    entities_for(lib, a)
    assert "Madrid" in rows(lib, a) and "Paris" not in rows(lib, a)
    assert sync_rows(lib, a, entities_for(lib, a)[0]) is False  # already in step: no write


def test_articles_mentioning_finds_other_articles_by_name_and_alias(lib, sample_id):
    b = add(lib, "B", "The US and Japan signed a treaty.", "Japan agreed.")
    c = add(lib, "C", "Nothing here but Canada.")
    for aid in (sample_id, b, c):
        entities_for(lib, aid)
    found = articles_mentioning(lib, "Japan", "GPE", exclude_id=sample_id)
    assert [r["id"] for r in found] == [b] and found[0]["mentions"] == 2
    text_b = lib.db.execute("SELECT text FROM articles WHERE id = ?", [b]).fetchone()[0]
    assert text_b[found[0]["first"]:].startswith("Japan")
    # "United States" is named "US" in B: found through the alias
    us = by_name(entities_for(lib, sample_id)[0])["United States"]
    assert [r["id"] for r in articles_mentioning(lib, us.name, us.type, sample_id, us.aliases)] == [b]
    counts = other_article_counts(lib, entities_for(lib, sample_id)[0], sample_id)
    assert counts[("Japan", "GPE")] == 1 and counts[("NATO", "ORG")] == 0


def test_highlight_mentions_is_one_step_and_undoable(lib, sample_id):
    japan = by_name(entities_for(lib, sample_id)[0])["Japan"]
    spans = [(m.start, m.end) for m in japan.mentions]
    records = highlight_mentions(lib, sample_id, spans, "purple")
    assert len(records) == len(spans) == 27
    assert {(h["start"], h["end"]) for h in list_highlights(lib, sample_id)} == set(spans)
    assert all(h["color"] == "purple" and h["quote"] == "Japan" for h in list_highlights(lib, sample_id))
    assert highlight_mentions(lib, sample_id, spans, "purple") == []  # already highlighted: nothing twice
    remove_highlights(lib, records)
    assert list_highlights(lib, sample_id) == []
    restore_highlights(lib, records)
    assert [h["id"] for h in list_highlights(lib, sample_id)] == [r["id"] for r in records]


def test_the_cache_holds_the_cli_json_shape(lib, sample_id):
    entities_for(lib, sample_id)
    data = json.loads(lib.db.execute("SELECT data FROM entity_cache").fetchone()[0])
    assert set(data[0]) == {"name", "type", "aliases", "mentions"}
    text = lib.db.execute("SELECT text FROM articles WHERE id = ?", [sample_id]).fetchone()[0]
    assert all(text[m["start"]:m["end"]] == m["text"] for d in data for m in d["mentions"])
    assert extract(text, mode="rules").entities  # the text is the article's canonical text
