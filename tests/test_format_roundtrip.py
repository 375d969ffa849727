"""The same disclosure in every format gives the same tables and the same findings.

The reference sample is loaded by the text loader, written out as .docx and .xlsx (one sheet, and one sheet
per table) by :mod:`budgetrules.writers`, and read back by the Word and Excel loaders.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetrules.check import check_document, load_document
from budgetrules.writers import line_blocks, write_docx, write_xlsx


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
    return sorted((f.rule, f.location.logical(), f.location.code or "") for f in report.findings)


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
    assert dict(document.department.facts) == dict(akto.department.facts)


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
