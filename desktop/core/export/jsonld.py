"""Lossless JSON export: an article and its annotations as W3C Web Annotation JSON-LD, and back.

One export is an object::

    {"@context": [anno.jsonld, {"gloss": "urn:gloss:"}], "type": "gloss:Export", "gloss:format": 1,
     "generated": "...", "article": {...}, "colors": [...], "annotations": [Annotation, ...]}

``article`` holds everything needed to rebuild it (title, source, author, editor, published, url,
format, meta, tags, text, blocks, spans, entities, added); its ``id`` is ``urn:sha256:<content
hash>``, the ``source`` every annotation targets. Each highlight is an ``Annotation`` with a
``TextPositionSelector`` and a ``TextQuoteSelector``, a ``commenting`` body for its note, a
``tagging`` body per tag, a ``classifying`` body with the colour label (``gloss:color``: the key),
``created``/``modified``, and ``gloss:color``, ``gloss:status`` and ``gloss:id``. The article-level
note is an Annotation (``gloss:kind`` ``article-note``) whose target is the article itself. A file
may hold one export or a JSON array of them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ..anchors import reanchor
from ..article import BLOCK_KINDS, META_FIELDS, SPAN_KINDS, Article, Block, Span, clip_meta, safe_href
from ..errors import ImportRefused
from ..links import make_link
from ..text import unpaired_surrogates

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
GLOSS_NS = "urn:gloss:"
FORMAT_VERSION = 1
ARTICLE_NOTE = "article-note"
MAX_ANNOTATIONS = 1_000_000
MAX_ENTITY_CHARS = 500
MAX_REANCHORED = 2000  # quotes searched for per article; past that, a contradicting selector is an orphan
MAX_ID = 2**53  # an id kept from an export must fit SQLite's integers (and JSON's doubles) with room


@dataclass
class Exported:
    """One article read back from an export, ready to be stored."""

    article: Article
    tags: list[str] = field(default_factory=list)
    note_updated: str = ""
    added: str = ""
    entities: list[dict] = field(default_factory=list)
    colors: list[dict] = field(default_factory=list)
    highlights: list[dict] = field(default_factory=list)  # records as ``gloss notes --json`` + "id"
    skipped: list[str] = field(default_factory=list)  # one line each: annotations not imported, and why


def article_iri(content_hash: str) -> str:
    return f"urn:sha256:{content_hash}"


def to_jsonld(article: Article, highlights: Iterable[Mapping], *, tags: Iterable[str] = (),
              entities: Iterable[Mapping] = (), colors: Iterable[Mapping] = (), note_updated: str = "",
              added: str = "", exported: str = "") -> dict[str, Any]:
    """The export object for one article (see the module docstring)."""
    doc = article.content_hash
    iri = article_iri(doc)
    records = list(highlights)
    used = {h.get("color") for h in records}
    body = {
        "@context": [None, {"@vocab": GLOSS_NS + "article#"}],  # plain JSON keys, not Web Annotation terms
        "id": iri, "gloss:id": article.id, "title": article.title,
        **{k: getattr(article, k) for k in META_FIELDS},
        "format": article.format, "meta": dict(article.meta), "tags": sorted(set(tags)), "added": added,
        "contentHash": doc, "text": article.text, "blocks": article.blocks_json(), "spans": article.spans_json(),
        "entities": [{"name": e["name"], "type": e["type"], "mentions": int(e.get("mentions") or 0),
                      "first": e.get("first")} for e in entities],
    }
    annotations = [_annotation(h, article.id or 0, doc, iri) for h in records]
    if article.note:
        annotations.append({
            "@context": ANNO_CONTEXT, "id": make_link(article.id or 0, doc=doc) + "&note=1", "type": "Annotation",
            "motivation": "commenting", "gloss:kind": ARTICLE_NOTE, "modified": note_updated,
            "body": {"type": "TextualBody", "purpose": "commenting", "value": article.note, "format": "text/plain"},
            "target": iri,
        })
    return {
        "@context": [ANNO_CONTEXT, {"gloss": GLOSS_NS}], "type": "gloss:Export", "gloss:format": FORMAT_VERSION,
        "generator": {"type": "Software", "name": "Gloss"}, "generated": exported, "article": body,
        "colors": [{k: c[k] for k in ("key", "label", "light", "dark")} for c in colors if c["key"] in used],
        "annotations": annotations,
    }


def _annotation(h: Mapping, article_id: int, doc: str, iri: str) -> dict[str, Any]:
    bodies: list[dict[str, Any]] = []
    if h.get("note"):
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": h["note"], "format": "text/plain"})
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in h.get("tags") or ()]
    bodies.append({"type": "TextualBody", "purpose": "classifying", "value": h.get("label") or h["color"],
                   "gloss:color": h["color"]})
    return {
        "@context": ANNO_CONTEXT, "id": make_link(article_id, h["id"], h["start"], doc), "type": "Annotation",
        "motivation": "commenting" if h.get("note") else "highlighting",
        "created": h.get("created") or "", "modified": h.get("updated") or "",
        "gloss:id": h["id"], "gloss:color": h["color"], "gloss:status": h.get("status") or "anchored",
        "body": bodies,
        "target": {"source": iri, "selector": [
            {"type": "TextPositionSelector", "start": h["start"], "end": h["end"]},
            {"type": "TextQuoteSelector", "exact": h["quote"], "prefix": h.get("prefix") or "",
             "suffix": h.get("suffix") or ""},
        ]},
    }


def dumps(value: Any) -> str:
    """The JSON text written to files: UTF-8 (non-ASCII kept), indented, ending in a newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


# -- reading back ---------------------------------------------------------------------------------

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _without_lone_surrogates(value: Any) -> Any:
    """Every string in a JSON value with lone surrogates (``"\\ud83c"`` alone: JSON allows it,
    UTF-8 cannot hold it) as U+FFFD, one code point for one, so no offset moves."""
    if isinstance(value, str):
        return unpaired_surrogates(value)
    if isinstance(value, list):
        return [_without_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {unpaired_surrogates(k): _without_lone_surrogates(v) for k, v in value.items()}
    return value


def loads(data: bytes, name: str) -> list[Exported]:
    """Parse a file's bytes as one export or an array of them, or refuse with one line."""
    try:
        raw = data.decode("utf-8-sig")
        value = json.loads(raw)
        if _SURROGATE_ESCAPE.search(raw):
            value = _without_lone_surrogates(value)
    except UnicodeDecodeError:
        raise ImportRefused(f"{name} is not UTF-8 JSON.") from None
    except json.JSONDecodeError as exc:
        raise ImportRefused(f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).") from None
    except RecursionError:
        raise ImportRefused(f"{name} is nested too deeply to be a Gloss export.") from None
    items = value if isinstance(value, list) else [value]
    if not items:
        raise ImportRefused(f"{name} holds no articles.")
    return [from_jsonld(item, f"{name}" + (f" (item {i + 1})" if len(items) > 1 else ""))
            for i, item in enumerate(items)]


def _need(cond: bool, name: str, what: str) -> None:
    if not cond:
        raise ImportRefused(f"{name} is not a Gloss export: {what}.")


def _str(obj: Mapping, key: str, name: str, where: str, default: str = "") -> str:
    value = obj.get(key, default)
    if value is None:
        return default
    _need(isinstance(value, str), name, f"{where} {key!r} is not text")
    return value


def _int(value: Any, name: str, what: str) -> int:
    """A JSON whole number that fits a stored integer (10**30 does not: refused, one line)."""
    _need(isinstance(value, int) and not isinstance(value, bool), name, f"{what} is not a whole number")
    _need(abs(value) <= MAX_ID, name, f"{what} ({str(value)[:24]}) is out of range")
    return value


def from_jsonld(obj: Any, name: str) -> Exported:
    """One export object read back, every field checked (offsets inside the text, known kinds)."""
    _need(isinstance(obj, dict), name, "it is not a JSON object")
    art = obj.get("article")
    _need(isinstance(art, dict), name, "it has no \"article\" object")
    text = art.get("text")
    _need(isinstance(text, str) and bool(text.strip()), name, "the article has no text")
    _need("\r" not in text and "\x00" not in text and unicodedata.is_normalized("NFC", text), name,
          "the article text is not in canonical form (NFC, \\n line endings)")
    n = len(text)
    blocks = []
    for b in _list(art.get("blocks", []), name, "blocks"):
        _need(isinstance(b, dict) and b.get("kind") in BLOCK_KINDS, name, "a block has an unknown kind")
        s, e = _int(b.get("start"), name, "a block start"), _int(b.get("end"), name, "a block end")
        _need(0 <= s <= e <= n, name, f"a block ({s}-{e}) lies outside the text")
        block = Block(b["kind"], s, e, _int(b.get("level", 0), name, "a block level"), _str(b, "marker", name, "a block's"))
        for key in ("page", "table", "row", "col"):  # a PDF's pages, a table's cells
            if b.get(key) is not None:
                setattr(block, key, _int(b[key], name, f"a block's {key}"))
        if b.get("span") is not None:
            span = _list(b["span"], name, "a cell's span")
            _need(len(span) == 2, name, "a cell's span is not [rows, columns]")
            block.span = [_int(span[0], name, "a cell's rows"), _int(span[1], name, "a cell's columns")]
        if b.get("page_breaks"):
            turns = _list(b["page_breaks"], name, "a block's page breaks")
            _need(all(isinstance(t, list) and len(t) == 2 for t in turns), name, "a block's page breaks are not pairs")
            block.page_breaks = [[_int(at, name, "a page break"), _int(page, name, "a page")] for at, page in turns]
        blocks.append(block)
    if not blocks:
        blocks = [Block("paragraph", 0, n)]
    spans = []
    for sp in _list(art.get("spans", []), name, "spans"):
        _need(isinstance(sp, dict) and sp.get("kind") in SPAN_KINDS, name, "a span has an unknown kind")
        s, e = _int(sp.get("start"), name, "a span start"), _int(sp.get("end"), name, "a span end")
        _need(0 <= s <= e <= n, name, f"a span ({s}-{e}) lies outside the text")
        spans.append(Span(s, e, sp["kind"], safe_href(_str(sp, "href", name, "a span's"))))
    meta = art.get("meta") or {}
    _need(isinstance(meta, dict) and all(isinstance(v, str) for v in meta.values()), name, "meta is not a text mapping")
    fmt = _str(art, "format", name, "the article's", "text") or "text"
    title, fields, extra = clip_meta(_str(art, "title", name, "the article's").strip() or "Untitled",
                                     {k: _str(art, k, name, "the article's") for k in META_FIELDS},
                                     {str(k): v for k, v in meta.items()})
    article = Article(title=title, text=text, blocks=blocks, spans=spans, meta=extra, format=fmt[:40], **fields)
    tags = [t for t in _list(art.get("tags", []), name, "tags") if isinstance(t, str) and t.strip()]
    entities = []
    for e in _list(art.get("entities", []), name, "entities"):
        _need(isinstance(e, dict) and isinstance(e.get("name"), str) and isinstance(e.get("type"), str),
              name, "an entity has no name or type")
        first = e.get("first")
        first = first if isinstance(first, int) and not isinstance(first, bool) and 0 <= first < n else None
        entities.append({"name": e["name"][:MAX_ENTITY_CHARS], "type": e["type"][:40],
                         "mentions": max(0, _int(e.get("mentions", 0), name, "an entity's mentions")),
                         "first": first})
    colors = [c for c in _list(obj.get("colors", []), name, "colors")
              if isinstance(c, dict) and isinstance(c.get("key"), str) and c["key"].strip()]
    out = Exported(article, tags=tags, added=_str(art, "added", name, "the article's"), entities=entities,
                   colors=[{k: str(c.get(k) or "") for k in ("key", "label", "light", "dark")} for c in colors])
    annotations = _list(obj.get("annotations", []), name, "annotations")
    _need(len(annotations) <= MAX_ANNOTATIONS, name, "it holds too many annotations")
    budget = [MAX_REANCHORED]
    for i, anno in enumerate(annotations):
        where = f"{name}, annotation {i + 1}"
        _need(isinstance(anno, dict) and anno.get("type") == "Annotation", where, "it is not an Annotation")
        bodies = anno.get("body", [])
        bodies = [bodies] if isinstance(bodies, (dict, str)) else _list(bodies, where, "body")
        target = anno.get("target")
        if isinstance(target, list) and len(target) == 1:
            target = target[0]
        selectors = target.get("selector", []) if isinstance(target, dict) else []
        selectors = [selectors] if isinstance(selectors, dict) else _list(selectors, where, "selector")
        if anno.get("gloss:kind") == ARTICLE_NOTE:
            note = [b for b in bodies if isinstance(b, dict) and b.get("purpose") in ("commenting", None)]
            if note:
                article.note = _str(note[0], "value", where, "the note's")
                out.note_updated = _str(anno, "modified", where, "its")
            continue
        if not selectors:  # another tool's note on the whole page: not a passage, not Gloss's article note
            out.skipped.append(f"annotation {i + 1} targets the whole article, not a passage")
            continue
        out.highlights.append(_highlight(anno, bodies, selectors, text, where, budget))
    out.highlights = _distinct(out.highlights)
    return out


def _distinct(highlights: list[dict]) -> list[dict]:
    """Identical highlights (same id or none, span, quote, colour, note) once: the latest-updated
    kept, tags united. Two highlights with different ids are two, however alike."""
    kept: dict[tuple, dict] = {}
    for h in highlights:
        key = (h["id"], h["start"], h["end"], h["quote"], h["color"], h["note"], h["status"])
        seen = kept.get(key)
        if seen is None:
            kept[key] = h
            continue
        tags = sorted(set(seen["tags"]) | set(h["tags"]))
        if (h["updated"] or "") > (seen["updated"] or ""):
            kept[key] = seen = h
        seen["tags"] = tags
    return list(kept.values())


def _list(value: Any, name: str, what: str) -> list:
    _need(isinstance(value, list), name, f"{what} is not a list")
    return value


def _highlight(anno: dict, bodies: list, selectors: list, text: str, where: str, budget: list[int]) -> dict:
    """One highlight, its selectors checked against the text (see ``from_jsonld``)."""
    pos = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), None)
    quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
    _need(pos is not None or quote is not None, where, "its target has no text selector")
    exact = _str(quote, "exact", where, "the quote's") if quote else ""
    prefix = _str(quote, "prefix", where, "the quote's") if quote else ""
    suffix = _str(quote, "suffix", where, "the quote's") if quote else ""
    status = anno.get("gloss:status") if anno.get("gloss:status") in ("anchored", "orphaned") else "anchored"
    start = end = None
    if pos is not None:
        start, end = _int(pos.get("start"), where, "start"), _int(pos.get("end"), where, "end")
        if not 0 <= start < end <= len(text):
            _need(bool(exact), where, f"its span {start}-{end} lies outside the text")
            start = end = None
        elif not exact:
            exact = text[start:end]
    if status == "orphaned" or start is None or text[start:end] != exact:
        # Kept orphaned, no position, or one that contradicts the quote: an orphan stays one; else
        # the quote is found the way Gloss re-anchors, nearest the position given (a few thousand
        # times per file at most: each search reads the whole text); where neither fits, an orphan.
        found = None
        if status != "orphaned" and budget[0] > 0:
            budget[0] -= 1
            found = reanchor(text, start or 0, (start or 0) + len(exact), exact, prefix, suffix)
        if found:
            start, end = found
        else:
            start, end = (start, end) if start is not None else (0, min(len(text), len(exact)))
            status = "orphaned"
    note, tags, color, label = "", [], anno.get("gloss:color"), ""
    for b in bodies:
        if isinstance(b, str):
            note = note or b
            continue
        if not isinstance(b, dict):
            continue
        value = b.get("value")
        if not isinstance(value, str):
            continue
        purpose = b.get("purpose")
        if purpose == "tagging":
            tags.append(value)
        elif purpose == "classifying":
            label = value
            color = color or b.get("gloss:color")
        elif purpose in ("commenting", "describing", None) and not note:
            note = value
    hid = anno.get("gloss:id")
    return {"id": hid if isinstance(hid, int) and not isinstance(hid, bool) and 0 < hid <= MAX_ID else None,
            "start": start, "end": end, "quote": exact, "prefix": prefix, "suffix": suffix,
            "color": color if isinstance(color, str) and color.strip() else "", "label": label, "note": note,
            "tags": sorted({t.strip() for t in tags if t.strip()}), "status": status,
            "created": _str(anno, "created", where, "its"), "updated": _str(anno, "modified", where, "its")}
