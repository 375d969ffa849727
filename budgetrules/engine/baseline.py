"""Accepted findings: the review file (baseline) a reviewer keeps between rounds.

After a phone call with the department ("the 95 万元 is booked under 21299 on purpose") a reviewer accepts
some findings: ``budgetrules accept FILE… --baseline review.toml`` writes the current findings into a TOML
file, each with room for the reason and the reviewer's name::

    # budgetrules 已接受的问题：check --baseline 不再报告这些问题。请填写 reason（理由）和 reviewer（审核人）。
    version = 1

    [[accepted]]
    fingerprint = "5c0e6f3a9b1d2e47"
    rule = "AR101"
    department = "克孜勒苏柯尔克孜自治州阿克陶县住房和城乡建设局"
    year = 2021
    kind = "预算"
    file = "examples/akto-housing-2021-budget.txt"
    place = "表二《部门（单位）收入总体情况表》 行 212 城乡社区支出 列 总计"
    message = "类 212 城乡社区支出 的“总计”列金额 344.02 不等于其下各款…"
    reason = "21299 单列，经电话核实"
    reviewer = "王芳"

``budgetrules check … --baseline review.toml`` then reports only the findings not accepted there. A finding
is matched by its :attr:`~budgetrules.core.findings.Finding.fingerprint` — department, year, kind, rule, table kind,
row code, column and numbers, never the file's name or line — so a renamed resubmission, or one with lines
inserted above, keeps its accepted findings, and a finding whose numbers changed is reported again. The
department is compared as :func:`budgetrules.reading.identity.same_department` does (a resubmission whose cover says
``阿克陶县住房和城乡建设局`` where the first said ``克孜勒苏柯尔克孜自治州阿克陶县住房和城乡建设局`` is the same
department; 阿克陶县水利局 is not). ``department``, ``year`` and ``kind`` are therefore part of the match; the
other fields are for people, and editing them changes nothing.

An accepted finding that no longer occurs in a disclosure that was checked (same department, year and kind;
for a disclosure whose department is unknown, same file name) is **stale**: the check lists it (on standard
error) so that the reviewer can drop it — ``accept --prune`` does.

Rewriting a review file keeps what the reviewer wrote in it (comments, reasons, names; :mod:`tomlkit`) and
appends the new findings in a fixed order, so the same run writes the same bytes.
"""

from __future__ import annotations

import collections
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

import attrs

from budgetrules.core.errors import UsageError
from budgetrules.core.findings import Finding, Severity, scope_of
from budgetrules.core.lazy import lazy_module
from budgetrules.core.report import FileReport

if TYPE_CHECKING:
    import tomlkit
    import tomlkit.items
else:
    tomlkit = lazy_module("tomlkit")  # imported when first used: not by a check that does not need it

__all__ = ["Accepted", "Baseline", "load", "entry_of", "write", "Filter", "VERSION"]

VERSION = 1

HEADER = ("budgetrules 已接受的问题：check --baseline 不再报告这些问题（按 fingerprint 匹配，与文件名和行号无关）。\n"
          "请为每条填写 reason（接受理由）和 reviewer（审核人）；其余字段供阅读，修改它们不影响匹配。")

_FIELDS = ("fingerprint", "rule", "department", "year", "kind", "file", "place", "message", "reason", "reviewer")


@attrs.frozen
class Accepted:
    """One accepted finding as the review file holds it."""

    fingerprint: str
    rule: str = ""
    department: str | None = None
    year: int | None = None
    kind: str | None = None
    file: str | None = None
    place: str = ""
    message: str = ""
    reason: str = ""
    reviewer: str = ""

    @property
    def scope(self) -> str:
        return scope_of(self.department, self.year, self.kind)

    def covers(self, report: FileReport) -> bool:
        """This entry is about the disclosure of ``report``: same year and kind, and the same department
        (:func:`budgetrules.reading.identity.same_department`: ``阿克陶县住房和城乡建设局`` is
        ``克孜勒苏柯尔克孜自治州阿克陶县住房和城乡建设局``), or — the department being unknown on both sides — the
        same file name."""
        from budgetrules.reading.identity import same_department

        if (report.year, report.kind) != (self.year, self.kind):
            return False
        if report.department and self.department:
            return same_department(report.department, self.department)
        if report.department or self.department:
            return False
        return self.file is not None and PurePath(self.file).name in {PurePath(p).name for p in report.paths}

    def describe(self) -> str:
        who = " ".join(x for x in (self.kind, str(self.year) if self.year else None, self.department) if x)
        return f"{self.fingerprint} {self.rule} {who}：{self.place or self.message}"


@attrs.frozen
class Baseline:
    """A loaded review file: ``entries`` in file order, ``path`` where it was read from."""

    path: str | None = None
    entries: tuple[Accepted, ...] = ()

    @property
    def fingerprints(self) -> frozenset[str]:
        return frozenset(e.fingerprint for e in self.entries)


def _fail(path: Path, problem: str) -> UsageError:
    return UsageError(f"{path}：{problem}")


def load(path: Path) -> Baseline:
    """Read a review file; a file that is not one is a :class:`~budgetrules.core.errors.UsageError`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _fail(path, "已接受问题文件不存在（用 budgetrules accept 创建）") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, f"无法读取：{getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = tomlkit.parse(text).unwrap()
    except Exception as exc:  # tomlkit's parse errors
        raise _fail(path, f"不是有效的 TOML：{exc}") from None
    version = data.get("version", VERSION)
    if version != VERSION:
        raise _fail(path, f"不支持的版本 {version!r}（本程序读取版本 {VERSION}）")
    items = data.get("accepted", [])
    if not isinstance(items, list):
        raise _fail(path, "accepted 应为 [[accepted]] 表数组")
    entries = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str) or not item["fingerprint"]:
            raise _fail(path, f"第 {n} 条 [[accepted]] 缺少 fingerprint")
        unknown = set(item) - set(_FIELDS)
        if unknown:
            raise _fail(path, f"第 {n} 条 [[accepted]] 有未知的字段 {', '.join(sorted(unknown))}")
        year = item.get("year")
        if year is not None and not isinstance(year, int):
            raise _fail(path, f"第 {n} 条 [[accepted]] 的 year 应为整数")
        entries.append(Accepted(**{k: item[k] for k in _FIELDS if k in item}))
    return Baseline(str(path), tuple(entries))


def entry_of(finding: Finding, report: FileReport, *, reason: str = "", reviewer: str = "") -> Accepted:
    """The review-file entry accepting ``finding`` of ``report``."""
    return Accepted(
        fingerprint=finding.fingerprint,
        rule=finding.rule,
        department=report.department,
        year=report.year,
        kind=report.kind,
        file=finding.location.path,
        place=finding.location.describe(),
        message=finding.message,
        reason=reason,
        reviewer=reviewer,
    )


def _order(e: Accepted) -> tuple[Any, ...]:
    return (e.department or "", e.year or 0, e.kind or "", e.file or "", e.rule, e.place, e.fingerprint)


def _table(e: Accepted) -> tomlkit.items.Table:
    t = tomlkit.table()
    for name in _FIELDS:
        value = getattr(e, name)
        if value is not None:
            t.add(name, value)
    return t


def write(path: Path, new: Iterable[Accepted], *, drop: Iterable[str] = ()) -> tuple[int, int]:
    """Add the entries ``new`` not yet in the review file at ``path`` (created when missing) and remove the
    entries whose fingerprints are in ``drop``; what is already in the file — reasons, names, comments —
    is kept. Returns (added, removed)."""
    path = Path(path)
    if path.exists():
        load(path)  # validates
        doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    else:
        doc = tomlkit.document()
        for line in HEADER.splitlines():
            doc.add(tomlkit.comment(line))
        doc.add("version", VERSION)
    if "accepted" not in doc:
        doc.add(tomlkit.nl())
        doc.add("accepted", tomlkit.aot())
    aot = doc["accepted"]
    drop = set(drop)
    removed = 0
    for i in reversed(range(len(aot))):
        if aot[i]["fingerprint"] in drop:
            del aot[i]
            removed += 1
    have = {t["fingerprint"] for t in aot}
    added = 0
    for e in sorted({e.fingerprint: e for e in new if e.fingerprint not in have}.values(), key=_order):
        aot.append(_table(e))
        added += 1
    text = tomlkit.dumps(doc)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return added, removed


class Filter:
    """The reports of ``reports`` with the findings accepted in ``baseline`` and those turned off for their
    file by ``ignored(path)`` (team settings' per-file ignores) left out, as an iterable a renderer can
    stream. ``complete`` and ``total`` are those of ``reports``; ``counts`` holds the findings per severity
    of what was yielded, ``accepted`` the number of findings left out as accepted; after the iteration,
    :meth:`stale` lists the accepted findings that no longer occur in the disclosures checked.
    ``on_report(report)`` is called with each original report (before filtering)."""

    def __init__(self, reports: Iterable[FileReport], baseline: Baseline | None = None,
                 ignored: Callable[[str], Iterable[str]] | None = None,
                 on_report: Callable[[FileReport], None] | None = None) -> None:
        self.reports = reports
        self.baseline = baseline
        self.ignored = ignored
        self.on_report = on_report
        self.counts: collections.Counter[Severity] = collections.Counter()
        self.accepted = 0
        self._seen: set[str] = set()
        self._checked: list[FileReport] = []
        self._fingerprints = baseline.fingerprints if baseline is not None else frozenset()

    @property
    def complete(self) -> bool:
        return bool(getattr(self.reports, "complete", True))

    @property
    def total(self) -> int | None:
        return getattr(self.reports, "total", None)

    def at_least(self, level: Severity) -> bool:
        return any(n for s, n in self.counts.items() if s >= level)

    def _keep(self, f: Finding) -> bool:
        if self.ignored is not None:
            from budgetrules.engine.check import _matches

            rules = self.ignored(f.location.path)
            if rules and _matches(f.rule, rules):
                return False
        return True

    def __iter__(self) -> Iterator[FileReport]:
        for report in self.reports:
            if self.on_report is not None:
                self.on_report(report)
            if report.error is None:
                self._checked.append(attrs.evolve(report, findings=(), document=None))
            kept = []
            scopes = self._scopes(report)
            for f in report.findings:
                fp = self._accepted_as(f, scopes)
                if fp is not None:
                    self._seen.add(fp)
                    self.accepted += 1
                elif self._keep(f):
                    kept.append(f)
            if len(kept) != len(report.findings):
                report = attrs.evolve(report, findings=tuple(kept))
            for f in kept:
                self.counts[f.severity] += 1
            yield report

    def _scopes(self, report: FileReport) -> set[str]:
        """The scopes under which the review file accepted findings of ``report``'s disclosure (the department
        may be written another way there, e.g. with or without the prefecture's name)."""
        if self.baseline is None or report.error is not None:
            return set()
        return {e.scope for e in self.baseline.entries if e.covers(report)}

    def _accepted_as(self, f: Finding, scopes: set[str]) -> str | None:
        """The fingerprint under which ``f`` is accepted, None when it is not."""
        if not self._fingerprints:
            return None
        if f.fingerprint in self._fingerprints:
            return f.fingerprint
        for scope in sorted(scopes):
            fp = attrs.evolve(f, scope=scope).fingerprint
            if fp in self._fingerprints:
                return fp
        return None

    def stale(self) -> list[Accepted]:
        """Accepted findings of the disclosures checked that did not occur (in the review file's order)."""
        if self.baseline is None:
            return []
        return [e for e in self.baseline.entries
                if e.fingerprint not in self._seen and any(e.covers(r) for r in self._checked)]
