"""`gloss export`: Markdown or JSON, to stdout, a file or a folder; round trip through `gloss import`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

from desktop.cli import main


def gloss(db_path, capsys, *args) -> tuple[int, str, str]:
    code = main(["--db", str(db_path), *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def article(db_path, sample_path, capsys) -> str:
    code, out, _ = gloss(db_path, capsys, "import", sample_path)
    assert code == 0
    article = out.split("\t")[0]
    assert gloss(db_path, capsys, "highlight", article, "--quote", "Koji Yamazaki", "--color", "green",
                 "--note", "# Who?\n> *really*", "--tag", "people")[0] == 0
    assert gloss(db_path, capsys, "highlight", article, "--quote", "NATO", "--occurrence", "3")[0] == 0
    return article


def test_markdown_to_stdout(db_path, capsys, article):
    code, out, err = gloss(db_path, capsys, "export", article)
    assert code == 0 and err == ""
    meta = yaml.safe_load(out.split("\n---\n")[0][4:])
    assert meta["title"].startswith("Catering to NATO")
    assert "> Koji Yamazaki" in out and "**Who?**\n\n> *really*" in out and "#people" in out
    assert out.count("gloss://article/") >= 3


def test_json_to_stdout_and_back_into_another_library(db_path, tmp_path, capsys, article):
    code, out, _ = gloss(db_path, capsys, "export", article, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [a["target"]["selector"][1]["exact"] for a in data["annotations"]] == ["Koji Yamazaki", "NATO"]
    path = tmp_path / "notes.json"
    path.write_text(out, encoding="utf-8")
    other = tmp_path / "other.sqlite"
    code, out, _ = gloss(other, capsys, "import", path)
    assert code == 0 and out.startswith(f"{article}\tCatering to NATO")
    assert json.loads(gloss(other, capsys, "notes", article, "--json")[1]) == \
        json.loads(gloss(db_path, capsys, "notes", article, "--json")[1])
    code, _, err = gloss(other, capsys, "import", path)  # again: merged, nothing duplicated
    assert code == 0 and "already in the library" in err
    assert len(json.loads(gloss(other, capsys, "notes", article, "--json")[1])) == 2


def test_output_file_and_folder(db_path, tmp_path, capsys, article):
    target = tmp_path / "mine.md"
    code, out, _ = gloss(db_path, capsys, "export", article, "-o", target)
    assert code == 0 and out.strip() == str(target) and target.read_text(encoding="utf-8").startswith("---\n")
    folder = tmp_path / "vault"
    folder.mkdir()
    code, out, _ = gloss(db_path, capsys, "export", article, "-o", folder)
    expected = folder / "Catering to NATO, Japan seeks to move out of Asia and reach for Europe, again.md"
    assert code == 0 and expected.is_file() and out.strip() == str(expected.resolve())
    code, out, _ = gloss(db_path, capsys, "export", article, "--format", "json", "-o", str(tmp_path / "new") + os.sep)
    assert code == 0 and (tmp_path / "new" / expected.with_suffix(".json").name).is_file()


def test_all_into_folder(db_path, tmp_path, capsys, article):
    (tmp_path / "b.txt").write_text("Catering to NATO, Japan seeks to move out of Asia and reach for Europe, again\n\nOther body.")
    gloss(db_path, capsys, "import", tmp_path / "b.txt")
    out_dir = tmp_path / "export"
    code, out, _ = gloss(db_path, capsys, "export", "--all", "-o", out_dir)
    assert code == 0
    names = sorted(p.name for p in out_dir.iterdir() if not p.name.startswith("."))
    assert names == ["Catering to NATO, Japan seeks to move out of Asia and reach for Europe, again (2).md",
                     "Catering to NATO, Japan seeks to move out of Asia and reach for Europe, again.md"]
    assert len(out.splitlines()) == 2


def test_all_to_stdout(db_path, tmp_path, capsys, article):
    code, out, err = gloss(db_path, capsys, "export", "--all")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and "-o DIR" in err
    code, out, _ = gloss(db_path, capsys, "export", "--all", "--format", "json")
    assert code == 0 and isinstance(json.loads(out), list)
    backup = tmp_path / "backup.json"
    backup.write_text(out, encoding="utf-8")
    code, out, _ = gloss(tmp_path / "restored.sqlite", capsys, "import", backup)
    assert code == 0 and out.startswith(article + "\t")


@pytest.mark.parametrize("args, status", [
    (["export"], 2), (["export", "1", "--all"], 2), (["export", "999"], 1), (["export", "abc"], 1),
    (["export", "1", "--format", "pdf"], 2), (["export", "1", "-o", "/nonexistent/dir/x.md"], 1),
])
def test_errors_exit_with_status_and_say_why(db_path, capsys, article, args, status):
    try:
        code = main(["--db", str(db_path), *args])
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    err = capsys.readouterr().err
    assert code == status and err.strip() and "Traceback" not in err
    if status == 1:
        assert len(err.strip().splitlines()) == 1


def test_import_of_malformed_json_is_one_line(db_path, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"article": {"text": "x"}, "annotations": [{"type": "Annotation"}]', encoding="utf-8")
    code, out, err = gloss(db_path, capsys, "import", bad)
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and "bad.json" in err


def test_export_as_a_subprocess_writes_utf8(db_path, sample_path, tmp_path):
    env = dict(os.environ, PYTHONIOENCODING="ascii")  # stdout bytes stay UTF-8 whatever the locale
    subprocess.run([sys.executable, "-m", "desktop", "--db", str(db_path), "import", str(sample_path)], check=True,
                   capture_output=True, env=env)
    subprocess.run([sys.executable, "-m", "desktop", "--db", str(db_path), "highlight", "1", "--quote", "Japan",
                    "--note", "日本 — ≠"], check=True, capture_output=True, env=env)
    proc = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db_path), "export", "1"],
                          capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0 and "日本 — ≠" in proc.stdout.decode("utf-8")
