"""`gloss import`, `list`, `show` and `--db`, with CLI.md's exit codes and JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from desktop.cli import main


def run(*args, env_db=None):
    env = dict(os.environ)
    if env_db:
        env["GLOSS_DB"] = str(env_db)
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


def test_import_list_show(db_path, sample_path, capsys):
    assert main(["--db", str(db_path), "import", str(sample_path)]) == 0
    out = capsys.readouterr().out
    assert out == "1\tCatering to NATO, Japan seeks to move out of Asia and reach for Europe, again\n"
    assert main(["--db", str(db_path), "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [{"id": 1, "title": "Catering to NATO, Japan seeks to move out of Asia and reach for Europe, again",
                       "source": "China Military Online", "author": "Wen Weiru", "published": "2022-05-26 11:54:06",
                       "highlights": 0, "notes": 0}]
    assert main(["--db", str(db_path), "show", "1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert set(shown) == {"id", "title", "source", "author", "editor", "published", "url", "headings", "text"}
    assert shown["editor"] == "Li Jiayao"
    assert len(shown["headings"]) == 2 and shown["headings"][0] in shown["text"].split("\n")
    assert "Related News" not in shown["text"]


def test_import_json_output_and_duplicate(db_path, sample_path, capsys):
    assert main(["--db", str(db_path), "import", "--json", str(sample_path), str(sample_path)]) == 0
    captured = capsys.readouterr()
    assert [r["id"] for r in json.loads(captured.out)] == [1, 1]
    assert "already in the library" in captured.err


def test_gloss_db_environment_variable(tmp_path, sample_path):
    db = tmp_path / "env.sqlite"
    assert run("import", sample_path, env_db=db).returncode == 0
    assert db.exists()
    listed = run("list", "--json", env_db=db)
    assert json.loads(listed.stdout)[0]["id"] == 1 and listed.stderr == ""


def test_user_errors_exit_1_with_one_line(tmp_path, db_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for args in (("import", empty), ("show", "99"), ("show", "abc"), ("import", tmp_path / "missing.txt")):
        result = run("--db", db_path, *args)
        assert result.returncode == 1, args
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_bad_file_changes_nothing(tmp_path, db_path, sample_path):
    assert run("--db", db_path, "import", sample_path).returncode == 0
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 100)
    result = run("--db", db_path, "import", binary)
    assert result.returncode == 1 and "binary" in result.stderr
    assert len(json.loads(run("--db", db_path, "list", "--json").stdout)) == 1


def test_usage_errors_exit_2(db_path):
    assert run("--db", db_path, "show").returncode == 2
    assert run("--db", db_path, "list", "--bogus").returncode == 2
