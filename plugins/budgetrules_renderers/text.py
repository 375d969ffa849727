"""Text output for people, like a compiler's::

    akto.txt:149: AR101 error 类 212 城乡社区支出 的金额 344.02 不等于……
        149 | 212		城乡社区支出	344.02	344.02
            = 位置：表二《部门（单位）收入总体情况表》 行 212 城乡社区支出 列 总计
            = 应为 439.02，实为 344.02

A document set is introduced by one line naming its files and their roles, and each finding names the file
it is about::

    # a-text.pdf + a-tables.pdf：同一套公开（文字说明 + 公开表格），规则集 jiangsu-budget
    a-tables.pdf:p3:52: AR101 error …
    检查了 2 个文件（其中 2 个文件合为 1 套公开一并检查）：…
"""

from __future__ import annotations

from typing import Sequence

from budgetrules import hookimpl
from budgetrules.findings import Finding
from budgetrules.rendering import Renderer
from budgetrules.report import FileReport

from . import set_heading, totals


def _finding(f: Finding) -> list[str]:
    loc = f.location
    where = loc.path
    if loc.page is not None:
        where += f":p{loc.page}"
    if loc.line is not None:
        where += f":{loc.line}"
    lines = [f"{where}: {f.rule} {f.severity.value} {f.message}"]
    if f.snippet is not None and loc.line is not None:
        lines.append(f"    {loc.line:>4} | {f.snippet.rstrip()}")
    place = loc.describe()
    if place:
        lines.append(f"         = 位置：{place}")
    if f.expected is not None or f.actual is not None:
        lines.append(f"         = 应为 {f.expected if f.expected is not None else '—'}，实为 {f.actual if f.actual is not None else '—'}")
    for rel in f.related:
        where = rel.path + (f":{rel.line}" if rel.line is not None else "")
        lines.append(f"         = 对照：{rel.describe()}（{where}）")
    return lines


def render(reports: Sequence[FileReport]) -> str:
    out: list[str] = []
    for report in reports:
        if report.error:
            out.append(f"{report.error}")
            continue
        if report.is_set:
            out.append(f"# {set_heading(report)}" + (f"，规则集 {report.ruleset}" if report.ruleset else ""))
        elif report.ruleset:
            out.append(f"# {report.path}：规则集 {report.ruleset}")
        for f in report.findings:
            out.extend(_finding(f))
    t = totals(reports)
    grouped = sum(len(r.paths) for r in reports if r.is_set)
    sets = f"（其中 {grouped} 个文件合为 {t['sets']} 套公开一并检查）" if t["sets"] else ""
    summary = f"检查了 {t['files']} 个文件{sets}：{t['error']} 个错误，{t['warning']} 个警告，{t['info']} 个提示"
    if t["unreadable"]:
        summary += f"；{t['unreadable']} 个文件无法读取"
    out.append(summary + "。")
    return "\n".join(out) + "\n"


@hookimpl
def register_renderers(register):
    register(Renderer(name="text", description="给人看的文本（编译器风格，附源行）", render=render))
