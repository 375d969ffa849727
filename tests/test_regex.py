"""The store of compiled patterns (:mod:`budgetrules.core.regex`): a pattern served from it is the pattern
:func:`re.compile` makes, a store that cannot be used is a miss, and the modules compile their patterns through
it. The store is read once per process, so what one run writes is read back by another (a subprocess)."""

from __future__ import annotations

import ast
import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from budgetrules.core import regex

REPO = Path(__file__).resolve().parents[1]

#: Imports every module of the core and of the shipped plugins with the store in use, as the program would;
#: with ``check``, then asserts that every pattern the store holds is the one re.compile makes.
_IMPORT_ALL = r"""
import importlib, json, pkgutil, re, sys
from budgetrules.core import regex
regex.use_store()
import budgetrules, budgetrules_plugins
names = []
for package in (budgetrules, budgetrules_plugins):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
            names.append(info.name)
out = {"modules": len(names), "stored": len(regex._stored), "new": len(regex._new), "served": 0, "different": []}
if sys.argv[1] == "check":
    for (pattern, flags), entry in regex._stored.items():
        made = regex._from_entry(pattern, entry)
        plain = re.compile(pattern, flags)
        if made == plain and made.groups == plain.groups and made.groupindex == plain.groupindex:
            out["served"] += 1
        else:
            out["different"].append([pattern, flags])
print(json.dumps(out))
"""


def _run(script: str, store: Path, *args: str, **env: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != "BUDGETRULES_NO_DERIVED"}
    environment.update(BUDGETRULES_DERIVED_DIR=str(store), **env)
    done = subprocess.run([sys.executable, "-c", script, *args], env=environment, capture_output=True, text=True,
                          cwd=str(REPO))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _file(store: Path) -> Path:
    return store / "regex" / f"{sys.implementation.cache_tag}.marshal"


def test_every_pattern_of_the_core_and_plugins_is_served_from_the_store_as_re_compiles_it(tmp_path):
    first = _run(_IMPORT_ALL, tmp_path, "write")
    assert first["modules"] > 100 and first["stored"] == 0 and first["new"] > 200
    assert _file(tmp_path).is_file()
    second = _run(_IMPORT_ALL, tmp_path, "check")
    assert second["new"] == 0  # every pattern the modules compile came from the store
    assert second["stored"] == first["new"] == second["served"]
    assert second["different"] == []


_SOME = r"""
import json, re, sys
from budgetrules.core import regex
regex.use_store()
cases = [(r"(?P<code>\d{3})(\d{2})?\s*(?P<name>[\u4e00-\u9fff]+)", 0, "表二 21201 城乡社区管理事务 344.02"),
         (r"budget (?=\d)", re.IGNORECASE, "BUDGET 2021"), (r"^[一二三四五六七八九十]+、", re.M, "说明\n三、部门预算情况"),
         (r"(?<=（)[^）]*(?=）)", 0, "（万元）"), (r"合\s*计|总\s*计", 0, "合 计 1117.5")]
out = []
for source, flags, text in cases:
    p = regex.compile(source, flags)
    assert p == re.compile(source, flags) and p.groupindex == re.compile(source, flags).groupindex
    assert regex.compile(source, flags) is p
    m = p.search(text)
    out.append([p.pattern, p.flags, p.groups, m and [m.group(0), *m.groups()], m and m.lastgroup])
print(json.dumps({"results": out, "new": len(regex._new), "stored": len(regex._stored)}, ensure_ascii=False))
"""


def test_a_second_run_reads_the_patterns_and_matches_the_same(tmp_path):
    plain = _run(_SOME, tmp_path, BUDGETRULES_NO_DERIVED="1")
    assert not (tmp_path / "regex").exists()
    first = _run(_SOME, tmp_path)
    second = _run(_SOME, tmp_path)
    assert (first["new"], first["stored"]) == (5, 0)
    assert (second["new"], second["stored"]) == (0, 5)
    assert plain["results"] == first["results"] == second["results"]
    assert second["results"][0][3] == ["21201 城乡社区管理事务", "212", "01", "城乡社区管理事务"]


@pytest.mark.parametrize("content", [
    b"", b"\x00garbage", marshal.dumps(("another python", {})), marshal.dumps(["not", "a", "pair"]),
])
def test_a_store_that_cannot_be_read_is_a_miss_and_is_written_again(tmp_path, content):
    plain = _run(_SOME, tmp_path, BUDGETRULES_NO_DERIVED="1")
    _file(tmp_path).parent.mkdir(parents=True)
    _file(tmp_path).write_bytes(content)
    assert _run(_SOME, tmp_path)["results"] == plain["results"]
    assert _run(_SOME, tmp_path)["stored"] == 5


def test_an_entry_the_engine_refuses_falls_back_to_re_compile(tmp_path):
    plain = _run(_SOME, tmp_path, BUDGETRULES_NO_DERIVED="1")
    _run(_SOME, tmp_path)
    key, entries = marshal.loads(_file(tmp_path).read_bytes())
    broken = {k: (flags, ["not code"], groups, index, names) for k, (flags, _, groups, index, names) in entries.items()}
    _file(tmp_path).write_bytes(marshal.dumps((key, broken)))
    assert _run(_SOME, tmp_path)["results"] == plain["results"]


@pytest.fixture
def store(tmp_path, monkeypatch):
    """The store in use in this process, in a folder of its own; forgotten afterwards."""
    monkeypatch.setenv("BUDGETRULES_DERIVED_DIR", str(tmp_path))
    regex._reset()
    regex.use_store()
    yield tmp_path
    regex._reset()


def test_outside_the_program_it_is_re_compile(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETRULES_DERIVED_DIR", str(tmp_path))
    regex._reset()
    assert regex.compile(r"[\u3400-\u9fff]+年", re.M) is re.compile(r"[\u3400-\u9fff]+年", re.M)
    assert regex._stored is None and not list(tmp_path.iterdir())


def test_bytes_and_debug_patterns_go_to_re(store, capsys):
    assert regex.compile(rb"\d+") is re.compile(rb"\d+")
    assert regex.compile(r"x\d+y", re.DEBUG) == re.compile(r"x\d+y", re.DEBUG)
    assert "LITERAL" in capsys.readouterr().out  # re printed the program, as it does
    regex._save()
    assert not regex._new and not _file(store).exists()


def test_errors_are_re_errors(store):
    with pytest.raises(re.error):
        regex.compile(r"(unclosed")
    with pytest.raises(TypeError):
        regex.compile(r"x", "not flags")  # type: ignore[arg-type]


def test_a_folder_that_cannot_be_written_is_no_error(store):
    (store / "regex").write_text("a file where the folder should be", encoding="utf-8")
    regex.compile(r"[\u4e00-\u9fff]{2,4}局")
    regex._save()
    assert (store / "regex").is_file()


def test_the_store_is_bounded(store, monkeypatch):
    monkeypatch.setattr(regex, "LIMIT", 10)
    for i in range(25):
        regex.compile(f"run{i}-x+")
    regex._save()
    _, entries = marshal.loads(_file(store).read_bytes())
    assert 0 < len(entries) <= 10


def _module_level_re_compile(path: Path) -> list[int]:
    """The lines of ``re.compile(…)`` calls in ``path`` that run when it is imported (not inside a function)."""
    found: list[int] = []

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if (not in_function and isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)
                    and child.func.attr == "compile" and isinstance(child.func.value, ast.Name)
                    and child.func.value.id == "re"):
                found.append(child.lineno)
            walk(child, inner)

    walk(ast.parse(path.read_text(encoding="utf-8"), str(path)), False)
    return found


def test_modules_compile_their_patterns_through_the_store():
    """A module-level ``re.compile`` would be compiled again in every process: use ``regex.compile`` (in a
    plugin, ``from budgetrules.api import regex``)."""
    offending = [f"{path.relative_to(REPO)}:{line}"
                 for root in ("budgetrules", "plugins") for path in sorted((REPO / root).rglob("*.py"))
                 if path.name != "regex.py" or path.parent.name != "core"
                 for line in _module_level_re_compile(path)]
    assert offending == []


def test_the_check_finds_a_module_level_re_compile(tmp_path):
    source = tmp_path / "x.py"
    source.write_text("import re\nA = re.compile('a')\nB = {k: re.compile(k) for k in 'bc'}\n"
                      "def f():\n    return re.compile('d')\n", encoding="utf-8")
    assert _module_level_re_compile(source) == [2, 3]
