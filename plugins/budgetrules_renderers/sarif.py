"""SARIF 2.1.0 output for code-review and security dashboards.

Following DOMAIN.md §5: ``run.columnKind`` is ``unicodeCodePoints`` (Chinese text); the table, row and column
are ``logicalLocations``; the page number is in the location's ``properties``; ``partialFingerprints`` hold
the line-independent fingerprint.

Every file read is an ``artifact``; a file that belongs to a document set (narrative and tables checked as one)
carries ``properties`` ``budgetrules/document`` (the set's narrative path, which names the disclosure) and
``budgetrules/role``, and each result of a set carries ``properties`` ``budgetrules/document`` too; a result's
physical location is the file the finding is about.

The log is written as the files are checked: the run's ``tool`` first, each file's ``results`` as soon as it
is done, then ``artifacts`` (kept in a :class:`~budgetrules_renderers.Spool` meanwhile) and, when a file
could not be read or the run was interrupted, ``invocations`` with ``executionSuccessful: false``.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Iterator

from budgetrules import __version__, hookimpl
from budgetrules.findings import Finding
from budgetrules.rendering import Renderer, status
from budgetrules.report import FileReport

from . import Spool

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rules() -> list[dict[str, Any]]:
    from budgetrules.plugins import get_registry

    return [
        {
            "id": r.id,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.doc.split("\n\n")[0] if r.doc else r.summary},
            "defaultConfiguration": {"level": _LEVEL[r.severity.value]},
        }
        for r in get_registry().rules.values()
    ]


def _result(f: Finding, report: FileReport) -> dict[str, Any]:
    loc = f.location
    physical: dict[str, Any] = {"artifactLocation": {"uri": loc.path}}
    if loc.line is not None:
        physical["region"] = {"startLine": loc.line}
    logical = [
        {"name": value, "kind": kind}
        for kind, value in (("table", loc.table), ("row", " ".join(x for x in (loc.code, loc.row) if x) or None),
                            ("column", loc.column), ("section", loc.section))
        if value
    ]
    location: dict[str, Any] = {"physicalLocation": physical}
    if logical:
        location["logicalLocations"] = logical
    props = {k: v for k, v in (("page", loc.page), ("ref", loc.ref), ("expected", f.expected), ("actual", f.actual))
             if v is not None}
    if props:
        location["properties"] = props
    result = {
        "ruleId": f.rule,
        "level": _LEVEL[f.severity.value],
        "message": {"text": f.message},
        "locations": [location],
        "partialFingerprints": {"budgetrules/v1": f.fingerprint},
    }
    if report.is_set:
        result["properties"] = {"budgetrules/document": report.path}
    return result


def _artifacts(report: FileReport) -> list[dict[str, Any]]:
    if not report.is_set:
        return [{"location": {"uri": report.path}}]
    return [{"location": {"uri": part.path},
             "properties": {"budgetrules/document": report.path, "budgetrules/role": part.role}}
            for part in report.parts]


def _dumps(value: Any, indent: int) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * indent)


def stream(reports: Iterable[FileReport]) -> Iterator[str]:
    tool = {"driver": {"name": "budgetrules", "version": __version__, "informationUri":
                       "https://github.com/budgetrules/budgetrules", "rules": _rules()}}
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
                                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": report.path}}}]})
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
