"""The library list's rules: sort orders, the filter (words and #tags), and what a row and the count say."""

from __future__ import annotations

import pytest

from desktop.core.library import (SORTS, count_text, counts, details, parse_tags, same_tags, shorten, short_date,
                                  shown_rows, spoken)


def row(rid, title, *, source="", published="", opened=None, added="2024-01-01T00:00:00", highlights=0, notes=0,
        tags=(), progress=0.0, author=""):
    return {"id": rid, "title": title, "source": source, "author": author, "published": published, "opened": opened,
            "added": added, "highlights": highlights, "notes": notes, "tags": list(tags), "progress": progress}


ROWS = [
    row(1, "zebra crossings", published="", opened="2024-03-01T10:00:00Z", highlights=1),
    row(2, "Apple orchards", published="2023-09-01", opened="2024-02-01T10:00:00", notes=3, tags=["fruit"]),
    row(3, "Brussels summit", published="2022-05-26 11:54:06", source="China Military Online", highlights=2,
        notes=1, tags=["nato", "japan"]),
]


def ids(rows):
    return [r["id"] for r in rows]


def test_each_sort_order():
    assert ids(shown_rows(ROWS, "", "Recent")) == [1, 2, 3]  # never opened: by when added, last
    assert ids(shown_rows(ROWS, "", "Title")) == [2, 3, 1]  # case aside
    assert ids(shown_rows(ROWS, "", "Date")) == [2, 3, 1]  # newest first, undated last
    assert ids(shown_rows(ROWS, "", "Most annotated")) == [3, 2, 1]  # 2 + 1 and 0 + 3: more highlights first
    assert set(SORTS) == {"Recent", "Title", "Date", "Most annotated"}


def test_recent_ties_and_bad_stamps_keep_a_stable_order():
    rows = [row(1, "a", opened="not a date", added="also not"), row(2, "b", opened=None, added="")]
    assert ids(shown_rows(rows, "", "Recent")) == [2, 1]  # unreadable stamps count as the epoch: newer id first


@pytest.mark.parametrize("text, expected", [
    ("", [1, 2, 3]),
    ("APPLE", [2]),
    ("military", [3]),  # the source
    ("2022", [3]),  # the date
    ("#ja", [3]),  # a tag by its start
    ("#apan", []),  # ... only by its start
    ("apan", [3]),  # a plain word is found inside a tag
    ("#", []),  # a lone "#" is a word like any other: in no title
    ("brussels #nato", [3]),  # every word must match
    ("brussels #fruit", []),
])
def test_the_filter(text, expected):
    assert ids(shown_rows(ROWS, text, "Title")) == sorted(expected, key=[2, 3, 1].index)


def test_row_text():
    assert details(ROWS[2]) == "China Military Online · 26 May 2022"
    assert details(ROWS[0]) == ""
    assert short_date("someday") == "someday"
    assert counts(ROWS[2]) == "2 highlights · 1 note"
    assert counts(row(9, "x", highlights=1, notes=1200, progress=0.5)) == "1 highlight · 1,200 notes · 50% read"
    assert counts(row(9, "x", progress=0.999)) == "read"
    assert counts(row(9, "x", progress=0.004)) == ""
    assert spoken(ROWS[2]) == "Brussels summit. China Military Online · 26 May 2022. 2 highlights · 1 note"


def test_count_text():
    assert count_text(0, 0) == "No articles yet: open or drop a file"
    assert count_text(1, 1) == "1 article"
    assert count_text(3, 1500) == "3 of 1,500 articles"


def test_tags_typed():
    assert parse_tags(" a, ,b ,, #c") == ["a", "b", "#c"]
    assert parse_tags("") == []
    assert same_tags(["#Japan", " nato"], ["nato", "japan"])
    assert not same_tags(["japan"], ["nato", "japan"])


def test_shorten():
    assert shorten("x" * 30, 30) == "x" * 30
    assert shorten("x" * 31, 30) == "x" * 29 + "…"


def test_a_damaged_row_says_so_and_where_to_get_it_back():
    from desktop.core.library import counts, spoken

    row = {"id": 1, "title": "T", "source": "", "published": "", "highlights": 2, "notes": 0, "progress": 0.0,
           "tags": [], "damaged": True}
    assert counts(row).startswith("⚠ damaged: Help ▸ Restore from Backup") and "2 highlights" in counts(row)
    assert "damaged" in spoken(row)
    assert "damaged" not in counts({**row, "damaged": False})
