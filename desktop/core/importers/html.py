"""HTML articles: main content extracted by trafilatura, sanitised by nh3, mapped to Gloss blocks.

Nothing from the page is ever rendered as HTML: the result is plain text with headings, lists,
quotes and inline emphasis, so no script, remote or ``file:`` resource can run or load.
"""

from __future__ import annotations

import re

from ..article import Article, ArticleBuilder, clean_inline, safe_href
from ..errors import ImportRefused

MAX_DEPTH = 160
"""Elements nested deeper than this are flattened (their text kept) before any parser sees them:
the sanitiser slows quadratically with depth and libxml2 stops at 256 levels, dropping the text."""

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*>")  # linear: never scans past the next "<"
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr", "keygen", "command", "basefont", "frame", "isindex"}

_KEEP_TAGS = {"article", "main", "section", "div", "header", "footer", "aside", "nav", "p", "br",
              "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
              "em", "i", "strong", "b", "a", "span", "table", "thead", "tbody", "tr", "td", "th",
              "figure", "figcaption", "html", "head", "body", "title", "meta", "time", "hr", "tfoot", "caption"}
_BLOCK = {"p": "paragraph", "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
          "h5": "heading", "h6": "heading", "li": "item", "blockquote": "quote", "pre": "code",
          "figcaption": "paragraph", "head": "heading", "item": "item",
          "quote": "quote"}
_HAS_BLOCKS = set(_BLOCK) | {"table", "tr", "td", "th"}
_SEPARATE = _HAS_BLOCKS | {"div", "section", "article", "br", "ul", "ol", "caption", "hr"}
_INLINE = {"em": "em", "i": "em", "strong": "strong", "b": "strong", "code": "code", "a": "link"}


def _limit_depth(html: str, limit: int = MAX_DEPTH) -> str:
    """Drop the tags (not the text) of elements nested deeper than ``limit``; others unchanged.

    Depth is counted naively (every non-void open tag opens, every close tag closes), which is
    an upper bound of the real depth, so ordinary pages come through untouched.
    """
    depth = deepest = 0
    for m in _TAG.finditer(html):
        if m[2].lower() in _VOID or m[0].endswith("/>"):
            continue
        depth = max(0, depth - 1) if m[1] else depth + 1
        deepest = max(deepest, depth)
    if deepest <= limit:
        return html
    out: list[str] = []
    pos = depth = 0
    for m in _TAG.finditer(html):
        if m[2].lower() in _VOID or m[0].endswith("/>"):
            continue
        closing = bool(m[1])
        inside = depth <= limit if closing else depth < limit
        depth = max(0, depth - 1) if closing else depth + 1
        if not inside:
            out.append(html[pos:m.start()])
            out.append(" ")
            pos = m.end()
    out.append(html[pos:])
    return "".join(out)


def _sanitise(html: str) -> str:
    import nh3

    return nh3.clean(
        html,
        tags=_KEEP_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "svg", "math"},
        attributes={"a": {"href"}, "meta": {"name", "property", "content"}, "time": {"datetime"},
                    "ol": {"start"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


def _metadata(html: str) -> dict[str, str]:
    """Title, author, date, site and address from the page's meta tags; nothing if they cannot be
    read (trafilatura and htmldate assert on some hostile trees, e.g. a page that is one ``<svg>``)."""
    from trafilatura import extract_metadata

    try:
        # Only dates the page states (meta tags, <time>, a dated byline): the extensive search
        # turned a bare year in a title ("… in 2023") into a publication date of 1 January.
        doc = extract_metadata(html, extensive=False)
    except Exception:  # noqa: BLE001 - any failure of a third-party parser on hostile input
        return {}
    if doc is None:
        return {}
    meta = {"title": doc.title or "", "author": doc.author or "", "published": doc.date or "",
            "source": doc.sitename or "", "url": doc.url or ""}
    return {k: clean_inline(v) for k, v in meta.items() if v}


class _Walker:
    """Walks an lxml tree of sanitised content, emitting one block per paragraph-level element."""

    def __init__(self, builder: ArticleBuilder, title: str) -> None:
        self.builder = builder
        self.title = title.lower()
        self.title_seen = False

    def walk(self, el, depth: int = 0) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table":
            self.table(el)
            return
        kind = _BLOCK.get(tag)
        if kind and not any(isinstance(c.tag, str) and c.tag in _HAS_BLOCKS for c in el.iterdescendants()):
            self.emit(el, kind, tag)
            return
        if kind == "code":
            self.emit(el, kind, tag)
            return
        if tag in ("script", "style"):
            return
        loose = clean_inline(el.text or "") if tag not in ("html", "body", "head") else ""
        if loose and tag in ("div", "section", "article", "main", "body", "td", "blockquote"):
            self.builder.add("quote" if tag == "blockquote" else "paragraph", loose)
        for child in el:
            self.walk(child, depth + 1)
            tail = clean_inline(child.tail or "")
            if tail and tag in ("div", "section", "article", "main", "body", "blockquote"):
                self.builder.add("paragraph", tail)

    def inline(self, el) -> tuple[str, list[tuple[int, int, str, str]]]:
        """An element's text as one line, with its inline spans (em, strong, code, links)."""
        parts: list[str] = []
        spans: list[tuple[int, int, str, str]] = []
        length = 0

        def walk(node) -> None:
            nonlocal length
            t = node.tag if isinstance(node.tag, str) else ""
            start = length
            if node.text:
                parts.append(node.text)
                length += len(node.text)
            for child in node:
                walk(child)
                if isinstance(child.tag, str) and child.tag in _SEPARATE:
                    parts.append(" ")  # a cell's paragraphs, a line break: never words run together
                    length += 1
                if child.tail:
                    parts.append(child.tail)
                    length += len(child.tail)
            if t in _INLINE:
                href = safe_href(node.get("href", "")) if t == "a" else ""
                if t != "a" or href:
                    spans.append((start, length, _INLINE[t], href))

        walk(el)
        from .markdown import _collapse

        return _collapse("".join(parts), spans)

    def table(self, el) -> None:
        """Each cell its own block of kind "cell" with its table, row and column (spans honoured)."""
        caption = el.find("caption")
        if caption is not None:
            text, spans = self.inline(caption)
            self.builder.add("paragraph", text, spans=spans)
        number = self.builder.new_table()
        covered: set[tuple[int, int]] = set()
        row = 0
        for tr in el.iter("tr"):
            if next(tr.iterancestors("table"), None) is not el:
                continue  # a table inside a cell is part of that cell's text
            col = 0
            for cell in tr:
                if cell.tag not in ("td", "th"):
                    continue
                while (row, col) in covered:
                    col += 1
                text, spans = self.inline(cell)
                across, down = _span(cell.get("colspan"), 50), _span(cell.get("rowspan"), 500)
                self.builder.add("cell", text, level=1 if cell.tag == "th" else 0, spans=spans, cell=(number, row, col),
                                 span=(down, across))
                covered.update((row + r, col + c) for r in range(down) for c in range(across) if r or c)
                col += across
            row += 1

    def emit(self, el, kind: str, tag: str) -> None:
        if kind == "code":
            for line in el.text_content().split("\n"):
                self.builder.add("code", line.replace("\t", "    ").rstrip())
            return
        text, spans = self.inline(el)
        if kind == "heading" and not self.builder.blocks and not self.title_seen:
            self.title_seen = True
            if not self.title or text.strip().lower() == self.title:
                self.title = self.title or text.strip()
                return
        level = int(tag[1]) if kind == "heading" and tag[1:].isdigit() else (2 if kind == "heading" else 0)
        depth = sum(1 for a in el.iterancestors() if a.tag in ("ul", "ol")) if kind == "item" else level
        self.builder.add(kind, text.strip(), level=depth, marker="•" if kind == "item" else "", spans=spans)


def _span(value: str | None, cap: int) -> int:
    try:
        return min(cap, max(1, int(value or 1)))
    except ValueError:
        return 1


def parse_html(html: str, fallback_title: str) -> Article:
    """Extract the main content of an HTML page into an Article."""
    import lxml.html
    import trafilatura

    html = _limit_depth(html)
    clean = _sanitise(html)
    meta = _metadata(html)
    try:
        content = trafilatura.extract(clean, output_format="html", include_formatting=True,
                                      include_links=True, include_images=False, include_tables=True,
                                      include_comments=False, favor_recall=True)
    except Exception:  # noqa: BLE001 - as in _metadata: the sanitised page is read as it is instead
        content = None
    builder = ArticleBuilder()
    if not (content or clean).strip():
        raise ImportRefused(f"{fallback_title}: the page has no readable text.")
    try:
        root = lxml.html.fromstring(content if content else clean)
    except Exception:  # lxml raises several types for hopeless markup
        raise ImportRefused(f"{fallback_title}: the page could not be read as HTML.") from None
    body = root.find("body") if root.find("body") is not None else root
    title = meta.pop("title", "")
    walker = _Walker(builder, title)
    walker.walk(body)
    title = title or walker.title
    if not builder.blocks:
        raise ImportRefused(f"{fallback_title}: the page has no readable text.")
    return builder.build(title or fallback_title, format="html", **meta)
