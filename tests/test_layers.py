"""The core's layers (CONTRIBUTING.md): a module of ``budgetrules/<layer>/`` imports only from its own layer and the
layers before it — ``core``, ``catalogues``, ``reading``, ``engine``, ``cli``, ``testing`` — so that the object graph
never depends on how documents are read, reading never on how they are checked, and checking never on the
command line. Read with :mod:`ast`, so that an import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[1] / "budgetrules"
ORDER = ("core", "catalogues", "reading", "engine", "cli", "testing")

#: Imports against the order, each inside the one function that needs it (module: imported module, why).
EXCEPTIONS = {
    # ``budgetrules codes import`` reads 财政部's workbook: the same safe Office-container checks as the loaders
    ("budgetrules/catalogues/__init__.py", "budgetrules.reading.containers"),
    # a finding's scope folds the department's name exactly as identity does
    ("budgetrules/core/findings.py", "budgetrules.reading.identity"),
    # ``quantities.resolve`` without a registry asks the process-wide one
    ("budgetrules/core/quantities.py", "budgetrules.engine.plugins"),
}


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return found


def layer_violations(root: Path = CORE) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if len(parts) < 2 or parts[0] not in ORDER:
            continue
        mine = ORDER.index(parts[0])
        rel = f"budgetrules/{'/'.join(parts)}"
        for line, module in _imports(path):
            names = module.split(".")
            if names[0] != "budgetrules" or len(names) < 2 or names[1] not in ORDER:
                continue
            if ORDER.index(names[1]) > mine and (rel, module) not in EXCEPTIONS:
                out.append(f"{rel}:{line}: the {parts[0]} layer imports {module}")
    return out


def test_every_layer_is_a_package_with_modules():
    for layer in ORDER:
        assert (CORE / layer / "__init__.py").is_file()
        assert len(list((CORE / layer).glob("*.py"))) > 1 or layer == "catalogues"


def test_layers_import_only_from_layers_before_them():
    assert layer_violations() == []


def test_the_exceptions_are_still_needed():
    found = {(f"budgetrules/{p.relative_to(CORE).as_posix()}", m)
             for p in CORE.rglob("*.py") for _, m in _imports(p)}
    assert EXCEPTIONS <= found


@pytest.mark.parametrize("source, expected", [
    ("from budgetrules.engine.plugins import get_registry\n", 1),
    ("def f():\n    import budgetrules.cli.main\n", 1),
    ("from budgetrules.core.model import Document\nfrom budgetrules.reading.assemble import assemble\n", 0),
])
def test_the_check_finds_an_import_against_the_order(tmp_path, source, expected):
    layer = tmp_path / "reading"
    layer.mkdir()
    (layer / "__init__.py").write_text("", encoding="utf-8")
    (layer / "x.py").write_text(source, encoding="utf-8")
    assert len(layer_violations(tmp_path)) == expected
