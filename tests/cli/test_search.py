"""`gloss search`: lines for people, CLI.md's JSON for scripts, and no crash on odd queries."""

from __future__ import annotations

import json

from desktop.cli import main

TITLE = "Catering to NATO, Japan seeks to move out of Asia and reach for Europe, again"


def test_search_prints_one_line_per_match_and_json_with_exact_keys(db_path, sample_path, capsys):
    db = str(db_path)
    assert main(["--db", db, "import", str(sample_path)]) == 0
    assert main(["--db", db, "highlight", "1", "--quote", "Asia-Pacific", "--note", "a NATO foothold",
                 "--tag", "strategy"]) == 0
    capsys.readouterr()

    assert main(["--db", db, "search", "foothold"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"1\tnote\t{TITLE}\ta NATO [foothold]"]

    assert main(["--db", db, "search", "strategy", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert results and all(list(r) == ["article", "title", "kind", "snippet", "quote"] for r in results)
    tag = [r for r in results if r["kind"] == "tag"]
    assert tag == [{"article": 1, "title": TITLE, "kind": "tag", "snippet": "#[strategy]", "quote": "Asia-Pacific"}]
    assert {r["kind"] for r in results} <= {"article", "highlight", "note", "tag", "entity"}


def test_odd_queries_succeed_with_empty_or_real_results(db_path, sample_path, capsys):
    db = str(db_path)
    main(["--db", db, "import", str(sample_path)])
    capsys.readouterr()
    for query in ['"', "NEAR(", "AND OR NOT", "*", "title:x", "🙂"]:
        assert main(["--db", db, "search", query, "--json"]) == 0
        assert isinstance(json.loads(capsys.readouterr().out), list)
    assert main(["--db", db, "search", '"reach for Europe"', "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["kind"] == "article" and "[reaching for Europe]" in hits[0]["snippet"]  # a stemmed phrase
