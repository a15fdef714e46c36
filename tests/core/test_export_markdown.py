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
    assert meta["entities"] == {"People": [author]}
    assert meta["exported"] == "2024-01-01T00:00:00Z"
    tokens = MarkdownIt("commonmark").parse(md[md.index("\n---\n") + 5:])
    h1 = next(i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1")
    assert "".join(c.content for c in tokens[h1 + 1].children) == a.title


def test_user_text_cannot_inject_structure():
    a = make_article("# Title with ]( and <b>")
    a.note = "## fake heading\n<iframe src=x>"
    hs = [record(a, 1, "gamma", note="</blockquote>\n```\nfence", label="*bold*", tags=["a tag", "x]y", "2024"])]
    html = MarkdownIt("commonmark").render(render_notes(a, hs))
    assert "<iframe" not in html and "<h2>fake" not in html and "<strong>" not in html.split("<h2>Highlights")[1]
    assert "<p><strong>fake heading</strong>\n&lt;iframe src=x&gt;</p>" not in html  # a heading ends its paragraph
    assert "<p><strong>fake heading</strong></p>\n<p>&lt;iframe src=x&gt;</p>" in html
    assert "&lt;/blockquote&gt;" in html and "<pre><code>fence\n</code></pre>" in html  # the fence is closed
    assert html.count("<h1>") == 1


@pytest.mark.parametrize("tag, expected", [("people", "#people"), ("a tag", "#a-tag"), ("x]y", "#xy"),
                                           ("日本", "#日本"), ("2024", "\\#2024"), ("", "\\#"), ("a/b", "#a/b")])
def test_tags_become_obsidian_tags(tag, expected):
    assert obsidian_tag(tag) == expected


ENTITY_ROWS = [{"name": "Japan", "type": "GPE", "mentions": 9, "first": 3},
               {"name": "NATO", "type": "ORG", "mentions": 4, "first": 1},
               {"name": "US", "type": "GPE", "mentions": 2, "first": 0},
               {"name": "Asia-Pacific", "type": "LOC", "mentions": 2, "first": 5},
               {"name": "Koji Yamazaki", "type": "PERSON", "mentions": 2, "first": 8},
               {"name": "Japanese", "type": "NORP", "mentions": 3, "first": 9},
               {"name": "May 19", "type": "DATE", "mentions": 1, "first": 20}]


def test_entities_grouped_as_the_sidebar_groups_them_counting_entities_and_mentions():
    a = make_article()
    ctx = build_context(a, [], entities=ENTITY_ROWS)
    assert [(g.label, g.count, [(n.name, n.mentions) for n in g.names]) for g in ctx["entities"]] == [
        ("People", 1, [("Koji Yamazaki", 2)]), ("Organisations", 1, [("NATO", 4)]),
        ("Places", 3, [("Japan", 9), ("US", 2), ("Asia-Pacific", 2)]),  # ties: the earlier first
        ("Dates and events", 1, [("May 19", 1)]), ("Other", 1, [("Japanese", 3)])]
    md = render_notes(a, [], entities=ENTITY_ROWS)
    entities = md.split("\n## Entities\n")[1]
    assert entities.index("### People (1)") < entities.index("### Organisations (1)") \
        < entities.index("### Places (3)") < entities.index("### Dates and events (1)") < entities.index("### Other (1)")
    assert "- Japan — 9 mentions\n- US — 2 mentions\n- Asia-Pacific — 2 mentions" in entities
    assert "- May 19 — 1 mention\n" in entities


def test_front_matter_lists_entities_under_the_same_groups_in_words():
    md = render_notes(make_article(), [], entities=ENTITY_ROWS)
    meta = yaml.safe_load(md[4:md.index("\n---\n")])
    assert meta["entities"] == {"People": ["Koji Yamazaki"], "Organisations": ["NATO"],
                                "Places": ["Japan", "US", "Asia-Pacific"], "Dates and events": ["May 19"],
                                "Other": ["Japanese"]}
    assert not {"GPE", "LOC", "NORP", "PERSON", "ORG"} & set(md.split("## Entities")[0].replace("-", " ").split())


def test_a_quote_over_paragraphs_is_a_blockquote_of_paragraphs_without_character_references():
    b = ArticleBuilder()
    b.add("paragraph", "First paragraph ends here.")
    b.add("paragraph", "Second one starts.")
    b.add("code", "    indented = code")
    b.add("paragraph", "After the code.")
    a = b.build("T")
    a.id = 1
    quote = a.text[a.text.index("ends"):a.text.index("After") + len("After")]
    md = render_notes(a, [record(a, 1, quote, note="A note.\n")])
    assert "> ends here.\n>\n> Second one starts.\n>\n> ```\n>     indented = code\n> ```\n>\n> After\n" in md
    assert "&#x" not in md and "&#" not in md
    assert "A note.\n" in md and "A note.&" not in md
    tokens = MarkdownIt("commonmark").parse(md)
    start = next(i for i, t in enumerate(tokens) if t.type == "blockquote_open")
    end = next(i for i, t in enumerate(tokens) if t.type == "blockquote_close")
    quoted = [(t.type, t.content) for t in tokens[start:end] if t.type in ("inline", "fence")]
    assert quoted == [("inline", "ends here."), ("inline", "Second one starts."), ("fence", "    indented = code\n"),
                      ("inline", "After")]


def test_whitespace_at_the_ends_of_an_old_quote_is_not_written_as_references():
    a = make_article()
    rec = record(a, 1, "beta")
    rec.update(start=rec["start"] - 1, end=rec["end"] + 1, quote=" beta ")  # made before selections were trimmed
    md = render_notes(a, [rec])
    assert "> beta\n" in md and "&#x20;" not in md
