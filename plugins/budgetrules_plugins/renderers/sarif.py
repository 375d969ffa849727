"""SARIF 2.1.0 output for code-review and security dashboards.

The conventions review dashboards expect (``docs/output-formats.md``, section sarif): ``run.columnKind`` is
``unicodeCodePoints`` (Chinese text); the table, row and column are ``logicalLocations``; the page number is in
the location's ``properties``; ``partialFingerprints`` hold the line-independent fingerprint. The rules
described in ``tool.driver.rules`` are those handed in :attr:`Options.rules
<budgetrules.engine.rendering.Options.rules>` (the command line hands every registered rule).

Every file read is an ``artifact``; a file that belongs to a document set (narrative and tables checked as one)
carries ``properties`` ``budgetrules/document`` (the set's narrative path, which names the disclosure) and
``budgetrules/role``, and each result of a set carries ``properties`` ``budgetrules/document`` too; a result's
physical location is the file the finding is about.

Artifact URIs are URI references: a relative path is percent-encoded (``报告 2021.pdf`` →
``%E6%8A%A5%E5%91%8A%202021.pdf``), an absolute path is a ``file:`` URI. The other places a finding involves
(the other table of a cross-table finding) are ``relatedLocations``, referenced from the message. Each rule
has its Chinese summary as ``shortDescription``, its explanation as ``fullDescription``, ``help`` (what to
correct and the legal basis, as ``budgetrules explain`` prints them) and a ``helpUri``. A result of a group
of findings with one root cause (:mod:`budgetrules.engine.causes`) carries ``properties`` ``budgetrules/cause``
and ``budgetrules/consequence``.

The log is written as the files are checked: the run's ``tool`` first, each file's ``results`` as soon as it
is done, then ``artifacts`` (kept in a :class:`~budgetrules_plugins.renderers.Spool` meanwhile) and, when a file
could not be read or the run was interrupted, ``invocations`` with ``executionSuccessful: false``.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Iterable, Iterator
from urllib.parse import quote

from budgetrules import __version__, hookimpl
from budgetrules.api import FileReport, Finding, Location, Options, Renderer, json_text, lazy_module, status

from . import Spool

if TYPE_CHECKING:
    import json
else:
    json = lazy_module("json")  # imported when this format is used, not when the plugins are loaded

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


#: Where each rule's reference page is (``docs/rules.md``, one heading per rule).
HELP_BASE = "https://github.com/budgetrules/budgetrules/blob/main/docs/rules.md"


def uri(path: str) -> str:
    """``path`` as a SARIF artifact URI: a percent-encoded relative reference (``/`` separators), or a
    ``file:`` URI for an absolute path."""
    p = PurePath(path)
    if p.is_absolute():
        return Path(path).as_uri()
    return quote(p.as_posix(), safe="/")


def _rules(rules: Iterable[Any]) -> list[dict[str, Any]]:
    """``tool.driver.rules``: the rules handed in :attr:`Options.rules <budgetrules.engine.rendering.Options.rules>`."""
    from budgetrules.api import guidance

    out = []
    for r in rules:
        g = guidance(r)
        out.append({
            "id": r.id,
            "name": r.func.__name__ if hasattr(r.func, "__name__") and r.func.__name__.isidentifier() else r.id,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": g.description or r.summary},
            "help": {"text": g.help_text(), "markdown": g.help_markdown()},
            "helpUri": f"{HELP_BASE}#{r.id.lower()}",
            "defaultConfiguration": {"level": _LEVEL[r.severity.value]},
            "properties": {"tags": [r.family]},
        })
    return out


def _physical(loc: Location) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri(loc.path)}}
    if loc.line is not None:
        physical["region"] = {"startLine": loc.line}
    return physical


def _logical(loc: Location) -> list[dict[str, Any]]:
    return [
        {"name": value, "kind": kind}
        for kind, value in (("table", loc.table), ("row", " ".join(x for x in (loc.code, loc.row) if x) or None),
                            ("column", loc.column), ("section", loc.section))
        if value
    ]


def _result(f: Finding, report: FileReport) -> dict[str, Any]:
    loc = f.location
    location: dict[str, Any] = {"physicalLocation": _physical(loc)}
    logical = _logical(loc)
    if logical:
        location["logicalLocations"] = logical
    props: dict[str, Any] = {k: v for k, v in (("page", loc.page), ("ref", loc.ref), ("expected", f.expected), ("actual", f.actual))
             if v is not None}
    if props:
        location["properties"] = props
    message = f.message
    related = []
    for i, rel in enumerate(f.related, start=1):
        entry: dict[str, Any] = {"id": i, "physicalLocation": _physical(rel),
                                 "message": {"text": rel.describe() or rel.path}}
        if _logical(rel):
            entry["logicalLocations"] = _logical(rel)
        related.append(entry)
    if related:
        message += "（对照：" + "、".join(f"[{_escape_link(r['message']['text'])}]({r['id']})" for r in related) + "）"
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "level": _LEVEL[f.severity.value],
        "message": {"text": message},
        "locations": [location],
        "partialFingerprints": {"budgetrules/v1": f.fingerprint},
    }
    if related:
        result["relatedLocations"] = related
    props = {}
    if report.is_set:
        props["budgetrules/document"] = report.path
    if f.cause is not None:
        props["budgetrules/cause"] = f.cause
        props["budgetrules/consequence"] = f.consequence
    if props:
        result["properties"] = props
    return result


def _escape_link(text: str) -> str:
    """Text placed inside ``[…]`` of a SARIF message link: brackets and backslashes escaped."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _artifacts(report: FileReport) -> list[dict[str, Any]]:
    if not report.is_set:
        return [{"location": {"uri": uri(report.path)}}]
    return [{"location": {"uri": uri(part.path)},
             "properties": {"budgetrules/document": report.path, "budgetrules/role": part.role}}
            for part in report.parts]


def _dumps(value: Any, indent: int) -> str:
    return json_text(json.dumps(value, ensure_ascii=False, indent=2)).replace("\n", "\n" + " " * indent)


def stream(reports: Iterable[FileReport], options: Options = Options()) -> Iterator[str]:
    tool = {"driver": {"name": "budgetrules", "version": __version__, "informationUri":
                       "https://github.com/budgetrules/budgetrules", "rules": _rules(options.rules)}}
    yield ('{\n  "version": "2.1.0",\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n'
           f'  "runs": [\n    {{\n      "tool": {_dumps(tool, 6)},\n      "columnKind": "unicodeCodePoints",\n'
           '      "results": [')
    artifacts = Spool()
    notifications = []
    first = True
    for report in reports:
        chunk = []
        for f in report.findings:
            chunk.append(("\n        " if first else ",\n        ") + _dumps(_result(f, report), 8))
            first = False
        if chunk:
            yield "".join(chunk)
        for artifact in _artifacts(report):
            artifacts.write(("" if artifacts.empty else ",\n        ") + _dumps(artifact, 8))
        if report.error:
            notifications.append({"level": "error", "message": {"text": report.error},
                                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(report.path)}}}]})
    yield "]" if first else "\n      ]"
    if artifacts.empty:
        yield ',\n      "artifacts": []'
    else:
        yield ',\n      "artifacts": [\n        '
        yield from artifacts.drain()
        yield "\n      ]"
    if not status(reports).complete:
        notifications.append({"level": "error", "message": {"text": "检查被中断：只列出了中断前检查完的文件。"}})
    if notifications:
        invocations = [{"executionSuccessful": False, "toolExecutionNotifications": notifications}]
        yield f',\n      "invocations": {_dumps(invocations, 6)}'
    yield "\n    }\n  ]\n}\n"


@hookimpl
def register_renderers(register):
    register(Renderer(name="sarif", description="SARIF 2.1.0（代码审查与安全看板）", stream=stream, suffix=".sarif"))
