"""A new version of an article: its text replaced, highlights re-anchored or orphaned, never lost."""

from __future__ import annotations

import pytest

from desktop.core.article import ArticleBuilder
from desktop.core.errors import GlossError, NotFound
from desktop.core.importers import load, parse_text
from desktop.store.articles import add_article, get_article
from desktop.store.highlights import add_highlight, get_highlight, list_highlights
from desktop.store.revisions import update_article_text


def span_of(lib, article_id, quote, n=1):
    text = get_article(lib, article_id).text
    start = -1
    for _ in range(n):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


def article_from(text: str, title: str = "T"):
    return parse_text(text, ".txt", title)


def test_update_reanchors_moves_and_orphans(lib, sample_id, sample_path):
    article = get_article(lib, sample_id)
    paragraphs = article.text.split("\n")
    keep = add_highlight(lib, sample_id, *span_of(lib, sample_id, paragraphs[3][5:60]), note="moves")
    typo_quote = paragraphs[5][:70]
    typo = add_highlight(lib, sample_id, *span_of(lib, sample_id, typo_quote), tags=["t"])
    gone = add_highlight(lib, sample_id, *span_of(lib, sample_id, paragraphs[7][10:90]), note="orphan me")
    # new version: a paragraph inserted at the top, a typo introduced, paragraph 7 deleted
    changed = typo_quote.replace("a", "á", 1) if "a" in typo_quote else typo_quote + "!"
    new_paragraphs = ["An editor's note was added."] + paragraphs[:5] + [paragraphs[5].replace(typo_quote, changed)] \
        + paragraphs[6:7] + paragraphs[8:]
    new_text = "\n\n".join(new_paragraphs)
    result = update_article_text(lib, sample_id, article_from(new_text))
    assert result == {"anchored": 2, "orphaned": 1}
    stored = get_article(lib, sample_id)
    by_id = {h["id"]: h for h in list_highlights(lib, sample_id)}
    for h in (by_id[keep["id"]], by_id[typo["id"]]):
        assert h["status"] == "anchored" and stored.text[h["start"]:h["end"]] == h["quote"]
    assert by_id[keep["id"]]["quote"] == keep["quote"] and by_id[keep["id"]]["note"] == "moves"
    assert by_id[typo["id"]]["quote"] == changed and by_id[typo["id"]]["tags"] == ["t"]
    orphan = by_id[gone["id"]]
    assert orphan["status"] == "orphaned" and orphan["quote"] == gone["quote"] and orphan["note"] == "orphan me"
    assert list(by_id)[-1] == gone["id"]  # orphans last
    assert stored.content_hash != article.content_hash and stored.text != article.text
    assert stored.blocks[0].start == 0 and stored.text[stored.blocks[0].start:stored.blocks[0].end] == "An editor's note was added."
    # updating back to the original re-anchors the orphan
    result = update_article_text(lib, sample_id, load(sample_path))
    assert result == {"anchored": 3, "orphaned": 0}
    assert get_highlight(lib, gone["id"])["start"] == gone["start"]


def test_update_refuses_text_of_another_article(lib, sample_id, sample_path):
    other, _ = add_article(lib, article_from("Another article.\n\nWith its own words here.", "Other"))
    with pytest.raises(GlossError, match=f"already in the library as article {sample_id}"):
        update_article_text(lib, other, load(sample_path))
    with pytest.raises(NotFound):
        update_article_text(lib, 999, load(sample_path))


def test_update_with_non_bmp_and_crlf(lib, tmp_path):
    from desktop.store.imports import import_file

    path = tmp_path / "emoji.txt"
    body = "Emoji title 😀\r\n\r\nFirst 👨\u200d👩\u200d👧 paragraph about 𝒳 and 中文 text, long enough to read.\r\n\r\nSecond paragraph mentions שלום and 🇯🇵 flags in the text.\r\n"
    path.write_bytes(body.encode("utf-8"))
    (article_id, _title, _added), = import_file(lib, path)
    text = get_article(lib, article_id).text
    quote = "🇯🇵 flags"
    start = text.index(quote)
    h = add_highlight(lib, article_id, start, start + len(quote))
    assert h["quote"] == quote
    path.write_bytes(body.replace("First", "🎉 New first line.\r\n\r\nFirst").encode("utf-8"))
    assert update_article_text(lib, article_id, load(path)) == {"anchored": 1, "orphaned": 0}
    moved = get_highlight(lib, h["id"])
    new_text = get_article(lib, article_id).text
    assert new_text[moved["start"]:moved["end"]] == quote and moved["start"] > start


def test_update_with_many_highlights_keeps_them_all(lib):
    builder = ArticleBuilder()
    for i in range(1000):
        builder.add("paragraph", f"Paragraph {i}: the committee 😀 discussed item {i * 31 % 997} at length, "
                                 f"and members of group {i % 17} asked questions about the budget.")
    old = builder.build("Minutes")
    article_id, _ = add_article(lib, old)
    for block in old.blocks:
        add_highlight(lib, article_id, block.start + 3, block.start + 40)
    new = ArticleBuilder()
    new.add("paragraph", "Corrected version: an introduction was added.")
    for block in old.blocks:
        new.add("paragraph", old.text[block.start:block.end])
    assert update_article_text(lib, article_id, new.build("Minutes")) == {"anchored": 1000, "orphaned": 0}
    text = get_article(lib, article_id).text
    assert all(text[h["start"]:h["end"]] == h["quote"] for h in list_highlights(lib, article_id))
