"""Searching a library that holds one huge article: a common word and a rare one answer in bounded
time and memory (before passages, a common word in a 49 MB article ran for over 24 minutes)."""

from __future__ import annotations

import json


def test_a_common_and_a_rare_word_in_a_16_mb_article(library, gloss, tmp_path):
    huge = tmp_path / "huge.txt"
    paragraph = ("The delegates of the alliance met in the hall of the old harbour, and the talks went on "
                 "into the night while the ships waited in the roads. ")
    with open(huge, "w", encoding="utf-8") as fh:
        fh.write("The longest report\n\n")
        for i in range(70_000):
            fh.write(f"{i}. {paragraph * 2}\n\n")
            if i == 35_000:
                fh.write("Half way through, a zeppelin passed over the harbour.\n\n")
    assert huge.stat().st_size > 16 * 2**20
    run = gloss(library, "import", str(huge), timeout=300)
    assert run.code == 0, run.err
    for word, seconds in (("the", 10), ("zeppelin", 5), ('"old harbour" -Brussels', 10)):
        run = gloss(library, "search", word, "--json", timeout=120)
        assert run.code == 0 and run.seconds < seconds, (word, run.seconds, run.err[-500:])
        results = json.loads(run.out)
        assert results and all(len(r["snippet"]) < 400 for r in results)
    (hit,) = [r for r in json.loads(gloss(library, "search", "zeppelin", "--json").out) if r["kind"] == "article"]
    assert "[zeppelin]" in hit["snippet"]
