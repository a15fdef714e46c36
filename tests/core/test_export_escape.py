"""Notes and quotes exported to Markdown render back exactly as written, in any CommonMark renderer."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from desktop.core.export.escape import blockquote, escape_block, escape_inline, quote_markdown

COMMONMARK = MarkdownIt("commonmark")
GFM = MarkdownIt("commonmark").enable(["table", "strikethrough"])

INLINE_TEXT = {"text", "softbreak", "hardbreak"}


def rendered_text(md: MarkdownIt, source: str, container: str | None = None) -> str:
    """The plain text a reader sees; fails if any Markdown structure (emphasis, link, list...) appeared."""
    tokens = md.parse(source)
    paragraphs: list[str] = []
    allowed = {"paragraph_open", "paragraph_close", "inline"}
    if container:
        allowed |= {f"{container}_open", f"{container}_close"}
    for tok in tokens:
        assert tok.type in allowed, f"unexpected block {tok.type} in {source!r}"
        if tok.type != "inline":
            continue
        parts = []
        for child in tok.children or []:
            assert child.type in INLINE_TEXT, f"unexpected inline {child.type} in {source!r}"
            parts.append("\n" if child.type.endswith("break") else child.content)
        paragraphs.append("".join(parts))
    return "\n\n".join(paragraphs)


# Everything a person could type or paste, except the control characters no renderer carries.
CARRIED = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x0b") | st.sampled_from(
    list("\\`*_[]<>#|~$^&=%!-+.)(:{}0123456789 \t\n\r\u00a0\u3000") + ["1.", "---", "```", "==", "&amp;", "&#65;",
                                                                     "<b>", "[[x]]", "> ", "    ", "\n\n\n"])
TEXT = st.lists(CARRIED, max_size=40).map("".join)


def _edge_control_free(text: str) -> bool:
    controls = {chr(c) for c in [*range(0x0E, 0x20), *range(0x7F, 0xA0)]}
    return not any(line[:1] in controls or line[-1:] in controls for line in text.split("\n"))


NOTE_SYNTAX = [
    "# Not a heading", "> not a quote", "1. not a list", "---", "- item\n- item", "* a\n* b", "+ plus",
    "Title\n=====", "Title\n-----", "```python\ncode\n```", "~~~\nfence", "    indented code",
    "| a | b |\n|---|---|\n| 1 | 2 |", "**bold** _em_ `code` ~~strike~~", "[link](http://x) ![img](y.png)",
    "<script>alert(1)</script>", "<div>\n\nhtml block</div>", "&amp; &copy; &#65; &#x41;", "back\\slash \\*",
    "trailing two spaces  \nnext", "trailing backslash\\\nnext", "#tag and [[wiki link]] and ==mark== and %%c%%",
    "$x^2$ and $5-$6", "note ^block-id", "\n\n\nleading and trailing\n\n", "\r\nwindows\r\n", "\t tab start",
    "2022. A year", "12) paren", "<http://auto.link>", "[ref]: http://example.com", "\u00a0nbsp\u3000",
    "a\n\n\n\nb", "> [!note] callout", "***", "_ _ _", "<!-- comment -->", "\\", "", "\n", " ", "&",
]


@pytest.mark.parametrize("note", NOTE_SYNTAX)
@pytest.mark.parametrize("md", [COMMONMARK, GFM], ids=["commonmark", "gfm"])
def test_markdown_syntax_in_notes_renders_as_written(md: MarkdownIt, note: str) -> None:
    assert rendered_text(md, escape_block(note)) == note
    assert rendered_text(md, blockquote(escape_block(note)), "blockquote") == note


@settings(max_examples=400, deadline=None)
@given(TEXT)
@example("\x1c")
def test_any_text_renders_back_exactly(text: str) -> None:
    if not _edge_control_free(text):
        return
    escaped = escape_block(text)
    assert rendered_text(COMMONMARK, escaped) == text
    assert rendered_text(GFM, escaped) == text
    assert rendered_text(COMMONMARK, blockquote(escaped), "blockquote") == text


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_escaped_note_never_swallows_what_follows(text: str) -> None:
    """A note cannot open a fence, HTML block or list that would eat the next highlight."""
    if not _edge_control_free(text):
        return
    source = escape_block(text) + "\n\nAFTER"
    assert rendered_text(COMMONMARK, source).endswith("AFTER")


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30))
@settings(deadline=None)
def test_inline_escape_makes_a_heading_of_exactly_the_text(text: str) -> None:
    source = "## " + escape_inline(text)
    tokens = COMMONMARK.parse(source)
    assert tokens[0].type == "heading_open"
    content = "".join(c.content for c in tokens[1].children or [])
    assert content == text


def test_plain_prose_stays_readable() -> None:
    prose = "Japan's Ministry of Defense dispatched staff in 2019, e.g. to the U.S.-led exercise."
    assert escape_block(prose) == prose


# A quote is a run of the article's blocks (joined by one "\n"): paragraphs, headings, items... and
# code lines, which keep their indentation.
LINE = st.lists(CARRIED, min_size=1, max_size=12).map("".join).map(lambda s: s.replace("\n", " ").replace("\r", " "))
BLOCKS = st.lists(st.tuples(st.sampled_from(["paragraph", "heading", "item", "code"]), LINE), min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(BLOCKS)
def test_a_quote_renders_back_block_by_block_without_character_references(blocks):
    blocks = [(k, t if k == "code" else t.strip()) for k, t in blocks]
    blocks = [(k, t) for k, t in blocks if t.strip() and _edge_control_free(t)]
    if not blocks:
        return
    quote = "\n".join(t for _k, t in blocks)
    kinds = [k for k, _t in blocks]
    source = quote_markdown(quote, kinds)
    assert "&#x20;" not in source and "&#xA;" not in source
    tokens = COMMONMARK.parse(source)
    assert tokens[0].type == "blockquote_open" and tokens[-1].type == "blockquote_close"
    assert not any(t.type == "blockquote_open" for t in tokens[1:])
    shown = []
    for tok in tokens[1:-1]:
        if tok.type == "fence":
            shown.extend(tok.content[:-1].split("\n"))
        elif tok.type == "inline":
            assert all(c.type == "text" for c in tok.children), source
            shown.append("".join(c.content for c in tok.children))
        else:
            assert tok.type in ("paragraph_open", "paragraph_close"), source
    expected = [t.strip() if k != "code" else t for k, t in blocks]
    expected[0], expected[-1] = (expected[0].lstrip(), expected[-1].rstrip()) if len(expected) > 1 else \
        (expected[0].strip(), expected[0].strip())
    assert shown == [e for e in expected if e]


def test_paragraph_breaks_inside_a_quote_are_kept():
    assert quote_markdown("One paragraph.\nAnother.") == "> One paragraph.\n>\n> Another."
    assert quote_markdown(" leading and trailing \n") == "> leading and trailing"
