"""The Markdown layout from plain data: front matter, sections, escaping, template variables."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from desktop.core.article import ArticleBuilder
from desktop.core.export.markdown import build_context, obsidian_tag, render_notes
from desktop.core.links import parse_gloss_url


def make_article(title: str = "A title", **meta):
    b = ArticleBuilder()
    b.add("paragraph", "Opening words before any heading.")
    b.add("heading", "First section", level=2)
    b.add("paragraph", "Alpha beta gamma delta.")
    b.add("heading", "Second section", level=2)
    b.add("paragraph", "Epsilon zeta eta theta.")
    article = b.build(title, **meta)
    article.id = 7
    return article


def record(article, hid, quote, **kw):
    start = article.text.index(quote)
    return {"id": hid, "start": start, "end": start + len(quote), "quote": quote, "prefix": "", "suffix": "",
            "color": kw.get("color", "yellow"), "label": kw.get("label", "Key point"), "note": kw.get("note", ""),
            "tags": kw.get("tags", []), "status": kw.get("status", "anchored"), "created": "c", "updated": "u"}


def test_highlights_are_grouped_under_their_headings_in_document_order():
    a = make_article()
    hs = [record(a, 3, "Epsilon"), record(a, 1, "Opening"), record(a, 2, "gamma"), record(a, 4, "beta"),
          record(a, 5, "zeta", status="orphaned")]
    ctx = build_context(a, hs)
    assert [(s.heading, [h.quote for h in s.highlights]) for s in ctx["sections"]] == [
        (None, ["Opening"]), ("First section", ["beta", "gamma"]), ("Second section", ["Epsilon"])]
    assert [h.position for h in ctx["highlights"]] == [1, 2, 3, 4, 5]
    assert [h.quote for h in ctx["orphans"]] == ["zeta"] and ctx["orphans"][0].orphaned
    md = render_notes(a, hs)
    assert md.index("> Opening") < md.index("### First section") < md.index("> beta") < md.index("> gamma") \
        < md.index("### Second section") < md.index("> Epsilon") < md.index("### Orphaned highlights") < md.index("> zeta")


def test_links_point_back_to_each_passage():
    a = make_article()
    ctx = build_context(a, [record(a, 11, "gamma")])
    assert parse_gloss_url(ctx["highlights"][0].link) == (7, 11, a.text.index("gamma"))
    assert parse_gloss_url(ctx["article"].link) == (7, None, None)


TITLES = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40) | st.sampled_from(
    ["---", "...", "yes", "null", "2022-05-26", "'quoted'", '"dq"', ": colon", "- dash", "#hash", "[list]", "{map}",
     "a: b", "@at", "`tick`", "!tag", "&anchor", "*alias", "|", ">", "%", "1e3", "0x10", "~"])


@settings(max_examples=200, deadline=None)
@given(title=TITLES, author=TITLES, published=TITLES, tags=st.lists(TITLES, max_size=3))
def test_front_matter_is_valid_yaml_holding_exact_values(title, author, published, tags):
    a = make_article(title, author=author, published=published)
    if not a.title:
        return
    md = render_notes(a, [], tags=tags, exported="2024-01-01T00:00:00Z",
                      entities=[{"name": author, "type": "PERSON", "mentions": 2, "first": 0}])
    assert md.startswith("---\n")
    meta = yaml.safe_load(md[4:md.index("\n---\n")])
    assert meta["title"] == a.title
    if a.author:
        assert meta["author"] == a.author
    if a.published:
        assert meta["published"] == a.published
    assert meta.get("tags", []) == sorted(set(tags))
    assert meta["entities"] == {"PERSON": [author]}
    assert meta["exported"] == "2024-01-01T00:00:00Z"
    tokens = MarkdownIt("commonmark").parse(md[md.index("\n---\n") + 5:])
    h1 = next(i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1")
    assert "".join(c.content for c in tokens[h1 + 1].children) == a.title


@settings(max_examples=150, deadline=None)
@given(note=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x0b"), max_size=60),
       quote_at=st.integers(0, 3))
def test_notes_render_back_exactly_inside_the_full_document(note, quote_at):
    if any(ch < " " and ch not in "\t\n\r\x0c" or "\x7f" <= ch <= "\x9f" for ch in note):
        return
    a = make_article()
    quote = ["Opening", "beta", "gamma delta", "Epsilon zeta"][quote_at]
    md = render_notes(a, [record(a, 1, quote, note=note + "X")])  # "X": a note never ends the document empty
    tokens = MarkdownIt("commonmark").parse(md)
    # the note is the run of paragraphs after the label line and before the end of the highlights
    i = next(i for i, t in enumerate(tokens) if t.type == "inline" and "Key point" in t.content)
    paragraphs = []
    for t in tokens[i + 1:]:
        if t.type in ("heading_open", "blockquote_open"):
            break
        if t.type == "inline":
            paragraphs.append("".join("\n" if c.type.endswith("break") else c.content for c in t.children))
    assert "\n\n".join(paragraphs) == note + "X"


def test_user_text_cannot_inject_structure():
    a = make_article("# Title with ]( and <b>")
    a.note = "## fake heading\n<iframe src=x>"
    hs = [record(a, 1, "gamma", note="</blockquote>\n```\nfence", label="*bold*", tags=["a tag", "x]y", "2024"])]
    html = MarkdownIt("commonmark").render(render_notes(a, hs))
    assert "<iframe" not in html and "<h2>fake" not in html and "<pre>" not in html and "<strong>" not in html
    assert html.count("<h1>") == 1


@pytest.mark.parametrize("tag, expected", [("people", "#people"), ("a tag", "#a-tag"), ("x]y", "#xy"),
                                           ("日本", "#日本"), ("2024", "\\#2024"), ("", "\\#"), ("a/b", "#a/b")])
def test_tags_become_obsidian_tags(tag, expected):
    assert obsidian_tag(tag) == expected


def test_entities_grouped_by_type_with_counts():
    a = make_article()
    ents = [{"name": "Japan", "type": "GPE", "mentions": 9, "first": 3}, {"name": "NATO", "type": "ORG", "mentions": 4,
            "first": 1}, {"name": "US", "type": "GPE", "mentions": 2, "first": 0}]
    ctx = build_context(a, [], entities=ents)
    assert [(g.type, g.count, [n.name for n in g.names]) for g in ctx["entities"]] == [
        ("ORG", 4, ["NATO"]), ("GPE", 11, ["Japan", "US"])]
    md = render_notes(a, [], entities=ents)
    assert md.index("### Organisations (4)") < md.index("- NATO (4)") < md.index("### Countries, cities and states (11)")
    assert "- Japan (9)\n- US (2)" in md
