"""Full-text search: every kind of match, ranking, snippets, safe query parsing, index upkeep."""

from __future__ import annotations

import pytest

from desktop.core.importers import parse_text
from desktop.store.articles import add_article, get_article, mark_opened, save_position
from desktop.store.highlights import add_highlight, delete_highlight, edit_note, set_tags
from desktop.store.library_ops import delete_article, restore_article, set_article_tags
from desktop.store.search import JSON_KEYS, fts_query, locate, search


def add(lib, title: str, body: str) -> int:
    article_id, _ = add_article(lib, parse_text(f"{title}\n\n{body}", ".txt", title))
    return article_id


def span(lib, article_id, quote):
    text = get_article(lib, article_id).text
    start = text.index(quote)
    return start, start + len(quote)


@pytest.fixture
def two(lib):
    a = add(lib, "Harbour dredging in Rotterdam", "The port authority began dredging the outer harbour in spring.")
    b = add(lib, "Alpine glaciers retreat", "Glaciers in the Alps lost a tenth of their ice; the harbour town below flooded.")
    return a, b


def test_finds_article_text_with_marked_snippet(lib, two):
    a, b = two
    results = search(lib, "glaciers")
    assert [r["article"] for r in results] == [b]
    hit = results[0]
    assert hit["kind"] == "article" and hit["title"] == "Alpine glaciers retreat"
    assert "[Glaciers]" in hit["snippet"] and hit["quote"] == ""


def test_title_match_outranks_a_passing_mention(lib, two):
    a, b = two
    assert [r["article"] for r in search(lib, "harbour")][:2] == [a, b]


def test_words_are_stemmed_and_all_must_match(lib, two):
    a, b = two
    assert [r["article"] for r in search(lib, "dredge")] == [a]  # porter: dredging -> dredg
    assert [r["article"] for r in search(lib, "harbour glaciers")] == [b]


def test_phrase_prefix_or_and_exclusion(lib, two):
    a, b = two
    assert [r["article"] for r in search(lib, '"outer harbour"')] == [a]
    assert search(lib, '"harbour outer"') == []
    assert [r["article"] for r in search(lib, "glac*")] == [b]
    assert {r["article"] for r in search(lib, "rotterdam OR alps")} == {a, b}
    assert [r["article"] for r in search(lib, "harbour -glaciers")] == [a]


@pytest.mark.parametrize("query", ['"', '"unclosed phrase', "AND", "OR", "NOT", "*", "a:b", "NEAR(x y",
                                   "col:umn", "'", "^start", "-", "--", "(", ")", "{title}: x", "x +",
                                   "\\", "\x00", "🙂", "   ", "", "NEAR", '""', "-harbour", "harbour*:"])
def test_no_query_raises(lib, two, query):
    results = search(lib, query)
    assert isinstance(results, list)


def test_query_parsing_quotes_every_term():
    assert fts_query("port") == '"port"'
    assert fts_query('say "hello there"') == '"say" AND "hello there"'
    assert fts_query("glac*") == '"glac"*'
    assert fts_query('a"b') == '"a""b"'  # the quote is kept inside one safe string
    assert fts_query("x -y") == '("x") NOT "y"'
    assert fts_query("-y") == ""
    assert fts_query("NEAR(") == '"NEAR("'


def test_quotes_notes_and_tags_of_highlights(lib, two):
    a, b = two
    record = add_highlight(lib, a, *span(lib, a, "dredging the outer harbour"), note="Costs rose by *40%*",
                           tags=["infrastructure"])
    kinds = {r["kind"]: r for r in search(lib, "outer")}
    assert kinds["highlight"]["quote"] == "dredging the outer harbour"
    assert kinds["highlight"]["highlight"] == record["id"]
    assert (kinds["highlight"]["start"], kinds["highlight"]["end"]) == (record["start"], record["end"])
    note = [r for r in search(lib, "costs") if r["kind"] == "note"]
    assert note and note[0]["quote"] == "dredging the outer harbour" and "[Costs]" in note[0]["snippet"]
    tag = [r for r in search(lib, "infrastructure") if r["kind"] == "tag"]
    assert tag[0]["article"] == a and tag[0]["quote"] == "dredging the outer harbour"


def test_index_follows_edits_and_deletes(lib, two):
    a, _b = two
    record = add_highlight(lib, a, *span(lib, a, "port authority"), note="first thought")
    edit_note(lib, record["id"], "second opinion")
    assert not [r for r in search(lib, "thought") if r["kind"] == "note"]
    assert [r for r in search(lib, "opinion") if r["kind"] == "note"]
    set_tags(lib, record["id"], ["logistics"])
    assert [r["kind"] for r in search(lib, "logistics")] == ["tag"]
    set_tags(lib, record["id"], [])
    assert search(lib, "logistics") == []  # a removed tag finds nothing
    delete_highlight(lib, record["id"])
    assert search(lib, "opinion") == []


def test_article_tags_and_entity_names(lib, two):
    a, b = two
    set_article_tags(lib, b, ["climate", "Europe"])
    assert [(r["article"], r["kind"], r["snippet"]) for r in search(lib, "climate")] == [(b, "tag", "#[climate]")]
    with lib.write() as db:
        db.execute('INSERT INTO article_entities (article_id, name, type, mentions, "first") VALUES (?, ?, ?, ?, ?)',
                   [a, "Port of Rotterdam Authority", "ORG", 3, 4])
    entity = [r for r in search(lib, "authority") if r["kind"] == "entity"]
    assert entity[0]["article"] == a and entity[0]["quote"] == "Port of Rotterdam Authority"
    assert "ORG" in entity[0]["snippet"]


def test_deleted_article_is_not_found_and_restored_one_is(lib, two):
    a, b = two
    set_article_tags(lib, a, ["shipping"])
    record = delete_article(lib, a)
    assert search(lib, "dredging") == [] and search(lib, "shipping") == []
    restore_article(lib, record)
    assert {r["kind"] for r in search(lib, "dredging shipping")} <= {"article", "tag"}
    assert [r["article"] for r in search(lib, "dredging")] == [a]
    assert [r["kind"] for r in search(lib, "shipping")] == ["tag"]


def test_position_saves_do_not_reindex(lib, two):
    a, _b = two
    before = lib.db.execute("SELECT count(*) FROM articles_fts_data").fetchone()[0]
    for _ in range(5):
        save_position(lib, a, 10, 0.5)
        mark_opened(lib, a)
    assert lib.db.execute("SELECT count(*) FROM articles_fts_data").fetchone()[0] == before
    assert [r["article"] for r in search(lib, "dredging")] == [a]


def test_results_have_the_cli_keys_and_respect_limit(lib):
    for i in range(8):
        add(lib, f"Report {i}", f"Quarterly shipping volume number {i}.")
    results = search(lib, "shipping", limit=5)
    assert len(results) == 5
    assert all(set(JSON_KEYS) <= set(r) for r in results)


def test_non_bmp_and_cjk_text(lib):
    aid = add(lib, "Mixed scripts", "An emoji 🙂 then the word lighthouse, and 東京 too.")
    hits = search(lib, "lighthouse")
    assert hits and hits[0]["article"] == aid
    start, end = locate(get_article(lib, aid).text, hits[0]["snippet"])
    assert get_article(lib, aid).text[start:end] == "lighthouse"


def test_locate_finds_the_marked_word():
    text = "Alpha beta gamma. Delta epsilon gamma zeta."
    assert locate(text, "…Delta epsilon [gamma] zeta.") == (32, 37)
    assert locate(text, "no marks here") is None
    assert locate(text, "[Elsewhere] entirely") is None


def test_a_snippet_is_not_cut_inside_a_tag_of_the_text(lib, two):
    a, _b = two
    h = add_highlight(lib, a, *span(lib, a, "outer harbour"))
    words = " ".join(f"w{i}" for i in range(12))
    edit_note(lib, h["id"], f"<b>{words} x {words}</b> the dredging w1 w2 w3 w4 w5 w6 <i>y</i>")
    for marks in (("<mark>", "</mark>"), ("[", "]"), ("\ue000", "\ue001")):
        snippet = next(r for r in search(lib, "dredging", marks=marks) if r["kind"] == "note")["snippet"]
        assert snippet.endswith("w6…") and f"{marks[0]}dredging{marks[1]}" in snippet  # not "... w6 <i…"
        assert "</b> the" in snippet  # a whole tag inside the snippet stays


def test_an_article_snippet_still_locates_its_passage_after_tidying(lib):
    words = " ".join(f"w{i}" for i in range(12))
    a = add(lib, "Tags in text", f"{words} alliance</b> {words}")
    hit = search(lib, "alliance")[0]
    assert hit["snippet"].endswith("[alliance]…")  # not "[alliance]</b…"
    start, end = locate(get_article(lib, a).text, hit["snippet"])
    assert get_article(lib, a).text[start:end] == "alliance"


def test_a_tables_cells_are_searched_as_separate_words(lib):
    """Cells stay apart in the text ("Terminal", "Cranes"), so search never finds them run together."""
    from desktop.core.importers.html import parse_html

    page = ("<html><head><title>Port figures</title></head><body><article><h1>Port figures</h1>"
            "<p>The port handled record volumes this year, its terminals busier than ever before, and the "
            "cranes worked around the clock on every quay.</p><table>"
            "<tr><th>Terminal</th><th>Cranes</th></tr><tr><td>Maasvlakte</td><td>42</td></tr></table>"
            "</article></body></html>")
    aid = add_article(lib, parse_html(page, "ports"))[0]
    text = get_article(lib, aid).text
    assert search(lib, "TerminalCranes") == [] and search(lib, "Maasvlakte42") == []
    hits = [h for h in search(lib, "Maasvlakte") if h["kind"] == "article"]
    assert [h["article"] for h in hits] == [aid]
    assert text[hits[0]["start"]:hits[0]["end"]] == "Maasvlakte"
    assert "Maasvlakte42" not in hits[0]["snippet"].replace("[", "").replace("]", "")
