"""What the PDF loader hands over on real disclosures of the development corpus (../shared/corpus).

Each test reads a few pages of one file with :func:`read_pdf_blocks` and checks the grids and text lines
against the printed pages: the printed columns and nothing else, tables continued over page breaks
joined, title blocks as text lines right before their grid, text in reading order. (Pages are numbered
from the first page read.) The files are not part of the repository; without ../shared the tests skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetrules.reading.assemble import GridBlock, TextLine

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


pytestmark = pytest.mark.usefixtures("pdf_reader")


def read(name: str, first: int = 1, last: int | None = None):
    """The blocks of pages ``first``–``last`` (1-based, inclusive) of a corpus file, read by the reader in
    force (each test runs once per reader)."""
    from budgetrules_plugins.loaders.pdf import read_pdf_blocks
    from budgetrules_plugins.loaders.pdflimits import PdfLimits, inspect_pdf
    from budgetrules_plugins.loaders.pdfpages import reader

    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file not present: {path}")
    data = path.read_bytes()
    last = last or inspect_pdf(str(path), data, PdfLimits())
    blocks, _ = read_pdf_blocks(str(path), reader().read_pages(str(path), data, range(first - 1, last)))
    return blocks


def grids(blocks):
    return [b for b in blocks if isinstance(b, GridBlock)]


def cells(grid):
    return [r.cells for r in grid.rows]


def test_sangong_table_with_three_header_lines_has_its_nine_printed_columns():
    """省法院 2017 公开表十一: the cell backgrounds no longer cut slivers into columns and labels."""
    blocks = read("jiangsu/js-high-court-2017-budget.pdf", 17, 17)
    sangong = next(g for g in grids(blocks) if "会议费" in g.rows[0].cells)
    assert cells(sangong) == [
        ("合计", "“三公”经费", "“三公”经费", "“三公”经费", "“三公”经费", "“三公”经费", "“三公”经费", "会议费", "培训费"),
        ("", "小计", "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置及运行维护费", "公务用车购置及运行维护费",
         "公务接待费", "", ""),
        ("", "", "", "小计", "公务用车购置费", "公务用车运行维护费", "", "", ""),
        ("2,599.37", "670.12", "180.00", "304.40", "", "304.40", "185.72", "228.00", "1,701.25"),
    ]
    before = blocks[blocks.index(sangong) - 2 : blocks.index(sangong)]
    assert [b.text for b in before] == [
        "十一、2017年江苏省高级人民法院部门一般公共预算“三公”经费、会议费、培训费支出预算表",
        "单位：万元",
    ]


def test_table_continued_over_two_page_breaks_with_broken_rows_is_one_grid():
    """省人大办公厅 2017 收支预算总表, pages 7–9: Word broke two rows over the page breaks."""
    blocks = read("jiangsu/js-npc-office-2017-budget.pdf", 7, 10)
    assert [b.text for b in blocks[:2]] == ["收支预算总表", "部门： 江苏省人大常委会办公厅 单位：万元"]
    summary = blocks[2]
    assert isinstance(summary, GridBlock)
    rows = cells(summary)
    assert rows[0] == ("收入", "收入", "支出", "支出", "支出", "支出")
    assert ("", "", "八、社会保障和就业支出", "1,608.51", "", "") in rows
    assert ("当年收入小计", "13,649.07", "", "", "当年支出小计", "13,649.07") in rows
    assert rows[-1] == ("收入合计", "13,649.07", "", "", "支出合计", "13,649.07")
    assert {r.source.page for r in summary.rows} == {1, 2, 3}
    assert [b.text for b in blocks[3:5]] == ["收入预算总表", "部门： 江苏省人大常委会办公厅 单位：万元"]


def test_title_block_of_an_excel_export_is_text_before_its_grid():
    """省委办公厅 2017 公开表: white cell backgrounds around the title made it a row of the grid."""
    blocks = read("jiangsu/js-party-office-2017-budget-tables.pdf", 2, 2)
    assert [type(b).__name__ for b in blocks] == ["TextLine", "TextLine", "GridBlock"]
    assert [b.text for b in blocks[:2]] == ["收入预算总表", "部门：中国共产党江苏省委员会办公厅 单位：万元"]
    rows = cells(blocks[2])
    assert rows[0] == ("项目名称", "", "金额")
    assert rows[1] == ("", "收入总计", "20,849.45")
    assert len(rows) == 16


def test_text_layer_out_of_order_is_read_by_position():
    """重庆市商务委员会 2026: digits and punctuation sit in a font whose boxes stand a line low."""
    blocks = read("other/chongqing-commerce-2026-budget.pdf", 3, 3)
    text = [b.text for b in blocks if isinstance(b, TextLine)]
    assert "(二)机构设置" in text
    assert any(t.startswith("(一)收入预算:2026年年初预算数174,900.64万元,其中:一般公共预算拨款101,833.84万元") for t in text)
    blocks = read("other/chongqing-commerce-2026-budget.pdf", 8, 8)
    (summary,) = grids(blocks)
    assert cells(summary)[3] == ("一、一般公共预算资金", "101,833.84", "一、一般公共服务支出", "23,103.76")


def test_total_line_alone_on_the_next_page_continues_its_table():
    """普陀区万里街道 2024 部门收入预算总表: the 合计 line, merged over the code columns, ends on page 15."""
    blocks = read("shanghai/putuo-wanli-street-2024-budget.pdf", 11, 15)
    (income,) = grids(blocks)
    assert cells(income)[-1] == ("", "", "", "合计", "156,211,123", "156,211,123", "0", "0", "0")
    assert income.rows[-1].source.page == 5
    assert len(cells(income)[0]) == 9


def test_performance_form_continued_on_the_next_page_is_one_grid():
    blocks = read("other/chongqing-commerce-2026-budget.pdf", 26, 27)
    (form,) = grids(blocks)
    assert cells(form)[-1] == ("", "年度预算执行率", "=", "100", "%", "10", "否")
    assert form.rows[-1].source.page == 2


def test_chart_legend_and_stray_frames_are_not_tables():
    assert grids(read("jiangsu/js-high-court-2017-budget.pdf", 20, 20)) == []
    blocks = read("jiangsu/js-procuratorate-2018-budget.pdf", 5, 5)
    assert grids(blocks) == []
    assert blocks[0].text.startswith("根据部门职责分工，本部门包括19个内设机构")


def test_narrative_only_file_has_no_grid_and_reads_its_text():
    """省人大常委会 2019 is the narrative half of a set: its tables are in another file (公开表附后)."""
    blocks = read("jiangsu/js-npc-standing-committee-2019-budget.pdf")
    assert grids(blocks) == []
    text = [b.text for b in blocks]
    assert "2019年部门预算公开表附后" in text
    assert not any(t.strip("─ 0123456789") == "" for t in text)  # page numbers (─ 7 ─) are not text


def test_curved_rulings_make_tables_too():
    """珠海市商务局 2026 draws its rules as curves; 收支总体情况表 runs over pages 6–7."""
    blocks = read("other/zhuhai-commerce-2026-budget.pdf", 6, 7)
    (summary,) = grids(blocks)
    rows = cells(summary)
    assert rows[:2] == [("收入", "收入", "支出", "支出"), ("项目", "预算", "项目", "预算")]
    assert rows[-1] == ("收入总计", "66,307.98", "支出总计", "66,307.98")
    assert {r.source.page for r in summary.rows} == {1, 2}


def test_table_whose_first_header_line_ends_the_page_continues_with_finer_columns():
    """省法院 2018 表四: “收入 | 支出” ends page 10; page 11 draws 项目名称 | 金额 | 支出用途 under them."""
    blocks = read("jiangsu/js-high-court-2018-budget.pdf", 10, 11)
    fiscal = next(g for g in grids(blocks) if g.rows[0].cells[0] == "收入")
    assert cells(fiscal)[:3] == [
        ("收入", "收入", "支出", "支出"),
        ("项目名称", "金额", "支出用途", "支出用途"),
        ("", "", "项目名称", "金额"),
    ]
    assert cells(fiscal)[-1] == ("收入合计", "33,172.15", "支出合计", "33,172.15")
    assert {r.source.page for r in fiscal.rows} == {1, 2}


def test_text_set_outside_the_page_is_not_read():
    """省人大办公厅 2017, page 11: the spreadsheet's next table runs on below the page edge, unprinted."""
    blocks = read("jiangsu/js-npc-office-2017-budget.pdf", 11, 11)
    assert [type(b).__name__ for b in blocks] == ["TextLine", "TextLine", "GridBlock"]
    assert blocks[0].text == "财政拨款支出预算表"
    assert cells(blocks[2])[-1] == ("2210202", "提租补贴", "1,018.01")
