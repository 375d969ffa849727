"""The public plugin API: plugins import only :mod:`budgetrules.api` (or ``budgetrules`` itself), and every name
the API exports is there and documented.

The shipped plugins (``plugins/``) and the example outside plugin are read with :mod:`ast`, not imported, so that
an import hidden in a function or a rarely loaded module counts as much as one at the top.
"""

from __future__ import annotations

import ast
import inspect
import re
import types
import typing
from pathlib import Path

import pytest

import budgetrules
import budgetrules.api as api

ROOT = Path(__file__).resolve().parents[1]
PLUGIN_ROOTS = (ROOT / "plugins", ROOT / "examples" / "budgetrules-example")
PUBLIC = {"budgetrules", "budgetrules.api"}
TESTS_ONLY = "budgetrules.testing"


def _plugin_modules() -> list[Path]:
    return sorted(p for root in PLUGIN_ROOTS for p in root.rglob("*.py")
                  if not {".venv", "build", "__pycache__"} & set(p.relative_to(root).parts))


def _is_test_module(path: Path) -> bool:
    return "tests" in path.parts or path.name.startswith("test_") or path.name == "conftest.py"


def _imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """Every ``budgetrules`` module a module imports, with the line: ``from X import …`` and ``import X``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names = [node.module]
            if node.module == "budgetrules":  # ``from budgetrules import catalogues`` imports a module
                names = [f"budgetrules.{a.name}" if _is_submodule(a.name) else "budgetrules" for a in node.names]
            found += [(node.lineno, n) for n in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return [(line, m) for line, m in found if m == "budgetrules" or m.startswith("budgetrules.")]


def _is_submodule(name: str) -> bool:
    package = Path(budgetrules.__file__).parent
    return (package / f"{name}.py").exists() or (package / name / "__init__.py").exists()


def internal_imports(path: Path, source: str) -> list[tuple[int, str]]:
    """The imports of internal ``budgetrules`` modules in the plugin module ``source`` at ``path``."""
    tests = _is_test_module(path)
    return [(line, m) for line, m in _imported_modules(ast.parse(source, str(path)))
            if m not in PUBLIC and not (tests and (m == TESTS_ONLY or m.startswith(TESTS_ONLY + ".")))]


def test_there_are_plugin_modules_to_check():
    modules = _plugin_modules()
    assert len(modules) > 50
    assert any(_is_test_module(p) for p in modules)


def test_plugins_import_only_the_public_api():
    problems = [f"{p.relative_to(ROOT)}:{line}: imports {m}; import it from budgetrules.api"
                for p in _plugin_modules() for line, m in internal_imports(p, p.read_text(encoding="utf-8"))]
    assert problems == []


@pytest.mark.parametrize("source, expected", [
    ("from budgetrules.api import rule\nfrom budgetrules import hookimpl\n", []),
    ("from budgetrules.engine.rules import rule\n", ["budgetrules.engine.rules"]),
    ("def f():\n    from budgetrules.engine.plugins import get_registry\n", ["budgetrules.engine.plugins"]),
    ("import budgetrules.core.model\n", ["budgetrules.core.model"]),
    ("from budgetrules import catalogues\n", ["budgetrules.catalogues"]),
    ("from budgetrules import hookimpl\nfrom budgetrules.core import serialize\n", ["budgetrules.core"]),
    ("from budgetrules.testing import run_rule\n", ["budgetrules.testing"]),
    ("from budgetrules import __version__, check_file\n", []),
    ("from budgetrules_plugins.claims.mentions import find_mentions\nimport budgetrules_plugins.loaders\n", []),
])
def test_the_check_finds_internal_imports(source, expected):
    path = ROOT / "plugins" / "budgetrules_x" / "common.py"
    assert [m for _, m in internal_imports(path, source)] == expected


def test_the_testing_kit_is_allowed_in_tests_only():
    source = "from budgetrules.testing import edit, run_rule\nfrom budgetrules.testing.pytest_plugin import x\n"
    for name, allowed in (("tests/test_x.py", True), ("conftest.py", True), ("src/x/rules.py", False)):
        path = ROOT / "plugins" / "budgetrules_x" / name
        assert (internal_imports(path, source) == []) is allowed, name


def test_every_exported_name_resolves():
    assert len(api.__all__) == len(set(api.__all__))
    missing = [name for name in api.__all__ if not hasattr(api, name)]
    assert missing == []
    assert set(api.__all__) <= set(dir(api))


def _documented_in_reference(name: str) -> bool:
    return re.search(rf"``{re.escape(name)}``|:\w+:`~?(?:[\w.]+\.)?{re.escape(name)}`", api.__doc__ or "") is not None


@pytest.mark.parametrize("name", api.__all__)
def test_every_exported_name_is_documented(name):
    """Each name is on the reference page (the module docstring); a function, class or module has its own
    docstring too (a constant, whose docstring would be its type's, and a type alias such as ``Place`` or
    ``Side`` are described on the page)."""
    assert _documented_in_reference(name), f"{name} is not described in the budgetrules.api docstring"
    obj = getattr(api, name)
    if typing.get_origin(obj) is None and (isinstance(obj, (types.ModuleType, types.FunctionType, type))
                                           or callable(obj)):
        own = obj.__doc__ if isinstance(obj, type) else inspect.getdoc(obj)
        assert own and own.strip(), f"{name} has no docstring"


def test_the_hook_marker_is_the_same_from_both_places():
    assert api.hookimpl is budgetrules.hookimpl
    assert api.check_file.__module__ == "budgetrules.api"


def test_the_testing_kit_cli_and_guidance_are_imported_on_first_use():
    import subprocess
    import sys

    code = ("import sys, budgetrules.api as a; lazy = ('budgetrules.testing', 'budgetrules.cli.main', 'budgetrules.engine.explain');"
            "print(any(m in sys.modules for m in lazy)); a.run_rule; print('budgetrules.testing' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]
