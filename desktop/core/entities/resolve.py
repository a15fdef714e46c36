"""Turn candidate spans into canonical entities: choose spans, name them, link, group, type."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from . import dates, evidence
from .candidates import ACRONYM, STATISTICAL, UNKNOWN, Candidate
from .gazetteer import Entry, Gazetteer
from .lexicon import FAC_HEADS, ORG_HEADS, TERM_INITIALISMS

HEAD_WORDS = ORG_HEADS | FAC_HEADS
from .model import KEPT_TYPES, Entity, Mention
from .names import nearest, org_key, short_forms, surnames, tails as find_tails
from .rules import GAMES_EDITION
from .select import select

# Words after a company's name that name the same company ("SoftBank Group", "Arm Holdings").
_CORPORATE = frozenset("""Group Holdings Holding Corp Corporation Inc Ltd plc Co Company Limited
Technologies Technology International Industries AG SA SE NV""".split())
# A head word alone that the text gives no longer name for ("the Administration said").
_GENERIC_BODIES = frozenset("""Administration Commission Department Ministry Committee Agency Board
Office Government Authority Bureau Panel Secretariat Directorate Division Unit Olympic Paralympic State
Formula""".split())
# A country's combining form and another people: "Sino-Japanese", "Franco-German" (relations).
_BETWEEN_PEOPLES = re.compile(r"(?:Sino|Franco|Anglo|Russo|Italo|Greco|Nippo|Austro|Germano|Hispano)-"
                              r"([A-Z][a-z]+)")
_INITIALISM = re.compile(r"[A-Z]{3,5}")
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")  # "Pope Benedict XVI", "Chanology XVII"
_ABBREVIATION = re.compile(r"^(?:[A-Z][A-Z0-9&]{1,7}|(?:[A-Z]\.){2,}|[A-Z]\.[A-Z])$")


_COMPASS_NAME = re.compile(r"(?:North|South|East|West)\s+([A-Z][a-z]+)")


def _compass_halves(surfaces: set[str], gaz: Gazetteer) -> dict[str, Entry]:
    """"Korea" -> South Korea where the text names South Korea and no other country or state of
    "<compass> Korea": the part a text of one half calls it by; only for a word that is no known
    country itself ("Sudan" beside "South Sudan" is another)."""
    found: dict[str, set[str]] = {}
    for surface in surfaces:
        entry = gaz.lookup(surface)
        m = _COMPASS_NAME.fullmatch(entry.name) if entry is not None and entry.type == "GPE" else None
        if m:
            found.setdefault(m.group(1), set()).add(entry.name)
    return {word: gaz.lookup(next(iter(full))) for word, full in found.items()
            if len(full) == 1 and word in surfaces and gaz.lookup(word) is None}


_STATE_OF = re.compile(r"(?:[Tt]he )?(?:State|Province|Commonwealth) of ([A-Z][\w .'-]+)")


def _state_entry(name: str, gaz: Gazetteer) -> Entry | None:
    """The state or province a "State of X" names, if X is known as one (not "State of Emergency"
    nor "Province of Livorno" when the gazetteer knows no such place)."""
    entry = gaz.lookup(name)
    if entry is not None:
        return entry if entry.type == "GPE" else None
    place = gaz.place(name)
    return Entry(place[0], "GPE") if place and place[1] in ("state", "subdivision") else None


_AMOUNT_BEFORE = re.compile(r"(?:\d|\b(?:million|billion|trillion|thousand|hundred))\s+$")
_CURRENCY_AFTER = re.compile(r"\s+(?:kronor|krona|kroner|krone|francs?|dollars?|pounds?|yen|yuan|"
                             r"rupees?|pesos?|reais|real|rand|won|euros?|lire|lira|marks?|roubles?|"
                             r"rubles?|shillings?|dinars?|dirhams?|riyals?|baht|ringgit|zloty)\b",
                             re.IGNORECASE)


def _in_amount(text: str, c: Candidate, gaz: Gazetteer) -> bool:
    """A nationality inside an amount of money: "10 million Swedish Kronor", "500 Hong Kong dollars"
    name a currency, no people (a number before, a currency's name after)."""
    if c.label != "NORP" and gaz.type_of(text[c.start:c.end]) != "NORP":
        return False
    return bool(_AMOUNT_BEFORE.search(text, max(0, c.start - 12), c.start)
                and _CURRENCY_AFTER.match(text, c.end))


# A person named in full elsewhere has a spokesman too, as a body has: "Gregoire's spokesman".
_SPOKESPERSON_AFTER = re.compile(r"['’]s\s+spokes(?:man|woman|person)\b")
# Offices named by a field and this word ("Justice Commissioner", "Health Secretary").
_OFFICE_WORDS = frozenset(("Commissioner", "Commissioners", "Secretary", "Secretaries", "Minister",
                           "Ministers", "Spokesman", "Spokeswoman", "Spokesperson"))
_NEXT_WORD_AFTER = re.compile(r"\s+(\S+)")


def _office(text: str, c: Candidate, name: str, gaz: Gazetteer) -> bool:
    """Whether the name is an office with no one's name after it: "the Justice Commissioner
    position", or its field alone before the office word, "the Trade Commissioner resigned" (not a
    known name or place, nor one whose words start with a given name)."""
    words = name.split()
    if gaz.lookup(name) or gaz.place(name) or words[0] in gaz.given_names \
            or words[0] in evidence.PARTY_WORDS:  # "the Labour Minister": the party's, maybe
        return False
    if len(words) in (2, 3) and words[-1] in _OFFICE_WORDS:
        end = c.end
    elif len(words) == 1 and (nxt := _NEXT_WORD_AFTER.match(text, c.end)) \
            and nxt.group(1) in _OFFICE_WORDS and not gaz.type_of(name):
        end = nxt.end()
    else:
        return False
    after = _NEXT_WORD_AFTER.match(text, end)
    return not (after and after.group(1)[:1].isupper())


# Bodies named alone before their officers' titles: "Senate Majority Leader Chuck Schumer".
_CHAMBERS = frozenset(("Senate", "Congress", "Parliament", "Bundestag", "Duma", "Knesset", "Politburo"))


def _before_title(text: str, end: int, gaz: Gazetteer) -> bool:
    """Whether a title and a name follow: "Commerce" in "Commerce Secretary Gina Raimondo"."""
    words = text[end:end + 40].split()[:4]
    return any(" ".join(words[:n]) in gaz.titles and words[n][:1].isupper()
               for n in (1, 2, 3) if len(words) > n)


def build(text: str, cands: list[Candidate], gaz: Gazetteer, acronyms: dict[str, str],
          vetoed: set[str], lower: set[str] | None = None, statistical: bool = True) -> list[Entity]:
    """The entities named in `text`, from every candidate (spaCy's and the rules'), given the
    acronyms the text defines (ACR -> long form) and those it defines as mere terms; `lower` is
    the text's lowercase vocabulary, `statistical` whether the model's candidates are among them."""
    chosen = select(text, cands, gaz)
    lasts = {text[c.start:c.end].rsplit(" ", 1)[-1] for c in chosen if " " in text[c.start:c.end]}
    chosen = [c for c in chosen if text[c.start:c.end] not in vetoed
              and not _common_word(text, c, gaz, lower, lasts) and not _in_amount(text, c, gaz)]
    terms = _lowercase_initials(text, {text[c.start:c.end] for c in chosen}, acronyms, gaz)
    chosen = [c for c in chosen if text[c.start:c.end] not in terms]
    surfaces = {text[c.start:c.end] for c in chosen}
    halves = _compass_halves(surfaces, gaz)
    listed = evidence.list_cues(text, [(c.start, c.end, c.model or c.label) for c in chosen
                                       if c.model or c.label])
    # (candidate, grouping key, label, fixed, gazetteer canonical name or None)
    named: list[tuple[Candidate, str, str | None, bool, str | None]] = []
    for c in chosen:
        surface = text[c.start:c.end]
        if surface in acronyms:  # its type comes from the long form's mentions
            surface = acronyms[surface]
            c = Candidate(c.start, c.end, None, c.tier, "acronym", c.name, c.model)
        entry = gaz.lookup(surface)
        if entry is None and "-" in surface and surface.replace("-", " ").istitle():
            entry = gaz.lookup(surface.replace("-", " "))  # "Latin-American": "Latin American"
        if entry is None and (state := _STATE_OF.fullmatch(surface)):
            entry = _state_entry(state.group(1), gaz)  # "the State of Texas": Texas
        if entry is None and surface in halves:
            entry = halves[surface]  # "Brazil and Korea" in a story of South Korea
        if entry:
            named.append((c, entry.name, entry.type, True, entry.name))
        elif c.name:
            named.append((c, c.name, c.label, True, c.name))
        else:
            key = org_key(surface, surfaces)
            if key != surface:
                c = Candidate(c.start, c.end, "ORG", max(c.tier, STATISTICAL), "head", None, c.model)
            first, _, rest = key.partition(" ")
            known = gaz.lookup(first) if rest and all(w in _CORPORATE for w in rest.split()) else None
            if known and known.type == "ORG":  # "SoftBank Group", "Arm Holdings": the company known
                named.append((c, known.name, "ORG", True, known.name))
                continue
            named.append((c, key, c.label, False, None))
    shorts = short_forms([n for c, n, label, fixed, _ in named
                           if label in ("ORG", None, "FAC", "EVENT") or c.source == "acronym"
                           or label == "PERSON" and not fixed and n.split()[0] not in gaz.given_names])
    # (a model's "person" that starts with no given name may be a company the text shortens:
    # "Electronic Arts" ... "EA shares")
    first_seen: dict[str, int] = {}
    for c, n, *_ in named:
        first_seen.setdefault(n, c.start)
    persons = _persons(text, named, gaz, lower, statistical, listed)
    surname_of: dict[str, list[str]] = defaultdict(list)
    for person in persons:
        for form in surnames(person, gaz):
            surname_of[form.lower()].append(person)
    for form, person in (_family_names_first(named, persons, gaz) | _given_names_alone(text, named, persons, gaz)).items():
        if form.lower() not in surname_of:
            surname_of[form.lower()].append(person)
    tails = find_tails(named, gaz, set(acronyms.values()))
    linkable = {n for c, n, label, fixed, _ in named if n in tails and not fixed and (
        label != "PERSON" or "ORG" in evidence.cues(text, c.start, c.end))}
    org_heads: dict[str, set[str]] = defaultdict(set)
    for _, n, label, _, _ in named:
        if label == "ORG" and len(n.split()) > 1 and n.split()[-1] in ORG_HEADS:
            org_heads[n.split()[-1]].add(n)
    bare_of = _bare_names(named)
    first_of = _first_words(named, gaz)
    renamed = _renderings(text, named)
    known_as = _known_as(text, named)
    games = _games_editions(named)
    headed = _first_and_head(named)
    groups: dict[str, list[tuple[Candidate, str | None, bool]]] = defaultdict(list)
    canonical: dict[str, str] = {}
    unknown: dict[str, list[tuple[Candidate, str | None, bool]]] = defaultdict(list)
    for c, name, label, fixed, gaz_name in named:
        key, given = name.lower(), name
        surface = text[c.start:c.end]
        linked = True
        if key in surname_of and (not fixed or label == "ORG") \
                and ("ORG" not in evidence.cues(text, c.start, c.end)
                     or _SPOKESPERSON_AFTER.match(text, c.end)):  # "Gregoire's spokesman said"
            name, label, fixed = nearest(surname_of[key], first_seen, c.start), "PERSON", True
        elif not fixed and label in (None, "ORG") and len(org_heads.get(name, ())) == 1:
            name, label, fixed = next(iter(org_heads[name])), "ORG", True
        elif not fixed and label == "ORG" and name in first_of \
                and first_seen[first_of[name]] < first_seen[name]:
            name, label = first_of[name], None  # "Tottenham coach" after "Tottenham Hotspur"
        elif not fixed and label != "PERSON" and name in bare_of and not gaz.place(name) \
                and first_seen[bare_of[name]] < first_seen[name]:  # a short form refers back
            name, label = bare_of[name], None  # "Yasukuni" for the "Yasukuni Shrine" named before
        elif not fixed and name in renamed and label != "PERSON":
            name, label = renamed[name], None  # "Masjid Al-Haram (Grand Mosque)": one mosque
        elif name in linkable:
            name = tails[name]
        elif not fixed and name in shorts and name not in acronyms:
            name, label = shorts[name], None
        else:
            linked = False
        if name in known_as:  # "Luiz da Costa (also known as Fernando Beira-Mar)": one man
            name, label, fixed, linked = known_as[name], "PERSON", True, True
        elif name in games and not gaz_name:  # "the Paralympics" after "the 2014 Winter Paralympics"
            name, label, fixed, linked = games[name], "EVENT", True, True
        elif " " not in name and (noun := _LOWER_NOUN_AFTER.match(text, c.end)) \
                and (longer := headed.get((name, noun.group(1)))) and first_seen[longer] < c.start:
            name, label, fixed, linked = longer, None, False, True  # "the Rockville court" after
            # "Rockville Superior Court": that court, no place of its own
        if label is None and c.tier == UNKNOWN and c.model is None and name not in acronyms.values() \
                and not linked:
            unknown[name].append((c, label, fixed))  # counts only with other evidence (cues)
            continue
        if not fixed and " " not in name and not _ABBREVIATION.match(surface) and name not in _CHAMBERS \
                and not (c.model in ("GPE", "LOC", "NORP") and gaz.place(surface)) \
                and _before_title(text, c.end, gaz):
            continue  # "Commerce" in "Commerce Secretary Gina Raimondo"; not "Ohio" in "Ohio Secretary"
        if not fixed and label in (None, "ORG") and _office(text, c, name, gaz):
            continue  # "the Justice Commissioner position", "the Trade Commissioner resigned"
        if gaz_name and name == given:
            canonical[name] = gaz_name
        groups[name].append((c, label, fixed))
    for name, items in unknown.items():
        groups[name].extend(items)
    return _group(text, groups, acronyms, gaz, lower, canonical, statistical, listed)


def _lowercase_initials(text: str, surfaces: set[str], acronyms: dict[str, str],
                        gaz: Gazetteer) -> set[str]:
    """Capital initials the text spells out in lowercase words, so a term, not a name: "AI" where
    it says "artificial intelligence", "PM" beside "prime minister" (not a defined acronym or a
    known name: "US", "NATO").

    One scan of the text for all of them (a scan of a megabyte costs ~20 ms, and a long text has
    dozens): at each word's start, the first letter picks the surfaces to try, the longest first.
    Where two match at one place only the first is seen, and that is only so for a surface that
    begins a longer one ("ST" of "STV"): those not found are looked for alone."""
    asked = sorted((s for s in surfaces if 2 <= len(s) <= 5 and s.isalpha() and s.isupper()
                    and s not in acronyms and not gaz.lookup(s)), key=lambda s: (-len(s), s))
    if not asked:
        return set()

    def spelled(letters: str) -> str:
        return r"[ -]".join(rf"{ch.lower()}[a-z]+" for ch in letters) + r"(?![\w-])"

    by_first: dict[str, list[str]] = defaultdict(list)
    for i, surface in enumerate(asked):
        by_first[surface[0]].append(spelled(surface[1:]) + f"(?P<s{i}>)")
    scan = re.compile(r"(?<![\w-])(?=" + "|".join(
        rf"{first.lower()}[a-z]+[ -](?:{'|'.join(rests)})" for first, rests in by_first.items()) + ")")
    out = {asked[int(m.lastgroup[1:])] for m in scan.finditer(text)}
    for surface in asked:
        if surface not in out and any(o != surface and o.startswith(surface) for o in asked) \
                and re.search(r"(?<![\w-])" + spelled(surface), text):
            out.add(surface)
    return out


def _family_names_first(named: list, persons: list[str], gaz: Gazetteer) -> dict[str, str]:
    """First words that stand for a person named in full, the family name first: "Wang" of
    "Wang Yi" (a given name to the name list), when the text uses that word alone and never the
    last one ("Wang said", no "Yi"), and the model never calls it a body or a place alone."""
    two = {p: p.split() for p in persons if len(p.split()) == 2}
    if not two:
        return {}
    alone: Counter = Counter()
    body: set[str] = set()  # words the model calls a body or a place alone: "Google" of "Google Cloud"
    full = {p for p in two}
    words = {w for ws in two.values() for w in ws}
    for c, n, label, *_ in named:
        if n in words and n not in full:
            alone[n] += 1
            if (c.model in ("ORG", "GPE") or label in ("ORG", "GPE")) and n not in gaz.given_names:
                body.add(n)  # ("Wang", a given name to the name list, may be tagged so: "Wang said")
    shared = Counter(first for first, _last in two.values())  # "Maria" of two Marias: neither
    return {first: p for p, (first, last) in two.items()
            if alone[first] and not alone[last] and first not in body and shared[first] == 1}


def _given_names_alone(text: str, named: list, persons: list[str], gaz: Gazetteer) -> dict[str, str]:
    """Given names the text uses alone for the one person of the text named in full with it:
    "Daniel" for "Daniel Montalvo" in a story that calls him so ("Daniel said"); only where no
    mention of it has another type, it is no known name, and no other person has it; a town of the
    name ("David", Panama) only where the model called every mention of it a person. (The model's
    "organisation" on a possessive, "Daniel's attempts", is no other type: it says so of people.)"""
    first: dict[str, list[str]] = defaultdict(list)
    for p in persons:
        words = p.split()
        if len(words) >= 2 and words[0] in gaz.given_names:
            first[words[0]].append(p)
    labels: dict[str, set] = defaultdict(set)
    models: dict[str, set] = defaultdict(set)
    for c, n, label, *_ in named:
        if n in first and not (c.model == "ORG" and text.startswith(("'s", "’s"), c.end)):
            labels[n] |= {label, c.model}
            models[n].add(c.model)
    return {name: first[name][0] for name, seen in labels.items()
            if len(first[name]) == 1 and seen <= {"PERSON", None} and not gaz.lookup(name)
            and (not gaz.place(name) or models[name] == {"PERSON"})}


def _renderings(text: str, named: list) -> dict[str, str]:
    """A place's or building's other name in brackets right after it, its English rendering:
    "Masjid Al-Haram (Grand Mosque)", "Palacio do Planalto (Plateau Palace)" -> the first name.
    Only a bracketed name of several capitalised words ending in a facility's or body's head word,
    after a name of several words that is no person's (not "Beijing (Reuters)", "X (Energy)")."""
    by_end = {c.end: (c, n, label) for c, n, label, *_ in named}
    out: dict[str, str] = {}
    for c, n, label, *_ in named:
        if text[c.start - 2:c.start] != " (" or text[c.end:c.end + 1] != ")":
            continue
        words = n.split()
        outer = by_end.get(c.start - 2)
        if outer and len(words) >= 2 and words[-1] in HEAD_WORDS and all(w[:1].isupper() for w in words) \
                and len(outer[1].split()) >= 2 and outer[2] != "PERSON" and outer[0].model != "PERSON" \
                and outer[1] != n:
            out.setdefault(n, outer[1])
    return out


_KNOWN_AS = re.compile(r"(?:,|\s\()\s*(?:also |better |commonly |popularly )?known as $")


def _known_as(text: str, named: list) -> dict[str, str]:
    """A person's other name, given after ", known as" or "(also known as" right after the
    person's name -> that name: "Luiz da Costa, known as Fernando Beira-Mar or Fernandinho
    Beira-Mar" (a second name joined by "or" too). Only a name no gazetteer entry fixes, after a
    name that is a person's."""
    by_end = {c.end: (c, n, label) for c, n, label, *_ in named}
    out: dict[str, str] = {}
    alias_ends: dict[int, str] = {}
    for c, n, label, fixed, gaz_name in sorted(named, key=lambda item: item[0].start):
        if gaz_name is not None or label not in (None, "PERSON"):
            continue
        before = text[max(0, c.start - 40):c.start]
        cue = _KNOWN_AS.search(before)
        target = None
        if cue:
            outer = by_end.get(c.start - len(before) + cue.start())
            if outer and (outer[2] == "PERSON" or outer[0].model == "PERSON") and outer[1] != n:
                target = outer[1]
        elif text[c.start - 4:c.start] == " or ":
            target = alias_ends.get(c.start - 4)
        if target:
            out.setdefault(n, target)
            alias_ends[c.end] = target
    return out


_LOWER_NOUN_AFTER = re.compile(r" ([a-z]+)\b")


def _games_editions(named: list) -> dict[str, str]:
    """The Games' short forms -> the one edition the text names of them: after "the 2014 Winter
    Paralympics", "the Paralympics", "the Paralympic Games" and "the Winter Paralympics" are it,
    and "the Games" too where the text names no other edition (not the Winter Olympics: other
    Games)."""
    editions: dict[str, set[str]] = defaultdict(set)
    for _, n, *_ in named:
        if (m := GAMES_EDITION.fullmatch(n)) and m.group(2):  # (not an "Olympiad")
            editions[m.group(2)].add(n)
    out: dict[str, str] = {}
    for kind, found in editions.items():
        if len(found) == 1:
            edition = next(iter(found))
            season = GAMES_EDITION.fullmatch(edition).group(1)
            for form in (f"{kind}s", f"{kind} Games", f"{season} {kind}s", f"{season} {kind} Games"):
                out[form] = edition
    if len(editions) == 1 and len(next(iter(editions.values()))) == 1:
        out["Games"] = next(iter(next(iter(editions.values()))))
    return out


def _first_and_head(named: list) -> dict[tuple[str, str], str]:
    """(first word, head word in lowercase) -> the one name of the text of several words that
    starts with that word and ends in that head: ("Rockville", "court") -> "Rockville Superior
    Court", for "the Rockville court" written after it."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c, n, label, fixed, _ in named:
        words = n.split()
        if len(words) >= 2 and words[-1] in HEAD_WORDS and label != "PERSON":
            found[(words[0], words[-1].lower())].add(n)
    return {key: next(iter(longs)) for key, longs in found.items() if len(longs) == 1}


def _first_words(named: list, gaz: Gazetteer) -> dict[str, str]:
    """A name's first word -> the one longer name of the text it starts, when that word is no
    given name ("Tottenham" of "Tottenham Hotspur", "Activision" of "Activision Blizzard"): an
    organisation called by its first word (used only where the word is labelled ORG)."""
    found: dict[str, set[str]] = defaultdict(set)
    for c, n, label, fixed, _ in named:
        words = n.split()
        if len(words) >= 2 and not fixed and words[0] not in gaz.given_names \
                and words[0][:1].isupper() and words[0].isalpha():
            found[words[0]].add(n)
    return {first: next(iter(longs)) for first, longs in found.items() if len(longs) == 1}


def _bare_names(named: list) -> dict[str, str]:
    """A name without its head word -> the one name of the text it shortens: "Yasukuni" for
    "Yasukuni Shrine", "Harvard" for "Harvard University" (only when one name gives it, and
    used after it: "Sears" named before "Sears Holdings" is another company)."""
    found: dict[str, set[str]] = defaultdict(set)
    for c, n, label, fixed, _ in named:
        words = n.split()
        if len(words) >= 2 and words[-1] in HEAD_WORDS and label != "PERSON":
            found[" ".join(words[:-1])].add(n)
    return {bare: next(iter(longs)) for bare, longs in found.items() if len(longs) == 1}


def _common_word(text: str, c: Candidate, gaz: Gazetteer, lower: set[str] | None,
                 lasts: set[str] = frozenset()) -> bool:
    """A single word the model tagged (or a known product's name) at a sentence's start that the
    text also writes in lowercase ("Lunch was ..." beside "had lunch", "Windows were smashed" beside
    "the windows"): a word, not a name. Inside a sentence too, for a model's body, work, person or
    people that is no known name, place or given name ("Landscape" in a list of sectors, "if Iodine
    deficiency is serious" beside "iodine"), a person's or people's only where no longer name of the
    text ends in it (`lasts`: "Brown" of "Gordon Brown" beside "brown")."""
    word = text[c.start:c.end]
    if " " not in word and c.source == "spacy" and _ADJECTIVE.fullmatch(word) \
            and _LOWER_NEXT.match(text, c.end) and not gaz.lookup(word) and not gaz.place(word) \
            and word not in gaz.given_names and word not in lasts and word not in HEAD_WORDS \
            and word not in evidence.PARTY_WORDS:
        return True  # "International law requires", "the Presidential official residence": an
        # adjective before its noun, written large
    if " " not in word and c.source == "spacy" and lower and word.lower() not in lower \
            and word.isalpha() and not word.isupper() and _sentence_start(text, c.start) \
            and _LOWER_NEXT.match(text, c.end) and any(word.lower() + end in lower for end in _INFLECTIONS) \
            and not gaz.lookup(word) and not gaz.place(word) and word not in gaz.given_names \
            and word not in lasts:
        return True  # "Target email servers are chosen" beside "the server being targeted"
    if " " in word or not lower or word.lower() not in lower:
        return False
    product = gaz.type_of(word) == "PRODUCT"  # "Windows were smashed"
    if c.source != "spacy" and not product:
        return False
    starts = _sentence_start(text, c.start)
    if not starts and c.source == "spacy" and (c.label in ("ORG", "WORK_OF_ART", "PRODUCT", "FAC", "LAW")
                                               or c.label in ("PERSON", "NORP") and word not in lasts) \
            and not word.isupper() and word.isalpha() and not gaz.lookup(word) and not gaz.place(word) \
            and word not in gaz.given_names:
        return True  # "Landscape" in a list of sectors beside "the landscape": a word written large
    return starts and (product or not gaz.lookup(word) and not gaz.place(word))


_INFLECTIONS = ("s", "es", "ed", "ing")


def _sentence_start(text: str, at: int) -> bool:
    return at == 0 or text[max(0, at - 3):at].endswith(("\n", ". ", "! ", "? ", '." ', "” "))


# A word of an adjective's form and a lowercase word after it (its noun).
_ADJECTIVE = re.compile(r"[A-Z][a-z]{3,}(?:al|ial|ive|ous|ary|ful|less|able|ible|arian)")
_LOWER_NEXT = re.compile(r" (?!(?:and|or|of|to|in|on|at|for|is|was|said|says)\b)[a-z]{3,}")


def _persons(text: str, named: list, gaz: Gazetteer, lower: set[str] | None,
             statistical: bool, listed: dict) -> list[str]:
    """Full names (two words or more) whose mentions' evidence makes them people, in order."""
    by_name: dict[str, list[evidence.Mention]] = defaultdict(list)
    for c, n, label, fixed, _ in named:
        if len(n.split()) > 1 and not fixed:
            by_name[n].append(evidence.Mention(c.start, c.end, c.model, label, c.source))
    lasts = {name.split()[-1] for name in by_name}
    seen: dict[str, Counter] = defaultdict(Counter)  # a surname -> person cues where it stands alone
    read: Counter = Counter()
    if lasts:
        for m in re.finditer(r"(?<![\w’'-])[A-Z][\w’'-]*(?![\w-])", text):
            word = m.group()
            if word in lasts and read[word] < evidence.MAX_CUED:
                read[word] += 1
                seen[word].update(evidence.cues(text, m.start(), m.end()) & {"PERSON", "SAYS"})
    out = []
    for name, mentions in by_name.items():
        extra = Counter(listed.get((m.start, m.end)) for m in mentions) + seen[name.split()[-1]]
        if evidence.decide(name, mentions, text, gaz, lower, extra, statistical) == "PERSON":
            out.append(name)
    return out


def _display(name: str, mentions: list[Mention], canonical: str | None, etype: str) -> str:
    """The name shown: a gazetteer's canonical name for places, nationalities, abbreviations and
    names the text itself uses ("NATO"); otherwise the longest form the text uses ("Red Cross",
    not the gazetteer's "International Committee of the Red Cross")."""
    if canonical is None:
        return name
    forms = {m.text for m in mentions}
    if canonical in forms or canonical in {f.replace("[", "").replace("]", "") for f in forms} \
            or canonical in {" ".join(f.split(", ", 1)[::-1]) for f in forms if etype == "PERSON"}:
        return canonical  # (the name an editor completed in brackets, or written surname first, too:
        # "[Phil] Gramm", "Austen, Jane")
    if etype == "GPE":
        renamed = [f for f in forms if canonical.endswith(" " + f) and f[:1].isupper() and not f.isupper()]
        if renamed:  # "Macedonia", not its later name "North Macedonia": the text's own form
            return max(renamed, key=len)
    if etype == "NORP" and all(f.startswith(canonical) and f != canonical + "s"
                               and not f.endswith(("man", "men")) for f in forms):  # (not "Dutchman")
        return max(forms, key=lambda f: (sum(m.text == f for m in mentions), f))  # "Islamic", not "Islam"
    if etype in ("GPE", "LOC", "NORP", "LANGUAGE", "EVENT", "DATE"):
        return canonical
    if all(_ABBREVIATION.match(f) for f in forms):
        written = [f for f in forms if f.isalpha() and len(f) >= 3]
        # An initialism of three letters or more is a name of its own ("FBI", "AFP", "SCO"): the
        # text's, not a long form it never writes (which may be another body's); "UN" is read out.
        return max(written, key=lambda f: sum(m.text == f for m in mentions)) if written else canonical
    return max(forms, key=lambda f: (len(f), f))


def _by_language(text: str, items: list, gaz: Gazetteer) -> list[list]:
    """A nationality's mentions split by use: "differs from Russian" (a language) and "the
    Russian government" (a nationality) are two entities."""
    if not any(fixed and label == "NORP" for _, label, fixed in items):
        return [items]
    speech = [i for i in items if evidence.language_cues(text, i[0].start, i[0].end)]
    chosen = {id(i) for i in speech}
    rest = [i for i in items if id(i) not in chosen]
    return [part for part in (speech, rest) if part]


def _group(text: str, groups: dict, acronyms: dict[str, str], gaz: Gazetteer,
           lower: set[str] | None, canonical: dict[str, str], statistical: bool,
           listed: dict) -> list[Entity]:
    entities = []
    for name, items in [(n, part) for n, whole in groups.items()
                        for part in _by_language(text, whole, gaz)]:
        mentions = [evidence.Mention(c.start, c.end, c.model, c.label, c.source,
                                     c.label if is_fixed else None) for c, _, is_fixed in items]
        for m, (_, label, is_fixed) in zip(mentions, items):
            if is_fixed:
                m.fixed = label
        etype = evidence.decide(name, mentions, text, gaz, lower, statistical=statistical,
                                extra_cues=Counter(listed.get((m.start, m.end)) for m in mentions))
        if etype is None and name in acronyms.values():
            etype = "ORG"
        if etype is None and not statistical and _INITIALISM.fullmatch(name) and not gaz.place(name) \
                and name not in TERM_INITIALISMS and not _ROMAN.fullmatch(name):
            etype = "ORG"  # rules alone: "NASA", "IDC", capitals the text never spells out, a body's
        if etype is None or etype not in KEPT_TYPES \
                or (etype == "DATE" and not dates.is_absolute(name)
                    and not any(dates.holiday_at(text, c.start, c.end) for c, _, _ in items)):
            continue
        if not any(ch.isupper() or ch.isdigit() for ch in name) or name in _GENERIC_BODIES:
            continue  # "the Commission" that names no body of the text: a word, not a name
        pair = _BETWEEN_PEOPLES.fullmatch(name)
        if etype == "NORP" and pair and gaz.type_of(pair.group(1)) == "NORP":
            continue  # "Sino-Japanese contention": between China and Japan, no people of its own
        found = sorted({Mention(c.start, c.end, text[c.start:c.end]) for c, _, _ in items})
        shown = _display(name, found, canonical.get(name), etype)
        if etype == "ORG" and name not in canonical and (rest := _country_first(shown, found, gaz)):
            shown = rest  # "the US State Department" once, then "the State Department": as mostly named
        if etype == "NORP" and name not in canonical and re.fullmatch(r"[A-Z][a-z]+ans", shown):
            shown = shown[:-1]  # "many Texans": the people's adjective, "Texan" (as "American")
        place = gaz.place(shown) if etype == "GPE" else None
        if place and (shown.isupper() or place[0].lower() in text.lower()):  # "OSLO", "Brasilia"
            shown = place[0]
        elif etype in ("GPE", "LOC") and shown.isupper() and " " in shown:  # "CAPE CANAVERAL"
            shown = shown.title()
        aliases = list(dict.fromkeys(m.text for m in found if m.text != shown))
        entities.append(Entity(shown, etype, aliases, found))
    entities.sort(key=lambda e: e.first)
    return _merge_same(entities)


def _country_first(name: str, found: list[Mention], gaz: Gazetteer) -> str | None:
    """The body's name without the country or people it starts with, if the text names it so too."""
    first, _, rest = name.partition(" ")
    if " " not in rest or rest not in {m.text for m in found}:
        return None
    entry = gaz.lookup(first)
    return rest if entry is not None and entry.type in ("GPE", "NORP") else None


def _merge_same(entities: list[Entity]) -> list[Entity]:
    """Entities that ended with the same name and type are one."""
    out: dict[tuple[str, str], Entity] = {}
    for e in entities:
        key = (e.name, e.type)
        if key in out:
            kept = out[key]
            kept.mentions = sorted(set(kept.mentions) | set(e.mentions))
            kept.aliases = list(dict.fromkeys([*kept.aliases, *e.aliases]))
        else:
            out[key] = e
    return sorted(out.values(), key=lambda e: e.first)


def rule_candidates(paragraphs: list[tuple[int, str]], gaz: Gazetteer, lower: set[str]
                    ) -> tuple[list[Candidate], dict[str, str], set[str]]:
    """The rules' candidates for every paragraph (text offsets), the acronyms defined, and
    the acronyms defined as terms rather than names."""
    from .rules import ParagraphRules

    out: list[Candidate] = []
    acronyms: dict[str, str] = {}
    vetoed: set[str] = set()
    for offset, para in paragraphs:
        rules = ParagraphRules(para, gaz, lower)
        out.extend(c.shifted(offset) for c in rules.run())
        for short, long in rules.acronyms.items():
            acronyms.setdefault(short, long)
        vetoed |= rules.vetoed
    return out, acronyms, vetoed - set(acronyms)


__all__ = ["build", "select", "rule_candidates", "ACRONYM"]
