"""GitLab Code Quality report (``artifacts:reports:codequality``): a JSON array with one issue a finding::

    [{"description": "类 212 城乡社区支出 的…", "check_name": "AR101", "fingerprint": "…",
      "severity": "major", "location": {"path": "akto.txt", "lines": {"begin": 149}}}]

Severities: error → ``major``, warning → ``minor``, info → ``info``; a file that could not be read is a
``blocker`` on the file (``check_name`` ``BR000``). ``fingerprint`` is unique per issue and stable across runs
(the finding's own fingerprint with its file and line). Written as files are checked.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from budgetrules import hookimpl
from budgetrules.api import FileReport, Finding, Renderer, json_text, lazy_module

if TYPE_CHECKING:
    import json
else:
    json = lazy_module("json")  # imported when this format is used, not when the plugins are loaded

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def _fingerprint(*parts: Any) -> str:
    return hashlib.md5("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def issue(f: Finding) -> dict[str, Any]:
    loc = f.location
    description = f.message
    place = loc.describe()
    if place:
        description += f"（{place}）"
    return {
        "description": description,
        "check_name": f.rule,
        "fingerprint": _fingerprint(f.fingerprint, loc.path, loc.line, loc.page, f.message),
        "severity": SEVERITY[f.severity.value],
        "location": {"path": loc.path, "lines": {"begin": loc.line or 1}},
    }


def stream(reports: Iterable[FileReport]) -> Iterator[str]:
    first = True
    yield "["
    for report in reports:
        items = [issue(f) for f in report.findings]
        if report.error:
            items.append({"description": report.error, "check_name": "BR000", "severity": "blocker",
                          "fingerprint": _fingerprint("unreadable", report.path),
                          "location": {"path": report.path, "lines": {"begin": 1}}})
        for item in items:
            yield ("\n  " if first else ",\n  ") + json_text(json.dumps(item, ensure_ascii=False))
            first = False
    yield "]\n" if first else "\n]\n"


@hookimpl
def register_renderers(register):
    register(Renderer(name="gitlab", description="GitLab 代码质量报告（Code Quality JSON）", stream=stream,
                      suffix=".json"))
