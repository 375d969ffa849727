"""JSON output for integrations.

Shape (stable; ``version`` changes only on incompatible changes)::

    {"version": 1,
     "files": [{"path": "...", "ruleset": "...", "error": null,
                "kind": "预算", "year": 2017, "level": "部门", "department": "…",
                "parts": [{"path": "...", "role": "narrative", "kind": "预算", "year": 2017, "department": "…"},
                          {"path": "...", "role": "tables", …}],
                "counts": {"error": 3, "warning": 1, "info": 0},
                "findings": [{"rule": "AR101", "severity": "error", "message": "...",
                              "location": {"path", "line", "page", "table", "code", "row", "column",
                                           "section", "ref"},
                              "expected": "439.02", "actual": "344.02",
                              "related": [{location…}], "fingerprint": "…",
                              "cause": "…", "consequence": false}]}],
     "complete": true,
     "summary": {"files": 2, "documents": 1, "sets": 1, "unreadable": 0, "error": 3, "warning": 1, "info": 0}}

Each entry of ``files`` is one disclosure: its ``path`` is the file checked, or the narrative file of a
document set; ``parts`` lists every file read for it with its ``role`` (``whole``, ``narrative``, ``tables``)
and the identity that file states on its own (one part for a single file, none when it could not be read).
``kind``/``year``/``level``/``department`` are the identity the check used (null when not established).
A finding's ``location.path`` is the file the finding is about; ``cause`` (null when it stands alone)
groups findings with one root cause and ``consequence`` is true for those that only follow from it
(:mod:`budgetrules.engine.causes`). The shape is published as a JSON Schema, ``budgetrules/schema/findings.schema.json``. ``summary.files`` counts files,
``documents`` disclosures, ``sets`` the disclosures read from several files. ``counts`` are the disclosure's
findings by severity; ``complete`` is false when the run was interrupted (the files listed are those checked
before that).

The output is written as the files are checked: the head with the first file, each file's entry as soon as it
is done, ``complete`` and ``summary`` at the end — byte for byte what ``json.dumps(…, indent=2)`` gives for
the whole. ``--format jsonl`` (:mod:`budgetrules_plugins.renderers.jsonl`) writes one line per file instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Iterator

from budgetrules import hookimpl
from budgetrules.api import FileReport, Finding, Location, Renderer, json_text, lazy_module, status

from . import Totals

if TYPE_CHECKING:
    import json
else:
    json = lazy_module("json")  # imported when this format is used, not when the plugins are loaded

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
        "cause": f.cause,
        "consequence": f.consequence,
    }


def file_dict(r: FileReport) -> dict[str, Any]:
    """The entry of one disclosure in ``files``."""
    return {
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
        "counts": r.counts(),
        "findings": [finding_dict(f) for f in r.findings],
    }


def _dumps(value: Any, indent: int) -> str:
    """``value`` as ``json.dumps(indent=2)`` prints it at nesting depth ``indent`` (its first line not indented)."""
    text = json_text(json.dumps(value, ensure_ascii=False, indent=2))
    return text.replace("\n", "\n" + " " * indent)


def stream(reports: Iterable[FileReport]) -> Iterator[str]:
    head = f'{{\n  "version": {VERSION},\n  "files": ['
    t = Totals()
    for r in reports:
        t.add(r)
        yield (head + "\n    " if t["documents"] == 1 else ",\n    ") + _dumps(file_dict(r), 4)
    tail = "\n  ]" if t["documents"] else head + "]"
    complete = "true" if status(reports).complete else "false"
    yield f'{tail},\n  "complete": {complete},\n  "summary": {_dumps(t.counts, 2)}\n}}\n'


@hookimpl
def register_renderers(register):
    register(Renderer(name="json", description="JSON（供集成使用，结构稳定）", stream=stream, suffix=".json"))
