"""The result of checking one file."""

from __future__ import annotations

import attrs

from .findings import Finding, Severity
from .model import Document

__all__ = ["FileReport"]


@attrs.frozen
class FileReport:
    """Findings for one file, or the input error that kept it from being checked.

    ``ruleset`` names the ruleset that was applied; ``document`` is the loaded graph (None on input error).
    """

    path: str
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    document: Document | None = attrs.field(default=None, eq=False, repr=False)
    ruleset: str | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)
