"""The rows shared by the spreadsheet formats (``csv``, ``xlsx``): one row a finding, with the disclosure's
identity repeated on each row so that a filtered sheet still says which department a finding is about.

Values are kept typed (line and page numbers as ``int``, expected/actual amounts as ``Decimal`` when they are
numbers) so that the workbook writes number cells; the CSV writes them as printed.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from budgetrules.api import FileReport, Finding

__all__ = ["COLUMNS", "SUMMARY_COLUMNS", "finding_row", "error_row", "summary_row", "number", "defuse"]

#: The columns of the findings sheet / CSV.
COLUMNS = ("文件", "页", "行", "规则", "级别", "问题", "表", "编码", "行名", "列", "应为", "实为", "对照", "原因组",
           "由此引起", "部门", "年度", "类型", "规则集", "指纹")

#: The columns of the summary sheet: one row a disclosure.
SUMMARY_COLUMNS = ("文件", "部门", "年度", "类型", "规则集", "错误", "警告", "提示", "状态")


def number(text: str | None) -> Decimal | str | None:
    """``text`` as a Decimal when it is a plain decimal number (``439.02``, ``-95.00``), else unchanged."""
    if text is None:
        return None
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return text
    return value if value.is_finite() else text


def defuse(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``) prefixed with
    ``'`` so that it stays text; numbers and other values unchanged."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    return isinstance(number(text), Decimal)


def _related(f: Finding) -> str:
    out = []
    for rel in f.related:
        where = rel.path + (f":{rel.line}" if rel.line is not None else "")
        out.append(f"{rel.describe()}（{where}）")
    return "；".join(out)


def finding_row(report: FileReport, f: Finding) -> tuple[Any, ...]:
    """The row of one finding (in the order of :data:`COLUMNS`)."""
    loc = f.location
    return (loc.path, loc.page, loc.line, f.rule, f.severity.label, f.message, loc.table, loc.code, loc.row,
            loc.column, number(f.expected), number(f.actual), _related(f) or None, f.cause,
            ("是" if f.consequence else "否") if f.cause else None, report.department, report.year, report.kind,
            report.ruleset, f.fingerprint)


def error_row(report: FileReport) -> tuple[Any, ...]:
    """The row of a file that could not be read."""
    return (report.path, None, None, None, "无法读取", report.error, *([None] * (len(COLUMNS) - 6)))


def summary_row(report: FileReport) -> tuple[Any, ...]:
    """The summary row of one disclosure (in the order of :data:`SUMMARY_COLUMNS`)."""
    counts = report.counts()
    files = " + ".join(report.paths) if report.is_set else report.path
    state = f"无法读取：{report.error}" if report.error else ("有问题" if report.findings else "未发现问题")
    return (files, report.department, report.year, report.kind, report.ruleset, counts["error"],
            counts["warning"], counts["info"], state)
