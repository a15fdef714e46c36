"""`gloss import URL` and `gloss update ARTICLE URL` against a page served on 127.0.0.1."""

from __future__ import annotations

import json

from desktop.cli import main

V1 = """<html><head><title>Harbour cranes</title><meta name="author" content="Sanne Visser"></head><body>
<article><h1>Harbour cranes</h1><p>Rotterdam's port authority said on Monday that its container terminals
handled a record number of boxes last year, helped by new automated cranes at the Maasvlakte.</p>
<p>The authority expects volumes to keep growing through 2030 as new quays open on reclaimed land.</p>
</article></body></html>"""
V2 = V1.replace("on Monday", "on Tuesday").replace("through 2030", "through 2035, officials said,")


def test_import_a_url_then_again_then_update(db_path, local_site, capsys):
    local_site.pages["/cranes"] = (200, {"Content-Type": "text/html; charset=utf-8"}, V1.encode())
    url = local_site.url("/cranes")
    assert main(["--db", str(db_path), "import", "--json", url]) == 0
    assert json.loads(capsys.readouterr().out) == [{"id": 1, "title": "Harbour cranes"}]
    assert main(["--db", str(db_path), "show", "1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["url"] == url and shown["author"] == "Sanne Visser" and "record number of boxes" in shown["text"]
    assert main(["--db", str(db_path), "highlight", "1", "--quote", "a record number of boxes"]) == 0
    capsys.readouterr()

    local_site.pages["/cranes"] = (200, {"Content-Type": "text/html; charset=utf-8"}, V2.encode())
    assert main(["--db", str(db_path), "import", url + "#latest"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "1\tHarbour cranes\n"
    assert captured.err == (f"gloss: {url}#latest is already in the library as article 1; "
                            f"`gloss update 1 {url}#latest` fetches it again.\n")
    assert local_site.requests == ["/cranes"]  # known: not fetched again

    assert main(["--db", str(db_path), "update", "1", url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["anchored"], report["orphaned"], report["kept"]) == (1, 0, 1)
    assert main(["--db", str(db_path), "show", "1", "--json"]) == 0
    assert "on Tuesday" in json.loads(capsys.readouterr().out)["text"]
    assert main(["--db", str(db_path), "notes", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["quote"] == "a record number of boxes"


def test_a_url_that_fails_changes_nothing(db_path, local_site, capsys):
    assert main(["--db", str(db_path), "import", local_site.url("/gone")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("gloss: 127.0.0.1:") and "answered 404" in err and err.count("\n") == 1
    assert main(["--db", str(db_path), "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
