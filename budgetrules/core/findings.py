"""Findings: what a rule reports, where, and with which numbers."""

from __future__ import annotations

import enum
import hashlib
from pathlib import PurePath

import attrs

__all__ = ["Severity", "Location", "Finding", "scope_of"]


class Severity(enum.Enum):
    """How serious a finding is. Ordered: ``INFO < WARNING < ERROR``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]

    def __ge__(self, other: "Severity") -> bool:
        return self.rank >= other.rank

    def __gt__(self, other: "Severity") -> bool:
        return self.rank > other.rank

    def __le__(self, other: "Severity") -> bool:
        return self.rank <= other.rank

    def __lt__(self, other: "Severity") -> bool:
        return self.rank < other.rank

    @property
    def label(self) -> str:
        """The Chinese word: 错误, 警告, 提示."""
        return {"info": "提示", "warning": "警告", "error": "错误"}[self.value]


def _unnumbered(table: str | None) -> str | None:
    """``表二《部门收入总体情况表》`` → ``《部门收入总体情况表》``: a table's number changes when tables are added."""
    if table and "《" in table:
        return table[table.index("《"):]
    return table


def scope_of(department: str | None, year: int | None, kind: str | None) -> str:
    """The ``scope`` of the findings of one disclosure: ``部门\x1f年度\x1f类型`` with the department name folded
    (:func:`budgetrules.reading.identity.normalize_department`); it starts with the separator when the department
    is unknown."""
    from budgetrules.reading.identity import normalize_department

    return "\x1f".join((normalize_department(department) if department else "", str(year or ""), kind or ""))


@attrs.frozen
class Location:
    """Where a finding points: file, 1-based line, page, and the logical place in the document.

    ``table`` names the table as printed (``表二《…》``), ``code`` the row's classification code,
    ``row`` the row's printed label, ``column`` the printed column header; ``ref`` is format-specific
    (``Sheet1!C7``); ``section`` is the heading of the narrative section for text claims. ``table_kind`` is
    the table's kind (:mod:`budgetrules.core.tablekinds`, e.g. ``income_summary``) when it is known: what the
    table is, whatever its number or title in this printing (used in fingerprints).
    """

    path: str
    line: int | None = None
    page: int | None = None
    table: str | None = None
    code: str | None = None
    row: str | None = None
    column: str | None = None
    section: str | None = None
    ref: str | None = None
    table_kind: str | None = None

    def logical(self) -> str:
        """The place without physical coordinates, used in fingerprints."""
        return "|".join(x or "" for x in (self.table, self.code, self.row, self.column, self.section))

    def describe(self) -> str:
        """A reviewer-readable place: ``表二《…》 行 212 城乡社区支出 列 合计``."""
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table:
            parts.append(self.table)
        if self.code or self.row:
            parts.append("行 " + " ".join(x for x in (self.code, self.row) if x))
        if self.column:
            parts.append(f"列 {self.column}")
        if self.section and not self.table:
            parts.append(f"（{self.section}）")
        if self.ref:
            parts.append(f"[{self.ref}]")
        return " ".join(parts)


@attrs.frozen
class Finding:
    """One problem found by one rule.

    ``expected`` and ``actual`` hold the numbers that disagree (as printed strings of Decimals, so that they
    serialize exactly); ``related`` are the other places involved (the other table of a cross-table finding);
    ``key`` distinguishes findings of one rule at one logical place (e.g. the claim text). ``scope`` says
    which disclosure the finding is about — its department, year and kind, set by the check
    (:func:`budgetrules.engine.check.check_document`; see :attr:`fingerprint`).

    ``cause`` groups findings that have one root cause (:mod:`budgetrules.engine.causes`): every finding of the group
    carries the same id — those that state the cause itself (a 类 row that is not the sum of its 款) with
    ``consequence`` False, and those that only follow from it (the 合计 row that is then off by the same
    amount, another table that disagrees with this row) with ``consequence`` True. Renderers show the
    consequences under their cause; None for a finding that stands alone.
    """

    rule: str
    severity: Severity
    message: str
    location: Location
    expected: str | None = None
    actual: str | None = None
    related: tuple[Location, ...] = ()
    key: str | None = None
    snippet: str | None = None
    scope: str | None = None
    cause: str | None = None
    consequence: bool = False

    @property
    def fingerprint(self) -> str:
        """A stable hash of what the finding is about, never of where the file or the line happens to be.

        It is made of the disclosure (``scope``: department, year and kind), the rule, the table's kind
        (its printed name when the kind is unknown, without the table's number), the row's code (its label
        when it has none), the column, the narrative section, the ``key`` and the numbers (``expected``,
        ``actual``). So a resubmission under another file name, or with lines inserted above, keeps its
        fingerprints; a finding whose numbers changed is a new finding; and two departments' findings never
        share one. Without a ``scope`` (a finding built outside a check, or a disclosure whose department
        could not be established) the file's name stands in for the department.
        """
        loc = self.location
        table = loc.table_kind or _unnumbered(loc.table)
        row = loc.code or loc.row
        scope = self.scope if self.scope and not self.scope.startswith("\x1f") else None
        where = scope or "\x1f".join(filter(None, ("file:" + PurePath(loc.path).name, self.scope)))
        ident = "\x1f".join(
            x or "" for x in (where, self.rule, table, row, loc.column, loc.section, self.key,
                              self.expected, self.actual)
        )
        return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:16]

    def sort_key(self) -> tuple[str, int, int, str, str, str, str]:
        loc = self.location
        return (
            loc.path,
            loc.page if loc.page is not None else -1,
            loc.line if loc.line is not None else -1,
            self.rule,
            loc.logical(),
            self.key or "",
            self.message,
        )
