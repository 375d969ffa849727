"""The within-table arithmetic rules (family ``arithmetic``, AR101-AR107) on the reference sample and on small
documents that pin each convention (blanks, rounding, orphans, the income side of 表一, unlabeled columns …).

The reference sample (阿克陶县住房和城乡建设局 2021 年部门预算) is pinned on both sides: its real mistakes are
reported once per table, row and column with the numbers that disagree; the sums it gets right (including the
ones that differ only by rounding) are not reported.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetrules.core.findings import Severity
from budgetrules.engine.check import CheckConfig, check_document
from budgetrules.testing import example_document, run_rule


@pytest.fixture(scope="module")
def sample_findings(akto, registry):
    report = check_document(akto, registry, CheckConfig(select=("AR",)))
    return [f for f in report.findings if f.rule.startswith("AR")]


def _key(f):
    column = f.location.column.split("/")[-1] if f.location.column else None
    return (f.rule, f.location.table.split("《")[0], f.location.code or f.location.row, column, f.expected, f.actual)


# --------------------------------------------------------------------------------------- reference sample


def test_sample_reports_exactly_its_arithmetic_mistakes(sample_findings):
    assert sorted(_key(f) for f in sample_findings) == sorted(
        [
            # 类 212 prints 344.02 but 21201 (344.02) and the 项 2129999 / 款 21299 (95.00) add up to 439.02
            ("AR101", "表二", "212", "总计", "439.02", "344.02"),
            ("AR101", "表二", "212", "一般公共预算拨款", "439.02", "344.02"),
            ("AR101", "表三", "212", "合计", "439.02", "344.02"),
            ("AR101", "表三", "212", "项目支出", "95.00", None),
            ("AR101", "表五", "212", "合计", "439.02", "344.02"),
            ("AR101", "表五", "212", "项目支出", "95.00", None),
            # 合计 1117.5 against Σ 类 = 36.48 + 642.00 + 344.02
            ("AR103", "表二", "合计", "总计", "1022.50", "1117.5"),
            ("AR103", "表二", "合计", "一般公共预算拨款", "1022.50", "1117.5"),
            ("AR103", "表三", "合计", "合计", "1022.50", "1117.5"),
            ("AR103", "表三", "合计", "项目支出", "642.00", "737.00"),
            ("AR103", "表五", "合计", "合计", "1022.50", "1117.5"),
            ("AR103", "表五", "合计", "项目支出", "642.00", "737.00"),
            # the 项 2129999 is printed without its 款 21299
            ("AR107", "表二", "2129999", None, None, None),
            ("AR107", "表五", "2129999", None, None, None),
        ]
    )


def test_sample_severities_and_lines(sample_findings):
    assert {f.rule for f in sample_findings if f.severity is Severity.WARNING} == {"AR107"}
    assert all(f.severity is Severity.ERROR for f in sample_findings if f.rule != "AR107")
    lines = {(f.rule, f.location.table[:2], f.location.column and f.location.column.split("/")[-1]): f.location.line
             for f in sample_findings}
    assert lines[("AR101", "表二", "总计")] == 149
    assert lines[("AR103", "表三", "项目支出")] == 176
    assert lines[("AR107", "表五", None)] == 234


def test_sample_messages_state_the_numbers(sample_findings):
    by_key = {_key(f)[:4]: f for f in sample_findings}
    m = by_key[("AR101", "表二", "212", "总计")].message
    assert "344.02" in m and "439.02" in m and "21201：344.02" in m and "2129999：95.00" in m
    assert "允许舍入误差 ±0.015" in m and "差额 -95.00" in m
    blank = by_key[("AR101", "表三", "212", "项目支出")].message
    assert "为空" in blank and "95.00" in blank
    total = by_key[("AR103", "表三", "合计", "合计")].message
    assert "1117.5" in total and "1022.50" in total and "±0.065" in total
    orphan = by_key[("AR107", "表二", "2129999", None)].message
    assert "款 21299" in orphan


def test_sample_rounding_is_not_reported(akto, sample_findings):
    basic = akto.table("gpb_basic")
    total = next(basic.total_rows())
    items = list(basic.item_rows())
    assert len(items) == 16
    assert sum(r.amount("total").value for r in items) == Decimal("380.49") != total.amount("total").value
    personnel = sum(r.amount("personnel").value for r in items if r.amount("personnel"))
    assert personnel == Decimal("372.89") != total.amount("personnel").value
    assert not [f for f in sample_findings if f.location.table.startswith(("表六", "表一", "表四", "表七", "表八"))]


def test_sample_findings_are_one_per_place_and_deterministic(akto, registry, sample_findings):
    places = [(f.rule, f.location.logical()) for f in sample_findings]
    assert len(places) == len(set(places))
    again = check_document(akto, registry, CheckConfig(select=("AR",))).findings
    assert [f.fingerprint for f in again if f.rule.startswith("AR")] == [f.fingerprint for f in sample_findings]


# --------------------------------------------------------------------------------------- small documents

HEAD = "测试局 2021 年部门预算公开\n"


def table(title: str, header: str, *rows: str) -> str:
    return HEAD + f"{title}\n单位：万元\n{header}\n" + "\n".join(rows) + "\n"


def income_table(*rows: str) -> str:
    return table(
        "表二：部门（单位）收入总体情况表",
        "功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计 | 一般公共预算拨款 | 事业收入\n类 | 款 | 项 | ∅ | ∅ | ∅ | ∅",
        *rows,
    )


def codes(findings):
    return sorted((f.location.code or f.location.row, (f.location.column or "").split("/")[-1]) for f in findings)


def test_ar101_orphan_xiang_counts_under_its_class():
    text = income_table(
        "212 | ∅ | ∅ | 城乡社区支出 | 439.02 | 439.02 | ∅",
        "212 | 01 | ∅ | 城乡社区管理事务 | 344.02 | 344.02 | ∅",
        "212 | 99 | 99 | 其他城乡社区支出 | 95.00 | 95.00 | ∅",
        "∅ | ∅ | ∅ | 合计 | 439.02 | 439.02 | ∅",
    )
    assert run_rule("AR101", text) == []
    assert run_rule("AR103", text) == []
    assert codes(run_rule("AR107", text)) == [("2129999", "")]


def test_ar101_blank_parent_with_non_zero_children_is_reported_blank_everywhere_is_not():
    text = income_table(
        "212 | ∅ | ∅ | 城乡社区支出 | 95.00 | 95.00 | ∅",
        "212 | 99 | ∅ | 其他城乡社区支出 | 95.00 | 95.00 | ∅",
        "213 | ∅ | ∅ | 农林水支出 | 10.00 | ∅ | 10.00",
        "213 | 01 | ∅ | 农业农村 | 10.00 | 10.00 | 0.00",
    )
    found = run_rule("AR101", text)
    # 213: 一般公共预算拨款 blank vs 10.00 below; 事业收入 10.00 vs 0.00 below; 212 事业收入 blank and blank below
    assert codes(found) == [("213", "一般公共预算拨款"), ("213", "事业收入")]
    blank = next(f for f in found if f.location.column.endswith("一般公共预算拨款"))
    assert blank.actual is None and blank.expected == "10.00" and "为空" in blank.message


def test_ar101_blank_children_count_as_zero_and_rounding_is_never_an_error():
    text = income_table(
        "212 | ∅ | ∅ | 城乡社区支出 | 100.0 | 100.0 | ∅",
        "212 | 01 | ∅ | 城乡社区管理事务 | 33.33 | 33.33 | ∅",
        "212 | 02 | ∅ | 城乡社区规划与管理 | 33.33 | 33.33 | ∅",
        "212 | 03 | ∅ | 城乡社区公共设施 | 33.34 | 33.34 | ∅",
        "212 | 05 | ∅ | 城乡社区环境卫生 | ∅ | ∅ | ∅",
    )
    assert run_rule("AR101", text) == []
    off = text.replace("| 33.34 | 33.34 |", "| 33.44 | 33.44 |")
    found = run_rule("AR101", off)
    assert codes(found) == [("212", "一般公共预算拨款"), ("212", "总计")]
    assert all("100.10" in f.message and "±0.070" in f.message for f in found)  # a blank is a 0.00


def test_ar101_ambiguous_duplicate_parent_is_not_checked():
    text = income_table(
        "212 | ∅ | ∅ | 城乡社区支出 | 50.00 | 50.00 | ∅",
        "212 | ∅ | ∅ | 城乡社区支出 | 60.00 | 60.00 | ∅",
        "212 | 01 | ∅ | 城乡社区管理事务 | 70.00 | 70.00 | ∅",
        "∅ | ∅ | ∅ | 合计 | 999.00 | 999.00 | ∅",
    )
    assert run_rule("AR101", text) == []
    assert run_rule("AR103", text) == []  # which rows are top-level is not certain


def test_ar102_uncoded_xiang_counts_under_its_kuan():
    text = table(
        "表三：部门（单位）支出总体情况表",
        "功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出\n类 | 款 | ∅ | ∅ | ∅ | ∅",
        "208 | ∅ | 社会保障和就业支出 | 36.48 | 36.48 | ∅",
        "208 | 05 | 行政事业单位养老支出 | 36.48 | 36.48 | ∅",
        "208 | 05 | 某甲缴费支出 | 30.48 | 30.48 | ∅",
        "208 | 05 | 某乙缴费支出 | 5.00 | 5.00 | ∅",
        "∅ | ∅ | 合计 | 36.48 | 36.48 | ∅",
    )
    found = run_rule("AR102", text)
    assert codes(found) == [("20805", "合计"), ("20805", "基本支出")]
    assert "20805（项编码未印）：30.48" in found[0].message
    assert run_rule("AR101", text) == [] and run_rule("AR103", text) == [] and run_rule("AR107", text) == []


def test_ar103_econ_table_of_kuan_only_sums_every_row():
    rows = [f"301 | {i:02d} | 款{i} | 10.01 | 10.01 | ∅" for i in range(1, 11)]
    text = table(
        "表六：一般公共预算基本支出情况表",
        "经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费\n类 | 款 | ∅ | ∅ | ∅ | ∅",
        *rows,
        "∅ | ∅ | 合计 | 100.15 | 100.15 | ∅",
    )
    assert run_rule("AR103", text) == []  # 100.10 ± 0.055 meets 100.15 ± 0.005
    assert run_rule("AR107", text) == []  # a flat list of 款 is not an incomplete hierarchy
    bad = text.replace("100.15 | 100.15", "100.20 | 100.20")
    assert codes(run_rule("AR103", bad)) == [("合计", "人员经费"), ("合计", "合计")]


def test_ar103_uncoded_rows_make_the_total_uncertain():
    text = income_table(
        "212 | ∅ | ∅ | 城乡社区支出 | 10.00 | 10.00 | ∅",
        "∅ | ∅ | ∅ | 调整数 | 5.00 | 5.00 | ∅",
        "∅ | ∅ | ∅ | 合计 | 15.00 | 15.00 | ∅",
    )
    assert run_rule("AR103", text) == []
    of_which = text.replace("调整数 | 5.00 | 5.00", "其中：基本建设 | 5.00 | 5.00").replace("15.00 | 15.00", "12.00 | 12.00")
    assert codes(run_rule("AR103", of_which)) == [("合计", "一般公共预算拨款"), ("合计", "总计")]


SUMMARY = "收入 | ∅ | 支出 | ∅\n项目 | 预算数 | 功能分类 | 预算数"


def test_ar103_income_side_reads_fiscal_appropriation_as_one_source():
    text = table(
        "表一：部门收支总体情况表",
        SUMMARY,
        "财政拨款（补助） | 1117.5 | 208 社会保障和就业支出 | 36.48",
        "一般公共预算 | 1100.00 | 211 节能环保支出 | 642.00",
        "政府性基金预算 | 17.50 | 212 城乡社区支出 | 439.02",
        "国有资本经营预算 | ∅ | 213 农林水支出 | ∅",
        "事业收入 | 2.00 | ∅ | ∅",
        "收入总计 | 1119.5 | 支出总计 | 1117.5",
    )
    assert run_rule("AR103", text) == []  # 1117.5 + 2.00, never 1117.5 + 1100 + 17.5 + 2
    bad = text.replace("收入总计 | 1119.5", "收入总计 | 1117.5").replace("| 17.50 |", "| 7.50 |")
    found = run_rule("AR103", bad)
    assert sorted(f.location.row for f in found) == ["收入总计", "财政拨款（补助）"]
    assert any("1119.50" in f.message for f in found)
    assert any("其下各财政拨款来源" in f.message and "1107.50" in f.message for f in found)


def test_ar103_unknown_income_row_with_amount_is_not_checked():
    text = table(
        "表一：部门收支总体情况表",
        SUMMARY,
        "财政拨款（补助） | 100.00 | 212 城乡社区支出 | 100.00",
        "某种未知收入 | 20.00 | ∅ | ∅",
        "收入总计 | 120.00 | 支出总计 | 100.00",
    )
    found = run_rule("AR103", text)
    assert found == []  # the income side has no certain reading; the expense side adds up


def test_ar103_final_accounts_summary_segments():
    text = (
        "测试局 2023 年部门决算公开\n表一：收入支出决算总表\n单位：万元\n" + SUMMARY + "\n"
        "一、财政拨款收入 | 100.00 | 212 城乡社区支出 | 90.00\n"
        "二、事业收入 | 10.00 | ∅ | ∅\n"
        "本年收入合计 | 110.00 | 本年支出合计 | 90.00\n"
        "使用非财政拨款结余 | ∅ | 结余分配 | ∅\n"
        "年初结转和结余 | 5.00 | 年末结转和结余 | 25.00\n"
        "收入总计 | 115.00 | 支出总计 | 115.00\n"
    )
    assert run_rule("AR103", text) == []
    bad = text.replace("收入总计 | 115.00", "收入总计 | 125.00")
    [f] = run_rule("AR103", bad)
    assert f.location.row == "收入总计" and "本年收入合计：110.00" in f.message and f.expected == "115.00"


def test_ar104_unlabeled_column_is_not_a_component_but_may_excuse():
    text = table(
        "表二：部门（单位）收入总体情况表",
        "功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计 | 一般公共预算拨款 | 事业收入 | ∅\n"
        "类 | 款 | 项 | ∅ | ∅ | ∅ | ∅ | ∅",
        "212 | ∅ | ∅ | 城乡社区支出 | 100.00 | 80.00 | 10.00 | 10.00",
        "213 | ∅ | ∅ | 农林水支出 | 50.00 | 30.00 | 10.00 | 50.00",
        "∅ | ∅ | ∅ | 合计 | 150.00 | 110.00 | 20.00 | 60.00",
    )
    # 212 adds up once the unlabeled 10.00 is read as a source; 213 and 合计 fail with and without it
    assert codes(run_rule("AR104", text)) == [("213", "总计"), ("合计", "总计")]


def test_ar104_row_not_broken_down_is_skipped_and_personnel_split_checks_basic():
    text = table(
        "表三：部门（单位）支出总体情况表",
        "功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | ∅ | ∅ | 项目支出\n"
        "∅ | ∅ | ∅ | ∅ | 小计 | 人员经费 | 公用经费 | ∅\n类 | 款 | ∅ | ∅ | ∅ | ∅ | ∅ | ∅",
        "208 | ∅ | 社会保障和就业支出 | 36.48 | ∅ | ∅ | ∅ | ∅",
        "212 | ∅ | 城乡社区支出 | 439.02 | 344.02 | 300.00 | 44.02 | 95.00",
        "∅ | ∅ | 合计 | 475.50 | 380.50 | 336.48 | 40.02 | 95.00",
    )
    found = run_rule("AR104", text)
    assert codes(found) == [("合计", "小计")]  # 基本支出 380.50 ≠ 人员经费 336.48 + 公用经费 40.02
    assert "380.50" in found[0].message and "376.50" in found[0].message and "差额 4.00" in found[0].message


def test_ar104_fiscal_beside_its_parts_is_ambiguous():
    text = table(
        "表二：部门（单位）收入总体情况表",
        "功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计 | 财政拨款 | 一般公共预算 | 事业收入\n"
        "类 | 款 | 项 | ∅ | ∅ | ∅ | ∅ | ∅",
        "212 | ∅ | ∅ | 城乡社区支出 | 100.00 | 90.00 | 90.00 | 10.00",
    )
    assert run_rule("AR104", text) == []


def test_ar104_project_table_econ_columns_only_when_filled():
    text = table(
        "表七：一般公共预算项目支出情况表",
        "科目编码 | ∅ | ∅ | 科目 | 项目名称 | 项目支出合计 | 工资福利支出 | 商品和服务支出\n类 | 款 | 项 | ∅ | ∅ | ∅ | ∅ | ∅",
        "212 | ∅ | ∅ | 城乡社区支出 | 路灯电费 | 95.00 | ∅ | ∅",
        "211 | ∅ | ∅ | 节能环保支出 | 污水处理 | 642.00 | 2.00 | 630.00",
        "∅ | ∅ | ∅ | ∅ | 合计 | 737.00 | ∅ | ∅",
    )
    found = run_rule("AR104", text)
    assert codes(found) == [("211", "项目支出合计")] and found[0].expected == "632.00"


def test_ar103_project_table_hierarchy_per_project():
    text = table(
        "表七：一般公共预算项目支出情况表",
        "科目编码 | ∅ | ∅ | 科目 | 项目名称 | 项目支出合计\n类 | 款 | 项 | ∅ | ∅ | ∅",
        "212 | ∅ | ∅ | 城乡社区支出 | 路灯电费 | 95.00",
        "212 | 99 | ∅ | 其他城乡社区支出 | 路灯电费 | 95.00",
        "212 | ∅ | ∅ | 城乡社区支出 | 道路维护 | 5.00",
        "212 | 99 | ∅ | 其他城乡社区支出 | 道路维护 | 5.00",
        "∅ | ∅ | ∅ | ∅ | 合计 | 100.00",
    )
    for rule_id in ("AR101", "AR103", "AR107"):
        assert run_rule(rule_id, text) == [], rule_id
    assert codes(run_rule("AR103", text.replace("| 合计 | 100.00", "| 合计 | 95.00"))) == [("合计", "项目支出合计")]


def test_ar105_blank_total_facing_a_number_is_reported():
    text = table(
        "表四：财政拨款收支总体情况表",
        "财政拨款收入 | ∅ | 财政拨款支出 | ∅\n项目 | 合计 | 功能分类 | 合计",
        "一、财政拨款（补助） | 100.00 | 212 城乡社区支出 | ∅",
        "收入总计 | 100.00 | 支出总计 | ∅",
    )
    [f] = run_rule("AR105", text)
    assert f.actual == "100.00" and f.expected is None and "空" in f.message
    assert f.related and f.related[0].row == "支出总计"
    assert run_rule("AR105", text.replace("支出总计 | ∅", "支出总计 | 100.0")) == []


def test_ar106_transposed_layout_and_extra_items():
    text = table(
        "表七：财政拨款“三公”经费支出决算表",
        "项目 | 预算数 | 决算数",
        "因公出国（境）费 | 0.00 | 0.00",
        "公务用车购置及运行费 | 3.00 | 2.50",
        "其中：公务用车购置费 | 0.00 | 0.00",
        "公务用车运行费 | 3.00 | 2.00",
        "公务接待费 | 1.00 | 0.80",
        "合计 | 4.00 | 3.30",
    )
    found = run_rule("AR106", text)
    assert [(f.location.row, f.location.column, f.expected, f.actual) for f in found] == [
        ("公务用车购置及运行费", "决算数", "2.00", "2.50")
    ]
    columns = table(
        "表八：一般公共预算“三公”经费支出情况表",
        "合计 | 因公出国（境）费 | 公务用车购置及运行费 | ∅ | ∅ | 公务接待费 | 会议费\n"
        "∅ | ∅ | 合计 | 公务用车购置费 | 公务用车运行费 | ∅ | ∅",
        "3.00 | 0.00 | 1.83 | 0.00 | 1.83 | 0.17 | 1.00",
    )
    assert run_rule("AR106", columns) == []  # 合计 includes 会议费 here: one reading is consistent
    assert len(run_rule("AR106", columns.replace("3.00 |", "5.00 |", 1))) == 1


def test_ar107_names_every_missing_parent():
    text = income_table(
        "208 | ∅ | ∅ | 社会保障和就业支出 | 36.48 | 36.48 | ∅",
        "208 | 05 | ∅ | 行政事业单位养老支出 | 36.48 | 36.48 | ∅",
        "212 | 99 | 99 | 其他城乡社区支出 | 95.00 | 95.00 | ∅",
    )
    [f] = run_rule("AR107", text)
    assert f.severity is Severity.WARNING
    assert "款 21299" in f.message and "类 212" in f.message


def test_every_arithmetic_rule_is_registered_with_metadata(registry):
    ids = sorted(r for r in registry.rules if r.startswith("AR"))
    assert ids == ["AR101", "AR102", "AR103", "AR104", "AR105", "AR106", "AR107"]
    assert all(registry.rules[i].family == "arithmetic" for i in ids)
    assert registry.rules["AR107"].severity is Severity.WARNING


def test_example_document_reads_as_expected():
    doc = example_document(income_table("212 | ∅ | ∅ | 城乡社区支出 | 1.00 | 1.00 | ∅"))
    assert doc.table("income").rows[0].code.code == "212"


def test_ar106_final_accounts_budget_and_final_columns_are_separate_groups():
    text = (
        "测试局 2024 年度部门决算公开\n表七：财政拨款“三公”经费支出决算表\n单位：万元\n"
        "合计 | ∅ | 因公出国（境）费 | ∅ | 公务用车购置及运行费 | ∅ | 公务接待费 | ∅\n"
        "预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数\n"
        "2.00 | 1.50 | 0.00 | 0.00 | 1.00 | 1.00 | 1.00 | 0.50\n"
    )
    doc = example_document(text)
    keys = [c.key for c in doc.table("sangong").columns]
    assert "budget:total" in keys and "total" in keys
    assert run_rule("AR106", text) == []
    bad = text.replace("2.00 | 1.50", "3.00 | 1.50")
    [f] = run_rule("AR106", bad)
    assert f.actual == "3.00" and f.expected == "2.00" and "（预算数）" in f.message
    worse = text.replace("2.00 | 1.50", "2.00 | 2.50")
    [g] = run_rule("AR106", worse)
    assert g.actual == "2.50" and "（决算数）" in g.message


FINAL_SUMMARY = (
    "测试局 2024 年度部门决算公开\n表一：收入支出决算总表\n单位：万元\n"
    "收入 | ∅ | 支出 | ∅\n项目 | 决算数 | 项目 | 决算数\n"
    "一、一般公共预算财政拨款收入 | 100.00 | 一、一般公共服务支出 | 60.00\n"
    "八、其他收入 | 5.00 | 八、社会保障和就业支出 | 40.00\n"
    "本年收入合计 | 105.00 | 本年支出合计 | 100.00\n"
    "年初结转和结余 | 5.00 | 年末结转和结余 | 10.00\n"
    "总计 | 110.00 | 总计 | 110.00\n"
)


def test_ar103_expense_side_classes_printed_by_name_only():
    assert run_rule("AR103", FINAL_SUMMARY) == []
    bad = FINAL_SUMMARY.replace("本年支出合计 | 100.00", "本年支出合计 | 90.00").replace(
        "年末结转和结余 | 10.00", "年末结转和结余 | 20.00"
    )
    [f] = run_rule("AR103", bad)
    assert (f.location.row, f.expected, f.actual) == ("本年支出合计", "100.00", "90.00")
    assert "一、一般公共服务支出：60.00" in f.message and "各类" in f.message
    # a row that is no 类 of the catalogue, holding an amount: no certain reading of that side
    unknown = bad.replace("八、社会保障和就业支出", "八、某某专项支出")
    assert run_rule("AR103", unknown) == []
    assert run_rule("AR105", FINAL_SUMMARY) == []


def test_ar104_budget_columns_of_final_accounts_form_their_own_group():
    text = table(
        "表三：部门（单位）支出总体情况表",
        "功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | ∅ | 基本支出 | ∅ | 项目支出 | ∅\n"
        "∅ | ∅ | ∅ | 预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数\n类 | 款 | ∅ | ∅ | ∅ | ∅ | ∅ | ∅ | ∅",
        "212 | ∅ | 城乡社区支出 | 100.00 | 90.00 | 60.00 | 60.00 | 40.00 | 30.00",
    )
    doc = example_document(text)
    if "budget:total" not in [c.key for c in doc.table("expense").columns]:
        pytest.skip("the loader pairs 预算数/决算数 columns only in the tables it knows to print them")
    assert run_rule("AR104", text) == []
    [f] = run_rule("AR104", text.replace("| 100.00 | 90.00", "| 110.00 | 90.00"))
    assert f.actual == "110.00" and "基本支出（预算数）" in f.message


def test_ar104_fiscal_group_header_with_its_own_subtotal():
    text = table(
        "表二：部门（单位）收入总体情况表",
        "功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计 | 财政拨款 | ∅ | ∅ | 事业收入\n"
        "类 | 款 | 项 | ∅ | ∅ | 小计 | 一般公共预算 | 政府性基金 | ∅",
        "212 | ∅ | ∅ | 城乡社区支出 | 100.00 | 90.00 | 80.00 | 10.00 | 10.00",
        "213 | ∅ | ∅ | 农林水支出 | 50.00 | 45.00 | 40.00 | 10.00 | 5.00",
    )
    keys = [c.key for c in example_document(text).table("income").columns]
    assert "fiscal" in keys or "total#2" in keys, keys
    found = run_rule("AR104", text)
    # 213: 财政拨款 45.00 ≠ 40.00 + 10.00; 总计 50.00 = 45.00 + 5.00 holds
    assert codes(found) == [("213", "小计")]
    assert "财政拨款下各来源" in found[0].message


def test_ar103_fund_rows_under_another_source_are_not_parts_of_fiscal():
    text = table(
        "表一：部门收支总体情况表",
        SUMMARY,
        "一、财政拨款（补助） | 100.00 | 212 城乡社区支出 | 120.00",
        "一般公共预算 | 100.00 | ∅ | ∅",
        "二、上年结转 | 20.00 | ∅ | ∅",
        "一般公共预算 | 20.00 | ∅ | ∅",
        "收入总计 | 120.00 | 支出总计 | 120.00",
    )
    # the second 一般公共预算 is the breakdown of 上年结转: no certain reading, so no false 财政拨款 ≠ 120.00
    assert run_rule("AR103", text) == []
    plain = text.replace("一般公共预算 | 20.00 | ∅ | ∅\n", "")
    assert run_rule("AR103", plain) == []
    assert len(run_rule("AR103", plain.replace("收入总计 | 120.00", "收入总计 | 130.00"))) == 1


def test_ar104_two_years_side_by_side_are_two_groups():
    text = table(
        "表三：部门（单位）支出总体情况表",
        "功能分类科目编码 | ∅ | 功能分类科目名称 | 2020年预算数 | ∅ | ∅ | 2021年预算数 | ∅ | ∅\n"
        "∅ | ∅ | ∅ | 合计 | 基本支出 | 项目支出 | 合计 | 基本支出 | 项目支出\n类 | 款 | ∅ | ∅ | ∅ | ∅ | ∅ | ∅ | ∅",
        "212 | ∅ | 城乡社区支出 | 100.00 | 60.00 | 40.00 | 120.00 | 70.00 | 50.00",
    )
    keys = [c.key for c in example_document(text).table("expense").columns]
    assert keys.count("total") == 1 and keys.count("prior:total") == 1, keys  # 2021 is this year, 2020 last year
    assert run_rule("AR104", text) == []
    [f] = run_rule("AR104", text.replace("| 120.00 |", "| 130.00 |"))
    assert f.actual == "130.00" and f.expected == "120.00"


# --------------------------------------------------------------------------------------- a real 决算 (PDF)


@pytest.fixture(scope="module")
def putuo(putuo_path, registry):
    from budgetrules.engine.check import load_document

    return load_document(putuo_path, registry)


def test_putuo_final_accounts_add_up(putuo, registry):
    """The Putuo 2024 决算 adds up in every table: nothing to report (its 表一 prints 326.71 where 表二 has
    326.72 for 类 208, a cross-table matter, not an arithmetic one)."""
    report = check_document(putuo, registry, CheckConfig(select=("AR",)))
    assert [f.message for f in report.findings if f.rule.startswith("AR")] == []


@pytest.mark.parametrize(
    "kind,code,key,rules",
    [
        ("income", "2010601", "fiscal", {"AR102", "AR104"}),  # 款 20106 and the row's 合计
        ("expense", "201", "project", {"AR101", "AR103", "AR104"}),
        ("summary", None, "total", {"AR103", "AR105"}),  # 总计 of the income side
    ],
)
def test_putuo_checks_are_not_vacuous(putuo, registry, kind, code, key, rules):
    """Each table is really checked: one amount moved by 1.00 is reported by the rules whose sums include it."""
    from budgetrules.testing.strategies import perturb

    t = next(i for i, table in enumerate(putuo.tables) if table.kind == kind)
    rows = putuo.tables[t].rows
    if code is None:
        r = next(i for i, row in enumerate(rows) if row.is_total and row.side == "income" and row.label == "总计")
    else:
        r = next(i for i, row in enumerate(rows) if row.code is not None and row.code.code == code)
    changed = perturb(putuo, t, r, key, Decimal(1))
    report = check_document(changed, registry, CheckConfig(select=("AR",)))
    assert {f.rule for f in report.findings if f.rule.startswith("AR")} == rules
