"""Reading a disclosure's structure the same way whatever its house style: title blocks, contents pages,
table kinds and units, headings, classification systems (budgetrules.reading.titleblock, .contents, .tablekinds,
.tablebuild, .assemble)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetrules.core.amounts import Unit
from budgetrules.core.model import RowRole, Source
from budgetrules.core.tablekinds import clean_title, column_key, identify_table, kind_by_columns
from budgetrules.reading.assemble import GridBlock, TextLine, assemble
from budgetrules.reading.contents import read_contents, similar, strip_leader, toc_key
from budgetrules.reading.tablebuild import GridRow
from budgetrules.reading.titleblock import info_line, peel_grid, split_title_text
from budgetrules.testing import example_document

# ------------------------------------------------------------------------------------------- table kinds


@pytest.mark.parametrize(
    "title, kind",
    [
        ("一、2017年度江苏省高级人民法院部门收支预算总表", "summary"),
        ("公开 05 表：财政拨款支出预算表", "fiscal_expense"),
        ("六、财政拨款基本支出预算表", "fiscal_basic"),
        ("十、一般公共预算机关运行经费支出预算表", "admin_cost"),
        ("十一、一般公共预算“三公”经费、会议费、培训费支出预算表", "sangong"),
        ("十二、政府采购支出预算表", "procurement"),
        ("2024年部门财务收支预算总表", "summary"),
        ("2024年部门一般公共预算基本支出部门预算经济分类预算表", "gpb_basic"),
        ("部门“三公”经费和机关运行经费预算表", "sangong"),
        ("2026年部门整体绩效目标表", "performance"),
        ("本年支出总体情况表", "expense"),
        ("一般公共预算支出情况表（按功能分类科目）", "gpb_expense"),
        ("一般公共预算项目支出情况表（按经济分类科目）", "gpb_project"),
        ("财政拨款安排的行政经费及“三公”经费预算表", "sangong"),
        ("部门预算基本支出预算表", "basic"),
        ("部门预算项目支出及其他支出预算表", "project"),
        ("政府性基金预算财政拨款收入支出决算表", "gov_fund"),
        ("国有资本经营预算财政拨款收入支出决算表", "soe"),
        ("收支总表", "summary"),
        ("收入表", "income"),
        ("支出表", "expense"),
        ("财政拨款支出表", "fiscal_expense"),
    ],
)
def test_table_titles_of_every_template_name_their_kind(title, kind):
    assert identify_table(title).id == kind


@pytest.mark.parametrize("text", ["关于2017年度收支预算总表的说明", "第二部分 部门预算公开表", "部门预算表", "主要职能"])
def test_text_that_is_not_a_table_title_names_no_kind(text):
    assert identify_table(text) is None


def test_clean_title_drops_number_year_and_a_trailing_note():
    assert clean_title("表5 2026年一般公共预算支出情况表（按功能分类科目）") == "一般公共预算支出情况表"
    assert clean_title("公开05表：财政拨款支出预算表") == "财政拨款支出预算表"


def test_kind_by_columns_only_for_layouts_no_other_kind_shares():
    assert kind_by_columns({"total": "合计", "abroad": "因公出国(境)费", "reception": "公务接待费"}) == "sangong"
    assert kind_by_columns({"name": "项目", "target": "绩效目标"}) == "performance"
    assert kind_by_columns({"item_class": "采购品目大类", "total": "总计"}) == "procurement"
    assert kind_by_columns({"total": "合计", "personnel": "人员经费", "public": "公用经费"}) is None


def test_column_keys_of_template_headers():
    assert column_key("功能科目代码") == "code"
    assert column_key("单位预留机动经费") == "reserve"
    assert column_key("结转下年资金") == "carry_next"
    assert column_key("机关运行经费支出") == "total"
    assert column_key("2026年预算数") == "total"
    assert column_key("上年预算数") == "prior:total"
    assert column_key("采购组织形式") == "method"


# ------------------------------------------------------------------------------------------- title blocks


@pytest.mark.parametrize(
    "line, unit, compiler",
    [
        ("部门：江苏省政协办公厅 单位：万元", Unit.WAN, "江苏省政协办公厅"),
        ("单位名称：重庆市水利局 单位：万元", Unit.WAN, "重庆市水利局"),
        ("单位名称 重庆市商务委员会 单位 万元", Unit.WAN, "重庆市商务委员会"),
        ("编制部门：上海市普陀区人民政府万里街道办事处 单位：元", Unit.YUAN, "上海市普陀区人民政府万里街道办事处"),
        ("编制部门（单位）：阿克陶县住房和城乡建设局", None, "阿克陶县住房和城乡建设局"),
        ("金额单位：千元", Unit.QIAN, None),
        ("编制部门： 单位：元", Unit.YUAN, None),
    ],
)
def test_info_lines(line, unit, compiler):
    info = info_line(line)
    assert info is not None and info.unit is unit and info.compiler == compiler


@pytest.mark.parametrize("line", ["部门预算", "单位元素", "本部门共有单位 3 个", "单位：万元，其中财政拨款 10 万元"])
def test_lines_that_are_not_info_lines(line):
    assert info_line(line) is None


def test_a_title_block_run_together_in_one_cell_is_split():
    assert split_title_text("收支预算总表公开表一部门:江苏省人大常委会办公厅单位:万元") == [
        "公开表一",
        "收支预算总表",
        "部门:江苏省人大常委会办公厅单位:万元",
    ]
    assert split_title_text("合计") is None


def test_peel_grid_takes_title_rows_and_stops_at_the_header():
    src = Source("x.xlsx")
    rows = [
        GridRow(("2026年部门收入预算总表", "2026年部门收入预算总表", ""), src),
        GridRow(("编制部门：", "", "单位：元"), src),
        GridRow(("项目", "合计", "财政拨款收入"), src),
    ]
    peeled, rest = peel_grid(rows)
    assert [t for t, _ in peeled] == ["2026年部门收入预算总表", "编制部门： 单位：元"]
    assert rest == rows[2:]


def _doc(*lines: str):
    return example_document("测试局 2021 年部门预算公开\n" + "\n".join(lines) + "\n")


@pytest.mark.parametrize(
    "block",
    [
        ["表一", "部门收支总体情况表", "编制部门：测试局 单位：千元"],
        ["公开 01 表：部门收支总体情况表", "部门：测试局 单位：千元"],
        ["一、2021年度测试局部门收支总体情况表", "单位：千元"],
        ["表1", "2021年", "部门收支总体情况表", "单位名称：测试局 单位：千元"],
    ],
)
def test_title_blocks_of_every_house_style_give_title_number_and_unit(block):
    doc = _doc(
        *block,
        "收入 | ∅ | 支出 | ∅",
        "项目 | 预算数 | 功能分类 | 预算数",
        "一般公共预算 | 10.00 | 201 一般公共服务支出 | 10.00",
        "收入总计 | 10.00 | 支出总计 | 10.00",
    )
    [table] = doc.tables
    assert table.kind == "summary" and table.unit is Unit.QIAN
    assert "收支总体情况表" in table.title
    assert table.rows[0].amount("total").unit is Unit.QIAN


def test_a_wrapped_title_is_joined():
    doc = _doc(
        "公开09表：一般公共预算“三公”经费、会议费、培训费",
        "支出预算表",
        "部门：测试局 单位：万元",
        "合计 | 因公出国(境)费 | 公务接待费",
        "3.00 | 1.00 | 2.00",
    )
    [table] = doc.tables
    assert table.kind == "sangong" and table.number == "公开09表"
    assert table.title == "一般公共预算“三公”经费、会议费、培训费支出预算表"


def test_a_sentence_ending_in_see_below_is_not_a_title():
    doc = _doc(
        "本年度实行绩效管理的项目2个。具体情况见下表：",
        "项目支出绩效目标表",
        "单位：万元",
        "项目名称 | 绩效目标",
        "污水处理 | 达标排放",
    )
    assert [t.title for t in doc.tables] == ["项目支出绩效目标表"]


def test_a_section_heading_never_starts_a_title():
    doc = _doc(
        "第二部分 部门预算公开表",
        "公开表8 政府性基金预算支出表",
        "单位：万元",
        "备注：本单位无政府性基金预算支出，本表为空表。",
    )
    [table] = doc.tables
    assert table.title == "政府性基金预算支出表" and table.number == "公开表8"


def test_a_unit_printed_only_in_the_header_is_the_tables_unit():
    doc = _doc(
        "表二：部门收入总体情况表",
        "项目 | 预算数（单位：元）",
        "一般公共预算 | 100000",
        "合计 | 100000",
    )
    assert doc.tables[0].unit is Unit.YUAN


# ------------------------------------------------------------------------------------------- contents


def test_leaders_and_page_numbers_are_stripped():
    assert strip_leader("一、部门主要职能 ……………… 3") == ("一、部门主要职能", True)
    assert strip_leader("五、部门预算表………") == ("五、部门预算表", True)
    assert strip_leader("二、机构设置") == ("二、机构设置", False)
    assert strip_leader("2021年") == ("2021年", False)


def test_names_compare_without_numbering_years_or_department():
    assert toc_key("一、2021年部门主要职能") == toc_key("主要职能")
    assert similar("一、主要职能", "（一）部门主要职能") == 1.0


def _lines(*texts: str, page: int = 1):
    return [TextLine(t, Source("x.pdf", i, page)) for i, t in enumerate(texts, start=1)]


def test_the_contents_end_where_an_entry_comes_round_again():
    blocks = _lines("目 录", "第一部分 部门概况", "一、主要职能", "第二部分 名词解释", "第一部分 测试局概况", "一、主要职能")
    entries, end = read_contents(blocks, 0)
    assert [e.text for e in entries] == ["第一部分 部门概况", "一、主要职能", "第二部分 名词解释"]
    assert end == 4


def test_the_contents_end_at_a_new_page_without_leaders():
    blocks = _lines("目 录", "一、部门主要职能 ……… 3", "二、部门机构设置 ……… 4")
    blocks += _lines("测试街道办事处（部门）主要职能", "测试街道是区政府的派出机关。", page=2)
    entries, end = read_contents(blocks, 0)
    assert len(entries) == 2 and end == 3


def test_the_contents_end_at_running_prose():
    blocks = _lines("目 录", "一、主要职能", "二、机构设置")
    blocks += _lines("本部门负责全县住房和城乡建设管理，下设 7 个处室，实有人数 31 人，其中在职 22 人，退休 9 人，离休 0 人。")
    entries, end = read_contents(blocks, 0)
    assert len(entries) == 2 and end == 3


def test_a_contents_entry_wrapped_over_two_lines_is_one_entry():
    blocks = _lines("目 录", "十、一般公共预算机关运行经费支出预算表", "十一、一般公共预算“三公”经费、会议费、培训费支出预算", "表")
    entries, _ = read_contents(blocks, 0)
    assert entries[-1].text == "十一、一般公共预算“三公”经费、会议费、培训费支出预算表"


def test_unnumbered_headings_are_recognised_through_the_contents():
    doc = example_document(
        "上海市测试区2024年区级部门预算\n目 录\n一、部门主要职能 ……… 3\n二、部门机构设置 ……… 4\n"
        "测试街道办事处（部门）主要职能\n测试街道是区政府的派出机关。\n"
        "测试街道办事处（部门）机构设置\n本部门包括 5 家预算单位。\n"
    )
    titles = [s.title for s in doc.walk_sections()]
    assert "测试街道办事处（部门）主要职能" in titles and "测试街道办事处（部门）机构设置" in titles
    assert len(doc.toc) == 2


def test_a_numbered_line_holding_a_sentence_is_not_a_heading():
    doc = _doc("第一部分 部门概况", "（一）收入预算总计 17996.68 万元。包括：", "财政拨款 17996.68 万元。")
    assert [s.title for s in doc.walk_sections()] == ["部门概况"]


# ------------------------------------------------------------------------------------------- table bodies


def test_a_kuan_printed_with_one_digit_is_read_zero_padded_and_kept_as_printed():
    doc = _doc(
        "表六：一般公共预算基本支出情况表",
        "单位：万元",
        "经济分类科目编码 | ∅ | 经济分类科目名称 | 合计",
        "类 | 款 | ∅ | ∅",
        "301 | ∅ | 工资福利支出 | 3.00",
        "301 | 2 | 津贴补贴 | 3.00",
    )
    row = doc.tables[0].rows[1]
    assert row.code.code == "30102" and row.texts["code_printed"] == "301 2"


def test_the_classification_system_is_read_from_the_codes():
    doc = _doc(
        "十、一般公共预算机关运行经费支出预算表",
        "单位：万元",
        "科目编码 | 科目名称 | 机关运行经费支出",
        "合计 | ∅ | 3.00",
        "302 | 商品和服务支出 | 3.00",
        "30201 | 办公费 | 3.00",
    )
    table = doc.tables[0]
    assert table.kind == "admin_cost"
    assert {r.code.system for r in table.rows if r.code} == {"econ"}


def test_bracketed_codes_are_read():
    doc = _doc(
        "表6",
        "一般公共预算基本支出情况表（按经济分类科目）",
        "单位名称：测试局 单位：万元",
        "部门预算支出经济科目 | 预算",
        "合计 | 3.00",
        "[301]工资福利支出 | 3.00",
        "[30101]基本工资 | 3.00",
    )
    codes = [r.code.code for r in doc.tables[0].rows if r.code]
    assert codes == ["301", "30101"]


def test_the_one_unlabelled_line_under_a_total_column_is_the_total():
    doc = _doc(
        "表三",
        "支出预算总表",
        "部门：测试局 单位：万元",
        "合计 | 基本支出 | 项目支出 | 单位预留机动经费",
        "10.00 | 6.00 | 3.00 | 1.00",
    )
    [row] = doc.tables[0].rows
    assert row.role is RowRole.TOTAL and row.amount("reserve").value == Decimal("1.00")


def test_last_years_columns_beside_this_years_are_prior():
    doc = _doc(
        "表五",
        "2026年一般公共预算支出情况表",
        "单位：万元",
        "科目编码 | 科目名称 | 2025年预算数 | 2026年预算数",
        "201 | 一般公共服务支出 | 8.00 | 10.00",
    )
    keys = [c.key for c in doc.tables[0].columns]
    assert "prior:total" in keys and "total" in keys


# ------------------------------------------------------------------------------------------- continuation


def test_a_table_continued_on_the_next_page_under_its_repeated_title_stays_one_table():
    def page(n: int, first: int, *rows: tuple[str, ...]):
        blocks = [
            TextLine("2017年政府采购预算表", Source("x.pdf", first, n)),
            TextLine("部门：测试局 单位：万元", Source("x.pdf", first + 1, n)),
        ]
        grid = [GridRow(("采购品目大类", "采购物品名称", "总计"), Source("x.pdf", first + 2, n))]
        grid += [GridRow(r, Source("x.pdf", first + 3 + i, n)) for i, r in enumerate(rows)]
        return blocks + [GridBlock(tuple(grid))]

    blocks = [TextLine("测试局2017年部门预算", Source("x.pdf", 1, 1))]
    blocks += page(1, 2, ("合计", "", "3.00"), ("货物", "台式计算机", "1.00"))
    blocks += page(2, 10, ("服务", "会议服务", "2.00"))
    doc = assemble("x.pdf", blocks)
    [table] = doc.tables
    assert table.kind == "procurement" and len(table.rows) == 3


def test_two_different_tables_on_consecutive_pages_are_not_joined():
    blocks = [TextLine("测试局2017年部门预算", Source("x.pdf", 1, 1))]
    blocks += [TextLine("表一 收入预算总表", Source("x.pdf", 2, 1)), TextLine("单位：万元", Source("x.pdf", 3, 1))]
    blocks += [GridBlock((GridRow(("项目", "金额"), Source("x.pdf", 4, 1)), GridRow(("合计", "3.00"), Source("x.pdf", 5, 1))))]
    blocks += [TextLine("表二 支出预算总表", Source("x.pdf", 6, 2)), TextLine("单位：万元", Source("x.pdf", 7, 2))]
    blocks += [GridBlock((GridRow(("项目", "金额"), Source("x.pdf", 8, 2)), GridRow(("合计", "3.00"), Source("x.pdf", 9, 2))))]
    doc = assemble("x.pdf", blocks)
    assert [t.kind for t in doc.tables] == ["income", "expense"]
