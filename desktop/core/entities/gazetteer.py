"""The gazetteer: countries, places, organisations, titles and given names from resources/.

Two strengths. *Strong* forms (the curated countries, places and organisations, and every country
name of ISO 3166-1) fix an entity's type and canonical name. *Weak* places (ISO 3166-2 subdivisions,
US counties, cities over 15,000 people: ``places-generated.tsv``, built by scripts/build-gazetteer)
are evidence for a place that other evidence can outweigh ("Jackson" the surname, "Reading" the
verb): see ``evidence``."""
from __future__ import annotations

import functools
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

_PENDING = threading.Lock()
GAZETTEER_DIR = Path(__file__).resolve().parents[3] / "resources" / "gazetteer"


# Latin letters with marks that do not decompose into a base letter and a combining mark.
_UNMARKED = str.maketrans("ŁłØøĐđĦħıŦŧ", "LlOoDdHhiTt")


def fold_marks(word: str) -> str:
    """The word without its letters' marks: "Ingrīda" -> "Ingrida", "Łukasz" -> "Lukasz"."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", word.translate(_UNMARKED))
                   if not unicodedata.combining(ch))


class GivenNames(frozenset):
    """The given names; a name written with marks the list has without them is one too
    ("Ingrīda", "Jiří" for "Ingrida", "Jiri")."""

    def __contains__(self, word: object) -> bool:
        if frozenset.__contains__(self, word):
            return True
        return isinstance(word, str) and not word.isascii() \
            and frozenset.__contains__(self, fold_marks(word))

    __hash__ = frozenset.__hash__


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
    weak: dict[str, frozenset[str]] = field(default_factory=dict)  # kind -> place names
    weak_names: dict[str, str] = field(default_factory=dict)  # weak form -> canonical, where it differs
    weak_pending: str = ""  # "form\tcanonical" lines not yet read into weak_names (read at first need)
    capitals: frozenset[str] = frozenset()  # national capitals, which often stand for a government

    def add(self, form: str, entry: Entry) -> None:
        """Register a surface form; the first registration of a form wins."""
        form = form.strip()
        if form and form not in self.forms:
            self.forms[form] = entry
            self.max_words = max(self.max_words, len(form.replace("-", " ").split()))

    def lookup(self, form: str) -> Entry | None:
        """The strong entry for a surface form, tolerating a leading "the"."""
        entry = self.forms.get(form)
        if entry is None and form[:4] in ("the ", "The "):
            entry = self.forms.get(form[4:])
        return entry

    def type_of(self, form: str) -> str:
        """The strong entry's type ("GPE", "ORG", "PRODUCT"...), or "" for a form not known."""
        entry = self.lookup(form)
        return entry.type if entry is not None else ""

    def is_place(self, form: str) -> bool:
        """A weak place, or a strong entry of a country, city or region (GPE)."""
        return bool(self.place(form)) or self.type_of(form) == "GPE"

    def place(self, form: str) -> tuple[str, str] | None:
        """(canonical name, kind) if the form is a weak place ("city", "subdivision", "county",
        "state"); an ALL-CAPS dateline ("OSLO") is looked up in title case."""
        if form.isupper() and len(form) > 3:
            form = form.title()
        for kind, names in self.weak.items():
            if form in names:
                if self.weak_pending:
                    with _PENDING:
                        if self.weak_pending:
                            self.weak_names.update(ln.split("\t")
                                                   for ln in self.weak_pending.split("\n") if ln)
                            self.weak_pending = ""
                return self.weak_names.get(form, form), kind
        return None


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
    curated: dict[str, str] = {}  # weak curated places: form -> canonical
    for file in ("places.tsv", "organisations.tsv"):
        for row in _rows(file):
            row += ["", ""]
            entry = Entry(row[0], row[1] or "GPE")
            if file == "places.tsv" and entry.type == "GPE":
                for form in (row[0], *_split(row[2])):
                    curated.setdefault(form, row[0])
                continue
            gaz.add(row[0], entry)
            for alias in _split(row[2]):
                gaz.add(alias, entry)
    _generated(gaz)
    gaz.weak["curated"] = frozenset(f for f in curated if f not in gaz.forms)
    gaz.weak_names.update((f, c) for f, c in curated.items() if f != c)
    titles = [r[0] for r in _rows("titles.txt")]
    gaz.titles = frozenset(titles) | frozenset(t.rstrip(".") for t in titles)
    names = _lines("given-names.txt") or [r[0] for r in _rows("given_names.txt")]
    gaz.given_names = GivenNames(names)
    return gaz


def _lines(name: str) -> list[str]:
    path = GAZETTEER_DIR / name
    if not path.exists():
        return []
    return [ln for ln in path.read_text(encoding="utf-8").split("\n") if ln and ln[0] != "#"]


def _generated(gaz: Gazetteer) -> None:
    """The sections of places-generated.tsv: countries become strong forms (after the curated
    files, whose canonical names win), the rest weak places. Kept to whole-string operations and
    set building (~10 ms for 43,000 names here), since it loads with the first extraction."""
    path = GAZETTEER_DIR / "places-generated.tsv"
    if not path.exists():
        return
    for section in path.read_text(encoding="utf-8").split("\n## ")[1:]:
        kind, _, body = section.partition("\n")
        lines = body.split("\n")
        if kind == "country":
            for line in lines:
                if line:
                    form, _, canonical = line.partition("\t")
                    gaz.add(form, Entry(canonical or form, "GPE"))
        elif kind == "canonical":
            gaz.weak_pending = body
        elif kind == "capital":  # not a kind of place of its own: the capitals are cities too
            gaz.capitals = frozenset(ln for ln in lines if ln)
        else:
            gaz.weak[kind] = frozenset(lines)
