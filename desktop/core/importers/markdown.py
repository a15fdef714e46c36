"""Markdown articles (CommonMark via markdown-it-py): front matter, headings, emphasis, lists, links, quotes."""

from __future__ import annotations

import datetime as _dt

from ..article import Article, ArticleBuilder, clean_inline, safe_href
from ..errors import ImportRefused
from ..text import unpaired_surrogates

_FRONT_KEYS = {"title": "title", "source": "source", "site": "source", "publisher": "source",
               "author": "author", "authors": "author", "editor": "editor", "date": "published",
               "published": "published", "url": "url", "link": "url", "source_url": "url"}


MAX_FRONT_MATTER = 64 * 1024
"""Front matter longer than this is not metadata: it is refused rather than parsed."""
MAX_FLOW_DEPTH = 64
"""PyYAML's scanner is quadratic in ``[``/``{`` nesting (20,000 levels: minutes); metadata needs two."""


def _flow_depth(raw: str) -> int:
    """An upper bound of the front matter's ``[``/``{`` nesting (brackets inside quotes count too)."""
    depth = deepest = 0
    for ch in raw:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}" and depth:
            depth -= 1
    return deepest


def _front_matter(raw: str, name: str) -> dict[str, str]:
    """The front matter's fields as text. YAML aliases (``*name``) are refused: a few hundred bytes
    of them expand to gigabytes (the "billion laughs"); every value is capped (``clip_meta``)."""
    import yaml

    if len(raw) > MAX_FRONT_MATTER:
        raise ImportRefused(f"{name}: the front matter is {len(raw) // 1024} KB; Gloss reads up to "
                            f"{MAX_FRONT_MATTER // 1024} KB of metadata.")
    if _flow_depth(raw) > MAX_FLOW_DEPTH:
        raise ImportRefused(f"{name}: the front matter is nested too deeply to be metadata.")
    try:
        for event in yaml.parse(raw, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                raise ImportRefused(f"{name}: the front matter uses a YAML alias (*{event.anchor}, line "
                                    f"{mark.line + 1}); Gloss reads plain front matter only.")
        data = yaml.safe_load(raw) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ImportRefused(f"{name}: the front matter is not valid YAML{where}.") from None
    except RecursionError:
        raise ImportRefused(f"{name}: the front matter is nested too deeply to be metadata.") from None
    if not isinstance(data, dict):
        return {}
    out: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value if not isinstance(v, (list, tuple, dict)))
        elif isinstance(value, (_dt.date, _dt.datetime)):
            value = value.isoformat(sep=" ") if isinstance(value, _dt.datetime) else value.isoformat()
        elif value is None or isinstance(value, dict):
            continue
        field = _FRONT_KEYS.get(str(key).lower(), str(key).lower())
        text = clean_inline(unpaired_surrogates(str(value)))
        out.setdefault(field, inline_text(text) if field == "title" else text)
    return out


def inline_text(markdown: str) -> str:
    """One line of Markdown as the text it shows: ``*Baltic* `Sea``` -> ``Baltic Sea``."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": False}).parseInline(markdown)
    return _inline(tokens[0])[0] if tokens else ""


def _same_title(named: str, heading: str) -> bool:
    """Whether a first level-1 heading is the title (no title named, or the same words)."""
    return not named or named.casefold() == heading.casefold()


def _inline(token) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Flatten an inline token into display text and spans (em, strong, code, link)."""
    parts: list[str] = []
    spans: list[tuple[int, int, str, str]] = []
    open_: list[tuple[str, int, str]] = []
    length = 0
    for child in token.children or ():
        t = child.type
        if t in ("text", "html_inline"):
            content = child.content if t == "text" else ""
            parts.append(content)
            length += len(content)
        elif t in ("softbreak", "hardbreak"):
            parts.append(" ")
            length += 1
        elif t == "code_inline":
            spans.append((length, length + len(child.content), "code", ""))
            parts.append(child.content)
            length += len(child.content)
        elif t == "image":
            alt = child.content or ""
            parts.append(alt)
            length += len(alt)
        elif t.endswith("_open"):
            kind = {"em_open": "em", "strong_open": "strong", "link_open": "link"}.get(t)
            if kind:
                open_.append((kind, length, safe_href(child.attrs.get("href", "")) if kind == "link" else ""))
        elif t.endswith("_close") and open_:
            kind, start, href = open_.pop()
            if kind != "link" or href:
                spans.append((start, length, kind, href))
    raw = "".join(parts)
    # Cleaning only collapses whitespace; map spans through the same collapse.
    return _collapse(raw, spans)


def _collapse(raw: str, spans):
    out: list[str] = []
    index = [0] * (len(raw) + 1)
    prev_space = True
    for i, ch in enumerate(raw):
        index[i] = len(out)
        is_space = ch.isspace()
        if is_space and prev_space:
            continue
        out.append(" " if is_space else ch)
        prev_space = is_space
    index[len(raw)] = len(out)
    text = "".join(out).rstrip()
    spans = [(index[s], min(index[e], len(text)), k, h) for s, e, k, h in spans]
    return text, spans


def parse_markdown(text: str, fallback_title: str) -> Article:
    """Parse canonical Markdown text into an Article; the first level-1 heading may be the title."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": False}).enable("table").use(front_matter_plugin)
    tokens = md.parse(text)
    meta: dict[str, str] = {}
    builder = ArticleBuilder()
    title = ""
    stack: list[tuple[str, str]] = []  # open containers: ("quote", "") or ("list", next marker)
    item_marker = ""
    table = row = col = -1
    for i, tok in enumerate(tokens):
        t = tok.type
        if t == "front_matter":
            meta = _front_matter(tok.content, fallback_title)
        elif t == "blockquote_open":
            stack.append(("quote", ""))
        elif t in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrs.get("start", 1)) if t == "ordered_list_open" else 0
            stack.append(("list", str(start) if t == "ordered_list_open" else "•"))
        elif t in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            stack.pop()
        elif t == "list_item_open":
            kind, marker = stack[-1]
            if marker.isdigit():
                item_marker = marker + "."
                stack[-1] = (kind, str(int(marker) + 1))
            else:
                item_marker = "•"
        elif t == "inline" and tokens[i - 1].type == "heading_open":
            body, spans = _inline(tok)
            level = int(tokens[i - 1].tag[1])
            if level == 1 and not title and not builder.blocks and _same_title(meta.get("title", ""), body):
                title = body  # the title again (or the only one): not also a heading of the body
            else:
                builder.add("heading", body, level=level, spans=spans)
        elif t == "table_open":
            table, row = builder.new_table(), -1
        elif t == "tr_open":
            row, col = row + 1, 0
        elif t == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            body, spans = _inline(tok)  # each cell its own block: no two cells' words run together
            builder.add("cell", body, level=1 if tokens[i - 1].type == "th_open" else 0, spans=spans,
                        cell=(table, row, col))
            col += 1
        elif t == "inline":
            body, spans = _inline(tok)
            lists = [s for s in stack if s[0] == "list"]
            quotes = [s for s in stack if s[0] == "quote"]
            if lists and tokens[i - 2].type == "list_item_open":
                builder.add("item", body, level=len(lists), marker=item_marker, spans=spans)
            elif lists:
                builder.add("item", body, level=len(lists), spans=spans)
            elif quotes:
                builder.add("quote", body, level=len(quotes), spans=spans)
            else:
                builder.add("paragraph", body, spans=spans)
        elif t in ("fence", "code_block"):
            for line in tok.content.rstrip("\n").split("\n"):
                builder.add("code", line.replace("\t", "    ").rstrip() or " ")
    title = meta.pop("title", "") or title or fallback_title
    return builder.build(title, format="markdown", **meta)
