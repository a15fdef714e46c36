"""A full disk and a read-only library: every write refused with one line, nothing half-saved,
and the library still opens for reading (the GUI's read-only session)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from desktop.store import open_library
from desktop.store.files import LibraryNotWritable


def _big_text(tmp_path: Path) -> Path:
    big = tmp_path / "big.txt"
    big.write_text("A long report\n\n" + "\n\n".join(f"Paragraph {i}, with words enough to need pages." for i in
                                                    range(40_000)), encoding="utf-8")
    return big


ROOM = 48 * 1024  # no file may grow past this: room for the log index (32 KB) and a small write, no more


def test_a_full_disk_refuses_each_write_with_one_line_and_keeps_the_library(library, gloss, refused, contents,
                                                                             tmp_path):
    before = contents(library)
    limit = ROOM
    line = refused(gloss(library, "import", str(_big_text(tmp_path)), file_size=limit), "nothing was saved")
    assert "could not be written" in line or "is full" in line
    for args in (["highlight", "1", "--quote", "Asia-Pacific", "--note", "x" * 100_000],):
        refused(gloss(library, *args, file_size=limit), "nothing was saved")
    assert contents(library) == before  # nothing half-written
    assert gloss(library, "list").code == 0


def test_a_library_that_cannot_even_make_its_log_opens_read_only(library, gloss, refused, contents):
    before = contents(library)
    run = gloss(library, "list", "--json", file_size=1)  # no file may grow: not even the log index
    assert run.code == 0, run.err
    assert [a["id"] for a in json.loads(run.out)] == [1]
    (line,) = run.err.splitlines()
    assert "opened the library read-only" in line
    search = gloss(library, "search", "NATO", "--json", file_size=1)
    assert search.code == 0 and json.loads(search.out)
    refused(gloss(library, "highlight", "1", "--quote", "Asia-Pacific", file_size=1), "nothing was saved")
    assert contents(library) == before


@contextlib.contextmanager
def _read_only(folder: Path):
    """``folder`` made read-only for the test: by permissions, or (for root, whom permissions do
    not stop) by mounting it read-only over itself."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for p in modes:
            p.chmod(modes[p] & ~0o222)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_library_reads_and_refuses_writes_with_one_line(library, gloss, refused, contents):
    before = contents(library)
    with _read_only(library.parent):
        run = gloss(library, "show", "1")
        assert run.code == 0 and "Catering to NATO" in run.out, run.err
        assert "read-only" in run.err and len(run.err.splitlines()) == 1
        for args in (["highlight", "1", "--quote", "Asia-Pacific"], ["import", str(library)]):
            run = gloss(library, *args)
            assert "Traceback" not in run.err and run.code == 1
            assert all(line.startswith("gloss: ") for line in run.lines)
        lib = open_library(library)  # the store: a read-only session, every write refused
        try:
            assert lib.read_only and "read-only" in lib.write_problem()
            from desktop.store.library_ops import set_article_tags

            with pytest.raises(LibraryNotWritable) as raised:
                set_article_tags(lib, 1, ["kept?"])
            assert raised.value.reason == "read-only"
            lib.set_setting("x", "y")  # a setting is simply not kept
            assert lib.setting("x") == ""
        finally:
            lib.close()
    assert contents(library) == before


def test_a_read_only_session_opens_articles_without_failing_on_bookkeeping(library):
    from desktop.store.articles import get_article, mark_opened, save_position
    from desktop.store.imports import ensure_sample

    with _read_only(library.parent):
        lib = open_library(library)
        try:
            assert lib.refusal is not None
            assert ensure_sample(lib) is None
            mark_opened(lib, 1)  # what the app notes for itself is skipped, not an error
            save_position(lib, 1, 100, 0.5)
            lib.set_setting("window", "1400x900")
            assert get_article(lib, 1).title.startswith("Catering to NATO")
        finally:
            lib.close()
