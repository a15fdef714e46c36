"""Tables in an Article: the cells a passage covers as rows and columns, and a GFM table of them."""

from __future__ import annotations

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
