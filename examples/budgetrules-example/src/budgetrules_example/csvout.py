"""``--format example-csv``: one finding a row, for a spreadsheet (UTF-8 with a BOM, so that Excel reads the Chinese)."""

from __future__ import annotations

import csv
import io
from typing import Iterable

from budgetrules.api import FileReport, Renderer

COLUMNS = ("文件", "行", "页", "规则", "级别", "表", "编码", "行名", "列", "说明", "应为", "实为")


def render(reports: Iterable[FileReport]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for report in reports:  # read once: works on a list or a stream of reports
        if report.error:
            writer.writerow((report.path, "", "", "", "error", "", "", "", "", report.error, "", ""))
        for f in report.findings:
            loc = f.location
            writer.writerow((loc.path, loc.line or "", loc.page or "", f.rule, f.severity.value, loc.table or "",
                             loc.code or "", loc.row or "", loc.column or "", f.message, f.expected or "",
                             f.actual or ""))
    return out.getvalue()


RENDERER = Renderer(name="example-csv", description="CSV（示例插件的输出格式；项目自带 csv 格式）", render=render)
