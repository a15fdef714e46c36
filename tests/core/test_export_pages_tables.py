"""The Markdown export says on which page a highlight is, and writes highlighted cells as a table."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from desktop.core.article import Article, ArticleBuilder, Block
from desktop.core.export.markdown import render_notes
from desktop.core.importers import load
from desktop.core.importers.html import parse_html

FIXTURES = Path(__file__).parent / "fixtures"


def record(article, hid, start, end):
    return {"id": hid, "start": start, "end": end, "quote": article.text[start:end], "prefix": "", "suffix": "",
            "color": "yellow", "label": "Key point", "note": "", "tags": [], "status": "anchored",
            "created": "c", "updated": "u"}


def test_pdf_highlights_carry_their_pages_and_the_front_matter_the_papers_ids():
    paper = load(FIXTURES / "paper-two-column.pdf")
    paper.id = 3
    turn = next(b for b in paper.blocks if b.page_breaks)
    (at, page), = turn.page_breaks[:1]
    on_two = next(b for b in paper.blocks if b.page == 2 and not b.page_breaks and b.kind == "paragraph")
    out = render_notes(paper, [record(paper, 1, on_two.start, on_two.start + 30),
                               record(paper, 2, at - 20, at + 20)])
    front = yaml.safe_load(out.split("---\n")[1])
    assert front["pages"] == 4 and front["doi"] == "10.5555/gloss.2022.0617" and front["arxiv"] == "2206.01234v1"
    assert "*Key point* · p. 2 · [↗]" in out
    assert f"*Key point* · pp. {page - 1}–{page} · [↗]" in out


def test_articles_without_pages_export_as_before():
    b = ArticleBuilder()
    b.add("paragraph", "Plain words with no page at all.")
    article = b.build("Plain")
    article.id = 1
    out = render_notes(article, [record(article, 1, 0, 5)])
    assert "*Key point* · [↗]" in out and "pages" not in yaml.safe_load(out.split("---\n")[1])
    assert article.blocks_json() == [{"kind": "paragraph", "start": 0, "end": 32, "level": 0, "marker": ""}]


def test_old_block_rows_still_load():
    old = json.loads('[{"kind": "paragraph", "start": 0, "end": 4, "level": 0, "marker": ""}]')
    block = Block.from_json(old[0])
    assert block.page is None and block.table is None
    assert Article("t", "text", [block]).page_at(2) is None


def test_a_highlight_across_cells_exports_as_a_gfm_table():
    page = """<html><body><article><h1>Cranes</h1><p>The port's annual report counts the cranes at each
    terminal, and lists who runs them, for the first time in a decade of reports.</p>
    <table><tr><th>Terminal</th><th>Cranes</th><th>Operator</th></tr>
    <tr><td>Maasvlakte</td><td>42</td><td>APM | Terminals</td></tr>
    <tr><td>Waalhaven</td><td>17</td><td>Shortsea *Lines*</td></tr></table>
    <p>Officials said more would follow once the new quays open, perhaps as soon as next year.</p>
    </article></body></html>"""
    article = parse_html(page, "cranes")
    article.id = 2
    start = article.text.index("42")
    end = article.text.index("Shortsea") + len("Shortsea")
    one_cell = article.text.index("Maasvlakte")
    out = render_notes(article, [record(article, 1, start, end), record(article, 2, one_cell, one_cell + 4)])
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    cells = [t.content for t in tokens if t.type == "inline" and t.map and
             any(p.type in ("th_open", "td_open") for p in tokens[tokens.index(t) - 1:tokens.index(t)])]
    assert cells == ["Terminal", "Cranes", "Operator", "", "42", "APM | Terminals", "Waalhaven", "17", "Shortsea"]
    assert "> | Terminal | Cranes | Operator |" in out
    assert "> Maas\n" in out  # a highlight inside one cell is a plain quote


@given(st.lists(st.integers(1, 40), min_size=1, max_size=30), st.data())
def test_page_at_agrees_with_where_each_page_began(pages, data):
    pages = sorted(pages)
    b = ArticleBuilder()
    starts = {}
    for i, p in enumerate(pages):
        text = f"Paragraph {i} on page {p}."
        if data.draw(st.booleans()) and i:
            b.add("heading", f"Heading {i}", level=1)  # no page of its own: takes the one before
        block = b.add("paragraph", text, page=p)
        starts[block.start] = p
    article = b.build("t")
    for offset in data.draw(st.lists(st.integers(0, len(article.text) - 1), max_size=20)):
        expected = starts[max(s for s in starts if s <= offset)] if any(s <= offset for s in starts) else pages[0]
        assert article.page_at(offset) == expected
