"""A two-column paper as a real PDF (reportlab): running header, page numbers, footnotes, hyphens.

Used by the benchmark (300 pages) and by the PDF importer's tests (a few pages). Lines are set
by hand so the test knows what the reflow must give back: which words were hyphenated, which
lines are headings, which text is a footnote and on which page each paragraph starts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from ..core.importers import load
from ..core.paths import sample_path

PAGE_W, PAGE_H = 612.0, 792.0  # US letter, points
MARGIN, GAP = 54.0, 18.0
COL_W = (PAGE_W - 2 * MARGIN - GAP) / 2
BODY, LEAD = 10.0, 12.2
TOP = PAGE_H - MARGIN - 20  # below the running header
BOTTOM = MARGIN + 24  # above the page number


@dataclass
class Paper:
    """What was drawn: the reflow's expected result."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    doi: str = ""
    arxiv: str = ""
    headings: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)  # as written, before hyphenation
    footnotes: list[str] = field(default_factory=list)
    hyphenated: list[str] = field(default_factory=list)  # words split across a line end
    pages: int = 0
    heading_pages: dict[str, int] = field(default_factory=dict)


def sample_paragraphs() -> list[str]:
    """The bundled sample's paragraphs: real English prose with names, dates and acronyms."""
    article = load(sample_path())
    return [article.text[b.start:b.end] for b in article.blocks if b.kind == "paragraph" and b.end - b.start > 120]


def _wrap(words: list[str], width: float, indent: float, font: str, size: float, stringwidth,
          hyphenated: list[str]) -> list[str]:
    """Greedy line breaking; a long word that does not fit is split with a hyphen where it can."""
    lines: list[str] = []
    line = ""
    avail = width - indent
    queue = list(words)
    while queue:
        word = queue.pop(0)
        trial = f"{line} {word}" if line else word
        if stringwidth(trial, font, size) <= avail:
            line = trial
            continue
        if len(word) >= 8 and word.isalpha() and line:
            for cut in range(len(word) - 3, 3, -1):
                head = f"{line} {word[:cut]}-"
                if stringwidth(head, font, size) <= avail:
                    lines.append(head)
                    hyphenated.append(word)
                    queue.insert(0, word[cut:])
                    line = ""
                    break
            else:
                lines.append(line)
                line = word
        else:
            if line:
                lines.append(line)
            line = word
        avail = width
    if line:
        lines.append(line)
    return lines


def make_paper(path: str | Path, pages: int = 6, seed: int = 3, *, title: str = "Deterrence at the Edge of Europe",
               authors: tuple[str, ...] = ("Mira Okafor", "Tomás Lindqvist"), doi: str = "10.5555/gloss.2024.0042",
               arxiv: str = "2403.01234v2") -> Paper:
    """Write a two-column paper of about ``pages`` pages to ``path``; returns what was drawn."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    rng = random.Random(seed)
    source = sample_paragraphs()
    paper = Paper(title=title, authors=list(authors), doi=doi, arxiv=arxiv)
    canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(", ".join(authors))
    canvas.setSubject("A generated two-column paper")
    page = 1
    col = 0
    y = 0.0
    notes_here: list[str] = []

    def furniture() -> None:
        canvas.setFont("Times-Italic", 8)
        canvas.drawString(MARGIN, PAGE_H - MARGIN, "Journal of Close Reading · Vol. 12, No. 3")
        canvas.drawRightString(PAGE_W - MARGIN, PAGE_H - MARGIN, title)
        canvas.setFont("Times-Roman", 9)
        canvas.drawCentredString(PAGE_W / 2, MARGIN, str(page))

    def footnotes() -> None:
        if not notes_here:
            return
        canvas.setLineWidth(0.4)
        fy = BOTTOM + 4 + 10 * len(notes_here)
        canvas.line(MARGIN, fy, MARGIN + 120, fy)
        canvas.setFont("Times-Roman", 7.5)
        for i, note in enumerate(notes_here):
            canvas.drawString(MARGIN, fy - 10 * (i + 1), note)
        notes_here.clear()

    def next_column() -> None:
        nonlocal col, y, page
        if col == 0:
            col = 1
            y = TOP - 90 if page == 1 else TOP
            return
        footnotes()
        canvas.showPage()
        page += 1
        if page <= pages:
            furniture()
        col = 0
        y = TOP

    def x0() -> float:
        return MARGIN + col * (COL_W + GAP)

    def room() -> float:  # the lowest baseline: three footnotes' room is kept on every page
        return BOTTOM + 36

    furniture()
    canvas.setFont("Times-Bold", 18)
    canvas.drawCentredString(PAGE_W / 2, TOP - 20, title)
    canvas.setFont("Times-Roman", 11)
    canvas.drawCentredString(PAGE_W / 2, TOP - 42, ", ".join(authors))
    canvas.setFont("Times-Roman", 9)
    canvas.drawCentredString(PAGE_W / 2, TOP - 58, f"Received 3 March 2024 · https://doi.org/{doi} · arXiv:{arxiv}")
    y = TOP - 90
    col = 0
    number = 0
    footnote_no = 0
    while page <= pages:
        number += 1
        heading = f"{number} " + " ".join(w.capitalize() for w in rng.choice(source).split()[:rng.randint(2, 4)]).strip(",.")
        if y - 3 * LEAD < room():
            next_column()
            if page > pages:
                break
        canvas.setFont("Times-Bold", 12)
        y -= 6
        canvas.drawString(x0(), y, heading)
        paper.headings.append(heading)
        paper.heading_pages[heading] = page
        y -= LEAD + 4
        for _ in range(rng.randint(3, 6)):
            text = rng.choice(source)
            if rng.random() < 0.25 and len(notes_here) < 3:
                footnote_no += 1
                note = f"{footnote_no} See the committee's minutes of May 19, item {rng.randint(2, 40)}."
                notes_here.append(note)
                paper.footnotes.append(note)
            paper.paragraphs.append(text)
            lines = _wrap(text.split(), COL_W, 12, "Times-Roman", BODY, stringWidth, paper.hyphenated)
            for i, line in enumerate(lines):
                if y < room():
                    next_column()
                    if page > pages:
                        break
                canvas.setFont("Times-Roman", BODY)
                canvas.drawString(x0() + (12 if i == 0 else 0), y, line)
                y -= LEAD
            if page > pages:
                break
            y -= 3
    if page <= pages:
        footnotes()
        canvas.showPage()
    canvas.save()
    paper.pages = min(page, pages)
    return paper
