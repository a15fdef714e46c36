"""An entity's type, decided by the evidence of all its mentions, in a fixed order of precedence.

The first kind of evidence that speaks decides (each has tests in
tests/core/test_entities_evidence.py):

1. Fixed: a strong gazetteer entry (country, curated place or organisation, demonym), the long form
   of a defined acronym, a bare surname of a person named in full. A LANGUAGE cue turns a demonym
   into a language ("available in the following languages: Polish, Czech").
2. The name's own form: a title before it (PERSON), a head word (ORG "... Council", FAC
   "... Station", LAW "... Act", EVENT "... Summit"), a defined acronym's long form's head word
   over the model's label for the acronym ("Maritime Self-Defense Force (JMSDF)"), a known
   product and its version or model ("Windows 11", "Space Shuttle Atlantis"), a name and a number
   or code that is no numbered body ("Delta 4": PRODUCT; "Euro 2005", a year: EVENT; not
   "Channel 4"), a place and a compass word ("Kowloon East": GPE), a movement's people in -ists
   the text never writes in lowercase ("Unionists": NORP, over the model's body or place).
3. Context cues around the mentions: LANGUAGE (a nationality in a sentence about languages, or
   alone after "in": "the report, in Spanish, ...", or before what is written in it: "the
   Chinese version"), a county or state after a known town ("Reading, Berkshire": GPE unless it
   starts with a given name), a natural feature (LOC: "the island of Kyushu", "the Andes
   mountains", in at least half the mentions); a model's person with a party's word ("Christian
   Democratic Appeal") or an acronym first ("NRC Handelsblad") is an ORG, and a month the model
   dated a DATE; then the most frequent of ORG ("X's chief executive", "X CEO", "X frontman",
   "Pacers guard", "Liverpool 2-1", "X v. Y", "his team X", "working for X", "shares of X",
   "at X hospital", "the security firm X", "the drug company, X,", "the X said", "McLaren's
   Charles Porter"), PERSON ("Mr X", "Dr X", a person's role right before: "fashion designer X"),
   PRODUCT ("X helicopters", "X 1.0"; "the vaccine, X," even over a model's person), LAW ("the X
   act"), WORK_OF_ART (a kind of work right before: "her graphic novel X", "the movie X") and, for
   a name that is no known place, EVENT ("the X joint military exercise", "the X marathon").
4. A weak gazetteer place (subdivision, county, city): in a sports report (``sport_text``), with
   no "in X" or "X, Utah" and no national capital or home nation, the club (ORG: "bought him from
   Liverpool"); otherwise GPE when a mention has a place cue ("in X", "near X", "X, Utah"), or
   the name has several words, or the model called it a place, or nothing else typed it — never
   over a model's PERSON or ORG without a place cue, except for a national capital with no
   person cue ("support Kyiv", "Moscow said": it stands for the government); with the model too, a
   state or province it left untagged, never written in lowercase ("Tasmania was excluded").
5. A person's role in apposition ("X Y, another contributor to ...", "X Y, who", "X Y, chief
   financial officer at ..."): PERSON for a name of two to four capitalised words (initials and
   hyphens allowed: "K.C. Maurer") with no head word, over a model's ORG or GPE.
   A town no one is named for, then no given name ("Rotterdam Shortsea"): ORG over a model's
   PERSON, unless a mention has a person cue ("X said", "Mr X", a role, a list of people).
   A person's name: two to four words, the first a known given name, no head word, not a place:
   PERSON over a model's place or nationality; over a model's ORG only with a person cue ("X said",
   "X, who", "founded by X", a surname used with one, a neighbour in a list of people, "X won" with no cue for a
   body); a one-word model's person listed with a body and not with people: ORG ("YouGov and
   Ipsos").
6. The model's labels over all mentions: the most frequent.
7. The rules' own guesses (rules-only mode): the most frequent.
With none of these the name is dropped (a defined acronym's long form is an ORG).
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from .dates import DATED_YEAR
from .gazetteer import Gazetteer
from .lexicon import (EVENT_HEADS, FAC_HEADS, LAW_HEADS, MONTHS, ORG_HEADS, PARTY_HEADS, PERSON_NOUNS, PERSON_ROLES,
                      ROLE_NOUNS,
                      SPEECH_VERBS)

PLACES = frozenset(("GPE", "LOC", "FAC"))
_MONTH_NAMES = frozenset(MONTHS)
_CALENDAR_DAY = re.compile(r"(?:" + "|".join(MONTHS) + r") \d{1,2}(?:st|nd|rd|th)?, " + DATED_YEAR)
# Words of a party's or a movement's name that no person's name holds.
PARTY_WORDS = frozenset(("Democratic", "Democrats", "Republican", "Republicans", "Socialist",
                          "Socialists", "Communist", "Communists", "Liberal", "Liberals", "Labour",
                          "Conservative", "Conservatives", "Nationalist", "Progressive", "Alliance",
                          "Party", "Front", "Movement", "Appeal", "Union", "Coalition"))
MAX_CUED = 64  # mentions whose context is read: a book's thousandth "NATO" adds nothing
_BODIES = (r"(?:company|firm|corporation|conglomerate|airline|bank|carrier|retailer|maker|"
           r"manufacturer|producer|publisher|studio|distributor|broadcaster|newspaper|network|"
           r"agency|charity|party|supplier|insurer|lender|chipmaker|automaker|drugmaker|startup|"
           r"start-up|chain)")
_ORG_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:CEO|chief executive|chief financial officer|chairman|chairwoman|spokesman|"
    r"spokeswoman|spokesperson|frontman|frontwoman|lead singer|shares|stock|shareholders|"
    r"headquarters|subsidiary|employees|executives|board of directors|guard|forward|striker|"
    r"midfielder|defender|goalkeeper|quarterback|pitcher|player|players|coach|manager|critic|"
    r"hospital|brand|brands|group of|company|Inc\b|Corp\b|Ltd\b|LLC\b|plc\b)\b"
    r"|^,\s+(?:(?:an?|the)\s+(?:[a-z-]+\s+){0,3}" + _BODIES + r"\b(?!['’])"
    r"|(?:[a-z-]+\s+){0,3}" + _BODIES + r"\b(?=\s*[,)]))"
    r"|^,\s+the\s+(?:[A-Z][\w-]*\s+){1,3}(?:" + "|".join(sorted(ORG_HEADS)) + r")(?=\s*[,.;)])")
# ("Gavi, the Vaccine Alliance,": a body's other name; not "X, the Labour Party's leader")
# A phrase led by a preposition, then a comma: the sentence's subject follows, not the noun's name
# ("On his campaign website, Sarvis notes", not "the publisher, Penguin").
_PHRASE_THEN_SUBJECT = re.compile(r"(?:^|[.;:!?]\s+|\n)(?:[Oo]n|[Ii]n|[Aa]t|[Vv]ia|[Tt]hrough|[Ff]rom|[Ww]ith)\s+"
                                  r"(?:[\w’'-]+\s+){0,4}[\w-]+,\s+$")
_ORG_BEFORE = re.compile(r"(?:\b(?:team|club)\s+|\b(?:work(?:s|ed|ing)? (?:for|at)|"
                         r"employed by|employees of|staff at)\s+)$|\b(?:[Ss]hares (?:of|in)|[Ss]take in|subsidiary of|acquisition of|takeover of|"
                         r"(?:agreed|plans|offered|bid|deal|wants|sought|seeks) to (?:buy|acquire)|"
                         r"brands?,? (?:including|such as)|company|firm|retailer|carmaker|maker|"
                         r"airline|carrier|studio|publisher|broadcaster|newspaper|magazine|journal|website|"
                         r"agency|charity|bank|conglomerate|group|distributor|manufacturer|supplier|insurer|lender|unit|division|"
                         r"chipmaker|automaker|drugmaker|startup|start-up|chain|giant),?\s+(?:the\s+)?$"
                         r"|\b(?:companies|firms|retailers|carmakers|airlines|carriers|banks|lenders|insurers|"
                         r"chipmakers|automakers|drugmakers|startups|giants),?\s+$")  # ("drugmakers Bavarian
                         # Nordic and Moderna"; not "publishers", "producers": people too)
# (Not "operator", "developer", "producer": people too, as in "the site's operator, Edward Webber".)
# A side of a match: "beat Liverpool 2-1" (a team and the score), "Barcelona v. Chelsea" (a
# fixture's teams); a team's, unless a person's name plays ("beat Carlos Alcaraz 6-4").
_FIXTURE_AFTER = re.compile(r"\s+(?:(?:\d|[1-9]\d)[-–](?:\d|[1-9]\d)\b(?![-–.]?\d)|vs?\.?\s+[A-Z])")
_FIXTURE_BEFORE = re.compile(r"(?:\bvs?\.\s+|\bvs\s+)$")
_ORG_SAYS = re.compile(r"^\s+(?:said|says|reported|reports|quotes|quoted|announced|stated|added)\b")
# A named exercise or contest: "the Balikatan joint military exercise", "the Comrades marathon".
_EVENT_AFTER = re.compile(r"^\s+(?:(?:joint|military|naval|air|annual|live-fire|combined|"
                          r"multinational|international)\s+){0,3}(?:exercises?|drills|war games|"
                          r"tournament|marathon|festival)\b")
_LAW_AFTER = re.compile(r"^\s+(?:act|law|bill|treaty|accord|convention|directive)\b")
_PERSON_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Mr\.|Mrs\.|Ms\.|Dr\.|Sir|Dame)\s+$")
# A person's role written in lowercase right before the name: "fashion designer Halston",
# "singer-songwriter Carly Simon" (no comma between: "the US diplomat, X," is ``_ROLE_BEFORE``).
ROLE_RIGHT_BEFORE = re.compile(r"(?<![\w-])(?:[a-z]+-)?(?:" + "|".join(sorted(PERSON_ROLES)) + r") $")
_PRODUCT_AFTER = re.compile(
    r"^\s+(?:\d+(?:\.\d+)+\b|(?:[a-z]+-[a-z]+(?:-[a-z]+)*\s+)?"  # "Typhon mid-range missile"
    r"(?:helicopters?|aircraft|jets?|airliners?|rockets?|missiles?|tanks?|drones?|probes?|rovers?|"
    r"landers?|spacecraft|telescopes?|"
    r"submarines?|browser|software|smartphones?|handsets?|consoles?|engines?|satellites?)\b)")
# Kinds of product a name follows, for the product's cue and its maker's (below).
_PRODUCT_KINDS = ("vaccine|drug|medicine|pill|smartphone|handset|console|chatbot|software|rocket|satellite|"
                  "aircraft|airliner|jet|helicopter|missile|SUV")
# A kind of product right before its name: "its RSV vaccine, Abrysvo,", "the chatbot Ernie".
_PRODUCT_BEFORE = re.compile(r"\b(?:" + _PRODUCT_KINDS + r"|app|browser|operating system|car),?\s+"
                             r"(?:[A-Z][\w&-]*['’]s\s+)?$")  # "the first malaria vaccine, GSK's Mosquirix"
# A party's member: "Bola Tinubu of the ruling All Progressives Congress".
_MEMBER_OF = re.compile(r"\s+of\s+the\s+(?:ruling\s+|(?:main\s+)?opposition\s+)?(?:[A-Z][\w'’-]*\s+){1,4}"
                        r"(?:" + "|".join(PARTY_HEADS) + r")\b")
# What a leader gives a name to: "the Bush administration", "the Kishida cabinet".
_LEADER_AFTER = re.compile(r"\s+(?:[Aa]dministration|cabinet|presidency)\b")
# A maker before its product's name: "Kestrel Pharma's weight-loss drug Wegovy", "Lumo's chatbot Ernie".
_MAKER_OF = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}?(?:" + _PRODUCT_KINDS + r"|chip|processor)s?,?\s+[A-Z]")
_PLACE_BEFORE = re.compile(r"\b(?:[Ii]n|[Nn]ear|[Ff]rom|[Oo]utside|[Aa]cross|across from|[Aa]round|to|city of|town of|"
                           r"capital|province of|state of|[Cc]ounty of|village of|region of|district of|outskirts of|suburbs? of|"
                           r"mayor of|governor of|residents of)\s+(?:the\s+)?$")
_PLACE_AFTER = re.compile(r"^(?:-based\b|\s+(?:province|state|county|city|region|district)\b"
                          r"|,\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)?-based\b)")  # "the Santa Clara, California-based firm"
# A natural feature: "the island of Kyushu", "the Andes mountains" (a place, not a state or city).
_FEATURE_BEFORE = re.compile(r"\b(?:island|islands|isle|peninsula|mount|mountain|lake|river|gulf|bay|"
                             r"sea|strait|straits|desert|valley|plateau)\s+of\s+(?:the\s+)?$")
_FEATURE_AFTER = re.compile(r"^\s+(?:mountains|mountain range|range|river|island|islands|peninsula|"
                            r"desert|valley|basin|sea|ocean|lake|strait|plateau)\b"
                            r"(?=\s*(?:[,.;:)]|$)|\s+(?:in|of|and|to|on|at|where|which|that|is|are|"
                            r"was|were|has|have|had)\b)")  # not "Small island states"
# A language's name before what is written in it: "the Chinese version", "an English edition".
_VERSION_AFTER = re.compile(r"^\s+(?:version|versions|edition|editions|translation|subtitles|"
                            r"dub|dubbing|language)\b")  # "... completed mainly in the Spanish language
_NEXT_NAME = re.compile(r"^,\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\b")
_DATELINE = re.compile(r"^(?:,[^\n]{0,40})?\s+[-–—]\s")
_ROLE_BEFORE = re.compile(r"\b(?:" + "|".join(ROLE_NOUNS) + r")(?:\s+(?:in|of|for|at|to)\s+"
                          r"[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?,\s+$")
_PERSON_AFTER = re.compile(
    r"^(?:,\s+who\b|\s+(?:" + "|".join(SPEECH_VERBS) + r")\b"
    r"|,\s+(?:the|a|an|another|its|his|her|their|[\w-]+['’]s)\s+(?:[\w'’-]+\s+){0,4}?(?:"
    + "|".join(ROLE_NOUNS) + r")\b)")
# "X, an Australian woman", "X, a 34-year-old mother of three": what only a person is.
_PERSON_NOUN_AFTER = re.compile(r",\s+(?:a|an|the|his|her|their|[\w-]+['’]s)\s+(?:[\w'’-]+\s+){0,3}?(?:"
                                + "|".join(sorted(PERSON_NOUNS)) + r")\b(?!['’]s)")
_SCENE_BEFORE = re.compile(r"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Ff]rom|[Oo]utside|[Aa]round|[Aa]cross)\s+(?:the\s+)?$")
# "X, who", "X, another active contributor to ...": said only of people.
_ROLE_AFTER = re.compile(
    r"^(?:,\s+who\b|,\s+(?:the|a|an|another|its|his|her|their|[\w-]+['’]s)\s+(?:[\w'’-]+\s+){0,4}?"
    r"(?:" + "|".join(ROLE_NOUNS) + r")\b(?!['’]s))")
# "X, chief financial officer at the foundation", "X, safety expert on Fortum": a role with no
# article before it, then what it is of.
_BARE_ROLE_AFTER = re.compile(r"^,\s+(?:[a-z][\w'’-]*\s+){0,3}?(?:" + "|".join(ROLE_NOUNS)
                              + r")(?:\s+and\s+[a-z]+)?(?:\s+(?:of|at|for|on|in|with)\b|\s*$)")
# (the context read is 40 characters: "..., chief financial officer and treasurer " may end it)
# Made by a person: "founded by X", "written by X".
_MADE_BY = re.compile(r"\b(?:founded|co-founded|created|invented|written|directed|painted|composed|"
                      r"photographed|illustrated|drawn|sculpted)\s+by\s+$")
# A kind of work right before its title: "her graphic novel Angel Catbird", "the movie Finding
# Nemo", "the series Supernatural" (nouns no verb shares: not "show", "play", "single").
_WORK_NOUNS = frozenset("""novel film movie album song documentary sitcom painting poem memoir opera
musical novella anthology videogame game films movies novels albums series comedy thriller drama book
titled entitled""".split())
_WORK_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(_WORK_NOUNS - {"game"})) + r"|video game)\s+[\"“]?$")
_ACTS_AFTER = re.compile(r"^\s+(?:won|beat|defeated|scored|finished|retired|married|died)\b")
_OWNER_OF = re.compile(r"^['’]s\s+([A-Z][a-z]+)\s+[A-Z][a-z]+")
_LANGUAGE = re.compile(r"\blanguages?\b[^.;]*$")
# A name and a number or code: "Delta 4", "Euro 2005", "Vulcain HM60" (not "Channel 4").
_CODED = re.compile(r"([A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?) ((?:[A-Z]{0,3}-?)?\d+[A-Za-z0-9-]*)")
_NUMBERED_BODIES = frozenset("""Channel Radio TV Ligue Formula Division League Group Section Article
Chapter Category Level Phase Stage Round Zone Terminal Gate Platform Route Highway Interstate Pier
Studio Studios District Ward Block Building Unit Sector Camp Area Region Line Flight Room Table
Grade Class Year Day Week Vol Volume Part Series No Number Act Title Amendment Resolution""".split())
# Provinces named for a direction or a kind of land ("Central", "Western", "Coast"), which a
# text writes capitalised for other reasons: no place without the model's word or a cue.
_REGION_WORDS = frozenset("""North South East West Northern Southern Eastern Western Central Centre
Center Capital Coast Coastal Upper Lower Middle Greater Highlands Islands Lakes Mountain Plateau
Valley Delta River""".split())
_ADHERENTS = re.compile(r"[A-Z][a-z]{3,}ists")
_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}")
_VERSION = re.compile(r"\d[\w.]*|Pro|Max|Plus|Mini|Air|XP|Vista|Series|One|Ultra")


@dataclass
class Mention:
    """One mention as evidence: where it is, what the model and the rules said about it."""

    start: int
    end: int
    model: str | None  # the statistical model's label for this span, if it tagged it
    rule: str | None  # the rules' label (STRONG: title, head, facility; WEAK: person, city, date)
    source: str
    fixed: str | None = None  # a label no other evidence changes (gazetteer, acronym, surname)


def cues(text: str, start: int, end: int, gaz: Gazetteer | None = None) -> set[str]:
    """The context cues around one mention: "ORG", "PERSON", "PRODUCT", "LANGUAGE", "PLACE"
    ("in X", "X, Utah" when the gazetteer knows Utah, a dateline "OSLO —"), "SAYS" (a person cue
    that organisations share: "X said", "X, who")."""
    before, after = text[max(0, start - 60):start], text[end:end + 40]
    found = set()
    if _ORG_AFTER.match(after) or body_before(text, start) and not _PLACE_AFTER.match(after) \
            or _ORG_SAYS.match(after) and re.search(r"\b[Tt]he\s+$", before):
        found.add("ORG")  # ... "the Daily Telegraph quotes": people take no "the"
    if _MEMBER_OF.match(text, end, end + 80) and " " in text[start:end] \
            and not any(w in ORG_HEADS or w in FAC_HEADS for w in text[start:end].split()):
        found.add("PERSON")
    if _LEADER_AFTER.match(text, end, end + 20) and re.search(r"\b[Tt]he\s+$", before) \
            and not (gaz is not None and gaz.type_of(text[start:end]) in ("GPE", "NORP", "ORG")):
        found.add("PERSON")  # "the Bush administration": a leader's, not the town's
    if _MAKER_OF.match(text, end, end + 60) and not (gaz is not None and person_name(text[start:end], gaz)):
        found.add("ORG")
    if _FIXTURE_AFTER.match(text, end, end + 40) or _FIXTURE_BEFORE.search(before):
        found.add("ACTS" if gaz is not None and person_name(text[start:end], gaz) else "ORG")
    if _LAW_AFTER.match(after):
        found.add("LAW")
    if _EVENT_AFTER.match(after):
        found.add("EVENT")
    last = before[-24:].rsplit(None, 1)[-1] if before[-1:] == " " and before.strip() else ""
    # (the word right before, for the cues that need one: a role, a kind of work, "by")
    if _PERSON_BEFORE.search(before) or last.rsplit("-", 1)[-1] in PERSON_ROLES \
            and ROLE_RIGHT_BEFORE.search(before):
        found.add("PERSON")
    if person_apposition(text, start, end):
        found.add("PERSON")
    if _PRODUCT_AFTER.match(after):
        found.add("PRODUCT")
        if re.search(r"\b(?:[Tt]he|[Ii]ts|[Tt]heir)\s+$", before):
            found.add("OWNED_PRODUCT")  # "the Perseverance rover", "its Rosalind Franklin rover": no one's name
    if (last.lstrip('"“') in _WORK_NOUNS and _WORK_BEFORE.search(before)
            or before.endswith(('"', "“")) and _WORK_BEFORE.search(before)) and not after.startswith(("'s", "’s")):
        found.add("WORK_OF_ART")  # (not the owner: "the comedy Lemony Snicket's A Series of ...")
    if _PRODUCT_BEFORE.search(before) and not after.startswith(("'s", "’s")):  # not the maker, "GSK's"
        found.update(("PRODUCT", "PRODUCT_KIND"))
    if _PLACE_BEFORE.search(before) or _PLACE_AFTER.match(after):
        found.add("PLACE")
    if _FEATURE_BEFORE.search(before) or _FEATURE_AFTER.match(after):
        found.add("FEATURE")
    if gaz is not None and _after_place(text, start, gaz):
        found.add("TOWN")  # "Reading, Berkshire": what follows a known place and a comma
    if "PLACE" not in found and gaz is not None:
        nxt = _NEXT_NAME.match(after)
        if nxt and gaz.is_place(nxt.group(1)):
            found.add("PLACE")
        elif (start == 0 or text[start - 1] == "\n") and _DATELINE.match(after):
            found.add("PLACE")
    bare_role = after[:1] == "," and _BARE_ROLE_AFTER.match(after)
    if bare_role or _ROLE_AFTER.match(after):
        found.add("ROLE")
    if _ACTS_AFTER.match(after):
        found.add("ACTS")  # "X won", "X beat": a person or a team, by the name's form
    if gaz is not None:
        owner = _OWNER_OF.match(after)
        if owner and owner.group(1) in gaz.given_names:
            found.add("ORG")  # "McLaren's Lando Norris": the team or firm a person is of
    if bare_role or _PERSON_AFTER.match(after) or _ROLE_BEFORE.search(before) \
            or last == "by" and _MADE_BY.search(before):
        found.add("SAYS")  # "X said", "X, who", "X, the agency's head", "the US diplomat, X,"
    found |= language_cues(text, start, end)
    return found


def body_before(text: str, start: int) -> bool:
    """Whether a kind of firm or a phrase said of bodies comes right before the name ("drugmakers
    X", "shares of X", "a stake in X")."""
    before = text[max(0, start - 60):start]
    return bool(_ORG_BEFORE.search(before)) and not _PHRASE_THEN_SUBJECT.search(before)


def person_apposition(text: str, start: int, end: int) -> bool:
    """Whether the name is followed by what only a person is ("X, an Australian woman,"), and is no
    place a sentence starts with ("In Houston, a man was shot")."""
    return bool(_PERSON_NOUN_AFTER.match(text, end, end + 60)) \
        and not _SCENE_BEFORE.search(text, max(0, start - 30), start)


def language_cues(text: str, start: int, end: int) -> set[str]:
    """"LANGUAGE" in a sentence about languages, "IN_LANGUAGE" for "the report, in Spanish, ..."."""
    window = text[max(0, start - 400):start]
    cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "), window.rfind("\n"))
    if "language" in window[cut + 1:] and _LANGUAGE.search(window[cut + 1:]):
        return {"LANGUAGE"}
    if window.endswith(("in ", "in\xa0")) and re.search(r"\bin\s+$", window[-12:]) \
            and re.match(r"\s*[,.;:)]", text[end:end + 3]):
        return {"IN_LANGUAGE"}
    if _VERSION_AFTER.match(text[end:end + 16]) and re.search(r"\b(?:[Tt]he|[Aa]n?|[Ii]ts)\s+$", window[-8:]):
        return {"IN_LANGUAGE", "VERSION"}  # "the Chinese version", "an English edition"
    return set()


_PREV_NAME = re.compile(r"(?:^|[^\w.,])([A-Z][^\W\d_]+(?:\s[A-Z][^\W\d_]+)?),\s+$")


def _after_place(text: str, start: int, gaz: Gazetteer) -> bool:
    """"Berkshire" in "in Reading, Berkshire," (followed by punctuation or the end): a county,
    state or country after a known town."""
    prev = _PREV_NAME.search(text, max(0, start - 40), start)
    if not prev or prev.end() != start:
        return False
    end = re.match(r"[\w .'-]*", text[start:start + 40]).end() + start
    if end < len(text) and text[end] not in ",.;:)\n":
        return False
    town = prev.group(1)
    return gaz.is_place(town)


_LIST_GAP = re.compile(r"^(?:\s*\([^()]{0,60}\))?(?:,\s*|,?\s+and\s+)$")


def list_cues(text: str, spans: list[tuple[int, int, str | None]]) -> dict[tuple[int, int], str]:
    """(start, end) -> "LIST_PERSON" (or "LIST_ORG") for a span in a list ("A, B (Energy), C and
    D") with a neighbour labelled PERSON (or ORG); `spans` are (start, end, label) in text order."""
    out = {}
    for k, (s, e, _) in enumerate(spans):
        for j in (k - 1, k + 1):
            if 0 <= j < len(spans) and spans[j][2] in ("PERSON", "ORG"):
                a, b = (spans[j][1], s) if j < k else (e, spans[j][0])
                if a <= b and _LIST_GAP.match(text[a:b]):
                    out[(s, e)] = "LIST_" + spans[j][2]
    return out


def _majority(labels) -> str | None:
    counts = Counter(label for label in labels if label)
    return counts.most_common(1)[0][0] if counts else None


def _head_type(name: str) -> str | None:
    """The type a defined acronym's long form gets from its head word: the first head before
    "of"/"for", else the last word ("Ministry of Defense", "Maritime Self-Defense Force")."""
    words = name.split()
    for i, w in enumerate(words):
        if i == len(words) - 1 or words[i + 1] in ("of", "for"):
            for heads, label in ((FAC_HEADS, "FAC"), (ORG_HEADS, "ORG"), (LAW_HEADS, "LAW"),
                                 (EVENT_HEADS, "EVENT")):
                if w in heads:
                    return label
    return None


# Nations within a country that field national teams, which the gold lists keep as places.
_HOME_NATIONS = frozenset(("England", "Scotland", "Wales", "Northern Ireland"))
_IN_PLACE = re.compile(r"\b(?:in|near|outside|around|city of|town of|streets of|people of)\s+(?:the\s+)?$")
_SPORT_WORDS = re.compile(r"\b(?:goals?|scored|scorer|striker|midfielder|defender|goalkeeper|"
                          r"match(?:es)?|fixtures?|league|season|cup|championship|relegat\w+|"
                          r"promot(?:ed|ion)|penalt(?:y|ies)|kick-off|squad|coach|manager|"
                          r"draw|defeat|points|title|stadium|fans|derby|tournament|innings|wickets?|"
                          r"games?|teams?|players?|played|playing|football|soccer|basketball|"
                          r"cricket|rugby|tennis|victory|leg|home game)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=4)
def sport_text(text: str) -> bool:
    """Whether the text reports sport: four sports words or more, of three kinds, at least one
    every 50 words."""
    found = [m.group().lower() for m in _SPORT_WORDS.finditer(text)]
    return len(found) >= 4 and len(set(found)) >= 3 and len(found) * 50 >= len(text.split())


def product_model(name: str, gaz: Gazetteer) -> bool:
    """A known product and a model's name ("Space Shuttle Atlantis"), whatever the model said."""
    base, _, model = name.rpartition(" ")
    return bool(base) and gaz.type_of(base) == "PRODUCT" and model[:1].isupper()


def person_name(name: str, gaz: Gazetteer) -> bool:
    """Two to four words, the first a known given name (after an initial: "L. Ron Hubbard"), none a
    head word, not a known place."""
    words = name.split()
    first = words[1] if len(words) >= 3 and re.fullmatch(r"[A-Z]\.", words[0]) else words[0]
    if not 2 <= len(words) <= 4 or first not in gaz.given_names:
        return False
    heads = ORG_HEADS | LAW_HEADS | EVENT_HEADS | FAC_HEADS
    if any(w in heads for w in words) or gaz.lookup(name) or gaz.place(name):
        return False
    return all(w[:1].isupper() or w in ("de", "van", "von", "der", "bin", "al", "da", "di", "le", "la")
               for w in words)


def decide(name: str, mentions: list[Mention], text: str, gaz: Gazetteer,
           lower: set[str] | None = None, extra_cues: Counter | None = None,
           statistical: bool = True) -> str | None:
    """The entity's type by the precedence in the module docstring (None: not an entity).
    `extra_cues` adds cues seen elsewhere for the same entity (a surname's mentions);
    `statistical` says whether a model ran (without one, a weak place the text never writes in
    lowercase and that is no given name is a place)."""
    seen = Counter()
    for m in mentions[:MAX_CUED]:
        seen.update(cues(text, m.start, m.end, gaz))
    if extra_cues:
        seen.update(extra_cues)
    fixed = _majority(m.fixed for m in mentions)
    if fixed:
        return "LANGUAGE" if fixed == "NORP" and (seen["LANGUAGE"] or seen["IN_LANGUAGE"]) else fixed
    form = _majority(m.rule for m in mentions if m.source in ("title", "head", "facility"))
    if form:
        return form
    model = _majority(m.model for m in mentions)
    if model in (None, "DATE") and any(m.rule == "DATE" for m in mentions) \
            or _CALENDAR_DAY.fullmatch(name):
        return "DATE"  # "handed out on December 24, the charity said": no cue after a date the
        # rules read (and the model does not call something else) makes it a body; a name that is
        # a day, month and year is a date even in "the September 11, 2001 attacks", which the
        # model calls an event
    area, _, compass = name.rpartition(" ")
    if compass in ("East", "West", "North", "South", "Central") and model in ("LOC", "GPE", "ORG", None) \
            and gaz.is_place(area) and not gaz.lookup(name):
        return "GPE"  # "Kowloon East", "New Territories West": a district named for a place
    coded = _CODED.fullmatch(name)
    if coded and model in ("ORG", "PERSON", "GPE", "LOC", "LAW", "FAC", None) \
            and coded.group(1).split()[0] not in _MONTH_NAMES and not any(m.rule == "DATE" for m in mentions) \
            and not gaz.lookup(coded.group(1)) and not gaz.place(coded.group(1)) \
            and coded.group(1).split()[-1] not in _NUMBERED_BODIES | ORG_HEADS | FAC_HEADS | EVENT_HEADS:
        if re.fullmatch(r"(?:19|20)\d\d", coded.group(2)):
            return "EVENT"  # "Euro 2005", "Expo 2010": a contest or show of its year
        if model != "FAC":
            return "PRODUCT"  # "Delta 4", "Titan 4", "Vulcain HM60": a maker's model
    if product_model(name, gaz):
        return "PRODUCT"  # "Space Shuttle Atlantis": a known product's model
    if _ADHERENTS.fullmatch(name) and model in ("ORG", "GPE", "PRODUCT", "PERSON", "NORP") \
            and name.lower() not in (lower or ()) and name[:-1].lower() not in (lower or ()):
        return "NORP"  # "Unionists", "Loyalists", "Islamists": a movement's people, no body
    base, _, version = name.rpartition(" ")
    while base and _VERSION.fullmatch(version):
        if gaz.type_of(base) == "PRODUCT":
            return "PRODUCT"  # "Windows 11", "iPhone 15 Pro"
        base, _, version = base.rpartition(" ")
    if any(m.source == "acronym" for m in mentions) and (head := _head_type(name)):
        return head  # "Japanese Maritime Self-Defense Force (JMSDF)", whatever the model calls JMSDF
    if (seen["LANGUAGE"] or seen["IN_LANGUAGE"] and not gaz.place(name)) and (  # ("in Sochi": a town)
            model in ("NORP", "LANGUAGE")
            or model is None and seen["VERSION"] and " " not in name
            and re.search(r"(?:ish|ese|an|ic|ch|i)$", name)):
        return "LANGUAGE"
    if seen["LANGUAGE"] and (model == "GPE" and " " not in name
                             and re.search(r"(?:ish|ese|an|ic|ch|i)$", name)):
        return "LANGUAGE"
    if seen["TOWN"] and model not in ("DATE", "EVENT", "LAW", "WORK_OF_ART") \
            and name.split()[0] not in gaz.given_names:
        return "GPE"
    if seen["FEATURE"] and model in (None, "GPE", "LOC", "FAC", "ORG", "PERSON") \
            and seen["FEATURE"] * 2 >= len(mentions[:MAX_CUED]):
        return "LOC"  # "the island of Kyushu", "the Andes mountains"
    if model == "PERSON" and len(words := name.split()) >= 2 and (
            any(w in PARTY_WORDS for w in words) or len(words[0]) >= 3 and words[0].isupper()
            and words[0].isalpha() and not words[1].isupper()):
        return "ORG"  # "Christian Democratic Appeal", "NRC Handelsblad": no person's name
    if name in _MONTH_NAMES and (model == "DATE" or model is None and not (
            seen["PERSON"] or seen["SAYS"] or seen["ROLE"] or seen["LIST_PERSON"])):
        return "DATE"  # "As of mid-December, the company said": no cue makes a month a body or a
        # place (a town called March), and without the model no person cue makes it one
    kinds = ("ORG", "PERSON", "PRODUCT", "LAW", "WORK_OF_ART") if gaz.place(name) or gaz.lookup(name) \
        else ("ORG", "PERSON", "PRODUCT", "LAW", "EVENT", "WORK_OF_ART")  # not "the Shanghai festival"
    cue = _majority(c for c in seen.elements() if c in kinds)
    if cue and not (cue == "PRODUCT" and model in PLACES | {"PERSON"} and not seen["PRODUCT_KIND"]
                    and not (model == "PERSON" and seen["OWNED_PRODUCT"])):  # ("the Perseverance rover")
        return cue
    words = name.split()
    if seen["ROLE"] and not seen["ORG"] and 2 <= len(words) <= 4 and model in ("ORG", None, "GPE") \
            and all(w[:1].isupper() and (w.replace("-", "").isalpha() or _INITIALS.fullmatch(w))
                    for w in words) \
            and not any(w in ORG_HEADS | LAW_HEADS | EVENT_HEADS | FAC_HEADS for w in words) \
            and not gaz.lookup(name):
        return "PERSON"  # "Christiano Moreschi, another contributor to ...", "K.C. Maurer, chief
        # financial officer at ...", "Claes-Göran Johansson, safety expert on ...", over a model's ORG
    place = gaz.place(name)
    if place and place[1] != "state" and name not in _HOME_NATIONS and model in ("GPE", "ORG", "PERSON", None) \
            and name not in gaz.capitals and sport_text(text) and not seen["TOWN"] \
            and not any(_IN_PLACE.search(text, max(0, m.start - 30), m.start) for m in mentions[:MAX_CUED]):
        return "ORG"  # a sports report's "beat Liverpool", "from Newcastle": the club, not the city
    if place and model not in ("DATE", "EVENT", "LAW", "WORK_OF_ART"):
        if seen["PLACE"] or " " in name or model in PLACES | {"NORP", "LANGUAGE"}:
            return "GPE"  # (a place the model calls a language, with no cue of one: "in Sochi")
        if name in gaz.capitals and name not in gaz.given_names and name.lower() not in (lower or ()) \
                and not (seen["PERSON"] or seen["LIST_PERSON"] or seen["ROLE"]):
            return "GPE"  # "support Kyiv", "Moscow said": a capital for its government
        if model is None and (not statistical or place[1] in ("state", "subdivision")
                              and not _REGION_WORDS.intersection(name.split())) \
                and name.lower() not in (lower or ()) and name not in gaz.given_names:
            return "GPE"  # (with the model, a state or province it missed: "Tasmania was excluded")
    if model == "PERSON" and " " not in name and seen["LIST_ORG"] and not seen["LIST_PERSON"] \
            and name not in gaz.given_names and not (seen["SAYS"] or seen["PERSON"] or seen["ROLE"]):
        return "ORG"  # "according to YouGov and Ipsos": a one-word name listed with a body
    if model == "PERSON" and len(words) >= 2 and words[0] not in gaz.given_names \
            and gaz.place(words[0]) and not gaz.place(name) \
            and not any(w in gaz.given_names for w in words[1:]) \
            and not (seen["SAYS"] or seen["PERSON"] or seen["LIST_PERSON"] or seen["ROLE"]):
        return "ORG"  # "Rotterdam Shortsea": a town no one is named for, then no given name
    if person_name(name, gaz) and (model not in ("ORG", "PRODUCT", "WORK_OF_ART", "DATE")
                                   or seen["SAYS"] or seen["PERSON"] or seen["LIST_PERSON"]
                                   or seen["ACTS"] and not seen["ORG"]):
        return "PERSON"
    if model == "WORK_OF_ART" and " " not in name and not seen["WORK_OF_ART"]:
        return None  # a word only the model calls a work, with no kind of work before it nor quotes
        # ("PhD", "Nobel", "Merchant" of "The Merchant of Venice")
    if model == "GPE" and len(mentions) == 1 and " " not in name and not gaz.lookup(name) \
            and not gaz.is_place(name) and not (seen["PLACE"] or seen["TOWN"] or seen["FEATURE"]):
        return None  # a word only the model calls a place, once, with nothing of a place about it
        # ("Halliburton", "Survival"): no place a reader would look for ("in Dulwich" would be one)
    if model:
        return model
    return _majority(m.rule for m in mentions if m.source != "place")
