"""The corpus report: how each document of a folder was read and what was found in it.

``budgetrules survey DIR…`` is how a change's effect on real documents is seen (in the spirit of ruff's
ecosystem check). For every file it prints one block::

    jiangsu/js-high-court-2017-budget.pdf  预算 2017 江苏省高级人民法院  规则集 jiangsu-budget
      表格 12：summary 万元 ×1, income 万元 ×1, …；无类型 0；无标题 0
      叙述：段落 180，数值声明 64（已绑定 51，未绑定 13）
      发现：错误 2（NC101 ×1, AR101 ×1），警告 1（NC108 ×1），提示 0

and ends with the totals over all files. ``--tables`` adds a line per table (number, title, kind, unit,
rows, columns); ``--findings`` adds the findings themselves, one line each.
"""

from __future__ import annotations

import collections
from typing import Iterable, Iterator

from .findings import Severity
from .report import FileReport

__all__ = ["survey_lines", "table_line"]


def _counts(items: Iterable[str]) -> str:
    counter = collections.Counter(items)
    return ", ".join(f"{key} ×{n}" for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def table_line(table) -> str:
    """One line describing a table as read: number, title, kind, unit, size, columns."""
    columns = " | ".join(f"{c.key}={c.label}" for c in table.columns)
    flags = []
    if table.declared_empty:
        flags.append("空表")
    if not table.has_amounts:
        flags.append("无金额")
    where = f"第{table.source.page}页" if table.source.page else f"第{table.source.line}行"
    return (
        f"{where} {table.number or '-'} 《{table.title}》 类型={table.kind or '?'} 单位={table.unit.value}"
        f" 行={len(table.rows)}{' ' + ' '.join(flags) if flags else ''}  列：{columns}"
    )


def survey_lines(
    reports: Iterable[FileReport], *, root: str = "", tables: bool = False, findings: bool = False
) -> Iterator[str]:
    """The lines of the corpus report for ``reports`` (documents must be kept on the reports)."""
    totals: collections.Counter[str] = collections.Counter()
    by_rule: dict[Severity, collections.Counter[str]] = {s: collections.Counter() for s in Severity}
    files = 0
    for report in reports:
        files += 1
        name = report.path[len(root):].lstrip("/") if root and report.path.startswith(root) else report.path
        if report.error:
            totals["unreadable"] += 1
            yield f"{name}  无法读取：{report.error}"
            continue
        doc = report.document
        head = [name]
        if doc is not None:
            head += [
                doc.kind.value if doc.kind else "类型?",
                str(doc.year) if doc.year else "年度?",
                doc.department.name or "部门?",
            ]
        head.append(f"规则集 {report.ruleset or '（无）'}")
        yield "  ".join(head)
        if doc is not None:
            kinds = _counts(f"{t.kind or '?'} {t.unit.value}" for t in doc.tables)
            untyped = sum(1 for t in doc.tables if t.kind is None)
            untitled = sum(1 for t in doc.tables if t.title.startswith("（无标题"))
            totals["tables"] += len(doc.tables)
            totals["untyped"] += untyped
            totals["untitled"] += untitled
            yield f"  表格 {len(doc.tables)}：{kinds or '无'}；无类型 {untyped}；无标题 {untitled}"
            if tables:
                for table in doc.tables:
                    yield "    " + table_line(table)
            paragraphs = sum(1 for _ in doc.paragraphs())
            bound = sum(1 for c in doc.claims if c.subject is not None)
            totals["claims"] += len(doc.claims)
            totals["bound"] += bound
            yield (
                f"  叙述：段落 {paragraphs}，目录 {len(doc.toc)} 条，数值声明 {len(doc.claims)}"
                f"（已绑定 {bound}，未绑定 {len(doc.claims) - bound}）"
            )
        parts = []
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            found = [f.rule for f in report.findings if f.severity is severity]
            by_rule[severity].update(found)
            totals[severity.value] += len(found)
            parts.append(f"{severity.label} {len(found)}" + (f"（{_counts(found)}）" if found else ""))
        yield "  发现：" + "，".join(parts)
        if findings:
            for f in report.findings:
                where = f"p{f.location.page}:" if f.location.page else ""
                yield f"    {where}{f.location.line or ''} {f.rule} {f.severity.value} {f.message}"
    yield ""
    yield (
        f"共 {files} 个文件（无法读取 {totals['unreadable']}）；表格 {totals['tables']}（无类型 {totals['untyped']}，"
        f"无标题 {totals['untitled']}）；数值声明 {totals['claims']}（已绑定 {totals['bound']}）"
    )
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        yield f"{severity.label} {totals[severity.value]}：{_counts(by_rule[severity].elements()) or '无'}"
