"""Mandatory contents (MC1xx) on the reference sample and on copies of it with one part taken out.

Every modified copy is made here from the sample's text and written to ``tmp_path``, then checked as a user
would check it: with the ruleset chosen for it (``xinjiang-county-budget`` for the sample).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetrules.core.findings import Severity
from budgetrules.engine import rulesets
from budgetrules.engine.check import CheckConfig, check_document, check_file
from budgetrules.testing import example_document


@pytest.fixture(scope="module")
def sample_text(akto_path) -> str:
    return akto_path.read_text(encoding="utf-8")


def _check(text: str, tmp_path: Path, registry, select=("MC",), ruleset=None):
    path = tmp_path / "copy.txt"
    path.write_text(text, encoding="utf-8")
    if ruleset is None:
        config = CheckConfig(select=select, ruleset_for=rulesets.default_for_factory(registry))
    else:
        config = CheckConfig(select=select, ruleset=ruleset)
    report = check_file(path, registry, config)
    assert report.error is None
    return report


def _cut(text: str, start: str, end: str, *, last: bool = False) -> str:
    """``text`` without the part from ``start`` (its last occurrence with ``last``) up to ``end``."""
    i = text.rindex(start) if last else text.index(start)
    j = text.index(end, i + len(start))
    return text[:i] + text[j:]


def _of(report, rule_id):
    return [f for f in report.findings if f.rule == rule_id]


# -- the reference sample is complete ---------------------------------------------------------------------


def test_sample_is_complete_with_its_default_ruleset(sample_text, tmp_path, registry):
    report = _check(sample_text, tmp_path, registry, select=("MC", "SG"))
    assert report.ruleset == "xinjiang-county-budget"
    # complete: nothing is missing; the one warning is 表七's headerless amount column (MC107, a layout problem)
    assert [f.message for f in report.findings if f.rule != "MC107"] == []
    assert [f.severity for f in report.findings] == [Severity.WARNING]


@pytest.mark.parametrize("name", ["national-budget", "xinjiang-county-budget", "central-budget-2021"])
def test_sample_has_no_mandatory_error_under_budget_rulesets(name, sample_text, tmp_path, registry):
    report = _check(sample_text, tmp_path, registry, ruleset=rulesets.resolve(name, registry))
    missing = [f.message for f in report.findings if f.severity is Severity.ERROR]
    if name == "central-budget-2021":
        # the central set requires 国有资本经营预算支出表, which a county bureau does not publish
        assert len(missing) == 1 and "国有资本经营预算支出表" in missing[0]
    else:
        assert missing == []


# -- MC101: every required table ------------------------------------------------------------------------------

TABLES = [
    ("表一：", "表二：", "summary", "部门（单位）收支总体情况表", None),
    ("表二：", "表三：", "income", "部门（单位）收入总体情况表", "表一"),
    ("表三：", "表四：", "expense", "部门（单位）支出总体情况表", "表二"),
    ("表四：", "表五：", "fiscal_summary", "财政拨款收支总体情况表", "表三"),
    ("表五：", "表六：", "gpb_expense", "一般公共预算支出情况表", "表四"),
    ("表六：", "表七：", "gpb_basic", "一般公共预算基本支出情况表", "表五"),
    ("表七：", "表八：", "gpb_project", "一般公共预算项目支出情况表", "表六"),
    ("表八：", "表九：", "sangong", "一般公共预算“三公”经费支出情况表", "表七"),
    ("表九：", "第三部分 2021 年", "gov_fund", "政府性基金预算支出情况表", "表八"),
]


@pytest.mark.parametrize("start,end,kind,title,before", TABLES, ids=[t[2] for t in TABLES])
def test_removing_a_required_table_is_reported(start, end, kind, title, before, sample_text, tmp_path, registry):
    text = _cut(sample_text, start, end)
    report = _check(text, tmp_path, registry)
    found = _of(report, "MC101")
    assert len(found) == 1, [f.message for f in found]
    f = found[0]
    assert f.severity is Severity.ERROR
    assert f"“{title}”" in f.message and "规则集要求 9 张表，找到 8 张" in f.message
    assert f.key == f"missing:{kind}"
    if before:  # points at the table it should follow
        assert f.location.table.startswith(before) and "之后" in f.message
    else:
        assert f.location.table.startswith("表二") and "之前" in f.message


def test_tables_are_found_by_alias_in_any_order(registry):
    doc = example_document("""测试局 2021 年部门预算公开
第一部分 部门概况
一、主要职能
负责全县住房和城乡建设管理。
第二部分 部门预算公开表
公开表8 政府性基金预算支出表
单位：万元
备注：本单位无政府性基金预算支出，本表为空表。
公开表1 部门收支总表
单位：万元
收入 | ∅ | 支出 | ∅
项目 | 预算数 | 功能分类 | 预算数
一般公共预算 | 10.00 | 201 一般公共服务支出 | 10.00
收入总计 | 10.00 | 支出总计 | 10.00
""")
    report = check_document(doc, registry, CheckConfig(select=("MC101",)))
    missing = {f.key for f in report.findings}
    assert "missing:gov_fund" not in missing and "missing:summary" not in missing
    assert "missing:income" in missing and len(missing) == 6


def test_an_excerpt_is_not_judged_complete(sample_text, tmp_path, registry):
    tables_only = sample_text[sample_text.index("表一：") : sample_text.index("第三部分 2021 年")]
    report = _check("测试局 2021 年部门预算公开\n" + tables_only, tmp_path, registry)
    assert not [f for f in report.findings if f.rule in ("MC101", "MC102", "MC103")]


def test_a_ruleset_can_require_more_tables(sample_text, tmp_path, registry):
    path = tmp_path / "more.toml"
    path.write_text(
        'extends = "xinjiang-county-budget"\n[rules.MC101]\ntables = [\n'
        '  { kind = "summary", title = "部门收支总表", aliases = ["收支总体情况表"] },\n'
        '  { kind = "gov_fund", title = "政府性基金预算支出情况表", aliases = [] },\n'
        '  { kind = "soe", title = "国有资本经营预算支出情况表", aliases = ["国有资本经营预算支出"] },\n'
        '  { kind = "performance", title = "项目支出绩效目标表", aliases = [], applies = "决算" },\n]\n',
        encoding="utf-8",
    )
    report = _check(sample_text, tmp_path, registry, ruleset=rulesets.resolve(str(path), registry))
    [f] = _of(report, "MC101")
    assert "国有资本经营预算支出情况表" in f.message and "要求 3 张表，找到 2 张" in f.message
    assert f.location.table.startswith("表九")


# -- MC102: every required explanation part ------------------------------------------------------------------

SECTIONS = [
    ("一、主要职能\n\n1、承担", "二、机构设置及人员情况\n\n阿克陶县", "部门主要职能"),
    ("二、机构设置及人员情况\n\n阿克陶县", "第二部分 2021 年", "机构设置及人员情况"),
    ("（一）机关运行经费情况", "（二）政府采购情况", "机关运行经费情况"),
    ("（二）政府采购情况", "（三）国有资产占用使用情况", "政府采购情况"),
    ("（三）国有资产占用使用情况", "（四）预算绩效情况", "国有资产占用情况"),
    ("（四）预算绩效情况", "(五) 其他需说明的事项", "绩效目标情况"),
    ("第四部分 名词解释\n\n名词解释：", "阿克陶县住房和城乡建设局\n\n2021年1月28日", "名词解释"),
]


@pytest.mark.parametrize("start,end,name", SECTIONS, ids=[s[2] for s in SECTIONS])
def test_removing_a_required_section_is_reported(start, end, name, sample_text, tmp_path, registry):
    text = _cut(sample_text, start, end)
    report = _check(text, tmp_path, registry)
    found = _of(report, "MC102")
    assert [f.key for f in found] == [f"missing:{name}"], [f.message for f in found]
    assert found[0].severity is Severity.ERROR
    assert "规则集要求 8 项，找到 7 项" in found[0].message


def test_performance_is_required_only_with_projects(registry):
    text = """测试局 2021 年部门预算公开
第一部分 部门概况
一、主要职能
负责全县住房和城乡建设管理。
二、机构设置及人员情况
本局下设 3 个科室。
第二部分 部门预算公开表
表三：部门支出总体情况表
单位：万元
科目名称 | 合计 | 基本支出 | 项目支出
一般公共服务支出 | 10.00 | 10.00 | {project}
第三部分 情况说明
一、收支预算总体情况说明
收支预算总额 10 万元。
二、其他重要事项的情况说明
（一）机关运行经费情况
机关运行经费 7.6 万元。
（二）政府采购情况
政府采购预算 0 万元。
（三）国有资产占用情况
车辆 2 辆。
第四部分 名词解释
机关运行经费：指公用经费。
"""
    without = check_document(example_document(text.format(project="∅")), registry, CheckConfig(select=("MC102",)))
    assert without.findings == ()
    with_projects = check_document(example_document(text.format(project="5.00")), registry,
                                   CheckConfig(select=("MC102",)))
    assert [f.key for f in with_projects.findings] == ["missing:预算绩效情况（绩效目标 / 绩效评价）"]
    assert "本单位有项目支出" in with_projects.findings[0].message
    # nationally published "逐步" (gradually): a warning that says so
    assert with_projects.findings[0].severity is Severity.WARNING
    assert "逐步公开" in with_projects.findings[0].message


def test_a_definition_in_the_glossary_does_not_count(sample_text, tmp_path, registry):
    # the glossary defines 机关运行经费; taking the part out must still be reported
    text = _cut(sample_text, "（一）机关运行经费情况", "（二）政府采购情况")
    assert "六、机关运行经费：指" in text
    assert [f.key for f in _of(_check(text, tmp_path, registry), "MC102")] == ["missing:机关运行经费情况"]


# -- MC103: an explanation for each table ---------------------------------------------------------------------

EXPLANATIONS = [
    ("一", "二", "summary"),
    ("二", "三", "income"),
    ("三", "四", "expense"),
    ("四", "五", "fiscal_summary"),
    ("五", "六", "gpb_expense"),
    ("六", "七", "gpb_basic"),
    ("七", "八", "gpb_project"),
    ("八", "九", "sangong"),
]


@pytest.mark.parametrize("number,following,kind", EXPLANATIONS, ids=[e[2] for e in EXPLANATIONS])
def test_removing_a_table_explanation_is_reported(number, following, kind, sample_text, tmp_path, registry):
    start = f"{number}、关于阿克陶县住房和城乡建设局 2021 年"
    end = f"{following}、关于阿克陶县住房和城乡建设局 2021 年"
    text = _cut(sample_text, start, end, last=True)
    report = _check(text, tmp_path, registry)
    keys = [f.key for f in _of(report, "MC103")]
    assert keys == [f"explain:{kind}"], [f.message for f in _of(report, "MC103")]


def test_empty_table_with_its_note_needs_no_explanation_part(sample_text, tmp_path, registry):
    text = _cut(sample_text, "九、关于阿克陶县住房和城乡建设局 2021 年政府性基金", "十、其他重要事项的情况说明\n\n（一）",
                last=True)
    assert not _of(_check(text, tmp_path, registry), "MC103")


# -- MC104 / MC105: empty tables ------------------------------------------------------------------------------

NOTE = "备注：阿克陶县住房和城乡建设局2021年无政府性基金预算支出。政府性基金预算支出情况表为空表。\n"


def test_removing_the_empty_table_note_is_reported(sample_text, tmp_path, registry):
    text = sample_text.replace(NOTE, "")
    assert text != sample_text
    [f] = _of(_check(text, tmp_path, registry), "MC104")
    # the 情况说明 still says the table is empty: reported as a warning, pointing at the table
    assert f.severity is Severity.WARNING
    assert f.location.table == "表九《政府性基金预算支出情况表》"
    assert "表下未注明为空表" in f.message and "九、" in f.message


def test_an_empty_table_explained_nowhere_is_an_error(sample_text, tmp_path, registry):
    text = sample_text.replace(NOTE, "")
    for sentence in (
        "阿克陶县住房和城乡建设局 2021 年没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。",
        "政府性基金预算未安排。",
        "收入全部为一般公共预算拨款，无政府性基金预算拨款和 国有资本经营预算。",
    ):
        assert sentence in text
        text = text.replace(sentence, "")
    [f] = _of(_check(text, tmp_path, registry), "MC104")
    assert f.severity is Severity.ERROR and "没有任何数据行" in f.message


def test_a_line_under_the_table_is_an_explanation(registry):
    doc = example_document("""测试局 2021 年部门预算公开
表九：政府性基金预算支出情况表
单位：万元
本单位无政府性基金预算支出，故本表无数据。
""")
    assert check_document(doc, registry, CheckConfig(select=("MC104",))).findings == ()


def test_a_table_with_numbers_said_empty_is_reported(sample_text, tmp_path, registry):
    row = "1.83\t0.00\t1.83\t0.00\t1.83\t0.00\n"
    assert row in sample_text
    text = sample_text.replace(row, row + "\n备注：本单位无“三公”经费支出，本表为空表。\n")
    text = text.replace("政府性基金预算支出情况表为空表。\n\n十、", "一般公共预算“三公”经费支出情况表为空表。\n\n十、")
    found = _of(_check(text, tmp_path, registry), "MC105")
    assert sorted(f.key.split(":")[0] for f in found) == ["empty-claim", "empty-claim"]
    assert all("表八《一般公共预算“三公”经费支出情况表》" in f.message and "1.83" in f.message for f in found)


# -- MC106: the table of contents ----------------------------------------------------------------------------


def test_a_listed_part_missing_from_the_body_is_reported(sample_text, tmp_path, registry):
    text = _cut(sample_text, "二、机构设置及人员情况\n\n阿克陶县", "第二部分 2021 年")
    found = _of(_check(text, tmp_path, registry), "MC106")
    assert len(found) == 1
    assert "目录第 13 行列出的“二、机构设置及人员情况”在正文中未找到" in found[0].message
    assert found[0].location.section.endswith("主要职能")


def test_a_body_out_of_order_is_reported(registry):
    doc = example_document("""测试局 2021 年部门预算公开
目录
第一部分 部门概况
一、主要职能
二、机构设置
第二部分 名词解释
第一部分 部门概况
一、机构设置
本局下设 3 个科室。
二、主要职能
负责全县住房和城乡建设管理。
第二部分 名词解释
机关运行经费：指公用经费。
""")
    found = check_document(doc, registry, CheckConfig(select=("MC106",))).findings
    assert len(found) == 1 and found[0].severity is Severity.WARNING
    assert "顺序与目录不一致" in found[0].message


def test_table_entries_of_the_toc_match_by_kind(akto, registry):
    # the 目录 says 财政拨款收支总体情况表, the body prints 财政拨款收支预算总体情况表
    assert any(e.title == "财政拨款收支总体情况表" for e in akto.toc)
    assert any(t.title == "财政拨款收支预算总体情况表" for t in akto.tables)
    assert check_document(akto, registry, CheckConfig(select=("MC106",))).findings == ()


# -- a real 决算: the Shanghai 2024 template ------------------------------------------------------------------


def test_putuo_final_accounts_are_complete(putuo_path, registry):
    config = CheckConfig(select=("MC", "SG"), ruleset_for=rulesets.default_for_factory(registry))
    report = check_file(putuo_path, registry, config)
    assert report.error is None
    assert report.ruleset == "shanghai-final-2024"
    assert [f.message for f in report.findings] == []
    # its two empty tables carry their notes ("……故本表无数据")
    empty = [t for t in report.document.tables if t.kind in ("gov_fund", "soe")]
    assert len(empty) == 2 and all(t.declared_empty and not t.has_amounts for t in empty)


def test_mc107_reports_the_headerless_amount_column_of_the_reference_sample(akto_path):
    """表七 of the sample prints every amount again in an 18th column with no header."""
    from budgetrules.core.findings import Severity
    from budgetrules.engine.check import check_file

    report = check_file(akto_path)
    found = [f for f in report.findings if f.rule == "MC107"]
    assert len(found) == 1
    (f,) = found
    assert f.severity is Severity.WARNING
    assert f.location.table.startswith("表七") and f.location.column == "第18列" and f.location.line == 282
    assert "95.00、642.00、737.00，共 7 行" in f.message


# -- who the rules apply to: 事业单位 and 机关运行经费 ----------------------------------------------------------

UNIT = """{name}2021 年部门预算公开
第一部分 部门概况
一、主要职能
{duty}
二、机构设置
本单位下设 3 个科室。
第二部分 部门预算公开表
表二：部门收入总体情况表
单位：万元
科目名称 | 合计 | 一般公共预算 | 事业收入
合计 | 100.00 | {gpb} | {business}
第三部分 情况说明
一、收支预算总体情况说明
收支预算总额 100 万元，比上年减少 1 万元。
二、政府采购情况
政府采购预算 0 万元。
第四部分 名词解释
机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的公用经费。
"""


def _admin_missing(registry, **fields) -> bool:
    values = {"name": "测试局", "duty": "负责全县住房和城乡建设管理。", "gpb": "100.00", "business": "∅"} | fields
    report = check_document(example_document(UNIT.format(**values)), registry, CheckConfig(select=("MC102",)))
    return any("机关运行经费" in f.key for f in report.findings)


def test_an_administrative_unit_must_explain_its_admin_costs(registry):
    assert _admin_missing(registry)
    # a 参公 unit is treated as an administrative one; so is a department with 事业单位 below it
    assert _admin_missing(registry, duty="本单位为参照公务员法管理的事业单位，负责全县住房和城乡建设管理。")
    assert _admin_missing(registry, duty="本部门所属事业单位 3 家，负责全县住房和城乡建设管理。")


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "某某大学"},
        {"name": "某某市人民医院"},
        {"name": "某某县农业技术推广中心"},
        {"duty": "本单位为公益一类事业单位，负责全县住房和城乡建设管理。"},
        {"duty": "单位性质：差额拨款事业单位。负责全县住房和城乡建设管理。"},
        {"gpb": "20.00", "business": "80.00"},
    ],
    ids=["university", "hospital", "centre", "says-so", "nature", "business-income"],
)
def test_a_public_institution_has_no_admin_costs_to_explain(fields, registry):
    assert not _admin_missing(registry, **fields)


def test_the_admin_cost_table_is_required_of_administrative_units_only(registry, tmp_path):
    path = tmp_path / "admin.toml"
    path.write_text(
        'extends = "national-budget"\n[rules.MC101]\ntables = [\n'
        '  { kind = "income", title = "部门收入总表", aliases = ["收入总体情况表"] },\n'
        '  { kind = "admin_cost", title = "一般公共预算机关运行经费支出预算表", aliases = ["机关运行经费"], when = "admin" },\n]\n',
        encoding="utf-8",
    )
    ruleset = rulesets.resolve(str(path), registry)
    config = CheckConfig(select=("MC101",), ruleset=ruleset)
    values = {"duty": "负责全县住房和城乡建设管理。", "gpb": "100.00", "business": "∅"}
    bureau = check_document(example_document(UNIT.format(name="测试局", **values)), registry, config)
    assert [f.key for f in _of(bureau, "MC101")] == ["missing:admin_cost"]
    college = check_document(example_document(UNIT.format(name="某某职业技术学院", **values)), registry, config)
    assert _of(college, "MC101") == []


# -- the two halves of a disclosure published apart ------------------------------------------------------------


def test_a_file_of_tables_is_not_judged_on_its_explanation(sample_text, tmp_path, registry):
    # the contents page and the tables, without 第一部分 概况, the 情况说明 or the 名词解释
    head = sample_text[: sample_text.index("第一部分 阿克陶县住房和城乡建设局概况", sample_text.index("第四部分 名词解释"))]
    tables = sample_text[sample_text.index("第二部分 2021 年阿克陶县") : sample_text.index("第三部分 2021 年")]
    report = _check(head + tables, tmp_path, registry)
    assert report.document.toc
    assert not [f for f in report.findings if f.rule in ("MC102", "MC103", "MC104")]


def test_a_file_of_text_is_not_judged_on_its_tables(sample_text, tmp_path, registry):
    text = _cut(sample_text, "第二部分 2021 年阿克陶县", "第三部分 2021 年", last=True)
    report = _check(text, tmp_path, registry)
    assert not [t for t in report.document.tables if t.kind != "performance"]  # the 绩效目标表 stay in the text
    assert not _of(report, "MC101")
    assert not _of(report, "MC102")  # its parts are all there


# -- one explanation per table is the template's, not the nation's ------------------------------------------


def test_the_national_baseline_asks_for_the_sangong_explanation_only(sample_text, tmp_path, registry):
    national = rulesets.resolve("national-budget", registry)
    start = "一、关于阿克陶县住房和城乡建设局 2021 年"
    text = _cut(sample_text, start, "二、关于阿克陶县住房和城乡建设局 2021 年", last=True)
    assert not _of(_check(text, tmp_path, registry, ruleset=national), "MC103")
    assert [f.key for f in _of(_check(text, tmp_path, registry), "MC103")] == ["explain:summary"]  # the county template
    start = "八、关于阿克陶县住房和城乡建设局 2021 年"
    text = _cut(sample_text, start, "九、关于阿克陶县住房和城乡建设局 2021 年", last=True)
    [f] = _of(_check(text, tmp_path, registry, ruleset=national), "MC103")
    assert f.key == "explain:sangong" and "增减变化" in f.message


# -- an unfilled template ------------------------------------------------------------------------------------

TEMPLATE = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "shanghai" / \
    "putuo-2026-department-budget-template.xlsx"


def test_an_unfilled_template_gets_one_finding(registry):
    """The 上海 区级 workbook template: every table empty, placeholders (XX局) — one finding, not one per table."""
    if not TEMPLATE.exists():
        pytest.skip(f"corpus file not present: {TEMPLATE}")
    config = CheckConfig(select=("MC",), ruleset_for=rulesets.default_for_factory(registry))
    if not TEMPLATE.exists():  # a corpus workbook (../shared only): without it the test cannot run, not fail
        pytest.skip(f"corpus file not present: {TEMPLATE}")
    report = check_file(TEMPLATE, registry, config)
    assert report.error is None and report.ruleset == "shanghai-district-budget"
    [f] = [f for f in report.findings if f.rule.startswith("MC")]
    assert f.rule == "MC104" and f.key == "empty:unfilled" and f.severity is Severity.ERROR
    assert "9 张预决算表均没有任何金额" in f.message and "模板" in f.message


def test_the_two_halves_checked_as_one_set_are_complete(sample_text, tmp_path, registry):
    """Narrative and tables as two files, merged the way a document set is (the narrative's document with
    every file's tables): complete, and nothing compares line numbers across the two files."""
    import attrs

    from budgetrules.engine.check import load_document

    narrative = tmp_path / "text.txt"
    narrative.write_text(_cut(sample_text, "第二部分 2021 年阿克陶县", "第三部分 2021 年", last=True), encoding="utf-8")
    tables = tmp_path / "tables.txt"
    start = sample_text.index("第二部分 2021 年阿克陶县", sample_text.index("第四部分 名词解释"))
    tables.write_text("阿克陶县住房和城乡建设局 2021 年部门预算公开表\n\n"
                      + sample_text[start : sample_text.index("第三部分 2021 年")], encoding="utf-8")
    text_doc, tables_doc = load_document(narrative, registry), load_document(tables, registry)
    assert not [t for t in text_doc.tables if t.kind != "performance"] and len(tables_doc.tables) == 9
    alone = check_document(text_doc, registry, CheckConfig(select=("MC",), ruleset=rulesets.resolve(
        "xinjiang-county-budget", registry)))
    assert [f.message for f in alone.findings] == []  # its 目录's table entries are another file's
    merged = attrs.evolve(text_doc, tables=text_doc.tables + tables_doc.tables)
    report = check_document(merged, registry, CheckConfig(select=("MC",), ruleset=rulesets.resolve(
        "xinjiang-county-budget", registry)))
    assert [f.rule for f in report.findings] == ["MC107"]  # 表七's headerless column, as in the whole sample
    assert report.findings[0].location.path == str(tables)


JOINED = """测试局 2019 年部门预算公开表
目录
一、财政拨款支出预算表
二、一般公共预算支出预算表
公开表五 财政拨款支出预算表
单位：万元
功能科目编码 | 功能科目名称 | 金额
∅ | 合计 | 10.00
201 | 一般公共服务支出 | 10.00
∅ | ∅ | 一般公共预算支出预算表（功能科目）公开表七部门：测试局单位：万元
∅ | 功能科目名称 | 金额
∅ | 合计 | 10.00
201 | 一般公共服务支出 | 10.00
"""


def test_a_table_whose_title_was_read_into_the_grid_before_it_is_published(registry, tmp_path):
    """Two tables read as one: the second's title is a row of the first. Its title is printed, so the table is
    published (MC101) and its 目录 entry is in the body (MC106) — also in a document set, where the tables
    file's lines are not the document's."""
    import attrs

    from budgetrules_plugins.mandatory.parts import printed_titles

    doc = example_document(JOINED)
    assert [t.kind for t in doc.tables] == ["fiscal_expense"]
    for d in (doc, attrs.evolve(doc, lines=())):
        assert "gpb_expense" in [p.kind for p in printed_titles(d)]
        assert check_document(d, registry, CheckConfig(select=("MC106",))).findings == ()
    toml = tmp_path / "joined.toml"
    toml.write_text(
        'extends = "national-budget"\n[rules.MC101]\ntables = [\n'
        '  { kind = "fiscal_expense", title = "财政拨款支出预算表", aliases = ["财政拨款支出预算表"] },\n'
        '  { kind = "gpb_expense", title = "一般公共预算支出预算表", aliases = ["一般公共预算支出预算表"] },\n]\n',
        encoding="utf-8",
    )
    config = CheckConfig(select=("MC101",), ruleset=rulesets.resolve(str(toml), registry))
    assert check_document(doc, registry, config).findings == ()
