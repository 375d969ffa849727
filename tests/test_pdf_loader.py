"""The PDF loader on the real 决算 sample (上海市普陀区财政局 2024 年度部门决算, 25 pages, read from ../shared),
with each PDF reader."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetrules.core.amounts import Unit
from budgetrules.core.model import DocKind
from budgetrules.core.tablekinds import MONEY_KINDS


@pytest.fixture(scope="module", params=["pdfium", "pdfplumber"])
def putuo(request, putuo_path, registry):
    from budgetrules.engine.check import load_document

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BUDGETRULES_PDF_READER", request.param)
        return load_document(putuo_path, registry)


def rows_by_code(table):
    return {r.code.display: r for r in table.rows if r.code is not None}


def cell(row, key):
    amount = row.amount(key)
    return None if amount is None else (str(amount.value), amount.places)


def test_document_facts(putuo):
    assert putuo.loader == "pdf"
    assert putuo.kind is DocKind.FINAL
    assert putuo.year == 2024
    assert putuo.title == "上海市普陀区财政局2024年度部门决算"
    assert putuo.department.name == "上海市普陀区财政局"


def test_nine_tables_identified_by_title(putuo):
    kinds = [t.kind for t in putuo.tables if t.kind in MONEY_KINDS]
    assert kinds == [
        "summary", "income", "expense", "fiscal_summary", "gpb_expense", "gpb_basic", "sangong", "gov_fund", "soe",
    ]
    assert putuo.table("summary").title == "收入支出决算总表"
    assert putuo.table("sangong").title == "财政拨款“三公”经费支出决算表"
    assert all(t.unit is Unit.WAN for t in putuo.tables)
    assert [t.source.page for t in putuo.tables if t.kind in MONEY_KINDS] == [6, 8, 10, 12, 15, 16, 18, 19, 20]
    # the small unit list on page 5 is a table too: a list of units, titled by the section it stands in
    [units] = [t for t in putuo.tables if t.kind not in MONEY_KINDS]
    assert units.kind == "unit_list" and units.title == "部门决算单位构成（未印表名）"


def test_summary_continued_over_page_break(putuo):
    t = putuo.table("summary")
    assert [(c.key, c.side) for c in t.columns] == [
        ("name", "income"), ("total", "income"), ("name", "expense"), ("total", "expense"),
    ]
    income = {r.label: r for r in t.rows if r.side == "income"}
    expense = {r.label: r for r in t.rows if r.side == "expense"}
    assert cell(income["一、一般公共预算财政拨款收入"], "total") == ("2940.05", 2)
    assert cell(income["八、其他收入"], "total") == ("6.20", 2)
    assert cell(expense["八、社会保障和就业支出"], "total") == ("326.71", 2)
    assert len(expense) == 26 + 4  # 26 functional classes, 本年支出合计, 结余分配, 年末结转和结余, 总计
    # rows from page 7 join the table begun on page 6
    carry = income["年初结转和结余"]
    assert cell(carry, "total") == ("49.14", 2) and carry.source.page == 7
    assert cell(expense["年末结转和结余"], "total") == ("55.34", 2)
    assert "使用非财政拨款结余（含专用结余）" in income and "结余分配" in expense
    totals = [(r.side, r.label, cell(r, "total")) for r in t.total_rows()]
    assert totals == [
        ("income", "本年收入合计", ("2946.25", 2)),
        ("expense", "本年支出合计", ("2940.05", 2)),
        ("income", "总计", ("2995.39", 2)),
        ("expense", "总计", ("2995.39", 2)),
    ]
    assert next(t.total_rows()).source.page == 6


def test_income_table(putuo):
    t = putuo.table("income")
    assert [c.key for c in t.columns] == [
        "code_lei", "code_kuan", "code_xiang", "name", "total", "fiscal", "superior_subsidy", "business_income",
        "operating_income", "affiliate_income", "other_income",
    ]
    total = next(t.total_rows())
    assert total.label == "合计" and total.source.page == 8
    assert (cell(total, "total"), cell(total, "fiscal"), cell(total, "other_income")) == (
        ("2946.25", 2), ("2940.05", 2), ("6.20", 2),
    )
    by_code = rows_by_code(t)
    assert cell(by_code["2010601"], "total") == ("1511.90", 2)
    assert cell(by_code["2010601"], "other_income") == ("0.01", 2)
    assert by_code["2080505"].label == "机关事业单位基本养老保险缴费支出"  # a name wrapped inside its cell
    # the table continues on page 9
    assert by_code["2210203"].source.page == 9 and cell(by_code["2210203"], "fiscal") == ("258.50", 2)
    assert [r.code.code for r in t.item_rows()][:4] == ["201", "20106", "2010601", "2010602"]
    assert len(list(t.item_rows())) == 19


def test_expense_table(putuo):
    t = putuo.table("expense")
    keys = [c.key for c in t.columns]
    assert keys[4:] == ["total", "basic", "project", "remit_superior", "operating_expense", "affiliate_subsidy"]
    total = next(t.total_rows())
    assert (cell(total, "total"), cell(total, "basic"), cell(total, "project")) == (
        ("2940.05", 2), ("2336.91", 2), ("603.14", 2),
    )
    by_code = rows_by_code(t)
    assert cell(by_code["2010601"], "basic") == ("1503.52", 2)
    assert cell(by_code["2010601"], "project") == ("8.37", 2)
    assert by_code["2010602"].amount("basic") is None  # blank, not zero
    assert by_code["2080599"].source.page == 11


def test_fiscal_summary(putuo):
    t = putuo.table("fiscal_summary")
    assert [c.key for c in t.columns if c.side == "expense"] == ["name", "total", "gpb", "gov_fund", "soe"]
    expense = {r.label: r for r in t.rows if r.side == "expense"}
    assert cell(expense["十九、住房保障支出"], "gpb") == ("445.69", 2)
    assert expense["十九、住房保障支出"].source.page == 13
    assert cell(expense["年末财政拨款结转和结余"], "gpb") == ("21.63", 2)
    totals = [(r.side, r.label, cell(r, "total")) for r in t.total_rows()]
    assert totals[-2:] == [("income", "总计", ("2961.68", 2)), ("expense", "总计", ("2961.68", 2))]


def test_gpb_expense(putuo):
    t = putuo.table("gpb_expense")
    assert [c.key for c in t.columns] == ["code_lei", "code_kuan", "code_xiang", "name", "total", "basic", "project"]
    by_code = rows_by_code(t)
    assert cell(by_code["201"], "total") == ("2106.66", 2)
    assert cell(by_code["2080506"], "basic") == ("80.38", 2)
    assert len(by_code) == 19
    total = list(t.total_rows())
    assert len(total) == 1 and cell(total[0], "total") == ("2940.05", 2)


def test_gpb_basic_side_by_side_groups(putuo):
    t = putuo.table("gpb_basic")
    assert [c.key for c in t.columns] == ["code_lei", "code_kuan", "name", "personnel", "public"]
    by_code = rows_by_code(t)
    assert all(r.code.system == "econ" for r in t.item_rows() if r.code)
    assert cell(by_code["30102"], "personnel") == ("1238.58", 2)
    assert cell(by_code["30302"], "personnel") == ("69.10", 2)
    assert cell(by_code["302"], "public") == ("171.07", 2)
    assert cell(by_code["30229"], "public") == ("42.77", 2) and by_code["30229"].source.page == 17
    assert cell(by_code["31002"], "public") == ("13.58", 2)
    assert by_code["30212"].label == "因公出国（境）费用"  # justified text and a wrapped cell
    assert by_code["30102"].amount("public") is None and by_code["302"].amount("personnel") is None
    (total,) = t.total_rows()
    assert (cell(total, "personnel"), cell(total, "public")) == (("2152.26", 2), ("184.65", 2))
    assert total.source.page == 17


def test_sangong_budget_and_final_pairs(putuo):
    t = putuo.table("sangong")
    assert [c.key for c in t.columns] == [
        "budget:total", "total", "budget:abroad", "abroad", "budget:car", "car", "budget:car_purchase",
        "car_purchase", "budget:car_running", "car_running", "budget:reception", "reception",
    ]
    (row,) = t.rows
    assert cell(row, "budget:total") == ("0.95", 2) and cell(row, "budget:reception") == ("0.95", 2)
    assert row.amount("total") is None and row.amount("reception") is None  # 决算数 printed blank


@pytest.mark.parametrize("kind", ["gov_fund", "soe"])
def test_empty_fund_tables(putuo, kind):
    t = putuo.table(kind)
    assert t.declared_empty and "本表无数据" in t.notes[0]
    assert [c.key for c in t.columns][4:] == ["carry_begin", "income_current", "total", "basic", "project", "carry_end"]
    assert [r.label for r in t.rows] == ["合计"] and not t.has_amounts


def test_sections(putuo):
    parts = [(s.number, s.title) for s in putuo.sections]
    assert parts == [
        ("第一部分", "上海市普陀区财政局概况"),
        ("第二部分", "上海市普陀区财政局2024年度部门决算表"),
        ("第三部分", "上海市普陀区财政局2024年度部门决算情况说明"),
        ("第四部分", "名词解释"),
    ]
    part3 = putuo.sections[2]
    assert [c.number for c in part3.children] == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"]
    assert part3.children[6].title == "财政拨款“三公”经费支出决算情况说明"
    assert [c.title for c in part3.children[10].children] == [
        "机关运行经费支出情况", "政府采购支出情况", "国有资产占有使用情况说明",
    ]
    assert len(putuo.toc) == 26 and putuo.toc[0].number == "第一部分"


def test_paragraph_lines_and_numbers_on_lower_baseline(putuo):
    part3 = putuo.sections[2]
    (para,) = part3.children[0].paragraphs
    # digits set in a Latin font on a lower baseline stay in their line
    assert para.text.startswith("上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比")
    assert para.source.page == 21
    offset = para.text.index("56.95")
    line = para.line_at(offset)
    assert line == para.source.line + 1
    assert "56.95" in putuo.source_line(line)
    running = part3.children[10].children[0].paragraphs[0]
    assert running.text.startswith("机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。")


def test_lines_hold_table_rows(putuo):
    row = rows_by_code(putuo.table("gpb_expense"))["2010601"]
    printed = putuo.source_line(row.source.line)
    assert printed.split("\t")[:5] == ["201", "06", "01", "行政运行", "1,511.89"]


@pytest.mark.usefixtures("pdf_reader")
def test_code_cells_merged_down_are_repeated(tmp_path, registry):
    """A 类/款 code printed once in a cell merged down over its rows belongs to each of them."""
    pytest.importorskip("reportlab")
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from budgetrules.engine.check import load_document

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("t", fontName="STSong-Light", fontSize=12, leading=18)
    data = [
        ["类", "款", "项", "科目名称", "合计", "基本支出"],
        ["201", "", "", "一般公共服务支出", "2,106.66", "1,503.52"],
        ["", "06", "", "财政事务", "2,106.66", "1,503.52"],
        ["", "", "01", "行政运行", "1,511.89", "1,503.52"],
        ["", "", "07", "信息化建设", "135.25", ""],
        ["", "", "", "", "2,106.66", "1,503.52"],
    ]
    data[5][0] = "合计"
    table = Table(data)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "STSong-Light", 10),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("SPAN", (0, 1), (0, 4)),  # 201 over the four rows of its 类
        ("SPAN", (1, 2), (1, 4)),  # 06 over the three rows of its 款
        ("SPAN", (0, 5), (3, 5)),  # 合计 over the code and name columns
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    path = tmp_path / "merged.pdf"
    story = [Paragraph("测试局2024年度部门决算", style), Paragraph("一般公共预算财政拨款支出决算表", style),
             Paragraph("单位：万元", style), table]
    SimpleDocTemplate(str(path), pagesize=A4, invariant=True).build(story)

    document = load_document(path, registry)
    (t,) = document.tables
    assert t.kind == "gpb_expense"
    assert [r.code.code for r in t.item_rows()] == ["201", "20106", "2010601", "2010607"]
    total = next(t.total_rows())
    assert total.label == "合计" and total.amount("total").value == Decimal("2106.66")
    assert t.rows[3].amount("basic") is None  # an empty amount cell is never filled from above
