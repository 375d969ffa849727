"""One self-contained HTML page to open in a browser, mail to a colleague or print: a summary table of the
disclosures checked, then each disclosure's findings with the source line they point at.

* **Self-contained**: the styles are inline and nothing is loaded from anywhere (a Content-Security-Policy of
  ``default-src 'none'`` says so to the browser); no script.
* **Chinese**: ``lang="zh-CN"``, UTF-8, a font stack of the usual CJK fonts of Windows, macOS and Linux.
* **Printable**: A4 pages, each disclosure on a new page, a finding never split across pages, links printed
  as plain text.
* **Grouped**: findings with one root cause (:mod:`budgetrules.engine.causes`) are shown once, at the cause, with the
  findings that state the same cause and those that follow from it nested beneath.

Written as the files are checked: the head first, each disclosure's section as soon as it is done, and the
summary table last — placed first on the page by the layout (CSS ``order``), so nothing has to wait for the
whole batch. Every text from a document is HTML-escaped and its control characters made visible
(:mod:`budgetrules.core.textsafe`).
"""

from __future__ import annotations

from typing import Iterable, Iterator

from budgetrules import __version__, hookimpl
from budgetrules.api import FileReport, Finding, Options, Renderer, grouped, safe_report, status

from . import Totals, counts_text, identity_text, set_heading

_CSS = """
:root { --err: #b00020; --warn: #8a5a00; --info: #1f4e78; --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f8fa; color: #1f2328;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimSun", sans-serif;
  font-size: 15px; line-height: 1.6; }
main { display: flex; flex-direction: column; gap: 1.2rem; max-width: 1100px; margin: 0 auto; padding: 1.5rem; }
header h1 { font-size: 1.5rem; margin: 0; }
header p { margin: .2rem 0 0; color: var(--muted); }
header { order: -2; }
#summary { order: -1; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.2rem; }
h2 { font-size: 1.15rem; margin: 0 0 .3rem; word-break: break-all; }
.identity { margin: 0 0 .8rem; color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eaeef2; white-space: nowrap; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
ol.findings, ol.nested { list-style: none; margin: 0; padding: 0; }
li.finding { border-left: 4px solid var(--line); padding: .4rem .7rem; margin: .6rem 0; background: #fafbfc;
  break-inside: avoid; }
li.error { border-left-color: var(--err); }
li.warning { border-left-color: var(--warn); }
li.info { border-left-color: var(--info); }
ol.nested { margin-left: 1.2rem; }
ol.nested li.finding { background: #fff; }
.head { font-size: .9rem; color: var(--muted); }
.sev { font-weight: bold; }
.error .sev { color: var(--err); } .warning .sev { color: var(--warn); } .info .sev { color: var(--info); }
.rule { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: bold; color: #6639ba; }
.tag { display: inline-block; font-size: .8rem; border: 1px solid currentColor; border-radius: 3px;
  padding: 0 .3rem; margin-right: .3rem; color: var(--muted); }
.msg { margin: .2rem 0; }
pre.src { margin: .3rem 0; padding: .3rem .5rem; background: #f0f3f6; overflow-x: auto; white-space: pre-wrap;
  word-break: break-all; font-family: ui-monospace, "DejaVu Sans Mono", "WenQuanYi Zen Hei Mono", monospace;
  font-size: .85rem; tab-size: 4; }
pre.src .ln { color: var(--muted); user-select: none; }
dl.ctx { margin: .2rem 0 0; display: grid; grid-template-columns: max-content 1fr; gap: 0 .8rem; font-size: .9rem; }
dl.ctx dt { color: var(--muted); } dl.ctx dd { margin: 0; }
.unreadable { color: var(--err); }
.clean { color: #1a7f37; }
footer { color: var(--muted); font-size: .85rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  section { border: none; padding: 0; }
  section.file { break-before: page; }
  a { color: inherit; text-decoration: none; }
  li.finding { background: #fff; }
}
"""


def _e(text: object) -> str:
    from html import escape  # imported by HTML output only (the html module loads a large table of entities)

    return escape("" if text is None else str(text), quote=True)


def _where(f: Finding) -> str:
    loc = f.location
    out = loc.path
    if loc.page is not None:
        out += f" 第{loc.page}页"
    if loc.line is not None:
        out += f" 第{loc.line}行"
    return out


def _finding(f: Finding, tag: str | None = None) -> list[str]:
    loc = f.location
    out = [f'<li class="finding {f.severity.value}">',
           '<div class="head">' + (f'<span class="tag">{_e(tag)}</span>' if tag else "")
           + f'<span class="sev">{_e(f.severity.label)}</span> <span class="rule">{_e(f.rule)}</span> '
           f'<span class="where">{_e(_where(f))}</span></div>',
           f'<p class="msg">{_e(f.message)}</p>']
    if f.snippet is not None and loc.line is not None:
        out.append(f'<pre class="src"><span class="ln">{loc.line:>5} | </span>{_e(f.snippet.rstrip())}</pre>')
    ctx = []
    place = loc.describe()
    if place:
        ctx.append(("位置", place))
    if f.expected is not None or f.actual is not None:
        ctx.append(("应为 / 实为", f"{f.expected if f.expected is not None else '—'} / "
                                  f"{f.actual if f.actual is not None else '—'}"))
    for rel in f.related:
        at = rel.path + (f" 第{rel.line}行" if rel.line is not None else "")
        ctx.append(("对照", f"{rel.describe()}（{at}）"))
    if ctx:
        out.append('<dl class="ctx">' + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in ctx) + "</dl>")
    return out


def _section(report: FileReport, index: int) -> str:
    out = [f'<section class="file" id="f{index}">', f"<h2>{_e(set_heading(report))}</h2>"]
    if report.error:
        out.append(f'<p class="unreadable">无法读取：{_e(report.error)}</p>')
        return "\n".join(out + ["</section>\n"])
    ident = identity_text(report) + (f" · 规则集 {report.ruleset}" if report.ruleset else "")
    out.append(f'<p class="identity">{_e(ident)} · {_e(counts_text(report.counts()))}</p>')
    if not report.findings:
        out.append('<p class="clean">未发现问题。</p>')
    else:
        out.append('<ol class="findings">')
        for lead, nested in grouped(report.findings):
            out.extend(_finding(lead))
            if nested:
                out.append('<ol class="nested">')
                for f in nested:
                    out.extend(_finding(f, "由此引起" if f.consequence else "同一原因"))
                    out.append("</li>")
                out.append("</ol>")
            out.append("</li>")
        out.append("</ol>")
    return "\n".join(out + ["</section>\n"])


def _summary_row(report: FileReport, index: int) -> str:
    counts = report.counts()
    state = "无法读取" if report.error else ("未发现问题" if not report.findings else "有问题")
    cells = [f'<td><a href="#f{index}">{_e(set_heading(report))}</a></td>', f"<td>{_e(report.department or '—')}</td>",
             f"<td>{_e(report.year or '—')}</td>", f"<td>{_e(report.kind or '—')}</td>",
             f"<td>{_e(report.ruleset or '—')}</td>",
             *(f'<td class="n">{counts[k]}</td>' for k in ("error", "warning", "info")), f"<td>{_e(state)}</td>"]
    return "<tr>" + "".join(cells) + "</tr>"


def stream(reports: Iterable[FileReport], options: Options = Options()) -> Iterator[str]:
    yield ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">\n'
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           f'<meta name="generator" content="budgetrules {_e(__version__)}">\n'
           "<title>部门预算/决算公开检查报告</title>\n"
           f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
           "<header><h1>部门预算/决算公开检查报告</h1>"
           f"<p>budgetrules {_e(__version__)} 生成</p></header>\n")
    t = Totals()
    rows: list[str] = []
    for report in reports:
        report = safe_report(report)
        t.add(report)
        index = t["documents"]
        rows.append(_summary_row(report, index))
        yield _section(report, index)
    done = status(reports)
    total = (f"检查了 {t['files']} 个文件：{t['error']} 个错误，{t['warning']} 个警告，{t['info']} 个提示"
             + (f"；{t['unreadable']} 个文件无法读取" if t["unreadable"] else "") + "。")
    if not done.complete:
        total += "检查被中断，以下结果不完整。"
    yield ('<section id="summary">\n<h2>汇总</h2>\n'
           f"<p>{_e(total)}</p>\n<table>\n<thead><tr><th>文件</th><th>部门</th><th>年度</th><th>类型</th><th>规则集</th>"
           "<th>错误</th><th>警告</th><th>提示</th><th>状态</th></tr></thead>\n<tbody>\n"
           + "\n".join(rows) + "\n</tbody>\n</table>\n</section>\n"
           "<footer>每个问题列出文件、页码或行号、规则编号与级别、所依据的数字和原文行；"
           "规则的说明、整改建议与依据见 <code>budgetrules explain 规则编号</code>。</footer>\n"
           "</main>\n</body>\n</html>\n")


@hookimpl
def register_renderers(register):
    register(Renderer(name="html", description="HTML 报告（单个文件、无需联网、可打印）", stream=stream, suffix=".html"))
