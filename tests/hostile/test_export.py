"""Exporting into a folder that holds the user's own files: only what Gloss wrote is ever replaced."""

from __future__ import annotations

import json

TITLE = "Catering to NATO, Japan seeks to move out of Asia and reach for Europe, again"


def test_a_users_note_of_the_same_name_is_never_overwritten(library, gloss, tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    mine = vault / f"{TITLE}.md"
    mine.write_text("# My own note\n\nWritten by me, not by Gloss.\n", encoding="utf-8")
    before = mine.read_bytes()
    run = gloss(library, "export", "1", "-o", str(vault))
    assert run.code == 0, run.err
    written = run.out.strip()
    assert written.endswith(f"{TITLE} (2).md")
    assert mine.read_bytes() == before
    again = gloss(library, "export", "1", "-o", str(vault))  # Gloss's own export is replaced in place
    assert again.out.strip() == written
    assert sorted(p.name for p in vault.iterdir() if not p.name.startswith(".")) == [f"{TITLE} (2).md",
                                                                                       f"{TITLE}.md"]
    ours = vault / f"{TITLE} (2).md"
    ours.write_text(ours.read_text(encoding="utf-8") + "\nMy addition to the export.\n", encoding="utf-8")
    edited = ours.read_bytes()
    third = gloss(library, "export", "--all", "-o", str(vault))  # edited since: now the user's too
    assert third.code == 0 and third.out.strip().endswith(f"{TITLE} (3).md")
    assert ours.read_bytes() == edited and mine.read_bytes() == before


def test_an_explicit_file_that_gloss_did_not_write_is_kept(library, gloss, tmp_path):
    target = tmp_path / "notes.json"
    target.write_text('{"mine": true}\n', encoding="utf-8")
    run = gloss(library, "export", "1", "--format", "json", "-o", str(target))
    assert run.code == 0 and run.out.strip() == str(tmp_path / "notes (2).json")
    assert json.loads(target.read_text(encoding="utf-8")) == {"mine": True}
    assert json.loads((tmp_path / "notes (2).json").read_text(encoding="utf-8"))["type"] == "gloss:Export"
