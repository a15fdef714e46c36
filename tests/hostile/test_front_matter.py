"""Markdown front matter built to hurt: alias bombs, huge values, deep nesting, surrogate escapes."""

from __future__ import annotations

import json

BODY = "\n# A note\n\nSome body text about the strait, long enough to read.\n"


def _laughs(levels: int, last: str = "z") -> str:
    """The YAML "billion laughs": each level a list of nine aliases of the one before."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnopqrstuvwxyz"
    for i in range(1, levels):
        prev, name = names[i - 1], names[i]
        lines.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    lines.append(f"{last}: *{names[levels - 1]}")
    return "---\n" + "\n".join(lines) + "\n---\n" + BODY


def test_the_445_byte_alias_bomb_is_refused_in_bounded_memory(library, tmp_path, gloss, refused, contents):
    bomb = _laughs(9)
    assert 400 < len(bomb.encode()) < 600  # the size that took 7.8 GB
    path = tmp_path / "bomb.md"
    path.write_text(bomb, encoding="utf-8")
    before = contents(library)
    line = refused(gloss(library, "import", str(path)), "alias", seconds=20)
    assert line.startswith("gloss: bomb:")
    assert contents(library) == before


def test_the_331_byte_variant_that_stored_80_mb_of_metadata(library, tmp_path, gloss, refused, contents):
    bomb = _laughs(7, last="title")
    path = tmp_path / "title-bomb.md"
    path.write_text(bomb, encoding="utf-8")
    before = contents(library)
    refused(gloss(library, "import", str(path)), "alias")
    assert contents(library) == before


def test_a_value_of_tens_of_kb_is_capped_and_front_matter_over_64_kb_refused(library, tmp_path, gloss, refused, contents):
    long_title = "Very " * 6_000  # 30 KB: under the front matter cap, far over a title
    path = tmp_path / "long.md"
    path.write_text(f"---\ntitle: \"{long_title}\"\nauthor: {'A' * 20_000}\n---\n" + BODY, encoding="utf-8")
    run = gloss(library, "import", str(path), "--json")
    assert run.code == 0, run.err
    (item,) = json.loads(run.out)
    shown = json.loads(gloss(library, "show", str(item["id"]), "--json").out)
    assert len(shown["title"]) <= 1000 and shown["title"].endswith("…")
    assert len(shown["author"]) <= 2000
    huge = tmp_path / "huge.md"
    huge.write_text("---\ntitle: x\nnotes: |\n" + "  line of notes\n" * 10_000 + "---\n" + BODY, encoding="utf-8")
    before = contents(library)
    refused(gloss(library, "import", str(huge)), "front matter", "KB")
    assert contents(library) == before


def test_deeply_nested_front_matter_is_one_line(library, tmp_path, gloss, refused, contents):
    path = tmp_path / "deep.md"
    path.write_text("---\nx: " + "[" * 20_000 + "]" * 20_000 + "\n---\n" + BODY, encoding="utf-8")
    before = contents(library)
    refused(gloss(library, "import", str(path)), "front matter")
    assert contents(library) == before


def test_a_surrogate_pair_escape_becomes_its_character(library, tmp_path, gloss, refused, contents):
    path = tmp_path / "party.md"
    path.write_text('---\ntitle: "Party \\ud83c\\udf89 time"\nauthor: "lone \\ud83c half"\n---\n' + BODY,
                    encoding="utf-8")
    run = gloss(library, "import", str(path), "--json")
    assert run.code == 0 and "Traceback" not in run.err, run.err
    (item,) = json.loads(run.out)
    assert item["title"] == "Party 🎉 time"
    shown = json.loads(gloss(library, "show", str(item["id"]), "--json").out)
    assert shown["author"] == "lone \ufffd half"
