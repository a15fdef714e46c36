"""Importers: the sample field by field, plain text, Markdown, HTML, encodings and refusals."""

from __future__ import annotations

import pytest

from desktop.core.errors import ImportRefused
from desktop.core.importers import SUPPORTED, load
from desktop.core.text import decode


def test_sample_title_and_metadata(sample_path):
    a = load(sample_path)
    assert a.title == "Catering to NATO, Japan seeks to move out of Asia and reach for Europe, again"
    assert a.source == "China Military Online"
    assert a.editor == "Li Jiayao"
    assert a.published == "2022-05-26 11:54:06"
    assert a.author == "Wen Weiru"
    assert a.meta == {}


def test_sample_body_has_every_paragraph_and_nothing_else(sample_path):
    a = load(sample_path)
    assert a.headings == ["Japan makes use of this opportunity to pander to NATO's invitation",
                          "Japan takes the opportunity to achieve multiple strategic goals"]
    kinds = [b.kind for b in a.blocks]
    assert kinds == ["paragraph", "heading", "paragraph", "paragraph", "paragraph", "heading",
                     "paragraph", "paragraph", "paragraph", "paragraph"]
    assert a.text.startswith("According to Japanese media reports, Gen. Koji Yamazaki")
    assert a.text.endswith("risks and challenges to the regional security landscape.")
    for furniture in ("Related News", "back", "\u00a0", "Source", "By Wen Weiru", "Li Jiayao"):
        assert furniture not in a.text.split("\n")
    assert "Li Jiayao" not in a.text and "Catering to NATO" not in a.text
    # Every offset is exact: block texts are the text's lines.
    assert a.text.split("\n") == a.paragraphs()


def _write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_plain_text_title_wrapped_paragraphs_and_crlf(tmp_path):
    body = ("A short title\r\n\r\nThe first paragraph is hard wrapped at a\r\nnarrow width, "
            "as plain text often is.\r\n\r\nA second paragraph.\r\n")
    a = load(_write(tmp_path, "note.txt", body.encode()))
    assert a.title == "A short title"
    assert a.paragraphs() == ["The first paragraph is hard wrapped at a narrow width, as plain text often is.",
                              "A second paragraph."]
    assert "\r" not in a.text


def test_plain_text_without_title_line_uses_file_name(tmp_path):
    a = load(_write(tmp_path, "field-notes.txt", b"Only one paragraph, ending with a full stop."))
    assert a.title == "field-notes"
    assert a.paragraphs() == ["Only one paragraph, ending with a full stop."]


def test_nfc_normalisation(tmp_path):
    a = load(_write(tmp_path, "cafe.txt", "Title\n\nCafe\u0301 au lait, re\u0301sume\u0301.".encode()))
    assert a.text == "Caf\u00e9 au lait, r\u00e9sum\u00e9."


def test_markdown_front_matter_headings_lists_quotes_links(tmp_path):
    md = """---
title: Straits and Alliances
author: [A. Writer, B. Second]
date: 2023-04-01
source: The Review
---
# A heading kept in the body

Intro with *emphasis*, **strong** and a [link](https://example.org) and [bad](javascript:alert(1)).

## Section one

- first point
- second point

1. one
2. two

> A quoted line.

```
code line
```
"""
    a = load(_write(tmp_path, "a.md", md.encode()))
    assert a.title == "Straits and Alliances"
    assert a.author == "A. Writer, B. Second"
    assert a.published == "2023-04-01"
    assert a.source == "The Review"
    assert a.headings[:2] == ["A heading kept in the body", "Section one"]
    intro = a.paragraphs()[1]
    assert intro == "Intro with emphasis, strong and a link and [bad](javascript:alert(1))."
    kinds = {(s.kind, a.text[s.start:s.end], s.href) for s in a.spans}
    assert ("em", "emphasis", "") in kinds and ("strong", "strong", "") in kinds
    assert ("link", "link", "https://example.org") in kinds
    assert not any(s.kind == "link" and "javascript" in s.href for s in a.spans)
    items = [(b.marker, a.text[b.start:b.end]) for b in a.blocks if b.kind == "item"]
    assert items == [("•", "first point"), ("•", "second point"), ("1.", "one"), ("2.", "two")]
    assert [a.text[b.start:b.end] for b in a.blocks if b.kind == "quote"] == ["A quoted line."]
    assert [a.text[b.start:b.end] for b in a.blocks if b.kind == "code"] == ["code line"]
    assert "#" not in a.text and "*" not in a.text and "---" not in a.text


def test_markdown_first_h1_becomes_title(tmp_path):
    a = load(_write(tmp_path, "b.md", b"# The Title\n\nBody text."))
    assert a.title == "The Title" and a.text == "Body text."


HTML = """<!doctype html><html><head><title>Page title | Site</title>
<meta property="og:title" content="Ports and Power">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2024-02-03">
<script>document.write('evil script text')</script>
<style>body { font-size: 999px }</style></head>
<body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>Ports and Power</h1>
<p onclick="steal()">The first paragraph of the article explains why ports matter to trade and to power
in the region, at some length so that extraction keeps it as main content.</p>
<img src="https://tracker.example/pixel.gif"><img src="file:///etc/passwd">
<h2>A section</h2>
<p>A second paragraph with <em>emphasis</em> and a <a href="https://example.org/x">link</a>, long enough
to be counted as real content by the extractor rather than boilerplate text.</p>
<script>alert('inline')</script>
</article><footer>Copyright footer</footer></body></html>"""


def test_html_main_content_metadata_and_sanitising(tmp_path):
    a = load(_write(tmp_path, "page.html", HTML.encode()))
    assert a.title == "Ports and Power"
    assert a.author == "Jane Reporter"
    assert a.published.startswith("2024-02-03")
    assert a.text.startswith("The first paragraph of the article")
    assert "A section" in a.headings
    for bad in ("evil script", "alert(", "steal", "999px", "passwd", "tracker", "Copyright footer"):
        assert bad not in a.text
    assert any(s.kind == "em" and a.text[s.start:s.end] == "emphasis" for s in a.spans)


TEXT = "北京和东京的关系在过去十年里经历了许多变化，两国之间的贸易仍然非常重要。" * 8


@pytest.mark.parametrize("encoding, text", [
    ("utf-8", TEXT), ("utf-8-sig", TEXT), ("utf-16", TEXT), ("utf-16-le", TEXT), ("gb18030", TEXT),
    ("big5", "台灣的經濟與日本的關係在過去十年裡經歷了許多變化，兩國之間的貿易仍然非常重要。" * 8),
    ("shift_jis", "日本の首相は今日、東京で記者会見を開き、新しい経済政策について説明しました。" * 8),
    ("cp1252", "Café society — “quoted” façade, naïve coöperation, déjà vu. " * 8),
    ("latin-1", "Über die Straße gehen, Größe und Maß, Ærø og Ålborg. " * 8),
])
def test_encodings_detected(encoding, text):
    assert decode(text.encode(encoding), "x.txt") == text


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n\t \r\n", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    ("zeros.md", b"\x00" * 1000, "empty"),
])
def test_bad_files_refused_with_one_line(tmp_path, name, data, message):
    with pytest.raises(ImportRefused) as err:
        load(_write(tmp_path, name, data))
    assert message in str(err.value) and "\n" not in str(err.value)


def test_oversized_file_refused_without_reading(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        fh.truncate(51 * 1024 * 1024)
    with pytest.raises(ImportRefused, match="MB"):
        load(p)


def test_unknown_extension_refused(tmp_path):
    with pytest.raises(ImportRefused, match="not .docx"):
        load(_write(tmp_path, "paper.docx", b"PK\x03\x04"))


def test_missing_file(tmp_path):
    with pytest.raises(ImportRefused, match="no such file"):
        load(tmp_path / "nope.txt")


def test_markdown_title_in_front_matter_and_as_first_heading_shows_once(tmp_path):
    md = "---\ntitle: The *Baltic* question\n---\n\n# The *Baltic* Question\n\nIntro.\n\n## Part one\n\nBody.\n"
    a = load(_write(tmp_path, "c.md", md.encode()))
    assert a.title == "The Baltic question"  # the front matter's, its Markdown shown as text
    assert a.headings == ["Part one"] and a.text.startswith("Intro.")


def test_markdown_title_markup_is_text_and_a_different_first_heading_stays(tmp_path):
    md = "---\ntitle: '**Straits** and `code` [links](http://x)'\n---\n\n# Something else\n\nBody.\n"
    a = load(_write(tmp_path, "d.md", md.encode()))
    assert a.title == "Straits and code links"
    assert a.headings == ["Something else"]
    b = load(_write(tmp_path, "e.md", b"# The *Baltic* question\n\nBody."))
    assert b.title == "The Baltic question" and b.text == "Body."


def test_refusal_names_the_suffixes_gloss_reads(tmp_path):
    assert "" not in SUPPORTED and {".txt", ".md", ".html", ".htm", ".json"} <= set(SUPPORTED)
    with pytest.raises(ImportRefused) as exc:
        load(_write(tmp_path, "slides.pptx", b"x"))
    message = str(exc.value)
    assert "Gloss reads .epub, .htm, .html" in message and ", ," not in message and "reads ," not in message
    assert message.endswith("not .pptx.")


def test_a_page_gets_the_date_it_states_and_none_made_up_from_a_year_in_its_title(tmp_path):
    body = ("<p>Rotterdam remained the largest container port in Europe, ahead of Antwerp-Bruges and "
            "Hamburg, by a wide margin in every month of the year.</p>" * 3)
    undated = tmp_path / "ports.html"
    undated.write_text(f"<html><head><title>Europe's ports in 2023</title></head><body><article>"
                       f"<h1>Europe's ports in 2023</h1>{body}</article></body></html>", encoding="utf-8")
    assert load(undated).published == ""  # not 2023-01-01
    dated = tmp_path / "dated.html"
    dated.write_text(f"<html><head><title>Europe's ports in 2023</title>"
                     f'<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>'
                     f"<body><article><h1>Europe's ports in 2023</h1>{body}</article></body></html>", encoding="utf-8")
    assert load(dated).published.startswith("2024-03-05")
