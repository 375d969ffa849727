"""Root causes: one defect reported once, with the findings that only follow from it under it.

A single slip in a disclosure shows up in several places. When 类 212 leaves out its 款 21299 (95.00), the
类 row is not the sum of its 款 (AR101) in every column and every table that prints it, each table's 合计 row
is then off by the same 95.00 against its 类 (AR103), and the tables that do include the 95.00 disagree with
those that do not (XT101). A reviewer should see one root cause with its consequences, not a dozen errors.

The rules that can tell say so on the finding (:attr:`~budgetrules.core.findings.Finding.cause`,
:attr:`~budgetrules.core.findings.Finding.consequence`):

* a parent row that is not the sum of its children is a root cause, identified by :func:`parent_sum` of the
  parent's code — the same id in every table and column, so that the 类 212 rows of 表二, 表三 and 表五 make
  one group;
* a total that is off by exactly what the parent rows under it miss is a consequence of that cause (AR103);
* a cross-table disagreement whose other tables' rows do not add up themselves is a consequence of the same
  cause (XT101's “可能是 表二 的该行漏计了下级科目”).

Counts are unchanged — every finding is still a finding — but :func:`grouped` gives the order in which the
renderers show them: each group at the place of its first root finding, the rest of the group nested under it.
"""

from __future__ import annotations

import hashlib
from typing import Sequence

from budgetrules.core.findings import Finding

__all__ = ["cause_id", "parent_sum", "grouped"]


def cause_id(kind: str, *parts: str) -> str:
    """A stable id for a root cause of ``kind`` (``parent-sum`` …) about ``parts`` (codes, amounts), unique
    within a disclosure."""
    ident = "\x1f".join((kind, *parts))
    return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:12]


def parent_sum(system: str, code: str) -> str:
    """The cause “the row of ``code`` (of the classification ``system``: ``func``, ``econ``) is not the sum
    of the rows under it” — the same id in every table and column."""
    return cause_id("parent-sum", system, code)


def grouped(findings: Sequence[Finding]) -> list[tuple[Finding, tuple[Finding, ...]]]:
    """``findings`` (in their order) as (lead, nested): a finding that stands alone has nothing nested; a
    group of two or more findings sharing a cause is shown once, at its first root finding (its first member
    when none of its roots was reported, e.g. filtered out by ``--select``), with the other members nested
    under it in their order — other root findings first, then the consequences."""
    members: dict[str, list[Finding]] = {}
    for f in findings:
        if f.cause is not None:
            members.setdefault(f.cause, []).append(f)
    out: list[tuple[Finding, tuple[Finding, ...]]] = []
    shown: set[str] = set()
    for f in findings:
        group = members.get(f.cause) if f.cause is not None else None
        if not group or len(group) < 2:
            out.append((f, ()))
            continue
        if f.cause is None or f.cause in shown:
            continue
        roots = [g for g in group if not g.consequence]
        lead = roots[0] if roots else group[0]
        if f is not lead:
            continue
        shown.add(f.cause)
        rest = [g for g in roots if g is not lead] + [g for g in group if g.consequence and g is not lead]
        out.append((lead, tuple(rest)))
    return out

