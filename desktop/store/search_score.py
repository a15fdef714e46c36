"""Ranking the capped set of candidates a search reads, with no count over the whole index.

FTS5's own ``bm25`` (its ``rank`` column) weighs each phrase by its rarity, and to know that it
counts, once per query, every row of the index that holds the phrase, whatever the ``LIMIT``: in a
large library a common word's count costs more than all the rest of the search (at 100,000
articles, 16.6 of the 18.2 ms it takes to read the 2,000 newest passages matching ``Japan NATO``
with their rank). ``Scorer`` decides, per index and query:

- FTS5's ``rank`` is used as it is (``Scorer.exact``) where its counts cannot read more than
  ``RANK_ROWS`` rows (a phrase's rows once for each of its words): the index has too few rows
  for it, or each phrase's newest ``DF_PROBE`` rows, counted first, are all it has or
  extrapolate to less. Below that, the count costs less than the scoring below, and it is exact.
- Else the candidates (the newest ``BUDGET`` matching rows, read without ``rank``) are scored here
  (``Scorer.scores``) by bm25's formula from figures whose cost does not grow with the library: a
  phrase's frequency in each candidate, counted in the candidate's text; a passage's length in
  tokens from the index's size record of it (``{fts}_docsize``) against the average from the
  index's totals record (one row of ``{fts}_data``: its rows, and its tokens column by column),
  a title's, note's, quote's or tag's in characters against the candidates' average; the
  index's rows from the totals record; the phrase's document frequency extrapolated from its
  ``DF_PROBE`` newest rows over the share of the rowid range they span.

Each count of a prefix (``deterr*``) pays again for its expansion into every word it stands for
(FTS5 merges their lists), so where it is counted first a prefix query costs one expansion more.

The score is negative like ``bm25`` (more negative is better) and of its scale (with exact counts
and lengths, the same), so results of different kinds still merge by ``search.WEIGHT``. It is
close to FTS5's, not equal: the document frequencies are estimates (from 256 rows, some 6% off:
enough to swap two words about as common), and the frequencies counted differ here and there. A
word is counted where a word of the text (lower-cased, diacritics folded, separators made
spaces) starts with the word's stem ("dredge" counts "dredging", and "japan" counts "Japanese"
too, which FTS5 would not); a phrase of several words, or a word whose stem has at most
``SHORT_STEM`` letters ("the" would count "their"), is confirmed word by word with the stems of
FTS5's own porter tokenizer (run on an in-memory FTS5 table); a phrase the text spells otherwise
than its stem counts once (the row matched it). A word used throughout the newest article looks
commoner than it is (its rows crowd the newest ``DF_PROBE``), and one whose newest rows are
sparse but older ones dense looks rarer, which can send a query to FTS5's count when it is long.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass, field

K1, B = 1.2, 0.75  # FTS5's bm25 constants
DF_PROBE = 256  # a phrase's rows counted at most, newest first
RANK_ROWS = 300_000  # FTS5's bm25 is used where its counts would read fewer rows (some 10 ms at most)
MIN_IDF = 1e-6  # FTS5's floor for a phrase in more than half the rows
SHORT_STEM = 3  # a stem this short or shorter: the words counted for it are confirmed by stem
MAX_FORMS = 8  # a short word's forms counted whole at most (else words starting with it)
STEM_CACHE = 50_000  # stems kept (surface form -> stem) before the cache starts afresh

# Each index's content table (its own, or the external one), its key (the index's rowid) and
# its indexed columns in the index's order, read by key (a lookup by key costs less than FTS5's
# reading of its content row by row); and the column weights each index's bm25 was configured
# with (m004: title 8, author and source 3, note 2).
CONTENT = {"passages_fts": ("passages", "id", ("body",)),
           "articles_fts": ("articles_fts_content", "id", ("c0", "c1", "c2", "c3")),  # title … note
           "highlights_fts": ("highlights_fts_content", "id", ("c0", "c1")),  # quote, note
           "search_terms_fts": ("search_terms", "id", ("term",))}
WEIGHTS = {"articles_fts": (8.0, 3.0, 3.0, 2.0)}
CHUNK = 500  # keys named in one statement

_EXPR_TOKEN = re.compile(r'"((?:[^"]|"")*)"(\*?)|(AND|OR|NOT)')
_WORD = r"[^\W_]"  # a token character as unicode61 has it: letters and digits
# What separates words, made a space so that " " + stem finds a word's start in one C-level count.
_SEPARATORS = ("".join(chr(c) for c in range(1, 128) if not chr(c).isalnum())
               + "\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u00ab\u00bb")  # and common typography
_SPACES = str.maketrans({ch: " " for ch in _SEPARATORS})


class _Stemmer:
    """The tokens FTS5's porter tokenizer makes of a text (an in-memory FTS5 table of its own)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._cache: dict[str, str] = {}

    def tokens(self, text: str) -> list[str]:
        with self._lock:
            if self._conn is None:
                conn = sqlite3.connect(":memory:", check_same_thread=False)
                conn.execute("CREATE VIRTUAL TABLE s USING fts5 (t, tokenize='porter')")
                conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab (s, 'instance')")
                self._conn = conn
            conn = self._conn
            conn.execute("INSERT INTO s (rowid, t) VALUES (1, ?)", [text])
            try:
                return [term for (term,) in conn.execute("SELECT term FROM v ORDER BY offset")]
            finally:
                conn.execute("DELETE FROM s")

    def stem(self, word: str) -> str:
        """The stem of one word of a folded text."""
        cached = self._cache.get(word)
        if cached is None:
            found = self.tokens(word)
            cached = found[0] if len(found) == 1 else ""
            if len(self._cache) >= STEM_CACHE:
                self._cache.clear()
            self._cache[word] = cached
        return cached


STEMMER = _Stemmer()


def fold(text: str) -> str:
    """``text`` lower-cased, without diacritics (as unicode61 folds it), its separators spaces."""
    text = text.lower()
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return text.translate(_SPACES)


@dataclass
class Folded:
    """Texts folded into one string, each with a space either side: text ``i`` is
    ``joined[starts[i]:ends[i]]``, so a word of it starts after a space inside that span."""

    joined: str
    starts: list[int]
    ends: list[int]


def fold_all(texts: list[str]) -> Folded:
    """``fold`` of each text in one string (a few calls for all of them where they are ASCII)."""
    joined = " \x00 ".join(texts)
    if joined.isascii():
        joined = " " + joined.lower().translate(_SPACES) + " "
        lengths = list(map(len, texts))
    else:
        folded = [fold(text) for text in texts]
        joined = " " + " \x00 ".join(folded) + " "
        lengths = list(map(len, folded))
    ends = list(itertools.accumulate(length + 3 for length in lengths))  # text, " \x00 "
    starts = [end - length - 3 for end, length in zip(ends, lengths)]  # its space before
    return Folded(joined, starts, [end - 1 for end in ends])  # to its space after


@dataclass
class Phrase:
    """One quoted phrase of an FTS5 expression built by ``search.query_parts``."""

    expr: str  # its FTS5 form: '"a b"' or '"a"*'
    group: int  # the AND group it belongs to (a group of several is an OR)
    stems: tuple[str, ...]  # the index's tokens for it; () if it cannot be counted
    prefix: bool
    key: str = ""  # " " + what each occurrence's first word starts with (its stem)
    pattern: re.Pattern | None = None  # a phrase of several words: its occurrences' words
    _known: dict = field(default_factory=dict)  # words the pattern found -> whether they are the phrase

    def counts(self, folded: Folded) -> list[int]:
        """Occurrences in each folded text: words starting with the stem, counted in C; for a
        phrase of several words or a short word, where there are any, confirmed word by word."""
        starts, ends = folded.starts, folded.ends
        if not self.key:
            return [0] * len(starts)
        joined = folded.joined
        if self.pattern is not None and len(self.stems) == 1:
            # a short word: the words the texts hold that start with it, sorted by stem once,
            # and those that are the word counted whole in C
            known = self._known
            good = []
            for spaced in set(self.pattern.findall(joined)):
                ok = known.get(spaced)
                if ok is None:
                    ok = known[spaced] = self._matches((spaced[1:],))
                if ok:
                    good.append(spaced[1:])
            if len(good) <= MAX_FORMS:
                found = [0] * len(starts)
                for word in good:
                    whole = map(joined.count, itertools.repeat(f" {word} "), starts, ends)
                    found = [a + b for a, b in zip(found, whole)]
                return found
        found = list(map(joined.count, itertools.repeat(self.key), starts, ends))
        if self.pattern is None or len(self.stems) == 1:
            return found
        return [self._count(joined, s, e) if n else 0 for n, s, e in zip(found, starts, ends)]

    def _count(self, text: str, start: int, end: int) -> int:
        known = self._known
        n = 0
        for words in self.pattern.findall(text, start, end):
            ok = known.get(words)
            if ok is None:
                ok = known[words] = self._matches((words,) if isinstance(words, str) else words)
            n += ok
        return n

    def _matches(self, words: tuple[str, ...]) -> bool:
        last = len(self.stems) - 1
        for i, (word, wanted) in enumerate(zip(words, self.stems)):
            got = STEMMER.stem(word)
            if not (got == wanted or (self.prefix and i == last and got.startswith(wanted))):
                return False
        return True


def phrases(expression: str) -> list[Phrase]:
    """The phrases of ``expression`` (quoted terms joined by AND and OR, as ``query_parts`` makes;
    a term after NOT is left out: it is no match to score)."""
    out: list[Phrase] = []
    group = 0
    negated = False
    for m in _EXPR_TOKEN.finditer(expression):
        text, star, op = m.groups()
        if op == "AND":  # an OR group is parenthesized and holds no AND: every AND starts a group
            group += 1
        elif op == "NOT":
            negated = True
        elif op is None:
            if not negated:
                out.append(_phrase(m.group(0), text.replace('""', '"'), bool(star), group))
            negated = False
    return out


@functools.lru_cache(maxsize=1024)
def _stems(text: str) -> tuple[str, ...]:
    return tuple(STEMMER.tokens(text))


def _phrase(expr: str, text: str, prefix: bool, group: int) -> Phrase:
    stems = _stems(text)
    if not stems or not all(re.fullmatch(rf"{_WORD}+", stem) for stem in stems):
        return Phrase(expr, group, (), prefix)  # tokenized otherwise than here: not counted
    first = stems[0]
    key = first[:-1] if len(first) > 1 and first.endswith("i") else first  # porter: happy -> happi
    pattern = None
    if len(stems) > 1:
        pattern = re.compile(rf" ({re.escape(key)}{_WORD}*)" + "".join(rf" +({_WORD}+)" for _ in stems[1:]))
    elif len(key) <= SHORT_STEM and not prefix:  # many other words start with it ("the": "their")
        pattern = re.compile(rf" {re.escape(key)}{_WORD}*")  # (no group: found by its literal start)
    return Phrase(expr, group, stems, prefix, " " + key, pattern)


@dataclass
class Index:
    """What scoring needs of one FTS5 index: its number of rows and its rowid range."""

    rows: int
    low: int
    high: int
    tokens: int = 0  # in all its rows and columns


def total_rows(conn: sqlite3.Connection, fts: str) -> int:
    """The index's number of rows, from its totals record (0 if it has none)."""
    block = conn.execute(f"SELECT block FROM {fts}_data WHERE id = 1").fetchone()
    totals = _varints(block[0]) if block and isinstance(block[0], bytes) else []
    return totals[0] if totals else 0


def index_stats(conn: sqlite3.Connection, fts: str) -> Index:
    """The index's row count (from its totals record) and rowid range: a few pages read."""
    table, key, _columns = CONTENT[fts]
    # one aggregate a statement: SQLite reads min() or max() alone from an end of the key's b-tree
    (low,) = conn.execute(f"SELECT min({key}) FROM {table}").fetchone()
    (high,) = conn.execute(f"SELECT max({key}) FROM {table}").fetchone()
    block = conn.execute(f"SELECT block FROM {fts}_data WHERE id = 1").fetchone()
    totals = _varints(block[0]) if block and isinstance(block[0], bytes) else []
    if not totals:
        return Index(0 if low is None else high - low + 1, low or 0, high or 0)
    return Index(totals[0], low or 0, high or 0, sum(totals[1:]))


def _varints(data: bytes) -> list[int]:
    """The SQLite varints ``data`` holds (FTS5's totals record: the number of rows, then each
    column's tokens; a row's size record: each column's tokens)."""
    out: list[int] = []
    value = size = 0
    for byte in data:
        size += 1
        if size == 9:
            out.append((value << 8) | byte)
            value = size = 0
            continue
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            out.append(value)
            value = size = 0
    return out


def tokens(size: bytes | None) -> int:
    """A row's tokens in all its columns, from its FTS5 size record (``{fts}_docsize.sz``)."""
    return sum(_varints(size)) if isinstance(size, bytes) else 0


def estimate_df(index: Index, read: int, last: int | None, cap: int) -> float:
    """Rows holding a phrase, from a count newest first that read ``read`` of them (at most
    ``cap``), the last at rowid ``last``: exact below the cap, else extrapolated over the range."""
    if read < cap or last is None or index.high <= index.low:
        return float(read)
    covered = (index.high - last + 1) / (index.high - index.low + 1)
    return min(float(max(index.rows, read)), read / max(covered, 1e-9))


def idf(rows: int, df: float) -> float:
    """FTS5's bm25 weight of a phrase in ``df`` of ``rows`` rows."""
    value = math.log((rows - df + 0.5) / (df + 0.5)) if rows > 0 else 0.0
    return value if value > 0 else MIN_IDF


class Scorer:
    """How one index ranks one FTS5 expression (see the module): ``exact`` where FTS5's ``rank``
    is bounded work, else ``scores`` for the candidates' texts."""

    def __init__(self, conn: sqlite3.Connection, fts: str, expression: str) -> None:
        self._conn, self._fts = conn, fts
        self.phrases = phrases(expression)
        self.weights = WEIGHTS.get(fts, (1.0,) * len(CONTENT[fts][2]))
        self.groups: dict[int, list[int]] = {}
        for i, phrase in enumerate(self.phrases):
            self.groups.setdefault(phrase.group, []).append(i)
        self.exact = True
        self.idf: list[float] = []
        self.index: Index | None = None
        if not self.phrases or self._work([float(total_rows(conn, fts))] * len(self.phrases)) <= RANK_ROWS:
            return  # FTS5's counts cannot read more even if every row held every phrase
        counted = [self._count(conn, fts, phrase, DF_PROBE) for phrase in self.phrases]
        if all(read < DF_PROBE for read, _last in counted):
            return  # every count exact and small: FTS5's bm25 repeats them
        index = index_stats(conn, fts)
        estimates = [estimate_df(index, read, last, DF_PROBE) for read, last in counted]
        if self._work(estimates) <= RANK_ROWS:
            return  # FTS5's counts would read about as much as scoring here: it is exact
        self.exact = False
        self.index = index
        self.idf = [idf(index.rows, df) for df in estimates]

    @staticmethod
    def _count(conn: sqlite3.Connection, fts: str, phrase: Phrase, cap: int) -> tuple[int, int | None]:
        """How many rows hold the phrase, counted newest first up to ``cap``, and the last one's rowid."""
        return conn.execute(f"SELECT count(*), min(rowid) FROM (SELECT rowid FROM {fts} WHERE {fts} MATCH ? "
                            "ORDER BY rowid DESC LIMIT ?)", [phrase.expr, cap]).fetchone()

    def _work(self, frequencies: list[float]) -> float:
        """What FTS5's bm25 would read to count these phrases: their rows, a phrase's for each word."""
        return sum(df * max(1, len(phrase.stems)) for df, phrase in zip(frequencies, self.phrases))

    def texts(self, rowids: list[int]) -> list[tuple]:
        """The indexed column texts of these rows (empty for a row gone meanwhile)."""
        table, key, columns = CONTENT[self._fts]
        found: dict[int, tuple] = {}
        for start in range(0, len(rowids), CHUNK):
            part = rowids[start:start + CHUNK]
            for row in self._conn.execute(f"SELECT {key}, {', '.join(columns)} FROM {table} "
                                          f"WHERE {key} IN ({', '.join('?' for _ in part)})", part):
                found[row[0]] = row[1:]
        empty = ("",) * len(columns)
        return [found.get(rowid, empty) for rowid in rowids]

    def lengths(self, rowids: list[int]) -> list[int]:
        """Each row's tokens (all columns), from the index's size records; 0 for a row gone."""
        found: dict[int, int] = {}
        for start in range(0, len(rowids), CHUNK):
            part = rowids[start:start + CHUNK]
            for rowid, size in self._conn.execute(f"SELECT id, sz FROM {self._fts}_docsize "
                                                  f"WHERE id IN ({', '.join('?' for _ in part)})", part):
                found[rowid] = tokens(size)
        return [found.get(rowid, 0) for rowid in rowids]

    def scores(self, rows: list[tuple], lengths: list[int] | None = None) -> list[float]:
        """The score of each candidate row, given as its indexed column texts (in ``CONTENT`` order)
        and, where known, its tokens (``lengths``; else its characters against the candidates')."""
        count = len(rows)
        if not count or not self.phrases:
            return [0.0] * count
        phrases, idfs = self.phrases, self.idf
        tokens, lengths = lengths, [0] * count
        freqs: list[list[float]] = [[0] * count for _ in phrases]
        for column, weight in enumerate(self.weights):
            texts = [row[column] or "" for row in rows]
            lengths = [a + len(b) for a, b in zip(lengths, texts)]
            if not any(texts):
                continue
            folded = fold_all(texts)
            for k, phrase in enumerate(phrases):
                found = phrase.counts(folded)
                if weight != 1.0:
                    found = [weight * n for n in found]
                freqs[k] = [f + n for f, n in zip(freqs[k], found)] if column else found
        for members in self.groups.values():  # every row matched: each group has a phrase in it
            if len(members) == 1:
                freqs[members[0]] = [f or 1 for f in freqs[members[0]]]
                continue
            weakest = min(members, key=lambda i: idfs[i])
            present = [any(fs) for fs in zip(*(freqs[m] for m in members))]
            freqs[weakest] = [f if seen else 1 for f, seen in zip(freqs[weakest], present)]
        if tokens is not None and self.index is not None and self.index.rows and self.index.tokens:
            lengths, average = tokens, self.index.tokens / self.index.rows  # as FTS5's bm25 has them
        else:
            average = max(sum(lengths) / count, 1.0)
        norms = [K1 * (1 - B + B * length / average) for length in lengths]
        total = [0.0] * count
        for weight, freq in zip(idfs, freqs):
            top = weight * (K1 + 1)
            total = [t - top * f / (f + n) if f else t for t, f, n in zip(total, freq, norms)]
        return total
