"""SARIF 2.1.0 output for code-review and security dashboards.

Following DOMAIN.md §5: ``run.columnKind`` is ``unicodeCodePoints`` (Chinese text); the table, row and column
are ``logicalLocations``; the page number is in the location's ``properties``; ``partialFingerprints`` hold
the line-independent fingerprint.

Every file read is an ``artifact``; a file that belongs to a document set (narrative and tables checked as one)
carries ``properties`` ``budgetrules/document`` (the set's narrative path, which names the disclosure) and
``budgetrules/role``, and each result of a set carries ``properties`` ``budgetrules/document`` too; a result's
physical location is the file the finding is about.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from budgetrules import __version__, hookimpl
from budgetrules.findings import Finding
from budgetrules.rendering import Renderer
from budgetrules.report import FileReport

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


def _artifacts(reports: Sequence[FileReport]) -> list[dict[str, Any]]:
    out = []
    for r in reports:
        if not r.is_set:
            out.append({"location": {"uri": r.path}})
            continue
        for part in r.parts:
            out.append({"location": {"uri": part.path},
                        "properties": {"budgetrules/document": r.path, "budgetrules/role": part.role}})
    return out


def render(reports: Sequence[FileReport]) -> str:
    results = [_result(f, r) for r in reports for f in r.findings]
    notifications = [
        {"level": "error", "message": {"text": r.error}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": r.path}}}]}
        for r in reports
        if r.error
    ]
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "budgetrules", "version": __version__, "informationUri":
                            "https://github.com/budgetrules/budgetrules", "rules": _rules()}},
        "columnKind": "unicodeCodePoints",
        "artifacts": _artifacts(reports),
        "results": results,
    }
    if notifications:
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": notifications}]
    sarif = {"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": [run]}
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


@hookimpl
def register_renderers(register):
    register(Renderer(name="sarif", description="SARIF 2.1.0（代码审查与安全看板）", render=render))
