"""Document identity: year, kind, level and department settled from every statement a disclosure makes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetrules.core.model import DocKind
from budgetrules.reading import identity as ident
from budgetrules.testing import example_document

TABLE = """单位：万元
项目 | 预算数
一般公共预算 | 10.00
合计 | 10.00
"""


def identity_of(text: str) -> ident.Identity:
    return ident.of_document(example_document(text))


def codes(identity: ident.Identity) -> list[str]:
    return sorted(f.rule for f in ident.findings(identity, "x.txt"))


def test_title_gives_year_kind_level_and_department():
    i = identity_of("测试局 2021 年部门预算公开\n表一：部门收支总体情况表\n" + TABLE)
    assert (i.year, i.kind, i.level, i.department) == (2021, DocKind.BUDGET, "部门", "测试局")
    assert codes(i) == []


def test_title_over_two_lines_with_the_year_first():
    i = identity_of("2026年\n珠海市商务局部门预算\n表1\n收支总体情况表\n" + TABLE)
    assert (i.year, i.kind, i.department) == (2026, DocKind.BUDGET, "珠海市商务局")


def test_year_before_the_name_and_a_unit_budget():
    i = identity_of("2024年度上海市普陀区某小学单位决算\n收入支出决算总表\n" + TABLE.replace("预算数", "决算数"))
    assert (i.year, i.kind, i.level, i.department) == (2024, DocKind.FINAL, "单位", "上海市普陀区某小学")


def test_a_place_is_not_a_department_and_the_compiler_line_names_it():
    text = "江苏省2018年度\n省级部门预算公开报表\n部 门:中共江苏省委办公厅\n江苏省财政厅印制\n收支预算总表\n" + TABLE
    i = identity_of(text)
    assert i.title == "江苏省2018年度省级部门预算公开报表"
    assert (i.year, i.kind, i.department) == (2018, DocKind.BUDGET, "中共江苏省委办公厅")


def test_a_file_of_tables_states_its_identity_in_table_titles_and_compiler_lines():
    text = (
        "表一\n收支预算总表\n部门：江苏省政协办公厅 单位：万元\n项目 | 金额\n收入合计 | 10.00\n"
        "表十二\n2017年政府采购预算表\n部门：江苏省政协办公厅 单位：万元\n采购品目 | 金额\n合计 | 1.00\n"
    )
    i = identity_of(text)
    assert i.title == ""  # a file that starts with a table's number has no document title
    assert (i.year, i.kind, i.department) == (2017, DocKind.BUDGET, "江苏省政协办公厅")
    bases = {(e.fact, e.basis) for e in i.evidence}
    assert {("year", "table"), ("kind", "table"), ("department", "compiler")} <= bases


def test_kind_from_column_headers_only_when_nothing_else_says():
    i = identity_of("表一\n部门收支总体情况表\n编制部门：测试局 单位：万元\n项目 | 预算数\n合计 | 10.00\n")
    assert i.kind is DocKind.BUDGET and {e.basis for e in i.evidence if e.fact == "kind"} == {"column"}
    # a 预算 that prints last year's 决算数 beside its own figures is still a 预算, and nothing is disputed
    i = identity_of("测试局 2021 年部门预算公开\n表一：部门收支总体情况表\n单位：万元\n项目 | 2020年决算数 | 2021年预算数\n合计 | 9.00 | 10.00\n")
    assert i.kind is DocKind.BUDGET and not i.conflicts


def test_evidence_that_disagrees_at_the_deciding_tier_settles_nothing():
    i = identity_of("测试局 2021 年部门预算公开\n2020年度\n表一：部门收支总体情况表\n" + TABLE)
    assert i.year is None
    (conflict,) = i.conflicts
    assert conflict.decisive and {e.value for e in conflict.evidence} == {2020, 2021}
    (finding,) = ident.findings(i, "x.txt")
    assert finding.rule == "BR013" and "2020" in finding.message and "2021" in finding.message
    assert "--year" in finding.message


def test_a_table_title_that_disagrees_with_the_title_is_reported_and_the_title_stands():
    i = identity_of("测试局 2021 年部门预算公开\n表十二\n2020年政府采购预算表\n" + TABLE)
    assert i.year == 2021
    (finding,) = ident.findings(i, "x.txt")
    assert finding.rule == "BR014" and finding.severity.value == "warning" and "2020" in finding.message


def test_compiler_lines_that_name_two_departments():
    text = (
        "表一\n收支预算总表\n编制部门：甲市财政局 单位：万元\n项目 | 金额\n合计 | 10.00\n"
        "表二\n收入预算总表\n编制部门：乙县教育局 单位：万元\n项目 | 金额\n合计 | 10.00\n"
    )
    i = identity_of(text)
    assert i.department is None
    assert "BR013" in codes(i)


def test_a_placeholder_is_not_a_department_and_is_named():
    i = identity_of("上海市普陀区2026年区级部门预算\n预算主管部门：上海市普陀区XX局\n部门收支总表\n" + TABLE)
    assert i.department is None
    (finding,) = [f for f in ident.findings(i, "x.txt") if f.rule == "BR012"]
    assert "上海市普陀区XX局" in finding.message and "占位符" in finding.message and finding.location.line == 2


def test_years_in_notes_count_only_when_single_and_nothing_else_says():
    base = "表一\n收支预算总表\n部门：测试局 单位：万元\n项目 | 金额\n合计 | 10.00\n"
    assert identity_of(base + "注：本单位无2017年政府性基金支出。\n").year == 2017
    i = identity_of(base + "注：本单位无2017年政府性基金支出，2016年结转已用完。\n")
    assert i.year is None and not i.conflicts
    (finding,) = [f for f in ident.findings(i, "x.txt") if f.rule == "BR011"]
    assert "2016、2017" in finding.message and "--year" in finding.message


def test_what_cannot_be_established_is_said_with_the_option_that_sets_it():
    i = identity_of("表一\n部门收支总体情况表\n项目 | 金额\n合计 | 10.00\n")
    found = {f.rule: f for f in ident.findings(i, "x.txt")}
    assert set(found) == {"BR010", "BR011", "BR012"}
    assert found["BR010"].severity.value == "error" and "--kind" in found["BR010"].message
    assert found["BR011"].severity.value == "warning" and "--year" in found["BR011"].message
    assert "--department" in found["BR012"].message


def test_command_line_overrides_and_says_when_the_document_disagrees():
    i = identity_of("表一\n部门收支总体情况表\n项目 | 金额\n合计 | 10.00\n")
    set_ = ident.override(i, year=2019, kind=DocKind.FINAL, department="测试局")
    assert (set_.year, set_.kind, set_.department) == (2019, DocKind.FINAL, "测试局")
    assert codes(set_) == []
    stated = identity_of("测试局 2021 年部门预算公开\n表一：部门收支总体情况表\n" + TABLE)
    forced = ident.override(stated, year=2020)
    assert forced.year == 2020
    (finding,) = ident.findings(forced, "x.txt")
    assert finding.rule == "BR014" and "命令行 --year 2020" in finding.message and "2021" in finding.message


def test_a_date_is_not_the_year_of_the_budget():
    i = identity_of("2018年度江苏省高级人民法院预算公开\n2019年2月24日\n表一：收支预算总表\n" + TABLE)
    assert i.year == 2018 and not i.conflicts


def test_running_headers_are_evidence():
    doc = example_document("测试局 2021 年部门预算公开\n表一：部门收支总体情况表\n" + TABLE)
    from budgetrules.core.model import Source
    from budgetrules.reading.assemble import TextLine

    lines = ["2020年度测试局部门预算", "测试局 2021 年部门预算公开", "2020年度测试局部门预算"]
    blocks = [TextLine(lines[1], Source("h.txt", 2))]
    i = ident.establish("h.txt", blocks, lines)
    assert i.year is None and any(e.basis == "header" for e in i.evidence)
    assert doc.identity is not None


@pytest.mark.parametrize(
    "text, kind",
    [
        ("收支预算总表", DocKind.BUDGET),
        ("一般公共预算财政拨款支出决算表", DocKind.FINAL),
        ("政府性基金预算财政拨款收入支出决算表", DocKind.FINAL),
        ("一般公共预算支出情况表", None),
        ("2023年度预算执行和决算情况", DocKind.FINAL),
        ("预算和决算", None),
    ],
)
def test_kind_in_sets_fund_names_aside(text, kind):
    assert ident.kind_in(text) is kind


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("中国共产党江苏省委员会办公厅", "江苏省委办公厅", True),
        ("中共江苏省委办公厅", "省委办公厅", True),
        ("江苏省人民代表大会常务委员会办公厅", "江苏省人大常委会办公厅", True),
        ("测试局（本级）", "测试局", True),
        ("江苏省政协办公厅", "江苏省人大常委会办公厅", False),
        ("办公厅", "江苏省人大常委会办公厅", False),
        ("上海市普陀区财政局", "上海市静安区财政局", False),
    ],
)
def test_same_department(a, b, same):
    assert ident.same_department(a, b) is same


_CJK = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2, max_size=8)


@given(place=st.sampled_from(["江苏省", "上海市普陀区", "重庆市", "新疆维吾尔自治区"]), core=_CJK,
       suffix=st.sampled_from(["局", "厅", "委员会办公室", "中心"]))
def test_a_department_is_the_same_with_or_without_its_place(place, core, suffix):
    name = core + suffix
    assert ident.same_department(place + name, name) == (len(ident.normalize_department(name)) >= 4)
    assert ident.same_department(place + name, place + name)
    assert ident.same_department(name, place + name) == ident.same_department(place + name, name)


@given(fund=st.sampled_from(["一般公共预算", "政府性基金预算", "国有资本经营预算"]), kind=st.sampled_from(["预算", "决算"]))
def test_fund_names_never_decide_the_kind(fund, kind):
    expected = DocKind.BUDGET if kind == "预算" else DocKind.FINAL
    assert ident.kind_in(f"{fund}财政拨款支出{kind}表") is expected
    assert ident.kind_in(f"{fund}支出情况表") is None


def test_is_disclosure():
    assert ident.is_disclosure(example_document("测试局 2021 年部门预算公开\n一、主要职能\n负责住房管理。\n"))
    assert not ident.is_disclosure(example_document("Department notes\n项目 | 金额\n合计 | 10.00\n"))
    assert not ident.is_disclosure(example_document("会议纪要\n今天讨论了预算数的安排。\n"))
