"""What the arithmetic rules share: which columns hold amounts, how coded rows nest, and how sums are told.

A table's coded rows form a forest (:func:`hierarchy`): each row hangs under the nearest *printed* ancestor
(a 项 under its 款 row, or its 类 row when the 款 row is missing; a 款 under its 类 row), and rows with no
printed ancestor are *roots*, which the table's 合计 adds up. One parent code printed twice in one group is
ambiguous (which of the two is the parent?), so it is never checked and the sum of the roots is then not
certain either.

Project tables (``项目名称`` column) repeat the code hierarchy once per project; when every coded row names its
project, each project is its own group.

Columns without a recognised header (keys ``col18`` …) are never checked and never counted as components:
the header that would say what they hold is missing, so no reviewer could act on a finding about them (see
AR104 for the one place where their numbers are still taken into account).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Iterator, Sequence

import attrs

from budgetrules.api import (
    TEXT_KEYS,
    Amount,
    ClassCode,
    Column,
    Document,
    Row,
    Side,
    SumCheck,
    Table,
    Unit,
    check_sum,
    column_key,
    fmt,
    normalize_label,
    per_document,
    regex,
)

__all__ = [
    "code_of",
    "NON_AMOUNT",
    "is_unrecognised",
    "amount_columns",
    "sides",
    "strip_numbering",
    "is_of_which",
    "label_key",
    "Hierarchy",
    "hierarchy",
    "coded_rows",
    "groups",
    "column_places",
    "blank_as_zero",
    "sum_check",
    "terms",
    "row_name",
    "short_label",
    "col_name",
    "value_text",
    "sum_text",
    "has_text",
    "ParentSum",
    "document_parent_sums",
    "document_forests",
    "parent_message",
]

NON_AMOUNT = TEXT_KEYS
_UNLABELED = regex.compile(r"^col\d+$")
_NUMBERING = regex.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[、.．])\s*")
_OF_WHICH = regex.compile(r"^其中\s*[:：]?")


def is_unrecognised(column: Column) -> bool:
    """A column whose header was not recognised (``col18``): what it holds is unknown."""
    return bool(_UNLABELED.match(column.key))


def amount_columns(table: Table, side: Side | None = None) -> list[Column]:
    """The recognised amount columns of ``table`` (on ``side`` in a two-sided table)."""
    return [
        c
        for c in table.columns
        if c.key not in NON_AMOUNT and not is_unrecognised(c) and (side is None or c.side == side)
    ]


def sides(table: Table) -> list[Side | None]:
    """``[None]`` for an ordinary table, ``["income", "expense"]`` (those present) for a two-sided one."""
    found: list[Side | None] = sorted({c.side for c in table.columns if c.side}, key=lambda s: (s != "income", s))
    return found or [None]


def strip_numbering(label: str) -> str:
    """``一、财政拨款（补助）`` → ``财政拨款（补助）``; ``其中：公务用车购置费`` → ``公务用车购置费``."""
    text = _NUMBERING.sub("", label.strip())
    return _OF_WHICH.sub("", text).strip()


def is_of_which(label: str) -> bool:
    """A ``其中：…`` row: part of the row above, never an addend of the total."""
    return bool(_OF_WHICH.match(_NUMBERING.sub("", label.strip())))


def label_key(label: str) -> str | None:
    """The stable key a row label would have as a column header (``事业收入`` → ``business_income``)."""
    return column_key(strip_numbering(label))


@attrs.frozen
class Hierarchy:
    """The forest of one group of coded rows.

    ``children`` maps ``id(parent row)`` to its child rows in printed order; ``roots`` are the rows with no
    printed ancestor; ``ambiguous`` holds the ids of parent rows whose code is printed more than once in the
    group (never checked); ``missing`` maps ``id(row)`` to the codes of its unprinted ancestors (nearest
    first) when the group prints rows of that ancestor's level or above (a group printing 类 and 项 but no
    款 at all misses its 款 too; a group printing only 款 is a flat list).
    """

    rows: tuple[Row, ...]
    children: dict[int, list[Row]]
    roots: tuple[Row, ...]
    ambiguous: frozenset[int]
    missing: dict[int, tuple[str, ...]]

    @property
    def certain_roots(self) -> bool:
        """True when every row's parent is unambiguous, so that the roots are exactly the addends of 合计."""
        return not self.ambiguous


def code_of(row: Row) -> ClassCode:
    """The code of a coded row (:func:`coded_rows`; a hierarchy is built of coded rows only)."""
    assert row.code is not None
    return row.code


def _digits(row: Row) -> str | None:
    return row.code.code if row.code is not None else None


def hierarchy(rows: Sequence[Row]) -> Hierarchy:
    """Build the forest of ``rows`` (coded item rows of one group)."""
    by_code: dict[str, list[Row]] = {}
    for row in rows:
        digits = _digits(row)
        if digits is not None and code_of(row).level in ("类", "款"):
            by_code.setdefault(digits, []).append(row)
    levels = {code_of(row).level for row in rows}
    children: dict[int, list[Row]] = {}
    roots: list[Row] = []
    ambiguous: set[int] = set()
    missing: dict[int, tuple[str, ...]] = {}
    for row in rows:
        code = code_of(row)
        ancestors: list[tuple[str, str]] = []  # (level, digits), nearest first
        if code.level == "项":
            ancestors = [("款", code.lei + (code.kuan or "")), ("类", code.lei)]
        elif code.level == "款":
            ancestors = [("类", code.lei)]
        parent: Row | None = None
        absent: list[str] = []
        for level, digits in ancestors:
            candidates = by_code.get(digits, [])
            if candidates:
                if len(candidates) > 1:
                    ambiguous.update(id(c) for c in candidates)
                parent = candidates[0]
                break
            if level in levels or (level == "款" and "类" in levels):
                absent.append(digits)
        if absent:
            missing[id(row)] = tuple(absent)
        if parent is None:
            roots.append(row)
        else:
            children.setdefault(id(parent), []).append(row)
    return Hierarchy(tuple(rows), children, tuple(roots), frozenset(ambiguous), missing)


def coded_rows(table: Table, side: Side | None = None) -> list[Row]:
    return [r for r in table.item_rows(side) if r.code is not None]


def groups(table: Table, side: Side | None = None) -> list[list[Row]]:
    """The coded item rows of ``table`` (``side``), split by project when every one names its project."""
    rows = coded_rows(table, side)
    if not rows:
        return []
    if table.has_column("project_name") and all(r.texts.get("project_name") for r in rows):
        by_project: dict[str, list[Row]] = {}
        for row in rows:
            by_project.setdefault(normalize_label(row.texts["project_name"]), []).append(row)
        return list(by_project.values())
    return [rows]


def column_places(table: Table, key: str, rows: Iterable[Row] | None = None) -> int:
    """The most decimals printed in column ``key`` (2 when nothing is printed)."""
    places = [a.places for r in (rows if rows is not None else table.rows) if (a := r.amount(key)) is not None]
    return max(places) if places else 2


def blank_as_zero(places: int, unit: Unit) -> Amount:
    """A blank cell read as a zero printed with the column's precision (so it lends no extra tolerance)."""
    return Amount(Decimal(0), places, unit)


def sum_check(total: Amount | None, items: Sequence[Amount | None], places: int, unit: Unit) -> SumCheck | None:
    """``total`` against ``Σ items`` with blanks as zeros; None when everything is blank (nothing to check)."""
    if total is None and all(a is None for a in items):
        return None
    zero = blank_as_zero(places, unit)
    return check_sum(total if total is not None else zero, [a if a is not None else zero for a in items], unit)


def terms(parts: Sequence[tuple[str, Amount | None]], limit: int = 8) -> str:
    """``21201：344.02 + 2129999：95.00`` (blanks shown as 空, or counted when there are many; at most
    ``limit`` terms)."""
    blanks = 0
    if len(parts) > limit:
        printed = [(n, a) for n, a in parts if a is not None]
        blanks = len(parts) - len(printed)
        parts = printed
    shown = [f"{name}：{a.value if a is not None else '空'}" for name, a in parts[:limit]]
    if len(parts) > limit:
        shown.append(f"…共 {len(parts)} 项")
    if blanks:
        shown.append(f"另 {blanks} 项为空")
    return " + ".join(shown) if shown else "无"


def row_name(row: Row) -> str:
    """``类 212 城乡社区支出`` / ``项 20805（项编码未印） 机关事业单位…`` / ``合计``."""
    if row.code is not None:
        return f"{code_of(row).level} {row.code.display} {row.label}".rstrip()
    return row.label or "（无名称行）"


_FIGURE = {"预算数": "预算数", "预算": "预算数", "决算数": "决算数", "决算": "决算数"}


def short_label(column: Column) -> str:
    """The deepest header of a column, with 预算数/决算数 kept as a qualifier: ``基本支出（预算数）``."""
    segments = [s for s in column.label.split("/") if s]
    if not segments:
        return column.key
    if len(segments) > 1 and segments[-1] in _FIGURE:
        return f"{segments[-2]}（{_FIGURE[segments[-1]]}）"
    return segments[-1]


def col_name(table: Table, key: str, side: Side | None = None) -> str:
    column = table.column(key, side)
    return f"“{column.label}”列" if column is not None else f"“{key}”列"


def value_text(amount: Amount | None) -> str:
    return "空" if amount is None else str(amount.value)


def sum_text(check: SumCheck) -> str:
    return fmt(check.computed, check.places)


def has_text(row: Row, key: str) -> bool:
    """A non-numeric text printed in an amount column: the cell's value is unknown."""
    return key in row.texts


@attrs.frozen
class ParentSum:
    """One parent row's printed amount in one column against the sum of its printed children."""

    table: Table
    side: Side | None
    parent: Row
    key: str
    children: tuple[Row, ...]
    check: SumCheck

    @property
    def parts(self) -> list[tuple[str, Amount | None]]:
        return [(code_of(c).display, c.amount(self.key)) for c in self.children]


def document_parent_sums(doc: Document, table: Table, level: str) -> list[ParentSum]:
    """Every (parent row of ``level``, column) of one of ``doc``'s tables with its children's sum; blanks count
    as zero, a parent and children all blank are skipped, ambiguous parents and cells holding text are skipped.
    Computed once per document for every rule that reads them (AR101, AR102 and the causes of AR103)."""
    return [ps for ps in _document_parent_sums(doc)[id(table)] if code_of(ps.parent).level == level]


@per_document
def _document_parent_sums(doc: Document) -> dict[int, tuple[ParentSum, ...]]:
    return {id(table): tuple(_parent_sums(table, document_forests(doc, table))) for table in doc.tables}


def document_forests(doc: Document, table: Table) -> tuple[tuple[Side | None, Hierarchy], ...]:
    """The hierarchy of every group of coded rows of one of ``doc``'s tables (:func:`groups`), side by side in
    the order of :func:`sides`, each with its side: built once per document for every rule that reads them
    (AR107 and the parent sums of AR101 and AR102)."""
    return _document_forests(doc)[id(table)]


@per_document
def _document_forests(doc: Document) -> dict[int, tuple[tuple[Side | None, Hierarchy], ...]]:
    return {id(table): _forests(table) for table in doc.tables}


def _forests(table: Table) -> tuple[tuple[Side | None, Hierarchy], ...]:
    return tuple((side, hierarchy(group)) for side in sides(table) for group in groups(table, side))


def _parent_sums(table: Table, forests: Sequence[tuple[Side | None, Hierarchy]]) -> Iterator[ParentSum]:
    """The parent sums of ``table`` (:func:`document_parent_sums`) of every level at once, each level's in
    table order."""
    for side, tree in forests:
        columns = amount_columns(table, side)
        for parent in tree.rows:
            if id(parent) in tree.ambiguous:
                continue
            kids = tree.children.get(id(parent), [])
            if not kids:
                continue
            for column in columns:
                key = column.key
                if has_text(parent, key) or any(has_text(k, key) for k in kids):
                    continue
                places = column_places(table, key, [parent, *kids])
                check = sum_check(parent.amount(key), [k.amount(key) for k in kids], places, table.unit)
                if check is not None:
                    yield ParentSum(table, side, parent, key, tuple(kids), check)


def parent_message(ps: ParentSum, children_word: str) -> str:
    """The Chinese message of a parent ≠ Σ children finding, stating every number."""
    printed = ps.parent.amount(ps.key)
    head = f"{row_name(ps.parent)} 的{col_name(ps.table, ps.key, ps.side)}"
    detail = f"（{terms(ps.parts)}；{ps.check.explain()}）"
    if printed is None:
        return f"{head}为空，但{children_word}之和为 {sum_text(ps.check)}{detail}"
    return f"{head}金额 {printed.value} 不等于{children_word}之和 {sum_text(ps.check)}{detail}"


def row_cause(row: Row) -> str | None:
    """The root cause “this row is not the sum of the rows under it” (:func:`budgetrules.engine.causes.parent_sum`),
    None for a row without a full code."""
    from budgetrules.api import parent_sum

    code = row.code
    if code is None or code.code is None:
        return None
    return parent_sum(code.system, code.code)


def cascade_cause(
    doc: Document, table: Table, side: Side | None, key: str, addends: Iterable[Row], total: SumCheck
) -> str | None:
    """The root cause a total's mismatch (``total``: the total against its addends in column ``key``) follows
    from: when the addends that are not the sum of their own children miss, together, exactly what the total
    is off by, the total is right and those rows are wrong. The cause of the one among them that misses the
    most; None when there is no such row or the amounts do not match."""
    wanted = {id(r) for r in addends}
    off = [ps for level in ("类", "款", "项") for ps in document_parent_sums(doc, table, level)
           if ps.key == key and ps.side == side and id(ps.parent) in wanted and not ps.check.consistent]
    if not off:
        return None
    residue = total.difference + sum(ps.check.difference for ps in off)
    if abs(residue) > total.tolerance + sum(ps.check.tolerance for ps in off):
        return None
    return row_cause(max(off, key=lambda ps: abs(ps.check.difference)).parent)
