"""SARIF 2.1.0 output for code-review and security dashboards.

Following DOMAIN.md §5: ``run.columnKind`` is ``unicodeCodePoints`` (Chinese text); the table, row and column
are ``logicalLocations``; the page number is in the location's ``properties``; ``partialFingerprints`` hold
the line-independent fingerprint.
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


def _result(f: Finding) -> dict[str, Any]:
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
    return {
        "ruleId": f.rule,
        "level": _LEVEL[f.severity.value],
        "message": {"text": f.message},
        "locations": [location],
        "partialFingerprints": {"budgetrules/v1": f.fingerprint},
    }


def render(reports: Sequence[FileReport]) -> str:
    results = [_result(f) for r in reports for f in r.findings]
    notifications = [
        {"level": "error", "message": {"text": r.error}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": r.path}}}]}
        for r in reports
        if r.error
    ]
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "budgetrules", "version": __version__, "informationUri":
                            "https://github.com/budgetrules/budgetrules", "rules": _rules()}},
        "columnKind": "unicodeCodePoints",
        "artifacts": [{"location": {"uri": r.path}} for r in reports],
        "results": results,
    }
    if notifications:
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": notifications}]
    sarif = {"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": [run]}
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


@hookimpl
def register_renderers(register):
    register(Renderer(name="sarif", description="SARIF 2.1.0（代码审查与安全看板）", render=render))
