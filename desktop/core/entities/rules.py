"""Rule-based candidates for one paragraph: gazetteer, titles, name heads, people, acronyms."""
from __future__ import annotations

import re

from . import acronyms, dates
from .candidates import (ACRONYM, GAZETTEER, STRONG, UNKNOWN, WEAK, Candidate)
from .gazetteer import Gazetteer
from .lexicon import (CLUB_MARKS, CLUB_TAILS, CLUB_TOWN_TAILS, CLUB_WORDS, EVENT_HEADS, LOC_HEADS,
                      PRODUCT_HEADS, FAC_HEADS, FAC_NOUNS, FUNCTION_WORDS, GPE_HEADS, LAW_HEADS,
                      MONTHS, ORG_HEADS, PARTICLES, ROLE_NOUNS, SPEECH_VERBS)
from .runs import Run, Word, find_runs, split_hyphens

# Plural nouns a sentence starts with before "of" and a name: "Shares of Intel Corp rose".
_COMMON_BEFORE_OF = frozenset("""Shares Members Officials Supporters Fans Residents Workers Employees
Leaders Citizens Representatives Delegates Students Customers Users Owners Investors Executives
Staff Parts Most Many Some All Both""".split())
_PARTY_MEMBERS = frozenset("Democrats Republicans Socialists Conservatives Liberals Greens Nationalists "
                           "Unionists".split())
_PARTY_ADJECTIVES = frozenset("Liberal Social Christian Free New Young Radical Progressive National "
                              "Civic Ulster Neo Sweden Swiss Danish".split())
# Before "Center"/"Centre", words that make it a place one goes to, not a research body.
_PLACE_KINDS = frozenset("Space Convention Exhibition Shopping Sports Trade Conference Visitor Visitors "
                         "Leisure Arts Performing Civic Community Aquatics".split())
_QUOTED_WORK = re.compile(
    r"\b(?:film|movie|book|novel|memoir|song|single|album|show|series|sitcom|drama|play|musical|"
    r"opera|documentary|game|painting|poem|exhibition)s?,?\s+(?:called\s+|titled\s+|entitled\s+)?"
    r"[\"“]([A-Z][^\"”\n]{0,80}?[^\"”\n,.;:\s])[,.;:]?[\"”]")
# A given name, a nickname in quotes, a family name: 'Frank "Greg" Ford'.
_NICKNAMED = re.compile(r"(?<![\w’'-])([A-Z][a-z]+) [\"“]([A-Z][a-z]+)[\"”] ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w-])")
# Given names an editor put in brackets before a family name the speaker said: "[Phil] Gramm",
# "[George H. W.] Bush" (one person, named in full without the brackets).
_BRACKETED_GIVEN = re.compile(r"(?<![\w’'-])\[([A-Z][a-z]+(?: (?:[A-Z][a-z]+|[A-Z]\.))*)\] "
                              r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w-])")
# A catalogue's or reading list's entry, a line of its own: authors surname first, then the title
# ("Austen, Jane. Pride and Prejudice", "Marx, Karl and Engels, Friedrich. The Communist Manifesto
# (solo)"): each author is the person named given names first, the title a work.
_AUTHOR = r"([A-Z][\w’'-]+), ([A-Z][a-z]+(?: [A-Z][a-z]+| [A-Z]\.)*)"
_CATALOGUE = re.compile(rf"{_AUTHOR}(?:(?:,| and| &) {_AUTHOR})*\. (?:The )?([A-Z][^()\n]*?[\w’'?!])(?: \([^()\n]*\))?\s*")
_AUTHOR_RE = re.compile(_AUTHOR)
# An edition of the Olympic or Paralympic Games, its year in its name: "the 2014 Winter Paralympics".
# (Its season and kind as groups, for the short forms that stand for it: ``resolve._games_editions``.)
GAMES_EDITION = re.compile(rf"(?<![\w-]){dates.YEAR} (Summer|Winter|Youth) (?:(Olympic|Paralympic)(?:s| Games)|Olympiad)(?![\w-])")
_CAMEL = re.compile(r"(?<![\w’'-])[a-z]{1,3}[A-Z][A-Za-z]*(?![\w-])")
_GAMES_WORDS = frozenset(("Olympic", "Paralympic", "Commonwealth", "Winter", "Summer", "Youth",
                          "Special", "Invictus", "World", "Goodwill", "Highland", "Island", "Games",
                          "Deaflympic", "Military", "Mind", "Gay", "Masters", "Pan", "X"))
_NEXT_WORD = re.compile(r"^\s*([a-z]+)")
_APPOSITION = re.compile(r"^,\s+(?:the|a|an|another|its|his|her|their|[A-Z][\w]*['’]s)\s+"
                         r"((?:[a-z][\w'’-]*\s+){0,4}[a-z][\w-]*)")
_HEADS = ORG_HEADS | LAW_HEADS | EVENT_HEADS
_ALL_HEADS = _HEADS | FAC_HEADS | GPE_HEADS | LOC_HEADS | PRODUCT_HEADS
_HEAD_TYPES = ((FAC_HEADS, "FAC"), (GPE_HEADS, "GPE"), (ORG_HEADS, "ORG"), (LAW_HEADS, "LAW"),
               (EVENT_HEADS, "EVENT"), (PRODUCT_HEADS, "PRODUCT"))
# Words before "Church" that make it a denomination, not a building ("St Mary's Church").
_DENOMINATIONS = frozenset("""Orthodox Catholic Anglican Episcopal Methodist Baptist Lutheran
Presbyterian Evangelical Reformed Pentecostal Coptic Apostolic Adventist Mennonite Moravian
Unitarian Congregational Maronite Armenian Syriac Uniting""".split())
# Words before "District" (and the like) that make it a body, not an area ("School District").
_SERVICE_WORDS = frozenset("""School Schools Water Fire Sanitation Transit Hospital Library
Park Parks Utility Irrigation Conservation Health""".split())
# Bodies named for what they hold, whose "of" does not start a second body's name.
_COLLECTIONS = frozenset(("Museum", "Gallery", "Galleries", "Library", "Archive", "Archives"))
_ORDINALS = frozenset("First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth".split())
# Units known by their number: "the 24th Infantry Regiment", "the 501st Legion".
_UNIT_HEADS = frozenset("Regiment Brigade Battalion Squadron Fleet Corps Legion".split())
_UNIT_NUMBER = re.compile(r"(?<![\w-])\d{1,4}(?:st|nd|rd|th) $")
_CITY_STATE = re.compile(r"^,\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")


class ParagraphRules:
    """Applies the rules to one paragraph; `lower` is the document's lowercase vocabulary."""

    def __init__(self, para: str, gaz: Gazetteer, lower: set[str]) -> None:
        self.para, self.gaz, self.lower = para, gaz, lower
        self.out: list[Candidate] = []
        self.acronyms: dict[str, str] = {}  # acronym -> long form
        self.vetoed: set[str] = set()  # acronyms of common nouns: "liquefied natural gas (LNG)"

    def run(self) -> list[Candidate]:
        """All candidates in the paragraph (paragraph offsets)."""
        for run in _join_on(_join_possessive(find_runs(self.para), self.para, self.gaz),
                            self.para, self.gaz):
            self._acronym(run)
            self._classify(self._trim(run), run.sentence_start)
        for start, end, acronym, a_start, a_end in (acronyms.long_after(self.para)
                                                    + acronyms.after_phrase(self.para)):
            if acronym in self.acronyms:
                continue
            self.acronyms[acronym] = self.para[start:end]
            self.out.append(Candidate(start, end, None, ACRONYM, "acronym"))
            self.out.append(Candidate(a_start, a_end, None, ACRONYM, "acronym"))
        quoted = '"' in self.para or "“" in self.para
        for m in _NICKNAMED.finditer(self.para) if quoted else ():  # 'Frank "Greg" Ford': one person
            if m.group(1) in self.gaz.given_names and not self.gaz.lookup(m.group(3)):
                self.out.append(Candidate(m.start(), m.end(), "PERSON", STRONG, "title"))
        for m in _BRACKETED_GIVEN.finditer(self.para) if "[" in self.para else ():
            if m.group(1).split()[0] in self.gaz.given_names and not self.gaz.lookup(m.group(2)):
                self.out.append(Candidate(m.start(), m.end(), "PERSON", STRONG, "title",
                                          f"{m.group(1)} {m.group(2)}"))
        catalogue = _CATALOGUE.fullmatch(self.para)
        if catalogue:
            title = catalogue.lastindex
            authors = list(_AUTHOR_RE.finditer(self.para, 0, catalogue.start(title)))
            if all(a.group(2).split()[0] in self.gaz.given_names for a in authors):  # (not "Paris, Texas.")
                self.out.extend(Candidate(a.start(), a.end(), "PERSON", STRONG, "title", f"{a.group(2)} {a.group(1)}")
                                for a in authors)
                self.out.append(Candidate(catalogue.start(title), catalogue.end(title), "WORK_OF_ART", STRONG, "head"))
        for m in GAMES_EDITION.finditer(self.para):
            self.out.append(Candidate(m.start(), m.end(), "EVENT", STRONG, "head"))
        for m in _QUOTED_WORK.finditer(self.para):  # 'the film "White Noise"': a work by its title
            self.out.append(Candidate(m.start(1), m.end(1), "WORK_OF_ART", STRONG, "head"))
        for m in _CAMEL.finditer(self.para):  # "iPhone", "eBay": no run starts with a lowercase letter
            entry = self.gaz.lookup(m.group())
            if entry:
                self.out.append(Candidate(m.start(), m.end(), entry.type, GAZETTEER, "gazetteer", entry.name))
        for m in acronyms.LOWER_DEFINITION.finditer(self.para):
            words = m.group(1).split()
            if any(acronyms.matches(m.group(2), words[i:]) for i in range(len(words))):
                self.vetoed.add(m.group(2))
        for start, end in dates.find_dates(self.para):
            self.out.append(Candidate(start, end, "DATE", WEAK, "date"))
        return self.out

    # -- helpers -------------------------------------------------------------------------
    def _text(self, words: list[Word]) -> str:
        return self.para[words[0].start:words[-1].end]

    def _emit(self, words: list[Word], label: str | None, tier: int, source: str,
              name: str | None = None) -> None:
        if words:
            start = words[0].start
            if label == "ORG" and words[-1].text in _UNIT_HEADS:  # "the 24th Infantry Regiment"
                numbered = _UNIT_NUMBER.search(self.para, max(0, start - 8), start)
                start = numbered.start() if numbered else start
            self.out.append(Candidate(start, words[-1].end, label, tier, source, name))

    def _trim(self, run: Run) -> list[Word]:
        words = split_hyphens(run.words, self.gaz.forms)
        event = words and words[-1].text in EVENT_HEADS  # "The First South American Summit"
        while words and (words[0].text in FUNCTION_WORDS or not words[0].cap) and (
                run.sentence_start or words[0].text == "The" or not words[0].cap) \
                and not (event and words[0].text in _ORDINALS):
            words = words[1:]
        if words and run.sentence_start and words[0] is run.words[0] and len(words) == 1 \
                and words[0].text.lower() in self.lower and words[0].text not in self.gaz.forms:
            words = words[1:]
        if len(words) > 2 and run.sentence_start and words[0] is run.words[0] \
                and words[1].text in ("of", "for") \
                and (words[0].text.lower() in self.lower or words[0].text in _COMMON_BEFORE_OF) \
                and words[0].text not in self.gaz.forms and words[0].text not in _HEADS | FAC_HEADS:
            words = words[2:]  # "Shares of Nvidia and Tesla Inc" beside "Apple Inc shares fell"
        while words and not words[-1].cap:
            words = words[:-1]
        return words

    def _acronym(self, run: Run) -> None:
        found = acronyms.definition(run, self.para)
        alt = acronyms.OR_ACRONYM.match(self.para[run.end:])
        if not found and alt and acronyms.matches(alt.group(1), [w.text for w in run.words]):
            first = next((w for w in run.words if w.text not in FUNCTION_WORDS), run.words[0])
            a_start = run.end + alt.start(1)
            found = (first.start, run.end, alt.group(1), a_start, a_start + len(alt.group(1)))
        if found:
            start, end, acronym, a_start, a_end = found
            self.acronyms.setdefault(acronym, self.para[start:end])
            self.out.append(Candidate(start, end, None, ACRONYM, "acronym"))
            self.out.append(Candidate(a_start, a_end, None, ACRONYM, "acronym"))
            second = acronyms.second_in_parens(self.para, run.end, self.para[start:end])
            if second:  # "(USARSA or SOA)"
                self.acronyms.setdefault(second[0], self.para[start:end])
                self.out.append(Candidate(second[1], second[2], None, ACRONYM, "acronym"))

    # -- classification ------------------------------------------------------------------
    def _classify(self, words: list[Word], sentence_start: bool) -> None:
        if not words:
            return
        text = self._text(words)
        entry = self.gaz.lookup(text)
        if entry:
            return self._emit(words, entry.type, STRONG if len(words) > 1 else GAZETTEER,
                              "gazetteer", entry.name)
        if self._titled(words):
            return
        for i, w in enumerate(words[1:-1], 1):  # "Joint Staff of the Japan Self-Defense Forces"
            if w.text in ("of", "for") and i >= 2 and self._head(words[:i]) == "ORG" \
                    and words[i - 1].text not in _COLLECTIONS:  # "National Museum of the U.S. Air Force": one
                j = i + 1 + (words[i + 1].text == "the")
                if self._head(words[j:]) == "ORG":
                    self._classify(words[:i], False)
                    return self._classify(words[j:], False)
        label = self._head(words)
        if label and not self._known_conjuncts(words):
            return self._emit(words, label, STRONG, "head")
        if any(w.text == "and" for w in words):
            part: list[Word] = []
            for w in words + [Word(0, 0, "and")]:
                if w.text == "and":
                    self._classify(part, False)
                    part = []
                else:
                    part.append(w)
            return
        self._decompose(words)

    def _known_conjuncts(self, words: list[Word]) -> bool:
        """"World Bank and the International Monetary Fund": two names, not one; but "Institute of
        Allergy and Infectious Diseases" is one (the "and" joins what the head's "of" names, no
        "the" and no head word after it)."""
        for i, w in enumerate(words):
            if w.text == "and" and 0 < i < len(words) - 1:
                left, right = words[:i], words[i + 1:]
                if any(x.text in ("of", "for") for x in left[1:]) and right[0].text != "the" \
                        and not any(x.text in _HEADS | FAC_HEADS for x in right) \
                        and not self.gaz.lookup(self._text(right)):
                    continue
                if self.gaz.lookup(self._text(left)) or self._head(left) \
                        or self.gaz.place(self._text(left)):  # "Shenzhen and Guangdong Province"
                    return True
                if right[0].text == "the" and any(x.text in _HEADS | FAC_HEADS for x in left):
                    return True  # "Imperial College London and the Mayo Clinic"
                if right[0].text == "the" and len(left) == 1 and len(right) >= 3 \
                        and self._head(right[1:]):
                    return True  # "the Greens and the Labour Party": a word, then a body of its own
        return False

    def _titled(self, words: list[Word]) -> bool:
        titles = self.gaz.titles
        for i in range(len(words) - 1):
            for n in (3, 2, 1):
                if i + n >= len(words) or self._text(words[i:i + n]) not in titles:
                    continue
                name = words[i + n:]
                if name[0].text in titles:  # "Deputy Undersecretary ...": the title goes on
                    continue
                k = 0
                while k < len(name) and (name[k].cap or name[k].text in PARTICLES):
                    k += 1
                if k == 0 or not name[0].cap or self.gaz.lookup(self._text(name[:k])):
                    continue
                while not name[k - 1].cap:
                    k -= 1
                if name[k - 1].text in _HEADS | FAC_HEADS:
                    continue  # "Premier League", "General Assembly": a name, not a titled person
                self._classify(words[:i], False)
                self._emit(name[:k], "PERSON", STRONG, "title")
                self._classify(name[k:], False)
                return True
        return self._titled_office(words)

    def _titled_office(self, words: list[Word]) -> bool:
        """A title with its office, then a person: "Secretary of the Air Force James Roche" (the
        person's first name a known given name)."""
        title = next((i for i, w in enumerate(words[:-2]) if w.text in self.gaz.titles), None)
        if title is None:
            return False
        for size in (2, 3):
            tail = words[-size:]
            if len(words) - size > title and tail[0].text in self.gaz.given_names \
                    and all(w.cap for w in tail) and not self.gaz.lookup(self._text(tail)):
                self._classify(words[:title], False)  # the office itself belongs to the title
                self._emit(tail, "PERSON", STRONG, "title")
                return True
        return False

    def _head(self, words: list[Word]) -> str | None:
        """The type a head word gives: the first head followed by "of"/"for"/"on"/"to" ("Foundation
        Act of the South American Union" is a LAW, "Bank of England" an ORG), else the last word,
        or an organisation's head word before a known place at the end ("Imperial College London")."""
        if len(words) < 2:
            return None
        for i, w in enumerate(words[:-1]):
            if words[i + 1].text in ("of", "for", "on", "to"):
                if w.text == "Church":
                    return "ORG"  # "the Church of Scientology": a body ("St Mary's Church": a building)
                for heads, label in _HEAD_TYPES:
                    if w.text in heads:
                        return label
        last = words[-1].text
        if len(words) >= 3 and words[-2].text in _PLACE_KINDS and last in ("Center", "Centre"):
            return "FAC"  # "Kennedy Space Center", "Metro Toronto Convention Centre"
        if last in _PARTY_MEMBERS and words[-2].text in _PARTY_ADJECTIVES:
            return "ORG"  # "Liberal Democrats", "Christian Democrats": a party (not "House Republicans")
        if len(words) == 2 and last in LAW_HEADS and words[0].text in self.gaz.given_names \
                and not self.gaz.place(words[0].text) and not self.gaz.lookup(words[0].text):
            return None  # "Nathan Law": a person's family name, not a law (not "Paris Agreement")
        if words[0].text in CLUB_MARKS or last in CLUB_MARKS or len(words) == 2 and (
                words[0].text in CLUB_WORDS and words[1].cap):
            return "ORG"  # "FC Porto", "Valencia CF", "Real Madrid", "Inter Milan"
        if last in ("Church", "Churches") and (words[-2].text in _DENOMINATIONS
                                               or self.gaz.type_of(words[-2].text) == "NORP"):
            return "ORG"  # "the Greek Orthodox Church", "the Catholic Church": a body of believers
        if last in GPE_HEADS and words[-2].text in _SERVICE_WORDS:
            return "ORG"  # "Irving Independent School District": a body that runs a service
        if last == "Games" and not self._games_event(words[-2].text):
            return "ORG"  # "Rockstar Games", "Epic Games": a games company
        for heads, label in _HEAD_TYPES:
            if last in heads:
                return label
        if last in LOC_HEADS and not self.gaz.place(self._text(words)) \
                and not self.gaz.lookup(self._text(words)):
            return "LOC"  # "Luzon Island", "Huangyan Dao" (not "Rhode Island", a state)
        town = self._text(words[:-1])
        plural = last.endswith("s") and last[:-1].isalpha() and last not in _ALL_HEADS \
            and not self.gaz.lookup(last) and not self.gaz.place(self._text(words)) \
            and not (len(words) == 2 and town in self.gaz.given_names
                     and last[:-1] in self.gaz.given_names)  # "Walker Evans": a person, not a club
        if (last in CLUB_TAILS or plural or last in CLUB_TOWN_TAILS and not self.gaz.place(self._text(words))) \
                and self.gaz.is_place(town):
            return "ORG"  # "Sheffield United", "Manchester City", "Boston Celtics": a club (not "Mexico City")
        if len(words) >= 3 and (words[-2].text in ORG_HEADS or words[-2].text in EVENT_HEADS) \
                and self.gaz.is_place(last):
            # "Imperial College London", "Fan Expo Canada": a head, then its city or country
            return "EVENT" if words[-2].text in EVENT_HEADS else "ORG"
        return None

    def _games_event(self, before: str) -> bool:
        """Whether "<before> Games" are sporting games: "Olympic", "Commonwealth", "Asian",
        "Winter", "2008 Summer", "Pan American"; not a studio ("Rockstar Games")."""
        entry = self.gaz.lookup(before)
        return before in _GAMES_WORDS or before[:1].isdigit() or before.endswith("an") \
            or bool(entry and entry.type in ("NORP", "GPE", "LOC")) or bool(self.gaz.place(before))

    def _decompose(self, words: list[Word]) -> None:
        """Longest gazetteer matches left to right; what is left is judged on its own."""
        i, rest = 0, []
        while i < len(words):
            for j in range(min(len(words), i + max(self.gaz.max_words, 4)), i, -1):
                form = self._text(words[i:j])
                entry = self.gaz.lookup(form)
                if entry and entry.type == "ORG" and j - i == 1 and i \
                        and words[i - 1].text in self.gaz.given_names:
                    entry = None  # "Jane Roche": a surname, not the company
                place = None if entry or i or j < len(words) else self.gaz.place(form)
                if (entry or place) and words[j - 1].cap:
                    self._unknown(rest)
                    rest = []
                    if entry:  # a known name of several words outranks the model's pieces
                        self._emit(words[i:j], entry.type, STRONG if j - i > 1 else GAZETTEER,
                                   "gazetteer", entry.name)
                    else:  # a weak place: its type is decided by the evidence (resolve)
                        self._emit(words[i:j], "GPE", WEAK, "place")
                    i = j
                    break
            else:
                rest.append(words[i])
                i += 1
        self._unknown(rest)

    def _unknown(self, words: list[Word]) -> None:
        while words and not words[0].cap:
            words = words[1:]
        while words and not words[-1].cap:
            words = words[:-1]
        if not words:
            return
        after = self.para[words[-1].end:words[-1].end + 60]
        nxt = _NEXT_WORD.match(after)
        if nxt and nxt.group(1) in FAC_NOUNS:
            return self._emit(words, "FAC", STRONG, "facility")
        city = _CITY_STATE.match(after)
        if city and len(words) <= 2:
            entry = self.gaz.lookup(city.group(1))
            if entry and entry.type == "GPE" or self.gaz.place(city.group(1)):
                return self._emit(words, "GPE", WEAK, "city")
        if 2 <= len(words) <= 4 and self._personish(words, after, nxt):
            return self._emit(words, "PERSON", WEAK, "person")
        self._emit(words, None, UNKNOWN, "unknown")

    def _personish(self, words: list[Word], after: str, nxt: re.Match | None) -> bool:
        if words[0].text in self.gaz.given_names:
            return True
        if any(w.text.isupper() or w.text in FUNCTION_WORDS for w in words):
            return False
        if nxt and nxt.group(1) in SPEECH_VERBS or after.startswith(", who "):
            return True
        before = self.para[max(0, words[0].start - 40):words[0].start].split()
        if before and before[-1].rstrip(",").lower() in ROLE_NOUNS:  # "his counterpart, Xie"
            return True
        appo = _APPOSITION.match(after)
        return bool(appo and ROLE_NOUNS.intersection(appo.group(1).split()))


_DAYS_AND_MONTHS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()) \
    | frozenset(MONTHS)
_ONE_NAME_HEADS = ORG_HEADS | FAC_HEADS  # "Addenbrooke's Hospital", "St John's College"


def _join_possessive(runs: list[Run], para: str, gaz: Gazetteer) -> list[Run]:
    """"People" + "'s " + "Republic of China": one run when the whole is a known name, or when a
    head word follows a possessor that is no known place ("Addenbrooke's" + "Hospital", "King's"
    + "College London"; not "China's" + "Navy")."""
    out: list[Run] = []
    for run in runs:
        prev = out[-1] if out else None
        if prev and prev.possessive and para[prev.end:run.start] in ("'s ", "’s ") \
                and (gaz.lookup(para[prev.words[-1].start:run.end])
                     or run.words[0].text in _ONE_NAME_HEADS
                     and not gaz.lookup(prev.words[-1].text) and not gaz.place(prev.words[-1].text)):
            apostrophe = Word(prev.end, run.start - 1, para[prev.end:run.start - 1])
            out[-1] = Run(prev.words[:-1] + [Word(prev.words[-1].start, apostrophe.end,
                                                  para[prev.words[-1].start:apostrophe.end])]
                          + run.words, prev.sentence_start, run.possessive)
        else:
            out.append(run)
    return out


def _campus(prev: Run, run: Run, para: str, gaz: Gazetteer | None) -> bool:
    """"University of Colorado" + "at" + "Boulder": a head-of name, "at", a known place; "University
    of California" + ", " + "Santa Cruz" too."""
    texts = [w.text for w in prev.words]
    gap = para[prev.end:run.start]
    if gap == ", " and not any(t == "University" and nxt == "of" for t, nxt in zip(texts, texts[1:])):
        return False  # "University of California, Santa Cruz": a comma only after "University of"
    return gaz is not None and gap in (" at ", ", ") and any(
        t in ORG_HEADS and nxt == "of" for t, nxt in zip(texts, texts[1:])) and bool(
        gaz.lookup(para[run.start:run.end]) or gaz.place(para[run.start:run.end]))


def _join_on(runs: list[Run], para: str, gaz: Gazetteer | None = None) -> list[Run]:
    """"Intergovernmental Panel" + "on" + "Climate Change": one name when a head word precedes, a
    law's name across "with", "for" or "against" ("Americans with Disabilities Act") too;
    "University of Colorado at Boulder" too."""
    out: list[Run] = []
    for run in runs:
        if out and not out[-1].possessive and (
                out[-1].words[-1].text in _HEADS
                and para[out[-1].end:run.start] in (" on ", " on the ", " to ")
                and run.words[0].text not in _DAYS_AND_MONTHS  # not "League on Sunday"
                and not any(ch.isdigit() for w in run.words for ch in w.text)  # not "... on STS-1"
                or _campus(out[-1], run, para, gaz)
                or run.words[-1].text in LAW_HEADS and para[out[-1].end:run.start] in (" with ", " for ", " against ")
                and all(w.cap for w in out[-1].words)  # (no "X and the Y" before it)
                and not (out[-1].sentence_start and len(out[-1].words) == 1)):  # "Americans with Disabilities Act"
            prev = out[-1]
            gap = para[prev.end:run.start].split()
            pos, words = prev.end, list(prev.words)
            for g in gap:
                start = para.index(g, pos)
                words.append(Word(start, start + len(g), g))
                pos = start + len(g)
            out[-1] = Run(words + run.words, prev.sentence_start, run.possessive)
        else:
            out.append(run)
    return out
