"""gloss:// links: exported with every highlight, parsed when Gloss is opened with one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.errors import GlossError
from desktop.core.links import BadLink, GlossLink, make_link, parse_gloss_url, parse_link


@pytest.mark.parametrize("url, expected", [
    ("gloss://article/3", (3, None, None)),
    ("gloss://article/3?highlight=12", (3, 12, None)),
    ("gloss://article/3?highlight=12&start=0", (3, 12, 0)),
    ("gloss://article/3?start=140&highlight=12&doc=ab12cd34ef56ab78", (3, 12, 140)),
    ("GLOSS://Article/7?highlight=1", (7, 1, None)),
    ("gloss://article/3?highlight=12&future=whatever", (3, 12, None)),  # newer links still open
])
def test_parses_links(url: str, expected: tuple) -> None:
    assert parse_gloss_url(url) == expected


@pytest.mark.parametrize("url", [
    "", "gloss:", "gloss://", "gloss://article", "gloss://article/", "gloss://article/abc",
    "gloss://article/-3", "gloss://article/0", "gloss://article/+3", "gloss://article/3.0",
    "gloss://article/99999999999999999999", "gloss://article/\u0663",  # Arabic-Indic digit three
    "http://article/3", "file:///etc/passwd", "javascript:alert(1)//gloss://article/3",
    "gloss://evil.com/article/3", "gloss://user:pw@article/3", "gloss://article:80/3",
    "gloss://article/3/../../x", "gloss://article/3/extra", "gloss://article/%33",
    "gloss://article/3?highlight=", "gloss://article/3?highlight=x", "gloss://article/3?highlight=1&highlight=2",
    "gloss://article/3?start=-1", "gloss://article/3?highlight=0", "gloss://article/3?doc=zz",
    "gloss://article/3#frag", "gloss://article/3\n", " gloss://article/3", "gloss://article/3?highlight=1\x00",
    "gloss://article/3?highlight=1 OR 1=1", "gloss://article/3?" + "a=1&" * 1000,
    "gloss:///article/3", "gloss:article/3", "gloss://article//3",
])
def test_refuses_hostile_links_with_one_line(url: str) -> None:
    with pytest.raises(BadLink) as exc:
        parse_gloss_url(url)
    assert isinstance(exc.value, GlossError)
    message = str(exc.value)
    assert "\n" not in message and "\x00" not in message and len(message) < 200


def test_refuses_non_strings() -> None:
    with pytest.raises(GlossError):
        parse_gloss_url(None)  # type: ignore[arg-type]


@given(st.integers(1, 10**18 - 1), st.none() | st.integers(1, 10**18 - 1), st.none() | st.integers(0, 10**9),
       st.none() | st.text("0123456789abcdef", min_size=64, max_size=64))
def test_make_and_parse_round_trip(article: int, highlight, start, doc) -> None:
    url = make_link(article, highlight, start, doc)
    assert parse_gloss_url(url) == (article, highlight, start)
    assert parse_link(url) == GlossLink(article, highlight, start, doc[:16] if doc else None)


@given(st.text(max_size=80))
def test_arbitrary_strings_parse_or_fail_with_one_line(text: str) -> None:
    for url in (text, "gloss://article/" + text, "gloss://article/1?highlight=" + text):
        try:
            article, highlight, start = parse_gloss_url(url)
        except BadLink as exc:
            assert "\n" not in str(exc)
        else:
            assert article >= 1 and (highlight is None or highlight >= 1) and (start is None or start >= 0)
