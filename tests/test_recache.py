"""The store of compiled regular expressions (:mod:`budgetrules.recache`): a pattern compiled by one run is
not compiled again by the next, and behaves exactly as :mod:`re` compiles it. Each run is its own process:
installing the store changes :mod:`re` for the rest of the process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

_RUN = r"""
import json, sys
from budgetrules import recache
installed = recache.install()
import re, re._parser
if sys.argv[1] == "stored-only":  # every pattern must come from the store: parsing is an error
    def refuse(*a, **k):
        raise AssertionError("parsed again")
    re._parser.parse = refuse
patterns = json.loads(sys.argv[2])
out = []
for source, flags, text in patterns:
    p = re.compile(source, flags)
    m = p.search(text)
    out.append([p.pattern, p.flags, p.groups, dict(p.groupindex), m and [m.group(0), *m.groups()], p.findall(text)])
b = re.compile(rb"(?P<n>\d+)\s*\xe5")
out.append([b.pattern.decode("latin-1"), b.flags, b.search(b"x 12 \xe5").group("n").decode()])
print(json.dumps({"installed": installed, "results": out}, ensure_ascii=False))
"""

_PATTERNS = [
    [r"(?P<code>\d{3})(\d{2})?\s*(?P<name>[\u4e00-\u9fff]+)", 0, "表二 21201 城乡社区管理事务 344.02"],
    [r"合\s*计|总\s*计", 0, "合 计 1117.5"],
    [r"^[一二三四五六七八九十]+、", 8, "说明\n三、部门预算情况"],  # MULTILINE
    [r"budget (?=\d)", 2, "BUDGET 2021"],  # IGNORECASE
    [r"(?<=（)[^）]*(?=）)", 0, "（万元）"],
]


def _run(tmp_path, mode="normal", patterns=_PATTERNS, **env):
    environment = {k: v for k, v in os.environ.items() if k != "BUDGETRULES_NO_DERIVED"}
    environment.update(BUDGETRULES_DERIVED_DIR=str(tmp_path / "derived"), **env)
    done = subprocess.run([sys.executable, "-c", _RUN, mode, json.dumps(patterns)], env=environment,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _store(tmp_path):
    return list((tmp_path / "derived").glob("regex-*.marshal"))


def test_a_second_run_reads_every_pattern_from_the_store_and_matches_the_same(tmp_path):
    plain = _run(tmp_path, BUDGETRULES_NO_DERIVED="1")
    assert plain["installed"] is False and not _store(tmp_path)
    first = _run(tmp_path)
    assert first["installed"] is True and len(_store(tmp_path)) == 1
    second = _run(tmp_path, mode="stored-only")
    assert first["results"] == second["results"] == plain["results"]


def test_a_pattern_not_in_the_store_is_compiled_and_added(tmp_path):
    _run(tmp_path)
    more = [*_PATTERNS, [r"(\d+)\.(\d{2})", 0, "344.02"]]
    with pytest.raises(AssertionError, match="parsed again"):
        _run(tmp_path, mode="stored-only", patterns=more)
    _run(tmp_path, patterns=more)
    assert _run(tmp_path, mode="stored-only", patterns=more)["results"][-2][4] == ["344.02", "344", "02"]


def test_the_store_drops_what_runs_no_longer_use(tmp_path, monkeypatch):
    """Entries that differ in every run (patterns made from changing text) do not make the store grow without
    end, and what every run uses stays. (The store itself, without installing it.)"""
    from budgetrules import recache

    monkeypatch.setenv("BUDGETRULES_DERIVED_DIR", str(tmp_path / "derived"))
    monkeypatch.setattr(recache.atexit, "register", lambda f: f)  # saved by hand below
    for i in range(recache.KEEP_WRITES + 10):
        store = recache._Store("test", "v1")
        if store.get("common") is None:
            store.put("common", [1, 2, 3])
        store.put(f"run{i}-only", [i])
        store.save()
    store = recache._Store("test", "v1")
    assert store.get("common") == [1, 2, 3] and store.writes == recache.KEEP_WRITES + 10
    assert len([k for k in store.stored if k.startswith("run")]) <= recache.KEEP_WRITES
    assert recache._Store("test", "v2").stored == {}  # another Python or attrs: nothing read


def test_an_unreadable_store_is_a_miss(tmp_path):
    folder = tmp_path / "derived"
    folder.mkdir()
    _run(tmp_path)
    (path,) = _store(tmp_path)
    path.write_bytes(b"\x00garbage")
    assert _run(tmp_path)["results"] == _run(tmp_path, BUDGETRULES_NO_DERIVED="1")["results"]


_ATTRS_RUN = r"""
import builtins, json, sys
if sys.argv[1] == "stored-only":  # the methods attrs generates for this script's classes must come from the store
    real = builtins.compile
    def refuse(source, filename, *a, **k):
        if str(filename).startswith("<attrs generated") and "__main__." in str(filename):
            raise AssertionError("compiled again")
        return real(source, filename, *a, **k)
    builtins.compile = refuse
from budgetrules import recache
recache.install()
import attrs

@attrs.frozen
class Point:
    x: int
    y: int = 0
    tags: tuple = attrs.field(factory=tuple, eq=False)

@attrs.define(order=True)
class Box:
    w: int
    h: int = attrs.field(default=1, validator=attrs.validators.instance_of(int))

a, b = Point(1), Point(1, 0, ("t",))
out = [repr(a), a == b, hash(a) == hash(b), attrs.evolve(a, y=5).y, sorted([Box(3), Box(2, 4)]) == [Box(2, 4), Box(3)]]
try:
    Box(1, "x")
except TypeError:
    out.append("validated")
out.append(hash(a))
print(json.dumps(out))
"""


def test_attrs_methods_are_compiled_once_and_behave_the_same(tmp_path):
    def run(mode="normal", **env):
        environment = {k: v for k, v in os.environ.items() if k != "BUDGETRULES_NO_DERIVED"}
        environment.update(BUDGETRULES_DERIVED_DIR=str(tmp_path / "derived"), **env)
        done = subprocess.run([sys.executable, "-c", _ATTRS_RUN, mode], env=environment, capture_output=True,
                              text=True)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    # a frozen class's hash starts from a number that differs with the string-hash seed: the code stored by a
    # process with one seed must hash as a process with another seed computes it
    plain = run(BUDGETRULES_NO_DERIVED="1", PYTHONHASHSEED="1")
    with pytest.raises(AssertionError, match="compiled again"):
        run("stored-only")  # nothing stored yet
    assert run(PYTHONHASHSEED="2")[:-1] == plain[:-1]
    again = run("stored-only", PYTHONHASHSEED="1")
    assert again == plain and plain[:-1] == ["Point(x=1, y=0, tags=())", True, True, 5, True, "validated"]
