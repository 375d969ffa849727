"""The store of derived data (:mod:`budgetrules.core.derived`) and what uses it: a value is computed once and read
back while what it is computed from is unchanged, and computed again as soon as that changes — a data file's
content, the installed distributions (the plugin index), or the code that computes it."""

from __future__ import annotations

import shutil

import pytest

from budgetrules import catalogues
from budgetrules.core import derived
from budgetrules.engine.plugins import Registry, entry_points


@pytest.fixture
def store(tmp_path, monkeypatch):
    folder = tmp_path / "derived"
    monkeypatch.setenv("BUDGETRULES_DERIVED_DIR", str(folder))
    monkeypatch.delenv("BUDGETRULES_NO_DERIVED", raising=False)
    return folder


def _counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_a_value_is_built_once_and_read_back_while_its_source_is_unchanged(store):
    build, calls = _counting({"rows": [1, 2]})
    assert derived.derived("kind", "slot", b"source", build) == {"rows": [1, 2]}
    assert derived.derived("kind", "slot", b"source", build) == {"rows": [1, 2]}
    assert len(calls) == 1
    assert len(list((store / "kind").iterdir())) == 1


def test_a_changed_source_builds_again_and_replaces_the_slot(store):
    first, _ = _counting("old")
    second, calls = _counting("new")
    derived.derived("kind", "slot", b"v1", first)
    assert derived.derived("kind", "slot", b"v2", second) == "new"
    assert derived.derived("kind", "slot", b"v2", second) == "new" and len(calls) == 1
    assert len(list((store / "kind").iterdir())) == 1  # one value per slot: the store does not grow


def test_turned_off_or_unreadable_store_builds_every_time(store, monkeypatch):
    build, calls = _counting(3)
    derived.derived("kind", "slot", b"s", build)
    (path,) = (store / "kind").iterdir()
    path.write_bytes(b"not a pickle")
    assert derived.derived("kind", "slot", b"s", build) == 3 and len(calls) == 2
    monkeypatch.setenv("BUDGETRULES_NO_DERIVED", "1")
    derived.derived("kind", "slot", b"s", build)
    derived.derived("kind", "slot", b"s", build)
    assert len(calls) == 4


def test_a_store_that_cannot_be_written_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("BUDGETRULES_DERIVED_DIR", str(blocker / "derived"))  # under a file: cannot be made
    build, calls = _counting(7)
    assert derived.derived("kind", "slot", b"s", build) == 7
    assert derived.derived("kind", "slot", b"s", build) == 7 and len(calls) == 2


def _dist(folder, name, entry_points: str):
    info = folder / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")
    return info


def test_installed_state_follows_distributions_not_other_folders(tmp_path):
    site, other = tmp_path / "site", tmp_path / "other"
    site.mkdir()
    other.mkdir()
    before = derived.installed_state([str(site), str(other)])
    (other / "notes.txt").write_text("a folder without distributions does not count")
    assert derived.installed_state([str(site), str(other)]) == before
    info = _dist(site, "ghostplug", "[budgetrules]\nghost = ghost_module\n")
    installed = derived.installed_state([str(site), str(other)])
    assert installed != before
    (info / "entry_points.txt").write_text("[budgetrules]\nghost = other_module\n", encoding="utf-8")
    import os

    os.utime(info / "entry_points.txt", ns=(1, 1))  # an edit, whatever the clock's resolution
    assert derived.installed_state([str(site), str(other)]) != installed
    shutil.rmtree(info)
    assert derived.installed_state([str(site), str(other)]) == before


def test_installed_state_follows_a_zip_file_on_the_path(tmp_path):
    import os

    archive = tmp_path / "plugins.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    before = derived.installed_state([str(archive)])
    os.utime(archive, ns=(1, 1))
    assert derived.installed_state([str(archive)]) != before


def test_the_plugin_index_sees_a_package_installed_and_removed(store, tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    (site / "ghostplug_ok.py").write_text("", encoding="utf-8")  # a plugin module that registers nothing
    assert "ghost" not in {ep.name for ep in entry_points()}
    info = _dist(site, "ghostplug", "[budgetrules]\nghost = ghostplug_missing\nghost-ok = ghostplug_ok\n")
    registry = Registry()
    # a plugin that fails to import is reported (BR001), read from the index as from the metadata
    assert any(e.plugin == "ghost" and e.stage == "导入" for e in registry.errors)
    assert registry.packages["ghost-ok"] == "ghostplug" and registry.versions["ghost-ok"] == "1.0"
    assert "ghost-ok" in {name for name, _ in registry.pm.list_name_plugin()}
    assert entry_points() == entry_points()  # read back from the index
    shutil.rmtree(info)
    assert not {"ghost", "ghost-ok"} & {ep.name for ep in entry_points()}
    assert not any(e.plugin == "ghost" for e in Registry().errors)


def test_the_plugin_index_lists_what_the_metadata_lists(store, monkeypatch):
    indexed = entry_points()
    monkeypatch.setenv("BUDGETRULES_NO_DERIVED", "1")
    assert indexed == entry_points()
    assert indexed[0].package == "budgetrules"


def test_an_edited_user_catalogue_is_read_again(store, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETRULES_HOME", str(tmp_path / "home"))
    catalogues.clear_cache()
    shipped = catalogues.load("econ-dept", 2021)
    user_dir = catalogues.user_catalogue_dir()
    user_dir.mkdir(parents=True)
    text = shipped.path.read_text(encoding="utf-8-sig")
    name = shipped.name_of("30101")
    (user_dir / "econ-dept-2021.csv").write_text(text.replace(name, "改过的名称", 1), encoding="utf-8")
    catalogues.clear_cache()
    assert catalogues.load("econ-dept", 2021).name_of("30101") == "改过的名称"
    (user_dir / "econ-dept-2021.csv").write_text(text.replace(name, "再改的名称", 1), encoding="utf-8")
    catalogues.clear_cache()
    assert catalogues.load("econ-dept", 2021).name_of("30101") == "再改的名称"
    assert [n for y, n in catalogues.name_history("econ-dept")["30101"] if y == 2021] == ["再改的名称"]
    monkeypatch.delenv("BUDGETRULES_HOME")
    catalogues.clear_cache()


@pytest.mark.parametrize("collecting", [True, False])
def test_reading_a_value_back_leaves_the_garbage_collector_as_it_was(store, collecting):
    import gc

    build, calls = _counting(tuple((i, str(i)) for i in range(5000)))
    derived.derived("kind", "slot", b"source", build)
    was = gc.isenabled()
    if not collecting:
        gc.disable()
    try:
        assert derived.derived("kind", "slot", b"source", build)[4999] == (4999, "4999")
        assert len(calls) == 1  # read back, not built
        assert gc.isenabled() is collecting
    finally:
        if was:
            gc.enable()
