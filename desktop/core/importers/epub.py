"""EPUB books (2 and 3): the OPF's metadata and spine read with zipfile and lxml, every chapter
sanitised like an HTML page and walked into one Article, each chapter's title a heading.

trafilatura is not used on chapters: it keeps a page's main content and drops the rest, and on
a chapter it kept nothing at all (Gutenberg's Alice, pandoc's EPUB). A chapter is all content.
Images are dropped and their alt text kept; footnote references stay as text ("[1]").
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from ..article import Article, ArticleBuilder, clean_inline
from ..errors import ImportRefused
from ..text import MAX_BYTES, decode
from .html import _sanitise, _Walker

Progress = Callable[[int, int], None]
_OPF = "http://www.idpf.org/2007/opf"
_DC = "http://purl.org/dc/elements/1.1/"
_EPUB = "http://www.idpf.org/2007/ops"
_FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
_NOTEREF = re.compile(r"noteref|footnote-ref|doc-noteref")
_BACKLINK = re.compile(r"footnote-back|doc-backlink|backlink")


def _xml(data: bytes, what: str, name: str):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise ImportRefused(f"{name} is damaged: its {what} cannot be read.")
    return root


def _read(book: zipfile.ZipFile, member: str, name: str) -> bytes:
    try:
        info = book.getinfo(member)
    except KeyError:
        raise ImportRefused(f"{name} is damaged: {member} is missing from it.") from None
    if info.file_size > MAX_BYTES:
        raise ImportRefused(f"{name}: {member} is larger than Gloss reads.")
    try:
        return book.read(info)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
        raise ImportRefused(f"{name} is damaged: {member} cannot be unpacked ({exc}).") from None


def _refuse_drm(book: zipfile.ZipFile, name: str) -> None:
    """Encrypted content (Adobe ADEPT, Apple FairPlay, Readium LCP ...): only fonts may be obfuscated."""
    members = set(book.namelist())
    if "META-INF/encryption.xml" not in members:
        return
    root = _xml(_read(book, "META-INF/encryption.xml", name), "encryption list", name)
    for method in root.iter("{*}EncryptionMethod"):
        if method.get("Algorithm") not in _FONT_OBFUSCATION:
            raise ImportRefused(f"{name} is DRM-protected: Gloss can read only EPUBs without DRM.")


def _metadata(opf) -> dict[str, str]:
    meta = opf.find(f"{{{_OPF}}}metadata")
    if meta is None:
        return {}

    def texts(tag: str) -> list[str]:
        return [clean_inline("".join(el.itertext())) for el in meta.iter(f"{{{_DC}}}{tag}") if "".join(el.itertext()).strip()]

    roles = {m.get("refines", "").lstrip("#"): (m.text or "").strip()
             for m in meta.iter(f"{{{_OPF}}}meta") if m.get("property") == "role"}
    creators = [clean_inline("".join(el.itertext())) for el in meta.iter(f"{{{_DC}}}creator")
                if roles.get(el.get("id", ""), el.get(f"{{{_OPF}}}role", "aut")) in ("aut", "")]
    dates = list(meta.iter(f"{{{_DC}}}date"))
    published = next((d for d in dates if d.get(f"{{{_OPF}}}event") == "publication"), dates[0] if dates else None)
    out = {"title": (texts("title") or [""])[0], "author": ", ".join(c for c in creators if c),
           "published": clean_inline(published.text or "") if published is not None else "",
           "source": (texts("publisher") or [""])[0], "language": (texts("language") or [""])[0]}
    return {k: v for k, v in out.items() if v}


def _toc_titles(book: zipfile.ZipFile, opf, base: str, manifest: dict, name: str) -> dict[str, str]:
    """Chapter file -> its title in the book's contents (EPUB 3 nav, else the EPUB 2 NCX)."""
    titles: dict[str, str] = {}
    nav = next((href for href, _, props in manifest.values() if "nav" in props.split()), None)
    ncx = next((href for href, mt, _ in manifest.values() if mt == "application/x-dtbncx+xml"), None)
    if nav:
        root = _xml(_read(book, nav, name), "contents", name)
        for a in root.iter("{*}a"):
            href = a.get("href", "")
            if href and not href.startswith(("http:", "https:", "mailto:")):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(nav), unquote(href.split("#")[0])))
                titles.setdefault(target, clean_inline("".join(a.itertext())))
    elif ncx:
        root = _xml(_read(book, ncx, name), "contents", name)
        for point in root.iter("{*}navPoint"):
            label, content = point.find("{*}navLabel"), point.find("{*}content")
            if label is not None and content is not None:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(ncx), unquote(content.get("src", "").split("#")[0])))
                titles.setdefault(target, clean_inline("".join(label.itertext())))
    return titles


def _prepare(xhtml: str) -> str:
    """Images become their alt text (unless a caption says it), note references "[n]", back-links go."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", xhtml))
    except Exception:  # lxml raises several types for hopeless markup
        return xhtml
    for img in list(root.iter("img", "image", "{*}image")):
        alt = (img.get("alt") or "").strip()
        figure = next((a for a in img.iterancestors() if a.tag == "figure"), None)
        if figure is not None and figure.find(".//figcaption") is not None:
            alt = ""
        img.tail = (f" {alt} " if alt else "") + (img.tail or "")
        img.drop_tree()
    for a in list(root.iter("a")):
        kind = " ".join(filter(None, (a.get(f"{{{_EPUB}}}type"), a.get("epub:type"), a.get("class"), a.get("role"))))
        if _BACKLINK.search(kind):
            a.drop_tree()
        elif _NOTEREF.search(kind):
            text = a.text_content().strip()
            for child in list(a):
                a.remove(child)
            a.text = f"[{text.strip('[]')}]" if text else ""
            a.attrib.pop("href", None)
    return lxml.html.tostring(root, encoding="unicode")


def parse_epub(path: str | Path, progress: Progress | None = None) -> Article:
    """Read an EPUB into one Article, chapter after chapter, or refuse in one line."""
    import lxml.html

    path = Path(path)
    name = path.name
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ImportRefused(f"{name} is damaged or not an EPUB (it is not a zip archive).") from None
    with book:
        _refuse_drm(book, name)
        container = _xml(_read(book, "META-INF/container.xml", name), "container", name)
        rootfile = next(container.iter("{*}rootfile"), None)
        if rootfile is None or not rootfile.get("full-path"):
            raise ImportRefused(f"{name} is damaged: it does not say where its package file is.")
        opf_path = rootfile.get("full-path")
        opf = _xml(_read(book, opf_path, name), "package file", name)
        base = posixpath.dirname(opf_path)
        manifest = {}
        for item in opf.iter(f"{{{_OPF}}}item"):
            href = posixpath.normpath(posixpath.join(base, unquote(item.get("href", ""))))
            manifest[item.get("id")] = (href, item.get("media-type", ""), item.get("properties", ""))
        spine = [manifest[ref.get("idref")] for ref in opf.iter(f"{{{_OPF}}}itemref")
                 if ref.get("idref") in manifest and ref.get("linear", "yes") != "no"]
        spine = [s for s in spine if "nav" not in s[2].split() and "html" in s[1]]
        meta = _metadata(opf)
        titles = _toc_titles(book, opf, base, manifest, name)
        title_words = set(re.findall(r"\w+", meta.get("title", "").lower()))
        builder = ArticleBuilder()
        for number, (href, _, _) in enumerate(spine, 1):
            if progress is not None:
                progress(number - 1, len(spine))
            xhtml = decode(_read(book, href, name), f"{name}: {href}")
            root = lxml.html.fromstring(_sanitise(_prepare(xhtml)) or "<p></p>")
            words = re.findall(r"\w+", root.text_content().lower())
            if not words or (number <= 2 and len(words) < 80 and title_words and title_words <= set(words)):
                continue  # a title page: the metadata again
            chapter = ArticleBuilder()
            walker = _Walker(chapter, "")
            walker.title_seen = True  # a chapter's first heading is its title, not the book's
            walker.walk(root.find("body") if root.find("body") is not None else root)
            _append(builder, chapter, titles.get(href, ""))
        if progress is not None:
            progress(len(spine), len(spine))
    if not builder.blocks:
        raise ImportRefused(f"{name}: there is no readable text in it.")
    levels = [b.level for b in builder.blocks if b.kind == "heading"]
    if levels and min(levels) > 1:
        for b in builder.blocks:
            if b.kind == "heading":
                b.level -= min(levels) - 1
    title = meta.pop("title", "") or path.stem
    return builder.build(title, format="epub", **meta)


def _append(book: ArticleBuilder, chapter: ArticleBuilder, title: str) -> None:
    """Copy a chapter's blocks (and spans, and tables renumbered) into the book, its title first
    when the chapter has no heading of its own."""
    if title and chapter.blocks and chapter.blocks[0].kind != "heading":
        book.add("heading", title, level=1)
    text = chapter.text
    spans = sorted(chapter.spans, key=lambda s: s.start)
    tables = book.tables
    j = 0
    for b in chapter.blocks:
        mine = []
        while j < len(spans) and spans[j].start < b.end:
            s = spans[j]
            mine.append((s.start - b.start, s.end - b.start, s.kind, s.href))
            j += 1
        cell = (b.table + tables, b.row, b.col) if b.table is not None else None
        book.add(b.kind, text[b.start:b.end], level=b.level, marker=b.marker, spans=mine, cell=cell,
                 span=tuple(b.span) if b.span else None)
    book.tables = tables + chapter.tables
