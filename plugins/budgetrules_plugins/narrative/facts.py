"""Where the tables state the fact a claim is bound to, and helpers shared by the NC rules.

:func:`table_facts` answers "which printed cells state subject S for source of funds P": e.g. ``func:212``
for ``gpb`` is 表四's 一般公共预算 column, 表五's 合计 column and 表二's 一般公共预算拨款 column on the rows coded
212; ``basic`` for ``all`` is 表三's 合计 row, 基本支出 column. Several tables usually state one fact; when they
disagree (the cross-table rules report that), a claim is consistent if it equals at least one of them.

When the tables show that every 元 of income comes from the 一般公共预算 (收入总计 = 一般公共预算 as printed),
the scopes ``all``, ``fiscal`` and ``gpb`` name the same money and their table facts are pooled.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable, Iterator

from budgetrules.api import (
    Amount,
    Claim,
    DocKind,
    Document,
    Fact,
    Row,
    Side,
    Table,
    normalize_label,
    per_document,
    regex,
    subjects,
)

__all__ = ["TableFact", "table_facts", "equivalent_scopes", "bound_claims", "group_claims", "stated", "describe_facts",
           "sangong_budget"]


#: One printed cell stating a fact (the core's :class:`budgetrules.core.quantities.Fact`; :func:`table_facts` answers
#: the ``resolve_quantity`` hook, so that declarative rules name quantities exactly as the claims do).
TableFact = Fact


_INCOME_ROWS = (
    ("income.gpb", r"^一般公共预算"),
    ("income.gov_fund", r"^政府性基金"),
    ("income.soe", r"^国有资本经营"),
    ("income.fiscal", r"^财政拨款(?:收入|\(补助\))?$"),
    ("income.other", r"^(?:单位)?其他(?:资金)?收入$"),
    ("income.business", r"^事业收入$"),
    ("income.operating", r"^(?:事业单位)?经营收入$"),
    ("income.superior", r"^上级补助收入$"),
    ("income.affiliate", r"^附属单位上缴收入$"),
    ("income.carryover", r"^(?:年初结转和结余|上年结转(?:结余)?)$"),
)
_EXPENSE_ROWS = {"expense.carry_end": r"^年末(?:财政拨款)?结转和结余$", "expense.surplus_distribution": r"^结余分配$"}
_INCOME_KEYS = {"income.gpb": "gpb", "income.gov_fund": "gov_fund", "income.soe": "soe", "income.fiscal": "fiscal",
                "income.other": "other_income", "income.business": "business_income",
                "income.operating": "operating_income", "income.superior": "superior_subsidy",
                "income.affiliate": "affiliate_income", "income.carryover": "carryover"}


_LABEL_NUMBER = regex.compile(r"^(?:[一二三四五六七八九十]+[、.]|\d+[、.])")


def _label(row: Row) -> str:
    return _label_text(row.label or "")


@functools.lru_cache(maxsize=1 << 12)
def _label_text(label: str) -> str:
    """A row label normalised, its numbering (``一、``, ``1.``) removed (row names recur from one document to the
    next: each is folded once)."""
    return _LABEL_NUMBER.sub("", normalize_label(label))


def _cell(table: Table, row: Row, key: str) -> Iterator[TableFact]:
    amount = row.amount(key)
    if amount is not None:
        yield TableFact(table, row, key, amount)


def _total(table: Table, key: str, side: Side | None = None, which: str | None = None) -> Iterator[TableFact]:
    """The total row's cell; ``which`` is ``grand`` (总计) or ``current`` (本年…合计) when the table has both."""
    rows = list(table.total_rows(side))
    if which and len(rows) > 1:
        pattern = r"总计" if which == "grand" else r"^本年|^合计$"
        rows = [r for r in rows if re.search(pattern, _label(r))]
        if len(rows) != 1:
            return
    elif which and rows:
        # one total row in a table that also carries money over (上年结转, 年末结转和结余 …): a 本年…合计 row is
        # not the 总计, and a 总计 row is not the current year's total (the table's rows are read only for such
        # a label)
        label = _label(rows[0])
        if (which == "grand" and label.startswith("本年")) or (which == "current" and "总计" in label):
            if _carried(table, side):
                return
    for row in rows:
        yield from _cell(table, row, key)
        return
    if not rows and which is None and key in ("personnel", "public", "total"):
        yield from _sum_of_classes(table, key)


_CARRIED = regex.compile(r"结转|结余")


def _carried(table: Table, side: Side | None) -> bool:
    """The table lists money carried over between years (上年结转, 年初/年末结转和结余) with an amount other than 0."""
    for row in table.item_rows(side):
        if _CARRIED.search(_label(row)):
            amount = row.amount("total")
            if amount is not None and amount.value != 0:
                return True
    return False


def _sum_of_classes(table: Table, key: str) -> Iterator[TableFact]:
    """No total row: the 类 rows' sum stands in (as a sum, so its rounding is the items' rounding)."""
    rows = [r for r in table.item_rows() if r.code is not None and r.code.level == "类" and r.amount(key) is not None]
    if not rows:
        return
    amounts = tuple(a for r in rows if (a := r.amount(key)) is not None)  # (every one: the rows were chosen so)
    places = max(a.places for a in amounts)
    total = sum((a.in_unit(amounts[0].unit) for a in amounts), start=amounts[0].value * 0)
    yield TableFact(table, rows[0], key, Amount(total, places, amounts[0].unit), amounts)


def _coded(table: Table, code: str, key: str, side: Side | None = None) -> Iterator[TableFact]:
    for row in table.rows:
        if row.code is not None and row.code.code == code and (side is None or row.side == side):
            yield from _cell(table, row, key)


def _income_row(table: Table, subject: str) -> Iterator[TableFact]:
    pattern = dict(_INCOME_ROWS).get(subject)
    if pattern is None:
        return
    for row in table.item_rows("income") if table.column("total", "income") else table.item_rows():
        if regex.compile(pattern).search(_label(row)):
            yield from _cell(table, row, "total")
            return


def _code_names(doc: Document, code: str) -> frozenset[str]:
    return _names_by_code(doc).get(code, frozenset())


@per_document
def _names_by_code(doc: Document) -> dict[str, frozenset[str]]:
    """The names the rows of every table print with each code."""
    names: dict[str, set[str]] = {}
    for t in doc.tables:
        for r in t.rows:
            if r.code is not None and r.code.code is not None and r.label:
                names.setdefault(r.code.code, set()).add(_label(r))
    return {code: frozenset(found) for code, found in names.items()}


def _named(doc: Document, table: Table, code: str, key: str, side: Side) -> Iterator[TableFact]:
    """Rows printed without a code (决算 总表 lists 类 by name only) whose name is the code's name elsewhere."""
    if len(code) != 3:
        return
    names = _code_names(doc, code)
    for row in table.rows:
        if row.code is None and row.side == side and _label(row) in names:
            yield from _cell(table, row, key)


def _tables(doc: Document, kind: str) -> list[Table]:
    return [t for t in doc.tables if t.kind == kind]


def _first_row_with(table: Table, key: str) -> Iterator[TableFact]:
    rows = list(table.total_rows()) + list(table.item_rows())
    for row in rows:
        if row.amount(key) is not None:
            yield from _cell(table, row, key)
            return


_SANGONG_ITEMS = ("abroad", "car", "car_purchase", "car_running", "reception")
_NOT_SANGONG = regex.compile(r"会议|培训|行政经费|机关运行")


def _sangong(table: Table, subject: str) -> Iterator[TableFact]:
    """The cells of a “三公” table stating ``sangong.<item>``.

    Column-wise tables (合计 | 因公出国（境）费 | …) give the item's column; where the table also holds 会议费,
    培训费 or 机关运行经费, its 合计 is not the 三公 total and only a total column under a “三公” heading counts.
    A table printing two years side by side has the key twice (``total``, ``total#2``): either may be meant.
    Row-wise tables (a row per item: “三公”经费, 其中：因公出国（境）支出 …) give the item's row, 合计 column.
    """
    key = subject.split(".", 1)[1]
    if any(c.key.split("#")[0] in _SANGONG_ITEMS for c in table.columns):
        columns = [c for c in table.columns if c.key == key or c.key.startswith(key + "#")]
        # a 决算 table printing 预算数 beside 决算数: the 预算数 columns are the budget (:func:`sangong_budget`)
        columns = [c for c in columns if not _is_budget_column(table, c)]
        if key == "total" and any(_NOT_SANGONG.search(c.label) for c in table.columns):
            columns = [c for c in columns if "三公" in normalize_label(c.label)]
        for column in columns:
            yield from _first_row_with(table, column.key)
        return
    from budgetrules_plugins.claims.mentions import TableNames, find_mentions

    for row in table.rows:
        named = [m for m in find_mentions(row.label or "", TableNames()) if m.subject]
        if len(named) == 1 and named[0].subject == subject and not _NOT_SANGONG.search(row.label or ""):
            yield from _cell(table, row, "total")
            return


def _is_budget_column(table: Table, column) -> bool:
    """A 预算数 column of a table that also prints 决算数 (``budget:…`` keys, or labels under 预算数 / 决算数)."""
    if column.key.startswith("budget:"):
        return True
    labels = [normalize_label(c.label) for c in table.columns]
    if not any("决算" in label for label in labels):
        return False
    label = normalize_label(column.label)
    return "预算" in label and "决算" not in label


def sangong_budget(doc: Document, subject: str) -> list[TableFact]:
    """The 预算数 a 决算's “三公” table prints for ``sangong.<item>`` beside its 决算数."""
    key = subject.split(".", 1)[1]
    out: list[TableFact] = []
    for table in _tables(doc, "sangong"):
        for column in table.columns:
            base = column.key.split(":", 1)[1] if column.key.startswith("budget:") else column.key
            if (base == key or base.startswith(key + "#")) and _is_budget_column(table, column):
                out.extend(_first_row_with(table, column.key))
                break
    return out


def _project(doc: Document, name: str) -> Iterator[TableFact]:
    """A project's amount in the 项目支出 table, when all its rows (类, 款, 项 levels) print one amount."""
    found = []
    for t in _tables(doc, "gpb_project"):
        for row in t.item_rows():
            amount = row.amount("total")
            if normalize_label(row.texts.get("project_name", "")) == name and amount is not None:
                found.append(TableFact(t, row, "total", amount))
    if found and len({f.amount.value for f in found}) == 1:
        yield found[-1]


def equivalent_scopes(doc: Document) -> set[str]:
    """The scopes that name the same money in this document (``{'all', 'fiscal', 'gpb'}`` or less)."""
    return set(_equivalent_scopes(doc))


@per_document
def _equivalent_scopes(doc: Document) -> frozenset[str]:
    summary = doc.table("summary")
    if summary is None:
        return frozenset()
    total = next(_total(summary, "total", "income"), None)
    gpb = next(_income_row(summary, "income.gpb"), None)
    if total is not None and gpb is not None and total.amount.value == gpb.amount.value and total.amount.value:
        return frozenset({"all", "fiscal", "gpb"})
    return frozenset()


def _facts_for_scope(doc: Document, subject: str, scope: str) -> Iterator[TableFact]:
    if subject in ("income.total", "income.current", "expense.total", "expense.current"):
        side: Side = "income" if subject.startswith("income.") else "expense"
        which = "grand" if subject.endswith("total") else "current"
        if scope == "all":
            for t in _tables(doc, "summary"):
                yield from _total(t, "total", side, which)
            if which == "current" or doc.kind is not DocKind.FINAL:
                # a 决算's 收入/支出决算表 total is 本年收入/支出合计, never the 总计 with 结转和结余
                for t in _tables(doc, side):
                    yield from _total(t, "total", None, which)
        elif scope == "fiscal":
            for t in _tables(doc, "fiscal_summary"):
                yield from _total(t, "total", side, which)
        elif scope == "gpb" and side == "expense":
            for t in _tables(doc, "fiscal_summary"):
                yield from _total(t, "gpb", side, which)
            if which == "current" or doc.kind is not DocKind.FINAL:
                for t in _tables(doc, "gpb_expense"):
                    yield from _total(t, "total", None, which)
    elif subject in _EXPENSE_ROWS:
        tables = _tables(doc, "summary") if scope == "all" else _tables(doc, "fiscal_summary") if scope == "fiscal" else []
        for t in tables:
            for row in t.item_rows("expense"):
                if re.search(_EXPENSE_ROWS[subject], _label(row)):
                    yield from _cell(t, row, "total")
                    break
    elif subject.startswith("income."):
        for t in _tables(doc, "summary") + _tables(doc, "fiscal_summary"):
            yield from _income_row(t, subject)
        key = _INCOME_KEYS.get(subject)
        if key:
            for t in _tables(doc, "income"):
                yield from _total(t, key, None, "current")
    elif subject in ("basic", "project"):
        if scope == "all":
            for t in _tables(doc, "expense"):
                yield from _total(t, subject)
        elif scope == "gpb":
            for t in _tables(doc, "gpb_expense"):
                yield from _total(t, subject)
            for t in _tables(doc, "gpb_basic" if subject == "basic" else "gpb_project"):
                yield from _total(t, "total")
    elif subject in ("personnel", "public"):
        if scope == "gpb":
            for t in _tables(doc, "gpb_basic"):
                yield from _total(t, subject)
    elif subject.startswith("func:"):
        code = subject[5:]
        if scope == "all":
            for t in _tables(doc, "summary"):
                yield from _coded(t, code, "total", "expense")
                yield from _named(doc, t, code, "total", "expense")
            # a 决算's 收入决算表 rows are income by function, not spending: only a 预算 plans them as one
            for t in (_tables(doc, "income") if doc.kind is not DocKind.FINAL else []) + _tables(doc, "expense"):
                yield from _coded(t, code, "total")
        elif scope == "fiscal":
            for t in _tables(doc, "fiscal_summary"):
                yield from _coded(t, code, "total", "expense")
                yield from _named(doc, t, code, "total", "expense")
        elif scope == "gpb":
            for t in _tables(doc, "fiscal_summary"):
                yield from _coded(t, code, "gpb", "expense")
                yield from _named(doc, t, code, "gpb", "expense")
            for t in _tables(doc, "gpb_expense"):
                yield from _coded(t, code, "total")
            for t in _tables(doc, "income") if doc.kind is not DocKind.FINAL else []:
                yield from _coded(t, code, "gpb")
    elif subject.startswith("econ:"):
        if scope == "gpb":
            for t in _tables(doc, "gpb_basic"):
                yield from _coded(t, subject[5:], "total")
    elif subject.startswith("project:"):
        yield from _project(doc, subject[len("project:"):])
    elif subject.startswith("sangong."):
        for t in _tables(doc, "sangong"):
            yield from _sangong(t, subject)


_SCOPED_TOTALS = ("income.total", "income.current")


def table_facts(doc: Document, subject: str | None, scope: str | None, label: str | None = None) -> list[TableFact]:
    """The printed cells stating ``subject`` for ``scope`` (deduplicated, in table order).

    When several rows of one table share an 经济分类 code, only the rows whose name is ``label`` count. Computed
    once per document and question, and shared by every rule that asks it (:mod:`budgetrules.core.memo`).
    """
    if not subject:
        return []
    return list(_table_facts(doc, subject, scope, label))


@per_document
def _table_facts(doc: Document, subject: str, scope: str | None, label: str | None) -> tuple[TableFact, ...]:
    scope = scope or "all"
    scopes = [scope]
    if subject.startswith(subjects.INHERENT_SCOPE) and subject not in _SCOPED_TOTALS:
        scopes = ["all", "fiscal", "gpb"] if subject.startswith("income.") else [scope]
    elif scope in equivalent_scopes(doc):
        scopes = [scope] + sorted(equivalent_scopes(doc) - {scope})
    seen: set[tuple[int, int, str]] = set()
    out: list[TableFact] = []
    for s in scopes:
        for fact in _facts_for_scope(doc, subject, s):
            ident = (id(fact.table), id(fact.row), fact.key)
            if ident not in seen:
                seen.add(ident)
                out.append(fact)
    if subject.startswith("econ:") and label:
        named = [f for f in out if normalize_label(f.row.label or "") == normalize_label(label)]
        rows_per_table: dict[int, set[int]] = {}
        for f in out:
            rows_per_table.setdefault(id(f.table), set()).add(id(f.row))
        if named and any(len(v) > 1 for v in rows_per_table.values()):
            out = named
    return tuple(out)


def describe_facts(facts: Iterable[TableFact]) -> str:
    return "、".join(f.describe() for f in facts)


@per_document
def bound_claims(doc: Document) -> tuple[Claim, ...]:
    """The claims the narrative rules check: those the binder tied to the facts the tables state (``reading``
    None). The clause reading of the 三公 explanation restates some of their numbers for the 三公 rules."""
    return tuple(c for c in doc.claims if c.reading is None)


def group_claims(doc: Document) -> dict[int | None, list[Claim]]:
    """Claims by ``group`` (bound claims with a group only), in document order."""
    groups: dict[int | None, list[Claim]] = {}
    for c in bound_claims(doc):
        if c.group is not None and c.subject is not None:
            groups.setdefault(c.group, []).append(c)
    return groups


def stated(claims: Iterable[Claim], subject: str, quantity: str | Iterable[str] = ("amount", "item")) -> list[Claim]:
    """The claims of ``subject`` with one of the given quantities."""
    quantities = {quantity} if isinstance(quantity, str) else set(quantity)
    return [c for c in claims if c.subject == subject and c.quantity in quantities]
