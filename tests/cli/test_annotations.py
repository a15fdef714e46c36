"""`gloss highlight`, `gloss notes`, `gloss update`: CLI.md's output, JSON and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from desktop.cli import main

UPDATE_KEYS = ["id", "result", "start", "end", "quote", "old_quote", "was"]
NOTES_KEYS = ["id", "start", "end", "quote", "prefix", "suffix", "color", "label", "note", "tags",
              "status", "created", "updated"]


def gloss(db_path, capsys, *args) -> tuple[int, str, str]:
    code = main(["--db", str(db_path), *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run(db_path, *args):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "desktop", "--db", str(db_path), *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)


@pytest.fixture
def article(db_path, sample_path, capsys) -> str:
    code, out, _ = gloss(db_path, capsys, "import", sample_path)
    assert code == 0
    return out.split("\t")[0]


def text_of(db_path, capsys, article) -> str:
    code, out, _ = gloss(db_path, capsys, "show", article, "--json")
    return json.loads(out)["text"]


def test_highlight_prints_the_id_and_notes_lists_it(db_path, capsys, article):
    code, out, err = gloss(db_path, capsys, "highlight", article, "--quote", "NATO", "--occurrence", "2",
                           "--color", "question", "--note", "Why *now*?", "--tag", "alliance", "--tag", "#Japan")
    assert (code, err) == (0, "")
    assert out == "1\n"
    code, out, _ = gloss(db_path, capsys, "notes", article, "--json")
    notes = json.loads(out)
    assert len(notes) == 1 and list(notes[0]) == NOTES_KEYS
    h = notes[0]
    text = text_of(db_path, capsys, article)
    first = text.index("NATO")
    assert h["start"] == text.index("NATO", first + 4) and text[h["start"]:h["end"]] == h["quote"] == "NATO"
    assert (h["color"], h["label"], h["note"], h["tags"], h["status"]) == (
        "blue", "Question", "Why *now*?", ["Japan", "alliance"], "anchored")
    assert h["prefix"] == text[h["start"] - 32:h["start"]] and h["suffix"] == text[h["end"]:h["end"] + 32]
    code, out, _ = gloss(db_path, capsys, "notes", article)
    assert code == 0 and out.count("\n") == 1
    assert "[Question]" in out and "NATO" in out and "Why *now*?" in out and "#alliance" in out
    code, out, _ = gloss(db_path, capsys, "list", "--json")
    assert json.loads(out)[0]["highlights"] == 1 and json.loads(out)[0]["notes"] == 1


def test_highlight_json_is_the_notes_record(db_path, capsys, article):
    code, out, _ = gloss(db_path, capsys, "highlight", article, "--quote", "Japan", "--json")
    assert code == 0
    record = json.loads(out)
    assert list(record) == NOTES_KEYS and record["color"] == "yellow" and record["label"] == "Key point"
    code, out, _ = gloss(db_path, capsys, "notes", article, "--json")
    assert json.loads(out) == [record]


def test_notes_in_document_order(db_path, capsys, article):
    for n in (5, 1, 3):
        assert gloss(db_path, capsys, "highlight", article, "--quote", "NATO", "--occurrence", n)[0] == 0
    notes = json.loads(gloss(db_path, capsys, "notes", article, "--json")[1])
    assert [h["id"] for h in notes] == [2, 3, 1]
    assert [h["start"] for h in notes] == sorted(h["start"] for h in notes)
    code, out, _ = gloss(db_path, capsys, "notes", article)
    assert [line.split("\t")[0] for line in out.splitlines()] == ["2", "3", "1"]


@pytest.mark.parametrize("args, message", [
    (["--quote", "no such words anywhere"], "is not in article"),
    (["--quote", "NATO", "--occurrence", "999"], "there is no occurrence 999"),
    (["--quote", "NATO", "--occurrence", "0"], "counts from 1"),
    (["--quote", "   "], "quote is empty"),
    (["--quote", "NATO", "--color", "chartreuse"], "Unknown colour 'chartreuse'"),
    (["--quote", "NATO", "--tag", ""], "tag cannot be empty"),
])
def test_highlight_errors(db_path, capsys, article, args, message):
    code, out, err = gloss(db_path, capsys, "highlight", article, *args)
    assert code == 1 and out == ""
    assert message in err and err.count("\n") == 1
    assert json.loads(gloss(db_path, capsys, "notes", article, "--json")[1]) == []


def test_unknown_article(db_path, capsys, article):
    for args in (["highlight", "99", "--quote", "x"], ["notes", "99"], ["notes", "abc"], ["update", "99", "x.txt"]):
        code, out, err = gloss(db_path, capsys, *args)
        assert code == 1 and out == "" and err.startswith("gloss: ") and err.count("\n") == 1


def test_quote_is_normalised_like_the_text(db_path, capsys, tmp_path):
    path = tmp_path / "accents.txt"
    path.write_text("Accents\r\n\r\nThe café (decomposed: cafe\u0301) is open.\r\nSecond line here.\r\n", encoding="utf-8")
    article = gloss(db_path, capsys, "import", path)[1].split("\t")[0]
    code, out, _ = gloss(db_path, capsys, "highlight", article, "--quote", "cafe\u0301) is", "--json")
    assert code == 0 and json.loads(out)["quote"] == "café) is"


def test_update_reanchors_and_reports(db_path, capsys, article, sample_path, tmp_path):
    text = text_of(db_path, capsys, article)
    paragraphs = text.split("\n")
    keep_quote = paragraphs[2][:50]
    gone_quote = paragraphs[6][:50]
    assert gloss(db_path, capsys, "highlight", article, "--quote", keep_quote, "--note", "stays")[0] == 0
    assert gloss(db_path, capsys, "highlight", article, "--quote", gone_quote, "--note", "orphaned")[0] == 0
    original = sample_path.read_text(encoding="utf-8")
    assert gone_quote in original
    cut = original.index(gone_quote)
    line_end = original.index("\n", cut)
    new_version = original[:cut] + original[line_end + 1:]
    new_version = new_version.replace(paragraphs[1][:20], "Inserted sentence. " + paragraphs[1][:20], 1)
    new_path = tmp_path / "v2.txt"
    new_path.write_text(new_version, encoding="utf-8")
    code, out, err = gloss(db_path, capsys, "update", article, new_path)
    assert (code, err) == (0, "")
    assert out.splitlines() == ["1 anchored (1 kept, 0 edited), 1 orphaned", f"orphaned\t2\t“{gone_quote}”"]
    notes = json.loads(gloss(db_path, capsys, "notes", article, "--json")[1])
    assert [(h["quote"], h["status"], h["note"]) for h in notes] == [
        (keep_quote, "anchored", "stays"), (gone_quote, "orphaned", "orphaned")]
    new_text = text_of(db_path, capsys, article)
    assert new_text[notes[0]["start"]:notes[0]["end"]] == keep_quote
    code, out, _ = gloss(db_path, capsys, "notes", article)
    assert out.splitlines()[-1].endswith("(orphaned)")
    # back to the first version, as JSON: the orphan comes home
    code, out, _ = gloss(db_path, capsys, "update", article, sample_path, "--json")
    report = json.loads(out)
    assert code == 0 and {k: report[k] for k in ("anchored", "orphaned", "kept", "edited")} == {
        "anchored": 2, "orphaned": 0, "kept": 2, "edited": 0}
    assert [(h["id"], h["result"], h["was"], h["quote"]) for h in report["highlights"]] == [
        (1, "kept", "anchored", keep_quote), (2, "kept", "orphaned", gone_quote)]
    assert all(list(h) == UPDATE_KEYS for h in report["highlights"])
    text = text_of(db_path, capsys, article)
    assert all(text[h["start"]:h["end"]] == h["quote"] == h["old_quote"] for h in report["highlights"])


def test_update_keeps_a_note_on_the_repetition_it_was_on(db_path, capsys, tmp_path):
    """Issue 17: a paragraph inserted above, the one after the repeats deleted: the third stays the third."""
    repeats = " ".join(["Repeated phrase here."] * 3)
    old = tmp_path / "v1.txt"
    old.write_text(f"Title\n\nIntro paragraph one is here.\n\n{repeats}\n\nRepeated phrase here, and more.\n\n"
                   "Last paragraph stays.\n", encoding="utf-8")
    article = gloss(db_path, capsys, "import", old)[1].split("\t")[0]
    code, out, _ = gloss(db_path, capsys, "highlight", article, "--quote", "Repeated phrase here.", "--occurrence", 3,
                         "--note", "the third", "--json")
    assert code == 0
    before = json.loads(out)
    assert before["start"] == text_of(db_path, capsys, article).index(repeats) + 2 * len("Repeated phrase here. ")
    new = tmp_path / "v2.txt"
    new.write_text(f"Title\n\nA new paragraph was inserted near the top.\n\nIntro paragraph one is here.\n\n{repeats}"
                   "\n\nLast paragraph stays.\n", encoding="utf-8")
    code, out, err = gloss(db_path, capsys, "update", article, new, "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    text = text_of(db_path, capsys, article)
    third = text.index(repeats) + 2 * len("Repeated phrase here. ")
    assert report["highlights"] == [{"id": before["id"], "result": "kept", "start": third, "end": third + 21,
                                     "quote": "Repeated phrase here.", "old_quote": "Repeated phrase here.",
                                     "was": "anchored"}]
    note, = json.loads(gloss(db_path, capsys, "notes", article, "--json")[1])
    assert (note["start"], note["end"], note["note"], note["status"]) == (third, third + 21, "the third", "anchored")


def test_update_lists_the_edited_highlights_to_review(db_path, capsys, tmp_path):
    old = tmp_path / "v1.txt"
    old.write_text("Title\n\nThe committee approved the budget on Monday after a long debate.\n\n"
                   "A second paragraph that nobody touches at all.\n", encoding="utf-8")
    article = gloss(db_path, capsys, "import", old)[1].split("\t")[0]
    quote = "approved the budget on Monday"
    assert gloss(db_path, capsys, "highlight", article, "--quote", quote)[0] == 0
    assert gloss(db_path, capsys, "highlight", article, "--quote", "nobody touches")[0] == 0
    new = tmp_path / "v2.txt"
    new.write_text("Title\n\nThe committee approved the budget on Tuesday after a long debate.\n\n"
                   "A second paragraph that nobody touches at all.\n", encoding="utf-8")
    code, out, err = gloss(db_path, capsys, "update", article, new)
    assert (code, err) == (0, "")
    assert out.splitlines() == ["2 anchored (1 kept, 1 edited), 0 orphaned",
                                f"edited\t1\t“{quote}” → “approved the budget on Tuesday”"]


def test_update_errors(db_path, capsys, article, tmp_path):
    code, out, err = gloss(db_path, capsys, "update", article, tmp_path / "missing.txt")
    assert code == 1 and "no such file" in err and err.count("\n") == 1
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = gloss(db_path, capsys, "update", article, empty)
    assert code == 1 and "empty" in err


def test_subprocess_exit_codes_and_single_line_errors(db_path, sample_path):
    assert run(db_path, "import", sample_path).returncode == 0
    ok = run(db_path, "highlight", "1", "--quote", "Japan", "--json")
    assert ok.returncode == 0 and ok.stderr == "" and json.loads(ok.stdout)["quote"] == "Japan"
    for args in (["highlight", "1", "--quote", "absent phrase"], ["highlight", "1", "--quote", "NATO", "--occurrence", "500"],
                 ["highlight", "1", "--quote", "NATO", "--color", "pink"], ["notes", "7"],
                 ["update", "1", "nope.txt"]):
        bad = run(db_path, *args)
        assert bad.returncode == 1, args
        assert bad.stdout == ""
        assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr and bad.stderr.startswith("gloss: ")
    usage = run(db_path, "highlight", "1")  # --quote is required: argparse's usage error
    assert usage.returncode == 2
    notes = run(db_path, "notes", "1", "--json")
    assert notes.returncode == 0 and len(json.loads(notes.stdout)) == 1


def test_update_drops_entity_rows_of_the_old_text(tmp_path):
    from desktop.cli import main
    from desktop.store import open_library

    db = tmp_path / "lib.sqlite"
    first = tmp_path / "v1.txt"
    first.write_text("Report\n\nAngela Merkel met officials in Berlin on Monday.", encoding="utf-8")
    second = tmp_path / "v2.txt"
    second.write_text("Report\n\nOfficials met in Paris on Monday.", encoding="utf-8")
    assert main(["--db", str(db), "import", str(first)]) == 0
    assert main(["--db", str(db), "entities", "1", "--json"]) == 0
    lib = open_library(db)
    assert "Berlin" in {r["name"] for r in lib.db["article_entities"].rows}
    lib.close()
    assert main(["--db", str(db), "update", "1", str(second)]) == 0
    lib = open_library(db)
    assert "Berlin" not in {r["name"] for r in lib.db["article_entities"].rows}


def test_white_space_around_a_quote_is_not_highlighted(db_path, capsys, article):
    code, out, _ = gloss(db_path, capsys, "highlight", article, "--quote", " Koji Yamazaki\n", "--json")
    assert code == 0
    record = json.loads(out)
    assert record["quote"] == "Koji Yamazaki"
    assert text_of(db_path, capsys, article)[record["start"]:record["end"]] == "Koji Yamazaki"
