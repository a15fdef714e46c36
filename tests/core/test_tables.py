"""Tables in HTML and Markdown stay tables: one block per cell, with its table, row and column."""

from __future__ import annotations

import pytest

from desktop.core.entities import extract
from desktop.core.importers.html import parse_html
from desktop.core.importers.markdown import parse_markdown

PAGE = """<html><head><title>Port of Rotterdam figures</title></head><body><article>
<h1>Port of Rotterdam figures</h1>
<p>The port handled record volumes in 2023, according to the authority's annual report published in
February. Its container terminals were busier than ever before, and the cranes worked around the clock.</p>
<table><caption>Terminals and cranes</caption>
<thead><tr><th>Terminal</th><th>Cranes</th><th>Operator</th></tr></thead>
<tbody><tr><td>Maasvlakte</td><td>42</td><td><b>APM</b> Terminals</td></tr>
<tr><td rowspan="2">Waalhaven</td><td>17</td><td>Rotterdam Shortsea</td></tr>
<tr><td>3</td><td><p>Uniport</p><p>Multipurpose</p></td></tr>
<tr><td colspan="2">Total</td><td>62</td></tr></tbody></table>
<p>Officials said the expansion would continue through 2030, with new quays planned on the
Maasvlakte and further automation of the terminals already working there.</p>
</article></body></html>"""

MARKDOWN = """# Cranes

Some text before the table.

| Terminal | Cranes |
|---|---|
| Maasvlakte | 42 |
| Waalhaven |  |

| Second | Table |
|---|---|
| A | B |

After the tables.
"""


def _cells(article):
    return {(b.table, b.row, b.col): (article.text[b.start:b.end], b.level) for b in article.blocks if b.kind == "cell"}


def test_html_table_cells_keep_row_and_column_with_spans():
    article = parse_html(PAGE, "page")
    cells = _cells(article)
    assert cells[(0, 0, 0)] == ("Terminal", 1) and cells[(0, 0, 2)] == ("Operator", 1)
    assert cells[(0, 1, 0)] == ("Maasvlakte", 0) and cells[(0, 1, 2)] == ("APM Terminals", 0)
    assert cells[(0, 2, 0)] == ("Waalhaven", 0)
    assert cells[(0, 3, 1)] == ("3", 0)  # column 0 of row 3 belongs to the rowspan above
    assert cells[(0, 3, 2)] == ("Uniport Multipurpose", 0)
    assert cells[(0, 4, 0)] == ("Total", 0) and cells[(0, 4, 2)] == ("62", 0)  # colspan 2
    spans = {(b.row, b.col): b.span for b in article.blocks if b.kind == "cell" and b.span}
    assert spans == {(2, 0): [2, 1], (4, 0): [1, 2]}  # for the reader's merged cells
    assert "Terminals and cranes" in article.paragraphs()
    assert "TerminalCranes" not in article.text and "Maasvlakte42" not in article.text
    bold = [s for s in article.spans if s.kind == "strong"]
    assert [article.text[s.start:s.end] for s in bold] == ["APM"]


def test_markdown_tables_are_cells_and_two_tables_stay_apart():
    article = parse_markdown(MARKDOWN, "cranes")
    cells = _cells(article)
    assert cells[(0, 0, 0)] == ("Terminal", 1) and cells[(0, 1, 1)] == ("42", 0)
    assert (0, 2, 1) not in cells  # an empty cell has no block
    assert cells[(1, 0, 0)] == ("Second", 1) and cells[(1, 1, 1)] == ("B", 0)
    assert "Maasvlakte | 42" not in article.text


@pytest.mark.parametrize("mode", ["rules", "spacy"])
def test_entities_never_span_two_cells(mode):
    article = parse_html(PAGE, "page")
    result = extract(article.text, mode=mode)
    assert result.entities
    cell_bounds = [(b.start, b.end) for b in article.blocks if b.kind == "cell"]
    for entity in result.entities:
        for m in entity.mentions:
            inside = [c for c in cell_bounds if c[0] < m.end and m.start < c[1]]
            assert len(inside) <= 1, (entity.name, m)
            if inside:
                assert inside[0][0] <= m.start and m.end <= inside[0][1]
