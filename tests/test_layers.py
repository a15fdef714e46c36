"""The core and the store never import Qt: they run without a display and under the CLI."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "desktop"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_store_and_commands_never_import_qt():
    offenders = [
        str(p.relative_to(PACKAGE))
        for folder in ("core", "store", "commands")
        for p in (PACKAGE / folder).rglob("*.py")
        if {"PySide6", "shiboken6"} & _imports(p)
    ]
    assert offenders == []


def test_cli_commands_do_not_load_qt(tmp_path, sample_path):
    import subprocess
    import sys

    db = tmp_path / "lib.sqlite"
    code = ("import sys; from desktop.cli import main; "
            f"main(['--db', {str(db)!r}, 'import', {str(sample_path)!r}]); "
            f"main(['--db', {str(db)!r}, 'show', '1']); "
            "print('PySide6' in sys.modules, file=sys.stderr)")
    err = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stderr
    assert err.strip().splitlines()[-1] == "False"
