"""The text loader on the reference sample: every table and section, codes and amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetrules.core.amounts import Unit
from budgetrules.core.model import DocKind


def rows_by_code(table):
    return {r.code.display: r for r in table.rows if r.code is not None}


def test_document_facts(akto):
    assert akto.kind is DocKind.BUDGET
    assert akto.year == 2021
    assert akto.department.name == "克孜勒苏柯尔克孜自治州阿克陶县住房和城乡建设局"


def test_staffing_is_read_by_the_claims(akto, registry):
    """编制数, 实有人数 and its parts are claims (the prose has one reader), with the line they were read on."""
    from budgetrules.engine.check import add_claims

    claims, _ = add_claims(akto, registry)
    staff = {c.subject: (c.value, c.source.line) for c in claims.claims
             if c.quantity == "count" and (c.subject or "").startswith("staff.")}
    assert staff == {"staff.authorized": (10, 87), "staff.actual": (31, 87), "staff.in_service": (22, 87),
                     "staff.retired": (9, 87), "staff.resigned": (0, 87)}


def test_nine_tables_identified_by_title(akto):
    numbered = [(t.number, t.kind) for t in akto.tables if t.number]
    assert numbered == [
        ("表一", "summary"),
        ("表二", "income"),
        ("表三", "expense"),
        ("表四", "fiscal_summary"),
        ("表五", "gpb_expense"),
        ("表六", "gpb_basic"),
        ("表七", "gpb_project"),
        ("表八", "sangong"),
        ("表九", "gov_fund"),
    ]
    assert [t.kind for t in akto.tables if not t.number] == ["performance", "performance"]
    assert all(t.unit is Unit.WAN for t in akto.tables)
    assert all(t.compiler == "阿克陶县住房和城乡建设局" for t in akto.tables if t.number)


def test_table1_two_sided(akto):
    t = akto.table("summary")
    income = [r for r in t.rows if r.side == "income"]
    expense = [r for r in t.rows if r.side == "expense"]
    assert len(income) == 12 and len(expense) == 31
    assert [r.code.code for r in expense if r.code][:3] == ["201", "202", "203"]
    assert len([r for r in expense if r.code]) == 30
    by_code = rows_by_code(t)
    assert by_code["212"].amount("total").value == Decimal("439.02")
    assert by_code["212"].label == "城乡社区支出"
    assert by_code["234"].label == "抗疫特别国债还本支出"
    assert income[0].label == "财政拨款（补助）" and income[0].amount("total").value == Decimal("1117.5")
    totals = {r.side: r for r in t.total_rows()}
    assert totals["income"].label == "收入总计" and totals["expense"].label == "支出总计"
    assert totals["expense"].amount("total").places == 1


def test_table2_codes_and_columns(akto):
    t = akto.table("income")
    assert [c.key for c in t.columns][:8] == [
        "code_lei", "code_kuan", "code_xiang", "name", "total", "gpb", "gov_fund", "fiscal_special",
    ]
    assert len(t.rows) == 11
    codes = [r.code.code for r in t.rows if r.code]
    assert codes == ["208", "20805", "2080505", "211", "21103", "2110302", "212", "21201", "2120101", "2129999"]
    by_code = rows_by_code(t)
    assert by_code["212"].amount("total").value == Decimal("344.02")
    assert by_code["2129999"].code.level == "项"
    assert by_code["2110302"].amount("gpb") == by_code["2110302"].amount("total")
    total = next(t.total_rows())
    assert total.amount("total").value == Decimal("1117.5") and total.source.line == 153
    assert by_code["212"].amount("gov_fund") is None  # blank is "not reported", not zero


def test_table3_uncoded_xiang(akto):
    t = akto.table("expense")
    assert [c.key for c in t.columns] == ["code_lei", "code_kuan", "name", "total", "basic", "project"]
    assert len(t.rows) == 11
    xiang = [r for r in t.rows if r.code and r.code.level == "项"]
    assert [(r.code.parent, r.label) for r in xiang] == [
        ("20805", "机关事业单位基本养老保险缴费支出"),
        ("21103", "水体"),
        ("21201", "行政运行"),
    ]
    assert rows_by_code(t)["21299"].code.level == "款"
    total = next(t.total_rows())
    assert (total.amount("total").value, total.amount("basic").value, total.amount("project").value) == (
        Decimal("1117.5"), Decimal("380.5"), Decimal("737.00"),
    )


def test_table4_fiscal_summary(akto):
    t = akto.table("fiscal_summary")
    expense = [r for r in t.rows if r.side == "expense" and r.code]
    assert len(expense) == 30
    r212 = next(r for r in expense if r.code.code == "212")
    assert r212.amount("gpb").value == Decimal("439.02")
    assert t.column("soe", "expense") is not None
    assert [r.label for r in t.rows if r.side == "income" and not r.is_total] == [
        "一、财政拨款（补助）", "一般公共预算", "政府性基金预算", "国有资本经营预算",
    ]


def test_table5_merged_xiang_codes(akto):
    t = akto.table("gpb_expense")
    codes = [r.code.code for r in t.rows if r.code]
    assert codes == ["212", "21201", "2120101", "2129999", "208", "20805", "2080505", "211", "21103", "2110302"]
    assert rows_by_code(t)["2120101"].label == "行政运行"


def test_table6_economic_codes(akto):
    t = akto.table("gpb_basic")
    assert len(t.rows) == 17
    items = [r for r in t.rows if r.code]
    assert all(r.code.system == "econ" for r in items)
    assert [r.code.code for r in items][:4] == ["30309", "30302", "30105", "30103"]
    fuli = next(r for r in items if r.label == "福利费")
    assert fuli.code.code == "30109" and fuli.amount("public").value == Decimal("2.64")
    assert fuli.amount("personnel") is None
    total = next(t.total_rows())
    assert total.amount("total") .value == Decimal("380.50") and total.amount("total").places == 2


def test_table7_projects(akto):
    t = akto.table("gpb_project")
    assert len(t.rows) == 7
    assert {r.texts["project_name"] for r in t.item_rows()} == {"城区路灯电费", "城区及城北污水处理厂"}
    assert rows_by_code(t)["2110302"].amount("total").value == Decimal("642.00")
    assert next(t.total_rows()).amount("total").value == Decimal("737.00")


def test_table8_sangong_header_groups(akto):
    t = akto.table("sangong")
    assert [c.key for c in t.columns] == ["total", "abroad", "car", "car_purchase", "car_running", "reception"]
    (row,) = t.rows
    assert row.amount("car_running").value == Decimal("1.83")
    assert row.amount("abroad").value == Decimal("0.00")


def test_table9_empty_with_note(akto):
    t = akto.table("gov_fund")
    assert t.rows == () and t.declared_empty
    assert t.notes and "空表" in t.notes[0]


def test_sections(akto):
    parts = [(s.number, s.title) for s in akto.sections]
    assert parts == [
        ("第一部分", "阿克陶县住房和城乡建设局概况"),
        ("第二部分", "2021 年阿克陶县住房和城乡建设局预算公开表"),
        ("第三部分", "2021 年阿克陶县住房和城乡建设局预算情况说明"),
        ("第四部分", "名词解释"),
    ]
    part3 = akto.sections[2]
    assert [c.number for c in part3.children] == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    other = part3.children[9]
    assert [c.title for c in other.children] == [
        "机关运行经费情况", "政府采购情况", "国有资产占用使用情况", "预算绩效情况", "其他需说明的事项",
    ]
    assert len(akto.toc) >= 20 and akto.toc[0].number == "第一部分"


def test_paragraph_broken_across_lines_is_joined(akto):
    part3 = akto.sections[2]
    six = part3.children[5]
    joined = next(p for p in six.paragraphs if p.text.startswith("人员经费"))
    assert "基本工资 77.41 万元、津贴补贴 166.81 万元" in joined.text
    offset = joined.text.index("津贴补贴")
    assert joined.line_at(offset) == 374 and joined.source.line == 372


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_encodings(akto_path, tmp_path, encoding, registry):
    from budgetrules.engine.check import load_document

    text = akto_path.read_text(encoding="utf-8")
    copy = tmp_path / f"copy-{encoding}.txt"
    copy.write_bytes(text.encode(encoding))
    doc = load_document(copy, registry)
    assert len(doc.tables) == 11
    assert doc.table("gpb_basic").rows[0].label == "奖励金"


def test_whole_number_amounts_in_yuan_start_the_data():
    """A 元 table printed without decimals: the first line with a merged code and an integer is data."""
    from budgetrules.testing import example_document

    doc = example_document(
        "测试局 2021 年部门预算公开\n"
        "表一：部门（单位）收支总体情况表\n"
        "单位：元\n"
        "收入 | ∅ | 支出 | ∅\n"
        "项目 | 预算数 | 功能分类 | 预算数\n"
        "财政拨款（补助） | 11175000 | 212 城乡社区支出 | 11175000\n"
        "收入总计 | 11175000 | 支出总计 | 11175000\n"
    )
    (table,) = doc.tables
    assert table.unit is Unit.YUAN
    assert [c.key for c in table.columns] == ["name", "total", "name", "total"]
    r212 = next(r for r in table.rows if r.code is not None)
    assert r212.code.code == "212" and r212.amount("total").value == Decimal("11175000")


def test_a_column_number_line_is_not_data():
    """A 栏次 line of bare integers under the header stays part of the header."""
    from budgetrules.reading.tablebuild import _is_data_row

    assert not _is_data_row(["栏次", "1", "2", "3"])
    assert not _is_data_row(["", "1", "2", "3"])
