"""The document-hygiene family (HY1xx): placeholders, years in titles, outdated names, impossible codes.

The rules' own examples and the cases in tests/rules/HY*.toml run through the shared runner; this file tests
the pieces they are built from, the table builder keeping an unreadable code cell, and the real documents.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetrules.core.model import DocKind
from budgetrules.testing import example_document, run_rule
from budgetrules.testing.textwriter import write_document
from budgetrules_plugins.hygiene.codeshape import judge, repaired
from budgetrules_plugins.hygiene.placeholders import find_placeholders, is_filler_cell
from budgetrules_plugins.hygiene.renames import outdated_names
from budgetrules_plugins.hygiene.years import disclosure_year
from budgetrules_plugins.loaders.textfile import parse_text

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


# ------------------------------------------------------------------------------------------ placeholders


@pytest.mark.parametrize(
    "text,tokens",
    [
        ("预算主管部门：上海市普陀区XX局", ["XX"]),
        ("收入预算x,xxx万元，比上年增加（减少）XXX万元", ["x,xxx", "XXX"]),
        ("于20XX年X月X日批准", ["XX", "X", "X"]),
        ("××局××处", ["××", "××"]),
        ("于×年×月×日批准", ["×年×月×日"]),
        ("１．“xx”科目", ["xx"]),
        ("金额：***", ["***"]),
        ("（单位名称）是区政府工作部门", ["（单位名称）"]),
        ("【项目名称】", ["【项目名称】"]),
        ("此处填写机构设置情况", ["此处填写"]),
        ("请填写联系人", ["请填写"]),
        ("联系人：待填写", ["待填写"]),
        ("____年预算", ["____"]),
        ("XX是…。主要职能包括：……", ["XX", "…", "……"]),
        ("主要用于……", ["……"]),
    ],
)
def test_placeholders_found(text, tokens):
    assert [p.text for p in find_placeholders(text)] == tokens


@pytest.mark.parametrize(
    "text",
    [
        "会议费按760元×2天×50人计算",
        "培训费 550 元 × 3 天",
        "购置X光安检机1台、X射线探测仪1台",
        "使用Excel模板编制，XXL号服装",
        "真如城市副中心X101、X102地块",
        "注*：含上年结转。**为追加数",
        "负责道路、桥梁……等设施的维护",
        "一、部门主要职能 …………………………………… 1",
        "三、名词解释：……………………………",
        "部门（单位）收支总体情况表",
        "尚有2个岗位待填补",
        "培训费=培训天数×人数×标准，会议费=标准x人数",
        "按人均定额×人计算",
    ],
)
def test_not_placeholders(text):
    assert find_placeholders(text) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from("会议费培训天人次元万支出合计，。、"), min_size=1, max_size=8).map("".join),
    st.integers(1, 99999),
    st.sampled_from(["×", " × ", "x", "X"]),
    st.integers(1, 999),
    st.sampled_from(["天", "人", "次", "元", ""]),
)
def test_a_product_of_numbers_is_never_a_placeholder(words, a, sign, b, unit):
    """``760元×2天``: a sign between two printed numbers is a multiplication, whatever the words around it."""
    assert find_placeholders(f"{words}{a}元{sign}{b}{unit}") == []


@pytest.mark.parametrize("text", ["…", "……", " … ", "二、…", "3. ……", "..."])
def test_filler_cells(text):
    assert is_filler_cell(text)


@pytest.mark.parametrize("text", ["一般公共服务支出", "二、事业收入", "合计", "", "0.00"])
def test_not_filler_cells(text):
    assert not is_filler_cell(text)


# ------------------------------------------------------------------------------------------ years in titles


@pytest.mark.parametrize(
    "text,kind,year",
    [
        ("2018年部门预算", DocKind.BUDGET, 2018),
        ("江苏省高级人民法院2018年度部门预算", DocKind.BUDGET, 2018),
        ("五、2018年度江苏省高级人民法院财政拨款支出预算表", DocKind.BUDGET, 2018),
        ("一、关于测试局 2021 年收支预算情况的总体说明", DocKind.BUDGET, 2021),
        ("2024年度一般公共预算财政拨款支出决算表", DocKind.FINAL, 2024),
        ("2024年度一般公共预算财政拨款支出决算表", DocKind.BUDGET, None),
        ("二、2018年部门决算情况", DocKind.BUDGET, None),
        ("2017-2019年中期财政规划预算", DocKind.BUDGET, None),
        ("2019年预算与2018年预算对比", DocKind.BUDGET, None),
        ("2018年预算执行情况", DocKind.BUDGET, None),
        ("（一）因公出国（境）费0万元，比2023年预算持平", DocKind.BUDGET, None),
        ("二、与2018年预算对比情况", DocKind.BUDGET, None),
        ("2025年预算数", DocKind.BUDGET, None),
        ("2019年收入预算比上年增加", DocKind.BUDGET, None),
        ("2018年部门预算", None, None),
    ],
)
def test_disclosure_year(text, kind, year):
    assert disclosure_year(text, kind) == year


# ------------------------------------------------------------------------------------------ outdated names


def _olds(system, year):
    return {o.old: o for o in outdated_names(system, year)}


def test_outdated_names_come_from_the_catalogues():
    olds = _olds("func", 2024)
    assert olds["医疗卫生与计划生育支出"].code == "210"
    assert olds["医疗卫生与计划生育支出"].current == "卫生健康支出"
    assert (olds["医疗卫生与计划生育支出"].last_old, olds["医疗卫生与计划生育支出"].since) == (2018, 2019)
    assert olds["行政事业单位离退休"].code == "20805"
    assert olds["行政事业单位离退休"].since == 2021


def test_no_name_is_outdated_before_its_rename_or_without_a_catalogue():
    assert "医疗卫生与计划生育支出" not in _olds("func", 2018)
    assert "行政事业单位离退休" not in _olds("func", 2020)
    assert outdated_names("func", 2017) == []  # no functional catalogue that early


def test_a_catalogue_standing_in_for_a_later_year_keeps_its_renames():
    olds = _olds("func", 2026)
    assert olds["医疗卫生与计划生育支出"].catalogue.is_fallback


def test_names_that_prose_cannot_tell_apart_are_left_out():
    names = set(_olds("func", 2024)) | set(_olds("econ-dept", 2024))
    # 扶贫 is too short; 医疗费 and 住房公积金 are other codes' names today; 生产补贴 is inside 个人农业生产补贴;
    # 其他对个人和家庭的补助支出 is today's name with 支出 added
    assert not names & {"扶贫", "医疗费", "住房公积金", "生产补贴", "其他对个人和家庭的补助支出"}


# ------------------------------------------------------------------------------------------ code shapes


@pytest.mark.parametrize(
    "key,text,bad",
    [
        ("code_lei", "201", False),
        ("code_lei", "2010101", False),
        ("code_lei", "2O1", True),
        ("code_lei", "2010", True),
        ("code_lei", "7", True),
        ("code_kuan", "01", False),
        ("code_kuan", "7", True),
        ("code_kuan", "012", True),
        ("code_xiang", "0l", True),
        ("code", "2010101", False),
        ("code", "3010201", False),
        ("code", "01", False),
        ("code", "201010", True),
        ("code", "7", True),
        ("code_lei", "合计", False),
        ("code_lei", "…", False),
        ("code", "科目编码", False),
        ("code_lei", "", False),
    ],
)
def test_code_shapes(key, text, bad):
    assert (judge(key, text) is not None) is bad


def test_repairs():
    assert repaired("7", 2) == "07"
    assert repaired("2O1") == "201"
    assert repaired("3l0") == "310"


# ------------------------------------------------------------------------------------------ the table builder

_MISPRINTED = """测试局2024年部门预算公开
表六：一般公共预算基本支出情况表
单位：万元
经济分类科目编码 | ∅ | 经济分类科目名称 | 合计
类 | 款 | ∅ | ∅
301 | ∅ | 工资福利支出 | 30.00
301 | 01 | 基本工资 | 10.00
3O1 | 07 | 绩效工资 | 15.00
301 | 2 | 津贴补贴 | 5.00
∅ | ∅ | 合计 | 30.00
"""


def test_an_unreadable_code_cell_is_kept_as_printed():
    table = example_document(_MISPRINTED).tables[0]
    rows = {r.label: r for r in table.rows}
    assert rows["绩效工资"].code is None
    assert dict(rows["绩效工资"].texts) == {"code_lei": "3O1", "code_kuan": "07"}
    assert rows["基本工资"].code.code == "30101" and dict(rows["基本工资"].texts) == {}
    assert dict(rows["合计"].texts) == {}


def test_a_kuan_that_lost_its_leading_zero_is_read_and_reported_as_a_warning():
    table = example_document(_MISPRINTED).tables[0]
    row = next(r for r in table.rows if r.label == "津贴补贴")
    assert row.code.code == "30102" and row.texts["code_printed"] == "301 2"
    findings = {f.actual: f for f in run_rule("HY104", _MISPRINTED)}
    assert findings["2"].severity.value == "warning" and "30102 津贴补贴" in findings["2"].message
    assert findings["3O1"].severity.value == "error" and "30107 绩效工资" in findings["3O1"].message


def test_the_kept_code_cell_survives_the_text_writer():
    doc = example_document(_MISPRINTED)
    again = parse_text(write_document(doc), doc.path)
    assert [dict(r.texts) for r in again.tables[0].rows] == [dict(r.texts) for r in doc.tables[0].rows]
    assert len(run_rule("HY104", write_document(doc))) == 2


# ------------------------------------------------------------------------------------------ real documents


def _corpus(path: str) -> Path:
    found = CORPUS / path
    if not found.exists():
        pytest.skip(f"corpus file not present: {found}")
    return found


def _findings(path: Path, registry, family: str = "HY"):
    from budgetrules.engine.check import CheckConfig, check_document, load_document

    report = check_document(load_document(path, registry), registry, CheckConfig(select=(family,)))
    return [f for f in report.findings if f.rule.startswith(family)]


def test_the_shanghai_templates_are_full_of_placeholders(registry):
    findings = _findings(_corpus("shanghai/putuo-2026-department-budget-template.xlsx"), registry)
    assert {f.rule for f in findings} == {"HY101"}
    messages = " ".join(f.message for f in findings)
    assert "上海市普陀区XX局" in messages and "x,xxx" in messages
    assert any(f.location.table and "收入预算总表" in f.location.table for f in findings)


def test_wanli_2024_prints_two_economic_kuan_without_their_leading_zero(registry):
    findings = _findings(_corpus("shanghai/putuo-wanli-street-2024-budget.pdf"), registry)
    assert {f.rule for f in findings} == {"HY104"}
    assert sorted(f.actual for f in findings) == ["2", "7"]
    assert {f.severity.value for f in findings} == {"warning"}  # read as 30102 / 30107, confirmed by name
    assert all(f.location.page == 29 for f in findings)
    assert "30102 津贴补贴" in " ".join(f.message for f in findings)


def test_the_reference_samples_are_clean(akto_path, putuo_path, registry):
    for path in (akto_path, putuo_path):
        assert [f.message for f in _findings(path, registry)] == [], path.name


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_every_placeholder_pattern_match_passes_the_prefilter(data):
    """:data:`~budgetrules_plugins.hygiene.placeholders._MAYBE` is implied by every placeholder pattern: a text
    one of them matches always passes it (else a placeholder would be skipped silently)."""
    from budgetrules_plugins.hygiene import placeholders

    for _, pattern in placeholders._PATTERNS:
        text = data.draw(st.from_regex(pattern))
        assert placeholders._MAYBE.search(text), (pattern.pattern, text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="XxＸｘ×*＊_＿…称填输录入.。甲 ", max_size=10))
def test_the_prefilter_written_class_first_finds_what_the_plain_spelling_finds(text):
    from budgetrules_plugins.hygiene import placeholders

    plain = re.compile(r"[XxＸｘ×*＊_＿…称填]|输入|录入|\.{3}|。{3}")
    assert bool(placeholders._MAYBE.search(text)) == bool(plain.search(text))
