"""Tables in an Article: the cells a passage covers as rows and columns, a GFM table of them, and
the grids the reader lays the cells out in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .article import Article, Block


def cells_in(article: Article, start: int, end: int) -> list[Block]:
    """The table cells that ``text[start:end]`` touches, in document order."""
    if not article.has_tables:
        return []
    blocks = article.blocks
    i = article.block_at(start)
    out = []
    while i < len(blocks) and blocks[i].start < end:
        b = blocks[i]
        if b.kind == "cell" and b.end > start:
            out.append(b)
        i += 1
    return out


def table_grid(article: Article, start: int, end: int) -> dict | None:
    """The part of a table a passage spans, when it spans two cells or more: ``{"header": [...],
    "rows": [[...], ...]}`` over the columns it touches, each cell's text cut to the passage.
    ``header`` is the table's header row when the passage does not include it (else empty)."""
    cells = cells_in(article, start, end)
    if len(cells) < 2 or len({c.table for c in cells}) != 1:
        return None
    table = cells[0].table
    rows = sorted({c.row for c in cells})
    cols = sorted({c.col for c in cells})
    grid = {(c.row, c.col): article.text[max(c.start, start):min(c.end, end)] for c in cells}
    body = [[grid.get((r, c), "") for c in cols] for r in rows]
    header: list[str] = []
    heads = {b.col: article.text[b.start:b.end] for b in article.blocks
             if b.kind == "cell" and b.table == table and b.row == 0 and b.level == 1}
    if heads and rows[0] != 0:
        header = [heads.get(c, "") for c in cols]
    elif heads and rows[0] == 0 and all(c.level == 1 for c in cells if c.row == 0):
        header, body = body[0], body[1:]
    return {"header": header, "rows": body}


def gfm_table(grid: dict, escape) -> str:
    """A GitHub-flavoured Markdown table; ``escape`` makes a cell's text literal (pipes included)."""
    width = max([len(grid["header"])] + [len(r) for r in grid["rows"]])

    def line(cells: list[str]) -> str:
        cells = list(cells) + [""] * (width - len(cells))
        return "| " + " | ".join(escape(c) if c else " " for c in cells) + " |"

    out = [line(grid["header"] or [""] * width), "|" + "---|" * width]
    out += [line(r) for r in grid["rows"]]
    return "\n".join(out)


MAX_SLOTS = 60_000  # a bigger table (rows x columns) is shown cell by cell, as paragraphs
PART_SLOTS = 240  # Qt lays a table out in one go (~0.15 ms a cell): a longer one is laid out in parts


class Placed(NamedTuple):
    """One cell of a grid: its block (an index into ``article.blocks``), where it sits, what it covers."""

    block: int
    row: int
    col: int
    rows: int = 1
    cols: int = 1


@dataclass(frozen=True)
class Grid:
    """A run of consecutive cell blocks of one table, as the reader lays it out: ``rows`` x ``cols``
    slots, each cell at its row (counted from the run's first) and column, spans clipped so that no
    two cells overlap. ``first`` and ``last`` are the run's first and last block indices."""

    first: int
    last: int
    rows: int
    cols: int
    cells: tuple[Placed, ...]
    part: int = 0  # a long table is cut into parts of whole rows (no span across a cut), each a grid ...
    parts: int = 1  # ... of the same columns, shown one under the other as one table
    widths: tuple[float, ...] = ()  # the columns' shares of the width (percent), the same in every part

    def slots(self) -> list[int | None]:
        """Row by row, every slot not covered by a span: the block index of the cell starting there,
        or None for an empty slot (a cell with no text has no block)."""
        owner: dict[tuple[int, int], int] = {}
        covered: set[tuple[int, int]] = set()
        for p in self.cells:
            owner[(p.row, p.col)] = p.block
            covered.update((p.row + r, p.col + c) for r in range(p.rows) for c in range(p.cols) if r or c)
        return [owner.get((r, c)) for r in range(self.rows) for c in range(self.cols) if (r, c) not in covered]


def grids(article: Article) -> list[Grid]:
    """The article's tables as grids, in document order. A run of cells that cannot be one (cells out
    of row-by-row order, two in one slot, more than ``MAX_SLOTS``) is left out: the reader shows its
    cells one a line, as paragraphs."""
    if not article.has_tables:
        return []
    blocks = article.blocks
    known = article.__dict__.get("_grids")  # worked out once per block list (the reader asks twice)
    if known is not None and known[0] is blocks and known[1] == len(blocks):
        return known[2]
    out: list[Grid] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind != "cell" or b.table is None or b.row is None or b.col is None:
            i += 1
            continue
        j = i
        while (j + 1 < len(blocks) and blocks[j + 1].kind == "cell" and blocks[j + 1].table == b.table
               and blocks[j + 1].row is not None and blocks[j + 1].col is not None):
            j += 1
        grid = _grid(blocks, i, j)
        if grid is not None:
            out += _parts(grid, blocks)
        i = j + 1
    article.__dict__["_grids"] = (blocks, len(blocks), out)
    return out


def _grid(blocks: list[Block], first: int, last: int) -> Grid | None:
    run = blocks[first:last + 1]
    top = min(b.row for b in run)
    keys = [(b.row - top, b.col) for b in run]
    if any(k[1] < 0 for k in keys) or any(a >= b for a, b in zip(keys, keys[1:])):
        return None  # not row by row, left to right: Qt's cells would not follow the text
    rows = keys[-1][0] + 1
    taken: set[tuple[int, int]] = set()
    cells = []
    for index, (r, c) in enumerate(keys, first):
        if (r, c) in taken:
            return None
        span = blocks[index].span
        if span is None:  # most cells: one slot
            taken.add((r, c))
            cells.append(Placed(index, r, c))
            continue
        down, across = span
        width = 1
        while width < min(across, 1000) and (r, c + width) not in taken:
            width += 1
        height = 1
        while height < min(down, rows - r) and not any((r + height, c + k) in taken for k in range(width)):
            height += 1
        taken.update((r + y, c + x) for y in range(height) for x in range(width))
        cells.append(Placed(index, r, c, height, width))
    cols = max(p.col + p.cols for p in cells)
    if rows * cols > MAX_SLOTS:
        return None
    return Grid(first, last, rows, cols, tuple(cells))


SHORT_CELL = 16  # characters: a column whose cells are all this short is given room for them whole
MEASURE = 68  # characters a line of the reader's column holds, about


def column_widths(longest: list[int]) -> tuple[float, ...]:
    """Shares of the table's width (percent) for columns whose longest cells have these lengths:
    a column of short cells (numbers, names) as wide as its longest with its padding, so it never
    wraps; the other columns the rest, by their longest cell (up to 60 characters)."""
    need = [n + 4 for n in longest]  # about two characters of padding each side
    short = {i for i, n in enumerate(longest) if n <= SHORT_CELL}
    taken = sum(100.0 * need[i] / MEASURE for i in short)
    if len(short) == len(longest) or taken > 75:
        return tuple(100.0 * n / sum(need) for n in need)
    weights = [min(n, 60) + 4 for n in longest]
    total = sum(w for i, w in enumerate(weights) if i not in short)
    return tuple(100.0 * need[i] / MEASURE if i in short else (100 - taken) * weights[i] / total
                 for i in range(len(longest)))


def _parts(grid: Grid, blocks: list[Block]) -> list[Grid]:
    """``grid`` cut into parts of about ``PART_SLOTS`` slots, of whole rows, never through a cell
    spanning rows; each part has at least one cell. The columns' widths are set from the whole
    table's text (each column's longest one-column cell, within bounds), so the parts line up."""
    if grid.rows * grid.cols <= PART_SLOTS * 3 // 2:
        return [grid]
    per = max(1, PART_SLOTS // grid.cols)
    spanned = set()  # rows a cut may not go above: a cell from the row above reaches into them
    for p in grid.cells:
        spanned.update(range(p.row + 1, p.row + p.rows))
    starts = {p.row for p in grid.cells}
    cuts, row = [0], per
    while row < grid.rows:
        while row < grid.rows and (row in spanned or row not in starts):
            row += 1
        if row < grid.rows:
            cuts.append(row)
        row += per
    if len(cuts) == 1:
        return [grid]
    longest = [0] * grid.cols
    for p in grid.cells:
        if p.cols == 1:
            longest[p.col] = max(longest[p.col], blocks[p.block].end - blocks[p.block].start)
    widths = column_widths(longest)
    out = []
    bounds = cuts + [grid.rows]
    i, placed = 0, grid.cells  # in row order: each part's cells are the next run of them
    for k, (top, bottom) in enumerate(zip(bounds, bounds[1:])):
        j = i
        while j < len(placed) and placed[j].row < bottom:
            j += 1
        cells = tuple(Placed(p.block, p.row - top, p.col, p.rows, p.cols) for p in placed[i:j])
        out.append(Grid(cells[0].block, cells[-1].block, bottom - top, grid.cols, cells, k, len(cuts), widths))
        i = j
    return out
