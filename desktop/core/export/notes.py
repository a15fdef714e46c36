"""Margin notes exported as the Markdown they are written in, made safe for the document around them.

``note_markdown(text)`` returns Markdown that renders as the note's own Markdown does (CommonMark:
emphasis, strong, code, links, lists, quotes, code blocks), except for what could reach outside
the note or run in a reader's app:

* raw HTML (blocks, inline tags, comments) is shown as the text it is, never passed through;
* headings become bold paragraphs, so a note never adds a section to the document's outline;
  a thematic break (``---``, ``***``) is shown as its characters;
* link reference definitions are used inside the note and not written out (its links become
  inline links), so a note defines nothing for the rest of the document;
* a code fence left open is closed, and every block ends with the note;
* Obsidian's syntax that can run past a note or change the page (``%%`` comments, ``$`` math,
  ``==`` highlights, ``[[`` links and embeds) is escaped: it shows as written, as on the card.

The note is parsed by markdown-it-py and written back by mdformat (CommonMark in, CommonMark out,
text escaped wherever it needs to be). A note with no Markdown syntax at the start of a line and
nothing inline that needs care (most notes) is its own Markdown and is not parsed at all.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from .escape import escape_block

# A line that may start a block: headings, quotes, lists, breaks, fences, tables, indented code,
# HTML blocks, link reference definitions, setext underlines; or anything inline that needs a parse.
_NEEDS_PARSE = re.compile(r"^(?:[ \t]+\S|[#>\-+*_=|~`\[]|\d{1,9}[.)])|[<\r$\x00]|%%|==|\[\[", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_EDGE_LINES = re.compile(r"\A(?:[ \t]*\n)+|(?:\n[ \t]*)+\Z")  # blank lines before and after a note
# Obsidian syntax to escape in text that mdformat wrote: an unescaped "$", the second "%" or "=" of
# a pair, an unescaped "[" before "[" (each needs an even run of backslashes before it).
_OBSIDIAN = re.compile(r"(?<!\\)((?:\\\\)*)(\$|(?<=%)%|(?<==)=|\[(?=\\?\[))")

_OBSIDIAN_RAW = re.compile(r"\$|%%|==|\[\[|\x00")
_PROBE = "gloss-note-ends-here"

_BREAK_LIKE = re.compile(r"^ {0,3}-(?: *-){2,} *$", re.MULTILINE)
_OWN_MARKER = re.compile(r"^[-*](?= |$)", re.MULTILINE)

_PRE = re.compile(r"(<pre>.*?</pre>)", re.DOTALL)
_SPACE_RUN = re.compile(r"\s+")

_lock = threading.Lock()
_parser: Any = None


def note_markdown(text: str) -> str:
    """The note as Markdown safe to place between other blocks (no leading or trailing blank lines)."""
    text = _EDGE_LINES.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        return ""
    if not _NEEDS_PARSE.search(text):
        return _BLANK_LINES.sub("\n\n", text).rstrip(" \t")  # (str.strip would take a no-break space)
    return _rewrite(text)


def _rewrite(text: str) -> str:
    md, check, html = parser()
    env: dict = {}
    tokens = neutralise(md.parse(text.replace("\x00", "\ufffd") + "\n", env))
    out = md.renderer.render(tokens, md.options, env).strip("\n")
    # What was written must render as what was meant, raw HTML read as HTML this time.
    meant = _normal(html.render(tokens, check.options, env))
    if _normal(check.render(out)) == meant:
        return out
    # where the writer falls short (a rare run of emphasis it re-escapes), the note as written is
    # used if it already is safe: it means the same with raw HTML read as HTML, defines no link
    # reference, holds none of Obsidian's syntax, and ends where it ends (a paragraph after it
    # stays a paragraph of its own)
    if not env.get("references") and not _OBSIDIAN_RAW.search(text):
        probe = _normal(check.render(text + "\n\n" + _PROBE + "\n"))
        if probe == _normal(meant + f"\n<p>{_PROBE}</p>"):
            return _BLANK_LINES.sub("\n\n", text).rstrip(" \t")
    return escape_block(text)


def _normal(html: str) -> str:
    """Runs of white space outside code blocks as one space (mdformat writes text's spaces so)."""
    parts = _PRE.split(html)
    return "".join(p if p.startswith("<pre>") else _SPACE_RUN.sub(" ", p) for p in parts).strip()


def parser():
    """(markdown-it-py as mdformat configures it, raw HTML read as text; a CommonMark parser that
    reads raw HTML, and an HTML renderer, to check what was written), made once."""
    global _parser
    with _lock:
        if _parser is None:
            from markdown_it import MarkdownIt
            from markdown_it.renderer import RendererHTML
            from mdformat.renderer import MDRenderer

            # as mdformat.text() sets it up; raw HTML off: tags and comments are text, shown
            md = MarkdownIt("commonmark", {"html": False}, renderer_cls=MDRenderer)
            md.options.update(mdformat={"wrap": "keep", "number": True}, store_labels=True,
                              parser_extension=[_Safety], codeformatters={})
            _parser = (md, MarkdownIt("commonmark"), RendererHTML())
        return _parser


class _Safety:
    """An mdformat plugin: escape Obsidian's syntax in text, and never write a list's markers so
    that they read as a thematic break (mdformat writes nested empty items as ``- - -``)."""

    @staticmethod
    def _text(text: str, node, context) -> str:
        return _OBSIDIAN.sub(lambda m: m.group(1) + "\\" + m.group(2), text)

    @staticmethod
    def _bullet_list(node, context) -> str:
        from mdformat.renderer import DEFAULT_RENDERERS

        text = DEFAULT_RENDERERS["bullet_list"](node, context)
        if _BREAK_LIKE.search(text):  # this list's markers start its lines: "+" reads as no break
            text = _OWN_MARKER.sub("+", text)
        return text

    RENDERERS = {"bullet_list": _bullet_list}
    POSTPROCESSORS = {"text": _text}


def neutralise(tokens: list) -> list:
    """The token stream with headings made bold paragraphs (empty ones dropped), thematic breaks
    made text, and reference links made inline links (so no definition is written out)."""
    from markdown_it.token import Token

    out: list = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            inline, close = tokens[i + 1], tokens[i + 2]
            i += 3
            if inline.children:
                _embolden(inline, Token)
                _inline_links(inline)
                out.extend([_as_paragraph(tok, "paragraph_open"), inline, _as_paragraph(close, "paragraph_close")])
            continue
        if tok.type == "hr":
            out.extend(_text_paragraph(tok, tok.markup[:1] * 3, Token))  # (its markup is one too long)
        else:
            if tok.type == "inline":
                _inline_links(tok)
            out.append(tok)
        i += 1
    _tighten(out)
    return out


def _tighten(tokens: list) -> None:
    """Paragraphs made from headings and breaks inside a list are shown as the list's own are:
    without ``<p>`` in a tight list (one whose paragraphs are all hidden, or that has none)."""
    lists: list[tuple[int, list, list]] = []  # (level, made paragraphs, whether a paragraph shows)
    for i, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            lists.append((tok.level, [], [False]))
        elif tok.type in ("bullet_list_close", "ordered_list_close") and lists:
            _level, made, shows = lists.pop()
            for j in made:
                tokens[j].hidden = tokens[j + 2].hidden = not shows[0]
        elif tok.type == "paragraph_open" and lists and tok.level == lists[-1][0] + 2:
            if tok.meta.get("made"):
                lists[-1][1].append(i)
            elif not tok.hidden:
                lists[-1][2][0] = True


def _inline_links(inline) -> None:
    for child in inline.children or ():
        if child.type in ("link_open", "image") and "label" in child.meta:
            child.meta = {k: v for k, v in child.meta.items() if k != "label"}


def _as_paragraph(tok, kind: str):
    tok.type, tok.tag, tok.markup = kind, "p", ""
    tok.meta = {**(tok.meta or {}), "made": True}
    return tok


def _embolden(inline, Token) -> None:  # noqa: N803 - the class is passed in
    children = inline.children or []
    if any(c.type == "strong_open" for c in children):
        return  # bold already: a plain paragraph
    inline.children = [Token("strong_open", "strong", 1, markup="**"), *children,
                       Token("strong_close", "strong", -1, markup="**")]


def _text_paragraph(tok, text: str, Token) -> list:  # noqa: N803
    inline = Token("inline", "", 0, content=text, map=tok.map, level=tok.level + 1, block=True)
    inline.children = [Token("text", "", 0, content=text)]
    return [Token("paragraph_open", "p", 1, map=tok.map, level=tok.level, block=True, meta={"made": True}), inline,
            Token("paragraph_close", "p", -1, level=tok.level, block=True)]
