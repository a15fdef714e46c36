"""Export to Markdown and JSON from a real library, and JSON import into another with nothing lost."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from desktop.core.errors import GlossError, ImportRefused, NotFound
from desktop.core.importers import load, parse_text
from desktop.core.links import parse_gloss_url
from desktop.core.export.manifest import MANIFEST
from desktop.store import open_library
from desktop.store.articles import add_article, get_article, list_articles
from desktop.store.imports import import_file
from desktop.store.exchange import (export_all, export_article, import_json, render_json, render_markdown,
                                    resolve_link)
from desktop.store.highlights import add_highlight, edit_note, list_highlights, set_article_note

HOSTILE_NOTE = "# not a heading\n> not a quote\n1. not a list\n---\n| a | b |\n<script>x</script> \\ *em* [[w]]"


def hl(lib, article_id, quote, n=1, **kw):
    text = get_article(lib, article_id).text
    start = -1
    for _ in range(n):
        start = text.index(quote, start + 1)
    return add_highlight(lib, article_id, start, start + len(quote), **kw)


@pytest.fixture
def annotated(lib, sample_id):
    hl(lib, sample_id, "Gen. Koji Yamazaki", color="Evidence", note="Who is he?", tags=["people", "JSDF"])
    hl(lib, sample_id, "Northern Territories", note=HOSTILE_NOTE, tags=["russia"])
    hl(lib, sample_id, "moving out of Asia and reaching for Europe", color="red")
    set_article_note(lib, sample_id, "Overall: *a* polemic.\n\nSecond paragraph.")
    with lib.write() as db:
        db["article_tags"].insert_all([{"article_id": sample_id, "tag": "japan"}, {"article_id": sample_id, "tag": "nato"}])
        db["article_entities"].insert_all([
            {"article_id": sample_id, "name": "Japan", "type": "GPE", "mentions": 30, "first": 10},
            {"article_id": sample_id, "name": "NATO", "type": "ORG", "mentions": 20, "first": 5},
            {"article_id": sample_id, "name": "Koji Yamazaki", "type": "PERSON", "mentions": 2, "first": 42}])
    return sample_id


def front_matter(md: str) -> dict:
    assert md.startswith("---\n")
    return yaml.safe_load(md.split("\n---\n", 1)[0][4:])


def test_markdown_has_front_matter_note_highlights_by_section_and_entities(lib, annotated):
    md = render_markdown(lib, annotated)
    meta = front_matter(md)
    assert meta["title"] == "Catering to NATO, Japan seeks to move out of Asia and reach for Europe, again"
    assert meta["source"] == "China Military Online" and meta["editor"] == "Li Jiayao"
    assert meta["published"] == "2022-05-26 11:54:06"  # a string, not a YAML timestamp
    assert meta["tags"] == ["japan", "nato"]
    assert meta["entities"] == {"People": ["Koji Yamazaki"], "Organisations": ["NATO"], "Places": ["Japan"]}
    assert meta["exported"].endswith("Z")
    body = md.split("\n---\n", 1)[1]
    order = [body.index(s) for s in ["# Catering to NATO", "## Note", "Overall: *a* polemic.",
                                     "## Highlights", "> Gen. Koji Yamazaki", "*Evidence* #JSDF #people",
                                     "Who is he?",
                                     "### Japan takes the opportunity to achieve multiple strategic goals",
                                     "> moving out of Asia and reaching for Europe", "*Disagree*",
                                     "> Northern Territories", "## Entities", "### People (1)", "- Koji Yamazaki — 2 mentions",
                                     "### Places (1)", "- Japan — 30 mentions"]]
    assert order == sorted(order)


def test_notes_read_as_their_markdown_and_quotes_exactly(lib, annotated):
    md = render_markdown(lib, annotated)
    html = MarkdownIt("commonmark").render(md.split("\n---\n", 1)[1])  # the body, after the front matter
    assert "<script>" not in html and "<h1>not a heading" not in html and "<hr" not in html
    assert "<p><strong>not a heading</strong></p>\n<blockquote>\n<p>not a quote</p>\n</blockquote>\n" \
           "<ol>\n<li>not a list</li>\n</ol>\n<p>---</p>\n" in html
    assert "&lt;script&gt;x&lt;/script&gt; \\ <em>em</em> [[w]]" in html
    assert "<p>Overall: <em>a</em> polemic.</p>" in html
    assert "<blockquote>\n<p>Gen. Koji Yamazaki</p>\n</blockquote>" in html
    headings = [line for line in html.splitlines() if line.startswith("<h")]
    assert headings[:3] == ["<h1>Catering to NATO, Japan seeks to move out of Asia and reach for Europe, again</h1>",
                            "<h2>Note</h2>", "<h2>Highlights</h2>"]


def test_each_highlight_links_back_to_its_passage(lib, annotated):
    md = render_markdown(lib, annotated)
    links = [line.split("(<", 1)[1].split(">)")[0] for line in md.splitlines() if "[↗](<gloss://" in line]
    records = {h["id"]: h for h in list_highlights(lib, annotated)}
    assert len(links) == 3
    for url in links:
        article_id, highlight_id, start = parse_gloss_url(url)
        assert article_id == annotated and records[highlight_id]["start"] == start
        assert resolve_link(lib, url) == (annotated, highlight_id, start)


def test_user_template_in_data_folder_overrides_default(lib, annotated):
    from desktop.core.paths import data_dir

    folder = data_dir() / "templates"
    folder.mkdir(parents=True)
    (folder / "notes.md.j2").write_text("{{ article.title }}: {{ highlights | length }}\n"
                                        "{% for h in highlights %}{{ h.position }} {{ h.label }}\n{% endfor %}")
    md = render_markdown(lib, annotated)
    assert md.splitlines() == ["Catering to NATO, Japan seeks to move out of Asia and reach for Europe, again: 3",
                               "1 Evidence", "2 Disagree", "3 Key point"]


def test_explicit_template_and_template_errors(lib, annotated, tmp_path):
    t = tmp_path / "mine.j2"
    t.write_text("{{ article.note | md }}")
    assert render_markdown(lib, annotated, template=t) == "Overall: \\*a\\* polemic.\n\nSecond paragraph.\n"
    t.write_text("{{ article.note | note }}")
    assert render_markdown(lib, annotated, template=t) == "Overall: *a* polemic.\n\nSecond paragraph.\n"
    t.write_text("{% for h in highlights %}")  # unclosed
    with pytest.raises(GlossError) as exc:
        render_markdown(lib, annotated, template=t)
    assert "mine.j2" in str(exc.value) and "\n" not in str(exc.value)
    t.write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")  # a shared template cannot escape
    with pytest.raises(GlossError):
        render_markdown(lib, annotated, template=t)
    t.write_text("{{ 1 / 0 }}")
    with pytest.raises(GlossError) as exc:
        render_markdown(lib, annotated, template=t)
    assert "ZeroDivisionError" in str(exc.value)
    with pytest.raises(GlossError):
        render_markdown(lib, annotated, template=tmp_path / "missing.j2")


def test_export_article_to_folder_uses_safe_title(lib, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    article_id, _ = add_article(lib, parse_text("Body text here.", ".txt", "x"))
    with lib.write() as db:
        db.execute("UPDATE articles SET title = ? WHERE id = ?", ["../../CON: evil/name?", article_id])
    path = export_article(lib, article_id, tmp_path)
    assert path.parent == tmp_path.resolve() and path.name == "-..-CON - evil-name.md"
    assert path.read_text(encoding="utf-8").startswith("---\n")
    again = export_article(lib, article_id, tmp_path)  # re-export replaces, does not number
    assert again == path and sorted(p.name for p in tmp_path.iterdir()) == sorted([MANIFEST, path.name])
    explicit = export_article(lib, article_id, tmp_path / "chosen.json", "json")
    assert json.loads(explicit.read_text(encoding="utf-8"))["article"]["title"] == "../../CON: evil/name?"
    with pytest.raises(GlossError):
        export_article(lib, article_id, tmp_path / "missing" / "x.md")
    with pytest.raises(NotFound):
        export_article(lib, 999, tmp_path)


def test_export_all_one_file_per_article_numbering_same_titles(lib, sample_id, tmp_path):
    for body in ("One.", "Two.", "Three."):
        add_article(lib, parse_text(body, ".txt", "Same title"))
    add_article(lib, parse_text("Untitled body.", ".txt", ""))
    out = tmp_path / "vault" / "gloss"
    paths = export_all(lib, out, "md")
    names = [p.name for p in paths]
    assert len(paths) == 5 and len(set(names)) == 5
    assert {"Same title.md", "Same title (2).md", "Same title (3).md"} <= set(names)
    assert all(p.parent == out.resolve() for p in paths)
    assert sorted(names) == sorted(p.name for p in out.iterdir() if p.name != MANIFEST)  # no temp files left
    assert [p.name for p in export_all(lib, out, "md")] == names  # stable on re-export
    assert sorted(p.name for p in out.iterdir() if p.name != MANIFEST) == sorted(names)
    jsons = export_all(lib, tmp_path / "json", "json")
    assert [p.suffix for p in jsons] == [".json"] * 5


def test_json_export_is_web_annotation(lib, annotated):
    data = render_json(lib, annotated)
    assert data["article"]["text"] == get_article(lib, annotated).text
    annos = data["annotations"]
    assert all(a["@context"] == "http://www.w3.org/ns/anno.jsonld" and a["type"] == "Annotation" for a in annos)
    first = annos[0]
    kinds = {s["type"]: s for s in first["target"]["selector"]}
    assert kinds["TextPositionSelector"]["end"] - kinds["TextPositionSelector"]["start"] == len("Gen. Koji Yamazaki")
    assert kinds["TextQuoteSelector"]["exact"] == "Gen. Koji Yamazaki"
    purposes = sorted((b["purpose"], b["value"]) for b in first["body"])
    assert purposes == [("classifying", "Evidence"), ("commenting", "Who is he?"), ("tagging", "JSDF"),
                        ("tagging", "people")]
    assert first["gloss:color"] == "green" and first["created"] and first["modified"]
    note = [a for a in annos if a.get("gloss:kind") == "article-note"]
    assert note and note[0]["body"]["value"].startswith("Overall")


def snapshot(lib, article_id) -> dict:
    a = get_article(lib, article_id)
    hs = list_highlights(lib, article_id)
    row = lib.db.execute("SELECT note_updated FROM articles WHERE id = ?", [article_id]).fetchone()
    tags = [r[0] for r in lib.db.execute("SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag", [article_id])]
    ents = list(lib.db.query("SELECT name, type, mentions, first FROM article_entities WHERE article_id = ? "
                             "ORDER BY name", [article_id]))
    return {"article": {k: v for k, v in vars(a).items() if k != "id"}, "highlights": hs, "note_updated": row[0],
            "tags": tags, "entities": ents}


def test_json_round_trip_into_another_library_loses_nothing(lib, annotated, tmp_path):
    with lib.write() as db:  # a custom colour the other library does not know
        db["colors"].insert({"key": "teal", "label": "Method", "light": "#9ee", "dark": "#266", "position": 9})
    hl(lib, annotated, "bridgehead", color="teal", note="𝕊urrogate-free 中文 👍🏽")
    path = export_article(lib, annotated, tmp_path / "export.json", "json")
    other = open_library(tmp_path / "other.sqlite")
    try:
        [(new_id, title, added)] = import_file(other, path)
        assert added and title == get_article(lib, annotated).title
        assert new_id == annotated  # ids kept when free, so earlier links still work
        assert snapshot(other, new_id) == snapshot(lib, annotated)
        assert other.db.execute("SELECT label, light FROM colors WHERE key = 'teal'").fetchone() == ("Method", "#9ee")
        # re-import merges without duplicating
        assert import_json(other, path) == [(new_id, title, False)]
        assert snapshot(other, new_id) == snapshot(lib, annotated)
    finally:
        other.close()


def test_reimport_merges_new_and_newer_annotations(lib, annotated, tmp_path):
    path = export_article(lib, annotated, tmp_path / "a.json", "json")
    other = open_library(tmp_path / "other.sqlite")
    try:
        [(oid, _t, _a)] = import_json(other, path)
        # in the first library: one more highlight and an edited note (newer)
        time.sleep(1.1)
        extra = hl(lib, annotated, "bridgehead")
        first = list_highlights(lib, annotated)[0]
        edit_note(lib, first["id"], "Edited later.")
        # in the other library: a highlight of its own, kept
        mine = hl(other, oid, "chips")
        import_json(other, export_article(lib, annotated, tmp_path / "b.json", "json"))
        got = {(h["start"], h["quote"]): h for h in list_highlights(other, oid)}
        assert len(got) == 5  # three shared, one new from the export, one of its own
        assert got[(first["start"], first["quote"])]["note"] == "Edited later."
        assert (extra["start"], "bridgehead") in got and (mine["start"], "chips") in got
    finally:
        other.close()


def test_import_into_library_with_taken_ids_assigns_new_ones(lib, annotated, tmp_path):
    path = export_article(lib, annotated, tmp_path / "a.json", "json")
    other = open_library(tmp_path / "other.sqlite")
    try:
        a2, _ = add_article(other, parse_text("Something else entirely here.", ".txt", "Other"))
        add_highlight(other, a2, 0, 9)
        [(oid, _t, added)] = import_json(other, path)
        assert added and oid != a2
        assert [h["quote"] for h in list_highlights(other, oid)] == [h["quote"] for h in list_highlights(lib, annotated)]
        # a link from the first library still finds the passage by content hash
        url = [a["id"] for a in render_json(lib, annotated)["annotations"] if "highlight=" in a["id"]][0]
        found_article, _hid, start = resolve_link(other, url)
        assert found_article == oid and start == list_highlights(lib, annotated)[0]["start"]
    finally:
        other.close()


@pytest.mark.parametrize("content", [
    b"", b"{", b"not json", b"[]", b"{}", b'{"article": []}', b'{"article": {"text": ""}}',
    b'{"article": {"text": "x", "blocks": [{"kind": "paragraph", "start": 0, "end": 99}]}}',
    b'{"article": {"text": "abc"}, "annotations": [{"type": "Annotation", "target": {"selector": '
    b'[{"type": "TextPositionSelector", "start": 2, "end": 50}]}}]}',
    b'{"article": {"text": "abc"}, "annotations": [{"type": "Annotation", "target": {"selector": '
    b'[{"type": "TextPositionSelector", "start": "0", "end": 1}]}}]}',
    b'{"article": {"text": "abc"}, "annotations": "nope"}', b"\xff\xfe\x00garbage", b"[" * 100000,
    b'{"article": {"text": "a\\r\\nb"}}',
])
def test_malformed_json_is_refused_with_one_line(lib, tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = list_articles(lib)
    with pytest.raises(ImportRefused) as exc:
        import_file(lib, path)
    assert "\n" not in str(exc.value) and "bad.json" in str(exc.value)
    assert list_articles(lib) == before


def test_an_array_of_exports_imports_every_article(lib, sample_id, tmp_path):
    b, _ = add_article(lib, parse_text("Second article body.", ".txt", "Second"))
    add_highlight(lib, b, 0, 6, note="n")
    path = tmp_path / "all.json"
    path.write_text(json.dumps([render_json(lib, sample_id), render_json(lib, b)]), encoding="utf-8")
    other = open_library(tmp_path / "o.sqlite")
    try:
        got = import_json(other, path)
        assert [added for _i, _t, added in got] == [True, True]
        assert list_highlights(other, got[1][0])[0]["note"] == "n"
    finally:
        other.close()


def test_quote_only_annotations_from_other_tools_are_anchored(lib, tmp_path):
    text = "Alpha beta gamma. Delta epsilon."
    doc = {"article": {"title": "Foreign", "text": text}, "annotations": [
        {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
         "body": {"type": "TextualBody", "value": "from hypothes.is", "purpose": "commenting"},
         "target": {"source": "http://example.com", "selector": [{"type": "TextQuoteSelector", "exact": "Delta"}]}},
        {"type": "Annotation", "target": {"selector": {"type": "TextQuoteSelector", "exact": "Nowhere"}}}]}
    path = tmp_path / "foreign.json"
    path.write_text(json.dumps(doc))
    [(aid, title, added)] = import_json(lib, path)
    hs = list_highlights(lib, aid)
    assert [(h["quote"], h["start"], h["status"], h["note"]) for h in hs] == [
        ("Delta", text.index("Delta"), "anchored", "from hypothes.is"), ("Nowhere", 0, "orphaned", "")]


def test_render_markdown_of_10000_highlights_links_every_one(lib):
    words = " ".join(f"word{i}" for i in range(12000))
    article_id, _ = add_article(lib, parse_text(f"Intro\n\n# Heading\n\n{words}", ".md", "Big"))
    text = get_article(lib, article_id).text
    rows, pos = [], text.index("word0")
    for i in range(10000):
        quote = f"word{i}"
        pos = text.index(quote + " ", pos)
        rows.append((article_id, pos, pos + len(quote), quote, "", "", "yellow", f"note *{i}*\n# x", "anchored", "t", "t"))
    with lib.write() as db:
        db.conn.executemany('INSERT INTO highlights (article_id, start, "end", exact, prefix, suffix, color, note, '
                            "status, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    assert render_markdown(lib, article_id).count("[↗](<gloss://") == 10000


def test_export_replaces_only_what_gloss_wrote_unless_told(lib, sample_id, tmp_path):
    target = tmp_path / "chosen.md"
    target.write_text("the user's own file\n", encoding="utf-8")
    numbered = export_article(lib, sample_id, target)
    assert numbered.name == "chosen (2).md" and target.read_text(encoding="utf-8") == "the user's own file\n"
    assert export_article(lib, sample_id, target, replace=True) == target  # the user confirmed replacing it
    assert target.read_text(encoding="utf-8").startswith("---\n")
    assert export_article(lib, sample_id, target) == target  # now it is Gloss's own
