"""The same disclosure in every format gives the same tables and the same findings.

The reference sample is loaded by the text loader, written out as .docx and .xlsx (one sheet, and one sheet
per table) by :mod:`budgetrules.testing.writers`, and read back by the Word and Excel loaders.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from budgetrules.engine.check import check_document, load_document
from budgetrules.testing.writers import line_blocks, write_docx, write_xlsx


def table_signature(document):
    """Everything a rule reads from the tables: kinds, numbers, columns, rows, codes, amounts with decimals."""
    out = []
    for t in document.tables:
        rows = tuple(
            (
                r.side,
                r.role.value,
                r.code.display if r.code else None,
                r.label,
                tuple(sorted((k, str(c.amount.value), c.amount.places, c.amount.unit.value) for k, c in r.cells.items())),
            )
            for r in t.rows
        )
        out.append((t.kind, t.number, t.title, t.unit, tuple(c.key for c in t.columns), rows, t.declared_empty))
    return out


def finding_signature(report):
    # whitespace inside headings is layout (a PDF has no spaces between Chinese characters), not content
    return sorted((f.rule, re.sub(r"\s+", "", f.location.logical()), f.location.code or "") for f in report.findings)


@pytest.fixture(scope="module")
def written_pdf(akto, tmp_path_factory):
    pytest.importorskip("reportlab")
    from budgetrules.testing.writers import write_pdf

    path = tmp_path_factory.mktemp("pdf") / "akto.pdf"
    write_pdf(akto, path)
    return path


def test_pdf_round_trip_same_tables(akto, written_pdf, registry):
    document = load_document(written_pdf, registry)
    assert document.loader == "pdf"
    assert table_signature(document) == table_signature(akto)
    # long tables ran over page breaks (their first line repeated) and were joined back into one
    assert any(len({r.source.page for r in t.rows}) > 1 for t in document.tables)


def test_pdf_round_trip_same_findings_and_sections(akto, written_pdf, registry):
    document = load_document(written_pdf, registry)
    assert finding_signature(check_document(document, registry)) == finding_signature(check_document(akto, registry))
    squeeze = lambda sections: [(s.number, re.sub(r"\s+", "", s.title)) for s in sections]  # noqa: E731
    assert squeeze(document.walk_sections()) == squeeze(akto.walk_sections())
    assert document.department == akto.department


@pytest.fixture(scope="module")
def written(akto, tmp_path_factory):
    folder = tmp_path_factory.mktemp("formats")
    paths = {
        "docx": folder / "akto.docx",
        "xlsx": folder / "akto.xlsx",
        "xlsx-sheets": folder / "akto-sheets.xlsx",
    }
    write_docx(akto, paths["docx"])
    write_xlsx(akto, paths["xlsx"])
    write_xlsx(akto, paths["xlsx-sheets"], sheet_per_table=True)
    return paths


@pytest.mark.parametrize("fmt,loader", [("docx", "docx"), ("xlsx", "xlsx"), ("xlsx-sheets", "xlsx")])
def test_same_tables_in_every_format(akto, written, registry, fmt, loader):
    document = load_document(written[fmt], registry)
    assert document.loader == loader
    assert document.kind is akto.kind and document.year == akto.year
    assert len(document.tables) == 11
    assert table_signature(document) == table_signature(akto)


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "xlsx-sheets"])
def test_same_findings_in_every_format(akto, written, registry, fmt):
    expected = finding_signature(check_document(akto, registry))
    assert expected, "the reference sample has known errors"
    assert finding_signature(check_document(load_document(written[fmt], registry), registry)) == expected


def test_same_sections_from_word(akto, written, registry):
    document = load_document(written["docx"], registry)
    assert [(s.number, s.title) for s in document.walk_sections()] == [
        (s.number, s.title) for s in akto.walk_sections()
    ]
    assert document.department == akto.department


def test_word_locations(written, registry):
    document = load_document(written["docx"], registry)
    t = document.table("income")
    total = next(t.total_rows())
    assert total.source.ref.startswith("表格 2 第 ")
    assert document.source_line(total.source.line).split("\t")[3:5] == ["合计", "1117.5"]
    part = document.sections[0]
    assert part.source.ref.startswith("段落 ")


def test_excel_cells_are_numbers_read_as_exact_decimals(written, registry):
    import openpyxl

    workbook = openpyxl.load_workbook(written["xlsx"], read_only=True)
    values = [c.value for row in workbook.active.iter_rows() for c in row if isinstance(c.value, (int, float, Decimal))]
    workbook.close()
    assert values, "amounts are written as numbers"
    document = load_document(written["xlsx"], registry)
    t = document.table("gpb_basic")
    total = next(t.total_rows())
    # 380.50 is stored as the number 380.5 with format 0.00: read back as 380.50, two decimals
    assert total.amount("total").value == Decimal("380.50") and total.amount("total").places == 2
    assert total.source.ref.startswith("Sheet1!A")
    assert all(c.source.ref.startswith("Sheet1!") for c in total.cells.values())


def test_excel_one_sheet_per_table(written, registry):
    import openpyxl

    workbook = openpyxl.load_workbook(written["xlsx-sheets"], read_only=True)
    names = workbook.sheetnames
    workbook.close()
    assert names[0] == "正文" and len(names) == 1 + sum(1 for kind, _ in line_blocks_of(written, registry) if kind == "table")
    document = load_document(written["xlsx-sheets"], registry)
    assert document.table("sangong").rows[0].source.ref.startswith("表")


def line_blocks_of(written, registry):
    return line_blocks(load_document(written["docx"], registry))


# --- files laid out the way finance bureaus make them: merged cells, several tables on one sheet ----------

EXPENSE_ROWS = [
    ("201", "", "", "一般公共服务支出", "2106.66", "1503.52", "603.14"),
    ("201", "06", "01", "行政运行", "1511.89", "1503.52", "8.37"),
    ("201", "06", "02", "一般行政管理事务", "10.00", "", "10.00"),
]


def test_excel_with_merged_cells_and_two_tables_on_one_sheet(tmp_path, registry):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "决算表"
    ws.append(["测试局2024年度部门决算"])
    ws.append(["支出决算表"])
    ws.merge_cells("A2:G2")
    ws.append(["单位：万元"])
    ws.append(["项目", None, None, None, "本年支出合计", "基本支出", "项目支出"])
    ws.merge_cells("A4:D4")
    ws.merge_cells("E4:E6")
    ws.append(["支出功能分类科目编码", None, None, "科目名称"])
    ws.merge_cells("A5:C5")
    ws.append(["类", "款", "项"])
    ws.append(["合计", None, None, None, Decimal("2940.05"), Decimal("2336.91"), Decimal("603.14")])
    ws.merge_cells("A7:D7")
    for cells in EXPENSE_ROWS:
        ws.append([c or None for c in cells[:4]] + [Decimal(c) if c else None for c in cells[4:]])
    for row in ws.iter_rows(min_row=7, max_row=ws.max_row, min_col=5, max_col=7):
        for c in row:
            c.number_format = "#,##0.00"
    ws.append([])
    ws.append(["财政拨款“三公”经费支出决算表"])
    ws.append(["单位：万元"])
    ws.append(["财政拨款“三公”经费"])
    ws.merge_cells(f"A{ws.max_row}:D{ws.max_row}")
    ws.append(["合计", None, "因公出国（境）费", None])
    ws.merge_cells(f"A{ws.max_row}:B{ws.max_row}")
    ws.merge_cells(f"C{ws.max_row}:D{ws.max_row}")
    ws.append(["预算数", "决算数", "预算数", "决算数"])
    ws.append([0.95, 0, None, None])
    for c in ws[ws.max_row][:2]:
        c.number_format = "0.00"
    path = tmp_path / "bureau.xlsx"
    wb.save(path)

    document = load_document(path, registry)
    assert (document.kind.value, document.year, document.department.name) == ("决算", 2024, "测试局")
    expense, sangong = document.tables
    assert expense.kind == "expense" and sangong.kind == "sangong"
    assert [c.key for c in expense.columns] == ["code_lei", "code_kuan", "code_xiang", "name", "total", "basic", "project"]
    total = next(expense.total_rows())
    assert total.label == "合计"  # printed in A7, merged over the code and name columns
    assert (total.amount("total").value, total.amount("total").places) == (Decimal("2940.05"), 2)
    assert total.cells["total"].source.ref == "决算表!E7"
    by_code = {r.code.code: r for r in expense.item_rows()}
    assert by_code["2010601"].amount("project").value == Decimal("8.37")
    assert by_code["2010602"].amount("total").value == Decimal("10.00") and by_code["2010602"].amount("total").places == 2
    assert by_code["2010602"].amount("basic") is None
    assert [c.key for c in sangong.columns] == ["budget:total", "total", "budget:abroad", "abroad"]
    (row,) = sangong.rows
    assert row.amount("budget:total").value == Decimal("0.95")
    assert (row.amount("total").value, row.amount("total").places) == (Decimal("0.00"), 2)


def test_word_with_merged_cells(tmp_path, registry):
    import docx

    out = docx.Document()
    out.add_paragraph("测试局2024年度部门决算")
    out.add_paragraph("支出决算表")
    out.add_paragraph("单位：万元")
    table = out.add_table(rows=4 + len(EXPENSE_ROWS), cols=7)
    grid = [
        ["项目", "", "", "", "本年支出合计", "基本支出", "项目支出"],
        ["支出功能分类科目编码", "", "", "科目名称", "", "", ""],
        ["类", "款", "项", "", "", "", ""],
        ["合计", "", "", "", "2,940.05", "2,336.91", "603.14"],
        *[list(r) for r in EXPENSE_ROWS],
    ]
    for r, cells in enumerate(grid):
        for c, text in enumerate(cells):
            if text and not (r == 6 and c < 2):  # printed once, in the merged cell above
                table.cell(r, c).text = text
    table.cell(0, 0).merge(table.cell(0, 3))
    table.cell(1, 0).merge(table.cell(1, 2))
    table.cell(3, 0).merge(table.cell(3, 3))
    table.cell(0, 4).merge(table.cell(2, 4))  # 本年支出合计 over three header lines
    table.cell(5, 1).merge(table.cell(6, 1))  # 款 06 printed once for its two 项 rows
    table.cell(5, 0).merge(table.cell(6, 0))  # and 类 201 likewise
    path = tmp_path / "bureau.docx"
    out.save(path)

    document = load_document(path, registry)
    (expense,) = document.tables
    assert expense.kind == "expense"
    assert [c.key for c in expense.columns] == ["code_lei", "code_kuan", "code_xiang", "name", "total", "basic", "project"]
    assert expense.column("total").label == "本年支出合计"  # the vertical merge is read once
    total = next(expense.total_rows())
    assert total.label == "合计" and total.amount("basic").value == Decimal("2336.91")
    assert total.cells["basic"].source.ref == "表格 1 第 4 行 第 6 格"
    assert [r.code.code for r in expense.item_rows()] == ["201", "2010601", "2010602"]


def test_old_excel_xls_with_merged_cells(tmp_path, registry):
    xlwt = pytest.importorskip("xlwt")  # only to make the .xls; reading it uses xlrd

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("决算表")
    money = xlwt.easyxf(num_format_str="#,##0.00")
    ws.write(0, 0, "测试局2024年度部门决算")
    ws.write_merge(1, 1, 0, 6, "支出决算表")
    ws.write(2, 0, "单位：万元")
    ws.write_merge(3, 3, 0, 3, "项目")
    ws.write_merge(3, 5, 4, 4, "本年支出合计")
    ws.write(3, 5, "基本支出")
    ws.write(3, 6, "项目支出")
    ws.write_merge(4, 4, 0, 2, "支出功能分类科目编码")
    ws.write(4, 3, "科目名称")
    for c, text in enumerate(["类", "款", "项"]):
        ws.write(5, c, text)
    ws.write_merge(6, 6, 0, 3, "合计")
    for c, text in zip((4, 5, 6), ("2940.05", "2336.91", "603.14")):
        ws.write(6, c, Decimal(text), money)
    for r, cells in enumerate(EXPENSE_ROWS, start=7):
        for c, text in enumerate(cells):
            if text:
                ws.write(r, c, Decimal(text), money) if c >= 4 else ws.write(r, c, text)
    path = tmp_path / "bureau.data"  # detected by content, whatever the name
    book.save(str(path))

    document = load_document(path, registry)
    assert document.loader == "xlsx" and document.kind.value == "决算"
    (expense,) = document.tables
    assert [c.key for c in expense.columns] == ["code_lei", "code_kuan", "code_xiang", "name", "total", "basic", "project"]
    total = next(expense.total_rows())
    assert total.label == "合计" and total.cells["total"].source.ref == "决算表!E7"
    assert (total.amount("project").value, total.amount("project").places) == (Decimal("603.14"), 2)
    by_code = {r.code.code: r for r in expense.item_rows()}
    assert (by_code["2010602"].amount("total").value, by_code["2010602"].amount("total").places) == (Decimal("10.00"), 2)


def test_pdf_running_header_and_page_numbers_do_not_break_tables(akto, tmp_path, registry):
    pytest.importorskip("reportlab")
    from budgetrules.testing.writers import write_pdf

    path = tmp_path / "decorated.pdf"
    write_pdf(akto, path, running_header="阿克陶县住房和城乡建设局2021年部门预算公开", page_numbers=True)
    document = load_document(path, registry)
    assert table_signature(document) == table_signature(akto)
    assert any(len({r.source.page for r in t.rows}) > 1 for t in document.tables)
    assert any(re.fullmatch(r"-\s*2\s*-", line) for line in document.lines)  # kept in the lines, not text
    assert not any(re.search(r"-\s*2\s*-$", p.text) for _, p in document.paragraphs())
    assert document.title == akto.title.replace(" ", "")  # the running header above it is not the title


def test_word_content_controls_are_read_in_body_order(akto, tmp_path, registry):
    import copy

    import docx
    from docx.oxml.ns import qn

    from budgetrules.testing.writers import write_docx

    path = tmp_path / "sdt.docx"
    write_docx(akto, path)
    wrapped = docx.Document(path)
    body = wrapped.element.body
    first_table = body.find(qn("w:tbl"))
    sdt = body.makeelement(qn("w:sdt"), {})
    content = sdt.makeelement(qn("w:sdtContent"), {})
    sdt.append(content)
    first_table.addprevious(sdt)
    content.append(copy.deepcopy(first_table))
    body.remove(first_table)
    wrapped.save(path)
    assert table_signature(load_document(path, registry)) == table_signature(akto)


def test_word_automatic_heading_numbers(akto, tmp_path, registry):
    """Headings numbered by Word (``一、`` from numbering.xml, not in the text) are read as numbered headings."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from budgetrules.testing.writers import write_docx

    path = tmp_path / "numbered.docx"
    write_docx(akto, path)
    numbered = docx.Document(path)
    numbering = numbered.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="(%2)"/></w:lvl>'
        "</w:abstractNum>"
    ))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    expected = [s for s in akto.sections if s.number == "第三部分"][0]
    headings = {s.title for s in expected.walk() if s.level > 1}
    in_part3 = False
    seen_part3 = 0
    changed = 0
    for paragraph in numbered.paragraphs:
        text = paragraph.text
        if text.startswith("第三部分"):
            seen_part3 += 1
            in_part3 = seen_part3 == 2  # the first one is the table of contents
        elif text.startswith("第四部分"):
            in_part3 = False
        match = re.match(r"^([一二三四五六七八九十]+)、(.+)$|^[（(]([一二三四五六七八九十]+)[)）]\s*(.+)$", text)
        if not (in_part3 and match and (match.group(2) or match.group(4)).strip() in headings):
            continue
        level = 0 if match.group(1) else 1
        for run in paragraph.runs[1:]:
            run._r.getparent().remove(run._r)
        paragraph.runs[0].text = match.group(2) or match.group(4)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
        ))
        changed += 1
    assert changed >= 10
    numbered.save(path)

    document = load_document(path, registry)
    part3 = [s for s in document.sections if s.number == "第三部分"][0]
    assert [(c.number, c.title) for c in part3.children] == [(c.number, c.title) for c in expected.children]
    assert [c.title for c in part3.children[9].children] == [c.title for c in expected.children[9].children]
