"""HTML articles: main content extracted by trafilatura, sanitised by nh3, mapped to Gloss blocks.

Nothing from the page is ever rendered as HTML: the result is plain text with headings, lists,
quotes and inline emphasis, so no script, remote or ``file:`` resource can run or load.
"""

from __future__ import annotations

from ..article import Article, ArticleBuilder, clean_inline, safe_href
from ..errors import ImportRefused

_KEEP_TAGS = {"article", "main", "section", "div", "header", "footer", "aside", "nav", "p", "br",
              "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
              "em", "i", "strong", "b", "a", "span", "table", "thead", "tbody", "tr", "td", "th",
              "figure", "figcaption", "html", "head", "body", "title", "meta", "time", "hr"}
_BLOCK = {"p": "paragraph", "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
          "h5": "heading", "h6": "heading", "li": "item", "blockquote": "quote", "pre": "code",
          "figcaption": "paragraph", "tr": "paragraph", "head": "heading", "item": "item",
          "quote": "quote"}
_INLINE = {"em": "em", "i": "em", "strong": "strong", "b": "strong", "code": "code", "a": "link"}


def _sanitise(html: str) -> str:
    import nh3

    return nh3.clean(
        html,
        tags=_KEEP_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "svg", "math"},
        attributes={"a": {"href"}, "meta": {"name", "property", "content"}, "time": {"datetime"},
                    "ol": {"start"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


def _metadata(html: str) -> dict[str, str]:
    from trafilatura import extract_metadata

    doc = extract_metadata(html)
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
        kind = _BLOCK.get(tag)
        if kind and not any(isinstance(c.tag, str) and _BLOCK.get(c.tag) for c in el.iterdescendants()):
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

    def emit(self, el, kind: str, tag: str) -> None:
        if kind == "code":
            for line in el.text_content().split("\n"):
                self.builder.add("code", line.replace("\t", "    ").rstrip())
            return
        parts: list[str] = []
        spans: list[tuple[int, int, str, str]] = []

        def inline(node) -> None:
            t = node.tag if isinstance(node.tag, str) else ""
            start = sum(len(p) for p in parts)
            if node.text:
                parts.append(node.text)
            for child in node:
                inline(child)
                if child.tail:
                    parts.append(child.tail)
            if t in _INLINE:
                href = safe_href(node.get("href", "")) if t == "a" else ""
                end = sum(len(p) for p in parts)
                if t != "a" or href:
                    spans.append((start, end, _INLINE[t], href))
            if t == "br":
                parts.append(" ")

        inline(el)
        from .markdown import _collapse

        text, spans = _collapse("".join(parts), spans)
        if kind == "heading" and not self.builder.blocks and not self.title_seen:
            self.title_seen = True
            if not self.title or text.strip().lower() == self.title:
                self.title = self.title or text.strip()
                return
        level = int(tag[1]) if kind == "heading" and tag[1:].isdigit() else (2 if kind == "heading" else 0)
        depth = sum(1 for a in el.iterancestors() if a.tag in ("ul", "ol")) if kind == "item" else level
        self.builder.add(kind, text.strip(), level=depth, marker="•" if kind == "item" else "", spans=spans)


def parse_html(html: str, fallback_title: str) -> Article:
    """Extract the main content of an HTML page into an Article."""
    import lxml.html
    import trafilatura

    clean = _sanitise(html)
    meta = _metadata(html)
    content = trafilatura.extract(clean, output_format="html", include_formatting=True,
                                  include_links=True, include_images=False, include_tables=True,
                                  include_comments=False, favor_recall=True)
    builder = ArticleBuilder()
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
