"""The cross-table rules (family ``crosstable``, XT101-XT104) on the reference sample and on small documents.

The reference sample (阿克陶县住房和城乡建设局 2021 年部门预算) is pinned on both sides: its 类 212 is 439.02 in
表一 and 表四 but 344.02 in 表二, 表三 and 表五 (the 类 row there leaves out 款 99), which gives one XT101 finding at
表一 and one at 表四; every other statement it repeats across tables agrees. Edited copies of the sample show that
the rules follow the numbers: correcting 212 clears XT101, breaking a total raises XT103, and so on.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetrules.core.findings import Severity
from budgetrules.engine.check import CheckConfig, check_document, load_document
from budgetrules.engine.rules import RuleContext
from budgetrules.testing import example_document, run_rule
from budgetrules_plugins.crosstable import statements as common
from budgetrules_plugins.crosstable import xt103


def _check(doc, registry, prefix="XT"):
    report = check_document(doc, registry, CheckConfig(select=(prefix,)))
    return [f for f in report.findings if f.rule.startswith(prefix)]


def _num(place: str | None) -> str | None:
    return place.split("《")[0] if place else None


def _key(f):
    return (f.rule, _num(f.location.table), f.location.code, f.location.column)


@pytest.fixture()
def sample_findings(akto, registry):
    return _check(akto, registry)


def _edited(akto_path, tmp_path, registry, *edits):
    """A copy of the sample with ``(start marker, end marker, old, new)`` edits made between the markers."""
    text = akto_path.read_text(encoding="utf-8")
    for start, end, old, new in edits:
        a = text.index(start)
        b = text.index(end, a + len(start))
        segment = text[a:b]
        assert segment.count(old) == 1, (start, old)
        text = text[:a] + segment.replace(old, new) + text[b:]
    path = tmp_path / "edited.txt"
    path.write_text(text, encoding="utf-8")
    return load_document(path, registry)


T2, T3, T4, T5, T6, T7, T8, T9 = ("表二：", "表三：", "表四：", "表五：", "表六：", "表七：", "表八：", "表九：")


# --------------------------------------------------------------------------------------- reference sample


def test_sample_reports_212_once_in_table1_and_once_in_table4(sample_findings):
    assert sorted(_key(f) for f in sample_findings) == [
        ("XT101", "表一", "212", "支出/预算数"),
        ("XT101", "表四", "212", "财政拨款支出/一般公共预算"),
    ]
    assert all(f.severity is Severity.ERROR for f in sample_findings)


def test_sample_212_findings_name_the_agreeing_tables(sample_findings):
    by_table = {_num(f.location.table): f for f in sample_findings}
    t1 = by_table["表一"]
    assert [(_num(r.table), r.code, r.column) for r in t1.related] == [
        ("表二", "212", "总计"),
        ("表三", "212", "支出预算/合计"),
    ]
    assert (t1.actual, t1.expected) == ("439.02", "344.02")
    assert "439.02" in t1.message and "344.02" in t1.message and "差额 95.00" in t1.message
    assert "允许舍入误差 ±" in t1.message
    t4 = by_table["表四"]
    assert [(_num(r.table), r.code, r.column) for r in t4.related] == [
        ("表二", "212", "一般公共预算拨款"),
        ("表五", "212", "一般公共预算支出/合计"),
    ]
    assert (t4.actual, t4.expected) == ("439.02", "344.02")
    assert t1.location.line == 112 and t4.location.line == 199
    # the agreeing tables' own rows under 212 (21201 344.02 + 2129999 95.00) add up to 表一's figure: said so
    assert "表二、表三 中该科目下级各行之和为 439.02（344.02 + 95.00）" in t1.message
    assert "表二、表五 中该科目下级各行之和为 439.02（344.02 + 95.00）" in t4.message


def test_sample_rows_that_agree_are_compared_and_not_reported(akto, sample_findings):
    """208 and 211 (and the 项 printed without code in 表三) are matched across tables and agree."""
    index = common.CodeIndex(akto)
    expense = akto.table("expense")
    xiang = [r for r in expense.rows if r.code is not None and r.code.level == "项"]
    assert [index.key(r) for r in xiang] == ["2080505", "2110302", "2120101"]
    for code in ("208", "211"):
        values = {
            (t.number, key): r.amount(key).value
            for t, side, key in [(akto.table("summary"), "expense", "total"), (akto.table("income"), None, "total"),
                                 (expense, None, "total"), (akto.table("fiscal_summary"), "expense", "gpb"),
                                 (akto.table("gpb_expense"), None, "total"), (akto.table("income"), None, "gpb")]
            for r in t.item_rows(side) if r.code is not None and r.code.code == code
        }
        assert len(values) == 6 and len(set(values.values())) == 1
    reported = {f.location.code for f in sample_findings}
    assert reported == {"212"}


def test_sample_is_all_general_public_budget_money(akto):
    assert common.all_gpb(akto)


def test_sample_totals_are_compared_and_agree(akto, sample_findings):
    groups = {q: [(_num(e.table.name), e.member.key, str(e.amount)) for e in es] for q, es in xt103._groups(akto)}
    assert groups["一般公共预算基本支出总额"] == [("表五", "basic", "380.5"), ("表六", "total", "380.50"),
                                       ("表三", "basic", "380.5")]
    assert groups["一般公共预算项目支出总额"] == [("表五", "project", "737.00"), ("表七", "total", "737.00"),
                                       ("表三", "project", "737.00")]
    assert groups["支出总额（全部资金）"] == [("表一", "total", "1117.5"), ("表二", "total", "1117.5"),
                                    ("表三", "total", "1117.5")]
    assert groups["一般公共预算收入"] == [("表一", "total", "1117.5"), ("表二", "gpb", "1117.5"),
                                  ("表四", "total", "1117.5")]
    assert groups["本年收入总额（全部资金）"] == [("表一", "total", "1117.5"), ("表二", "total", "1117.5")]
    assert groups["财政拨款收入"] == [("表一", "total", "1117.5"), ("表四", "total", "1117.5"),
                                ("表四", "total", "1117.5")]
    assert not [f for f in sample_findings if f.rule == "XT103"]


def test_sample_car_running_cost_agrees(akto, registry, sample_findings):
    from budgetrules_plugins.crosstable import xt104

    rows, parts = xt104._basic_parts(akto.table("gpb_basic"))
    assert [(r.code.code, key, a.value) for r, key, a in parts] == [("30231", "total", Decimal("1.83"))]
    row, running = xt104._sangong_cell(akto.table("sangong"))
    assert running.value == Decimal("1.83")
    assert not [f for f in sample_findings if f.rule in ("XT102", "XT104")]


# ---------------------------------------------------------------------------------- edited copies of it


def test_correcting_212_clears_xt101(akto_path, tmp_path, registry):
    doc = _edited(
        akto_path, tmp_path, registry,
        (T2, T3, "212\t\t\t城乡社区支出\t344.02\t344.02", "212\t\t\t城乡社区支出\t439.02\t439.02"),
        (T3, T4, "212\t\t城乡社区支出\t344.02\t344.02", "212\t\t城乡社区支出\t439.02\t344.02\t95.00"),
        (T5, T6, "212\t\t城乡社区支出\t344.02\t344.02", "212\t\t城乡社区支出\t439.02\t344.02\t95.00"),
    )
    assert _check(doc, registry) == []


def test_wrong_basic_total_in_table6_is_the_odd_one_out(akto_path, tmp_path, registry):
    doc = _edited(akto_path, tmp_path, registry, (T6, T7, "380.50\t372.90", "390.50\t382.90"))
    found = [f for f in _check(doc, registry) if f.rule == "XT103"]
    assert [_key(f) for f in found] == [("XT103", "表六", None, "一般公共预算基本支出/合计")]
    (f,) = found
    assert (f.actual, f.expected) == ("390.50", "380.5")
    assert sorted(_num(r.table) for r in f.related) == ["表三", "表五"]
    assert "差额 10.00" in f.message


def test_wrong_project_total_in_table7(akto_path, tmp_path, registry):
    doc = _edited(akto_path, tmp_path, registry, (T7, T8, "合 计\t737.00", "合 计\t747.00"))
    found = [f for f in _check(doc, registry) if f.rule == "XT103"]
    assert [_key(f) for f in found] == [("XT103", "表七", None, "项目支出合计")]
    assert found[0].actual == "747.00"


def test_class_missing_from_table5_is_reported_once_at_the_class(akto_path, tmp_path, registry):
    doc = _edited(
        akto_path, tmp_path, registry,
        (T5, T6, "208\t\t社会保障和就业支出\t36.48\t36.48\t\n", ""),
        (T5, T6, "208\t05\t行政事业单位养老支出\t36.48\t36.48\t\n", ""),
        (T5, T6, "208\t05\t05 机关事业单位基本养老保险缴费支出\t36.48\t36.48\t\n", ""),
    )
    found = [f for f in _check(doc, registry) if f.rule == "XT102"]
    assert [(_num(f.location.table), f.location.code) for f in found] == [("表五", "208")]
    assert "36.48" in found[0].message and "社会保障和就业支出" in found[0].message
    assert {_num(r.table) for r in found[0].related} >= {"表二", "表三", "表四"}


def test_car_running_cost_differs(akto_path, tmp_path, registry):
    doc = _edited(akto_path, tmp_path, registry, (T8, T9, "1.83\t0.00\t1.83\t0.00\t1.83\t0.00",
                                                  "2.83\t0.00\t2.83\t0.00\t2.83\t0.00"))
    found = [f for f in _check(doc, registry) if f.rule == "XT104"]
    assert [_key(f) for f in found] == [("XT104", "表六", "30231", "一般公共预算基本支出/合计")]
    (f,) = found
    assert f.severity is Severity.WARNING and (f.actual, f.expected) == ("1.83", "2.83")
    assert [_num(r.table) for r in f.related] == ["表八"]
    assert "项目支出表中商品和服务支出" not in f.message  # 表七's amounts sit in no 302 column
    rule = registry.rules["XT104"]
    relaxed = RuleContext(rule=rule, document=doc, params={"require_equal": False})
    assert list(rule(doc, relaxed)) == []  # 1.83 of 2.83 in 基本支出: possible when projects pay the rest


# ------------------------------------------------------------------------------------------ small documents

HEAD = "测试局 2021 年部门预算公开\n"

TABLE1 = """表一：部门（单位）收支总体情况表
单位：{unit}
收 入 | ∅ | 支 出 | ∅
项 目 | 预算数 | 功能分类 | 预算数
一般公共预算 | {total} | 208 社会保障和就业支出 | {v208}
∅ | ∅ | 212 城乡社区支出 | {v212}
收入总计 | {total} | 支出总计 | {total}
"""

TABLE2 = """表二：部门（单位）收入总体情况表
单位：万元
功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计 | 一般公共预算拨款 | 政府性基金预算拨款
类 | 款 | 项 | ∅ | ∅ | ∅ | ∅
208 | ∅ | ∅ | 社会保障和就业支出 | {v208} | {v208} | ∅
212 | ∅ | ∅ | 城乡社区支出 | {v212} | {g212} | {f212}
∅ | ∅ | ∅ | 合计 | {total} | {gtotal} | {ftotal}
"""

TABLE3 = """表三：部门（单位）支出总体情况表
单位：万元
功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
类 | 款 | ∅ | ∅ | ∅ | ∅
208 | ∅ | 社会保障和就业支出 | {v208} | {v208} | ∅
212 | ∅ | 城乡社区支出 | {v212} | {b212} | {p212}
∅ | ∅ | 合计 | {total} | {btotal} | {ptotal}
"""

TABLE5 = """表五：一般公共预算支出情况表
单位：万元
功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
类 | 款 | ∅ | ∅ | ∅ | ∅
208 | ∅ | 社会保障和就业支出 | {v208} | {v208} | ∅
212 | ∅ | 城乡社区支出 | {v212} | {b212} | {p212}
∅ | ∅ | 合计 | {total} | {btotal} | {ptotal}
"""


def _run(rule_id, *parts, head=HEAD):
    return run_rule(rule_id, head + "".join(parts))


def test_three_tables_one_odd_reported_at_the_odd_one():
    t1 = TABLE1.format(unit="万元", total="136.48", v208="36.48", v212="100.00")
    t2 = TABLE2.format(v208="36.48", v212="100.00", g212="100.00", f212="∅", total="136.48", gtotal="136.48",
                       ftotal="∅")
    t3 = TABLE3.format(v208="36.48", v212="110.00", b212="110.00", p212="∅", total="146.48", btotal="146.48",
                       ptotal="∅")
    (f,) = _run("XT101", t1, t2, t3)
    assert (_num(f.location.table), f.location.code, f.actual, f.expected) == ("表三", "212", "110.00", "100.00")
    assert "下级" not in f.message  # no children printed: no hint about them
    assert sorted(_num(r.table) for r in f.related) == ["表一", "表二"]


def test_two_tables_that_differ_are_reported_at_the_earliest():
    t1 = TABLE1.format(unit="万元", total="136.48", v208="36.48", v212="100.00")
    t3 = TABLE3.format(v208="36.48", v212="110.00", b212="110.00", p212="∅", total="146.48", btotal="146.48",
                       ptotal="∅")
    (f,) = _run("XT101", t3, t1)  # printed order does not matter: 表一 comes first in the canonical order
    assert (_num(f.location.table), f.location.code) == ("表一", "212")
    assert [_num(r.table) for r in f.related] == ["表三"]


def test_blank_against_zero_agrees_blank_against_money_does_not():
    t1 = TABLE1.format(unit="万元", total="36.48", v208="36.48", v212="∅")
    zero = TABLE3.format(v208="36.48", v212="0.00", b212="∅", p212="∅", total="36.48", btotal="36.48", ptotal="∅")
    assert _run("XT101", t1, zero) == []
    money = TABLE3.format(v208="36.48", v212="0.02", b212="0.02", p212="∅", total="36.50", btotal="36.50",
                          ptotal="∅")
    (f,) = _run("XT101", t1, money)
    assert f.location.code == "212" and f.actual is None and f.expected == "0.02"
    assert "空白" in f.message


def test_rounding_and_units_are_not_errors():
    t1 = TABLE1.format(unit="元", total="364800.00", v208="364800.00", v212="∅")
    t3 = TABLE3.format(v208="36.48", v212="∅", b212="∅", p212="∅", total="36.48", btotal="36.48", ptotal="∅")
    assert _run("XT101", t1, t3) == []
    assert _run("XT103", t1, t3) == []
    t3_rounded = TABLE3.format(v208="36.5", v212="∅", b212="∅", p212="∅", total="36.5", btotal="36.5", ptotal="∅")
    assert _run("XT101", TABLE1.format(unit="万元", total="36.48", v208="36.48", v212="∅"), t3_rounded) == []
    t3_off = TABLE3.format(v208="36.6", v212="∅", b212="∅", p212="∅", total="36.6", btotal="36.6", ptotal="∅")
    (f,) = _run("XT101", TABLE1.format(unit="万元", total="36.48", v208="36.48", v212="∅"), t3_off)
    assert f.location.code == "208" and "允许舍入误差 ±0.055" in f.message


def test_mixed_units_are_named_in_the_message():
    t1 = TABLE1.format(unit="元", total="374800.00", v208="374800.00", v212="∅")
    t3 = TABLE3.format(v208="36.48", v212="∅", b212="∅", p212="∅", total="36.48", btotal="36.48", ptotal="∅")
    (f,) = _run("XT101", t1, t3)
    assert "374800.00元" in f.message and "36.48万元" in f.message
    assert "差额 1.00万元，允许舍入误差 ±0.005万元" in f.message


def test_income_table_is_compared_only_in_a_budget():
    t2 = TABLE2.format(v208="36.48", v212="100.00", g212="100.00", f212="∅", total="136.48", gtotal="136.48",
                       ftotal="∅")
    t3 = TABLE3.format(v208="36.48", v212="90.00", b212="90.00", p212="∅", total="126.48", btotal="126.48",
                       ptotal="∅")
    assert [f.location.code for f in _run("XT101", t2, t3)] == ["212"]
    final = "测试局 2021 年部门决算公开\n"
    assert _run("XT101", t2, t3, head=final) == []
    assert _run("XT103", t2, t3, head=final) == []


def test_basic_and_project_compared_only_when_all_money_is_general_budget():
    # 表三 holds 20.00 of 政府性基金 under 212 as 项目支出; 表五 (一般公共预算) does not: no comparison of 基本/项目
    t2 = TABLE2.format(v208="36.48", v212="120.00", g212="100.00", f212="20.00", total="156.48", gtotal="136.48",
                       ftotal="20.00")
    t3 = TABLE3.format(v208="36.48", v212="120.00", b212="100.00", p212="20.00", total="156.48", btotal="136.48",
                       ptotal="20.00")
    t5 = TABLE5.format(v208="36.48", v212="100.00", b212="100.00", p212="∅", total="136.48", btotal="136.48",
                       ptotal="∅")
    assert _run("XT101", t2, t3, t5) == []
    assert _run("XT103", t2, t3, t5) == []
    # the same split with all money 一般公共预算: 表三 and 表五 state the same 基本/项目支出
    t2g = TABLE2.format(v208="36.48", v212="120.00", g212="120.00", f212="∅", total="156.48", gtotal="156.48",
                        ftotal="∅")
    t5g = TABLE5.format(v208="36.48", v212="120.00", b212="110.00", p212="10.00", total="156.48", btotal="146.48",
                        ptotal="10.00")
    found = _run("XT101", t2g, t3, t5g)
    # two tables that differ: reported at the earlier one (表三), against 表五
    assert sorted((_num(f.location.table), f.location.code, f.location.column) for f in found) == [
        ("表三", "212", "基本支出"),
        ("表三", "212", "项目支出"),
    ]
    assert all([_num(r.table) for r in f.related] == ["表五"] for f in found)
    assert [_num(f.location.table) for f in _run("XT103", t2g, t3, t5g)] == ["表三", "表三"]


def test_uncoded_xiang_matches_by_parent_and_name():
    # a 项 name no catalogue knows, so that the loader cannot give 表三's row its code: matched through 表二
    text = HEAD + """表二：部门（单位）收入总体情况表
单位：万元
功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计
类 | 款 | 项 | ∅ | ∅
208 | ∅ | ∅ | 社会保障和就业支出 | 36.48
208 | 05 | ∅ | 行政事业单位养老支出 | 36.48
208 | 05 | 98 | 测试用养老支出 | 36.48
∅ | ∅ | ∅ | 合计 | 36.48
表三：部门（单位）支出总体情况表
单位：万元
功能分类科目编码 | ∅ | 功能分类科目名称 | 合计
类 | 款 | ∅ | ∅
208 | ∅ | 社会保障和就业支出 | 36.48
208 | 05 | 行政事业单位养老支出 | 36.48
208 | 05 | 测试用养老支出 | {v}
∅ | ∅ | 合计 | 36.48
"""
    assert run_rule("XT101", text.format(v="36.48")) == []
    assert run_rule("XT102", text.format(v="36.48")) == []
    (f,) = run_rule("XT101", text.format(v="36.58"))
    assert f.location.code == "2080598" and [r.code for r in f.related] == ["20805（项编码未印）"]


def test_missing_kuan_where_a_xiang_is_listed_is_left_to_ar107():
    text = HEAD + """表二：部门（单位）收入总体情况表
单位：万元
功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计
类 | 款 | 项 | ∅ | ∅
212 | ∅ | ∅ | 城乡社区支出 | 95.00
212 | 99 | 99 | 其他城乡社区支出 | 95.00
∅ | ∅ | ∅ | 合计 | 95.00
表三：部门（单位）支出总体情况表
单位：万元
功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 合计
类 | 款 | 项 | ∅ | ∅
212 | ∅ | ∅ | 城乡社区支出 | 95.00
212 | 99 | ∅ | 其他城乡社区支出 | 95.00
212 | 99 | 99 | 其他城乡社区支出 | 95.00
∅ | ∅ | ∅ | 合计 | 95.00
"""
    assert run_rule("XT102", text) == []


def test_missing_xiang_reported_only_beside_its_siblings():
    def doc(t3_rows):
        return HEAD + """表二：部门（单位）收入总体情况表
单位：万元
功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 总计
类 | 款 | 项 | ∅ | ∅
212 | ∅ | ∅ | 城乡社区支出 | 100.00
212 | 01 | ∅ | 城乡社区管理事务 | 100.00
212 | 01 | 01 | 行政运行 | 90.00
212 | 01 | 02 | 一般行政管理事务 | 10.00
∅ | ∅ | ∅ | 合计 | 100.00
表三：部门（单位）支出总体情况表
单位：万元
功能分类科目编码 | ∅ | ∅ | 功能分类科目名称 | 合计
类 | 款 | 项 | ∅ | ∅
212 | ∅ | ∅ | 城乡社区支出 | 100.00
212 | 01 | ∅ | 城乡社区管理事务 | 100.00
""" + t3_rows + "∅ | ∅ | ∅ | 合计 | 100.00\n"

    (f,) = run_rule("XT102", doc("212 | 01 | 01 | 行政运行 | 90.00\n"))
    assert (_num(f.location.table), f.location.code) == ("表三", "2120102")
    assert "一般行政管理事务" in f.message and "10.00" in f.message
    # the 款 shown undivided: not a missing 项
    assert run_rule("XT102", doc("")) == []


def test_empty_fund_table_with_fund_money_elsewhere():
    text = HEAD + """表四：财政拨款收支总体情况表
单位：万元
财政拨款收入 | ∅ | 财政拨款支出 | ∅ | ∅ | ∅
项目 | 合计 | 功能分类 | 合计 | 一般公共预算 | 政府性基金预算
一般公共预算 | 36.48 | 208 社会保障和就业支出 | 36.48 | 36.48 | ∅
政府性基金预算 | 50.00 | 212 城乡社区支出 | 50.00 | ∅ | 50.00
收入总计 | 86.48 | 支出总计 | 86.48 | 36.48 | 50.00
表九：政府性基金预算支出情况表
单位：万元
备注：本单位 2021 年无政府性基金预算支出，本表为空表。
"""
    (f,) = run_rule("XT102", text)
    assert (_num(f.location.table), f.location.code) == ("表九", "212")
    assert "空表" in f.message and "50.00" in f.message


def test_all_gpb_is_conservative():
    t2 = TABLE2.format(v208="36.48", v212="120.00", g212="100.00", f212="20.00", total="156.48", gtotal="136.48",
                       ftotal="20.00")
    assert not common.all_gpb(example_document(HEAD + t2))
    t2g = TABLE2.format(v208="36.48", v212="120.00", g212="120.00", f212="0.00", total="156.48", gtotal="156.48",
                        ftotal="0.00")
    assert common.all_gpb(example_document(HEAD + t2g))
    assert not common.all_gpb(example_document(HEAD + TABLE3.format(
        v208="1", v212="1", b212="1", p212="∅", total="2", btotal="2", ptotal="∅")))


def _entries(*values):
    """One statement per value, in tables of the canonical kinds in order (None is a blank cell)."""
    from budgetrules.core.amounts import Unit, parse_amount
    from budgetrules.core.model import Cell, Column, Row, RowRole, Source, Table

    entries = []
    for kind, value in zip(common.CANONICAL, values):
        cells = {} if value is None else {"total": Cell(value, parse_amount(value), Source("x.txt"))}
        row = Row("城乡社区支出", None, RowRole.ITEM, cells, Source("x.txt"))
        table = Table(kind, kind, Unit.WAN, (Column("total", "合计", 1),), (row,), Source("x.txt"))
        entries.append(common.Entry(common.Member(table, None, "total"), row))
    return entries


def _verdict(*values):
    entries = _entries(*values)
    return [(entries.index(odd), [entries.index(o) for o in others]) for odd, others in common.disagreements(entries)]


def test_disagreements_majority_and_tie():
    assert _verdict("1.00") == []
    assert _verdict("1.00", "1.0", "1") == []  # rounding
    assert _verdict(None, "0.00") == []  # blank is zero
    assert _verdict("1.00", "1.00", "2.00") == [(2, [0, 1])]  # the odd one out, against the majority
    assert _verdict("2.00", "1.00", "1.00", "3.00") == [(0, [1, 2]), (3, [1, 2])]
    assert _verdict("1.00", "2.00") == [(0, [1])]  # a tie: the earliest table
    assert _verdict("2.00", "1.00") == [(0, [1])]
    assert _verdict("1.00", "1.00", "2.00", "2.00") == [(0, [2, 3])]
    assert _verdict("1.00", "2.00", "3.00") == [(0, [1, 2])]
    assert _verdict(None, "0.01", "0.01") == [(0, [1, 2])]


def test_output_is_deterministic(akto, registry):
    first = [(f.rule, f.location, f.message, f.related) for f in _check(akto, registry)]
    second = [(f.rule, f.location, f.message, f.related) for f in _check(akto, registry)]
    assert first == second and first


def test_budget_with_carryover_does_not_compare_fund_tables():
    """表四 may state spending including last year's carry-over while 表五 states this year's 拨款 only."""
    def doc(carry):
        return HEAD + f"""表一：部门（单位）收支总体情况表
单位：万元
收 入 | ∅ | 支 出 | ∅
项 目 | 预算数 | 功能分类 | 预算数
一般公共预算 | 100.00 | 212 城乡社区支出 | {110 if carry else 100}.00
上年结转 | {"10.00" if carry else "∅"} | ∅ | ∅
收入总计 | {110 if carry else 100}.00 | 支出总计 | {110 if carry else 100}.00
表四：财政拨款收支总体情况表
单位：万元
财政拨款收入 | ∅ | 财政拨款支出 | ∅ | ∅ | ∅
项目 | 合计 | 功能分类 | 合计 | 一般公共预算 | 政府性基金预算
一般公共预算 | {100 if carry else 110}.00 | 212 城乡社区支出 | 110.00 | 110.00 | ∅
上年结转 | {"10.00" if carry else "∅"} | ∅ | ∅ | ∅ | ∅
收入总计 | 110.00 | 支出总计 | 110.00 | 110.00 | ∅
表五：一般公共预算支出情况表
单位：万元
功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
类 | 款 | ∅ | ∅ | ∅ | ∅
212 | ∅ | 城乡社区支出 | 100.00 | 100.00 | ∅
∅ | ∅ | 合计 | 100.00 | 100.00 | ∅
"""

    assert common.budget_carryover(example_document(doc(True)))
    assert not common.budget_carryover(example_document(doc(False)))
    assert run_rule("XT101", doc(True)) == [] and run_rule("XT103", doc(True)) == []
    assert [(_num(f.location.table), f.location.code) for f in run_rule("XT101", doc(False))] == [("表四", "212")]
    found = {(_num(f.location.table), f.location.row) for f in run_rule("XT103", doc(False))}
    assert ("表四", "支出总计") in found


def test_a_table_without_rows_is_not_judged_unless_declared_empty():
    text = HEAD + """表四：财政拨款收支总体情况表
单位：万元
财政拨款收入 | ∅ | 财政拨款支出 | ∅ | ∅ | ∅
项目 | 合计 | 功能分类 | 合计 | 一般公共预算 | 政府性基金预算
政府性基金预算 | 50.00 | 212 城乡社区支出 | 50.00 | ∅ | 50.00
收入总计 | 50.00 | 支出总计 | 50.00 | ∅ | 50.00
表九：政府性基金预算支出情况表
单位：万元
{note}
"""
    bare = example_document(text.format(note=""))
    assert bare.table("gov_fund") is not None and bare.table("gov_fund").rows == ()
    assert run_rule("XT102", text.format(note="")) == []
    (f,) = run_rule("XT102", text.format(note="备注：本表为空表。"))
    assert (_num(f.location.table), f.location.code) == ("表九", "212")


# ------------------------------------------------------------------------- properties on generated budgets

import attrs  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from budgetrules.testing.strategies import Generated, budgets, perturb  # noqa: E402
from budgetrules.testing.textwriter import write_document  # noqa: E402
from budgetrules_plugins.loaders.textfile import parse_text  # noqa: E402

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _by_code_rules(doc, registry):
    """XT101 and XT102 findings, and XT103's without 表六/表八 (generated independently of the other tables)."""
    found = _check(doc, registry, "XT101") + _check(doc, registry, "XT102")
    rest = attrs.evolve(doc, tables=tuple(t for t in doc.tables if t.kind not in ("gpb_basic", "sangong")))
    return found + _check(rest, registry, "XT103")


@PROPERTY
@given(budgets())
def test_no_crosstable_finding_on_a_consistent_budget(registry, generated: Generated):
    doc = generated.document
    assert [f.message for f in _by_code_rules(doc, registry)] == []
    reread = parse_text(write_document(doc), doc.path)
    assert [f.message for f in _by_code_rules(reread, registry)] == []


_GROUPS = (
    {("income", "total"), ("expense", "total")},
    {("income", "gpb"), ("gpb_expense", "total"), ("fiscal_summary", "gpb")},
)
_GPB_GROUPS = ({("expense", "basic"), ("gpb_expense", "basic")}, {("expense", "project"), ("gpb_expense", "project")})


def _same_code(a, b) -> bool:
    """Two rows of one generated code (表三 prints its 项 without their own code, under the same name)."""
    if a.code.code is not None and b.code.code is not None:
        return a.code.code == b.code.code
    return a.code.level == b.code.level == "项" and a.code.parent == b.code.parent and a.label == b.label


def _compared_cells(doc):
    """The by-code cells XT101 compares in a generated budget (chosen from the quantities, not from the rule):
    a cell whose code another table of its group lists, in a column that table states (a column blank
    throughout states nothing)."""
    groups = _GROUPS + (_GPB_GROUPS if common.all_gpb(doc) else ())

    def stated(table, key):
        return any(r.amount(key) is not None for r in table.rows)

    def partnered(table, row, key):
        for group in groups:
            if (table.kind, key) not in group:
                continue
            for other in doc.tables:
                for kind, okey in group:
                    if other is table or other.kind != kind or not stated(other, okey):
                        continue
                    if any(o.code is not None and not o.is_total and _same_code(o, row) for o in other.rows):
                        return True
        return False

    return [
        (t, r, key)
        for t, table in enumerate(doc.tables)
        for r, row in enumerate(table.rows)
        if row.code is not None and not row.is_total
        for key in sorted(row.cells)
        if partnered(table, row, key)
    ]


@PROPERTY
@given(budgets(), st.data())
def test_a_moved_amount_is_reported_once_where_the_code_is_compared(registry, generated: Generated, data):
    doc = generated.document
    cells = _compared_cells(doc)
    if not cells:
        return
    t, r, key = data.draw(st.sampled_from(cells), label="cell")
    sign = data.draw(st.sampled_from([Decimal(1), Decimal(-1)]), label="sign")
    changed = perturb(doc, t, r, key, sign * Decimal(1000))
    table, row = changed.tables[t], changed.tables[t].rows[r]
    column = table.column(key, row.side)
    moved = (table.name, row.code.display, column.label)
    found = _check(changed, registry, "XT101")
    assert found, f"{moved} moved by 1000: nothing reported"
    for f in found:
        places = {(p.table, p.code, p.column) for p in (f.location, *f.related)}
        assert moved in places, (moved, f.message)
    assert len({(f.location.table, f.location.code, f.location.column) for f in found}) == len(found)


def test_car_running_cost_hint_when_projects_buy_goods_and_services():
    text = HEAD + """表六：一般公共预算基本支出情况表
单位：万元
经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
类 | 款 | ∅ | ∅ | ∅ | ∅
302 | 31 | 公务用车运行维护费 | 1.83 | ∅ | 1.83
∅ | ∅ | 合计 | 1.83 | ∅ | 1.83
表七：一般公共预算项目支出情况表
单位：万元
科目编码 | ∅ | ∅ | 科目 | 项目名称 | 项目支出合计 | 商品和服务支出
类 | 款 | 项 | ∅ | ∅ | ∅ | ∅
212 | ∅ | ∅ | 城乡社区支出 | 执法车辆运行 | 1.00 | 1.00
∅ | ∅ | ∅ | ∅ | 合 计 | 1.00 | 1.00
表八：一般公共预算“三公”经费支出情况表
单位：万元
合 计 | 因公出国 (境) 费 | 公务用车购置及运行费 | ∅ | ∅ | 公务接待费
∅ | ∅ | 合 计 | 公务用车购置费 | 公务用车运行费 | ∅
2.83 | 0.00 | 2.83 | 0.00 | 2.83 | 0.00
"""
    (f,) = run_rule("XT104", text)
    assert "项目支出表中商品和服务支出（302）合计 1.00" in f.message
