"""Markdown escaping that any CommonMark renderer (and Obsidian) reads back as exactly the text given.

``escape_block(text)`` turns arbitrary text (a note, a quote) into Markdown whose rendered text
content is ``text`` itself, character for character:

* every character with a meaning anywhere in a line (``\\ ` * _ [ ] < # | ~ $ ^``, ``&`` before a
  name or ``#``, ``==``, ``%%``) is backslash-escaped; characters that only matter at the start of a
  line (``> - + =``, ``1.``/``1)`` list markers) are escaped there;
* whitespace at either end of a line (which renderers strip, or read as indentation or a hard
  break) and every ``\\r`` become numeric character references (``&#x20;``);
* one newline stays a line break, a blank line a paragraph break, and each further newline (and
  those at the very start or end) becomes ``&#xA;``, so no newline is lost.

The guarantee covers all text except the control characters no renderer carries (U+0000, U+000B,
U+000E..U+001F, U+007F..U+009F) when they stand at the edge of a line.
"""

from __future__ import annotations

import re

# Whitespace that Markdown parsers strip or treat as structure at a line's edges, and that every
# CommonMark parser decodes from a numeric character reference.
_EDGE_SPACE = " \t\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
              "\u2028\u2029\u202f\u205f\u3000\ufeff"
_LEADING = re.compile(f"^[{_EDGE_SPACE}]+")
_TRAILING = re.compile(f"[{_EDGE_SPACE}]+$")
# Anywhere in a line: CommonMark inline syntax, GFM tables/strikethrough, Obsidian tags, math,
# highlights (==), comments (%%), block ids (^), wikilinks ([[).
_INLINE = re.compile(r"[\\`*_\[\]<#|~$^]|&(?=[#A-Za-z0-9])|=(?==)|(?<==)=|%(?=%)|(?<=%)%")
# At the start of a line: block quotes, list items, setext underlines, ordered-list markers.
_LINE_START = re.compile(r"^(?:([>+\-=])|(\d{1,9})([.)]))")
_NEWLINES = re.compile(r"(\n+)")
_LINE_START_CHARS = frozenset(">+-=0123456789")
_EDGE_CHARS = frozenset(_EDGE_SPACE)
_ANY_SPECIAL = re.compile(r"[\\`*_\[\]<#|~$^&=%\r]")


def _ref(ch: str) -> str:
    return f"&#x{ord(ch):X};"


def _refs(match: re.Match[str]) -> str:
    return "".join(_ref(ch) for ch in match.group(0))


def _line_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def escape_line(line: str) -> str:
    """Escape one line (no ``\\n``) so that it renders as itself wherever a line may stand."""
    if (line and line[0] not in _LINE_START_CHARS and line[0] not in _EDGE_CHARS
            and line[-1] not in _EDGE_CHARS and not _ANY_SPECIAL.search(line)):
        return line  # plain prose: nothing to escape (the common case, kept fast)
    lead = _LEADING.match(line)
    head = lead.group(0) if lead else ""
    rest = line[len(head):]
    trail = _TRAILING.search(rest)
    tail = trail.group(0) if trail else ""
    body = rest[: len(rest) - len(tail)]
    body = _INLINE.sub(lambda m: "\\" + m.group(0), body)
    if not head:
        body = _LINE_START.sub(_line_start, body, count=1)
    body = body.replace("\r", "&#xD;")
    return "".join(map(_ref, head)) + body + "".join(map(_ref, tail))


def escape_block(text: str) -> str:
    """Escape multi-line text (a note, a quote) into Markdown paragraphs that render as ``text``."""
    if not text:
        return ""
    if "\n" not in text:
        return escape_line(text)
    pieces = _NEWLINES.split(text)  # content, newlines, content, ...; first/last may be ""
    out: list[str] = []
    carry = ""  # &#xA; references waiting to prefix the next content
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            if piece:
                out.append(carry + escape_line(piece))
                carry = ""
            continue
        n = len(piece)
        at_start = not out
        at_end = i == len(pieces) - 2 and not pieces[-1]
        if at_start or at_end:
            refs = "&#xA;" * n
            if at_end and out:
                out[-1] += refs
            else:
                carry += refs
        elif n == 1:
            out.append("\n")
        else:
            out.append("\n\n")
            carry = "&#xA;" * (n - 2)
    if carry:
        out.append(carry)
    return "".join(out)


def escape_inline(text: str) -> str:
    """Escape text for a one-line context (a heading, a label, a table-free list item)."""
    return escape_block(text.replace("\r\n", "\n").replace("\n", " ")) if "\n" in text else escape_block(text)


def blockquote(markdown: str) -> str:
    """Prefix already-escaped Markdown with ``> `` on every line (``>`` alone on blank ones)."""
    return "\n".join(f"> {line}" if line else ">" for line in markdown.split("\n"))


_FENCE_RUN = re.compile(r"`+")


def quote_markdown(text: str, kinds: list[str] | None = None) -> str:
    """A highlight's quote as a Markdown blockquote that shows exactly its text.

    Each line of the quote is a block of the article (the canonical text joins blocks with one
    ``\\n``), so each becomes a paragraph of the blockquote (``>`` lines between them); with the
    blocks' ``kinds`` given, a run of code lines becomes one fenced code block, indentation kept.
    Whitespace at the ends of the quote, and of each paragraph, is not shown (a reader could not
    see it): nothing is written as a character reference.
    """
    if "\n" not in text and not kinds:  # one paragraph (most quotes)
        line = text.strip()
        return "> " + escape_line(line) if line else ">"
    lines = text.strip().split("\n")
    if kinds is None or len(kinds) != len(lines):
        kinds = ["paragraph"] * len(lines)
    parts: list[str] = []
    code: list[str] = []
    for line, kind in zip(lines, kinds):
        if kind == "code":
            code.append(line.rstrip("\n"))
            continue
        if code:
            parts.append(_fenced(code))
            code = []
        line = line.strip()
        if line:
            parts.append(escape_line(line))
    if code:
        parts.append(_fenced(code))
    return blockquote("\n\n".join(parts))


def _fenced(lines: list[str]) -> str:
    longest = max((len(run) for line in lines for run in _FENCE_RUN.findall(line)), default=0)
    fence = "`" * max(3, longest + 1)
    return "\n".join([fence, *lines, fence])
