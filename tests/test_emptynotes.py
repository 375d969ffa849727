"""Empty-table notes in the wordings real disclosures use (budgetrules.reading.emptynotes), and their use by the reader."""

from __future__ import annotations

import pytest

from budgetrules.reading.emptynotes import calls_table_empty, says_empty
from budgetrules.testing import example_document

#: Notes printed under empty tables in real disclosures (the corpus and the samples), and common variants.
EMPTY = [
    "注:本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。",
    "注:本部门2024年无国有资本经营预算财政拨款安排的预算，故本表为空表。",
    "注：上海市普陀区财政局无国有资本经营预算财政拨款支出，故本表无数据。",
    "备注：本单位无政府性基金预算安排的支出，故此表无数据",
    "备注：本单位主管无市级财力安排的重点专项资金，故此表无数据",
    "注：我单位无2017年政府性基金支出安排。",
    "注：本表本年无发生额。",
    "注：本部门无相关收支项目",
    "说明：本部门无相关收支项目。",
    "注：本部门无该项目",
    "此表为空",
    "本表为空表",
    "该表为空表。",
    "空表",
    "本部门无相关收支。",
    "本单位无此项收支",
    "本年度无政府性基金预算",
    "无政府性基金预算支出",
    "本单位 2021 年无政府性基金预算支出，本表为空表。",
    "备注：本单位无一般公共预算项目支出，本表为空表。",
    "本部门不涉及国有资本经营预算。",
    "本年度未安排政府性基金预算。",
    "本部门没有安排此项支出",
    "本表无数据",
    "本表格无任何内容",
    "（本表无数据）",
    "注 ： 本 表 为 空 表",  # letter-spaced, as some PDFs extract it
]

#: Notes that are not about emptiness: a table with these notes and no amounts is not declared empty.
NOT_EMPTY = [
    "注：无。",  # "notes: none"
    "注：本表反映部门年度总体收支预算情况。",
    "单位：万元",
    "注：本表数据保留两位小数，合计数与分项之和的差异系四舍五入所致。",
    "注：本年数据较上年无变化。",
    "注：本表含无锡市分支机构数据。",
    "注：以上数据无偿划转部分已剔除。",
    "",
]

#: Notes that call the table itself empty (a contradiction under a table with amounts).
TABLE_ITSELF = ["本表为空表", "此表为空", "故本表无数据", "该表为空表。", "空表", "本表格无任何内容", "表中无数据"]
#: …and notes that only say the unit has no such money (not a claim about the whole table).
NOT_TABLE_ITSELF = ["本单位无预留机动经费", "本部门无相关收支项目", "本表不含上年结转", "本年度未安排政府性基金预算"]


@pytest.mark.parametrize("note", EMPTY)
def test_empty_notes_are_recognised(note):
    assert says_empty(note), note


@pytest.mark.parametrize("note", NOT_EMPTY)
def test_other_notes_are_not(note):
    assert not says_empty(note), note


@pytest.mark.parametrize("note", TABLE_ITSELF)
def test_notes_calling_the_table_empty(note):
    assert calls_table_empty(note) and says_empty(note), note


@pytest.mark.parametrize("note", NOT_TABLE_ITSELF)
def test_notes_about_the_unit_only(note):
    assert not calls_table_empty(note), note


TABLE = """测试局 2021 年部门预算公开
表九：政府性基金预算支出情况表
单位：万元
功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
类 | 款 | ∅ | ∅ | ∅ | ∅
∅ | ∅ | 合计 | ∅ | ∅ | ∅
{note}
"""


@pytest.mark.parametrize("note", ["备注：本单位主管无市级财力安排的重点专项资金，故此表无数据",
                                  "注：本部门无相关收支项目", "注：本表本年无发生额。"])
def test_the_reader_declares_a_table_empty_by_its_note(note):
    (table,) = example_document(TABLE.format(note=note)).tables
    assert table.declared_empty and not table.has_amounts


def test_a_table_with_amounts_is_never_declared_empty():
    text = TABLE.replace("∅ | ∅ | 合计 | ∅ | ∅ | ∅", "∅ | ∅ | 合计 | 12.00 | ∅ | 12.00").format(note="注：本表为空表。")
    (table,) = example_document(text).tables
    assert not table.declared_empty


def test_a_note_that_is_not_about_emptiness_declares_nothing():
    (table,) = example_document(TABLE.format(note="注：无。")).tables
    assert not table.declared_empty
