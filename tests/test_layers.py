"""The layers: core and store never import Qt (they run without a display and under the CLI), each
layer imports only those below it, and no modules import each other in a circle."""

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


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _gloss_imports(path: Path, modules: set[str]) -> set[str]:
    """The modules of ``desktop`` that ``path`` imports, wherever in the file (functions included),
    except under ``if TYPE_CHECKING:`` (annotations only, never run)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def resolve(target: str) -> str | None:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        return target or None

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("desktop"):
                    found.add(resolve(alias.name))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.startswith("desktop"):
                for alias in node.names:  # "from . import x" names a module
                    sub = f"{module}.{alias.name}"
                    found.add(sub if sub in modules else resolve(module))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(None)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(files)
    return {name: _gloss_imports(path, modules) for name, path in files.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles_in_desktop():
    """Every import counts, those inside functions too: a lazy import is still a dependency."""
    assert _cycles(import_graph()) == []


def test_layers_point_one_way():
    """core imports nothing of store, ui or commands; store nothing of ui or commands; ui nothing of
    commands."""
    above = {"core": ("desktop.store", "desktop.ui", "desktop.commands", "desktop.cli"),
             "store": ("desktop.ui", "desktop.commands", "desktop.cli"),
             "ui": ("desktop.commands",)}
    wrong = sorted(f"{name} -> {target}" for name, targets in import_graph().items()
                   for layer, banned in above.items() if name.startswith(f"desktop.{layer}")
                   for target in targets if target.startswith(banned))
    assert wrong == []
