"""Resubmission diff: what a department's corrected disclosure fixed, left open and newly got wrong.

:func:`compare` pairs the reports of what was submitted before (OLD) with those of the resubmission (NEW):
two single files are a pair whatever they are called; in folders, disclosures are paired by department
(:func:`budgetrules.reading.identity.same_department`), year and kind — never by file name — and a disclosure with no
partner (or whose identity is unknown, or that matches two files) is listed apart.

For each pair, findings are matched by :attr:`~budgetrules.core.findings.Finding.fingerprint` (what the finding is
about: rule, table kind, row code, column, numbers — not the line): **fixed** are in OLD only, **open** in
both, **new** in NEW only (a finding whose numbers changed counts as fixed and new). **Figures** are the
table cells whose printed amount changed, keyed by table kind, side, row code (the label for a row without
code) and column; a row whose key is printed twice in a table is left out (it cannot be told which is which).
"""

from __future__ import annotations

import collections
import json
from typing import Any, Sequence

import attrs

from budgetrules.core.amounts import Amount
from budgetrules.core.findings import Finding, Location
from budgetrules.core.model import Document
from budgetrules.core.report import FileReport
from budgetrules.reading import identity as ident

__all__ = ["FigureChange", "Pair", "Diff", "compare", "figures_changed", "to_text", "to_json"]


@attrs.frozen
class FigureChange:
    """One table cell whose printed amount differs: ``old``/``new`` as printed (None when the row or column
    is only in one of them), ``place`` the cell in NEW (in OLD when it was removed)."""

    table: str
    row: str
    column: str
    old: str | None
    new: str | None
    place: Location


@attrs.frozen
class Pair:
    """One disclosure in OLD and in NEW: the findings ``fixed`` (OLD only), still ``open`` (both; as found in
    NEW) and ``added`` (NEW only), and the ``figures`` that changed."""

    old: FileReport
    new: FileReport
    fixed: tuple[Finding, ...] = ()
    open: tuple[Finding, ...] = ()
    added: tuple[Finding, ...] = ()
    figures: tuple[FigureChange, ...] = ()
    #: why OLD and NEW may not be the same disclosure (two files given that disagree on what they are)
    warning: str | None = None


@attrs.frozen
class Diff:
    pairs: tuple[Pair, ...] = ()
    only_old: tuple[FileReport, ...] = ()
    only_new: tuple[FileReport, ...] = ()


def _key(report: FileReport) -> tuple[str, int, str] | None:
    if report.error or not report.department or report.year is None or not report.kind:
        return None
    return ident.normalize_department(report.department), report.year, report.kind


def _same(a: FileReport, b: FileReport) -> bool:
    """The two reports are of one department (:func:`budgetrules.reading.identity.same_department`), year and kind."""
    return (_key(a) is not None and _key(b) is not None and a.year == b.year and a.kind == b.kind
            and a.department is not None and b.department is not None  # (so _key says)
            and ident.same_department(a.department, b.department))


def _describe(report: FileReport) -> str:
    return " ".join([report.kind or "类型?", str(report.year) if report.year else "年度?", report.department or "部门?"])


#: (table kind or title, side, row code or label, column key)
_CellKey = tuple[str, str, str, str]


def _cells(doc: Document) -> dict[_CellKey, tuple[Amount, Location]]:
    cells: dict[_CellKey, tuple[Amount, Location]] = {}
    seen: collections.Counter[_CellKey] = collections.Counter()
    for table in doc.tables:
        tname = table.kind or (table.title or "")
        for row in table.rows:
            rkey = row.code.display if row.code else (row.label or "").strip()
            if not rkey:
                continue
            for key, cell in row.cells.items():
                if cell.amount is None:
                    continue
                k = (tname, row.side or "", rkey, key)
                seen[k] += 1
                column = table.column(key, row.side)
                where = Location(path=cell.source.path or doc.path, line=cell.source.line, page=cell.source.page,
                                 table=table.name, code=row.code.display if row.code else None,
                                 row=row.label or None, column=column.label if column else key,
                                 table_kind=table.kind)
                cells[k] = (cell.amount, where)
    return {k: v for k, v in cells.items() if seen[k] == 1}


def figures_changed(old: Document, new: Document) -> list[FigureChange]:
    """The table cells whose printed amounts differ between ``old`` and ``new`` (compared in OLD's unit, so a
    table printed in 元 instead of 万元 is not every cell changed)."""
    a, b = _cells(old), _cells(new)
    out = []
    for k in sorted(set(a) | set(b)):
        before, after = a.get(k), b.get(k)
        if before is not None and after is not None:
            if after[0].in_unit(before[0].unit) == before[0].value:
                continue
        either = after or before
        assert either is not None  # k is a key of a or b
        place = either[1]
        row = " ".join(x for x in (place.code, place.row) if x)
        out.append(FigureChange(table=place.table or "", row=row, column=place.column or "",
                                old=before[0].display() if before else None,
                                new=after[0].display() if after else None, place=place))
    return out


def _pair(old: FileReport, new: FileReport, figures: bool) -> Pair:
    # NEW's findings are fingerprinted as if about OLD's disclosure: the two are one department's, however
    # each names it, and a pair of files given explicitly is compared whatever they say they are
    scope = next((f.scope for f in old.findings), None)
    before = {f.fingerprint: f for f in old.findings}
    after = {(attrs.evolve(f, scope=scope) if scope is not None else f).fingerprint: f for f in new.findings}
    changes: tuple[FigureChange, ...] = ()
    if figures and old.document is not None and new.document is not None:
        changes = tuple(figures_changed(old.document, new.document))
    warning = None
    if not _same(old, new):
        warning = f"两个文件不像是同一份公开：{_describe(old)} / {_describe(new)}"
    return Pair(
        old=attrs.evolve(old, document=None),
        new=attrs.evolve(new, document=None),
        fixed=tuple(f for fp, f in before.items() if fp not in after),
        open=tuple(f for fp, f in after.items() if fp in before),
        added=tuple(f for fp, f in after.items() if fp not in before),
        figures=changes,
        warning=warning,
    )


def compare(old: Sequence[FileReport], new: Sequence[FileReport], *, figures: bool = True) -> Diff:
    """Pair ``old`` with ``new`` (see the module documentation) and compare each pair."""
    old, new = [r for r in old if not r.error], [r for r in new if not r.error]
    if len(old) == 1 and len(new) == 1:
        return Diff(pairs=(_pair(old[0], new[0], figures),))
    pairs, only_old, used = [], [], set()
    for r in old:
        rivals = [o for o in old if o is not r and _same(o, r)]
        partners = [n for n in new if _same(r, n)] if not rivals else []
        if len(partners) == 1:
            pairs.append(_pair(r, partners[0], figures))
            used.add(partners[0].path)
        else:
            only_old.append(attrs.evolve(r, document=None))
    only_new = [attrs.evolve(r, document=None) for r in new if r.path not in used]
    return Diff(tuple(pairs), tuple(only_old), tuple(only_new))


# ------------------------------------------------------------------------------------------------------
# output


def _line(f: Finding) -> str:
    loc = f.location
    where = loc.path + (f":{loc.line}" if loc.line is not None else "") + (f"（第{loc.page}页）" if loc.page else "")
    return f"  {where}: {f.rule} {f.severity.label} {f.message}"


def to_text(diff: Diff) -> str:
    """The diff for people: per pair, the fixed, open and new findings and the changed figures."""
    lines: list[str] = []
    totals: collections.Counter[str] = collections.Counter()
    for p in diff.pairs:
        lines.append(f"# {_describe(p.new)}：{p.old.path} → {p.new.path}")
        if p.warning:
            lines.append(f"警告：{p.warning}")
        for title, items in (("已改正", p.fixed), ("仍存在", p.open), ("新出现", p.added)):
            lines.append(f"{title} {len(items)} 个问题" + ("：" if items else "。"))
            lines.extend(_line(f) for f in items)
            totals[title] += len(items)
        lines.append(f"改变的数字 {len(p.figures)} 处" + ("：" if p.figures else "。"))
        for c in p.figures:
            where = c.place.path + (f":{c.place.line}" if c.place.line is not None else "")
            lines.append(f"  {c.table} 行 {c.row} 列 {c.column}：{c.old or '（无）'} → {c.new or '（无）'}（{where}）")
        totals["figures"] += len(p.figures)
        lines.append("")
    for title, reports in (("只在旧版中", diff.only_old), ("只在新版中", diff.only_new)):
        if reports:
            lines.append(f"{title}（未配对）：" + "、".join(f"{r.path}（{_describe(r)}）" for r in reports))
    lines.append(f"比较了 {len(diff.pairs)} 对文件：已改正 {totals['已改正']} 个，仍存在 {totals['仍存在']} 个，"
                 f"新出现 {totals['新出现']} 个问题；改变的数字 {totals['figures']} 处。")
    return "\n".join(lines) + "\n"


def _location(loc: Location) -> dict[str, Any]:
    return {k: getattr(loc, k) for k in ("path", "line", "page", "table", "code", "row", "column", "section")}


def _finding(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "severity": f.severity.value, "message": f.message, "location": _location(f.location),
            "expected": f.expected, "actual": f.actual, "fingerprint": f.fingerprint}


def _report(r: FileReport) -> dict[str, Any]:
    return {"path": r.path, "department": r.department, "year": r.year, "kind": r.kind}


def to_json(diff: Diff) -> str:
    """The diff as JSON: ``{"version": 1, "pairs": [{"old", "new", "fixed", "open", "added",
    "figures", "warning"}], "only_old": [...], "only_new": [...]}``."""
    data = {
        "version": 1,
        "pairs": [
            {
                "old": _report(p.old),
                "new": _report(p.new),
                "warning": p.warning,
                "fixed": [_finding(f) for f in p.fixed],
                "open": [_finding(f) for f in p.open],
                "added": [_finding(f) for f in p.added],
                "figures": [{"table": c.table, "row": c.row, "column": c.column, "old": c.old, "new": c.new,
                             "location": _location(c.place)} for c in p.figures],
            }
            for p in diff.pairs
        ],
        "only_old": [_report(r) for r in diff.only_old],
        "only_new": [_report(r) for r in diff.only_new],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
