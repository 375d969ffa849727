"""Plugin plumbing: every hook documented and exercised; a broken plugin is reported and the rest runs."""

from __future__ import annotations

import inspect
import types

import pytest

from budgetrules import hookimpl, hookspecs
from budgetrules.core.model import Claim, Source
from budgetrules.engine.check import CheckConfig, check_document
from budgetrules.engine.plugins import Registry, get_registry
from budgetrules.engine.rules import rule
from budgetrules.testing import example_document

HOOKS = [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(fn, "budgetrules_spec")]

DOC = """测试局 2021 年部门预算公开
表八：一般公共预算“三公”经费支出情况表
单位：万元
合计 | 因公出国（境）费 | 公务用车购置及运行费 | ∅ | ∅ | 公务接待费
∅ | ∅ | 合计 | 公务用车购置费 | 公务用车运行费 | ∅
1.83 | 0.00 | 1.83 | 0.00 | 1.83 | 0.00
"""


def test_hooks_are_the_documented_ones():
    assert sorted(HOOKS) == sorted(
        ["register_rules", "register_loaders", "register_renderers", "extract_claims", "register_rulesets",
         "resolve_quantity"]
    )


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_is_documented(name):
    doc = inspect.getdoc(getattr(hookspecs, name))
    assert doc and len(doc) > 40
    for param in inspect.signature(getattr(hookspecs, name)).parameters:
        assert f":param {param}:" in doc


# The shipped rulesets install as a package, so no built-in plugin needs register_rulesets; it is exercised by
# test_register_rulesets_adds_a_directory instead.
@pytest.mark.parametrize("name", [h for h in HOOKS if h != "register_rulesets"])
def test_every_hook_is_implemented_by_a_builtin_plugin(name):
    registry = get_registry()
    impls = getattr(registry.pm.hook, name).get_hookimpls()
    assert impls, f"no built-in plugin implements {name}"


def test_register_rulesets_adds_a_directory(tmp_path):
    from budgetrules.engine import rulesets

    (tmp_path / "my-region.toml").write_text(
        'name = "my-region"\ndescription = "测试用规则集"\nextends = "national-budget"\n', encoding="utf-8"
    )

    @hookimpl
    def register_rulesets(register):
        register(tmp_path)

    registry = Registry([("myrulesets", _module("myrulesets", register_rulesets=register_rulesets))])
    assert tmp_path in registry.ruleset_dirs
    assert rulesets.resolve("my-region", registry).name == "my-region"


def _module(name: str, **members) -> types.ModuleType:
    module = types.ModuleType(name)
    for key, value in members.items():
        setattr(module, key, value)
    return module


def test_plugin_that_raises_in_a_hook_is_reported_and_others_run():
    @hookimpl
    def register_rules(register):
        raise RuntimeError("boom")

    registry = Registry([("broken", _module("broken", register_rules=register_rules))])
    assert any(e.plugin == "broken" and "boom" in e.error for e in registry.errors)
    assert registry.rules, "the other plugins' rules still registered"
    report = check_document(example_document(DOC), registry)
    assert any(f.rule == "BR001" and "broken" in f.message for f in report.findings)


def test_rule_that_raises_is_reported_and_other_rules_run():
    @rule("ZZ901", "总是出错的规则", family="test")
    def exploding(doc, ctx):
        """Raises."""
        raise ValueError("kaboom")

    @rule("ZZ902", "总是报告的规则", family="test")
    def always(doc, ctx):
        """Reports once."""
        yield ctx.finding("测试发现 1 处", at=doc.tables[0])

    @hookimpl
    def register_rules(register):
        register(exploding)
        register(always)

    registry = Registry([("testrules", _module("testrules", register_rules=register_rules))])
    report = check_document(example_document(DOC), registry, CheckConfig(select=("ZZ9",)))
    rules = sorted(f.rule for f in report.findings)
    assert rules == ["BR002", "ZZ902"]
    br = next(f for f in report.findings if f.rule == "BR002")
    assert "ZZ901" in br.message and "kaboom" in br.message


def test_claim_extractor_that_raises_is_reported():
    @hookimpl
    def extract_claims(document):
        raise KeyError("nope")

    registry = Registry([("badclaims", _module("badclaims", extract_claims=extract_claims))])
    report = check_document(example_document(DOC), registry, CheckConfig(select=("AR",)))
    assert any(f.rule == "BR003" and "badclaims" in f.message for f in report.findings)


def test_claims_from_extractors_are_added_to_the_document():
    claim = Claim(quantity="amount", value=1, text="x", source=Source("example.txt", 1))

    @hookimpl
    def extract_claims(document):
        return [claim]

    registry = Registry([("oneclaim", _module("oneclaim", extract_claims=extract_claims))], entry_points=False)
    report = check_document(example_document(DOC), registry)
    assert claim in report.document.claims


def test_loader_that_crashes_gives_an_input_error(tmp_path):
    from budgetrules.core.errors import InputError
    from budgetrules.engine.check import load_document
    from budgetrules.reading.loading import Loader

    def crash(path, data):
        raise ZeroDivisionError("bad loader")

    @hookimpl
    def register_loaders(register):
        register(Loader("crashy", "crashes", accepts=lambda head, path: True, load=crash, priority=1000))

    registry = Registry([("crashy", _module("crashy", register_loaders=register_loaders))])
    path = tmp_path / "x.txt"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(InputError, match="crashy"):
        load_document(path, registry)


def test_entry_point_that_fails_to_import_is_reported(monkeypatch):
    import importlib.metadata

    monkeypatch.setenv("BUDGETRULES_NO_DERIVED", "1")  # read the entry points now, not the plugin index

    class FakeEP:
        name = "ghost"
        value = "ghost"
        dist = None

        def load(self):
            raise ImportError("no module named ghost")

    real = importlib.metadata.entry_points

    def fake_entry_points(**kw):
        return [*real(**kw), FakeEP()]

    monkeypatch.setattr(importlib.metadata, "entry_points", fake_entry_points)
    registry = Registry()
    assert any(e.plugin == "ghost" and e.stage == "导入" for e in registry.errors)
    assert registry.renderers and registry.loaders


def test_the_testing_kit_reads_examples_with_the_registered_text_loader():
    """The kit depends on the loaders registered, not on the loader plugin: another ``text`` loader's parse
    is the one used, and a registry without a text loader is an error naming the loaders it has."""
    from budgetrules.reading.loading import Loader
    from budgetrules.testing import example_document

    seen = []
    made = object()  # what the registered parse returns is what the kit hands back

    def parse(text: str, path: str):
        seen.append((text, path))
        return made

    @hookimpl
    def register_loaders(register):
        register(Loader(name="text", description="test", accepts=lambda head, path: True,
                        load=lambda path, data: parse(data.decode(), str(path)), parse=parse))

    registry = Registry([("mytext", _module("mytext", register_loaders=register_loaders))], entry_points=False)
    document = example_document("表一\n科目 | 金额\n合计 | ∅\n", "x.txt", registry)
    assert document is made and seen == [("表一\n科目\t金额\n合计\t\n", "x.txt")]
    with pytest.raises(KeyError, match="no loader 'text'"):
        example_document("表一\n", "x.txt", Registry(entry_points=False))
