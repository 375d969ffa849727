"""What a rule author meets: IDs and prefixes, colliding plugins, plugin rules running by default, ``--select``
that cannot select, ``rules``/``quantities`` listings, and the testing kit (run_rule, the pytest plugin)."""

from __future__ import annotations

import types

import pytest
from click.testing import CliRunner

from budgetrules import hookimpl
from budgetrules.cli.main import main
from budgetrules.core import ruleids
from budgetrules.engine import rulesets
from budgetrules.engine.plugins import Registry, get_registry
from budgetrules.engine.rules import rule
from budgetrules.testing import edit, reference_text, run_rule

pytest_plugins = ["pytester"]

SANGONG = """测试局 2021 年部门预算公开
表八：一般公共预算“三公”经费支出情况表
单位：万元
合计 | 因公出国（境）费 | 公务用车购置及运行费 | ∅ | ∅ | 公务接待费
∅ | ∅ | 合计 | 公务用车购置费 | 公务用车运行费 | ∅
2.00 | 0.00 | 1.83 | 0.00 | 1.83 | 0.00
"""


def _plugin(name: str, *rules_) -> types.ModuleType:
    module = types.ModuleType(name)

    @hookimpl
    def register_rules(register):
        for r in rules_:
            register(r)

    module.register_rules = register_rules
    return module


def _rule(rule_id: str):
    @rule(rule_id, "测试规则", family="test")
    def check(doc, ctx):
        """Failing example::

            x

        Passing example::

            y
        """
        return ()

    return check


# -- IDs ------------------------------------------------------------------------------------------


def test_prefixes():
    assert ruleids.problem("AR101", "budgetrules") is None
    assert ruleids.problem("EX101", "Budgetrules_Example") is None
    assert ruleids.problem("ZJ101", "anything") is None and ruleids.problem("ZZZ101", None) is None
    assert "登记给包 budgetrules" in ruleids.problem("AR901", "my-rules")
    assert "未登记" in ruleids.problem("QQ101", "my-rules")
    with pytest.raises(ValueError):
        ruleids.prefix("A101")


def test_every_registered_rule_uses_its_package_prefix():
    for r in get_registry().rules.values():
        assert ruleids.problem(r.id, r.package) is None, r.id


def test_a_colliding_id_is_reported_naming_both_packages_and_only_the_later_is_skipped():
    registry = Registry([("late", _plugin("late_rules", _rule("AR101"), _rule("ZL101")))])
    assert registry.rules["AR101"].package == "budgetrules"  # the first registration stays
    assert registry.rules["ZL101"].package == "late-rules"  # the plugin's other rules still register
    (error,) = [e for e in registry.errors if e.plugin == "late"]
    assert "AR101" in error.error and "budgetrules" in error.error and "late-rules" in error.error


def test_two_outside_plugins_colliding():
    registry = Registry([("one", _plugin("one", _rule("ZC101"))), ("two", _plugin("two", _rule("ZC101")))])
    assert registry.rules["ZC101"].plugin == "one"
    assert [e.plugin for e in registry.errors] == ["two"]
    assert "one" in registry.errors[0].error and "two" in registry.errors[0].error


def test_a_prefix_that_is_not_the_package_s_is_refused():
    registry = Registry([("squat", _plugin("squat", _rule("SG901"), _rule("QQ101"), _rule("ZQ101")))])
    assert "SG901" not in registry.rules and "QQ101" not in registry.rules and "ZQ101" in registry.rules
    messages = [e.error for e in registry.errors if e.plugin == "squat"]
    assert len(messages) == 2 and any("登记给包 budgetrules" in m for m in messages)


def test_core_plugins_are_collected_first():
    registry = get_registry()
    packages = [registry.packages[name] for name, _ in registry.pm.list_name_plugin() if name in registry.packages]
    assert packages and packages[0] == "budgetrules"
    assert registry.rules["AR101"].package == "budgetrules"


# -- plugin rules run by default --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["national-budget", "national-final", "xinjiang-county-budget",
                                  "jiangsu-provincial-budget-2019", "shanghai-final-2024"])
def test_shipped_rulesets_run_an_outside_plugin_rule(name):
    rs = rulesets.resolve(name)
    assert rs.select is None
    assert rs.enabled(_rule("ZP101"))


def test_the_shipped_rulesets_run_every_shipped_rule_of_their_kind():
    registry = get_registry()
    for name in ("national-budget", "national-final"):
        rs = rulesets.resolve(name)
        core = [r for r in registry.rules.values() if r.package == "budgetrules"]
        assert [r.id for r in core if not rulesets.runs(rs, r)] == [
            r.id for r in core if r.kinds and rs.kind not in r.kinds]


# -- --select ---------------------------------------------------------------------------------------


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(reference_text(), encoding="utf-8")
    return path


def test_select_of_an_unknown_rule_is_an_error(sample):
    result = CliRunner().invoke(main, ["check", str(sample), "--select", "ZT"])
    assert result.exit_code == 2 and "未知的规则 'ZT'" in result.output


def test_select_of_a_rule_the_ruleset_does_not_run_is_an_error(sample, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(sample), "--select", "SG108", "--ruleset", "national-budget"])
    assert result.exit_code == 2 and "SG108" in result.output and "national-budget" in result.output
    mine = tmp_path / "mine.toml"
    mine.write_text('extends = "national-budget"\nignore = ["AR101"]\n', encoding="utf-8")
    result = runner.invoke(main, ["check", str(sample), "--select", "AR101", "--ruleset", str(mine)])
    assert result.exit_code == 2 and "mine" in result.output
    # a prefix some of whose rules run is fine
    result = runner.invoke(main, ["check", str(sample), "--select", "AR", "--ruleset", str(mine), "--format", "json"])
    assert result.exit_code == 1 and '"rule": "AR101"' not in result.output and '"rule": "AR103"' in result.output


def test_select_under_the_automatic_choice(sample):
    runner = CliRunner()
    # SG108 (决算 only) runs under some automatically chosen rulesets: not an error, and silent on a 预算
    result = runner.invoke(main, ["check", str(sample), "--select", "SG108"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["check", str(sample), "--select", "BR010"])  # diagnostics are not rules
    assert result.exit_code == 0


# -- listings ---------------------------------------------------------------------------------------


def test_rules_shows_package_and_rulesets():
    output = CliRunner().invoke(main, ["rules"]).output
    lines = {line.split()[0]: line for line in output.splitlines() if line.strip()}
    assert "budgetrules" in lines["AR101"] and "〔全部规则集〕" in lines["AR101"]
    assert "national-final" in lines["SG108"] and "national-budget" not in lines["SG108"]
    assert "内部诊断" in lines["BR001"]
    only = CliRunner().invoke(main, ["rules", "--ruleset", "national-budget"]).output
    assert "AR101" in only and "SG108" not in only


def test_explain_names_the_source_and_rulesets():
    output = CliRunner().invoke(main, ["explain", "sg108"]).output
    assert "来源：budgetrules（插件 sangong）" in output and "规则集：" in output and "national-final" in output


def test_quantities_lists_the_vocabulary_and_what_a_file_states(sample):
    runner = CliRunner()
    vocabulary = runner.invoke(main, ["quantities"]).output
    for name in ("expense.total", "public", "func:<类|款|项>", "sangong.car_running", "agency_running"):
        assert name in vocabulary
    stated = runner.invoke(main, ["quantities", str(sample)]).output.splitlines()
    assert "public  7.60" in stated and "sangong.total  1.83" in stated
    assert "func:212  439.02  （各表不一致）" in stated


# -- the testing kit --------------------------------------------------------------------------------


def test_run_rule_with_params_and_ruleset():
    text = edit(SANGONG, "2.00 | 0.00 | 1.83", "1.83 | 0.00 | 1.83")
    assert run_rule("AR106", SANGONG) and run_rule("AR106", text) == []
    # MC104's severity and SG106's parameter as rulesets set them
    assert run_rule("SG106", "测试局 2024 年部门决算公开\n一、“三公”经费财政拨款支出决算情况说明\n"
                    "因公出国（境）费 12.5 万元，全年安排因公出国（境）团组 2 个，共 10 人次。\n",
                    params={"delegation_max_people": 4})
    with pytest.raises(KeyError):
        run_rule("ZZ999", SANGONG)
    with pytest.raises(ValueError, match="does not run"):
        run_rule("SG108", SANGONG, ruleset="national-budget")


def test_edit_refuses_to_edit_nothing():
    with pytest.raises(ValueError, match="0 times"):
        edit("abc", "x", "y")
    with pytest.raises(ValueError, match="2 times"):
        edit("aa", "a", "b")


def test_the_pytest_plugin_collects_case_files_with_the_rule_examples(pytester):
    pytester.makefile(".toml", AR106='''
[[case]]
name = "total off"
expect = 1
document = """
测试局 2021 年部门预算公开
表八：一般公共预算“三公”经费支出情况表
单位：万元
合计 | 因公出国（境）费 | 公务用车购置及运行费 | ∅ | ∅ | 公务接待费
∅ | ∅ | 合计 | 公务用车购置费 | 公务用车运行费 | ∅
2.00 | 0.00 | 1.83 | 0.00 | 1.83 | 0.00
"""

[[case]]
name = "wrong expectation"
expect = 5
document = """
测试局 2021 年部门预算公开
"""
''')
    pytester.makefile(".yaml", SG106='''
case:
  - name: within the limit
    expect: 0
    params: {delegation_max_people: 8}
    document: |
      测试局 2024 年部门决算公开
      一、“三公”经费财政拨款支出决算情况说明
      因公出国（境）费 12.5 万元，全年安排因公出国（境）团组 2 个，共 15 人次。
''')
    pytester.makefile(".toml", ZZ999='[[case]]\nexpect = 0\ndocument = "x"\n', notes='[[case]]\nexpect = 0\n')
    result = pytester.runpytest_inprocess("-v", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=8, failed=2)
    result.stdout.fnmatch_lines([
        "*AR106.toml::metadata PASSED*",
        "*AR106.toml::failing example 1 PASSED*",
        "*AR106.toml::total off PASSED*",
        "*AR106.toml::wrong expectation FAILED*",
        "*SG106.yaml::within the limit PASSED*",
        "*ZZ999.toml::registered FAILED*",
        "*expected 5 finding(s), got 0*",
        "*names no registered rule ZZ999*",
    ])


def test_the_pytest_plugin_fixtures(pytester):
    pytester.makepyfile('''
def test_fixtures(reference_text, make_document):
    assert "阿克陶县住房和城乡建设局" in reference_text
    assert make_document(reference_text).tables
''')
    pytester.runpytest_inprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
