"""What a printed classification row says, checked against the catalogue of the document's year.

Shared by every rule of the ``codes`` family, so that they agree on one diagnosis per printed row and never
report the same row twice for one root cause. The order of precedence (see :func:`diagnose`):

1. **the code and its printed name** (CL101 code does not exist, CL102 name is not the code's name) — the two
   are exclusive by construction: a code missing from the catalogue is CL101's, a code present with another
   name is CL102's. When the printed name is the name of another code, that code is the *suggestion*: the row
   is taken to be that code mis-coded.
2. **where the row is printed** (CL104 under another 类/款, CL105 in the wrong 基本支出 column) — judged on the
   *intended* code: the suggestion when step 1 gave one, the printed code when step 1 found nothing, and not
   judged at all when step 1 found a mismatch it could not resolve (the root cause is then unknown and
   already reported).
3. **consistency within the document** (CL103 one code with two names, two codes with one name) — only among
   rows step 1 found nothing wrong with, i.e. mostly codes the catalogue cannot vouch for.
"""

from __future__ import annotations

import enum

import attrs

from budgetrules.api import (
    Catalogue,
    ClassCode,
    CodeStatus,
    Document,
    Entry,
    Row,
    Severity,
    Table,
    catalogues,
    normalize_name,
    per_document,
    regex,
)

__all__ = [
    "SYSTEMS",
    "Verdict",
    "Diagnosis",
    "at_most",
    "catalogue_for",
    "catalogue_system",
    "catalogue_label",
    "coded_rows",
    "code_of",
    "full_code",
    "names_subjects",
    "is_fragment",
    "name_owners",
    "diagnose",
    "diagnose_document",
    "years_text",
]

#: ClassCode.system -> catalogue system
SYSTEMS = {"func": "func", "econ": "econ-dept"}

#: (ClassCode.system, first digit of the code) -> catalogue system. Codes of other first digits (收入分类
#: 1xx printed in an income table, …) belong to no expenditure catalogue and are not checked.
_SYSTEM_BY_DIGIT = {("func", "2"): "func", ("econ", "3"): "econ-dept", ("econ", "5"): "econ-gov"}


_BRACKETS = regex.compile(r"[()\[\]]")


def catalogue_system(system: str, code: str) -> str | None:
    """The catalogue a printed code is checked against: 2xx 功能分类, 3xx 部门经济分类, 5xx 政府经济分类."""
    return _SYSTEM_BY_DIGIT.get((system, code[:1]))


class Verdict(enum.Enum):
    OK = "ok"
    """The code is in the catalogue and the printed name is its name."""
    UNCOVERED = "uncovered"
    """The catalogue cannot tell (the code's parent is not listed completely); the name is no other code's."""
    UNKNOWN = "unknown"
    """The code is not in the catalogue and provably not in that year's list (its parent is complete)."""
    REMOVED = "removed"
    """The code is not in that year's catalogue but exists in earlier years only."""
    NOT_YET = "not_yet"
    """The code is not in that year's catalogue but exists in later years only."""
    MISCODED = "miscoded"
    """The code is not in that year's catalogue (or cannot be vouched for) and the name is another code's."""
    WRONG_NAME = "wrong_name"
    """The code is in the catalogue with another name (``suggestion`` set when the name is another code's)."""
    OUTDATED_NAME = "outdated_name"
    """The code is in the catalogue; the printed name is its name in other years only."""


@attrs.frozen
class Diagnosis:
    """What the catalogue says about one printed (code, name).

    ``entry`` is the catalogue's entry for the printed code (None when absent); ``suggestion`` the entry whose
    name the printed name is, when that is one clear code; ``name_years`` the years in which the printed name
    was the code's name (OUTDATED_NAME); ``code_years`` the years the code exists with its names (REMOVED,
    NOT_YET).
    """

    verdict: Verdict
    code: str
    name: str
    catalogue: Catalogue
    status: CodeStatus
    entry: Entry | None = None
    suggestion: Entry | None = None
    name_years: tuple[int, ...] = ()
    code_years: tuple[tuple[int, str], ...] = ()

    @property
    def reported(self) -> bool:
        """Whether CL101/CL102 report this row (anything but OK and a plain UNCOVERED)."""
        return self.verdict not in (Verdict.OK, Verdict.UNCOVERED)

    @property
    def intended_code(self) -> str | None:
        """The code the row most probably means: the suggestion, else the printed code when nothing is wrong
        with it (or its name is merely cut off); None when the row's code and name disagree without a clear
        resolution."""
        if self.suggestion is not None:
            return self.suggestion.code
        if self.verdict in (Verdict.OK, Verdict.UNCOVERED, Verdict.OUTDATED_NAME):
            return self.code
        if self.verdict is Verdict.WRONG_NAME and self.entry is not None and is_fragment(self.name, self.entry.name):
            return self.code  # a cut-off name of the printed code: the code stands
        return None


def at_most(ctx, severity: str | None) -> Severity | None:
    """A lowered severity for an uncertain finding, never above the one in force for the rule (a ruleset
    that makes the rule ``info`` keeps it ``info``); None keeps the rule's severity."""
    if severity is None:
        return None
    wanted = Severity(severity)
    current = ctx.severity or ctx.rule.severity
    return wanted if wanted < current else current


def catalogue_for(doc: Document, system: str) -> Catalogue | None:
    """The catalogue of ``system`` (``func``/``econ`` or a catalogue system name) for the document's year;
    None without a year or a catalogue."""
    if doc.year is None:
        return None
    return catalogues.load(SYSTEMS.get(system, system), doc.year)


def catalogue_label(cat: Catalogue) -> str:
    """How messages name the catalogue: ``2021 年支出功能分类科目`` (with the stand-in year when it differs)."""
    name = catalogues.SYSTEM_NAMES.get(cat.system, cat.system)
    origin = "（导入的官方目录）" if cat.origin == "user" else ""
    if cat.is_fallback:
        return f"{cat.year} 年{name}{origin}（无 {cat.year_requested} 年目录，按 {cat.year} 年目录核对）"
    return f"{cat.year} 年{name}{origin}"


def years_text(years: tuple[int, ...] | list[int]) -> str:
    """``2017 年``, ``2018—2020 年``, ``2017、2019—2021 年`` for a set of catalogue years."""
    ys = sorted(set(years))
    if not ys:
        return ""
    runs: list[list[int]] = [[ys[0], ys[0]]]
    for y in ys[1:]:
        if y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    parts = [f"{a}" if a == b else f"{a}—{b}" for a, b in runs]
    return "、".join(parts) + " 年"


def names_subjects(table: Table) -> bool:
    """Whether the table's name column holds the subjects' names (and not, say, project names).

    A 项目支出 table whose only text column is headed 项目/项目名称 prints what was bought, not the subject:
    its rows carry a code but their label is not a classification name and is not compared.
    """
    if table.kind != "gpb_project":
        return True
    column = table.column("name")
    return column is not None and ("科目" in column.label or "分类" in column.label)


def code_of(row: Row) -> ClassCode:
    """The code of a row :func:`coded_rows` gives (it always has one)."""
    assert row.code is not None
    return row.code


def full_code(row: Row) -> str:
    """The full code of a row :func:`coded_rows` gives (``row.code.code``, never None there)."""
    code = code_of(row).code
    assert code is not None
    return code


@per_document
def coded_rows(doc: Document, system: str | None = None) -> tuple[tuple[Table, Row], ...]:
    """Every item row carrying a full code (``row.code.code`` not None) and a subject name, in document order
    (found once per document for every rule of the family)."""
    found = []
    for table in doc.tables:
        if not names_subjects(table):
            continue
        for row in table.rows:
            if row.is_total or row.code is None or row.code.code is None:
                continue
            if system is not None and row.code.system != system:
                continue
            if not row.label.strip():
                continue
            found.append((table, row))
    return tuple(found)


def name_owners(cat: Catalogue, name: str, code: str) -> list[Entry]:
    """The entries of ``cat`` other than ``code`` whose name is ``name``, nearest first.

    Functional names repeat (every 款 has its 行政运行), so for a func code only entries of the same level are
    candidates, and those under the same parent are preferred; when none is under the same parent every
    same-level entry is returned (the caller decides whether one is clear). Economic names are unique: any
    款 of any 类 is a candidate.
    """
    level = catalogues.level_of(cat.system, code)
    found = [e for e in cat.find_by_name(name, level=level) if e.code != code]
    if cat.system == "func" and level != "类":
        parent = catalogues.parent_code(cat.system, code)
        close = [e for e in found if e.parent == parent]
        if close:
            return close
    return found


def is_fragment(printed: str, name: str) -> bool:
    """Whether ``printed`` is a cut-off piece of ``name`` (its start or end, at least 2 characters): what a
    cell wrapped over two lines, or a truncated PDF cell, leaves in the name column."""
    a, b = normalize_name(printed), normalize_name(name)
    return 2 <= len(a) < len(b) and (b.startswith(a) or b.endswith(a))


def _clear(owners: list[Entry]) -> Entry | None:
    return owners[0] if len(owners) == 1 else None


def _name_years(cat: Catalogue, code: str, name: str) -> tuple[int, ...]:
    """The years in which ``name`` was the name of ``code`` (catalogue years, else recorded renames)."""
    wanted = normalize_name(name)
    years = {y for y, e in catalogues.history(cat.system, code) if e.normalized_name == wanted}
    if not years:
        years = {
            c.year_changed - 1
            for c in catalogues.changes(cat.system, code)
            if c.kind in ("renamed", "removed") and c.old_name and normalize_name(c.old_name) == wanted
        }
    years.discard(cat.year)
    return tuple(sorted(years))


def _unbracketed(name: str) -> str:
    """A normalized name without its brackets: ``因公出国境费用( )`` — a text layer that set the brackets apart
    from their words — is the name ``因公出国（境）费用``."""
    return _BRACKETS.sub("", name)


def diagnose(cat: Catalogue, code: str, name: str) -> Diagnosis:
    """The verdict on a printed code and name (see :class:`Verdict`)."""
    entry = cat.get(code)
    status = cat.code_status(code)
    if entry is not None:
        if _unbracketed(entry.normalized_name) == _unbracketed(normalize_name(name)):
            return Diagnosis(Verdict.OK, code, name, cat, status, entry)
        owner = _clear(name_owners(cat, name, code))
        years = _name_years(cat, code, name)
        if owner is not None:
            return Diagnosis(Verdict.WRONG_NAME, code, name, cat, status, entry, suggestion=owner, name_years=years)
        if years:
            return Diagnosis(Verdict.OUTDATED_NAME, code, name, cat, status, entry, name_years=years)
        return Diagnosis(Verdict.WRONG_NAME, code, name, cat, status, entry)

    owner = _clear(name_owners(cat, name, code))
    history = tuple((y, e.name) for y, e in catalogues.history(cat.system, code) if y != cat.year)
    if owner is not None:
        return Diagnosis(Verdict.MISCODED, code, name, cat, status, suggestion=owner, code_years=history)
    if history and all(y < cat.year for y, _ in history):
        return Diagnosis(Verdict.REMOVED, code, name, cat, status, code_years=history)
    if history and all(y > cat.year for y, _ in history):
        return Diagnosis(Verdict.NOT_YET, code, name, cat, status, code_years=history)
    if status is CodeStatus.UNKNOWN:
        return Diagnosis(Verdict.UNKNOWN, code, name, cat, status, code_years=history)
    return Diagnosis(Verdict.UNCOVERED, code, name, cat, status, code_years=history)


def diagnose_document(doc: Document) -> dict[tuple[int, int], Diagnosis]:
    """The diagnosis of every coded row, keyed by ``(id(table), id(row))``; rows with no catalogue are absent.

    Rules call this to learn what the other rules of the family report, so that precedence is decided in one
    place. It is computed once per document (and set of catalogues) and shared by every rule: do not change it.
    """
    if doc.year is None:
        return {}
    return _diagnose_document(doc, tuple(catalogues.load(s, doc.year) for s in catalogues.SYSTEMS))


@per_document
def _diagnose_document(doc: Document, cats_in_force: tuple) -> dict[tuple[int, int], Diagnosis]:
    # ``cats_in_force`` only keys the memo: a catalogue imported later is a new object
    out: dict[tuple[int, int], Diagnosis] = {}
    cats: dict[str, Catalogue | None] = {}
    for table, row in coded_rows(doc):
        system = catalogue_system(code_of(row).system, full_code(row))
        if system is None:
            continue
        if system not in cats:
            cats[system] = catalogue_for(doc, system)
        cat = cats[system]
        if cat is None:
            continue
        out[(id(table), id(row))] = diagnose(cat, full_code(row), row.label)
    return out
