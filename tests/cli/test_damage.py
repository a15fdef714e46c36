"""The command line on a damaged library, a library from a newer Gloss, and a file that is no library."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from desktop.store import open_library
from desktop.store.backup import make_backup
from desktop.store.schema import SCHEMA_VERSION


def gloss(db_path, *args, timeout=60):
    env = dict(os.environ, GLOSS_DB=str(db_path))
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


@pytest.fixture
def library_with_article(db_path, sample_path):
    out = gloss(db_path, "import", str(sample_path))
    assert out.returncode == 0, out.stderr
    return db_path


def _garbage_pages(path):
    data = bytearray(path.read_bytes())
    for page in range(1, len(data) // 4096, 2):
        data[page * 4096:(page + 1) * 4096] = os.urandom(4096)
    path.write_bytes(bytes(data))


def test_damaged_library_restored_from_backup_with_one_line(library_with_article):
    db_path = library_with_article
    lib = open_library(db_path)
    make_backup(lib)
    lib.close()
    _garbage_pages(db_path)
    out = gloss(db_path, "list", "--json")
    assert out.returncode == 0
    assert "Traceback" not in out.stderr
    (line,) = out.stderr.splitlines()
    assert line.startswith("gloss: The library library.sqlite was damaged") and "backup from" in line
    assert len(json.loads(out.stdout)) == 1  # stdout stays pure JSON, with the restored article
    again = gloss(db_path, "list")
    assert again.returncode == 0 and again.stderr == ""


def test_damaged_library_without_backup(library_with_article):
    db_path = library_with_article
    data = bytearray(db_path.read_bytes())
    data[:16] = b"garbage garbage!"
    db_path.write_bytes(bytes(data))
    out = gloss(db_path, "list", "--json")
    assert out.returncode == 0 and "Traceback" not in out.stderr
    (line,) = out.stderr.splitlines()
    assert "no backup" in line and "new, empty library" in line
    assert json.loads(out.stdout) == []
    assert any(".damaged-" in p.name for p in db_path.parent.iterdir())


def test_truncated_library_on_import(library_with_article, sample_path):
    db_path = library_with_article
    with open(db_path, "r+b") as fh:
        fh.truncate(4096 * 2 + 17)
    out = gloss(db_path, "import", str(sample_path))
    assert out.returncode == 0 and "Traceback" not in out.stderr
    assert "damaged" in out.stderr and len(out.stderr.splitlines()) == 1
    assert out.stdout.split("\t")[0].isdigit()


def test_newer_library_refused_end_to_end(library_with_article):
    db_path = library_with_article
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = db_path.read_bytes()
    for args in (["list"], ["show", "1"], ["import", str(db_path)]):
        out = gloss(db_path, *args)
        assert out.returncode == 1, out
        assert out.stdout == "" and "Traceback" not in out.stderr
        (line,) = out.stderr.splitlines()
        assert line.startswith("gloss: ") and "newer version of Gloss" in line
    assert db_path.read_bytes() == before  # never migrated backwards, never touched
    assert not any(".damaged-" in p.name for p in db_path.parent.iterdir())


def test_a_folder_as_the_library(tmp_path):
    out = gloss(tmp_path, "list")
    assert out.returncode == 1 and "Traceback" not in out.stderr and len(out.stderr.splitlines()) == 1
