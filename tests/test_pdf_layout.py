"""How the PDF loader lays out a page: small PDFs drawn in the test (reportlab) and plain-data layouts.

Each PDF is drawn with exact positions (:mod:`pdfdraw`), read with :func:`read_pdf_blocks`, and checked on
what the loader hands over: every grid is the printed table — its columns, its header and data lines,
nothing more — and text lines come in reading order, title blocks outside the grids.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

pytest.importorskip("reportlab")

import pdfdraw as d  # noqa: E402

from budgetrules.core.amounts import Unit  # noqa: E402
from budgetrules.core.model import Source  # noqa: E402
from budgetrules.reading.assemble import GridBlock, TextLine  # noqa: E402
from budgetrules.reading.tablebuild import build_table  # noqa: E402
from budgetrules_plugins.loaders import pdflayout  # noqa: E402

pytestmark = pytest.mark.usefixtures("pdf_reader")


def read_blocks(path: Path):
    """The blocks of a PDF, read by the reader in force (each test runs once per reader)."""
    from budgetrules_plugins.loaders.pdf import read_pdf_blocks
    from budgetrules_plugins.loaders.pdfpages import reader

    blocks, _ = read_pdf_blocks(str(path), reader().read_pages(str(path), path.read_bytes()))
    return blocks


def grids(blocks) -> list[list[tuple[str, ...]]]:
    return [[r.cells for r in b.rows] for b in blocks if isinstance(b, GridBlock)]


def texts(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, TextLine)]


def labels(rows) -> list[str]:
    """The column labels build_table reads from a grid's header lines (label paths joined by /)."""
    table = build_table(
        kind=None, title="t", unit=Unit.WAN, rows=[_row(r) for r in rows], source=Source("t")
    )
    return [c.label for c in table.columns]


def _row(cells):
    from budgetrules.reading.tablebuild import GridRow

    return GridRow(tuple(cells), Source("t"))


# --- ruled tables -----------------------------------------------------------------------------------------

SANGONG_XS = [40, 100, 160, 225, 285, 345, 410, 470, 530]
SANGONG_HEADER = [
    (0, 0, "合计", 3, 1),
    (0, 1, "“三公”经费", 1, 6),
    (0, 7, "会议费", 3, 1),
    (1, 1, "小计", 2, 1),
    (1, 2, "因公出国（境）费", 2, 1),
    (1, 3, "公务用车购置及运行维护费", 1, 3),
    (1, 6, "公务接待费", 2, 1),
    (2, 3, "小计"),
    (2, 4, "公务用车购置费"),
    (2, 5, "公务用车运行维护费"),
]
SANGONG_DATA = ["2,599.37", "670.12", "180.00", "304.40", "0.00", "304.40", "185.72", "228.00"]


def test_merged_three_line_header_gives_each_column_its_full_path(tmp_path):
    spec = SANGONG_HEADER + [(3, c, v) for c, v in enumerate(SANGONG_DATA)]
    path = d.write(tmp_path / "sangong.pdf", [[
        d.text(200, 60, "“三公”经费支出预算表", 12),
        d.text(460, 80, "单位：万元", 9),
        *d.cells(SANGONG_XS, [100, 120, 140, 160, 180], spec, size=6),
    ]])
    blocks = read_blocks(path)
    assert texts(blocks) == ["“三公”经费支出预算表", "单位：万元"]
    (rows,) = grids(blocks)
    assert rows[-1] == tuple(SANGONG_DATA)
    assert all(len(r) == 8 for r in rows)
    assert labels(rows) == [
        "合计",
        '"三公"经费/小计',
        '"三公"经费/因公出国(境)费',
        '"三公"经费/公务用车购置及运行维护费/小计',
        '"三公"经费/公务用车购置及运行维护费/公务用车购置费',
        '"三公"经费/公务用车购置及运行维护费/公务用车运行维护费',
        '"三公"经费/公务接待费',
        "会议费",
    ]


def test_header_ruled_apart_from_the_body_makes_no_phantom_column(tmp_path):
    """The header's rules stand at other x than the body's: the body's columns are the table's."""
    header_xs, body_xs = [40, 150, 250, 350, 450], [40, 160, 245, 356, 450]
    header = [(0, 0, "项目"), (0, 1, "合计"), (0, 2, "基本支出"), (0, 3, "项目支出")]
    body = [
        (0, 0, "一般公共服务支出"), (0, 1, "1,234.56"), (0, 2, "1,000.00"), (0, 3, "234.56"),
        (1, 0, "教育支出"), (1, 1, "20.00"), (1, 2, "20.00"), (1, 3, ""),
    ]
    path = d.write(tmp_path / "apart.pdf", [[
        *d.cells(header_xs, [100, 120], header),
        *d.cells(body_xs, [120, 140, 160], body),
    ]])
    (rows,) = grids(read_blocks(path))
    assert rows == [
        ("项目", "合计", "基本支出", "项目支出"),
        ("一般公共服务支出", "1,234.56", "1,000.00", "234.56"),
        ("教育支出", "20.00", "20.00", ""),
    ]


def test_phantom_column_boundary_of_a_one_line_body_still_follows_the_body(tmp_path):
    """Three header lines against one line of amounts: the amounts' rules still decide the columns."""
    header_xs = [40, 100, 165, 225, 285, 350, 410, 470, 530]
    spec = [
        (0, 0, "合计", 3, 1), (0, 1, "“三公”经费", 1, 6), (0, 7, "会议费", 3, 1),
        (1, 1, "小计", 2, 1), (1, 2, "因公出国（境）费", 2, 1), (1, 3, "公务用车购置及运行维护费", 1, 3),
        (1, 6, "公务接待费", 2, 1), (2, 3, "小计"), (2, 4, "公务用车购置费"), (2, 5, "公务用车运行维护费"),
    ]
    path = d.write(tmp_path / "offset.pdf", [[
        *d.cells(header_xs, [100, 120, 140, 160], spec, size=6),
        *d.cells(SANGONG_XS, [160, 180], [(0, c, v) for c, v in enumerate(SANGONG_DATA)], size=6),
    ]])
    (rows,) = grids(read_blocks(path))
    assert rows[-1] == tuple(SANGONG_DATA)
    assert labels(rows)[2] == '"三公"经费/因公出国(境)费'
    assert len(labels(rows)) == 8


def test_double_border_line_makes_no_column(tmp_path):
    xs, ys = [40, 200, 300], [100, 120, 140, 160]
    spec = [(0, 0, "经济科目名称"), (0, 1, "金额"), (1, 0, "办公费"), (1, 1, "12.50"), (2, 0, "印刷费"), (2, 1, "3.00")]
    path = d.write(tmp_path / "double.pdf", [[*d.cells(xs, ys, spec), d.vline(204.5, 100, 160), d.vline(295.5, 100, 160)]])
    (rows,) = grids(read_blocks(path))
    assert rows == [("经济科目名称", "金额"), ("办公费", "12.50"), ("印刷费", "3.00")]


def test_invisible_cell_backgrounds_make_no_rulings(tmp_path):
    """An Excel export paints a white box behind every cell, the title's included: no table there."""
    xs, ys = [60, 260, 360], [130, 150, 170]
    spec = [(0, 0, "项目名称"), (0, 1, "金额"), (1, 0, "收入总计"), (1, 1, "9,146.79")]
    boxes = [d.white_box(x0, 60, x1, 170) for x0, x1 in [(60, 160), (160, 260), (260, 360)]]
    boxes += [d.white_box(60, 60, 360, 90), d.white_box(60, 90, 360, 110)]
    path = d.write(tmp_path / "excel.pdf", [[
        *boxes,
        d.text(150, 64, "收入预算总表", 14),
        d.text(60, 95, "部门：测试局", 9),
        d.text(310, 95, "单位：万元", 9),
        *d.cells(xs, ys, spec),
    ]])
    blocks = read_blocks(path)
    assert texts(blocks) == ["收入预算总表", "部门：测试局 单位：万元"]
    assert grids(blocks) == [[("项目名称", "金额"), ("收入总计", "9,146.79")]]
    assert isinstance(blocks[-1], GridBlock)


def test_title_block_and_note_inside_the_frame_are_text_lines(tmp_path):
    xs, ys = [60, 260, 360], [100, 120, 140, 160, 180, 200]
    spec = [
        (0, 0, "一般公共预算支出表", 1, 2),
        (1, 0, "部门：测试局                 单位：万元", 1, 2),
        (2, 0, "科目名称"), (2, 1, "金额"),
        (3, 0, "办公费"), (3, 1, "12.50"),
        (4, 0, "注：本表金额保留两位小数。", 1, 2),
    ]
    blocks = read_blocks(d.write(tmp_path / "framed.pdf", [d.cells(xs, ys, spec)]))
    assert [type(b).__name__ for b in blocks] == ["TextLine", "TextLine", "GridBlock", "TextLine"]
    assert texts(blocks) == ["一般公共预算支出表", "部门：测试局 单位：万元", "注：本表金额保留两位小数。"]
    assert grids(blocks) == [[("科目名称", "金额"), ("办公费", "12.50")]]


def test_frame_left_open_at_the_top_of_a_page_is_closed(tmp_path):
    """At a page break the vertical rules run on above the first horizontal one: that line is a row too."""
    xs = [60, 160, 300, 400]
    draws = [d.vline(x, 60, 120) for x in xs] + [d.hline(60, 400, y) for y in (80, 100, 120)]
    for top, row in [(64, ("20101", "人大事务", "10.00")), (84, ("2010101", "行政运行", "8.00")),
                     (104, ("2010102", "一般行政管理事务", "2.00"))]:
        draws += [d.text(63, top, row[0], 9), d.text(163, top, row[1], 9), d.text(397, top, row[2], 9, "right")]
    (rows,) = grids(read_blocks(d.write(tmp_path / "open.pdf", [draws])))
    assert rows[0] == ("20101", "人大事务", "10.00")
    assert len(rows) == 3


# --- continuation and separation -------------------------------------------------------------------------

CODE_XS = [60, 110, 150, 300, 400, 500]
CODE_HEADER = [(0, 0, "类"), (0, 1, "款"), (0, 2, "科目名称"), (0, 3, "合计"), (0, 4, "基本支出")]


def _rows(start: int, items) -> list[tuple]:
    spec = []
    for k, (lei, kuan, name, total, basic) in enumerate(items):
        spec += [(start + k, 0, lei), (start + k, 1, kuan), (start + k, 2, name), (start + k, 3, total),
                 (start + k, 4, basic)]
    return spec


def _ys(top: float, n: int, step: float = 20) -> list[float]:
    return [top + step * k for k in range(n + 1)]


def test_table_continued_on_the_next_page_is_one_grid_and_its_repeated_header_is_dropped(tmp_path):
    page1 = _rows(1, [("201", "", "一般公共服务支出", "30.00", "20.00"), ("201", "01", "人大事务", "30.00", "20.00")])
    page2 = _rows(1, [("205", "", "教育支出", "5.00", "5.00"), ("205", "08", "进修及培训", "5.00", "5.00")])
    path = d.write(tmp_path / "continued.pdf", [
        [d.text(200, 60, "一般公共预算支出表", 12), *d.cells(CODE_XS, _ys(700, 3), CODE_HEADER + page1)],
        [*d.cells(CODE_XS, _ys(60, 4), CODE_HEADER + page2 + [(3, 0, "合计", 1, 3), (3, 3, "35.00"), (3, 4, "25.00")])],
    ])
    (rows,) = grids(read_blocks(path))
    assert rows[0] == ("类", "款", "科目名称", "合计", "基本支出")
    assert [r[2] for r in rows[1:]] == ["一般公共服务支出", "人大事务", "教育支出", "进修及培训", "合计"]
    assert rows[-1] == ("", "", "合计", "35.00", "25.00")


def test_total_line_merging_columns_alone_on_the_next_page_continues_the_table(tmp_path):
    page1 = _rows(1, [("201", "", "一般公共服务支出", "30.00", "20.00")])
    path = d.write(tmp_path / "total.pdf", [
        [*d.cells(CODE_XS, _ys(740, 2), CODE_HEADER + page1)],
        [*d.cells(CODE_XS, _ys(60, 1), [(0, 0, "合计", 1, 3), (0, 3, "30.00"), (0, 4, "20.00")])],
    ])
    (rows,) = grids(read_blocks(path))
    assert rows[-1] == ("", "", "合计", "30.00", "20.00")
    assert len(rows) == 3


def test_row_broken_over_the_page_break_is_joined(tmp_path):
    xs = [60, 138, 300]  # the name column is as wide as eight characters: a longer name wraps
    page1 = d.cells(xs, [700, 720, 740, 780], [
        (0, 0, "项目"), (0, 1, "金额"), (1, 0, "一、外交支出"), (1, 1, "10.00"),
    ]) + [d.hline(60, 300, 780)] + [d.vline(x, 740, 780) for x in xs] + [
        d.text(63, 744, "八、社会保障和就", 9), d.text(297, 744, "1,608.51", 9, "right"),
    ]
    page2 = [d.vline(x, 60, 100) for x in xs] + [d.hline(60, 300, 80), d.hline(60, 300, 100)] + [
        d.text(63, 64, "业支出", 9), d.text(63, 84, "九、卫生健康支出", 9), d.text(297, 84, "3.00", 9, "right"),
    ]
    (rows,) = grids(read_blocks(d.write(tmp_path / "broken.pdf", [page1, page2])))
    assert [r[0] for r in rows] == ["项目", "一、外交支出", "八、社会保障和就业支出", "九、卫生健康支出"]
    assert rows[2] == ("八、社会保障和就业支出", "1,608.51")


def test_another_table_with_the_same_columns_at_the_top_of_the_next_page_is_not_joined(tmp_path):
    xs = [60, 200, 300]
    path = d.write(tmp_path / "two.pdf", [
        [*d.cells(xs, _ys(720, 3), [(0, 0, "功能科目名称"), (0, 1, "金额"), (1, 0, "合计"), (1, 1, "10.00"),
                                    (2, 0, "一般公共服务支出"), (2, 1, "10.00")])],
        [*d.cells(xs, _ys(60, 2), [(0, 0, "经济科目名称"), (0, 1, "预算数"), (1, 0, "办公费"), (1, 1, "4.00")])],
    ])
    assert [len(g) for g in grids(read_blocks(path))] == [3, 2]


def test_two_tables_one_under_the_other_are_two_grids(tmp_path):
    xs = [60, 200, 300]
    first = [(0, 0, "功能科目名称"), (0, 1, "金额"), (1, 0, "一般公共服务支出"), (1, 1, "10.00")]
    second = [(0, 0, "经济科目名称"), (0, 1, "金额"), (1, 0, "办公费"), (1, 1, "4.00")]
    path = d.write(tmp_path / "adjacent.pdf", [[*d.cells(xs, _ys(100, 2), first), *d.cells(xs, _ys(150, 2), second)]])
    assert grids(read_blocks(path)) == [
        [("功能科目名称", "金额"), ("一般公共服务支出", "10.00")],
        [("经济科目名称", "金额"), ("办公费", "4.00")],
    ]


def test_two_tables_sharing_a_border_are_cut_apart(tmp_path):
    first = d.cells([60, 200, 300], _ys(100, 3), [
        (0, 0, "功能科目名称"), (0, 1, "金额"), (1, 0, "一般公共服务支出"), (1, 1, "10.00"),
        (2, 0, "教育支出"), (2, 1, "2.00"),
    ])
    second = d.cells([60, 120, 240, 300], _ys(160, 3), [
        (0, 0, "科目编码"), (0, 1, "经济科目名称"), (0, 2, "金额"), (1, 0, "30201"), (1, 1, "办公费"),
        (1, 2, "4.00"), (2, 0, "30205"), (2, 1, "水费"), (2, 2, "1.00"),
    ])
    found = grids(read_blocks(d.write(tmp_path / "stacked.pdf", [first + second])))
    assert [g[0] for g in found] == [("功能科目名称", "金额"), ("科目编码", "经济科目名称", "金额")]


# --- tables without ruling lines -------------------------------------------------------------------------

PROSE = [
    "一、收入预算情况说明。本部门2019年度收入预算总计18330.37万元，与上年相比增加",
    "2432.93万元，增长15.3%，主要原因是人员增加和项目支出增加。",
]


def _unruled_table(top: float) -> list:
    draws = [
        d.text(220, top, "一般公共预算支出表", 12),
        d.text(540, top + 22, "单位：万元", 9, "right"),
        d.text(461, top + 40, "一般公共预算支出", 9, "center"),  # centred over 合计 … 项目支出
        d.text(60, top + 54, "科目编码", 9), d.text(150, top + 54, "科目名称", 9),
        d.text(400, top + 54, "合计", 9, "right"), d.text(470, top + 54, "基本支出", 9, "right"),
        d.text(540, top + 54, "项目支出", 9, "right"),
    ]
    rows = [
        ("201", "一般公共服务支出", "1,234.56", "1,000.00", "234.56"),
        ("20101", "人大事务", "1,234.56", "1,000.00", "234.56"),
        ("208", "社会保障和就业支出", "88.00", "88.00", "-"),
        ("", "合计", "1,322.56", "1,088.00", "234.56"),
    ]
    for k, (code, name, total, basic, project) in enumerate(rows):
        y = top + 72 + 16 * k
        draws += [
            d.text(60, y, code, 9), d.text(150, y, name, 9), d.text(400, y, total, 9, "right"),
            d.text(470, y, basic, 9, "right"), d.text(540, y, project, 9, "right"),
        ]
    return draws


def test_table_without_ruling_lines_is_read_from_alignment(tmp_path):
    page = [d.text(60, 60, PROSE[0], 10), d.text(60, 76, PROSE[1], 10), *_unruled_table(120),
            d.text(60, 260, "二、支出预算情况说明。本部门支出预算总计1322.56万元。", 10)]
    blocks = read_blocks(d.write(tmp_path / "unruled.pdf", [page]))
    (rows,) = grids(blocks)
    assert rows[0] == ("", "", "一般公共预算支出", "一般公共预算支出", "一般公共预算支出")
    assert rows[1] == ("科目编码", "科目名称", "合计", "基本支出", "项目支出")
    assert rows[2] == ("201", "一般公共服务支出", "1,234.56", "1,000.00", "234.56")
    assert rows[4] == ("208", "社会保障和就业支出", "88.00", "88.00", "-")
    assert rows[-1] == ("", "合计", "1,322.56", "1,088.00", "234.56")
    assert labels(rows)[2:] == ["一般公共预算支出/合计", "一般公共预算支出/基本支出", "一般公共预算支出/项目支出"]
    kinds = [type(b).__name__ for b in blocks]
    assert kinds.index("GridBlock") == 4  # the prose paragraph, the title and the unit line come first
    assert texts(blocks)[-3:] == ["一般公共预算支出表", "单位：万元", "二、支出预算情况说明。本部门支出预算总计1322.56万元。"]


def test_prose_and_contents_with_page_numbers_are_never_a_table(tmp_path):
    contents = [d.text(60, 100 + 18 * k, entry, 10) for k, entry in enumerate(["一、部门主要职责", "二、部门机构设置", "三、收支预算总表"])]
    contents += [d.text(540, 100 + 18 * k, str(k + 3), 10, "right") for k in range(3)]
    prose = [
        d.text(60, 200, "基本支出17123.19万元，占59.35%；", 10), d.text(300, 200, "项目支出11543.27万元，占40.01%；", 10),
        d.text(60, 218, "单位预留机动经费182.92万元，占0.64%。", 10),
        d.text(60, 236, "合计", 10), d.text(300, 236, "28849.38万元", 10),
    ]
    blocks = read_blocks(d.write(tmp_path / "prose.pdf", [contents + prose]))
    assert grids(blocks) == []
    assert texts(blocks)[0] == "一、部门主要职责 3"


def test_unruled_table_continued_on_the_next_page_is_one_grid(tmp_path):
    second = [
        d.text(60, 60, "221", 9), d.text(150, 60, "住房保障支出", 9), d.text(400, 60, "20.00", 9, "right"),
        d.text(470, 60, "20.00", 9, "right"), d.text(540, 60, "-", 9, "right"),
        d.text(60, 76, "22102", 9), d.text(150, 76, "住房改革支出", 9), d.text(400, 76, "20.00", 9, "right"),
        d.text(470, 76, "20.00", 9, "right"), d.text(540, 76, "-", 9, "right"),
    ]
    (rows,) = grids(read_blocks(d.write(tmp_path / "unruled2.pdf", [_unruled_table(680), second])))
    assert [r[1] for r in rows[-3:]] == ["合计", "住房保障支出", "住房改革支出"]


# --- text lines ------------------------------------------------------------------------------------------


def _char(text, x0, top, size=10.0, bottom=None):
    return {"text": text, "x0": x0, "x1": x0 + size, "top": top, "bottom": bottom or top + size, "size": size}


def test_lines_are_ordered_by_position_not_by_the_stream():
    chars = [_char(t, 50 + 10 * k, 100) for k, t in enumerate("收入预算总计")]
    chars += [_char(t, 50 + 10 * k, 120) for k, t in enumerate("万元。")]
    random.Random(7).shuffle(chars)
    assert [l.text for l in pdflayout.text_lines(chars)] == ["收入预算总计", "万元。"]


def test_a_box_reported_a_line_below_its_glyph_is_set_on_the_baseline():
    """A font whose descent is a whole em puts the box of a digit a line below: on the baseline, the digit
    stays in its line (the text layer of chongqing-commerce-2026-budget.pdf)."""
    top, bottom = pdflayout.baseline_box(112.0, 125.7, baseline=110.0, size=13.7)
    assert (round(top, 2), round(bottom, 2)) == (99.04, 112.74)
    assert pdflayout.baseline_box(100.0, 113.7, baseline=111.0, size=13.7) == (100.0, 113.7)  # a sane box stays
    chars = [_char(t, 50 + 14 * k, 98.0, 13.7) for k, t in enumerate("年初预算数")]
    digit_top, digit_bottom = pdflayout.baseline_box(112.0, 125.7, baseline=110.0, size=13.7)
    chars.append({"text": "7", "x0": 50 + 14 * 5, "x1": 50 + 14 * 5 + 7, "top": digit_top, "bottom": digit_bottom,
                  "size": 13.7})
    assert [l.text for l in pdflayout.text_lines(chars)] == ["年初预算数7"]


def test_a_field_wrapped_in_its_box_rejoins_its_line():
    chars = [_char(t, 50 + 10 * k, 100) for k, t in enumerate("部门：中共江苏省委办")]
    chars += [_char(t, 400 + 10 * k, 105) for k, t in enumerate("单位：万元")]
    chars += [_char(t, 50 + 10 * k, 112) for k, t in enumerate("公厅")]
    (line,) = pdflayout.text_lines(chars)
    assert line.text == "部门：中共江苏省委办公厅 单位：万元"


def test_a_chart_legend_in_a_frame_is_not_a_table():
    """Words running across the "cells" a legend's frame and colour boxes make: no table, the text stays."""
    rulings = [
        {"x0": 100, "x1": 300, "top": 100, "bottom": 100, "orientation": "h"},
        {"x0": 100, "x1": 300, "top": 120, "bottom": 120, "orientation": "h"},
        {"x0": 100, "x1": 100, "top": 100, "bottom": 120, "orientation": "v"},
        {"x0": 184, "x1": 184, "top": 100, "bottom": 120, "orientation": "v"},
        {"x0": 300, "x1": 300, "top": 100, "bottom": 120, "orientation": "v"},
    ]
    chars = [_char(t, 110 + 10 * k, 105) for k, t in enumerate("基本支出")]
    chars += [_char(t, 170 + 10 * k, 105) for k, t in enumerate("项目支出")]
    chars += [_char(t, 230 + 10 * k, 105) for k, t in enumerate("预留机动经费")]
    layout = pdflayout.ruled_tables(rulings, chars)
    assert layout.grids == () and not layout.used


def test_amounts_touching_across_a_rule_stay_in_their_cells():
    """Right-aligned amounts in neighbouring cells may touch the rule between them: numbers are not a word
    running across it (重庆市商务委员会 2026 表二's 合计 line)."""
    rulings = [{"x0": 100, "x1": 300, "top": y, "bottom": y, "orientation": "h"} for y in (100, 120)]
    rulings += [{"x0": x, "x1": x, "top": 100, "bottom": 120, "orientation": "v"} for x in (100, 200, 300)]
    chars = [_char(t, 150 + 5 * k, 105, size=10) for k, t in enumerate("174,900.64")]
    chars += [_char(t, 200 + 5 * k, 105, size=10) for k, t in enumerate("101,833.84")]
    for c in chars:
        c["x1"] = c["x0"] + 5
    (grid,) = pdflayout.ruled_tables(rulings, chars).grids
    assert grid.cells == (("174,900.64", "101,833.84"),)


def test_contents_entries_with_dot_leaders_stay_one_line_each(tmp_path):
    """An entry set in a larger size runs to the margin with its dot leader: the next entry is its own line."""
    entries = ["五、部门预算表", "1. 2024年部门财务收支预算总表", "4. 2024年部门财政拨款收支预算总表", "5．2024年部门一般公共预算支出表"]
    draws = [d.text(60, 60, "目 录", 16)]
    for k, entry in enumerate(entries):
        leader = "…" * int((520 - 60 - 12 * len(entry)) / 12)
        draws.append(d.text(60, 100 + 20 * k, entry + leader, 12))
    body = "本部门预算包括部门本级预算和所属单位预算，收入预算总计一千万元，支出预算总计一千万元，详见下表。"
    draws += [d.text(60, 300 + 16 * k, body, 10) for k in range(6)]
    blocks = read_blocks(d.write(tmp_path / "contents.pdf", [draws]))
    assert [t.rstrip("…").replace(" ", "") for t in texts(blocks)[1:5]] == [e.replace(" ", "") for e in entries]
