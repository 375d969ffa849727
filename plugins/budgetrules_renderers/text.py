"""Text output for people, like a compiler's. Each disclosure starts with a summary line — what it is
(kind, year, department), the ruleset in force and its findings by severity — and its findings follow::

    # akto.txt：预算 2021 阿克陶县住房和城乡建设局，规则集 xinjiang-county-budget，24 个错误，4 个警告，0 个提示
    akto.txt:149: AR101 error 类 212 城乡社区支出 的金额 344.02 不等于……
        149 | 212		城乡社区支出	344.02	344.02
            = 位置：表二《部门（单位）收入总体情况表》 行 212 城乡社区支出 列 总计
            = 应为 439.02，实为 344.02

A document set is introduced by one line naming its files and their roles, and each finding names the file
it is about::

    # a-text.pdf + a-tables.pdf：同一套公开（文字说明 + 公开表格），预算 2017 某某厅，规则集 jiangsu-budget，1 个错误，…
    a-tables.pdf:p3:52: AR101 error …
    检查了 2 个文件（其中 2 个文件合为 1 套公开一并检查）：…

A file that could not be read is one line, its error. Each disclosure is written as soon as it is checked;
the last line counts files and findings, and says so when the run was interrupted.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from budgetrules import hookimpl
from budgetrules.findings import Finding
from budgetrules.rendering import Renderer, status
from budgetrules.report import FileReport

from . import Totals, counts_text, identity_text, set_heading


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


def report_lines(report: FileReport) -> list[str]:
    """The lines of one disclosure: its summary line and its findings (the error line for an unreadable file)."""
    if report.error:
        return [report.error]
    head = f"# {set_heading(report)}" + ("，" if report.is_set else "：") + identity_text(report)
    if report.ruleset:
        head += f"，规则集 {report.ruleset}"
    out = [f"{head}，{counts_text(report.counts())}"]
    for f in report.findings:
        out.extend(_finding(f))
    return out


def summary_line(t: Totals) -> str:
    sets = f"（其中 {t.grouped} 个文件合为 {t['sets']} 套公开一并检查）" if t["sets"] else ""
    summary = f"检查了 {t['files']} 个文件{sets}：{t['error']} 个错误，{t['warning']} 个警告，{t['info']} 个提示"
    if t["unreadable"]:
        summary += f"；{t['unreadable']} 个文件无法读取"
    return summary + "。"


def stream(reports: Iterable[FileReport]) -> Iterator[str]:
    t = Totals()
    for report in reports:
        t.add(report)
        yield "\n".join(report_lines(report)) + "\n"
    done = status(reports)
    tail = summary_line(t)
    if not done.complete:
        of = f"（共 {done.total} 个）" if done.total is not None else ""
        tail += f"\n检查被中断：只检查了 {t['files']} 个文件{of}，以上结果不完整。"
    yield tail + "\n"


@hookimpl
def register_renderers(register):
    register(Renderer(name="text", description="给人看的文本（编译器风格，附源行）", stream=stream, suffix=".txt"))
