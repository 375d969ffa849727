"""CSV for a spreadsheet: one row a finding (and one for a file that could not be read), UTF-8 with a byte
order mark so that Excel opens the Chinese correctly.

The columns are those of the workbook's findings sheet (:data:`budgetrules_plugins.renderers.tabular.COLUMNS`): file,
page, line, rule, severity (错误/警告/提示), message, table, code, row name, column, expected, actual, the other
places involved, the root-cause group and whether the finding only follows from it, and the disclosure's
department, year, kind and ruleset. Rows are written as files are checked. Control characters from a document
are escaped (:mod:`budgetrules.core.textsafe`) and a cell that a spreadsheet would run as a formula (``=…``) is
written as text.
"""

from __future__ import annotations

import csv
import io
from typing import Iterable, Iterator

from budgetrules import hookimpl
from budgetrules.api import FileReport, Renderer, safe_report

from .tabular import COLUMNS, defuse, error_row, finding_row

BOM = "\ufeff"


def _line(row: Iterable) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(["" if v is None else defuse(str(v)) for v in row])
    return out.getvalue()


def stream(reports: Iterable[FileReport]) -> Iterator[str]:
    yield BOM + _line(COLUMNS)
    for report in reports:
        report = safe_report(report)
        rows = [error_row(report)] if report.error else [finding_row(report, f) for f in report.findings]
        if rows:
            yield "".join(_line(r) for r in rows)


@hookimpl
def register_renderers(register):
    register(Renderer(name="csv", description="CSV（每个问题一行，UTF-8 带 BOM，Excel 可直接打开）", stream=stream,
                      suffix=".csv"))
