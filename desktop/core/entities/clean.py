"""Trim a candidate span to the name itself: no "the", "'s", titles, quotes or glued sentences."""
from __future__ import annotations

import functools
import re

from .candidates import Candidate
from .dates import DATED_YEAR, DECADE, find_dates
from .gazetteer import Entry, Gazetteer
from .lexicon import (ARTICLE_NAME, EVENT_HEADS, FAC_HEADS, FUNCTION_WORDS, LAW_HEADS, MONTHS, ORG_HEADS, PARTICLES, PARTY_HEADS,
                      ROLE_NOUNS, SPEECH_VERBS, TIME_ZONES)

_GLUED = re.compile(r"(?<=[a-z0-9])\.(?=[A-Z])|\n")
_WORD = re.compile(r"\S+")
_EDGE = "\"'“”‘’()[]{},;:!?*"
_DETERMINERS = frozenset(("the", "The", "a", "A", "an", "An", "THE"))
_NUMBER_WORDS = frozenset("One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Some "
                          "Several Many".split())
_DATE_START = re.compile(r"^(?:\d|(?:" + "|".join(MONTHS) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct"
                         r"|Nov|Dec)\b)")
# Office-holders the model keeps at the end of the body they speak for.
_BODY_ROLES = frozenset(("Spokesperson", "Spokesman", "Spokeswoman", "Chairman", "Chairwoman",
                         "Secretary", "Minister", "Director", "CEO", "President", "Chief"))
_NEVER_IN_NAMES = frozenset(("CEO", "Spokesperson", "Spokesman", "Spokeswoman"))  # ("Office of the President")
# A stance toward a place or people, before a name ("Pro-Beijing DAB"), and a camp's description
# written as one word ("Pan-democrat", "Anti-war"): descriptions, not names.
_CAMP = re.compile(r"(?:Pro|Anti)-[A-Z][\w]*$")
_STANCE = re.compile(r"(?:Pro|Anti|Pan|Non)-[a-z]+s?")
_LED = re.compile(r"^[A-Z][\w.]*-(?:led|backed|controlled|dominated|allied|aligned|run)$")
_COMPOUND = re.compile(r"-(?:based|born|led|backed|made|owned|run|funded|bound|linked|style)$")
_SCORE = re.compile(r"(?:\d|[1-9]\d)[-–](?:\d|[1-9]\d)[.,;:]?")  # not "09-1" of "Type 09-1"
_ORDINALS = frozenset("First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth".split())
_YEAR_RANGE = re.compile(rf"({DATED_YEAR}) ?[-–] ?({DATED_YEAR})")
_DATE_TAIL = frozenset(("or", "and", "to", "through", "until", "of", "the", "-", "–"))
# Lowercase words inside a date ("the 4th of July", "March 2009 to January 2011", "early 2004").
_DATE_WORDS = _DATE_TAIL | {"st", "nd", "rd", "th", "early", "mid", "late", "end", "beginning", "middle",
                            "start", "season", "seasons"}  # "the 2002-2003 season"


def clean(text: str, cand: Candidate, gaz: Gazetteer) -> Candidate | None:
    """The candidate trimmed in place (offsets into `text`), or None if nothing is left."""
    start, end = cand.start, cand.end
    if cand.label == "WORK_OF_ART" and cand.source == "head":
        return cand  # a quoted title, whole: 'the film "The Darkness"', '"Do They Know It's Christmas?"'
    if cand.label == "PERSON" and cand.source == "title" and cand.name:
        return cand  # a name the text writes otherwise, whole: "[Phil] Gramm", "Austen, Jane"

    titled = cand.label == "WORK_OF_ART" and cand.source == "spacy" and _title_article(text, start)
    # "Lions Gate's A Love Song for Bobby Long": a capital "A" mid-sentence is the title's
    cut = _GLUED.search(text, start, end)
    if cut:
        end = cut.start()
    words = [(start + m.start(), start + m.end()) for m in _WORD.finditer(text[start:end])]
    keep_lower = cand.label == "DATE"

    def word(i: int) -> str:
        return text[words[i][0]:words[i][1]]

    if keep_lower:  # "end of the Friday, November 19th" -> "November 19th"
        if words and re.match(r"(?:mid|early|late)-(?=[A-Z\d])", word(0)):  # "mid-December"
            words[0] = (words[0][0] + word(0).index("-") + 1, words[0][1])
        first = next((i for i in range(len(words)) if _DATE_START.match(word(i))), None)
        if first:
            words = words[first:]
        cut = next((i for i in range(1, len(words)) if word(i)[:1].islower()
                    and word(i) not in _DATE_WORDS), None)
        if cut:  # "2004 books Friday" -> "2004"
            words = words[:cut]
        while len(words) > 1 and word(-1) in _DATE_TAIL:
            words.pop()
    elif len(words) > 1 and word(0) in _NUMBER_WORDS and words[0][0] == start:
        words.pop(0)  # "Four National Basketball Association players"

    while words and not (titled and words[0][0] == start) and (
            word(0) in _DETERMINERS or (not keep_lower and not _capital(word(0))
                                        and word(0) not in PARTICLES)):
        words.pop(0)
    if len(words) > 1 and not keep_lower and (_LED.search(word(0)) or _CAMP.match(word(0))
                                               or _STANCE.fullmatch(word(0))):
        words.pop(0)  # "Democratic-led Senate": the Senate; "Pro-Beijing DAB's": DAB
    if len(words) > 1 and cand.source == "spacy" and _KIND_OF_BODY.fullmatch(word(0)) \
            and _sentence_start(text, words[0][0]):
        words.pop(0)  # "Chipmakers Nvidia and Broadcom rose": the kind of firm, then its name
    if len(words) == 1 and cand.source == "spacy" and (_STANCE.fullmatch(word(0)) or _CAMP.match(word(0))):
        return None  # "Pan-democrat Lam Cheuk-ting": a camp's description, no name
    while words and not keep_lower and not _capital(word(-1).strip(_EDGE)):
        words.pop()
    if words and not keep_lower:
        compound = _COMPOUND.search(word(-1))  # "California-based": the place, not the adjective
        if compound and compound.start() > 1:
            words[-1] = (words[-1][0], words[-1][0] + compound.start())
    if cand.source == "spacy" and words and word(0) in gaz.titles \
            and all(word(i) in gaz.titles or word(i) in _ORDINALS or word(i) == "Class"
                    for i in range(len(words))):
        return None  # "Sergeant First" (Class ...): a rank, no name
    if len(words) == 1 and cand.source == "spacy" and word(0) in FUNCTION_WORDS \
            and _sentence_start(text, words[0][0]):
        return None  # "Elsewhere, Tokyo's Nikkei rose": an adverb the sentence starts with
    while len(words) > 2 and cand.label == "ORG" and (
            cand.source == "spacy" and word(-1) in _BODY_ROLES or word(-1) in _NEVER_IN_NAMES):
        words.pop()  # "State Department Spokesperson": the body, not its office-holder
    if len(words) > 3 and cand.label == "ORG" and cand.source in ("spacy", "head") and word(1) == "of" \
            and (word(0) in _OFFICE_TITLES or word(0) in gaz.titles):
        rest = 3 if word(2) in ("the", "The") else 2
        if len(words) > rest and any(word(i) in ORG_HEADS for i in range(rest, len(words))):
            del words[:rest]  # "Chairman of the Australian Centre for ...": the body, not its chair
    if len(words) > 2 and cand.label == "ORG" and cand.source == "spacy" \
            and _OFFICE_OF.search(text, max(0, start - 40), start) and _NAME_AFTER.match(text, words[-1][1]):
        cut = next((i for i in range(1, len(words)) if word(i) == "for"), None)
        if cut:  # "Assistant Secretary of the Air Force for Acquisition Marvin Sambur": the body
            words = words[:cut]  # is the Air Force; "for Acquisition" is the office's, in its title
    while len(words) > 1 and cand.source == "spacy" and cand.label not in ("DATE", "PRODUCT") \
            and _SCORE.fullmatch(word(-1)):
        words.pop()  # "Liverpool 2-1": a team and the match's score
    if cand.label == "PERSON" and cand.source == "spacy" and words and words[0][0] == start \
            and _tail_of_a_name(text, start, word(0), gaz):
        return None  # "Torino Impact Hazard Scale", "Google Zeitgeist": a longer name's tail, no person
    office = _OFFICE_AFTER.match(text, end) if cand.label == "PERSON" and cand.source == "spacy" \
        and len(words) >= 2 else None
    if office and office.group(1) in gaz.titles:
        # "The Tory Shadow Health Secretary has criticized": an office, no one named in it
        if gaz.type_of(word(0)) == "NORP":
            return Candidate(words[0][0], words[0][1], "NORP", cand.tier, cand.source)
        return None
    if cand.label == "PERSON":
        for i in range(len(words) - 1, -1, -1):
            if word(i) in gaz.titles or word(i).rstrip(".") in gaz.titles:
                words = words[i + 1:]
                break
        while words and word(0) in PARTICLES:
            words.pop(0)
        while len(words) > 2 and word(-1).rstrip(",") in _POST_NOMINALS:
            words.pop()  # "Daniel Bernoulli FRS", "Zaha Hadid DBE RA": honours, not the name
        if len(words) >= 3 and word(0) in _ORDINALS and word(1) == "Class":
            del words[:2]  # "Sergeant First Class Michael Marciello": the rank's grade, not the name
        if len(words) >= 3 and word(0) not in gaz.given_names and word(1) in gaz.given_names \
                and _sentence_start(text, words[0][0]):
            words.pop(0)  # "Nonpartisan Paul Tse": a word capitalised for the sentence, then a person
    if not words:
        return None
    start, end = words[0][0], words[-1][1]
    if text.startswith(".", end) and _abbrev(text[start:end] + "."):  # "Kmart Corp."
        end += 1
    while start < end and text[start] in _EDGE:
        start += 1
    if cand.label == "DATE" and end - start in (4, 6) and _DECADE_APOSTROPHE.match(text, start) \
            and not text[start + 6:start + 7].isalnum():
        if _BEFORE_DECADE.search(text, max(0, start - 8), start):  # (the model's span may stop at "1930")
            return Candidate(start, start + 6, "DATE", cand.tier, cand.source, text[start:start + 4] + "s")
        end = start + 4  # "1990's budget": the year's
    changed = True
    while changed and start < end:
        changed = False
        if text.endswith(("'s", "’s"), start, end) and (gaz.lookup(text[start:end])
                                                        or gaz.place(text[start:end])):
            break  # "St. John's"
        for suffix in ("'s", "’s", "'S"):
            if text.endswith(suffix, start, end):
                end -= len(suffix)
                changed = True
        if text[end - 1] in _EDGE or (text[end - 1] == "." and not _abbrev(text[start:end])):
            end -= 1
            changed = True
    if end - start < 2 and not text[start:end].isdigit():
        return None
    return Candidate(start, end, cand.label, cand.tier, cand.source, cand.name)


# A list's earlier name and its comma right before a span: "Microsoft, " of "Microsoft, Alphabet and Meta".
_LISTED_BEFORE = re.compile(r"(?<![\w-])[A-Z][\w.&'’-]*,\s+\Z")
# Kinds of firm a sentence may start with before one's name (no firm's name starts so).
_KIND_OF_BODY = re.compile(r"(?:Chip|Auto|Car|Drug|Steel|Game|Toy|Phone|Smartphone)makers?|Retailers?|Conglomerates?")
# Letters after a person's name for an honour, a fellowship or an office.
_POST_NOMINALS = frozenset("FRS FRSE FBA FREng FRSA RA DBE CBE OBE MBE KBE GBE KCMG KCB GCB QC KC MP MEP PhD".split())
# "the 1930’s", "the late 1970's", "mid-1980's": the decade (a year's possessive has no article: "1990's budget")
_DECADE_APOSTROPHE = re.compile(rf"{DECADE}['’]s")
_BEFORE_DECADE = re.compile(r"(?:\b[Tt]he|\bearly|\blate|\bmid)[ -]\Z")
_PREV_WORD = re.compile(r"(?<![\w.’'-])([A-Z][\w-]*) $")


def _tail_of_a_name(text: str, start: int, first: str, gaz: Gazetteer) -> bool:
    """Whether a span with no given name first comes right after a capitalised word mid-sentence
    that is no title, given name, people or place, nor a word a sentence starts with: the model's
    person is the end of a longer name ("Impact" + "Hazard Scale")."""
    if first in gaz.given_names or first in gaz.titles:
        return False
    prev = _PREV_WORD.search(text, max(0, start - 30), start)
    if prev is None:
        return False
    word = prev.group(1)
    return not (word in gaz.titles or word.rstrip(".") in gaz.titles or word in gaz.given_names
                or word in FUNCTION_WORDS or gaz.type_of(word) in ("NORP", "GPE") or gaz.place(word)
                or word.lower() in ROLE_NOUNS or word == "Agent"  # "Administrator Bolden"
                or _sentence_start(text, prev.start(1)) or word.isupper())


def _title_article(text: str, start: int) -> bool:
    """Whether a span starts with "A " or "An " capitalised where no sentence starts, so a
    title's first word ("Lions Gate's A Love Song for Bobby Long")."""
    return text.startswith(("A ", "An "), start) and start > 0 and text[start - 1] == " " \
        and not _sentence_start(text, start)


def _sentence_start(text: str, at: int) -> bool:
    before = text[max(0, at - 3):at]
    return at == 0 or before.endswith(("\n", ". ", "! ", "? ", '." ', "” ", ': '))


_ARTICLE_NAME = re.compile(ARTICLE_NAME)  # "al-Amr"


def _capital(word: str) -> bool:
    """Capitalised, a number, a name written in camel case ("iPhone", "eBay") or with an Arabic
    article ("Suleiman al-Amr")."""
    return bool(word) and (word[0].isupper() or word[0].isdigit()
                           or word[0].islower() and any(ch.isupper() for ch in word[1:4]) and word.isalpha()
                           or _ARTICLE_NAME.match(word) is not None)


_ABBREV = re.compile(r"(?:\b[A-Z]\.){2,}$|\b(?:Inc|Corp|Ltd|Co|Jr|Sr)\.$")


def _abbrev(span: str) -> bool:
    """Ends in an abbreviation's dot that belongs to the name ("U.S.", "Inc.")."""
    return span[-3:-2] == "." or span[-4:-1] in ("Inc", "orp", "Ltd", "Co", " Co", "Jr", " Jr",
                                                 "Sr", " Sr") and bool(_ABBREV.search(span)) \
        or span[-2:-1].isupper() and bool(_ABBREV.search(span))


# An office's title up to the body it is of ("Assistant Secretary of the "), and a capitalised name
# after a span (the office-holder's).
_OFFICE_OF = re.compile(r"\b(?:Secretary|Undersecretary|Under Secretary|Director|Minister|Commissioner|"
                        r"Administrator|Inspector General|Chief) of (?:the )?$")
_NAME_AFTER = re.compile(r" [A-Z][a-z]")
_OFFICE_AFTER = re.compile(r" ([A-Z][a-z]+) (?=(?:has|had|is|was|said|says|will|would|of)\b)")
_OFFICE_TITLES = frozenset(("Minister", "Secretary", "President", "Director", "Chairman", "Governor",
                            "Ambassador", "Commissioner", "Undersecretary", "Mayor", "Head", "Chief"))
_BRACKETS = re.compile(r'["“”()\[\]]')
_QUOTES = (('"', '"'), ("“", "”"), ("(", ")"), ("[", "]"))


def junk(text: str, cand: Candidate) -> bool:
    """A span no reader would list: unbalanced brackets or quotes ("Weapons (ICAN"), a piece of a
    longer word ("Strap" of "Strap-on", "Ph" of "Ph.D."), a number with a unit ("3D", "365s"),
    two terms joined by a slash, a time zone, a one- or two-letter "person"."""
    span = text[cand.start:cand.end]
    after = text[cand.end:cand.end + 1]
    if after in ("$", "/") or cand.start and text[cand.start - 1] == "/" or span in TIME_ZONES:
        return True  # "US$1.4 million", "LOx/LH2", "17:55 GMT"
    if cand.source != "spacy":  # the rules' runs are whole words, brackets and quotes outside
        return False
    if _BRACKETS.search(span):
        for left, right in _QUOTES:
            if (span.count(left) != span.count(right)) if left != right else span.count(left) % 2:
                return True
    after, before = text[cand.end:cand.end + 2], text[max(0, cand.start - 2):cand.start]
    if after[:1].isalnum() or after[:1] in ("$", "/") or before[-1:].isalnum() or before[-1:] == "/" or re.match(r"-[a-z]", after) \
            or re.match(r"\.[A-Za-z]", after) and len(span) <= 3:
        return True
    if cand.label == "DATE":  # not "a 2000 year old tradition", "a 1500-year-old temple"
        if re.search(r"\d\.\s", span):
            return True  # "out of 10. 2004 MN4 is ...": a number that ends a sentence, then the next
        if span.isdigit() and re.match(r" [A-Z]{1,3}\d", text[cand.end:cand.end + 5]):
            return True  # "2004 MN4", "1994 XM1": a year that begins a designation
        return span.isdigit() and re.match(r"\s*-?\s*years?\b", text[cand.end:cand.end + 8]) is not None
    first, _, rest = span.partition(" ")
    if cand.label == "ORG" and first in _OFFICE_TITLES and rest.startswith("of "):
        return True  # "Minister of Agriculture & Co-Operatives": an office, not a body
    if span[:1].isdigit() and sum(ch.isalpha() for ch in span) <= 1:
        return True
    if "/" in span or span in TIME_ZONES:
        return True
    return cand.label == "PERSON" and len(span) <= 2


_INNER_POSSESSIVE = re.compile(r"['’]s\s+(?=[A-Z])")
_CONTRACTED = frozenset(("it", "that", "there", "here", "what", "who", "he", "she", "let"))
_PLURAL_POSSESSIVE_NAMES = frozenset(("People's", "Women's", "Children's", "Men's", "Workers'",
                                      "People’s", "Women’s", "Children’s", "Men’s"))


def split_span(text: str, cand: Candidate, gaz: Gazetteer) -> list[Candidate]:
    """A span that holds two names, as two: "Alphabet's Google", "Martha Stewart and Joe Boxer"
    (the model's person or place joined by "and"), "Barcelona v. Chelsea" (a fixture's two
    teams), "U.S.-Canada" (two known places), "Detroit
    Pistons Chauncey Billups" (a name the text uses alone, then a person)."""
    span = text[cand.start:cand.end]
    if len(span) < 4 or " " not in span and "-" not in span or gaz.lookup(span) \
            or cand.source == "title" and cand.name:  # ("Austen, Jane": one person)
        return [cand]
    m = _INNER_POSSESSIVE.search(text, cand.start, cand.end)
    owner_named = m is not None and _headed_body(text[cand.start:m.start()])
    if m and m.end() < cand.end and not (  # not "Addenbrooke's Hospital", "King's College London"
            text[m.end():cand.end].split()[0] in _HEAD_WORDS and not owner_named
            and not gaz.lookup(text[cand.start:m.start()]) and not gaz.place(text[cand.start:m.start()])):
        left = text[cand.start:m.start() + 2].split()[-1]
        if left not in _PLURAL_POSSESSIVE_NAMES and left[:-2].lower() not in _CONTRACTED:
            owner = "ORG" if cand.label in ("PRODUCT", "WORK_OF_ART") else None  # "GSK's Mosquirix"
            return [cand.part(cand.start, m.start(), owner), cand.part(m.end(), cand.end)]
    pair = re.fullmatch(r"(?:[Tt]he )?([A-Z][^-]*[a-z]) ?[-–] ?([A-Z][^-]*)", span)
    if pair and " " in pair.group(1) + pair.group(2) and all(
            all(w[:1].isupper() for w in p.split()) and _alone(text, p) for p in pair.groups()):
        return [cand.part(cand.start + pair.start(1), cand.start + pair.end(1)),  # "the FC Porto-Inter
                cand.part(cand.start + pair.start(2), cand.end)]  # Milan second leg": two names the text uses
    halves = _COMPASS_PAIR.fullmatch(span)
    if halves:  # "North and South America", "East and West Germany": two places, the first
        first, second = (f"{halves.group(k)} {halves.group(3)}" for k in (1, 2))  # written short
        known = [gaz.lookup(n) or (gaz.place(n) and Entry(gaz.place(n)[0], "GPE")) for n in (first, second)]
        if all(known):
            at = cand.start + halves.start(2)
            return [Candidate(cand.start, cand.start + halves.end(1), known[0].type, cand.tier,
                              "gazetteer", known[0].name),
                    Candidate(at, cand.end, known[1].type, cand.tier, "gazetteer", known[1].name)]
    members = _members(text, cand, span, gaz) or _body_then_speaker(text, cand, span, gaz)
    if members:
        return members
    listed = re.fullmatch(r"([^,]+), ([A-Z][^,&]*)", span)  # "Living Seas, Crush", "University
    if listed and cand.label not in ("PERSON", "GPE", "LOC", "DATE") \
            and listed.group(2).split()[-1].rstrip(".") not in _LEGAL_TAILS:  # of Arkansas, Fayetteville"
        place = gaz.place(listed.group(2)) or gaz.type_of(listed.group(2)) == "GPE"
        if cand.source != "spacy" and not place:
            return [cand]  # (a rules' name: only a place after its comma)
        second = Candidate(cand.start + listed.start(2), cand.end, "GPE" if place else None,
                           cand.tier, cand.source)  # (no label of the whole's: "Crush" no FAC)
        return [cand.part(cand.start, cand.start + listed.end(1)), second]  # two names listed
    if cand.source != "spacy":
        return [cand]
    lead = 4 if span.startswith(("the ", "The ")) else 0  # "the Italian Rossi"
    people, _, person = span[lead:].partition(" ")
    if person and gaz.type_of(people) == "NORP" and cand.label != "DATE" and (
            " " not in person and _named_in_full(text, person, gaz)  # "Republican Blackwell": the
            or 2 <= len(person.split()) <= 3 and person.split()[0] in gaz.given_names  # party, the
            and all(w[:1].isupper() for w in person.split())):  # person; "Latvian Anna Berzina"
        return [cand.part(cand.start + lead, cand.start + lead + len(people), "NORP"),
                cand.part(cand.end - len(person), cand.end, "PERSON")]
    if cand.label == "NORP" and person and " " not in person and gaz.type_of(people) == "NORP" \
            and person[:1].isupper() and person.isalpha() and not gaz.type_of(person) \
            and not gaz.place(person):  # "six Salvadoran Jesuit priests": a nation's, and a faith's
        return [cand.part(cand.start, cand.start + len(people), "NORP"),
                cand.part(cand.end - len(person), cand.end, "NORP")]
    if cand.label == "DATE":  # "(between) March 2009 to January 2011": two dates
        lead = re.match(r"(?:[a-z]+ )*", span).end()
        years = _YEAR_RANGE.fullmatch(span, lead)
        if years and years.group(1) < years.group(2):  # "between 1961-2003": two years, each a date
            return [cand.part(cand.start + lead, cand.start + years.end(1)),
                    cand.part(cand.start + years.start(2), cand.end)]
        pair = re.fullmatch(r"(.+?) (?:to|until|through|and|[-–]) (.+)", span[lead:])
        if pair and all(len(p.split()) >= 2 and find_dates(p) == [(0, len(p))]
                        for p in pair.groups()):  # not "December 1 and 2, 2004"
            return [cand.part(cand.start + lead, cand.start + lead + pair.end(1)),
                    cand.part(cand.start + lead + pair.start(2), cand.end)]
        return [cand]
    fixture = re.fullmatch(r"(.+?) vs?\.? (.+)", span)
    if fixture and fixture.group(1)[:1].isupper() and fixture.group(2)[:1].isupper():
        return [cand.part(cand.start, cand.start + fixture.end(1), "ORG"),  # "Werder Bremen v. Lyon"
                cand.part(cand.start + fixture.start(2), cand.end, "ORG")]
    if " and " in span and (cand.label in ("PERSON", "GPE", "NORP") or cand.label == "ORG" and span.count(" and ") == 1
                            and _LISTED_BEFORE.search(text, max(0, cand.start - 40), cand.start)):
        left, _, right = span.partition(" and ")  # no person's name holds "and": two people; nor the
        if left[:1].isupper() and right[:1].isupper():  # last two of a list of bodies ("from Microsoft, Alphabet and Meta")
            return [cand.part(cand.start, cand.start + len(left)),
                    cand.part(cand.end - len(right), cand.end)]
    town = re.fullmatch(r"([^,]+), ([^,]+)", span)  # "Reading, Berkshire": two places
    if town and (gaz.place(town.group(1)) or gaz.lookup(town.group(1))) and town.group(2)[:1].isupper():
        return [cand.part(cand.start, cand.start + town.end(1), "GPE"),
                cand.part(cand.start + town.start(2), cand.end, "GPE")]
    located = re.fullmatch(r"(.+?) in ((?:[A-Z][\w.'-]*\s?){1,3})", span)
    if located and cand.label in ("ORG", "FAC") and cand.source == "spacy":  # "X Farm in Cabixi"
        return [cand.part(cand.start, cand.start + located.end(1)),
                cand.part(cand.start + located.start(2), cand.end, "GPE")]
    pair = re.fullmatch(r"([^\s-]+)-([^\s-]+)", span)
    if pair and all(gaz.lookup(p) or gaz.place(p) for p in pair.groups()):
        return [cand.part(cand.start, cand.start + pair.end(1), "GPE"),
                cand.part(cand.start + pair.start(2), cand.end, "GPE")]
    words = [(cand.start + w.start(), cand.start + w.end()) for w in _WORD.finditer(span)]
    for i in range(1, len(words) - 1):
        first = text[words[i][0]:words[i][1]]
        head = text[cand.start:words[i - 1][1]]
        if first in gaz.given_names and text.count(head) >= 2 and len(words) - i <= 3 \
                and not re.fullmatch(r"(?:[A-Z]\.\s?)+", head) \
                and text[words[i - 1][0]:words[i - 1][1]] not in gaz.given_names \
                and all(text[a:b][:1].isupper() for a, b in words[i:]):
            person = cand.part(words[i][0], cand.end, "PERSON")
            if any(w in gaz.titles for w in head.split()):  # "Deputy Undersecretary ... X Y"
                return [person]
            return [cand.part(cand.start, words[i - 1][1]), person]  # (not "L." of "L. Ron Hubbard")
    if len(words) >= 3:  # "the Andean Community Wagner" ... "said Wagner": a body, then a person
        last = text[words[-1][0]:words[-1][1]]
        head = re.sub(r"^(?:the|The) ", "", text[cand.start:words[-2][1]])
        if last[:1].isupper() and last.isalpha() and last not in _HEAD_WORDS \
                and _speaks(text, last) and text.count(head) >= 2:
            person = Candidate(words[-1][0], cand.end, "PERSON", cand.tier, "title")
            return [cand.part(cand.start, words[-2][1]), person]
    return [cand]


_HEAD_WORDS = ORG_HEADS | LAW_HEADS | EVENT_HEADS | FAC_HEADS
_COMPASS_PAIR = re.compile(r"(?:[Tt]he )?(North|South|East|West|Central|Eastern|Western|Northern|Southern)"
                           r" and (North|South|East|West|Central|Eastern|Western|Northern|Southern) (.+)")
_LEGAL_TAILS = frozenset("Inc Ltd Co Corp LLC LLP plc PLC AG SA NV Jr Sr II III IV".split())


def _headed_body(name: str) -> bool:
    """A body's whole name by its form: a head word, then "of" and a name ("Department of the
    Army", "Ministry of Defence"), so what it owns is another body ("...'s Office of the Inspector
    General"), not the rest of its own name (as "Addenbrooke's" of "Addenbrooke's Hospital")."""
    words = re.sub(r"^(?:the|The) ", "", name).split()
    return len(words) >= 3 and words[0] in ORG_HEADS and words[1] == "of" \
        and all(w[:1].isupper() or w in ("of", "the", "and", "for") for w in words[2:])
_SPEECH_AFTER = re.compile(r",?\s+(?:" + "|".join(sorted(SPEECH_VERBS)) + r")\b")


_MEMBER = re.compile(r"((?:[A-Z][\w’']*(?:-[a-z]+)? ){1,2}[A-Z][\w’']*(?:-[a-z]+)?) (?:of|from|for) "
                     r"(?:the )?([A-Z][\w’'&.-]*(?:,? (?:[A-Z][\w’'&.-]*|of|for))*)")


def _members(text: str, cand: Candidate, span: str, gaz: Gazetteer) -> list[Candidate]:
    """People named with their party, which the model takes for one body: "Claudia Mo of the
    Civic Party", "Gary Chan of DAB and Eunice Yung of New People's Party" -> each person
    (a known given name first, or a name like "Kwong Chun-yu") and each party."""
    out, pos = [], 0
    for piece in span.split(" and "):
        m = _MEMBER.fullmatch(piece)
        if not m:
            return []
        person = m.group(1).split()
        party = m.group(2).split()[-1] in PARTY_HEADS  # (of a party: a
        if any(w in _HEAD_WORDS for w in person) or not (  # member, "Atiku Abubakar of the Peoples ...")
                person[0] in gaz.given_names or any(re.search(r"-[a-z]", w) for w in person)
                or party and len(person) >= 2 and not gaz.lookup(m.group(1)) and not gaz.place(m.group(1))):
            return []
        at = cand.start + pos
        out += [cand.part(at, at + m.end(1), "PERSON"), cand.part(at + m.start(2), at + m.end(2), "ORG")]
        pos += len(piece) + len(" and ")
    return out


def _body_then_speaker(text: str, cand: Candidate, span: str, gaz: Gazetteer) -> list[Candidate]:
    """A body's name, then a person's that speaks, taken for one body: "the Council on
    American-Islamic Relations Alia Salem said" -> the council and the person (a known given
    name, or a surname the text uses alone as a speaker: "Jafari said")."""
    tail = re.search(r"(\S+)\s+(\S+)$", span)
    if len(span.split()) < 4 or cand.label not in ("ORG", None) or tail is None:
        return []
    given, last = tail.groups()
    head = span[:tail.start()].rstrip()
    if not (given[:1].isupper() and last[:1].isupper() and given.isalpha() and last.isalpha()) \
            or {given, last} & _HEAD_WORDS or not any(w in ORG_HEADS for w in head.split()) \
            or gaz.lookup(f"{given} {last}") or gaz.place(f"{given} {last}"):
        return []
    speaks = _speaks(text, last)
    if not (given in gaz.given_names or speaks) or not (speaks or _said_after(text, span)):
        return []
    return [cand.part(cand.start, cand.start + len(head), "ORG"),
            cand.part(cand.start + tail.start(), cand.end, "PERSON")]


def _named_in_full(text: str, word: str, gaz: Gazetteer) -> bool:
    """Whether the text names someone in full with this last word: "Kenneth Blackwell"."""
    return word[:1].isupper() and word.isalpha() and word in _after_given_names(text, gaz.given_names)


_LETTERS = re.compile(r"[A-Za-z]+")


@functools.lru_cache(maxsize=2)
def _after_given_names(text: str, given_names: frozenset[str]) -> frozenset[str]:
    """The words (their letters up to the first other character) that follow a given name in
    the text: one pass over it, remembered for the text being read (each mention asks)."""
    words = text.split()
    out = set()
    for first, second in zip(words, words[1:]):
        if first in given_names:
            m = _LETTERS.match(second)
            if m:
                out.add(m.group())
    return frozenset(out)


def _said_after(text: str, span: str) -> bool:
    """Whether a speech verb follows the span somewhere in the text ("... Alia Salem said")."""
    at = text.find(span)
    while at >= 0:
        if _SPEECH_AFTER.match(text, at + len(span)):
            return True
        at = text.find(span, at + 1)
    return False


@functools.lru_cache(maxsize=256)
def _alone(text: str, name: str) -> bool:
    """Whether the text uses the name as a word of its own, not only inside a longer one: "Inter
    Milan" beside "FC Porto-Inter Milan", not "Japan Self" of "Japan Self-Defense Forces"
    (remembered: a long text asks about the same names again and again)."""
    at = text.find(name)
    while at >= 0:
        before, after = text[at - 1:at] if at else "", text[at + len(name):at + len(name) + 1]
        if not (before.isalnum() or before in ("-", "_")) and not (after.isalnum() or after in ("-", "_")):
            return True
        at = text.find(name, at + 1)
    return False


def _speaks(text: str, word: str) -> bool:
    """Whether the text uses the word alone as a speaker: "said Wagner", "Wagner told"."""
    return word in _speakers(text)


@functools.lru_cache(maxsize=1)
def _speakers(text: str) -> frozenset[str]:
    """Every capitalised word the text uses alone beside a speech verb (one pass over the text;
    the last text is remembered, so each span's question costs a set lookup)."""
    verbs = "|".join(sorted(SPEECH_VERBS))
    found = {m.group(1) for m in re.finditer(rf"\b(?:{verbs}) ([A-Z][^\W\d_]+)\b(?! [A-Z])", text)}
    found |= {m.group(1) for m in re.finditer(rf"(?<![\w’'-] )\b([A-Z][^\W\d_]+) (?:{verbs})\b", text)}
    return frozenset(found)
