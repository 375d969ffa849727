"""The built-in output formats (each module is its own plugin, registered by entry point).

A report is one disclosure: one file, or a document set — the narrative and the tables published as two files
and checked as one (:mod:`budgetrules.docsets`). Every format lists the files of a set (``parts``, with their
roles) under the one report, named by the narrative's path; each finding still names the file it is about.
"""

from __future__ import annotations

from typing import Sequence

from budgetrules.findings import Severity
from budgetrules.report import FileReport

__all__ = ["totals", "ROLE_NAMES", "set_heading"]

#: How the role of a file in a set is named in Chinese output.
ROLE_NAMES = {"whole": "完整公开", "narrative": "文字说明", "tables": "公开表格"}


def set_heading(report: FileReport) -> str:
    """``a-text.pdf + a-tables.pdf：同一套公开（文字说明 + 公开表格）`` for a set, the path otherwise."""
    if not report.is_set:
        return report.path
    roles = " + ".join(ROLE_NAMES.get(p.role, p.role) for p in report.parts)
    return f"{' + '.join(p.path for p in report.parts)}：同一套公开（{roles}）"


def totals(reports: Sequence[FileReport]) -> dict[str, int]:
    """Counts over all reports: files (every file of a set counts), disclosures, sets, unreadable files, and
    findings per severity."""
    return {
        "files": sum(len(r.paths) for r in reports),
        "documents": len(reports),
        "sets": sum(1 for r in reports if r.is_set),
        "unreadable": sum(1 for r in reports if r.error),
        "error": sum(r.count(Severity.ERROR) for r in reports),
        "warning": sum(r.count(Severity.WARNING) for r in reports),
        "info": sum(r.count(Severity.INFO) for r in reports),
    }
