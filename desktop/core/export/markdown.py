"""Markdown notes for one article: plain data in, text out, laid out by a replaceable Jinja2 template.

``render_notes(article, highlights, ...)`` is a pure function of its arguments. The template is
``resources/templates/notes.md.j2`` unless the user puts one at
``<data folder>/templates/notes.md.j2`` or passes a path. Templates run sandboxed (a template
shared by someone else cannot reach Python internals) and are compiled once per file version.

Template variables (see ``resources/templates/README.md`` for the full reference):

``article``
    ``id``, ``title``, ``source``, ``author``, ``editor``, ``published``, ``url``, ``tags`` (list),
    ``note`` (the article-level note), ``link`` (gloss:// link to the article), ``hash`` (content
    hash), ``meta`` (other metadata, a mapping), ``highlight_count``, ``note_count``, ``pages``
    (the page count of a PDF, else 0), ``doi``, ``arxiv``.
``properties``
    The YAML front matter as a mapping (title, source, author, editor, published, url, tags,
    exported, gloss link, highlight count, entities by type); ``{{ properties | yaml }}`` writes it.
``sections``
    The article's section headings that have highlights, in order: ``heading`` (text, or None
    before the first heading), ``level``, ``start``, ``highlights``.
``highlights``
    Every highlight in document order, orphans last. Each has ``id``, ``quote`` (exact text),
    ``note``, ``color`` (key), ``label`` (colour label), ``tags`` (sorted list), ``position``
    (1-based rank in document order), ``start``/``end`` (code-point offsets), ``prefix``,
    ``suffix``, ``status``, ``orphaned`` (bool), ``section`` (heading text or None), ``created``,
    ``updated``, ``link`` (gloss:// link that reopens Gloss at the passage), ``kinds`` (the kind
    of block each line of the quote is in: paragraph, heading, quote, item, code; empty for orphans
    and in an article without code), ``page`` and ``last_page`` (None without pages), ``pages``
    ("p. 12", "pp. 12–13" or empty), ``table`` (when the passage spans table cells: ``header`` and
    ``rows`` for the ``gfm`` filter, else None).
``orphans``
    The highlights whose passage is no longer found in the text.
``entities``
    By group, as the sidebar shows them (``desktop.core.entities.groups``): ``label`` ("People",
    "Organisations", "Places", "Dates and events", "Other"), ``count`` (how many entities),
    ``mentions`` (how many mentions in all), ``names`` (each ``name``, ``type`` (OntoNotes label),
    ``kind`` (the type in words), ``mentions``), most mentioned first.
``exported``
    When the export was made (UTC, ISO 8601).

Filters: ``note`` (a note as the Markdown it is written in, made safe: ``notes.note_markdown``),
``quote`` (a highlight, or a text, as a blockquote showing its exact text, one paragraph per block),
``md`` (escape any text so it renders exactly as written), ``md_inline`` (one line: headings,
labels), ``blockquote`` (prefix ``> ``), ``tag`` (an Obsidian ``#tag``), ``yaml``, ``gfm`` (a
highlight's ``table`` as a GitHub-flavoured Markdown table, every cell escaped).
"""

from __future__ import annotations

import functools
import os
import re
import threading
from bisect import bisect_right
from stat import S_ISREG
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml
from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from ..article import Article
from ..errors import GlossError
from ..links import make_link
from ..paths import data_dir, resource
from ..entities.groups import grouped, type_words
from ..tables import gfm_table, table_grid
from .escape import blockquote, escape_block, escape_inline, quote_markdown
from .notes import note_markdown

TEMPLATE_NAME = "notes.md.j2"

class TemplateFailed(GlossError):
    """The export template cannot be read, compiled or rendered."""


class Record(dict):
    """A dict whose keys templates can also read as attributes (``h.quote`` or ``h["quote"]``)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


# -- template filters ---------------------------------------------------------------------------

_TAG_DROP = re.compile(r"[^\w/\-]+")


@functools.lru_cache(maxsize=4096)
def obsidian_tag(tag: str) -> str:
    """``#tag`` as Obsidian and most Markdown note apps read it: spaces become ``-``, characters a
    tag cannot hold are dropped; a tag left empty or all digits is written as escaped text."""
    cleaned = _TAG_DROP.sub("", re.sub(r"\s+", "-", str(tag).strip())).strip("/")
    if not cleaned or cleaned.replace("/", "").isdigit() or "__" in cleaned:
        return escape_inline("#" + str(tag))
    return "#" + cleaned


def to_yaml(value: Any) -> str:
    """Block-style YAML from a YAML library (quoting whatever needs quoting), ending in a newline."""
    if not value:
        return ""
    return yaml.safe_dump(_plain(value), allow_unicode=True, sort_keys=False, default_flow_style=False,
                          width=1_000_000)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class _Sandbox(SandboxedEnvironment):
    """The sandbox, with a fast path for Gloss's own records (plain data, nothing to guard)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is Record and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


_lock = threading.Lock()
_env: SandboxedEnvironment | None = None
_compiled: dict[tuple[str, int, int], Any] = {}


def environment() -> SandboxedEnvironment:
    global _env
    with _lock:
        if _env is None:
            env = _Sandbox(autoescape=False, trim_blocks=True, lstrip_blocks=True,
                                       keep_trailing_newline=True)
            env.filters.update(md=escape_block, md_inline=escape_inline, blockquote=blockquote,
                               note=note_markdown, quote=quote_filter, tag=obsidian_tag, yaml=to_yaml,
                               gfm=lambda grid: gfm_table(grid, escape_inline))
            _env = env
        return _env


def template_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The template to use: ``explicit``, else the user's in the data folder, else the bundled one."""
    if explicit is not None:
        return Path(explicit).expanduser()
    try:
        user = data_dir() / "templates" / TEMPLATE_NAME
        if user.is_file():
            return user
    except OSError:
        pass
    return resource("templates", TEMPLATE_NAME)


def load_template(path: str | os.PathLike[str] | None = None):
    """The compiled template at ``path`` (see ``template_path``), compiled once per file version."""
    path = template_path(path)
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError as exc:
        raise TemplateFailed(f"Cannot read the export template {path}: {exc.strerror or exc}.") from None
    if not S_ISREG(stat.st_mode):  # a named pipe would block the export forever
        raise TemplateFailed(f"The export template {path} is not a regular file.")
    cached = _compiled.get(key)
    if cached is not None:
        return cached
    try:
        source = path.read_text(encoding="utf-8")
        template = environment().from_string(source)
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateFailed(f"Cannot read the export template {path}: {exc}.") from None
    except TemplateSyntaxError as exc:
        raise TemplateFailed(f"{path.name}, line {exc.lineno}: {exc.message}") from None
    with _lock:
        _compiled[key] = template
    return template


# -- the context ----------------------------------------------------------------------------------

def quote_filter(value: Any) -> str:
    """The ``quote`` filter: a highlight record (its ``quote`` and ``kinds``) or a plain text."""
    if isinstance(value, Mapping):
        return quote_markdown(str(value.get("quote") or ""), list(value.get("kinds") or ()) or None)
    return quote_markdown(str(value or ""))


_LAST = 1 << 62  # "first" of an entity whose first mention is unknown: after every other


def _entities(entities: Iterable[Mapping]) -> list[Record]:
    rows = [Record(name=row["name"], type=str(row["type"]), kind=type_words(str(row["type"])),
                   mentions=int(row.get("mentions") or 0),
                   first=row["first"] if row.get("first") is not None else _LAST)
            for row in entities]
    return [Record(label=label, count=len(names), mentions=sum(n.mentions for n in names), names=names)
            for label, names in grouped(rows)]


def _kinds(article: Article, starts: list[int], h: Mapping) -> list[str]:
    """The kind of block each line of an anchored highlight's quote lies in."""
    first = bisect_right(starts, h["start"]) - 1
    count = str(h["quote"]).count("\n") + 1
    blocks = article.blocks[max(first, 0):max(first, 0) + count]
    return [b.kind for b in blocks] if first >= 0 and len(blocks) == count else []


def build_context(article: Article, highlights: Iterable[Mapping], *, tags: Iterable[str] = (),
                  entities: Iterable[Mapping] = (), exported: str = "") -> dict[str, Any]:
    """The template's variables from plain data: the article, its highlight records (as
    ``gloss notes --json`` prints them), its tags and entity rows (name, type, mentions, first)."""
    doc = article.content_hash
    article_id = article.id or 0
    headings = [b for b in article.blocks if b.kind == "heading"]
    anchored: list[Mapping] = []
    orphaned: list[Mapping] = []
    for h in highlights:
        (orphaned if h.get("status") == "orphaned" else anchored).append(h)
    anchored.sort(key=lambda h: (h["start"], h["end"], h["id"]))

    # the kinds of block a quote spans matter only for code (kept as a code block)
    starts = [b.start for b in article.blocks] if any(b.kind == "code" for b in article.blocks) else None
    sections: list[Record] = []
    records: list[Record] = []
    current: Record | None = None
    hi = 0  # index into headings: a two-pointer merge keeps this linear
    for h in anchored:
        while hi < len(headings) and headings[hi].start <= h["start"]:
            hi += 1
        block = headings[hi - 1] if hi else None
        heading = article.text[block.start:block.end] if block else None
        if current is None or current.start != (block.start if block else -1):
            current = Record(heading=heading, level=block.level if block else 0,
                             start=block.start if block else -1, highlights=[])
            sections.append(current)
        rec = _highlight(h, len(records) + 1, heading, article_id, doc, False, article)
        if starts is not None:
            rec["kinds"] = _kinds(article, starts, h)
        current.highlights.append(rec)
        records.append(rec)
    orphans = [_highlight(h, len(records) + i + 1, None, article_id, doc, True, None) for i, h in enumerate(orphaned)]
    records.extend(orphans)

    tag_list = sorted(set(tags))
    groups = _entities(entities)
    art = Record(id=article.id, title=article.title, source=article.source, author=article.author,
                 editor=article.editor, published=article.published, url=article.url, tags=tag_list,
                 note=article.note, link=make_link(article_id, doc=doc), hash=doc, meta=dict(article.meta),
                 highlight_count=len(records), note_count=sum(1 for r in records if r.note),
                 pages=article.page_count, doi=article.meta.get("doi", ""), arxiv=article.meta.get("arxiv", ""))
    properties: dict[str, Any] = {"title": article.title}
    for key in ("source", "author", "editor", "published", "url"):
        if getattr(article, key):
            properties[key] = getattr(article, key)
    for key in ("doi", "arxiv"):
        if art[key]:
            properties[key] = art[key]
    if art.pages:
        properties["pages"] = art.pages
    if tag_list:
        properties["tags"] = tag_list
    properties["exported"] = exported
    properties["gloss"] = art.link
    properties["highlights"] = len(records)
    if groups:
        properties["entities"] = {g.label: [n.name for n in g.names] for g in groups}
    return {"article": art, "properties": properties, "sections": sections, "highlights": records,
            "orphans": orphans, "entities": groups, "exported": exported}


def _highlight(h: Mapping, position: int, section: str | None, article_id: int, doc: str,
               orphaned: bool, article: Article | None) -> Record:
    start, end = h["start"], h["end"]
    pages = article.pages_of(start, end) if article is not None else None
    return Record(page=pages[0] if pages else None, last_page=pages[1] if pages else None,
                  pages=article.page_label(start, end) if pages else "",
                  table=table_grid(article, start, end) if article is not None else None,id=h["id"], quote=h["quote"], note=h.get("note") or "", color=h.get("color") or "",
                  label=h.get("label") or h.get("color") or "", tags=list(h.get("tags") or ()),
                  position=position, start=h["start"], end=h["end"], prefix=h.get("prefix") or "",
                  suffix=h.get("suffix") or "", status=h.get("status") or "anchored", orphaned=orphaned,
                  section=section, created=h.get("created") or "", updated=h.get("updated") or "",
                  link=make_link(article_id, h["id"], h["start"], doc), kinds=[])


def render_notes(article: Article, highlights: Iterable[Mapping], *, tags: Iterable[str] = (),
                 entities: Iterable[Mapping] = (), exported: str = "",
                 template: str | os.PathLike[str] | None = None) -> str:
    """The article's notes as Markdown, laid out by ``template`` (see ``template_path``)."""
    compiled = load_template(template)
    context = build_context(article, highlights, tags=tags, entities=entities, exported=exported)
    try:
        text = compiled.render(context)
    except Exception as exc:  # a user's template may fail in any way: report it in one line
        detail = (str(exc).splitlines() or [type(exc).__name__])[0]
        kind = "" if isinstance(exc, TemplateError) else f"{type(exc).__name__}: "
        raise TemplateFailed(f"The export template failed: {kind}{detail}") from None
    return text.rstrip("\n") + "\n"
