"""What the cross-table rules share: which tables and columns state the same quantity, how rows of different
tables are matched, and how a disagreement among several statements is attributed to one place.

Quantity groups
    A *member* is one column of one table (on one side of a two-sided table) read as a statement of a
    quantity by 功能分类 code: ``("summary", "expense", "total")`` is 表一's expense side, ``("income", None,
    "gpb")`` 表二's 一般公共预算 column. A *group* lists the members that state the same quantity; the rules
    compare the members of a group code by code (XT101), check that a code with money in one member is
    listed by the others (XT102), and compare their 合计 rows (XT103).

    Income tables (表二) are compared with expense tables only in a 预算: a 预算's income table is arranged by
    the 功能分类 of the spending it funds, a 决算's income table records what came in, which differs from
    what was spent by the year-end carry-over.

    基本支出 / 项目支出 of 表三 (all funds) equal those of 表五 (一般公共预算 only) only when all the money is
    一般公共预算 money: :func:`all_gpb` decides that, conservatively.

Matching rows
    Rows match by their full code. A 项 printed without its own code (only its 款 code repeated) matches the
    coded 项 of the same 款 and name in another table (:class:`CodeIndex`); when no such 项 exists it matches
    only uncoded 项 of the same 款 and name.

Attributing a disagreement (:func:`disagreements`)
    The statements of one quantity are clustered (two statements agree when their rounding intervals meet;
    a blank cell is an exact zero, so blank agrees with ``0.00`` and disagrees with ``95.00``). When one
    cluster is larger than every other, each statement outside it is reported once, against the agreeing
    statements; when there is no such majority (e.g. two tables that differ), one finding is reported at the
    statement of the table earliest in the canonical order (表一 … 表九), against all the others.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Any, Iterable, Iterator, Sequence, TypeVar

import attrs

from budgetrules.api import (
    Amount,
    DocKind,
    Document,
    Interval,
    Location,
    Row,
    Side,
    Table,
    TableKindId,
    Unit,
    check_equal,
    column_key,
    fmt,
    normalize_label,
    per_document,
    regex,
    sum_intervals,
)

__all__ = [
    "CANONICAL",
    "Member",
    "Entry",
    "CodeIndex",
    "code_index",
    "single_table",
    "all_gpb",
    "zero_sources_slack",
    "member",
    "members",
    "code_groups",
    "disagreements",
    "difference_text",
    "entry_difference",
    "value_text",
    "mixed_units",
    "row_name",
    "where",
    "short_name",
    "total_row",
    "label_key",
    "missing_location",
    "is_budget",
    "entries_for",
    "rank",
    "nonzero",
    "budget_carryover",
    "NUMBERING",
]

#: The canonical order of the tables (表一 … 表九 of the 预算 set, then the rest).
CANONICAL = (
    "summary",
    "income",
    "expense",
    "fiscal_summary",
    "gpb_expense",
    "gpb_basic",
    "gpb_project",
    "sangong",
    "gov_fund",
    "soe",
)


def rank(kind: str | None) -> int:
    return CANONICAL.index(kind) if kind in CANONICAL else len(CANONICAL)


def is_budget(doc: Document) -> bool:
    return doc.kind is DocKind.BUDGET


def single_table(doc: Document, kind: TableKindId) -> Table | None:
    """The one table of ``kind``; None when there is none or several (which one is meant is then unknown)."""
    tables = doc.tables_of(kind)
    return tables[0] if len(tables) == 1 else None


def nonzero(amount: Amount | None) -> bool:
    """True when the printed amount is certainly not zero (its rounding interval excludes zero)."""
    if amount is None:
        return False
    iv = amount.interval()
    return not (iv.lo <= 0 <= iv.hi)


NUMBERING = regex.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[、.．])\s*")


def label_key(label: str) -> str | None:
    """The column key a row label would have as a header: ``一、财政拨款（补助）`` → ``fiscal``.

    ``其中：`` rows and labels naming a carry-over, a subtotal or a total are not income sources here.
    """
    text = NUMBERING.sub("", label.strip())
    if text.startswith("其中"):
        text = re.sub(r"^其中\s*[:：]?", "", text)
    return column_key(text)


def total_row(table: Table, side: Side | None = None, labels: Sequence[str] = ("合计", "总计")) -> Row | None:
    """The one total row of ``table`` (``side``) labelled with one of ``labels``; None if none or several."""
    rows = [r for r in table.total_rows(side) if normalize_label(r.label) in labels]
    return rows[0] if len(rows) == 1 else None


# ------------------------------------------------------------------------------------------- 一般公共预算


_OTHER_SOURCES_ZERO_OK = {"total", "gpb", "fiscal"}


def all_gpb(doc: Document) -> bool:
    """True when every yuan of the disclosure is 一般公共预算 money.

    Read from 表二's 合计 row (总计 equals the 一般公共预算 column and every other source column is blank or
    zero), or, without 表二, from 表一's income side (every line other than 财政拨款 / 一般公共预算 blank or
    zero, and 一般公共预算 equal to 收入总计). 表四's 政府性基金 / 国有资本经营 expense columns must be blank or
    zero as well. Anything unclear gives False.
    """
    fiscal = single_table(doc, "fiscal_summary")
    if fiscal is not None:
        for key in ("gov_fund", "soe"):
            if any(nonzero(r.amount(key)) for r in fiscal.rows if r.side == "expense"):
                return False
    income = single_table(doc, "income")
    if income is not None and income.has_amounts:
        total = total_row(income)
        all_funds = total.amount("total") if total is not None else None
        gpb_funds = total.amount("gpb") if total is not None else None
        if all_funds is None or gpb_funds is None:
            return False
        if not all_funds.interval(Unit.WAN).meets(gpb_funds.interval(Unit.WAN)):
            return False
        for column in income.columns:
            if column.key in ("code", "code_lei", "code_kuan", "code_xiang", "name", "total", "gpb"):
                continue
            if any((a := r.amount(column.key)) is not None and a.value != 0 for r in income.rows):
                return False
            if any(column.key in r.texts for r in income.rows):
                return False
        return True
    summary = single_table(doc, "summary")
    if summary is None:
        return False
    gpb: Amount | None = None
    whole: Amount | None = None
    for row in summary.rows:
        if row.side != "income":
            continue
        amount = row.amount("total")
        if row.is_total:
            if normalize_label(row.label) in ("收入总计", "总计", "合计"):
                whole = amount
            continue
        source = label_key(row.label)
        if source == "gpb":
            gpb = amount
        elif source not in _OTHER_SOURCES_ZERO_OK and amount is not None and amount.value != 0:
            return False
    return gpb is not None and whole is not None and gpb.interval(Unit.WAN).meets(whole.interval(Unit.WAN))


# ------------------------------------------------------------------------------------------ matching rows


@functools.lru_cache(maxsize=1 << 12)  # row names recur from one document to the next: each is folded once
def _name(label: str) -> str:
    return normalize_label(label)


class CodeIndex:
    """Matches rows of different tables: by code; a 项 printed without its own code by the coded 项 of the
    same 款 and name elsewhere; a 类 printed by name only (``一、一般公共服务支出`` on the expense side of a
    决算's 表一/表四) by the coded 类 of the same name elsewhere."""

    def __init__(self, doc: Document):
        names: dict[tuple[str, str], set[str]] = {}
        classes: dict[str, set[str]] = {}
        for table in doc.tables:
            for row in table.item_rows():
                code = row.code
                if code is None or code.system != "func":
                    continue
                if code.level == "项" and code.code is not None and code.parent is not None:
                    names.setdefault((code.parent, _name(row.label)), set()).add(code.code)
                elif code.level == "类" and code.code is not None:  # (a 类's code is always printed)
                    classes.setdefault(_name(NUMBERING.sub("", row.label)), set()).add(code.code)
        self._names = names
        self._classes = classes

    def key(self, row: Row) -> str | None:
        """The matching key of a 功能分类 row: its code, the resolved code of an uncoded 项 or of a 类 printed
        by name, or ``20805:名称`` for an uncoded 项 no other table codes (None for other rows)."""
        code = row.code
        if code is None:
            if row.side != "expense" or row.is_total:
                return None
            found = self._classes.get(_name(NUMBERING.sub("", row.label)), set())
            return next(iter(found)) if len(found) == 1 else None
        if code.system != "func":
            return None
        if code.code is not None:
            return code.code
        found = self._names.get((code.parent or "", _name(row.label)), set())  # (a 项's parent is its 款)
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            return None  # two codes for one name: which one is meant is unknown
        return f"{code.parent}:{_name(row.label)}"


@per_document
def code_index(doc: Document) -> CodeIndex:
    """The :class:`CodeIndex` of ``doc``, built once per document for every rule that matches rows."""
    return CodeIndex(doc)


@attrs.frozen
class Member:
    """One column of one table read as a statement of a quantity (see the module docstring)."""

    table: Table
    side: Side | None
    key: str
    #: How far the column may stand from the others without any error (万元): a column of all funds read as
    #: 一般公共预算 money because every other source is printed as zero carries the rounding of those zeros.
    slack: Decimal = Decimal(0)

    @property
    def rank(self) -> tuple[int, int]:
        column = self.table.column(self.key, self.side)
        return (rank(self.table.kind), column.index if column is not None else 0)

    @property
    def column_label(self) -> str:
        column = self.table.column(self.key, self.side)
        return column.label if column is not None else self.key

    def stated(self) -> bool:
        """Whether the column states anything at all (a column blank on every row is not read)."""
        return any(r.amount(self.key) is not None for r in self.table.rows if r.side == self.side)


def member(
    doc: Document, kind: TableKindId, side: Side | None, key: str, budget_only: bool = False, slack: Decimal = Decimal(0)
) -> Member | None:
    """The member ``(kind, side, key)`` of ``doc`` when the table exists once, has that column, and states
    something in it (and, for ``budget_only`` members, the document is a 预算)."""
    if budget_only and not is_budget(doc):
        return None
    table = single_table(doc, kind)
    if table is None or table.column(key, side) is None:
        return None
    # a column key printed twice on one side (``gpb#2``) means the header has several such columns:
    # which one holds the quantity is unknown.
    if table.column(f"{key}#2", side) is not None:
        return None
    m = Member(table, side, key, slack)
    return m if m.stated() else None


def members(doc: Document, specs: Iterable[tuple[Any, ...]]) -> list[Member]:
    found = []
    for spec in specs:
        m = member(doc, *spec)
        if m is not None:
            found.append(m)
    return sorted(found, key=lambda m: m.rank)


# Quantity groups by code: (kind, side, key, budget_only)
Spec = tuple[TableKindId, Side | None, str, bool]
TOTAL_BY_CODE: tuple[Spec, ...] = (
    ("summary", "expense", "total", False),
    ("income", None, "total", True),
    ("expense", None, "total", False),
)
GPB_BY_CODE: tuple[Spec, ...] = (
    ("fiscal_summary", "expense", "gpb", False),
    ("gpb_expense", None, "total", False),
    ("income", None, "gpb", True),
)
GOV_FUND_BY_CODE: tuple[Spec, ...] = (
    ("fiscal_summary", "expense", "gov_fund", False),
    ("gov_fund", None, "total", False),
    ("income", None, "gov_fund", True),
)
SOE_BY_CODE: tuple[Spec, ...] = (
    ("fiscal_summary", "expense", "soe", False),
    ("soe", None, "total", False),
    ("income", None, "soe", True),
)
BASIC_BY_CODE: tuple[Spec, ...] = (("expense", None, "basic", False), ("gpb_expense", None, "basic", False))
PROJECT_BY_CODE: tuple[Spec, ...] = (("expense", None, "project", False), ("gpb_expense", None, "project", False))

QUANTITY_NAMES = {
    "total": "支出金额（全部资金）",
    "gpb": "一般公共预算支出",
    "gov_fund": "政府性基金预算支出",
    "soe": "国有资本经营预算支出",
    "basic": "基本支出（全部为一般公共预算资金）",
    "project": "项目支出（全部为一般公共预算资金）",
}


def budget_carryover(doc: Document) -> bool:
    """True for a 预算 that spends money carried over from last year (上年结转/结余 with money on 表一's or 表四's
    income side, or in 表二's carry-over column).

    Such a 预算's 表四 states 财政拨款 spending including the carry-over, while 表五 and 表二's 一般公共预算 column
    may state this year's 拨款 only (templates differ and rarely say which): the fund groups are then not
    compared at all.
    """
    if not is_budget(doc):
        return False
    for kind in ("summary", "fiscal_summary"):
        table = single_table(doc, kind)
        if table is None:
            continue
        for row in table.item_rows("income"):
            if (label_key(row.label) == "carryover" or "结转" in row.label or "结余" in row.label) and any(
                nonzero(c.amount) for c in row.cells.values()
            ):
                return True
    income = single_table(doc, "income")
    if income is not None:
        keys = [c.key for c in income.columns if c.key.split("#")[0] == "carryover"]
        if any(nonzero(r.amount(k)) for r in income.rows for k in keys):
            return True
    return False


def code_groups(doc: Document) -> list[tuple[str, tuple[tuple[Any, ...], ...]]]:
    """The quantity groups by code that apply to ``doc``: ``[(quantity name key, specs), …]``.

    The 基本支出/项目支出 groups compare a table of all funds with a table of 一般公共预算 money; the all-funds
    member carries the rounding of the other sources printed as zero (:func:`zero_sources_slack`) as slack.
    """
    result: list[tuple[str, tuple[tuple[Any, ...], ...]]] = [("total", TOTAL_BY_CODE)]
    if not budget_carryover(doc):
        result += [("gpb", GPB_BY_CODE), ("gov_fund", GOV_FUND_BY_CODE), ("soe", SOE_BY_CODE)]
    if all_gpb(doc):
        slack = zero_sources_slack(doc)
        result += [
            ("basic", tuple((*s, slack if s[0] == "expense" else Decimal(0)) for s in BASIC_BY_CODE)),
            ("project", tuple((*s, slack if s[0] == "expense" else Decimal(0)) for s in PROJECT_BY_CODE)),
        ]
    return result


def zero_sources_slack(doc: Document) -> Decimal:
    """The most money (万元) the sources other than 一般公共预算 can hold while printed as zero: the sum of the
    half-units of their zeros in 表二's 合计 row (``0.0`` may be up to 0.05)."""
    income = single_table(doc, "income")
    if income is None:
        return Decimal(0)
    total = total_row(income)
    if total is None:
        return Decimal(0)
    slack = Decimal(0)
    for key, cell in total.cells.items():
        if key.split("#")[0] in ("total", "gpb") or cell.amount is None or cell.amount.value != 0:
            continue
        slack += cell.amount.interval(Unit.WAN).radius
    return slack


def rows_by_key(member: Member, index: CodeIndex) -> dict[str, Row]:
    """The member's coded 功能分类 rows by matching key; a key printed twice is left out (ambiguous)."""
    found: dict[str, list[Row]] = {}
    for row in member.table.item_rows(member.side):
        key = index.key(row)
        if key is not None:
            found.setdefault(key, []).append(row)
    return {k: rows[0] for k, rows in found.items() if len(rows) == 1}


# ------------------------------------------------------------------------------------------ disagreements


@attrs.frozen
class Entry:
    """One statement of a quantity: a cell (possibly blank) of a row of a member.

    ``parts`` (rarely): the statement is the sum of these columns of the row instead of the member's column
    (表六's 合计 row of a table printed with 人员经费 and 公用经费 but no 合计 column).
    """

    member: Member
    row: Row
    parts: tuple[str, ...] = ()

    @property
    def amount(self) -> Amount | None:
        if not self.parts:
            return self.row.amount(self.member.key)
        printed = [a for k in self.parts if (a := self.row.amount(k)) is not None]
        if not printed:
            return None
        unit = printed[0].unit
        return Amount(sum((a.in_unit(unit) for a in printed), Decimal(0)), max(a.places for a in printed), unit)

    @property
    def table(self) -> Table:
        return self.member.table

    def interval(self, unit: Unit = Unit.WAN) -> Interval:
        keys = self.parts or (self.member.key,)
        printed = [a for k in keys if (a := self.row.amount(k)) is not None]
        iv = sum_intervals(a.interval(unit) for a in printed)
        if self.member.slack:
            slack = self.member.slack * Unit.WAN.factor / unit.factor
            iv = Interval(iv.lo - slack, iv.hi + slack)
        return iv

    @property
    def column_label(self) -> str:
        if not self.parts:
            return self.member.column_label
        labels = [c.label for k in self.parts if (c := self.table.column(k, self.member.side)) is not None]
        return "+".join(labels)

    @property
    def place(self) -> tuple:
        return (self.member.table, self.row, self.member.key)

    @property
    def rank(self) -> tuple[int, int]:
        return self.member.rank


def _clusters(entries: Sequence[Entry]) -> list[list[Entry]]:
    clusters: list[list[tuple[Entry, Interval]]] = []  # each entry with its interval, computed once
    for e in entries:
        iv = e.interval()
        for cluster in clusters:
            if all(iv.meets(o) for _, o in cluster):
                cluster.append((e, iv))
                break
        else:
            clusters.append([(e, iv)])
    return [[e for e, _ in cluster] for cluster in clusters]


def _alike(entries: Sequence[Entry]) -> bool:
    """Whether every entry is one cell printing the same amount (or every one is blank) with no slack: their
    intervals are then one, and they agree (most codes of a disclosure: no interval is worked out for them)."""
    first = entries[0]
    amount = first.row.amount(first.member.key)
    return all(not e.parts and not e.member.slack and e.row.amount(e.member.key) == amount for e in entries)


def disagreements(entries: Sequence[Entry]) -> list[tuple[Entry, list[Entry]]]:
    """``[(odd entry, the entries it disagrees with), …]``: once per place (see the module docstring)."""
    if len(entries) < 2 or _alike(entries):
        return []
    entries = sorted(entries, key=lambda e: e.rank)
    clusters = _clusters(entries)
    if len(clusters) == 1:
        return []
    sizes = sorted((len(c) for c in clusters), reverse=True)
    if sizes[0] > sizes[1]:
        majority = next(c for c in clusters if len(c) == sizes[0])
        return [(e, majority) for e in entries if e not in majority]
    first = entries[0]
    own = next(c for c in clusters if first in c)
    return [(first, [e for e in entries if e not in own])]


def value_text(amount: Amount | None, with_unit: bool = False) -> str:
    """``344.02`` (``with_unit``: ``344.02万元``, for findings that mix tables in 元 and 万元); ``空白``."""
    if amount is None:
        return "空白"
    return amount.display() if with_unit else str(amount.value)


def mixed_units(entries: Iterable[Entry]) -> bool:
    """True when the printed amounts of ``entries`` are in different units."""
    return len({e.amount.unit for e in entries if e.amount is not None}) > 1


def difference_text(a: Amount | None, b: Amount | None) -> str:
    """``差额 95.00，允许舍入误差 ±0.010`` between two statements (a blank is an exact zero); amounts in
    different units are compared in 万元 and the text says so."""
    if a is not None and b is not None:
        if a.unit is not b.unit:
            check = check_equal(a, b, Unit.WAN)
            p = max(a.places, b.places)
            return f"差额 {fmt(check.difference, p)}万元，允许舍入误差 ±{fmt(check.tolerance, p + 1)}万元"
        return check_equal(a, b, a.unit).explain()
    printed = a if a is not None else b
    if printed is None:
        return "差额 0"
    diff = printed.value if a is not None else -printed.value
    radius = printed.interval().radius
    return f"差额 {fmt(diff, printed.places)}（空白按 0 计），允许舍入误差 ±{fmt(radius, printed.places + 1)}"


def entry_difference(odd: Entry, ref: Entry) -> str:
    """``差额 95.00，允许舍入误差 ±0.010`` between two statements; for a sum of columns (``parts``) the
    tolerance is that of the sum's interval."""
    if not odd.parts and not ref.parts:
        return difference_text(odd.amount, ref.amount)
    amounts = [a for a in (odd.amount, ref.amount) if a is not None]
    mixed = len({a.unit for a in amounts}) > 1
    unit = Unit.WAN if mixed or not amounts else amounts[0].unit
    p = max([a.places for a in amounts] + [0])
    a_iv, b_iv = odd.interval(unit), ref.interval(unit)
    suffix = unit.value if mixed else ""
    return (
        f"差额 {fmt(a_iv.mid - b_iv.mid, p)}{suffix}，"
        f"允许舍入误差 ±{fmt(a_iv.radius + b_iv.radius, p + 1)}{suffix}"
    )


def row_name(row: Row) -> str:
    """``类 212 城乡社区支出`` / ``项 20805（项编码未印） 行政运行`` / ``合计``."""
    if row.code is not None:
        return f"{row.code.level} {row.code.display} {row.label}".rstrip()
    return row.label or "（无名称行）"


def short_name(table: Table) -> str:
    """``表二`` when the table is numbered, else its full name."""
    return table.number or table.name


def where(entry: Entry, full: bool = False, row: bool = False) -> str:
    """``表二“总计”列`` (``row``: ``表二 合计行“总计”列``; ``full``: ``表二《…》 类 212 城乡社区支出 的“总计”列``)
    for messages."""
    if full:
        return f"{entry.table.name} {row_name(entry.row)} 的“{entry.column_label}”列"
    if row:
        return f"{short_name(entry.table)} {row_name(entry.row)}行“{entry.column_label}”列"
    return f"{short_name(entry.table)}“{entry.column_label}”列"


def missing_location(doc: Document, table: Table, code: str) -> Location:
    """Where a row missing from ``table`` would be: the table, with the missing code as the row's code."""
    return Location(path=doc.path, line=table.source.line, page=table.source.page, ref=table.source.ref,
                    table=table.name, code=code)


Q = TypeVar("Q")


def entries_for(groups: Iterable[tuple[Q, Sequence[Entry]]]) -> Iterator[tuple[Q, Entry, list[Entry]]]:
    """Every disagreement of every ``(quantity, entries)`` group as ``(quantity, odd, others)``, each place
    once (the first group that reports it wins)."""
    seen: set[tuple[int, int, str]] = set()
    for quantity, group in groups:
        for odd, others in disagreements(group):
            place = (id(odd.table), id(odd.row), odd.member.key)
            if place in seen:
                continue
            seen.add(place)
            yield quantity, odd, others
