"""The shared indexes and memos behind the text path's speed: same answers as the direct computation."""

from __future__ import annotations

import sys

import pytest

from budgetrules import catalogues
from budgetrules.catalogues import normalize_name
from budgetrules.core.lazy import lazy_module
from budgetrules.core.memo import DOCUMENTS_KEPT, per_document


@pytest.mark.parametrize("system", catalogues.SYSTEMS)
def test_find_by_name_index_equals_a_scan(system):
    for year in catalogues.years(system):
        cat = catalogues.load(system, year)
        for entry in cat:
            scanned = [e for e in cat if e.normalized_name == normalize_name(entry.name)]
            assert cat.find_by_name(entry.name) == scanned
            if entry.parent is not None:  # (``parent=None`` means anywhere)
                assert cat.find_by_name(f" {entry.name} ", parent=entry.parent) == [
                    e for e in cat.children(entry.parent) if e.normalized_name == entry.normalized_name]
            assert cat.find_by_name(entry.name, level=entry.level) == [e for e in scanned if e.level == entry.level]


def test_load_gives_one_catalogue_per_year_until_the_cache_is_cleared():
    first = catalogues.load("func", 2031)
    assert catalogues.load("func", 2031) is first and first.year_requested == 2031
    catalogues.clear_cache()
    again = catalogues.load("func", 2031)
    assert again is not first and again.get("2080505") == first.get("2080505")


class _Doc:
    """Stands in for a document: memos tell documents apart by identity only."""


def test_per_document_computes_once_per_document_and_arguments():
    calls = []

    @per_document
    def count(doc, what):
        calls.append((id(doc), what))
        return len(calls)

    a, b = _Doc(), _Doc()
    assert count(a, "x") == count(a, "x") == 1
    assert count(a, "y") == 2
    assert count(b, "x") == 3
    assert len(calls) == 3


def test_per_document_forgets_the_oldest_documents():
    seen = []

    @per_document
    def mark(doc):
        seen.append(doc)
        return object()

    docs = [_Doc() for _ in range(DOCUMENTS_KEPT + 1)]
    first = mark(docs[0])
    for d in docs[1:]:
        mark(d)
    assert mark(docs[-1]) is mark(docs[-1])
    assert mark(docs[0]) is not first  # pushed out by the later documents, computed again
    assert len(seen) == DOCUMENTS_KEPT + 2


def test_per_document_keeps_the_documents_asked_about_last():
    @per_document
    def mark(doc):
        return object()

    a, b = _Doc(), _Doc()
    first = mark(a)
    mark(b)
    assert mark(a) is mark(a) is first  # asked again (the last one asked, then another before it)
    for _ in range(DOCUMENTS_KEPT - 1):
        mark(_Doc())
    assert mark(a) is first  # asked after ``b``: the newer documents pushed ``b`` out, not ``a``
    assert mark(b) is not None
    mark.cache_clear()
    assert mark(a) is not first


def test_lazy_module_imports_on_first_use(tmp_path, monkeypatch):
    pkg = tmp_path / "lazypkg_for_test"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "heavy.py").write_text("import builtins\nbuiltins._lazy_heavy_loaded = True\nVALUE = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delattr("builtins._lazy_heavy_loaded", raising=False)
    try:
        heavy = lazy_module("lazypkg_for_test.heavy")
        import builtins

        assert not hasattr(builtins, "_lazy_heavy_loaded")
        assert heavy.VALUE == 42 and builtins._lazy_heavy_loaded
        import lazypkg_for_test

        assert lazypkg_for_test.heavy is heavy  # ``import a.b`` then finds ``a.b``
        assert lazy_module("lazypkg_for_test.heavy") is heavy
    finally:
        for name in ("lazypkg_for_test.heavy", "lazypkg_for_test"):
            sys.modules.pop(name, None)
        monkeypatch.delattr("builtins._lazy_heavy_loaded", raising=False)


def test_lazy_module_of_a_missing_module_raises_at_once():
    with pytest.raises(ModuleNotFoundError):
        lazy_module("budgetrules_no_such_module_anywhere")


def test_registering_a_plugin_that_holds_a_lazy_module_does_not_import_it(tmp_path, monkeypatch):
    """pluggy looks at every attribute of a plugin module (``isinstance`` checks, which ask a lazy module for
    its ``__class__``): that must not import what the plugin imports lazily."""
    import types

    from budgetrules.engine.plugins import Registry

    pkg = tmp_path / "lazypkg_registered"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "heavy.py").write_text("import builtins\nbuiltins._lazy_registered_loaded = True\nVALUE = 7\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delattr("builtins._lazy_registered_loaded", raising=False)
    try:
        plugin = types.ModuleType("lazy_holder")
        plugin.heavy = lazy_module("lazypkg_registered.heavy")
        assert not isinstance(plugin.heavy, (types.FunctionType, staticmethod, classmethod))
        registry = Registry([("lazy-holder", plugin)], entry_points=False)
        import builtins

        assert "lazy-holder" in {name for name, _ in registry.pm.list_name_plugin()}
        assert not hasattr(builtins, "_lazy_registered_loaded")
        assert plugin.heavy.VALUE == 7 and builtins._lazy_registered_loaded
    finally:
        for name in ("lazypkg_registered.heavy", "lazypkg_registered"):
            sys.modules.pop(name, None)
        monkeypatch.delattr("builtins._lazy_registered_loaded", raising=False)


def test_the_command_line_loads_the_checking_machinery_only_for_a_command_that_needs_it():
    import subprocess

    heavy = ("budgetrules.engine.batch", "budgetrules.engine.check", "budgetrules.engine.plugins",
             "budgetrules.core.model", "budgetrules.reading.assemble")
    code = ("import sys; from budgetrules.cli.main import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            f"print([m for m in {heavy!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "[]"


def test_the_time_limit_the_command_line_shows_is_the_batch_default():
    from budgetrules.cli import main
    from budgetrules.engine import batch

    assert main.DEFAULT_TIMEOUT == batch.DEFAULT_TIMEOUT


def test_the_program_resumes_the_garbage_collector_once_the_plugins_are_loaded(monkeypatch, capsys):
    import gc

    from budgetrules.cli import entry

    frozen = []
    monkeypatch.setattr(entry, "_paused", False)
    entry.started()  # outside the program: nothing
    assert gc.isenabled()
    gc.disable()
    monkeypatch.setattr(entry, "_paused", True)
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    try:
        from budgetrules.cli.main import _registry

        assert _registry() is not None
        assert gc.isenabled() and frozen == [True] and not entry._paused
    finally:
        gc.enable()


#: Modules a plain check of one text file (text output, no settings file, the store of derived data filled by
#: an earlier run) must not import: each is imported where it is used — writing a file (tempfile), a settings
#: or ruleset file not yet in the store (tomllib), a broken plugin's traceback, another output format's
#: libraries (json, importlib.resources, lxml), reading every package's metadata (importlib.metadata, email,
#: zipfile: the plugin index is stored), the result cache (diskcache, sqlite3: off with --no-cache), parallel
#: batches (concurrent.futures, pebble, multiprocessing), the PDF loader's layout machinery, and the review
#: workflow's TOML writer (tomlkit).
_NOT_FOR_A_TEXT_CHECK = (
    "tempfile", "tomllib", "traceback", "json", "importlib.resources", "importlib.metadata", "email", "zipfile",
    "lxml.etree", "diskcache", "sqlite3", "concurrent.futures", "pebble", "multiprocessing", "tomlkit",
    "statistics", "budgetrules_plugins.loaders.pdf", "budgetrules_plugins.loaders.pdflayout", "openpyxl", "docx",
)

#: Run in a fresh interpreter; what the interpreter's own start-up imported (a site ``.pth`` file may import
#: certifi, and with it importlib.resources, tempfile and zipfile) is not the check's doing and is left out.
_RUN_AND_LIST_IMPORTS = """
import sys
at_start = set(sys.modules)
import importlib.util
wanted = [m for m in sys.argv[2:] if m not in at_start]
sys.argv = ["budgetrules", "--no-settings", "check", "-q", "--no-cache", sys.argv[1]]
from budgetrules.cli.entry import main
try:
    main()
except SystemExit:
    pass
lazy = getattr(importlib.util, "_LazyModule", ())
print([m for m in wanted if m in sys.modules and not isinstance(sys.modules[m], lazy)])
"""


def test_a_plain_text_check_does_not_import_what_only_other_commands_formats_or_files_need(akto_path, tmp_path):
    import subprocess

    command = [sys.executable, "-c", _RUN_AND_LIST_IMPORTS, str(akto_path), *_NOT_FOR_A_TEXT_CHECK]
    subprocess.run(command, capture_output=True, text=True, check=True, cwd=tmp_path)  # fills the store
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert out.splitlines()[-1] == "[]"


def test_the_registry_finds_the_same_hook_implementations_as_pluggy_itself():
    import types

    import pluggy

    from budgetrules import hookspecs
    from budgetrules.engine.plugins import ENTRY_POINT_GROUP, _PluginManager, entry_points

    plain = types.ModuleType("plain_plugin_for_test")
    exec("from budgetrules import hookimpl\nimport os\nX = 1\n@hookimpl\ndef register_rules(register):\n"
         "    pass\nclass K:\n    pass\nalias = staticmethod(register_rules)\n", plain.__dict__)
    plugins = [(ep.name, ep.load()) for ep in entry_points()] + [("plain", plain)]
    found = []
    for manager in (pluggy.PluginManager(ENTRY_POINT_GROUP), _PluginManager(ENTRY_POINT_GROUP)):
        manager.add_hookspecs(hookspecs)
        for name, module in plugins:
            manager.register(module, name=name)
        found.append({h.name: [(manager.get_name(i.plugin), i.function) for i in h.get_hookimpls()]
                      for h in manager.hook.__dict__.values() if isinstance(h, pluggy.HookCaller)})
    assert found[0] == found[1] and found[0]["register_rules"]
