"""Web pages by URL, against a server on 127.0.0.1: one request, limits, redirects, kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import ImportRefused
from desktop.core.fetch import load_url

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Harbour cranes | Port News</title>
<meta name="author" content="Sanne Visser"><meta property="article:published_time" content="2024-02-12">
<link rel="stylesheet" href="/style.css"><script src="/app.js"></script></head>
<body><nav><a href="/">Home</a> <a href="/about">About</a></nav><article><h1>Harbour cranes</h1>
<p>Rotterdam's port authority said on Monday that its container terminals handled a record number of
boxes last year, helped by new automated cranes at the Maasvlakte terminals.</p>
<img src="/photo.jpg" alt="Cranes at dusk"><iframe src="/frame.html"></iframe>
<p>The authority expects volumes to keep growing through 2030 as new quays open on reclaimed land
west of the existing terminals, and as rail links to the hinterland are improved.</p>
<p>Café owners near the quays say the night shifts have brought new customers — “every hour”.</p>
</article><footer>© Port News</footer></body></html>""".encode("utf-8")


def _html(body: bytes = PAGE, **headers) -> tuple[int, dict, bytes]:
    return 200, {"Content-Type": "text/html; charset=utf-8", **headers}, body


def test_a_page_opens_as_an_article_with_only_itself_fetched(local_site):
    local_site.pages["/news/cranes.html"] = _html()
    article = load_url(local_site.url("/news/cranes.html#top"))
    assert article.title == "Harbour cranes"
    assert article.author == "Sanne Visser" and article.published == "2024-02-12"
    assert article.url == local_site.url("/news/cranes.html")
    assert "record number of boxes" in article.text and "“every hour”" in article.text
    assert "Home" not in article.paragraphs() and "© Port News" not in article.text
    assert local_site.requests == ["/news/cranes.html"]  # no stylesheet, script, image or frame


def test_redirects_are_followed_up_to_five(local_site):
    local_site.pages["/page"] = _html()
    for i in range(7):
        local_site.pages[f"/r{i}"] = (302, {"Location": f"/r{i + 1}" if i < 6 else "/page"}, b"")
    article = load_url(local_site.url("/r2"))  # five redirects: r2 -> r3 ... r6 -> page
    assert "record number of boxes" in article.text and article.meta["fetched_from"] == local_site.url("/page")
    with pytest.raises(ImportRefused, match="redirected more than 5 times"):
        load_url(local_site.url("/r0"))


def test_limits_and_failures_give_one_line(local_site):
    local_site.pages["/big"] = _html(b"<p>" + b"word " * 300_000 + b"</p>", **{"Content-Length": None})
    local_site.pages["/said-big"] = (200, {"Content-Type": "text/html", "Content-Length": str(10**9)}, b"")
    local_site.pages["/ftp"] = (302, {"Location": "ftp://127.0.0.1/file"}, b"")
    local_site.pages["/file"] = (301, {"Location": "file:///etc/passwd"}, b"")
    local_site.pages["/image"] = (200, {"Content-Type": "image/png"}, b"\x89PNG....")
    local_site.pages["/slow"] = _html()
    local_site.delay = 2.0
    cases = [("/big", {"max_bytes": 1_000_000}, "is larger than 976 KB; Gloss stopped reading it"),
             ("/said-big", {}, "Gloss fetches pages up to 50 MB"),
             ("/ftp", {}, "which Gloss does not follow"), ("/file", {}, "which Gloss does not follow"),
             ("/image", {}, "is image/png, not a page Gloss can read"),
             ("/missing", {}, "answered 404"), ("/slow", {"timeout": 0.5}, "did not answer within 0.5 s")]
    for path, limits, words in cases:
        with pytest.raises(ImportRefused) as err:
            load_url(local_site.url(path), **limits)
        assert words in str(err.value) and "\n" not in str(err.value), path
    for url, words in (("ftp://example.org/x", "only http:// and https://"),
                       ("http://127.0.0.1:1/nothing", "Could not reach 127.0.0.1:1")):
        with pytest.raises(ImportRefused, match=words):
            load_url(url)


def test_pdfs_and_plain_text_by_url(local_site):
    local_site.pages["/papers/japan-nato.pdf"] = (200, {"Content-Type": "application/pdf"},
                                                  (FIXTURES / "paper-two-column.pdf").read_bytes())
    local_site.pages["/notes.txt"] = (200, {"Content-Type": "text/plain; charset=iso-8859-1"},
                                      "Café notes\n\nThe harbour café opened at dawn, as it always has, for the crews.\n".encode("latin-1"))
    paper = load_url(local_site.url("/papers/japan-nato.pdf"))
    assert paper.title == "Japan, NATO and the Asia-Pacific: A Close Reading" and paper.page_count == 4
    assert paper.url == local_site.url("/papers/japan-nato.pdf")
    notes = load_url(local_site.url("/notes.txt"))
    assert notes.title == "Café notes" and "harbour café" in notes.text
