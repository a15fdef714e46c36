"""gloss:// links reopen Gloss at the passage they name."""

from __future__ import annotations

import os
import subprocess
import sys

from desktop.core.links import make_link
from desktop.store import open_library
from desktop.store.imports import import_file
from desktop.store.highlights import add_highlight


def test_show_passage_scrolls_to_the_highlight_and_flashes_it(window, qtbot):
    text = window.article.text
    start = text.index("Once Japan joins NATO")
    record = add_highlight(window.library, window.article.id, start, start + 21)
    window.show_passage(highlight_id=record["id"])
    assert window.reader.verticalScrollBar().value() > 0
    assert 0 <= window.reader.span_rect_top(start) < window.reader.viewport().height()
    flashes = window.reader._marks.get("flash")
    assert flashes and flashes[0].cursor.selectedText() == "Once Japan joins NATO"


def test_app_opens_a_gloss_url(tmp_path, sample_path):
    db = tmp_path / "lib.sqlite"
    lib = open_library(db)
    (article_id, _t, _a), = import_file(lib, sample_path)
    start = lib.db.execute("SELECT instr(text, 'Northern Territories') - 1 FROM articles").fetchone()[0]
    hid = add_highlight(lib, article_id, start, start + 20)["id"]
    lib.close()
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for url, code in ((make_link(article_id, hid, start), 0), ("gloss://article/99", 1), ("gloss://evil/../x", 1)):
        result = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "--screenshot", str(out), url],
                                capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == code, (url, result.stderr)
        if code:
            assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert out.exists()


def test_app_opens_a_file_url(tmp_path):
    page = tmp_path / "from desktop.md"
    page.write_text("# Opened From The Desktop\n\nBody.", encoding="utf-8")
    db = tmp_path / "lib.sqlite"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    url = page.resolve().as_uri()
    result = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "--screenshot",
                             str(tmp_path / "s.png"), url], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    lib = open_library(db)
    assert "Opened From The Desktop" in [r["title"] for r in lib.db["articles"].rows]
