"""PDF import: real pdfTeX papers and generated ones read back as clean articles with pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.bench.pdfdoc import make_paper
from desktop.core.errors import ImportRefused
from desktop.core.importers import load
from desktop.core.importers.pdf_layout import Line, Page, drop_furniture, reading_order, LEFT, RIGHT
from desktop.core.importers.pdf_reflow import Vocabulary
from desktop.core.paths import sample_path

FIXTURES = Path(__file__).parent / "fixtures"


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("”", '"').replace("“", '"').replace("''", '"'))


def _sample_paragraphs() -> list[str]:
    article = load(sample_path())
    return [_plain(article.text[b.start:b.end]) for b in article.blocks if b.kind == "paragraph" and b.end - b.start > 150]


@pytest.fixture(scope="module")
def paper():
    return load(FIXTURES / "paper-two-column.pdf")


@pytest.fixture(scope="module")
def report():
    return load(FIXTURES / "report-running-headers.pdf")


def test_two_column_paper_metadata(paper):
    assert paper.title == "Japan, NATO and the Asia-Pacific: A Close Reading"
    assert paper.author == "Mira Okafor, Tomás Lindqvist"
    assert paper.published == "2022-06-14"
    assert paper.meta["doi"] == "10.5555/gloss.2022.0617"
    assert paper.meta["arxiv"] == "2206.01234v1"
    assert paper.format == "pdf"
    assert "DOI: 10.5555/gloss.2022.0617. Preprint" in paper.text  # broken after "/": joined without a space


def test_two_column_paper_reads_in_order_with_hyphenation_joined(paper):
    body = _plain(re.sub(r"\[\d+\]", "", paper.text))
    for para in _sample_paragraphs():  # TeX hyphenated and split these across lines and columns
        assert para in body
    assert "Abstract" in paper.headings
    assert "1 Japan makes use of this opportunity to pander to NATO's invitation" in [_plain(h) for h in paper.headings]


def test_running_headers_page_numbers_and_byline_are_not_body_text(paper, report):
    for article, furniture in ((paper, ("Journal of Close Reading", "12(3)")),
                               (report, ("Institute for Close Reading", "Briefing 7", "Page 2"))):
        assert not any(f in article.text for f in furniture)
        assert not any(re.fullmatch(r"\d+", p) for p in article.paragraphs())
    assert "Mira Okafor" not in paper.text and "14 June 2022" not in paper.text


def test_footnotes_are_kept_apart_with_their_pages(paper, report):
    for article in (paper, report):
        notes = [b for b in article.blocks if b.kind == "footnote"]
        assert len(notes) >= 6
        first = article.blocks.index(notes[0])
        assert article.text[article.blocks[first - 1].start:article.blocks[first - 1].end] == "Notes"
        assert all(b.kind == "footnote" for b in article.blocks[first:])
        assert "See the" not in article.text[:article.blocks[first].start]
        assert re.match(r"\d+ See the", article.text[notes[1].start:notes[1].end])
        assert [b.page for b in notes] == sorted(b.page for b in notes) and notes[-1].page >= 3
    assert "Europe, again.[2] The analysis" in paper.text  # the raised mark, not "again.2"


def test_every_block_has_its_page(paper, report):
    for article in (paper, report):
        assert article.page_count == 4
        assert None not in [article.page_at(b.start) for b in article.blocks]
        body = [b for b in article.blocks if b.kind != "footnote" and b.page is not None]
        assert [b.page for b in body] == sorted(b.page for b in body)
        assert {b.page for b in body} == {1, 2, 3, 4}
        assert article.page_at(len(article.text) - 1) is not None


def test_report_title_and_date(report):
    assert report.title == "Briefing 7: Japan and NATO"
    assert report.author == "Analysis Team"
    assert report.published == "2022-06-01"
    assert report.headings[0].startswith("1 Japan makes use")


def test_generated_paper_pages_headings_and_hyphens(tmp_path):
    drawn = make_paper(tmp_path / "p.pdf", pages=5)
    seen = []
    article = load(tmp_path / "p.pdf", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (5, 5) and len(seen) == 5
    assert article.title == drawn.title and article.author == ", ".join(drawn.authors)
    assert article.meta == {"doi": drawn.doi, "arxiv": drawn.arxiv}
    assert article.headings[:-1] == drawn.headings and article.headings[-1] == "Notes"
    for block in article.blocks:
        if block.kind == "heading" and block.page is not None:
            assert block.page == drawn.heading_pages[article.text[block.start:block.end]]
    for word in set(drawn.hyphenated):
        assert word in article.text
    assert not re.search(r"[a-z]- [a-z]", article.text)
    assert "Journal of Close Reading" not in article.text
    notes = [article.text[b.start:b.end] for b in article.blocks if b.kind == "footnote"]
    assert notes == drawn.footnotes
    a_break = next(b for b in article.blocks if b.page_breaks)
    at, page = a_break.page_breaks[0]
    assert article.page_at(at - 1) == page - 1 and article.page_at(at) == page
    assert article.page_label(a_break.start, a_break.end) == f"pp. {page - 1}\u2013{page}"


def test_scans_encrypted_and_broken_pdfs_get_one_line(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    scan = Canvas(str(tmp_path / "scan.pdf"))
    scan.rect(50, 50, 400, 600, fill=1)
    scan.showPage()
    scan.save()
    locked = Canvas(str(tmp_path / "locked.pdf"), encrypt=StandardEncryption("secret", canPrint=0))
    locked.drawString(100, 700, "Nothing to see without the password.")
    locked.showPage()
    locked.save()
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n this is not really a PDF \n")
    for name, words in (("scan.pdf", "no text layer"), ("locked.pdf", "password-protected"),
                        ("broken.pdf", "damaged or not a PDF")):
        with pytest.raises(ImportRefused) as err:
            load(tmp_path / name)
        assert words in str(err.value) and "\n" not in str(err.value)


def _line(page, x0, x1, base, text, size=10.0):
    return Line(page, x0, x1, base, size, False, text)


def test_furniture_needs_repetition_or_a_page_number():
    pages = [Page(n, 600, 800, [_line(n, 50, 300, 30, f"Annual Report {2020 + n}"),
                                _line(n, 50, 550, 400, "Body text that stays."),
                                _line(n, 290, 310, 780, str(n)),
                                _line(n, 50, 200, 760, f"{n} A footnote on page {n}.", size=7)])
             for n in range(1, 6)]
    pages[0].lines.append(_line(1, 50, 300, 50, "A title high on page one"))
    assert drop_furniture(pages) == 10
    assert [ln.text for ln in pages[0].lines] == ["Body text that stays.", "1 A footnote on page 1.",
                                                  "A title high on page one"]


def test_two_columns_read_left_then_right_between_full_width_lines():
    lines = [_line(1, 50, 550, 100, "Full-width title")]
    lines += [_line(1, 50, 290, 200 + 12 * i, f"L{i}") for i in range(4)]
    lines += [_line(1, 310, 550, 200 + 12 * i, f"R{i}") for i in range(4)]
    lines += [_line(1, 50, 550, 300, "Full-width figure caption")]
    lines += [_line(1, 50, 290, 400 + 12 * i, f"l{i}") for i in range(3)]
    lines += [_line(1, 310, 550, 400, "r0")]
    order = [(col, ln.text) for col, ln in reading_order(Page(1, 600, 800, lines))]
    assert [t for _, t in order] == (["Full-width title"] + [f"L{i}" for i in range(4)] + [f"R{i}" for i in range(4)]
                                     + ["Full-width figure caption", "l0", "l1", "l2", "r0"])
    assert order[1][0] == LEFT and order[5][0] == RIGHT


def test_line_end_hyphens_join_words_but_keep_compounds():
    vocab = Vocabulary([_line(1, 0, 1, 1, "self-defense is written so, and commitments too")])
    assert vocab.join_word("security commit", "ments based on")
    assert not vocab.join_word("the self", "defense forces")
    assert not vocab.join_word("the Asia", "Pacific region")


def _page_lines(texts_x, left=57.0, right=300.0, size=10.0, start=100.0):
    """Lines of one column, 12 pt apart: (text, x0, x1)."""
    return [(LEFT, Line(1, x0, x1, start + 12 * i, size, False, t)) for i, (t, x0, x1) in enumerate(texts_x)]


def test_an_indented_block_is_one_paragraph_and_a_first_line_indent_starts_one():
    from desktop.core.importers.pdf_reflow import paragraphs

    body = [("The running text of the paper goes on", 57, 300), ("and on to the right edge of the", 57, 300),
            ("column, then ends here.", 57, 200),
            ("An abstract set in from both sides", 70, 287), ("stays one block although every line", 70, 287),
            ("is set in.", 70, 150),
            ("A new paragraph starts with an", 69, 300), ("indent of its first line and goes on", 57, 300),
            ("to its end.", 57, 120)] + [(f"filler line {i} to fix the column edges", 57, 300) for i in range(6)]
    paras = paragraphs(_page_lines(body), 10.0, Vocabulary([]))
    texts = [p.text for p in paras]
    assert texts[0] == "The running text of the paper goes on and on to the right edge of the column, then ends here."
    assert texts[1] == "An abstract set in from both sides stays one block although every line is set in."
    assert texts[2] == "A new paragraph starts with an indent of its first line and goes on to its end."


def test_front_matter_takes_the_byline_and_leaves_affiliations_out():
    from desktop.core.importers.pdf_meta import front_matter
    from desktop.core.importers.pdf_reflow import Para

    def para(kind, text, size=10.0):
        return Para(kind, [text], 1, 1 if kind == "heading" else 0, size=size)

    paras = [para("heading", "Preemptive Information Extraction", 15.0), para("paragraph", "Yusuke Shinyama Satoshi Sekine"),
             para("paragraph", "New York University"), para("paragraph", "715, Broadway, 7th Floor"),
             para("paragraph", "{yusuke,sekine}@cs.nyu.edu"), para("heading", "Abstract", 12.0),
             para("paragraph", "We are trying to extend the boundary of information extraction systems.")]
    meta, used = front_matter(paras, [], {"Author": "admin", "CreationDate": "D:20060414"}, 10.0, "file")
    assert meta["title"] == "Preemptive Information Extraction"
    assert meta["author"] == "Yusuke Shinyama Satoshi Sekine" and used == 5
    assert meta["published"] == "2006-04-14"
