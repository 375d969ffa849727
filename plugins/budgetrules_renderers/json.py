"""JSON output for integrations.

Shape (stable; ``version`` changes only on incompatible changes)::

    {"version": 1,
     "files": [{"path": "...", "ruleset": "...", "error": null,
                "kind": "预算", "year": 2017, "level": "部门", "department": "…",
                "parts": [{"path": "...", "role": "narrative", "kind": "预算", "year": 2017, "department": "…"},
                          {"path": "...", "role": "tables", …}],
                "findings": [{"rule": "AR101", "severity": "error", "message": "...",
                              "location": {"path", "line", "page", "table", "code", "row", "column",
                                           "section", "ref"},
                              "expected": "439.02", "actual": "344.02",
                              "related": [{location…}], "fingerprint": "…"}]}],
     "summary": {"files": 2, "documents": 1, "sets": 1, "unreadable": 0, "error": 3, "warning": 1, "info": 0}}

Each entry of ``files`` is one disclosure: its ``path`` is the file checked, or the narrative file of a
document set; ``parts`` lists every file read for it with its ``role`` (``whole``, ``narrative``, ``tables``)
and the identity that file states on its own (one part for a single file, none when it could not be read).
``kind``/``year``/``level``/``department`` are the identity the check used (null when not established).
A finding's ``location.path`` is the file the finding is about. ``summary.files`` counts files,
``documents`` disclosures, ``sets`` the disclosures read from several files.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from budgetrules import hookimpl
from budgetrules.findings import Finding, Location
from budgetrules.rendering import Renderer
from budgetrules.report import FileReport

from . import totals

VERSION = 1


def location_dict(loc: Location) -> dict[str, Any]:
    return {
        "path": loc.path,
        "line": loc.line,
        "page": loc.page,
        "table": loc.table,
        "code": loc.code,
        "row": loc.row,
        "column": loc.column,
        "section": loc.section,
        "ref": loc.ref,
    }


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "severity": f.severity.value,
        "message": f.message,
        "location": location_dict(f.location),
        "expected": f.expected,
        "actual": f.actual,
        "related": [location_dict(r) for r in f.related],
        "fingerprint": f.fingerprint,
    }


def render(reports: Sequence[FileReport]) -> str:
    data = {
        "version": VERSION,
        "files": [
            {
                "path": r.path,
                "ruleset": r.ruleset,
                "error": r.error,
                "kind": r.kind,
                "year": r.year,
                "level": r.level,
                "department": r.department,
                "parts": [
                    {"path": p.path, "role": p.role, "kind": p.kind, "year": p.year, "department": p.department}
                    for p in r.parts
                ],
                "findings": [finding_dict(f) for f in r.findings],
            }
            for r in reports
        ],
        "summary": totals(reports),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@hookimpl
def register_renderers(register):
    register(Renderer(name="json", description="JSON（供集成使用，结构稳定）", render=render))
