"""The benchmark's data: a ~1 MB article from the sample's paragraphs, its annotations, a big library."""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..core.article import Article, ArticleBuilder
from ..core.importers import load
from ..core.paths import sample_path
from ..store.db import Library, now


@dataclass(frozen=True)
class Sizes:
    """How much data the benchmark builds (``QUICK`` for the smoke test)."""

    article_chars: int = 1_000_000
    huge_article_chars: int = 50_000_000  # search in a library holding one article this long
    highlights: int = 10_000
    notes: int = 1_000
    library_articles: int = 10_000
    runs: int = 5
    # Start-ups are cheap (a third of a second) and this machine's noise is not: a few slow starts
    # of either program move a median of five by a tenth, so start-up takes more.
    startup_runs: int = 21
    entity_sample_runs: int = 5  # fresh processes, a second or two each, spread over a third of a second
    pdf_pages: int = 300  # the generated two-column paper, read by Gloss and by pdftotext
    pdf_runs: int = 9  # a few seconds each, alternating with pdftotext


FULL = Sizes()
QUICK = Sizes(article_chars=40_000, huge_article_chars=400_000, highlights=300, notes=30, library_articles=200,
              runs=2, startup_runs=2, entity_sample_runs=2, pdf_pages=10, pdf_runs=2)

_WORDS = ("alliance", "deterrence", "doctrine", "logistics", "maritime", "strategy", "treaty",
          "summit", "exercise", "budget", "sanctions", "diplomacy", "frontier", "reserve", "corridor")


def sample() -> Article:
    """The bundled sample, parsed by the real importer."""
    return load(sample_path())


def large_article(chars: int = FULL.article_chars, seed: int = 7) -> Article:
    """About ``chars`` characters of the sample's blocks, repeated, each numbered and varied.

    Every repetition is a numbered part (a heading), every paragraph starts with its number and
    gets one changed word, so no two paragraphs are identical and search/anchoring are not trivial.
    """
    base = sample()
    rng = random.Random(seed)
    texts = [(b.kind, b.level, base.text[b.start:b.end]) for b in base.blocks]
    builder = ArticleBuilder()
    part = total = 0
    while total < chars:
        part += 1
        builder.add("heading", f"Part {part}", level=1)
        for n, (kind, level, text) in enumerate(texts, 1):
            if kind == "heading":
                builder.add("heading", f"{part}.{n} {text}", level=level)
                continue
            words = text.split(" ")
            i = rng.randrange(len(words))
            words[i] = rng.choice(_WORDS)
            builder.add("paragraph", f"¶{part}.{n} " + " ".join(words))
            total += len(text) + 8
    return builder.build(f"The long read: {base.title}", source=base.source, author=base.author,
                         editor=base.editor, published=base.published)


RARE_WORD = "zeppelin"  # in one paragraph of the huge article, half way through


def huge_article(chars: int) -> Article:
    """``large_article`` of ``chars`` characters with ``RARE_WORD`` once, in a paragraph half way in."""
    half = large_article(chars // 2)
    rest = large_article(chars - chars // 2, seed=9)
    builder = ArticleBuilder()
    for part in (half, None, rest):
        if part is None:
            builder.add("paragraph", f"Half way through, a {RARE_WORD} passes over the harbour.")
            continue
        for b in part.blocks:
            builder.add(b.kind, part.text[b.start:b.end], level=b.level, marker=b.marker)
    return builder.build(f"The longest read: {half.title}", source=half.source, author=half.author)


def highlight_spans(article: Article, count: int, seed: int = 11) -> list[tuple[int, int]]:
    """``count`` non-overlapping word-aligned spans spread evenly over the article's paragraphs."""
    rng = random.Random(seed)
    text = article.text
    slot = max(8, len(text) // max(1, count))
    spans = []
    for k in range(count):
        lo = k * slot
        start = text.find(" ", lo, lo + slot // 2)
        start = lo if start < 0 else start + 1
        end = min(start + rng.randint(12, max(13, slot - slot // 3)), lo + slot - 1, len(text))
        cut = text.rfind(" ", start + 1, end)
        end = cut if cut > start else end
        if "\n" in text[start:end]:
            end = text.index("\n", start)
        if end > start:
            spans.append((start, end))
    return spans


def add_annotations(lib: Library, article_id: int, article: Article, highlights: int, notes: int) -> None:
    """Store ``highlights`` highlights, ``notes`` of them with a note, in one transaction."""
    from ..core.anchors import make_selector

    keys = [r[0] for r in lib.conn.execute("SELECT key FROM colors ORDER BY position")]
    every = max(1, highlights // max(1, notes)) if notes else 0
    stamp = now()
    rows = []
    for k, (start, end) in enumerate(highlight_spans(article, highlights)):
        sel = make_selector(article.text, start, end)
        note = f"Note {k}: *why* this matters — see the {_WORDS[k % len(_WORDS)]} angle." \
            if every and k % every == 0 and k // every < notes else ""
        rows.append((article_id, sel.start, sel.end, sel.exact, sel.prefix, sel.suffix, keys[k % len(keys)],
                     note, "anchored", stamp, stamp))
    with lib.write() as db:
        db.conn.executemany(
            'INSERT INTO highlights (article_id, start, "end", exact, prefix, suffix, color, note, status, '
            "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        ids = [r[0] for r in db.execute("SELECT id FROM highlights WHERE article_id = ? AND note != ''",
                                         [article_id])]
        db.conn.executemany("INSERT INTO highlight_tags (highlight_id, tag) VALUES (?, ?)",
                            [(hid, f"theme/{_WORDS[hid % len(_WORDS)]}") for hid in ids])


def fill_library(lib: Library, count: int, seed: int = 13) -> None:
    """``count`` short articles (a few of the sample's paragraphs each, varied), in one transaction."""
    from ..store.articles import add_article

    base = sample()
    paras = [base.text[b.start:b.end] for b in base.blocks if b.kind == "paragraph"]
    rng = random.Random(seed)
    with lib.write():
        for k in range(count):
            builder = ArticleBuilder()
            for n in range(rng.randint(2, 4)):
                words = rng.choice(paras).split(" ")
                words[rng.randrange(len(words))] = f"{rng.choice(_WORDS)}{k}"
                builder.add("paragraph", " ".join(words))
            add_article(lib, builder.build(f"Briefing {k}: {rng.choice(_WORDS)} and {rng.choice(_WORDS)}",
                                           source="Bench Wire", author=f"Writer {k % 97}"))


def fill_library_bulk(lib: Library, count: int, seed: int = 13) -> None:
    """``fill_library``'s articles, ``count`` of them, written in one transaction by plain inserts
    (the store's triggers index their titles, ``index_passages`` their text), without
    ``add_article``'s per-article lookups: a hundred thousand take a minute, not ten."""
    import json

    from ..store.passages import index_passages

    base = sample()
    paras = [base.text[b.start:b.end] for b in base.blocks if b.kind == "paragraph"]
    rng = random.Random(seed)
    stamp = now()
    with lib.transaction() as conn:
        for k in range(count):
            builder = ArticleBuilder()
            for _n in range(rng.randint(2, 4)):
                words = rng.choice(paras).split(" ")
                words[rng.randrange(len(words))] = f"{rng.choice(_WORDS)}{k}"
                builder.add("paragraph", " ".join(words))
            article = builder.build(f"Briefing {k}: {rng.choice(_WORDS)} and {rng.choice(_WORDS)}",
                                    source="Bench Wire", author=f"Writer {k % 97}")
            cursor = conn.execute(
                "INSERT INTO articles (title, source, author, format, text, blocks, spans, content_hash, added) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [article.title, article.source, article.author, article.format, article.text,
                 json.dumps(article.blocks_json(), separators=(",", ":")),
                 json.dumps(article.spans_json(), separators=(",", ":")), article.content_hash, stamp])
            index_passages(conn, cursor.lastrowid, article.text)


def edited_article(article: Article, edits: int = 300, seed: int = 17) -> Article:
    """A new version of ``article`` with ``edits`` scattered edits: words replaced, inserted and
    deleted in paragraphs across the text, a few paragraphs inserted, deleted and moved."""
    rng = random.Random(seed)
    blocks = [[b.kind, b.level, article.text[b.start:b.end]] for b in article.blocks]
    paragraphs = [k for k, b in enumerate(blocks) if b[0] == "paragraph"]
    for _ in range(edits):
        block = blocks[rng.choice(paragraphs)]
        words = block[2].split(" ")
        i = rng.randrange(1, len(words)) if len(words) > 1 else 0
        what = rng.random()
        if what < 0.4:
            words[i] = rng.choice(_WORDS)
        elif what < 0.7:
            words.insert(i, f"{rng.choice(_WORDS)} {rng.choice(_WORDS)}")
        elif len(words) > 3:
            del words[i]
        block[2] = " ".join(words)
    for _ in range(max(1, edits // 100)):  # whole paragraphs: one inserted, one deleted, one moved
        k = rng.choice(paragraphs)
        blocks.insert(k, ["paragraph", 0, f"An editor's note on the {rng.choice(_WORDS)}, added later."])
        del blocks[rng.randrange(len(blocks))]
        blocks.insert(rng.randrange(len(blocks)), blocks.pop(rng.randrange(len(blocks))))
    builder = ArticleBuilder()
    for kind, level, text in blocks:
        builder.add(kind, text, level=level)
    return builder.build(article.title, source=article.source, author=article.author, editor=article.editor,
                         published=article.published)
