"""`gloss entities ARTICLE|FILE`: CLI.md's JSON shape, readable groups, corrections, files not imported."""

from __future__ import annotations

import json

from desktop.cli import main
from desktop.store import open_library
from desktop.store.entities import rename_entity


def gloss(db_path, capsys, *args) -> tuple[int, str, str]:
    code = main(["--db", str(db_path), *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_article_json_has_the_cli_md_shape(db_path, capsys, sample_path):
    code, out, _ = gloss(db_path, capsys, "import", sample_path)
    article = out.split("\t")[0]
    code, out, _ = gloss(db_path, capsys, "entities", article, "--json")
    assert code == 0
    entities = json.loads(out)
    assert all(list(e) == ["name", "type", "aliases", "mentions"] for e in entities)
    assert all(list(m) == ["start", "end", "text"] for e in entities for m in e["mentions"])
    by_name = {e["name"]: e for e in entities}
    assert by_name["Japan"]["type"] == "GPE" and by_name["NATO"]["type"] == "ORG"
    assert by_name["Koji Yamazaki"]["type"] == "PERSON" and by_name["Koji Yamazaki"]["aliases"] == ["Yamazaki"]
    code, out, _ = gloss(db_path, capsys, "show", article, "--json")
    text = json.loads(out)["text"]
    assert all(text[m["start"]:m["end"]] == m["text"] for e in entities for m in e["mentions"])


def test_article_plain_output_is_grouped_with_counts(db_path, capsys, sample_path):
    gloss(db_path, capsys, "import", sample_path)
    code, out, _ = gloss(db_path, capsys, "entities", "1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "People (1)"
    assert "Koji Yamazaki" in lines[1] and "also: Yamazaki" in lines[1] and lines[1].split()[0] == "2"
    places = lines.index(next(line for line in lines if line.startswith("Places")))
    assert lines[places + 1].split()[:2] == ["27", "Japan"]  # most mentioned first
    assert "(country, city or state)" in lines[places + 1]  # the kind of place in words, not "GPE"
    assert not any(label in out for label in ("[GPE]", "[LOC]", "[NORP]", "[PERSON]", "[ORG]"))


def test_an_article_shows_the_users_corrections(db_path, capsys, sample_path):
    gloss(db_path, capsys, "import", sample_path)
    lib = open_library(db_path)
    rename_entity(lib, "Koji Yamazaki", "General Koji Yamazaki", "PERSON")
    lib.close()
    code, out, _ = gloss(db_path, capsys, "entities", "1", "--json")
    names = {e["name"]: e for e in json.loads(out)}
    assert "General Koji Yamazaki" in names and "Koji Yamazaki" in names["General Koji Yamazaki"]["aliases"]


def test_a_file_is_analysed_without_being_imported(db_path, capsys, tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Visit\n\nAngela Merkel met Emmanuel Macron in Paris on Tuesday. Merkel spoke first.\n",
                    encoding="utf-8")
    code, out, _ = gloss(db_path, capsys, "entities", path, "--json")
    assert code == 0
    names = {e["name"]: e for e in json.loads(out)}
    assert names["Angela Merkel"]["type"] == "PERSON" and names["Paris"]["type"] == "GPE"
    code, out, _ = gloss(db_path, capsys, "list", "--json")
    assert json.loads(out) == []


def test_errors_are_one_line(db_path, capsys, tmp_path):
    code, out, err = gloss(db_path, capsys, "entities", "42")
    assert code == 1 and out == "" and err.count("\n") == 1 and "No article 42" in err
    code, out, err = gloss(db_path, capsys, "entities", tmp_path / "missing.txt")
    assert code == 1 and err.count("\n") == 1


def test_rules_only_says_so_on_stderr(db_path, sample_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ, GLOSS_SPACY_MODEL="none", PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db_path), "entities", str(sample_path), "--json"],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert done.returncode == 0 and "rules only" in done.stderr
    assert {e["name"] for e in json.loads(done.stdout)} >= {"Japan", "NATO", "Koji Yamazaki"}
