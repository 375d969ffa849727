"""Text output for people, like a compiler's. Each disclosure starts with a summary line — what it is
(kind, year, department), the ruleset in force and its findings by severity — and its findings follow, the
severity in Chinese (错误, 警告, 提示)::

    # akto.txt：预算 2021 阿克陶县住房和城乡建设局，规则集 xinjiang-county-budget，24 个错误，4 个警告，0 个提示
    akto.txt:149: AR101 错误 类 212 城乡社区支出 的金额 344.02 不等于……
        149 | 212		城乡社区支出	344.02	344.02
             = 位置：表二《部门（单位）收入总体情况表》 行 212 城乡社区支出 列 总计
             = 应为 439.02，实为 344.02
      ├ 同一原因 akto.txt:172: AR101 错误 类 212 城乡社区支出 的“支出预算/合计”列……
      └ 由此引起 akto.txt:153: AR103 错误 合计 行“总计”列金额 1117.5 不等于各类之和……

Findings with one root cause (:mod:`budgetrules.engine.causes`) are shown as one group at its first root finding:
the other findings stating the same cause (``同一原因``) and those that only follow from it (``由此引起``) are
nested under it, each on its own line with its own context lines indented beneath.

A document set is introduced by one line naming its files and their roles, and each finding names the file
it is about::

    # a-text.pdf + a-tables.pdf：同一套公开（文字说明 + 公开表格），预算 2017 某某厅，规则集 jiangsu-budget，1 个错误，…
    a-tables.pdf:p3:52: AR101 错误 …
    检查了 2 个文件（其中 2 个文件合为 1 套公开一并检查）：…

A file that could not be read is one line, its error. Each disclosure is written as soon as it is checked;
the last line counts files and findings, and says so when the run was interrupted.

Options (:class:`budgetrules.engine.rendering.Options`): ``show_source=False`` prints only each finding's first line
(``--no-show-source``); ``quiet`` leaves out the summary lines (``-q``); ``color`` marks severities, rule ids
and places with ANSI colours. Control characters from a document are always escaped
(:mod:`budgetrules.core.textsafe`): a document cannot move the cursor, clear the screen or start a line of its own.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from budgetrules import hookimpl
from budgetrules.api import FileReport, Finding, Options, Renderer, Severity, grouped, safe_report, status

from . import Totals, counts_text, identity_text, set_heading

#: ANSI SGR codes per severity (bold red, yellow, cyan) and for places and rule ids.
_SEVERITY_COLOR = {Severity.ERROR: "1;31", Severity.WARNING: "33", Severity.INFO: "36"}
_PLACE_COLOR, _RULE_COLOR, _DIM = "1", "35", "2"


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def where(f: Finding) -> str:
    """``path[:pPAGE][:LINE]`` of a finding."""
    loc = f.location
    out = loc.path
    if loc.page is not None:
        out += f":p{loc.page}"
    if loc.line is not None:
        out += f":{loc.line}"
    return out


def head_line(f: Finding, color: bool = False) -> str:
    """The first line of a finding: ``path:line: RULE 错误 message``."""
    return (f"{_paint(where(f), _PLACE_COLOR, color)}: {_paint(f.rule, _RULE_COLOR, color)} "
            f"{_paint(f.severity.label, _SEVERITY_COLOR[f.severity], color)} {f.message}")


def _finding(f: Finding, options: Options = Options(), indent: str = "") -> list[str]:
    lines = [head_line(f, options.color)]
    if not options.show_source:
        return lines
    loc = f.location
    if f.snippet is not None and loc.line is not None:
        lines.append(f"{indent}    {loc.line:>4} | {f.snippet.rstrip()}")
    context = []
    place = loc.describe()
    if place:
        context.append(f"位置：{place}")
    if f.expected is not None or f.actual is not None:
        context.append(f"应为 {f.expected if f.expected is not None else '—'}，实为 {f.actual if f.actual is not None else '—'}")
    for rel in f.related:
        at = rel.path + (f":{rel.line}" if rel.line is not None else "")
        context.append(f"对照：{rel.describe()}（{at}）")
    lines.extend(f"{indent}         = {_paint(c, _DIM, options.color)}" for c in context)
    return lines


def _group(lead: Finding, nested: tuple[Finding, ...], options: Options) -> list[str]:
    lines = _finding(lead, options)
    for i, f in enumerate(nested):
        branch = "└" if i == len(nested) - 1 else "├"
        word = "由此引起" if f.consequence else "同一原因"
        inner = _finding(f, options, indent="  │ " if i < len(nested) - 1 else "    ")
        lines.append(f"  {branch} {word} {inner[0]}")
        lines.extend(inner[1:])
    return lines


def report_lines(report: FileReport, options: Options = Options()) -> list[str]:
    """The lines of one disclosure: its summary line and its findings (the error line for an unreadable file),
    every text from the document escaped."""
    report = safe_report(report)
    if report.error:
        return [report.error]
    head = f"# {set_heading(report)}" + ("，" if report.is_set else "：") + identity_text(report)
    if report.ruleset:
        head += f"，规则集 {report.ruleset}"
    out = [] if options.quiet else [f"{head}，{counts_text(report.counts())}"]
    for lead, nested in grouped(report.findings):
        out.extend(_group(lead, nested, options))
    return out


def summary_line(t: Totals) -> str:
    sets = f"（其中 {t.grouped} 个文件合为 {t['sets']} 套公开一并检查）" if t["sets"] else ""
    summary = f"检查了 {t['files']} 个文件{sets}：{t['error']} 个错误，{t['warning']} 个警告，{t['info']} 个提示"
    if t["unreadable"]:
        summary += f"；{t['unreadable']} 个文件无法读取"
    return summary + "。"


def stream(reports: Iterable[FileReport], options: Options = Options()) -> Iterator[str]:
    t = Totals()
    for report in reports:
        t.add(report)
        lines = report_lines(report, options)
        if lines:
            yield "\n".join(lines) + "\n"
    done = status(reports)
    tail = "" if options.quiet else summary_line(t)
    if not done.complete:
        of = f"（共 {done.total} 个）" if done.total is not None else ""
        tail += ("\n" if tail else "") + f"检查被中断：只检查了 {t['files']} 个文件{of}，以上结果不完整。"
    if tail:
        yield tail + "\n"


@hookimpl
def register_renderers(register):
    register(Renderer(name="text", description="给人看的文本（编译器风格，附源行）", stream=stream, suffix=".txt"))
