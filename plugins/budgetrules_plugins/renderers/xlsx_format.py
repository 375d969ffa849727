"""An Excel workbook (openpyxl) to send to a colleague or report to the 处长 with.

* sheet **汇总**: one row a disclosure — file(s), department, year, kind, ruleset, errors, warnings, infos and
  its state (有问题 / 未发现问题 / 无法读取 and why), with a total row;
* sheet **问题**: one row a finding (the columns of :data:`budgetrules_plugins.renderers.tabular.COLUMNS`), an
  AutoFilter on the header and the header frozen; line and page numbers and the expected and actual amounts
  are number cells (``Decimal``, so ``439.02`` is exactly that); the file cell links to the file (``#page=N``
  for a PDF), relative to where the workbook is written.

Workbooks are binary: the format yields ``bytes``, once, at the end. The sheets are written row by row in
openpyxl's write-only mode (a temporary file each), so a large batch does not hold the reports in memory.
Control characters from a document, which a workbook cannot hold, are escaped (:mod:`budgetrules.core.textsafe`);
a text cell that Excel would run as a formula is kept as text.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any, Iterable, Iterator
from urllib.parse import quote

from budgetrules import hookimpl
from budgetrules.api import FileReport, Renderer, regex, safe_report, status

from .tabular import COLUMNS, SUMMARY_COLUMNS, defuse, error_row, finding_row, summary_row


def _xl():
    """openpyxl, imported when a workbook is written, not when the command starts (a module attribute, even
    a lazy one, would be imported by pluggy looking at the plugin's attributes)."""
    import openpyxl

    return openpyxl

_HEADER_FONT = {"bold": True, "color": "FFFFFF"}
_HEADER_FILL = {"fill_type": "solid", "fgColor": "305496"}
_SEVERITY_FONT: dict[str, dict[str, Any]] = {"错误": {"bold": True, "color": "C00000"}, "警告": {"color": "9C5700"}, "提示": {"color": "1F4E78"}}
_WIDTHS = {"文件": 36, "问题": 80, "表": 30, "对照": 40, "部门": 28, "行名": 20, "列": 18, "规则集": 22, "状态": 30,
           "原因组": 14, "指纹": 18}
_NUMBER_FORMAT = "#,##0.00##"


def _header(ws, columns) -> list:
    cells = []
    for name in columns:
        cell = _xl().cell.WriteOnlyCell(ws, value=name)
        cell.font, cell.fill = _xl().styles.Font(**_HEADER_FONT), _xl().styles.PatternFill(**_HEADER_FILL)
        cells.append(cell)
    return cells


def _widths(ws, columns) -> None:
    for i, name in enumerate(columns, start=1):
        ws.column_dimensions[_xl().utils.get_column_letter(i)].width = _WIDTHS.get(name, 10)


def _cell(ws, value, name: str):
    value = defuse(value)
    cell = _xl().cell.WriteOnlyCell(ws, value=value)
    if isinstance(value, Decimal):
        cell.number_format = _NUMBER_FORMAT
    if name == "问题":
        cell.alignment = _xl().styles.Alignment(wrap_text=True, vertical="top")
    font = _SEVERITY_FONT.get(value) if name == "级别" else None
    if font is not None:
        cell.font = _xl().styles.Font(**font)
    return cell


def _link(path: str, page: int | None) -> str:
    target = quote(path.replace("\\", "/"), safe="/:")
    return f"{target}#page={page}" if page is not None and path.lower().endswith(".pdf") else target


def _row(ws, row, columns) -> list:
    cells = [_cell(ws, value, name) for value, name in zip(row, columns)]
    path, page = row[0], row[1]
    if path and columns is COLUMNS:
        cells[0].hyperlink = _link(str(path), page if isinstance(page, int) else None)
        cells[0].font = _xl().styles.Font(color="0563C1", underline="single")
    return cells


def stream(reports: Iterable[FileReport]) -> Iterator[bytes]:
    wb = _xl().Workbook(write_only=True)
    summary = wb.create_sheet("汇总")
    findings = wb.create_sheet("问题")
    _widths(summary, SUMMARY_COLUMNS)
    _widths(findings, COLUMNS)
    findings.freeze_panes = "A2"
    summary.freeze_panes = "A2"
    summary.append(_header(summary, SUMMARY_COLUMNS))
    findings.append(_header(findings, COLUMNS))
    n_findings = 0
    totals = [0, 0, 0]
    documents = 0
    for report in reports:
        report = safe_report(report)
        documents += 1
        summary.append([_cell(summary, v, n) for v, n in zip(summary_row(report), SUMMARY_COLUMNS)])
        for i, key in enumerate(("error", "warning", "info")):
            totals[i] += report.counts()[key]
        rows = [error_row(report)] if report.error else [finding_row(report, f) for f in report.findings]
        for row in rows:
            findings.append(_row(findings, row, COLUMNS))
            n_findings += 1
    state = "完整" if status(reports).complete else "检查被中断，结果不完整"
    total = [_cell(summary, v, "") for v in (f"共 {documents} 个公开文件", None, None, None, None, *totals, state)]
    for cell in total:
        cell.font = _xl().styles.Font(bold=True)
    summary.append(total)
    findings.auto_filter.ref = f"A1:{_xl().utils.get_column_letter(len(COLUMNS))}{n_findings + 1}"
    summary.auto_filter.ref = f"A1:{_xl().utils.get_column_letter(len(SUMMARY_COLUMNS))}{documents + 1}"
    out = io.BytesIO()
    wb.save(out)
    yield reproducible(out.getvalue())


_STAMP = regex.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def reproducible(data: bytes) -> bytes:
    """The workbook ``data`` with its clock readings fixed (the creation and modification times openpyxl
    records, and the time of each zip entry), so that the same reports give the same bytes on any day."""
    import zipfile  # only when a workbook is written

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _STAMP.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()


@hookimpl
def register_renderers(register):
    register(Renderer(name="xlsx", description="Excel 工作簿（汇总表与问题表，可筛选）", stream=stream, binary=True,
                      suffix=".xlsx"))
