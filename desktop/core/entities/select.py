"""Choose the spans: every candidate cleaned and checked, model pieces joined, one non-overlapping
set kept (higher tier, then longer, wins), each span with the model's label for it."""
from __future__ import annotations

import bisect
import functools
import re
from operator import attrgetter

from . import evidence
from .candidates import GAZETTEER, STATISTICAL, STRONG, Candidate
from .clean import clean, junk, split_span
from .gazetteer import Gazetteer
from .lexicon import PARTICLES

_SOURCE_ORDER = {"acronym": 0, "title": 1, "head": 2, "gazetteer": 3, "spacy": 4}


def _model_spans(cands: list[Candidate]) -> dict[tuple[int, int], str]:
    return {(c.start, c.end): c.label for c in cands if c.source == "spacy" and c.label}


class _Spans:
    """The model's spans, sorted, to find those overlapping a range without scanning them all."""

    def __init__(self, spans: list[Candidate]) -> None:
        self.spans = sorted(spans, key=attrgetter("start", "end"))
        self.starts = [m.start for m in self.spans]
        self.longest = max((m.end - m.start for m in self.spans), default=0)

    def overlapping(self, start: int, end: int) -> list[Candidate]:
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.spans[lo:hi] if m.end > start]


def _overrides_model(text: str, c: Candidate, model: "_Spans", gaz: Gazetteer) -> bool:
    """Whether a rule's span may replace the model spans it overlaps with another label: a title
    rule needs a person's name after the title ("Secretary ... Marvin Sambur", not "General
    Assembly" in "UN General Assembly"); a known name of several words, not to be inside a longer
    model span ("Red Cross" in "the American Red Cross")."""
    if c.source == "gazetteer" and c.tier == STRONG:
        if any(m.start <= c.start and c.end <= m.end and (m.end - m.start) > (c.end - c.start)
               for m in model.overlapping(c.start, c.end)):
            c.tier = GAZETTEER
        return True
    if c.source != "title":
        return True
    title_start = _title_before(text, c.start, gaz)
    clash = [m for m in model.overlapping(c.start, c.end) if m.label != "PERSON"
             and (m.start < c.start or m.end > c.end)
             and not (title_start is not None and m.end <= c.end
                      and (title_start <= m.start or _affiliation(text[m.start:title_start], gaz)))]
    return not clash or evidence.person_name(text[c.start:c.end], gaz)


def _affiliation(prefix: str, gaz: Gazetteer) -> bool:
    """Whether what stands before a title is only a country or nationality: "Kazakh" in "Kazakh
    President Kassym-Jomart Tokayev", "the French" in "the French Foreign Minister X"."""
    prefix = prefix.strip()
    if prefix[:4] in ("the ", "The "):
        prefix = prefix[4:]
    entry = gaz.lookup(prefix)
    return bool(prefix) and entry is not None and entry.type in ("NORP", "GPE")


def _given_name_before_model(text: str, c: Candidate, model: "_Spans", gaz: Gazetteer) -> bool:
    """A rules' person ("Erling Haaland") whose first word is a known given name, of which the
    model tagged only a piece, not as a person ("Haaland" a place, "Novak" of "Novak Djokovic"
    an organisation), or a person only up to a particle ("Erik" of "Erik ten Hag") or in part after
    a person's role ("illustrator Johnnie Christmas", "singer-songwriter Carly Simon"): the person's
    span is the better. So is one followed by what only a person is, whatever its first word
    ("Valeska Paris, an Australian woman": the model's two places)."""
    inside = model.overlapping(c.start, c.end)
    words = text[c.start:c.end].split()
    particle = any(w in PARTICLES for w in words[1:-1])  # "Erik ten Hag": the model stopped at "ten"
    role = bool(evidence.ROLE_RIGHT_BEFORE.search(text, max(0, c.start - 40), c.start))
    return (words[0] in gaz.given_names and c.source == "person" or evidence.person_apposition(text, c.start, c.end)) \
        and _pieces_only(c, inside, lambda m: m.label != "PERSON" or particle or role)


def _body_before_model(text: str, c: Candidate, model: "_Spans") -> bool:
    """A rules' name right after a kind of firm ("drugmakers Bavarian Nordic and Moderna"), of which
    the model tagged only pieces, none as a body ("Bavarian" a people): the firm's span is the better."""
    return " " in text[c.start:c.end] and evidence.body_before(text, c.start) \
        and _pieces_only(c, model.overlapping(c.start, c.end), lambda m: m.label != "ORG")


def _pieces_only(c: Candidate, inside: list[Candidate], allowed) -> bool:
    """Whether the model's spans overlapping a rules' name are all pieces strictly inside it, each
    one ``allowed`` (and there is at least one)."""
    return bool(inside) and all(c.start <= m.start and m.end <= c.end and (m.start, m.end) != (c.start, c.end)
                                and allowed(m) for m in inside)


@functools.lru_cache(maxsize=4)
def _title_words(titles: frozenset[str]) -> dict[str, list[tuple[str, int]]]:
    """Each word of a title of several words -> (title, the word's offset in it)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for title in titles:
        if " " in title:
            for m in re.finditer(r"\S+", title):
                out.setdefault(m.group(), []).append((title, m.start()))
    return out


def _inside_title(text: str, c: Candidate, gaz: Gazetteer) -> bool:
    """A model span that is a word of a title before a name: "State" of "US Secretary of State
    Antony Blinken", "Foreign" of "Minister for Foreign Affairs Penny Wong"."""
    span = text[c.start:c.end]
    for title, offset in _title_words(gaz.titles).get(span, ()):
        at = c.start - offset
        if at >= 0 and text.startswith(title, at) and re.match(r" [A-Z]", text[at + len(title):at + len(title) + 2]):
            return True
    return False


def _title_before(text: str, start: int, gaz: Gazetteer) -> int | None:
    """Where the title right before a name starts ("Secretary of State" before "Blackwell")."""
    words = list(re.finditer(r"\S+", text[max(0, start - 40):start]))
    for n in (4, 3, 2, 1):
        if len(words) >= n and " ".join(w.group() for w in words[-n:]) in gaz.titles:
            return max(0, start - 40) + words[-n].start()
    return None


def _join_models(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Pieces the model tagged apart that are one name: a maker and a model number ("Boeing" +
    "767": a product), two person spans a space apart ("Paulo Brizola" + "Nunes")."""
    by_end = {c.end: c for c in cands if c.source == "spacy"}
    people = {text[c.start:c.end] for c in cands if c.source == "spacy" and c.label == "PERSON"}
    out: list[Candidate] = []
    for c in cands:
        left = by_end.get(c.start - 1) if c.source == "spacy" and text[c.start - 1:c.start] == " " \
            else None
        if left and left.label == "ORG" and c.label == "PRODUCT" and text[c.start:c.end][:1].isdigit():
            out.append(Candidate(left.start, c.end, "PRODUCT", c.tier, "spacy"))
        elif left and left.label == c.label == "PERSON":
            out.append(Candidate(left.start, c.end, "PERSON", c.tier, "spacy"))
        else:
            more = re.match(r" ([A-Z][\w’'-]+)\b", text[c.end:c.end + 40]) \
                if c.source == "spacy" and c.label == "PERSON" else None
            if more and more.group(1) in people:  # "Paulo Brizola" + "Nunes" ("Mr. Nunes" later)
                c = Candidate(c.start, c.end + more.end(), "PERSON", c.tier, "spacy")
            out.append(c)
    return out


def select(text: str, cands: list[Candidate], gaz: Gazetteer) -> list[Candidate]:
    """Clean the candidates and keep a non-overlapping set: higher tier, then longer, wins; each
    kept span carries the model's label for the same span (``model``), if it tagged one."""
    cands = _join_models(text, cands)
    cleaned = [c for raw in cands for part in split_span(text, raw, gaz)
               if (c := clean(text, part, gaz)) is not None and not junk(text, c)]
    model = _Spans([c for c in cleaned if c.source == "spacy"])
    labels = _model_spans(cleaned)
    cleaned = [c for c in cleaned if c.source == "spacy" and not _inside_title(text, c, gaz)
               or c.source != "spacy" and _overrides_model(text, c, model, gaz)]
    for c in cleaned:
        if c.source in ("person", "unknown") and c.tier < STATISTICAL and _given_name_before_model(text, c, model, gaz):
            c.tier, c.label = STATISTICAL, "PERSON"  # and longer than the model's piece, so it is taken first
        elif c.source == "unknown" and c.tier < STATISTICAL and _body_before_model(text, c, model):
            c.tier, c.label = STATISTICAL, "ORG"
    cleaned.sort(key=lambda c: (-c.tier, -(c.end - c.start), _SOURCE_ORDER.get(c.source, 9),
                                c.start))
    taken: list[Candidate] = []
    occupied = bytearray(len(text) + 1)
    for c in cleaned:
        if not any(occupied[c.start:c.end]):
            c.model = labels.get((c.start, c.end))
            taken.append(c)
            occupied[c.start:c.end] = b"\1" * (c.end - c.start)
    taken.sort(key=lambda c: c.start)
    return taken
