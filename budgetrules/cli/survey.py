"""The corpus report: how each document of a folder was read and what was found in it.

``budgetrules survey DIR…`` is how a change's effect on real documents is seen (in the spirit of ruff's
ecosystem check). For every file it prints one block::

    jiangsu/js-high-court-2017-budget.pdf  预算 2017 江苏省高级人民法院  规则集 jiangsu-budget
      表格 12：summary 万元 ×1, income 万元 ×1, …；无类型 0；无标题 0
      叙述：段落 180，数值声明 64（已绑定 51，未绑定 13）
      发现：错误 2（NC101 ×1, AR101 ×1），警告 1（NC108 ×1），提示 0

and ends with the totals over all files. ``--tables`` adds a line per table (number, title, kind, unit,
rows, columns); ``--findings`` adds the findings themselves, one line each.

The head names the identity the check used (``类型?``/``年度?``/``部门?`` when it could not be established). A
disclosure read from several files (a document set, :mod:`budgetrules.reading.docsets`) is one block whose head
joins the files with ``+``; a ``文件`` line then gives each file's role and the identity it states on its own::

    jiangsu/a-text.pdf + jiangsu/a-tables.pdf  预算 2017 江苏省政协办公厅  规则集 jiangsu-budget
      文件：文字说明 jiangsu/a-text.pdf（预算 2017 江苏省政协办公厅）；公开表格 jiangsu/a-tables.pdf（预算 2017 …）

A single file that holds only one half of a disclosure says so on the same line (``文件：只有文字说明``).
"""

from __future__ import annotations

import collections
from typing import Iterable, Iterator

from budgetrules.core.findings import Severity
from budgetrules.core.model import Table
from budgetrules.core.report import FileReport

__all__ = ["survey_lines", "table_line"]

_ROLES = {"whole": "完整公开", "narrative": "文字说明", "tables": "公开表格"}


def _identity(kind: str | None, year: int | None, department: str | None) -> str:
    return " ".join([kind or "类型?", str(year) if year else "年度?", department or "部门?"])


def _counts(items: Iterable[str]) -> str:
    counter = collections.Counter(items)
    return ", ".join(f"{key} ×{n}" for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def table_line(table: Table) -> str:
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

    def short(path: str) -> str:
        return path[len(root):].lstrip("/") if root and path.startswith(root) else path

    for report in reports:
        name = short(report.path)
        if report.error:
            files += 1
            totals["unreadable"] += 1
            yield f"{name}  无法读取：{report.error}"
            continue
        files += len(report.paths)
        totals["documents"] += 1
        doc = report.document
        head = [" + ".join(short(p) for p in report.paths), _identity(report.kind, report.year, report.department)]
        head.append(f"规则集 {report.ruleset or '（无）'}")
        yield "  ".join(head)
        if report.is_set:
            totals["sets"] += 1
            yield "  文件：" + "；".join(
                f"{_ROLES.get(p.role, p.role)} {short(p.path)}（{_identity(p.kind, p.year, p.department)}）"
                for p in report.parts
            )
        elif report.parts and report.parts[0].role != "whole":
            yield f"  文件：只有{_ROLES.get(report.parts[0].role, report.parts[0].role)}"
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
            # each number the prose states once: the clause reading of the 三公 explanation restates some
            claims = [c for c in doc.claims if c.reading is None]
            bound = sum(1 for c in claims if c.subject is not None)
            totals["claims"] += len(claims)
            totals["bound"] += bound
            yield (
                f"  叙述：段落 {paragraphs}，目录 {len(doc.toc)} 条，数值声明 {len(claims)}"
                f"（已绑定 {bound}，未绑定 {len(claims) - bound}）"
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
                where = f"{short(f.location.path)}:" if f.location.path != report.path else ""
                where += f"p{f.location.page}:" if f.location.page else ""
                yield f"    {where}{f.location.line or ''} {f.rule} {f.severity.value} {f.message}"
    yield ""
    yield (
        f"共 {files} 个文件，{totals['documents']} 份公开（其中 {totals['sets']} 份由多个文件合成），无法读取 {totals['unreadable']}；"
        f"表格 {totals['tables']}（无类型 {totals['untyped']}，"
        f"无标题 {totals['untitled']}）；数值声明 {totals['claims']}（已绑定 {totals['bound']}）"
    )
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        yield f"{severity.label} {totals[severity.value]}：{_counts(by_rule[severity].elements()) or '无'}"
