"""The result of checking one disclosure: one file, or the files of a document set read as one."""

from __future__ import annotations

import attrs

from budgetrules.core.findings import Finding, Severity
from budgetrules.core.model import Document

__all__ = ["FileReport", "Part"]


@attrs.frozen
class Part:
    """One file of what was checked, with what it holds and its own identity.

    ``role`` is ``whole`` (tables and narrative), ``narrative`` (文字说明 only) or ``tables`` (公开表格 only), see
    :mod:`budgetrules.reading.docsets`; ``kind`` is ``预算``/``决算``.
    """

    path: str
    role: str
    year: int | None = None
    kind: str | None = None
    department: str | None = None


@attrs.frozen
class FileReport:
    """Findings for one disclosure, or the input error that kept a file from being checked.

    ``path`` names the disclosure: the file, or — for a document set — its narrative file. ``parts`` lists
    every file read for it (narrative first; one entry for a single file; empty when the file could not be
    read); findings point at the file they are about. ``year``, ``kind``, ``level`` and ``department`` are the
    identity the check used (None when it could not be established). ``ruleset`` names the ruleset that was
    applied; ``document`` is the loaded (merged) graph, None on input error or when it was not kept (a batch
    drops it as soon as the findings exist).

    ``error_kind`` says why ``error`` is set: ``input`` (the file cannot be read as a disclosure),
    ``timeout`` (checking it took longer than the per-file limit, ``check --timeout``) or ``crash`` (the
    process checking it died); None when there is no error.
    """

    path: str
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    document: Document | None = attrs.field(default=None, eq=False, repr=False)
    ruleset: str | None = None
    year: int | None = None
    kind: str | None = None
    level: str | None = None
    department: str | None = None
    parts: tuple[Part, ...] = ()
    error_kind: str | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def counts(self) -> dict[str, int]:
        """Findings per severity: ``{"error": n, "warning": n, "info": n}``."""
        return {s.value: self.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}

    @property
    def is_set(self) -> bool:
        """Several files checked as one disclosure."""
        return len(self.parts) > 1

    @property
    def paths(self) -> tuple[str, ...]:
        """Every file of the report (the one path when the file could not be read)."""
        return tuple(p.path for p in self.parts) or (self.path,)
