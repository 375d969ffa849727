"""Declarative rules (budgetrules.engine.declarative): the four kinds, their validation, and rules declared in rulesets."""

from __future__ import annotations

import pickle
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetrules.cli.main import main
from budgetrules.core import quantities
from budgetrules.core.errors import UsageError
from budgetrules.engine import rulesets
from budgetrules.engine.check import CheckConfig, check_document, run_rules
from budgetrules.engine.declarative import load_rules, rules_from_tables
from budgetrules.testing import example_document, reference_text, run_rule

EXAMPLES = '''
failing = """
测试局 2021 年部门预算公开
表六：一般公共预算基本支出情况表
单位：万元
科目编码 | 科目名称 | 合计 | 人员经费 | 公用经费
30216 | 培训费 | 1.00 | ∅ | 1.00
∅ | 合计 | 10.00 | 8.00 | 2.00
"""
passing = """
测试局 2021 年部门预算公开
表六：一般公共预算基本支出情况表
单位：万元
科目编码 | 科目名称 | 合计 | 人员经费 | 公用经费
30216 | 培训费 | 0.05 | ∅ | 0.05
∅ | 合计 | 10.00 | 8.00 | 2.00
"""
'''

TRAINING = '''
[[rule]]
id = "ZJ201"
kind = "limit"
summary = "培训费不超过公用经费的 5%"
severity = "warning"
basis = "某省省直机关培训费管理办法第十条"
quantity = "econ:30216"
max = 0.05
of = "public"
message = "培训费 {value} 万元为公用经费 {base} 万元的 {share}，超过 {limit}（{where}）"
''' + EXAMPLES

BASIC = """测试局 2021 年部门预算公开
表六：一般公共预算基本支出情况表
单位：万元
科目编码 | 科目名称 | 合计 | 人员经费 | 公用经费
30216 | 培训费 | {training} | ∅ | {training}
∅ | 合计 | 10.00 | 8.00 | 2.00
"""


def _rules(tmp_path: Path, text: str):
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return load_rules(path)


def _run(rule, text: str, params=None):
    from budgetrules.engine.check import add_claims

    doc, _ = add_claims(example_document(text), _registry())
    rs = rulesets.Ruleset(name="t", path="", params={rule.id: params}) if params else None
    return list(run_rules(doc, [rule], rs))


def test_a_limit_as_a_share_fires_above_it_and_names_the_numbers(tmp_path):
    (rule,) = _rules(tmp_path, TRAINING)
    (finding,) = _run(rule, BASIC.format(training="1.00"))
    assert finding.rule == "ZJ201" and finding.severity.value == "warning"
    assert "1.00" in finding.message and "2.00" in finding.message and "50.00%" in finding.message
    assert finding.location.code == "30216"
    assert _run(rule, BASIC.format(training="0.05")) == []


def test_a_limit_is_a_parameter_a_ruleset_sets(tmp_path):
    (rule,) = _rules(tmp_path, TRAINING)
    assert rule.params == {"max": Decimal("0.05")}
    assert _run(rule, BASIC.format(training="0.50"), params={"max": Decimal("0.30")}) == []
    assert len(_run(rule, BASIC.format(training="0.50"))) == 1


def test_rounding_is_never_a_limit_breach(tmp_path):
    """0.11 of 2.00 is 5.5%, but 0.1 printed with one decimal may be 0.105 of 2.05 … the interval decides."""
    (rule,) = _rules(tmp_path, TRAINING)
    # 0.1 (one decimal) may be 0.05..0.15; 2.00 may be 1.995..2.005: lowest share 2.49% — not above 5%
    assert _run(rule, BASIC.format(training="0.1")) == []


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2000), st.integers(min_value=1, max_value=3))
def test_a_limit_fires_exactly_when_every_reading_of_the_print_is_above_it(cents, places):
    rule = rules_from_tables([{
        "id": "ZJ301", "kind": "limit", "summary": "公务用车运行费不超过 5 万元", "basis": "测试",
        "quantity": "sangong.car_running", "max": 5, "message": "{value} 超过 {limit}", "failing": "x",
        "passing": "y"}], "test")[0]
    value = (Decimal(cents) / 100).quantize(Decimal(1).scaleb(-places))
    text = ("测试局 2021 年部门预算公开\n表八：一般公共预算“三公”经费支出情况表\n单位：万元\n"
            "合计 | 因公出国（境）费 | 公务用车购置及运行费 | ∅ | ∅ | 公务接待费\n"
            "∅ | ∅ | 合计 | 公务用车购置费 | 公务用车运行费 | ∅\n"
            f"{value} | 0 | {value} | 0 | {value} | 0\n")
    findings = _run(rule, text)
    lowest = value - Decimal(5).scaleb(-places - 1)
    assert bool(findings) == (lowest > 5)


SUM = '''
[[rule]]
id = "ZJ202"
kind = "sum"
summary = "“三公”经费合计等于三项之和"
basis = "财预〔2016〕143号"
total = "sangong.total"
parts = ["sangong.abroad", "sangong.car", "sangong.reception"]
message = "“三公”经费合计 {total} 不等于各项之和 {sum}（{terms}；{explain}）"
failing = "x"
passing = "y"
'''

SANGONG = """测试局 2021 年部门预算公开
表八：一般公共预算“三公”经费支出情况表
单位：万元
合计 | 因公出国（境）费 | 公务用车购置及运行费 | ∅ | ∅ | 公务接待费
∅ | ∅ | 合计 | 公务用车购置费 | 公务用车运行费 | ∅
{total} | 1.00 | 2.00 | 0.00 | 2.00 | 3.00
"""


def test_a_sum_with_interval_arithmetic(tmp_path):
    (rule,) = _rules(tmp_path, SUM)
    (finding,) = _run(rule, SANGONG.format(total="7.00"))
    assert "7.00" in finding.message and "6.00" in finding.message and "差额 1.00" in finding.message
    assert finding.expected == "6.00" and finding.actual == "7.00"
    assert _run(rule, SANGONG.format(total="6.00")) == []
    assert _run(rule, SANGONG.format(total="6")) == []  # 6 may be 5.5–6.5


def test_a_quantity_stated_twice_differently_silences_the_rule():
    assert quantities.value(example_document(SANGONG.format(total="6.00")), "sangong.total") is not None
    doc = example_document(reference_text())
    assert len(quantities.resolve(doc, "func:212")) > 1
    assert quantities.value(doc, "func:212") is None  # 439.02 in 表一/表四, 344.02 in 表二/表三/表五


def _present(key: str, value: str):
    return rules_from_tables([{
        "id": "ZJ401", "kind": "present", "summary": "须公开", "basis": "测试", key: value,
        "message": "缺少 {what}", "failing": "x", "passing": "y"}], "test")[0]


def test_present_table_code_section_and_claim():
    doc = reference_text()
    assert _run(_present("table", "gpb_project"), doc) == []
    assert len(_run(_present("table", "procurement"), doc)) == 1
    assert _run(_present("code", "func:2080505"), doc) == []
    (finding,) = _run(_present("code", "econ:30216"), doc)
    assert finding.message == "缺少 econ:30216"
    assert _run(_present("section", "政府采购"), doc) == []
    assert len(_run(_present("section", "绩效评价结果"), doc)) == 1
    assert _run(_present("claim", "sangong.total"), doc) == []
    assert len(_run(_present("claim", "assets.vehicles.special"), doc)) == 1


def test_present_judges_only_the_half_a_file_holds():
    tables_only = SANGONG.format(total="6.00")
    assert _run(_present("section", "绩效"), tables_only) == []
    assert _run(_present("claim", "agency_running"), tables_only) == []
    text_only = "测试局 2021 年部门预算公开\n一、部门主要职能\n负责全县住房和城乡建设管理。\n二、机构设置\n内设 3 个股室。\n"
    assert _run(_present("table", "sangong"), text_only) == []


def test_ratio_compares_a_stated_share_with_the_tables():
    rule = rules_from_tables([{
        "id": "ZJ501", "kind": "ratio", "summary": "项目支出占比", "basis": "测试", "part": "project",
        "of": "expense.total", "message": "所述 {stated} 应为 {computed}（{explain}）", "failing": "x",
        "passing": "y"}], "test")[0]
    findings = _run(rule, reference_text())
    # the sample states 项目支出 737 万元 as 100% of 1117.5; the tables make it 65.95%
    assert [f.actual for f in findings] == ["100%"] and "65.95%" in findings[0].message


@pytest.mark.parametrize("change,problem", [
    ({"kind": "cap"}, "kind"),
    ({"id": "zj201"}, "id"),
    ({"colour": "red"}, "colour"),
    ({"quantity": "training"}, "未知的数量名称"),
    ({"quantity": "agency_running"}, "只见于文字说明"),
    ({"quantity": "basic@central"}, "口径"),
    ({"message": "超过上限"}, "占位符"),
    ({"message": "{value} 超过 {cap}"}, "cap"),
    ({"failing": None}, "failing"),
    ({"basis": None}, "basis"),
    ({"severity": "fatal"}, "severity"),
    ({"min": 1}, "max"),
    ({"unit": "万元"}, "unit"),
])
def test_a_bad_rule_is_a_usage_error_naming_file_and_key(tmp_path, change, problem):
    table = {"id": "ZJ201", "kind": "limit", "summary": "s", "basis": "b", "quantity": "econ:30216",
             "max": 0.05, "of": "public", "message": "{value}", "failing": "x", "passing": "y"}
    table.update(change)
    table = {k: v for k, v in table.items() if v is not None}
    lines = [f"{k} = {v!r}".replace("'", '"') for k, v in table.items()]
    path = tmp_path / "bad.toml"
    path.write_text("[[rule]]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(UsageError, match=problem) as info:
        load_rules(path)
    assert str(path) in str(info.value)


def test_a_rule_file_holds_only_rules_and_each_id_once(tmp_path):
    with pytest.raises(UsageError, match="两次"):
        _rules(tmp_path, TRAINING + TRAINING)
    with pytest.raises(UsageError, match="只有"):
        _rules(tmp_path, 'name = "x"\n' + TRAINING)


def test_the_generated_reference_page(tmp_path):
    (rule,) = _rules(tmp_path, TRAINING)
    assert "某省省直机关培训费管理办法第十条" in rule.doc and "econ:30216" in rule.doc
    examples = rule.examples()
    assert len(examples["failing"]) == 1 and "30216" in examples["failing"][0]
    assert len(run_rules(example_document(examples["failing"][0]), [rule])) == 1
    assert run_rules(example_document(examples["passing"][0]), [rule]) == []


# -- rules declared in a ruleset ------------------------------------------------------------------


def _ruleset(tmp_path: Path, body: str, name: str = "my-province") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(f'description = "某省"\nkind = "预算"\nextends = "national-budget"\n{body}', encoding="utf-8")
    return path


def test_a_ruleset_runs_its_own_rules_and_its_children_inherit_them(tmp_path):
    path = _ruleset(tmp_path, TRAINING)
    rs = rulesets.resolve(str(path))
    assert [r.id for r in rs.rules] == ["ZJ201"] and rs.rules[0].plugin == "ruleset:my-province"
    report = check_document(example_document(BASIC.format(training="1.00")), _registry(),
                            CheckConfig(ruleset=rs))
    assert [f.rule for f in report.findings if f.rule.startswith("ZJ")] == ["ZJ201"]
    child = tmp_path / "child.toml"
    child.write_text('extends = "my-province.toml"\n[rules.ZJ201]\nmax = 0.6\n', encoding="utf-8")
    kid = rulesets.resolve(str(child))
    assert kid.params["ZJ201"] == {"max": Decimal("0.6")}
    assert run_rule("ZJ201", BASIC.format(training="1.00"), ruleset=kid) == []
    assert len(run_rule("ZJ201", BASIC.format(training="1.00"), ruleset=str(path))) == 1
    # without the ruleset, the rule does not exist
    with pytest.raises(KeyError):
        run_rule("ZJ201", BASIC.format(training="1.00"))


def test_a_ruleset_may_ignore_its_own_rule_and_select_need_not_name_it(tmp_path):
    selected = rulesets.resolve(str(_ruleset(tmp_path, 'select = ["AR"]\n' + TRAINING, "a")))
    assert selected.enabled(selected.rules[0])
    ignored = rulesets.resolve(str(_ruleset(tmp_path, 'ignore = ["ZJ201"]\n' + TRAINING, "b")))
    assert not ignored.enabled(ignored.rules[0])
    with pytest.raises(ValueError, match="does not run"):
        run_rule("ZJ201", BASIC.format(training="1.00"), ruleset=ignored)


def test_a_ruleset_rule_needs_a_private_prefix_and_a_free_id(tmp_path):
    with pytest.raises(UsageError, match="私用前缀"):
        rulesets.resolve(str(_ruleset(tmp_path, TRAINING.replace("ZJ201", "SG201"))))
    with pytest.raises(UsageError, match="rules.ZJ999"):
        rulesets.resolve(str(_ruleset(tmp_path, TRAINING + "[rules.ZJ999]\nmax = 1\n")))


def test_a_ruleset_with_rules_goes_to_worker_processes():
    rs = rulesets.resolve(str(Path(__file__).parent / "data" / "rulesets" / "declared.toml"))
    again = pickle.loads(pickle.dumps(rs))
    assert [r.id for r in again.rules] == [r.id for r in rs.rules]


def test_the_cli_lists_explains_and_runs_a_ruleset_rule(tmp_path):
    path = _ruleset(tmp_path, TRAINING)
    doc = tmp_path / "a.txt"
    doc.write_text(BASIC.format(training="1.00").replace(" | ", "\t").replace("∅", ""), encoding="utf-8")
    runner = CliRunner()
    listing = runner.invoke(main, ["rules", "--ruleset", str(path)])
    (line,) = [x for x in listing.output.splitlines() if x.startswith("ZJ201")]
    assert "规则集 my-province" in line and "〔全部规则集〕" in line
    explained = runner.invoke(main, ["explain", "zj201", "--ruleset", str(path)])
    assert explained.exit_code == 0 and "某省省直机关培训费管理办法第十条" in explained.output
    assert "Failing example" in explained.output
    result = runner.invoke(main, ["check", str(doc), "--ruleset", str(path), "--select", "ZJ", "--format", "json"])
    assert result.exit_code == 0, result.output  # a warning
    assert '"rule": "ZJ201"' in result.output


def _registry():
    from budgetrules.engine.plugins import get_registry

    return get_registry()
