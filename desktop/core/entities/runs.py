"""Find runs of capitalised words ("Japan Self-Defense Forces", "Gen. Koji Yamazaki") in text."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import gazetteer
from .lexicon import ARTICLE_NAME, CONNECTORS

# Capital letters a name can start with: A-Z and the Latin capitals with marks ("Émile", "Ūdre",
# "Łódź", "Şahin"), which `[A-Z]` misses.
UPPER = "A-Z" + "".join(ch for ch in map(chr, range(0xC0, 0x250)) if ch.isupper())
_WORD = (r"(?:[A-Z]\.){2,}|[A-Z]\.(?=[ \t]+[A-Z][a-z])"  # "U.S.", "George W. Bush"
         r"|(?:People|Women|Children|Men)['’]s(?=[ \t]+[A-Z])"  # "People's Liberation Army": part of the name
         rf"|[{UPPER}][^\W_]*(?:-[^\W_]+|[’'&](?![sS]\b)[^\W_]+)*")
_ARTICLE_NAME = re.compile(ARTICLE_NAME)
_SENTENCE_END = re.compile(r"(?:^|[.!?:;]['\"”’)\]]*|^['\"“‘(\[]|[.!?:;]\s*['\"“‘(\[])\s*$")


@dataclass
class Word:
    """One word of a run, with its offsets in the paragraph."""

    start: int
    end: int
    text: str

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper() or _ARTICLE_NAME.match(self.text) is not None


@dataclass
class Run:
    """A run of capitalised words (connectors allowed inside) and what surrounds it."""

    words: list[Word]
    sentence_start: bool
    possessive: bool  # followed by 's

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end


@functools.lru_cache(maxsize=1)
def _run_re() -> re.Pattern[str]:
    dotted = sorted((t for t in gazetteer.load().titles if t.endswith(".")), key=len, reverse=True)
    title = "|".join(re.escape(t) for t in dotted if " " not in t)
    word = rf"(?:(?:{title})(?=\s+[A-Z])|{_WORD})" if title else _WORD
    conn = "|".join(re.escape(c) for c in CONNECTORS)
    # (a word after an Arabic article continues a run, "Suleiman al-Amr", but starts none)
    return re.compile(rf"(?<![\w’'\-])(?<![A-Z]\.)(?:{word})(?:[ \t]+(?:(?:{conn})[ \t]+)*(?:{word}|{ARTICLE_NAME}))*")


_PIECE = re.compile(r"\S+")


def find_runs(text: str) -> list[Run]:
    """Every maximal run of capitalised words in one paragraph of text."""
    runs = []
    for m in _run_re().finditer(text):
        words = [Word(m.start() + p.start(), m.start() + p.end(), p.group())
                 for p in _PIECE.finditer(m.group())]
        before = text[max(0, m.start() - 4):m.start()]
        sentence_start = m.start() == 0 or bool(_SENTENCE_END.search(text[:m.start()][-6:])) \
            or before.endswith(". ")
        after = text[m.end():m.end() + 2]
        possessive = after in ("'s", "’s", "'S") or after[:1] in ("'", "’") and text[m.end() - 1] == "s"
        runs.append(Run(words, sentence_start, possessive))
    return runs


def split_hyphens(words: list[Word], known: dict) -> list[Word]:
    """"US-Japan" -> "US", "Japan" when both halves are known; "Taiwan-born" -> "Taiwan"."""
    out: list[Word] = []
    for w in words:
        if "-" not in w.text or w.text in known:
            out.append(w)
            continue
        parts = w.text.split("-")
        if all(p in known for p in parts):
            pos = w.start
            for p in parts:
                out.append(Word(pos, pos + len(p), p))
                pos += len(p) + 1
        elif parts[0] in known and all(p[:1].islower() for p in parts[1:]):
            out.append(Word(w.start, w.start + len(parts[0]), parts[0]))
        else:
            out.append(w)
    return out
