"""Code points <-> document positions with tables: each table a QTextTable whose empty cells, and the
block Qt keeps between two tables, take positions the text has not (``core.offsets.table_gaps``)."""

from __future__ import annotations

from contextlib import contextmanager

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.article import Article, ArticleBuilder, Block
from desktop.core.offsets import OffsetMap, article_map, table_gaps
from desktop.core import tables as tables_module
from desktop.core.tables import column_widths, grids

WORDS = st.sampled_from(["Port", "42", "APM", "😀", "中文", "e\u0301", "𝒳", "Rotterdam Shortsea", "👨\u200d👩\u200d👧",
                         "\u05e9\u05dc\u05d5\u05dd", "a b"])
CELL = st.one_of(st.just(""), st.lists(WORDS, min_size=1, max_size=3).map(" ".join))


@st.composite
def tables(draw):
    """A table as an importer reads one: rows of cells, some empty (no block), some spanning."""
    rows = draw(st.integers(1, 4))
    cols = draw(st.integers(1, 4))
    out = []
    for r in range(rows):
        row = []
        for _ in range(cols):
            span = draw(st.sampled_from([(1, 1)] * 6 + [(1, 2), (2, 1), (2, 2), (1, 9)]))
            row.append((draw(CELL), span, r == 0 and draw(st.booleans())))
        out.append(row)
    return out


PART = st.one_of(st.lists(WORDS, min_size=1, max_size=4).map(lambda w: ("p", " ".join(w))), tables().map(lambda t: ("t", t)))


def build(parts) -> Article:
    """The article, its cells placed as the HTML importer places them (covered slots skipped)."""
    b = ArticleBuilder()
    for kind, value in parts:
        if kind == "p":
            b.add("paragraph", value)
            continue
        number = b.new_table()
        covered: set[tuple[int, int]] = set()
        for r, row in enumerate(value):
            col = 0
            for text, (down, across), head in row:
                while (r, col) in covered:
                    col += 1
                b.add("cell", text, level=1 if head else 0, cell=(number, r, col), span=(down, across))
                covered.update((r + y, col + x) for y in range(down) for x in range(across) if y or x)
                col += across
    return b.build("Tables")


articles = st.lists(PART, min_size=1, max_size=5).map(build).filter(lambda a: a.blocks)


def qt_sequence(article: Article) -> list:
    """What the reader's document holds after its header, position by position, from Qt's rules
    alone (not from the gaps): a code point, "half" for a non-BMP character's second half, "gap" for
    a position the text has not.

    Qt's document is blocks, each its content and one separator; a table is one block per cell not
    covered by a span (an empty cell's content is empty), and two tables have an empty block between
    them. The first separator after a block of text is the text's "\\n" (or its end); any more before
    the next text are positions the text has not."""
    text, blocks = article.text, article.blocks
    contents: list[tuple[int, int] | None] = []  # the body's blocks: a span of text, or None (empty)
    by_first = {g.first: g for g in grids(article)}
    i, after_table = 0, False
    while i < len(blocks):
        grid = by_first.get(i)
        if grid is None:
            contents.append((blocks[i].start, blocks[i].end))
            after_table, i = False, i + 1
            continue
        if after_table:
            contents.append(None)
        contents += [None if b is None else (blocks[b].start, blocks[b].end) for b in grid.slots()]
        after_table, i = True, grid.last + 1
    out: list = []
    newline = None  # the "\\n" after the last text, until a separator stands for it
    for content in contents:
        if content is not None:
            for cp in range(*content):
                out.append(cp)
                if ord(text[cp]) > 0xFFFF:
                    out.append("half")
            newline = content[1]
        out.append(newline if newline is not None else "gap")
        newline = None
    return out


@contextmanager
def parts_of(slots: int):
    """Long tables cut into parts of about ``slots`` slots (``PART_SLOTS``), for small examples."""
    kept = tables_module.PART_SLOTS
    tables_module.PART_SLOTS = slots
    try:
        yield
    finally:
        tables_module.PART_SLOTS = kept


@given(articles)
def test_every_position_is_where_qts_rules_put_it(article):
    _check_positions(article)


@given(st.lists(PART, min_size=1, max_size=4), st.integers(1, 4))
def test_a_long_table_in_parts_is_where_qts_rules_put_it(parts, slots):
    with parts_of(slots):
        article = build(parts)
        if article.blocks:
            _check_positions(article)


def _check_positions(article):
    m = article_map(article)
    seq = qt_sequence(article)
    where = {tok: pos for pos, tok in enumerate(seq) if isinstance(tok, int)}
    assert sorted(where) == list(range(len(article.text) + 1))  # every code point, and the end, once
    for cp, pos in where.items():
        assert m.to_qt(cp) == pos, (cp, article.text[cp:cp + 1])
    assert m.qt_length == where[len(article.text)]
    for pos, tok in enumerate(seq[:m.qt_length + 1]):
        if tok == "gap":  # an empty cell or the block between two tables: the code point after it
            assert m.from_qt(pos) == next(t for t in seq[pos:] if isinstance(t, int))
        elif tok == "half":
            assert m.from_qt(pos) == seq[pos - 1]
        else:
            assert m.from_qt(pos) == tok


@given(articles, st.integers(0, 40))
def test_round_trip_and_gaps_map_forward(article, base):
    m = article_map(article)
    text = article.text
    for cp in range(len(text) + 1):
        assert m.from_qt(m.to_qt(cp, base), base) == cp
    previous = 0
    for pos in range(base, base + m.qt_length + 1):
        cp = m.from_qt(pos, base)
        assert cp >= previous  # monotonic
        previous = cp
        at = m.to_qt(cp, base)
        if at > pos:  # in a gap: the code point after it
            assert cp == 0 or m.to_qt(cp - 1, base) < pos
        elif at < pos:  # inside a surrogate pair
            assert ord(text[cp]) > 0xFFFF and at == pos - 1


@given(articles)
def test_selections_inside_and_across_cells_are_the_text_between(article):
    """A selection's two ends map back to exactly the code points they were made from."""
    m = article_map(article)
    n = len(article.text)
    for a in range(0, n + 1, max(1, n // 12)):
        for b in range(a, n + 1, max(1, n // 9)):
            assert m.span_from_qt(*m.span_to_qt(a, b)) == (a, b)
            assert m.span_from_qt(m.to_qt(b), m.to_qt(a)) == (a, b)


def test_gaps_of_empty_cells_and_two_tables_in_a_row():
    article = build([("p", "Before"),
                     ("t", [[("A", (1, 1), True), ("", (1, 1), True)], [("", (1, 1), False), ("B", (1, 1), False)]]),
                     ("t", [[("C", (1, 1), False)]]), ("p", "After")])
    text = article.text
    assert text == "Before\nA\nB\nC\nAfter"
    # A's cell, then two empty ones' markers before B; the empty block between the tables before C.
    b, c, after = text.index("\nB") + 1, text.index("C"), text.index("After")
    assert table_gaps(article) == [(b, 2), (c, 1)]
    m = OffsetMap(text, table_gaps(article))
    assert m.to_qt(b) == b + 2 and m.to_qt(after) == after + 3 and m.to_qt(b - 1) == b - 1
    assert m.from_qt(b) == m.from_qt(b + 1) == b  # a click in an empty cell: the next cell's start


def test_a_run_of_cells_that_cannot_be_a_grid_adds_nothing():
    """Cells out of row order (a hand-made export) stay paragraphs: no gaps, positions as text."""
    text = "A\nB"
    article = Article("t", text, [Block("cell", 0, 1, table=0, row=1, col=0), Block("cell", 2, 3, table=0, row=0, col=0)])
    assert grids(article) == [] and table_gaps(article) == []
    assert article_map(article).to_qt(2) == 2


def test_spans_are_clipped_to_the_table_and_never_overlap():
    article = build([("t", [[("A", (9, 1), False), ("B", (1, 9), False)], [("C", (1, 3), False)]])])
    [grid] = grids(article)
    cells = {article.text[article.blocks[p.block].start:article.blocks[p.block].end]: (p.row, p.col, p.rows, p.cols)
             for p in grid.cells}
    assert grid.rows == 2 and grid.cols == 10
    assert cells["A"] == (0, 0, 2, 1) and cells["B"] == (0, 1, 1, 9) and cells["C"] == (1, 1, 1, 3)


def test_a_long_table_comes_in_parts_of_whole_rows_with_the_same_columns():
    rows = [[(f"Row {r}", (1, 1), r == 0), (str(r * 7), (2, 1) if r == 5 else (1, 1), r == 0),
             ("a note " * (r % 3), (1, 1), r == 0)] for r in range(40)]
    rows[6] = [rows[6][0], rows[6][2]]  # row 6's second column is row 5's, spanning down
    with parts_of(12):
        article = build([("p", "Before"), ("t", rows), ("p", "After")])
        parts = grids(article)
    assert len(parts) > 3 and [g.part for g in parts] == list(range(len(parts)))
    assert {g.parts for g in parts} == {len(parts)} and len({g.widths for g in parts}) == 1
    assert all(p.first == q.last + 1 for q, p in zip(parts, parts[1:]))  # one after the other
    assert sum(g.rows for g in parts) == 40
    tops, row = [], 0
    for g in parts:
        tops.append(row)
        row += g.rows
    assert 6 not in tops  # never cut through the cell spanning rows 5 and 6
    assert abs(sum(parts[0].widths) - 100) < 1e-6


def test_short_columns_get_room_for_their_cells_and_long_ones_share_the_rest():
    widths = column_widths([7, 3, 90])
    assert abs(sum(widths) - 100) < 1e-6
    assert widths[0] > widths[1] and widths[2] > 50  # "Row 52" and "364" whole, the notes the rest
    assert column_widths([5, 5]) == (50.0, 50.0)
