"""One line a finding, for ``grep`` and editors' quickfix lists (ruff's and flake8's default)::

    akto.txt:149: AR101 错误 类 212 城乡社区支出 的“总计”列金额 344.02 不等于其下各款之和 439.02（…）

No summary lines, no source lines, no nesting: a finding of a root-cause group is a line like any other. A file
that could not be read is its one error line. Control characters from a document are escaped, so that a line
is always one finding.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from budgetrules import hookimpl
from budgetrules.api import FileReport, Options, Renderer, safe_report

from .text_format import head_line


def stream(reports: Iterable[FileReport], options: Options = Options()) -> Iterator[str]:
    for report in reports:
        report = safe_report(report)
        lines = [report.error] if report.error else [head_line(f, options.color) for f in report.findings]
        if lines:
            yield "\n".join(lines) + "\n"


@hookimpl
def register_renderers(register):
    register(Renderer(name="concise", description="每个问题一行（便于 grep 和编辑器跳转）", stream=stream, suffix=".txt"))
