"""Hostile files and arguments: pipes and devices, file names that are not UTF-8, pages that are one
<svg>, nearly-UTF-8 bytes, article ids no database holds. One line each, or a clean import."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

BIG = str(2**63)


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", ["import", "entities", "update"])
def test_a_named_pipe_is_refused_at_once_not_waited_on(library, gloss, refused, contents, fifo, command):
    before = contents(library)
    args = ["update", "1", str(fifo)] if command == "update" else [command, str(fifo)]
    refused(gloss(library, *args, timeout=20), "pipe.txt", "not a regular file", seconds=10)
    assert contents(library) == before


def test_the_app_given_a_pipe_or_its_file_link_refuses_it_at_once(library, gloss, refused, fifo, tmp_path):
    for target in (str(fifo), fifo.as_uri()):
        run = gloss(library, "--screenshot", str(tmp_path / "shot.png"), target, memory=4 * 2**30, timeout=90,
                    env={"QT_QPA_PLATFORM": "offscreen"})
        refused(run, "pipe.txt", "not a regular file", seconds=30)


def test_dev_zero_is_not_a_50_mb_file(library, gloss, refused, tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    for target in ("/dev/zero", str(link)):
        line = refused(gloss(library, "import", target), "not a regular file", seconds=10)
        assert "MB" not in line


def test_a_file_name_that_is_not_utf8(library, gloss, refused, tmp_path):
    folder = os.fsencode(tmp_path)
    good = folder + b"/caf\xe9 notes.md"
    with open(good, "wb") as fh:
        fh.write(b"Just a paragraph about the harbour, with no heading of its own.\n")
    run = gloss(library, "import", good, "--json")
    assert run.code == 0 and "Traceback" not in run.err, run.err
    (item,) = json.loads(run.out)
    assert item["title"] == "caf\ufffd notes"
    empty = folder + b"/vid\xe9.txt"
    open(empty, "wb").close()
    line = refused(gloss(library, "import", empty), "empty")
    assert "vid\ufffd.txt" in line


SVG = "<svg><script>alert('x')</script><text x='1' y='2'>Only text in a picture</text></svg>"


@pytest.mark.parametrize("command", ["import", "entities", "update"])
def test_a_page_that_is_only_an_svg(library, gloss, refused, contents, tmp_path, command):
    page = tmp_path / "picture.html"
    page.write_text(SVG, encoding="utf-8")
    before = contents(library)
    args = ["update", "1", str(page)] if command == "update" else [command, str(page)]
    refused(gloss(library, *args), "picture", "no readable text")
    assert contents(library) == before


def test_the_app_given_an_svg_page_refuses_it_with_one_line(library, gloss, refused, tmp_path):
    page = tmp_path / "picture.html"
    page.write_text(SVG, encoding="utf-8")
    run = gloss(library, "--screenshot", str(tmp_path / "shot.png"), str(page), memory=4 * 2**30, timeout=90,
                env={"QT_QPA_PLATFORM": "offscreen"})
    refused(run, "picture", "no readable text")


@pytest.mark.parametrize("args", [["show", BIG], ["notes", BIG], ["export", BIG], ["entities", BIG],
                                  ["update", BIG, "FILE"], ["highlight", BIG, "--quote", "NATO"],
                                  ["show", "9" * 400], [BIG, "--screenshot", "SHOT"]])
def test_article_ids_beyond_any_integer_sqlite_holds(library, gloss, refused, contents, sample_path, tmp_path,
                                                     args):
    args = [str(sample_path) if a == "FILE" else str(tmp_path / "s.png") if a == "SHOT" else a for a in args]
    before = contents(library)
    refused(gloss(library, *args, memory=4 * 2**30, env={"QT_QPA_PLATFORM": "offscreen"}), "No article")
    assert contents(library) == before


@pytest.mark.parametrize("ref", ["1_0", "+1", " 1e1", "١", "0x1"])
def test_an_id_is_ascii_digits_only(library, gloss, refused, ref):
    assert gloss(library, "show", "1").code == 0
    refused(gloss(library, "show", ref), "not an article id")


def test_nearly_valid_utf8_is_read_as_utf8_and_said_so(library, gloss, tmp_path):
    path = tmp_path / "meeting.txt"
    path.write_bytes("Meeting notes\n\nThe summit in Bru".encode() + b"\xc3\x28" +
                     "ssels ended; delegates from M\u00fcnchen and Z\u00fcrich spoke at length.\n".encode())
    run = gloss(library, "import", str(path), "--json")
    assert run.code == 0, run.err
    (line,) = run.err.splitlines()
    assert line.startswith("gloss: meeting.txt: 1 byte sequence is not valid UTF-8")
    (item,) = json.loads(run.out)
    text = json.loads(gloss(library, "show", str(item["id"]), "--json").out)["text"]
    assert "Bru\ufffd(ssels" in text and "München" in text and "Ã" not in text
