"""The built-in output formats (each module is its own plugin, registered by entry point)."""

from __future__ import annotations

from typing import Sequence

from budgetrules.findings import Severity
from budgetrules.report import FileReport

__all__ = ["totals"]


def totals(reports: Sequence[FileReport]) -> dict[str, int]:
    """Counts over all reports: files, unreadable files, and findings per severity."""
    return {
        "files": len(reports),
        "unreadable": sum(1 for r in reports if r.error),
        "error": sum(r.count(Severity.ERROR) for r in reports),
        "warning": sum(r.count(Severity.WARNING) for r in reports),
        "info": sum(r.count(Severity.INFO) for r in reports),
    }
