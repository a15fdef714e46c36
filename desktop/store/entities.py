"""Entities in the library: cached extraction results, per-article rows, the user's corrections.

- ``entity_cache`` holds the pipeline's raw result for a text, keyed by the text's hash and
  ``pipeline_key(mode)`` (the pipeline's version and the mode that ran), so a rules-only result
  is not served once a spaCy model is installed.
- ``article_entities`` holds what the sidebar shows for each article (corrections applied,
  hidden entities left out): the rows search and "in other articles" read.
- ``entity_corrections`` holds the user's corrections (see ``core.entities.corrections``), applied
  in id order to every article, now and later. Each correction operation is one transaction that
  also refreshes the rows of the articles it touches, and returns the correction's id; its undo is
  ``remove_correction`` (which returns the record ``restore_correction`` puts back).
"""

from __future__ import annotations

import importlib.util
import json
from typing import Callable, Iterable

from ..core.entities import PIPELINE_VERSION, Entity, ExtractionResult, from_json, to_json
from ..core.errors import GlossError, NotFound
from ..core.text import content_hash
from .db import Library, now

Corrections = list[dict]


def pipeline_key(mode: str) -> str:
    """The cache key's pipeline part: the pipeline version and the mode that ran."""
    return f"{PIPELINE_VERSION}/{mode}"


def model_installed() -> bool:
    """Whether a spaCy model package is installed (found, not loaded: this is cheap)."""
    from ..core.entities import spacy_ner

    try:
        return any(importlib.util.find_spec(n) is not None for n in spacy_ner.model_names()) \
            and importlib.util.find_spec("spacy") is not None
    except (ImportError, ValueError):
        return False


def preferred_mode() -> str:
    """The mode whose cached result is current: "spacy" when a model is installed, else "rules"."""
    return "spacy" if model_installed() else "rules"


# -- the cache --------------------------------------------------------------------------------

def cached(lib: Library, text_hash: str, mode: str) -> list[Entity] | None:
    """The cached raw entities of a text for that mode, or None."""
    row = lib.conn.execute("SELECT data FROM entity_cache WHERE text_hash = ? AND pipeline = ?",
                         [text_hash, pipeline_key(mode)]).fetchone()
    return from_json(json.loads(row[0])) if row else None


def cached_data(lib: Library, text_hash: str, mode: str) -> str | None:
    """The cached JSON of a text's raw entities for that mode (parse it with ``from_json``)."""
    row = lib.conn.execute("SELECT data FROM entity_cache WHERE text_hash = ? AND pipeline = ?",
                         [text_hash, pipeline_key(mode)]).fetchone()
    return row[0] if row else None


def cache_result(lib: Library, text_hash: str, result: ExtractionResult) -> None:
    """Remember a raw extraction result for this text and the mode that ran."""
    cache_data(lib, text_hash, result.mode, result.model,
               json.dumps(to_json(result.entities), ensure_ascii=False, separators=(",", ":")))


def cache_data(lib: Library, text_hash: str, mode: str, model: str | None, data: str) -> None:
    """Remember a raw result already in JSON (``to_json``'s shape) for this text and mode."""
    with lib.write() as db:
        db.execute("INSERT OR REPLACE INTO entity_cache (text_hash, pipeline, mode, data, created) "
                   "VALUES (?, ?, ?, ?, ?)", [text_hash, pipeline_key(mode), model or mode, data, now()])


# -- corrections ------------------------------------------------------------------------------

def list_corrections(lib: Library) -> list[dict]:
    """Every correction in the order they apply: ``{"id", "op", "created", **data}``."""
    rows = lib.conn.execute("SELECT id, op, data, created FROM entity_corrections ORDER BY id").fetchall()
    return [{**json.loads(data), "id": cid, "op": op, "created": created} for cid, op, data, created in rows]


def corrections_for(corrections: Iterable[dict], article_id: int | None) -> Corrections:
    """The corrections as ``apply_corrections`` takes them for one article: an "add" made from a
    selection keeps its explicit mentions only in the article the selection was made in."""
    out = []
    for c in corrections:
        c = {k: v for k, v in c.items() if k not in ("id", "created")}
        if c["op"] == "add" and c.get("article_id") != article_id:
            c.pop("mentions", None)
        out.append(c)
    return out


def corrected(raw: list[Entity], corrections: Iterable[dict], text: str,
              article_id: int | None = None) -> list[Entity]:
    """The entities as the user sees them: the raw result with the corrections applied."""
    from ..core.entities import apply_corrections  # with the pipeline: loaded when first needed

    return apply_corrections(raw, corrections_for(corrections, article_id), text=text)


def hidden(raw: list[Entity], corrections: list[dict], text: str,
           article_id: int | None = None) -> list[tuple[Entity, int]]:
    """Entities of this article the user hid, each with the id of its "hide" correction."""
    hides = [c for c in corrections if c["op"] == "hide"]
    if not hides:
        return []
    shown = corrected(raw, [c for c in corrections if c["op"] != "hide"], text, article_id)
    out = []
    for e in shown:
        for c in hides:
            if c.get("name") == e.name and c.get("type") in (None, e.type):
                out.append((e, c["id"]))
                break
    return out


# -- per-article rows ---------------------------------------------------------------------------

def _write_rows(db, article_id: int, entities: list[Entity]) -> None:
    db.execute("DELETE FROM article_entities WHERE article_id = ?", [article_id])
    db.conn.executemany('INSERT OR REPLACE INTO article_entities (article_id, name, type, mentions, "first") '
                        "VALUES (?, ?, ?, ?, ?)",
                        [(article_id, e.name, e.type, len(e.mentions), e.mentions[0].start if e.mentions else 0)
                         for e in entities])


def _raw_for(lib: Library, text_hash: str) -> tuple[list[Entity], str] | None:
    """The current cached raw result of a text: spaCy's if there is one, rules' only without a model."""
    for mode in ("spacy", "rules"):
        data = cached_data(lib, text_hash, mode)
        if data is not None and (mode == "spacy" or not model_installed()):
            return from_json(json.loads(data)), mode
    return None


def refresh_article(lib: Library, article_id: int) -> bool:
    """Re-apply the corrections to an article's cached result and rewrite its rows (after its text or
    the corrections changed). Without a current cached result the rows are dropped (they are
    recomputed when the article is next analysed); returns whether rows were written."""
    row = lib.conn.execute("SELECT text, content_hash FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        raise NotFound(f"No article {article_id} in the library (see `gloss list`).")
    text, text_hash = row
    found = _raw_for(lib, text_hash)
    with lib.write() as db:
        if found is None:
            db.execute("DELETE FROM article_entities WHERE article_id = ?", [article_id])
            return False
        _write_rows(db, article_id, corrected(found[0], list_corrections(lib), text, article_id))
    return True


def record_result(lib: Library, article_id: int, result: ExtractionResult,
                  text_hash: str | None = None) -> list[Entity]:
    """Store a fresh extraction of an article (cache and rows, one transaction); returns the
    entities with the user's corrections applied."""
    row = lib.conn.execute("SELECT text, content_hash FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        raise NotFound(f"No article {article_id} in the library (see `gloss list`).")
    text, stored_hash = row
    entities = corrected(result.entities, list_corrections(lib), text, article_id)
    with lib.write() as db:
        cache_result(lib, text_hash or stored_hash, result)
        if (text_hash or stored_hash) == stored_hash:
            _write_rows(db, article_id, entities)
    return entities


def _row_values(entities: list[Entity]) -> list[tuple]:
    return sorted((e.name, e.type, len(e.mentions), e.mentions[0].start if e.mentions else 0) for e in entities)


def sync_rows(lib: Library, article_id: int, entities: list[Entity]) -> bool:
    """Make an article's rows match entities already corrected (the GUI computes them off-thread),
    writing only when they differ (an older text's rows, corrections made elsewhere); returns
    whether it wrote."""
    rows = lib.conn.execute('SELECT name, type, mentions, "first" FROM article_entities WHERE article_id = ?',
                          [article_id]).fetchall()
    if sorted(tuple(r) for r in rows) == _row_values(entities):
        return False
    with lib.write() as db:
        _write_rows(db, article_id, entities)
    return True


def entities_for(lib: Library, article_id: int, *, mode: str = "auto",
                 progress: Callable[[float], None] | None = None) -> tuple[list[Entity], str]:
    """(entities, mode) of an article: the cached raw result (extracting and caching it when there
    is none) with the user's corrections applied. Its rows are refreshed when they were computed."""
    row = lib.conn.execute("SELECT text, content_hash FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        raise NotFound(f"No article {article_id} in the library (see `gloss list`).")
    text, text_hash = row
    wanted = preferred_mode() if mode == "auto" else mode
    raw = cached(lib, text_hash, wanted)
    if raw is not None:
        entities = corrected(raw, list_corrections(lib), text, article_id)
        if lib.refusal is None:  # a read-only library (full disk...) shows them without storing them
            sync_rows(lib, article_id, entities)
        return entities, wanted
    from ..core.entities import extract

    result = extract(text, mode=mode, progress=progress)
    if lib.refusal is not None:
        return corrected(result.entities, list_corrections(lib), text, article_id), result.mode
    return record_result(lib, article_id, result, text_hash), result.mode


def analyse_text(lib: Library | None, text: str, *, mode: str = "auto",
                 progress: Callable[[float], None] | None = None) -> tuple[list[Entity], str]:
    """(entities, mode) of a text that is not in the library (a FILE): extracted (or taken from the
    cache when the library has it), with the user's corrections applied; nothing is stored."""
    wanted = preferred_mode() if mode == "auto" else mode
    raw = cached(lib, content_hash(text), wanted) if lib is not None else None
    if raw is None:
        from ..core.entities import extract

        result = extract(text, mode=mode, progress=progress)
        raw, wanted = result.entities, result.mode
    corrections = list_corrections(lib) if lib is not None else []
    return corrected(raw, corrections, text, None), wanted


# -- correction operations ----------------------------------------------------------------------

def _names_in(correction: dict) -> set[str]:
    names = set()
    for key in ("name", "to", "into", "alias"):
        if isinstance(correction.get(key), str):
            names.add(correction[key])
    for key in ("names", "aliases"):
        names.update(n for n in correction.get(key) or () if isinstance(n, str))
    return {n for n in names if n}


def _affected(db, correction: dict) -> list[int]:
    """Articles whose shown entities a correction may change: those whose rows or cached results
    name it, and for "add" those whose text contains the name."""
    names = sorted(_names_in(correction))
    if not names:
        return []
    ids: set[int] = set()
    marks = ",".join("?" * len(names))
    ids.update(r[0] for r in db.execute(f"SELECT DISTINCT article_id FROM article_entities WHERE name IN ({marks})",
                                        names).fetchall())
    quoted = [json.dumps(n, ensure_ascii=False) for n in names]
    cond = " OR ".join("instr(c.data, ?) > 0" for _ in quoted)
    ids.update(r[0] for r in db.execute(
        f"SELECT DISTINCT a.id FROM articles a JOIN entity_cache c ON c.text_hash = a.content_hash "
        f"WHERE c.pipeline IN (?, ?) AND ({cond})", [pipeline_key("spacy"), pipeline_key("rules"), *quoted]).fetchall())
    if correction.get("op") == "add":
        cond = " OR ".join("instr(text, ?) > 0" for _ in names)
        ids.update(r[0] for r in db.execute(f"SELECT id FROM articles WHERE {cond}", names).fetchall())
        if correction.get("article_id") is not None:
            ids.add(int(correction["article_id"]))
    return sorted(ids)


def _refresh_all(lib: Library, article_ids: Iterable[int]) -> None:
    for article_id in article_ids:
        try:
            refresh_article(lib, article_id)
        except NotFound:
            continue


def _validate(correction: dict) -> dict:
    from ..core.entities.corrections import OPS

    op = correction.get("op")
    if op not in OPS:
        raise GlossError(f"Unknown entity correction {op!r}; use one of: {', '.join(OPS)}.")
    required = {"rename": ("name", "to"), "retype": ("name", "to"), "merge": ("names",), "hide": ("name",),
                "add": ("name", "type"), "split": ("name", "alias")}[op]
    for key in required:
        value = correction.get(key)
        if not value or (isinstance(value, str) and not value.strip()):
            raise GlossError(f"An entity {op} needs a {key}.")
    if op == "merge" and len(set(correction["names"]) | {correction.get("into") or correction["names"][0]}) < 2:
        raise GlossError("Merging needs two different entities.")
    return correction


def add_correction(lib: Library, correction: dict) -> int:
    """Store one correction (applied to every article from now on) and refresh the rows of the
    articles it touches, in one transaction; returns its id (undo: ``remove_correction``)."""
    correction = _validate({k: v for k, v in correction.items() if k not in ("id", "created")})
    data = {k: v for k, v in correction.items() if k != "op"}
    with lib.write() as db:
        cursor = db.execute("INSERT INTO entity_corrections (op, data, created) VALUES (?, ?, ?)",
                            [correction["op"], json.dumps(data, ensure_ascii=False), now()])
        cid = cursor.lastrowid
        _refresh_all(lib, _affected(db, correction))
    return cid


def remove_correction(lib: Library, correction_id: int) -> dict:
    """Withdraw a correction (the undo of making it, or "show again" for a hidden entity); returns
    its record for ``restore_correction``."""
    with lib.write() as db:
        record = next((c for c in list_corrections(lib) if c["id"] == correction_id), None)
        if record is None:
            raise NotFound(f"No entity correction {correction_id}.")
        db.execute("DELETE FROM entity_corrections WHERE id = ?", [correction_id])
        _refresh_all(lib, _affected(db, record))
    return record


def restore_correction(lib: Library, record: dict) -> int:
    """Put a withdrawn correction back with its id (so it applies in its old place); returns the id."""
    data = {k: v for k, v in record.items() if k not in ("id", "op", "created")}
    with lib.write() as db:
        db.execute("INSERT OR REPLACE INTO entity_corrections (id, op, data, created) VALUES (?, ?, ?, ?)",
                   [record["id"], record["op"], json.dumps(data, ensure_ascii=False), record.get("created") or now()])
        _refresh_all(lib, _affected(db, record))
    return int(record["id"])


def rename_entity(lib: Library, name: str, to: str, type: str | None = None) -> int:
    """Give an entity a new display name everywhere (the old one becomes an alias)."""
    return add_correction(lib, {"op": "rename", "name": name, "to": to.strip(), **({"type": type} if type else {})})


def retype_entity(lib: Library, name: str, to: str, type: str | None = None) -> int:
    """Change an entity's type (an OntoNotes label) everywhere."""
    return add_correction(lib, {"op": "retype", "name": name, "to": to, **({"type": type} if type else {})})


def merge_entities(lib: Library, names: list[str], into: str) -> int:
    """Make several entities one, named ``into``, everywhere."""
    return add_correction(lib, {"op": "merge", "names": list(names), "into": into})


def split_alias(lib: Library, name: str, alias: str, to: str | None = None, type: str | None = None) -> int:
    """Take one alias (and its mentions) out of an entity as an entity of its own, everywhere."""
    return add_correction(lib, {"op": "split", "name": name, "alias": alias,
                                **({"to": to} if to else {}), **({"type": type} if type else {})})


def hide_entity(lib: Library, name: str, type: str | None = None) -> int:
    """Stop showing an entity, everywhere (``remove_correction`` shows it again)."""
    return add_correction(lib, {"op": "hide", "name": name, **({"type": type} if type else {})})


def add_entity(lib: Library, name: str, type: str, article_id: int | None = None,
               mentions: Iterable[tuple[int, int, str]] = ()) -> int:
    """An entity the pipeline missed: found wherever its name occurs as whole words, in every
    article; ``mentions`` (spans of a selection in ``article_id``) count in that article too."""
    name = " ".join(name.split())
    data: dict = {"op": "add", "name": name, "type": type}
    spans = [{"start": s, "end": e, "text": t} for s, e, t in mentions]
    if spans and article_id is not None:
        data.update(article_id=article_id, mentions=spans)
    return add_correction(lib, data)


# -- across the library -----------------------------------------------------------------------

def articles_mentioning(lib: Library, name: str, type: str | None = None, exclude_id: int | None = None,
                        aliases: Iterable[str] = ()) -> list[dict]:
    """Other articles that name this entity (by its name or one of its aliases, same type when
    given): ``[{"id", "title", "name", "mentions", "first"}]``, most mentions first."""
    names = [name, *[a for a in aliases if a and a != name]]
    marks = ",".join("?" * len(names))
    sql = (f'SELECT e.article_id, a.title, e.name, e.mentions, e."first" FROM article_entities e '
           f"JOIN articles a ON a.id = e.article_id WHERE e.name IN ({marks})")
    params: list = list(names)
    if type:
        sql += " AND e.type = ?"
        params.append(type)
    if exclude_id is not None:
        sql += " AND e.article_id != ?"
        params.append(exclude_id)
    best: dict[int, dict] = {}
    for aid, title, ename, count, first in lib.conn.execute(sql, params).fetchall():
        seen = best.get(aid)
        if seen is None or (ename == name, count) > (seen["name"] == name, seen["mentions"]):
            best[aid] = {"id": aid, "title": title, "name": ename, "mentions": count, "first": first}
    return sorted(best.values(), key=lambda r: (-r["mentions"], r["title"], r["id"]))


def other_article_counts(lib: Library, entities: Iterable[Entity], exclude_id: int | None) -> dict[tuple[str, str], int]:
    """For each entity (name, type): in how many other articles it appears (by name or alias)."""
    entities = list(entities)
    forms: dict[str, list[tuple[str, str]]] = {}
    for e in entities:
        for form in {e.name, *e.aliases}:
            forms.setdefault(form, []).append((e.name, e.type))
    found: dict[tuple[str, str], set[int]] = {(e.name, e.type): set() for e in entities}
    names = list(forms)
    for i in range(0, len(names), 500):
        chunk = names[i:i + 500]
        marks = ",".join("?" * len(chunk))
        rows = lib.conn.execute(f"SELECT name, type, article_id FROM article_entities WHERE name IN ({marks}) "
                              "AND article_id != ?", [*chunk, -1 if exclude_id is None else exclude_id]).fetchall()
        for name, etype, aid in rows:
            for key in forms.get(name, ()):
                if key[1] == etype:
                    found[key].add(aid)
    return {key: len(ids) for key, ids in found.items()}


# -- highlights from mentions -------------------------------------------------------------------

def highlight_mentions(lib: Library, article_id: int, spans: Iterable[tuple[int, int]],
                       color: str | None = None) -> list[dict]:
    """Highlight every span (an entity's mentions) in one transaction, skipping spans already
    highlighted exactly; returns the new records (with ``article_id``), for undo."""
    from .highlights import add_highlight

    records = []
    with lib.write() as db:
        existing = {(s, e) for s, e in db.execute('SELECT start, "end" FROM highlights WHERE article_id = ?',
                                                   [article_id]).fetchall()}
        for start, end in sorted(set(spans)):
            if (start, end) in existing:
                continue
            record = add_highlight(lib, article_id, start, end, color)
            record["article_id"] = article_id
            records.append(record)
    return records


def remove_highlights(lib: Library, records: Iterable[dict]) -> None:
    """Undo ``highlight_mentions``: delete those highlights, in one transaction."""
    from .highlights import delete_highlight

    with lib.write():
        for record in records:
            try:
                delete_highlight(lib, int(record["id"]))
            except NotFound:
                continue


def restore_highlights(lib: Library, records: Iterable[dict]) -> None:
    """Redo ``highlight_mentions`` after an undo: the same highlights, same ids, one transaction."""
    from .highlights import restore_highlight

    with lib.write():
        for record in records:
            restore_highlight(lib, record)
