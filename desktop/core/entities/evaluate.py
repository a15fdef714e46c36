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


SPLITS = ("sample", "composed", "dev", "heldout")


@dataclass
class Gold:
    """One gold text: its body, the entities a careful reader lists, and its split ("sample",
    "composed": written by the team; "dev": real articles rules are developed on; "heldout": real
    articles scored but never tuned on)."""

    name: str
    text: str
    entities: list[dict]
    split: str = "composed"


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
        out.append(Gold(path.stem, text, data["entities"], data.get("split", "composed")))
    return out


def prf(predicted: set, gold: set) -> tuple[float, float, float]:
    """Precision, recall and F1 of two sets."""
    return prf_counts(len(predicted & gold), len(predicted), len(gold))


def prf_counts(tp: int, n_predicted: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (micro scores add the counts of several texts)."""
    p = tp / n_predicted if n_predicted else 1.0
    r = tp / n_gold if n_gold else 1.0
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


def _counts(predicted: set, gold: set) -> tuple[int, int, int]:
    return len(predicted & gold), len(predicted), len(gold)


def table(golds: list[Gold]) -> list[dict]:
    """One row per text and mode ("spacy", "rules", and "raw": spaCy's own entities of the named
    types, unprocessed): P, R, F1, the counts behind them, what was missed and what was extra."""
    rows = []
    have_spacy = spacy_ner.available()
    for gold in golds:
        keys = gold_keys(gold)
        found: dict[str, set] = {}
        if have_spacy:
            found["raw"] = {k for k in raw_spacy_keys(gold.text) if k[1] in KEPT_TYPES}
        for mode in (("spacy", "rules") if have_spacy else ("rules",)):
            found[mode] = entity_keys(extract(gold.text, mode=mode).entities)
        for mode, predicted in found.items():
            rows.append({"text": gold.name, "split": gold.split, "mode": mode,
                         "prf": prf(predicted, keys), "counts": _counts(predicted, keys),
                         "missed": sorted(keys - predicted), "extra": sorted(predicted - keys)})
    return rows


def micro(rows: list[dict]) -> dict[tuple[str, str], tuple[float, float, float, int]]:
    """(split, mode) -> micro P, R, F1 over the split's texts, and the number of gold entities."""
    sums: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        acc = sums.setdefault((row["split"], row["mode"]), [0, 0, 0])
        for i, n in enumerate(row["counts"]):
            acc[i] += n
    return {key: (*prf_counts(*acc), acc[2]) for key, acc in sums.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    parser.add_argument("--split", choices=SPLITS, action="append",
                        help="only texts of this split (repeatable)")
    args = parser.parse_args(argv)
    golds = [g for g in load_gold() if not args.split or g.split in args.split]
    print("Entity-level scores (canonical name + type) against tests/core/entities_gold; modes:")
    print("spacy = pipeline with the model, rules = pipeline without it, raw = spaCy's own named entities.")
    rows = table(golds)
    print(f"{'text':28} {'split':9} {'mode':6} {'P':>6} {'R':>6} {'F1':>6}")
    for row in rows:
        print(f"{row['text']:28} {row['split']:9} {row['mode']:6} "
              + " ".join(f"{x:6.3f}" for x in row["prf"]))
        if args.verbose and row["mode"] != "raw":
            for key in row["missed"]:
                print(f"    missed {key}")
            for key in row["extra"]:
                print(f"    extra  {key}")
    print()
    print(f"micro, by split{'':14}{'mode':6} {'P':>6} {'R':>6} {'F1':>6}  gold")
    for (split, mode), (p, r, f1, n) in sorted(micro(rows).items(),
                                               key=lambda kv: (SPLITS.index(kv[0][0]), kv[0][1])):
        print(f"{split:28} {'':9} {mode:6} {p:6.3f} {r:6.3f} {f1:6.3f}  {n:4d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
