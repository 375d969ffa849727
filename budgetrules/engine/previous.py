"""Last year's disclosures (``check --previous``): which one goes with each document checked.

``--previous FILE`` gives one document for the one file checked; ``--previous DIR`` reads every disclosure
under DIR and gives each document checked the disclosure of the **same department and kind** of the **latest
earlier year** there (the year before when it is there). Pairing uses what each file is — department, year,
kind, as :mod:`budgetrules.reading.identity` establishes them — never file names. A previous-year file that is not
of the same department and kind, or not of an earlier year, is not used (:class:`Given`), and the check says so.

The rules that compare with last year (``ctx.previous``) themselves require the year before and the same
kind, so a disclosure two years older is paired (and named in the warning) but compared by no rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Sequence

import attrs

from budgetrules.core.errors import InputError
from budgetrules.core.model import Document
from budgetrules.reading import docsets
from budgetrules.reading import identity as ident

if TYPE_CHECKING:
    from budgetrules.engine.plugins import Registry

__all__ = ["Given", "PreviousIndex", "index", "mismatch"]


def _identity(doc: Document) -> tuple[str | None, int | None, str | None]:
    i = ident.of_document(doc)
    return i.department, i.year, i.kind.value if i.kind else None


class Identified(Protocol):
    """Anything that says which disclosure it is about (a :class:`~budgetrules.core.report.FileReport`)."""

    @property
    def department(self) -> str | None: ...
    @property
    def year(self) -> int | None: ...
    @property
    def kind(self) -> str | None: ...


def mismatch(report: Identified, previous: Document) -> str | None:
    """Why ``previous`` cannot be last year's disclosure of the document of ``report`` (anything with
    ``department``, ``year`` and ``kind``), in Chinese; None when it can (or when it cannot be told)."""
    department, year, kind = _identity(previous)
    problems = []
    if report.department and department and not ident.same_department(report.department, department):
        problems.append(f"是{department}的公开文件，不是{report.department}的")
    if report.year is not None and year is not None and year >= report.year:
        problems.append(f"是 {year} 年的，不早于本文件的 {report.year} 年")
    if report.kind and kind and kind != report.kind:
        problems.append(f"是{kind}公开，本文件是{report.kind}公开")
    return "，".join(problems) if problems else None


@attrs.frozen
class _Facts:
    department: str | None
    year: int | None
    kind: str | None


@attrs.frozen(eq=False)
class Given:
    """The one previous-year disclosure given (``--previous FILE``), for the document it fits: not another
    department's, kind's, nor of the same or a later year (:func:`mismatch`)."""

    document: Document

    def __call__(self, doc: Document) -> Document | None:
        return None if mismatch(_Facts(*_identity(doc)), self.document) else self.document


@attrs.frozen(eq=False)
class PreviousIndex:
    """Last year's disclosures read from a folder; call it with a document for its previous-year one."""

    documents: tuple[Document, ...]
    problems: tuple[str, ...] = ()

    def _find(self, department: str | None, year: int | None, kind: str | None) -> Document | None:
        if not department or year is None:
            return None
        best: Document | None = None
        best_year = 0
        for doc in self.documents:
            d, y, k = _identity(doc)
            if not d or y is None or y >= year or (kind and k and k != kind) or not ident.same_department(d, department):
                continue
            if best is None or y > best_year:
                best, best_year = doc, y
        return best

    def __call__(self, doc: Document) -> Document | None:
        return self._find(*_identity(doc))

    def find_for(self, report: Identified) -> Document | None:
        return self._find(report.department, report.year, report.kind)


def index(files: Sequence[Path], registry: Registry) -> PreviousIndex:
    """Read every file of ``files`` as a previous-year disclosure; those that cannot be read are listed in
    ``problems``, and two files of one department, year and kind make both unusable (it cannot be told which
    is last year's)."""
    from budgetrules.engine.check import load_document

    docs, problems = [], []
    for f in files:
        try:
            docs.append(load_document(Path(f), registry))
        except InputError as exc:
            problems.append(str(exc))
    # the two halves of a disclosure published as two files are one previous-year disclosure
    docs = [unit.document for unit in docsets.plan(docs, batch=True)]
    seen: dict[tuple[str | None, int | None, str | None], list[Document]] = {}
    for d in docs:
        dep, year, kind = _identity(d)
        key = (ident.normalize_department(dep) if dep else None, year, kind)
        seen.setdefault(key, []).append(d)
    kept = []
    for (dep, year, kind), group in seen.items():
        if dep is None or year is None:
            problems.extend(f"{d.path}：编制部门或年度无法确定，不作为上年公开文件" for d in group)
        elif len(group) > 1:
            problems.append(f"{'、'.join(d.path for d in group)}：同一部门、年度和类型有多个文件，不作为上年公开文件")
        else:
            kept.extend(group)
    return PreviousIndex(tuple(sorted(kept, key=lambda d: d.path)), tuple(problems))
