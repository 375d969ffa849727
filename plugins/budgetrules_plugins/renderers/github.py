"""GitHub Actions workflow commands: each finding becomes an annotation on the file and line it is about
(``::error``, ``::warning``, ``::notice``), shown on the pull request's diff and the run's summary::

    ::error file=akto.txt,line=149,title=AR101 类的金额等于其下各款之和::类 212 城乡社区支出 的…

A file that could not be read is an ``::error`` on the file. Values are escaped as the runner expects
(``%``, CR and LF in the message; also ``:`` and ``,`` in the properties), and control characters from a
document are made visible (:mod:`budgetrules.core.textsafe`), so that text from a document can never end a
command, start another or act on the log viewer.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from budgetrules import hookimpl
from budgetrules.api import FileReport, Finding, Options, Renderer, safe_report

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding, summary: str | None = None) -> str:
    props = [f"file={escape_property(f.location.path)}"]
    if f.location.line is not None:
        props.append(f"line={f.location.line}")
    title = f"{f.rule} {summary}" if summary else f.rule
    props.append(f"title={escape_property(title)}")
    message = f.message
    place = f.location.describe()
    if place:
        message += f"\n位置：{place}"
    return f"::{_COMMAND[f.severity.value]} {','.join(props)}::{escape_data(message)}"


def stream(reports: Iterable[FileReport], options: Options = Options()) -> Iterator[str]:
    summaries = {r.id: r.summary for r in options.rules}
    for report in reports:
        report = safe_report(report)
        if report.error:
            yield f"::error file={escape_property(report.path)},title=无法读取::{escape_data(report.error)}\n"
            continue
        lines = [annotation(f, summaries.get(f.rule)) for f in report.findings]
        if lines:
            yield "\n".join(lines) + "\n"


@hookimpl
def register_renderers(register):
    register(Renderer(name="github", description="GitHub Actions 注释（在拉取请求中标注文件与行）", stream=stream,
                      suffix=".txt"))
