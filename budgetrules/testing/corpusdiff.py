"""Reviewed expected findings for a corpus of real documents, and the difference a change makes to them.

In the spirit of ruff's ecosystem check: every real document the checker is developed on has a reviewed file
of what reading it must give — its identity (kind, year, department), its tables (number, title, kind, unit,
rows) and every finding (rule, severity, page, line, message with the numbers) — and, for every error, one
sentence on why it is a real defect of that document. :func:`compare` tells what appeared and disappeared;
``tests/test_corpus.py`` fails on any difference, and ``scripts/corpus_expected.py`` shows it and writes
the files again (keeping the reviewed sentences of the findings that remain).

An expected file is TOML::

    file = "jiangsu/js-high-court-2017-budget.pdf"
    kind = "预算"
    year = 2017
    department = "江苏省高级人民法院"
    ruleset = "jiangsu-budget"
    tables = ["表一 | 收支预算总表 | summary | 万元 | 24", …]

    [[finding]]
    rule = "NC102"
    severity = "error"
    page = 22
    line = 547
    message = "…"
    why = "The text says 54.43% of the 三公 total 584.35; 317.8 ÷ 584.35 is 54.39%."
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Iterable, Mapping

import attrs

from budgetrules.core.model import Table
from budgetrules.core.report import FileReport

__all__ = ["Expected", "ExpectedFinding", "observed", "read_expected", "write_expected", "compare", "Difference"]


@attrs.frozen
class ExpectedFinding:
    """One finding as pinned: what identifies it (rule, severity, page, line, message) and why it is real."""

    rule: str
    severity: str
    page: int | None
    line: int | None
    message: str
    why: str = ""

    @property
    def key(self) -> tuple[str, str, int | None, int | None, str]:
        return (self.rule, self.severity, self.page, self.line, self.message)


@attrs.frozen
class Expected:
    """What reading and checking one document gives."""

    file: str
    kind: str | None
    year: int | None
    department: str | None
    ruleset: str | None
    tables: tuple[str, ...]
    findings: tuple[ExpectedFinding, ...]
    error: str | None = None


def _table_line(table: Table) -> str:
    return " | ".join(
        [table.number or "-", table.title, table.kind or "?", table.unit.value, str(len(table.rows))]
    )


def observed(report: FileReport, name: str, path: str | None = None) -> Expected:
    """The expected-file content of what a check of one file gave (the report must keep its document).

    ``path`` picks one file of a document set (narrative and tables checked as one, see
    :mod:`budgetrules.reading.docsets`): its own identity, its own tables and the findings located in it (findings
    about the set as a whole go with its narrative, the set's ``path``)."""
    doc = report.document
    path = path or report.path
    part = next((p for p in report.parts if p.path == path), None) if report.is_set else None
    findings = tuple(
        ExpectedFinding(
            rule=f.rule,
            severity=f.severity.value,
            page=f.location.page,
            line=f.location.line,
            message=f.message,
        )
        for f in report.findings
        if f.location.path == path or (not f.location.path and path == report.path)
    )
    tables = () if doc is None else tuple(
        _table_line(t) for t in doc.tables if part is None or t.source.path == path
    )
    if part is not None:
        kind, year, department = part.kind, part.year, part.department
    else:
        kind = doc.kind.value if doc is not None and doc.kind is not None else None
        year = doc.year if doc is not None else None
        department = doc.department.name if doc is not None else None
    return Expected(
        file=name,
        kind=kind,
        year=year,
        department=department,
        ruleset=report.ruleset,
        tables=tables,
        findings=findings,
        error=report.error,
    )


def read_expected(path: Path) -> Expected:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return Expected(
        file=data["file"],
        kind=data.get("kind"),
        year=data.get("year"),
        department=data.get("department"),
        ruleset=data.get("ruleset"),
        tables=tuple(data.get("tables", ())),
        findings=tuple(
            ExpectedFinding(
                rule=f["rule"],
                severity=f["severity"],
                page=f.get("page"),
                line=f.get("line"),
                message=f["message"],
                why=f.get("why", ""),
            )
            for f in data.get("finding", ())
        ),
        error=data.get("error"),
    )


def _toml_str(value: str) -> str:
    out = value.replace("\\", "\\\\").replace('"', '\\"')
    out = "".join(c if c >= " " or c == "\t" else f"\\u{ord(c):04x}" for c in out)
    return f'"{out}"'


def write_expected(path: Path, expected: Expected, reviewed: Mapping[tuple[Any, ...], str] = {}) -> None:
    """Write ``expected``, taking each finding's ``why`` from ``reviewed`` (by key) when it is known."""
    lines = [f"file = {_toml_str(expected.file)}"]
    if expected.error is not None:
        lines.append(f"error = {_toml_str(expected.error)}")
    for key in ("kind", "department", "ruleset"):
        value = getattr(expected, key)
        if value is not None:
            lines.append(f"{key} = {_toml_str(value)}")
    if expected.year is not None:
        lines.append(f"year = {expected.year}")
    lines.append("tables = [")
    lines.extend(f"    {_toml_str(t)}," for t in expected.tables)
    lines.append("]")
    for f in sorted(expected.findings, key=lambda f: (f.page or 0, f.line or 0, f.rule, f.message)):
        lines.append("")
        lines.append("[[finding]]")
        lines.append(f"rule = {_toml_str(f.rule)}")
        lines.append(f"severity = {_toml_str(f.severity)}")
        if f.page is not None:
            lines.append(f"page = {f.page}")
        if f.line is not None:
            lines.append(f"line = {f.line}")
        lines.append(f"message = {_toml_str(f.message)}")
        why = reviewed.get(f.key, f.why)
        lines.append(f"why = {_toml_str(why)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@attrs.frozen
class Difference:
    """What changed for one document: identity and tables as read, findings that appeared or disappeared."""

    file: str
    identity: tuple[str, ...]
    tables_added: tuple[str, ...]
    tables_removed: tuple[str, ...]
    appeared: tuple[ExpectedFinding, ...]
    disappeared: tuple[ExpectedFinding, ...]

    @property
    def empty(self) -> bool:
        return not (self.identity or self.tables_added or self.tables_removed or self.appeared or self.disappeared)

    def lines(self) -> Iterable[str]:
        yield f"{self.file}:"
        for item in self.identity:
            yield f"  identity {item}"
        for t in self.tables_removed:
            yield f"  - table {t}"
        for t in self.tables_added:
            yield f"  + table {t}"
        for f in self.disappeared:
            yield f"  - {f.rule} {f.severity} p{f.page} l{f.line} {f.message}"
        for f in self.appeared:
            yield f"  + {f.rule} {f.severity} p{f.page} l{f.line} {f.message}"


def compare(expected: Expected, actual: Expected) -> Difference:
    """The difference between an expected file and what a check gives now."""
    identity = tuple(
        f"{key}: {getattr(expected, key)!r} → {getattr(actual, key)!r}"
        for key in ("kind", "year", "department", "ruleset", "error")
        if getattr(expected, key) != getattr(actual, key)
    )
    want = {f.key for f in expected.findings}
    got = {f.key for f in actual.findings}
    return Difference(
        file=expected.file,
        identity=identity,
        tables_added=tuple(t for t in actual.tables if t not in expected.tables),
        tables_removed=tuple(t for t in expected.tables if t not in actual.tables),
        appeared=tuple(f for f in actual.findings if f.key not in want),
        disappeared=tuple(f for f in expected.findings if f.key not in got),
    )
