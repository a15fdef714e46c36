"""A PDF's title, authors, date, DOI and arXiv id: from the first page, else the document's metadata."""

from __future__ import annotations

import re

from .pdf_layout import Line
from .pdf_reflow import Para

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DMY = re.compile(rf"\b(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})\b", re.IGNORECASE)
_MDY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.IGNORECASE)
_ISO = re.compile(r"\b((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
_PDF_DATE = re.compile(r"^D?:?((?:19|20)\d{2})(\d{2})?(\d{2})?")
DOI = re.compile(r"\b(10\.\d{4,9}/[-._;()/:A-Za-z0-9]+[A-Za-z0-9/)])")
ARXIV = re.compile(r"\barXiv:\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)", re.IGNORECASE)
_BAD_TITLE = re.compile(r"^(untitled|document\d*|microsoft word|slide \d+)|\.(docx?|pdf|tex|dvi|indd|rtf|odt)$|^[\W\d_]*$",
                        re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-Z\u00c0-\u024f][\w.'\u2019-]*$")
_AFFILIATION = re.compile(r"\b(universit|institut|college|school|department|dept\.|laborator|centre|center|"
                          r"academy|inc\.|ltd|gmbh|corporation|research)", re.IGNORECASE)
_ADDRESS = re.compile(r"\d+.*,|,.*\d{3,}|\b(street|avenue|road|floor|suite|box)\b", re.IGNORECASE)
_JOINERS = {"and", "&", "de", "van", "von", "der", "da", "di", "du", "la", "le", "y", "bin", "al"}


def _month(name: str) -> int:
    name = name.lower()[:3]
    return next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(name))


def find_date(text: str) -> str:
    """The first date written out in ``text`` ("3 March 2024", "March 3, 2024", 2024-03-03), as ISO."""
    found = []
    for m in _DMY.finditer(text):
        found.append((m.start(), f"{m.group(3)}-{_month(m.group(2)):02d}-{int(m.group(1)):02d}"))
    for m in _MDY.finditer(text):
        found.append((m.start(), f"{m.group(3)}-{_month(m.group(1)):02d}-{int(m.group(2)):02d}"))
    for m in _ISO.finditer(text):
        found.append((m.start(), m.group(0)))
    return min(found)[1] if found else ""


def pdf_date(value: str) -> str:
    """A PDF date string ("D:20240303120000Z") as ISO (2024-03-03), or empty."""
    m = _PDF_DATE.match((value or "").strip())
    if not m:
        return ""
    return "-".join(part for part in m.groups() if part)


def identifiers(text: str) -> dict[str, str]:
    """The DOI and arXiv id written in ``text``, if any."""
    out = {}
    if m := DOI.search(text):
        out["doi"] = m.group(1).rstrip(".,;")
    if m := ARXIV.search(text):
        out["arxiv"] = m.group(1)
    return out


def sane_title(title: str) -> str:
    title = " ".join((title or "").split())
    return "" if _BAD_TITLE.search(title) or len(title) > 300 else title


def looks_like_names(text: str) -> bool:
    """A byline: a few capitalised names joined by commas or "and", affiliation marks allowed."""
    text = re.sub(r"[\d*†‡§¶,;]+", " ", text)
    words = [w for w in text.split() if w.lower() not in _JOINERS]
    if not 2 <= len(words) <= 24 or text.rstrip().endswith("."):
        return False
    return sum(bool(_NAME_WORD.match(w)) for w in words) >= 0.8 * len(words)


def clean_names(text: str) -> str:
    text = re.sub(r"(?<=[^\W\d])[\d*†‡§¶]+(?=[\s,;]|$)", "", text)
    return " ".join(text.replace(" ,", ",").split()).strip(" ,;")


def front_matter(paras: list[Para], first_page: list[Line], info: dict[str, str], body: float,
                 fallback: str) -> tuple[dict[str, str], int]:
    """Title, author and date; returns them and how many leading blocks they used up (to drop)."""
    used = 0
    title = ""
    if paras and paras[0].page == 1 and paras[0].kind == "heading" and paras[0].size >= body * 1.25:
        biggest = max((p.size for p in paras if p.page == 1), default=0)
        if paras[0].size >= biggest - 0.01:
            title, used = paras[0].text, 1
    title = title or sane_title(info.get("Title", "")) or fallback
    names: list[str] = []
    while used and used < len(paras):  # the title came from the page: the short blocks under it
        para = paras[used]               # are its byline, affiliations, addresses and date
        if para.page != 1 or len(para.text) > 160:
            break
        named = looks_like_names(para.text) and not (_AFFILIATION.search(para.text) or _ADDRESS.search(para.text))
        if para.kind == "heading" and not (named or (names and find_date(para.text))):
            break  # "Abstract", "1 Introduction"
        if named:
            names.append(clean_names(para.text))
        elif not (names and (_AFFILIATION.search(para.text) or find_date(para.text) or "@" in para.text
                             or _ADDRESS.search(para.text))):
            break
        used += 1
    author = ", ".join(names)
    author = author or " ".join(info.get("Author", "").split())
    page_text = "\n".join([ln.text for ln in first_page[:80]] + [p.text for p in paras if p.page == 1])
    meta = {"title": title, "author": author,
            "published": find_date(page_text) or pdf_date(info.get("CreationDate", ""))}
    meta.update(identifiers(page_text + "\n" + info.get("Subject", "") + "\n" + info.get("Keywords", "")))
    return meta, used
