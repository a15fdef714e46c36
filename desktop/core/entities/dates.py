"""Absolute dates by rule ("May 19", "July 2023", "2019" after "in"/"since"), and date checks."""
from __future__ import annotations

import re

from .lexicon import MONTHS

_MONTH = r"(?:" + "|".join(MONTHS) + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)"
# The shapes of a year, shared by the rules: a year alone (a number of four digits may be a count:
# "of 1709 pupils"), a year after a day or a month or in a range (a history's too), a decade's digits.
YEAR = r"(?:1[89]\d\d|20\d\d)"
DATED_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
DECADE = r"(?:1[5-9]|20)\d0"
# Holidays that name days of the calendar: "the Christmas weekend", "the month of Ramadan".
_HOLIDAY = r"(?:Christmas|Easter|New Year|Thanksgiving|Ramadan|Hanukkah|Passover|Diwali|Halloween|Eid)"
# Holidays named as one day of the calendar: "on Christmas Eve", "Christmas Day".
_HOLIDAY_DAY = r"Christmas (?:Eve|Day)(?![\w'’-])"
_DAYS_AFTER = r"\s+(?:weekend|holidays?|week|period|season|break)\b"  # "the Christmas weekend"
_DATE_RE = re.compile(
    rf"\b(?:{_HOLIDAY}(?={_DAYS_AFTER})|{_HOLIDAY_DAY}"
    rf"|(?<=\bmonth of ){_HOLIDAY}\b"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:/\d{{1,2}}(?![\d/])|[-–]\d{{1,2}}(?:st|nd|rd|th)?(?![\d-]))?"
    rf"(?:,?\s+{DATED_YEAR})?(?!\d)"  # "May 19", "May 19/20", "April 20-21, 2001": one date
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+{DATED_YEAR})?"
    rf"|{_MONTH},?\s+{DATED_YEAR}"
    rf"|(?<![\w'’-]){DECADE}['’]?s(?![\w'’-])"  # "the 1980s", "the 1980's"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|(?=[A-Z])(?:(?<=\b[Ii]n )|(?<=\b[Ss]ince )|(?<=\b[Uu]ntil )|(?<=\b[Ee]arly )|(?<=\b[Ll]ate )"
    rf"|(?<=\bmid-)|(?<=\blast )|(?<=\bnext )){_MONTH}(?![\w-])"
    rf"|(?=[12]\d\d\d)(?:(?<=\b[Ii]n )|(?<=\b[Ss]ince )|(?<=\b[Bb]y )|(?<=\b[Uu]ntil )|(?<=\bthrough )"
    rf"|(?<=\b[Ff]rom )|(?<=\b[Bb]efore )|(?<=\b[Aa]fter )|(?<=\bto )|(?<=\bof )|(?<=\band )"
    rf"|(?<=\b[Dd]uring )|(?<=\b[Ee]arly )|(?<=\b[Ll]ate )|(?<=\bmid-)|(?<=^)"
    rf"|(?<=\b[Tt]he )|(?<=\b[Aa]n )|(?<=\b[Aa] )|(?<=\b[Ii]ts )|(?<=\b[Hh]is )|(?<=\b[Hh]er )"
    rf"|(?<=\b[Tt]heir )|(?<=\()){YEAR}(?!-\d))"  # "the 1991 Hajj", "his 2001 Commission", "(1999 dollars)"
    rf"(?![\d%$€£]|s\b| [A-Z]{{1,3}}\d|\s*(?:percent|per cent|tonnes|tons|people|troops|km|kilometres|miles|"
    rf"years?|metres|meters|feet|votes|members|men|women|children|soldiers|workers)\b)")
_ABSOLUTE = re.compile(rf"\b{YEAR}\b|\b{DECADE}s\b|{_MONTH}|\d{{4}}-\d{{2}}-\d{{2}}")


def find_dates(text: str) -> list[tuple[int, int]]:
    """Spans of absolute dates in the text."""
    return [m.span() for m in _DATE_RE.finditer(text)]


def is_absolute(text: str) -> bool:
    """A date a reader would list (names a year, a month or a calendar day), not "recent years"."""
    return bool(_ABSOLUTE.search(text))


_HOLIDAY_NAME = re.compile(_HOLIDAY)
_HOLIDAY_DAY_NAME = re.compile(_HOLIDAY_DAY)
_TIME_AFTER = re.compile(_DAYS_AFTER)


def holiday_at(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a holiday named as days of the calendar: "the Christmas
    weekend", "the month of Ramadan" (not "Christmas decorations", "this Christmas' remake")."""
    if _HOLIDAY_DAY_NAME.fullmatch(text, start, end):
        return True  # "Christmas Eve": one day of the calendar by itself
    return _HOLIDAY_NAME.fullmatch(text, start, end) is not None and (
        _TIME_AFTER.match(text, end) is not None or text.endswith("month of ", 0, start))
