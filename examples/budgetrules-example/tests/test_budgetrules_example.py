"""budgetrules-example's own tests, written with the installed budgetrules testing kit.

The case files in ``rules/`` are collected by the kit's pytest plugin (with each rule's docstring examples);
these tests add what a case file cannot say: the rules on modified copies of the reference sample, the CLI
listing, the renderer.
"""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from budgetrules.api import cli, get_registry
from budgetrules.testing import edit, run_rule

#: 表八 of the reference sample, and the same row printed in 元 under the table's 万元 (a unit slip).
SANGONG_ROW = "1.83\t0.00\t1.83\t0.00\t1.83\t0.00"
SANGONG_IN_YUAN = "18300.00\t0.00\t18300.00\t0.00\t18300.00\t0.00"
#: 表六's 合计 row, and the same with 公用经费 10 万元 more than its 合计 allows.
BASIC_TOTAL = "\t\t合 计\t380.50\t372.90\t7.60"
BASIC_TOTAL_OFF = "\t\t合 计\t380.50\t372.90\t17.60"


def test_the_plugin_loads_its_rules_renderer_and_ruleset():
    registry = get_registry()
    assert [e.describe() for e in registry.errors if e.plugin == "example"] == []
    for rule_id in ("EX101", "EX201", "EX202"):
        assert registry.rules[rule_id].package == "budgetrules-example"
    assert registry.renderers["example-csv"].plugin == "example"


@pytest.mark.parametrize("rule_id", ["EX101", "EX201", "EX202"])
def test_silent_on_the_reference_sample(rule_id, reference_text):
    assert run_rule(rule_id, reference_text) == []


def test_the_limit_fires_on_a_copy_whose_sangong_table_is_in_yuan(reference_text):
    text = edit(reference_text, SANGONG_ROW, SANGONG_IN_YUAN)
    (finding,) = run_rule("EX201", text)
    assert "18300.00" in finding.message and "1117.5" in finding.message
    assert finding.location.table and "三公" in finding.location.table


def test_the_limit_takes_the_province_ceiling_from_params_or_ruleset(reference_text):
    # 1.83 of 1117.5 is 0.16%: within 5%, above 0.1%
    assert run_rule("EX201", reference_text, ruleset="example-province-budget") == []
    (finding,) = run_rule("EX201", reference_text, params={"max": 0.001})
    assert "0.1%" in finding.message


def test_the_sum_fires_on_a_copy_whose_public_spending_is_off(reference_text):
    text = edit(reference_text, BASIC_TOTAL, BASIC_TOTAL_OFF)
    (finding,) = run_rule("EX202", text)
    assert "380.5" in finding.message and "390.50" in finding.message and "差额 -10.00" in finding.message
    assert finding.expected == "390.50"


def test_the_python_rule_with_the_province_share(reference_text):
    assert run_rule("EX101", reference_text) == []
    (a,) = run_rule("EX101", reference_text, params={"max_share": 0.5})
    (b,) = run_rule("EX101", reference_text, ruleset="example-province-budget")
    assert a.location.code == b.location.code == "211"
    assert "示例省财政厅" in b.message


def test_a_parameter_the_rule_does_not_have_is_an_error(reference_text):
    from budgetrules.api import UsageError

    with pytest.raises(UsageError, match="max_share"):
        run_rule("EX101", reference_text, params={"max_amount": 500})


def test_the_documents_the_fixture_builds(make_document):
    doc = make_document("测试局 2021 年部门预算公开\n表六：一般公共预算基本支出情况表\n单位：万元\n"
                        "科目编码 | 科目名称 | 合计 | 人员经费 | 公用经费\n∅ | 合计 | 10.00 | 8.00 | 2.00\n")
    assert doc.tables[0].kind == "gpb_basic"
    assert run_rule("EX202", "测试局 2021 年部门预算公开\n表六：一般公共预算基本支出情况表\n单位：万元\n"
                             "科目编码 | 科目名称 | 合计 | 人员经费 | 公用经费\n∅ | 合计 | 10.00 | 8.00 | 3.00\n")


def test_rules_lists_the_plugin_rules_with_their_package():
    output = CliRunner().invoke(cli, ["rules"]).output
    lines = [line for line in output.splitlines() if line.startswith("EX")]
    assert [line.split()[0] for line in lines] == ["EX101", "EX201", "EX202"]
    assert all("budgetrules-example" in line and "〔全部规则集〕" in line for line in lines)


def test_the_csv_renderer(tmp_path, reference_text):
    path = tmp_path / "a.txt"
    path.write_text(edit(reference_text, BASIC_TOTAL, BASIC_TOTAL_OFF), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), "--format", "example-csv", "--select", "EX,AR"])
    assert result.exit_code == 1
    rows = list(csv.reader(io.StringIO(result.output.lstrip("\ufeff"))))
    assert rows[0][:4] == ["文件", "行", "页", "规则"]
    ex = [r for r in rows[1:] if r[3] == "EX202"]
    assert len(ex) == 1 and ex[0][0] == str(path) and ex[0][4] == "error"
    assert any(r[3].startswith("AR") for r in rows[1:])
