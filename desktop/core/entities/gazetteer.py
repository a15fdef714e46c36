"""The gazetteer: countries, places, organisations, titles and given names from resources/."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

GAZETTEER_DIR = Path(__file__).resolve().parents[3] / "resources" / "gazetteer"


@dataclass(frozen=True)
class Entry:
    """What a surface form stands for: the canonical name and its OntoNotes type."""

    name: str
    type: str


@dataclass
class Gazetteer:
    """Surface form -> Entry lookups (case-sensitive), plus titles and given names."""

    forms: dict[str, Entry] = field(default_factory=dict)
    titles: frozenset[str] = frozenset()
    given_names: frozenset[str] = frozenset()
    max_words: int = 1

    def add(self, form: str, entry: Entry) -> None:
        """Register a surface form; the first registration of a form wins."""
        form = form.strip()
        if form and form not in self.forms:
            self.forms[form] = entry
            self.max_words = max(self.max_words, len(form.replace("-", " ").split()))

    def lookup(self, form: str) -> Entry | None:
        """The entry for a surface form, tolerating a leading "the" and ALL-CAPS headlines."""
        entry = self.forms.get(form)
        if entry is None and form[:4] in ("the ", "The "):
            entry = self.forms.get(form[4:])
        return entry


def _rows(name: str) -> list[list[str]]:
    path = GAZETTEER_DIR / name
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([c.strip() for c in line.split("\t")])
    return rows


def _split(cell: str) -> list[str]:
    return [a.strip() for a in cell.split(";") if a.strip()]


@functools.lru_cache(maxsize=1)
def load() -> Gazetteer:
    """Load (once) every gazetteer file; missing files just give a smaller gazetteer."""
    gaz = Gazetteer()
    for row in _rows("countries.tsv"):
        row += ["", ""]
        country = Entry(row[0], "GPE")
        gaz.add(row[0], country)
        for alias in _split(row[1]):
            gaz.add(alias, country)
        demonyms = _split(row[2])
        if demonyms:
            norp = Entry(demonyms[0], "NORP")
            for demonym in demonyms:
                gaz.add(demonym, norp)
    for file in ("places.tsv", "organisations.tsv"):
        for row in _rows(file):
            row += ["", ""]
            entry = Entry(row[0], row[1] or "GPE")
            gaz.add(row[0], entry)
            for alias in _split(row[2]):
                gaz.add(alias, entry)
    titles = [r[0] for r in _rows("titles.txt")]
    gaz.titles = frozenset(titles) | frozenset(t.rstrip(".") for t in titles)
    gaz.given_names = frozenset(r[0] for r in _rows("given_names.txt"))
    return gaz
