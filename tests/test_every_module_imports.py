"""Every module of the ``desktop`` package imports, in a fresh interpreter with Qt off-screen, and so
does every other package their code imports, at the top or inside a function (trafilatura, spaCy
and lxml load only when first used): a dependency missing, or broken at import time, fails here
rather than in a user's hands.

The modules are found by walking the package (``pkgutil``), so modules and subpackages added or
moved are checked without a list to keep up to date.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

IMPORT_ALL = r"""
import ast, importlib, json, pkgutil, sys, traceback
package = importlib.import_module(sys.argv[1])
failed, names, lazy = {}, [package.__name__], {}
def record(name):  # a subpackage whose __init__ failed: walk_packages would skip it silently
    failed[name] = traceback.format_exc(limit=-3)
def imported_in(module):  # what its code imports anywhere, in functions too (lazily)
    source = getattr(getattr(module, "__spec__", None), "origin", None)
    if not source or not source.endswith(".py"):
        return
    for node in ast.walk(ast.parse(open(source, encoding="utf-8").read())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".", onerror=record):
    names.append(info.name)
    try:
        module = importlib.import_module(info.name)  # a __main__ module's program is guarded: not run here
    except BaseException:
        failed[info.name] = traceback.format_exc(limit=-3)
        continue
    for name in imported_in(module):
        top = name.split(".")[0]
        if top not in sys.stdlib_module_names and top != package.__name__:
            lazy.setdefault(name, info.name)
for name, by in sorted(lazy.items()):  # the other packages Gloss's code paths import
    try:
        importlib.import_module(name)
    except BaseException:
        failed[f"{by}: {name}"] = traceback.format_exc(limit=-3)
print(json.dumps({"modules": sorted(set(names)), "imported": sorted(lazy), "failed": failed}))
"""

def _import_all(package: str, path: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=os.pathsep.join(
        [str(path), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, "-c", IMPORT_ALL, package], cwd=path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.splitlines()[-1])


def test_every_module_of_desktop_imports():
    result = _import_all("desktop", ROOT)
    assert result["failed"] == {}
    on_disk = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
               for p in (ROOT / "desktop").rglob("*.py")}
    assert set(result["modules"]) == on_disk  # all of them, down to the subpackages
    assert {"trafilatura", "lxml.html", "spacy", "PySide6.QtWidgets"} <= set(result["imported"])


def test_a_module_whose_dependency_is_missing_is_named(tmp_path):
    """The walk reports what a missing package breaks, in a module or in a subpackage's __init__."""
    pkg = tmp_path / "fakeapp"
    (pkg / "ui" / "reader").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "fine.py").write_text("import json\n")
    (pkg / "importer.py").write_text("def load():\n    import lazily_imported_not_installed\n")
    (pkg / "ui" / "__init__.py").write_text("")
    (pkg / "ui" / "widget.py").write_text("import lxml_html_clean_not_installed\n")
    (pkg / "ui" / "reader" / "__init__.py").write_text("from no_such_dependency import thing\n")
    result = _import_all("fakeapp", tmp_path)
    assert set(result["failed"]) == {"fakeapp.ui.widget", "fakeapp.ui.reader",
                                     "fakeapp.importer: lazily_imported_not_installed"}
    assert "lxml_html_clean_not_installed" in result["failed"]["fakeapp.ui.widget"]
    assert "fakeapp.fine" in result["modules"]
