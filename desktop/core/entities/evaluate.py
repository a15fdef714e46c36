"""Score the pipeline against the gold lists: `python -m desktop.core.entities.evaluate`."""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from . import spacy_ner
from .model import KEPT_TYPES, Entity
from .pipeline import extract, paragraphs

ROOT = Path(__file__).resolve().parents[3]
GOLD_DIR = ROOT / "tests" / "core" / "entities_gold"
_METADATA_LABELS = ("Source", "Editor", "Time", "Author", "Published")
_FURNITURE = ("Related News", "back", "")


def sample_body(path: Path) -> str:
    """The body of a China Military Online page saved as text: paragraphs and headings joined by
    "\\n", without the title, the Source/Editor/Time block, the byline or the trailing links.
    (Stands in for desktop.core.importers until it can be used here.)"""
    lines = [ln.replace("\xa0", " ").strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln]
    body = lines[1:]
    while len(body) > 1 and body[0] in _METADATA_LABELS:
        body = body[2:]
    if body and body[0].startswith("By "):
        body = body[1:]
    while body and body[-1] in _FURNITURE:
        body = body[:-1]
    return "\n".join(body)


def article_text(path: Path) -> str:
    """The canonical text the importer stores for the file (our own reading if it can't)."""
    try:
        from desktop.core.importers import load

        return load(path).text
    except Exception:  # importer missing or failing: the same rules, done here
        return sample_body(path)


@dataclass
class Gold:
    """One gold text: its body and the entities a careful reader lists."""

    name: str
    text: str
    entities: list[dict]


def load_gold(directory: Path = GOLD_DIR) -> list[Gold]:
    """Every *.yaml gold file in the directory, with its text."""
    import yaml

    out = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("body") == "sample":
            text = article_text(ROOT / data["source"])
        else:
            text = (directory / data["source"]).read_text(encoding="utf-8")
        out.append(Gold(path.stem, text, data["entities"]))
    return out


def prf(predicted: set, gold: set) -> tuple[float, float, float]:
    """Precision, recall and F1 of two sets."""
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(gold) if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def gold_keys(gold: Gold) -> set[tuple[str, str]]:
    return {(str(e["name"]), e["type"]) for e in gold.entities}


def entity_keys(entities: list[Entity]) -> set[tuple[str, str]]:
    return {(e.name, e.type) for e in entities}


def raw_spacy_keys(text: str) -> set[tuple[str, str]]:
    """spaCy's own output, unprocessed: each distinct (entity text, label) over the paragraphs."""
    return {(para[s:e], label) for (_, para), spans in
            zip(paragraphs(text), spacy_ner.tag([p for _, p in paragraphs(text)]))
            for s, e, label in spans}


def table(golds: list[Gold]) -> list[dict]:
    """One row per text and mode: P, R, F1 and, where spaCy is installed, raw spaCy's P, R, F1."""
    rows = []
    have_spacy = spacy_ner.available()
    for gold in golds:
        keys = gold_keys(gold)
        raw_keys = raw_spacy_keys(gold.text) if have_spacy else set()
        raw = prf(raw_keys, keys) if have_spacy else None
        named = prf({k for k in raw_keys if k[1] in KEPT_TYPES}, keys) if have_spacy else None
        for mode in (("spacy", "rules") if have_spacy else ("rules",)):
            result = extract(gold.text, mode=mode)
            predicted = entity_keys(result.entities)
            rows.append({"text": gold.name, "mode": mode, "prf": prf(predicted, keys), "raw": raw,
                         "raw_named": named,
                         "missed": sorted(keys - predicted), "extra": sorted(predicted - keys)})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    args = parser.parse_args(argv)
    print("Entity-level scores (canonical name + type) against tests/core/entities_gold; raw =")
    print("spaCy's own entities (distinct text + label, all labels); rawN = raw, named types only.")
    rows = table(load_gold())
    print(f"{'text':28} {'mode':6} {'P':>6} {'R':>6} {'F1':>6}   {'raw P':>6} {'raw R':>6} "
          f"{'raw F1':>6}   {'rawN F1':>7}")
    for row in rows:
        raw = " ".join(f"{x:6.3f}" for x in row["raw"]) if row["raw"] else "     -      -      -"
        named = f"{row['raw_named'][2]:7.3f}" if row["raw_named"] else "      -"
        print(f"{row['text']:28} {row['mode']:6} " + " ".join(f"{x:6.3f}" for x in row["prf"])
              + f"   {raw}   {named}")
        if args.verbose:
            for key in row["missed"]:
                print(f"    missed {key}")
            for key in row["extra"]:
                print(f"    extra  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
