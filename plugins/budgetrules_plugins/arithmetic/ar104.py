"""AR104: a row's total column equals the sum of its component columns."""

from __future__ import annotations

from typing import Iterator

import attrs

from budgetrules.api import Amount, Column, Row, Side, SumCheck, Table, column_key, rule

from .structure import (
    amount_columns,
    column_places,
    has_text,
    is_unrecognised,
    row_name,
    short_label,
    sides,
    sum_check,
    sum_text,
    terms,
    value_text,
)

_EXPENSE_EXTRA = ("remit_superior", "operating_expense", "affiliate_subsidy", "reserve", "carry_next")
_FISCAL_PARTS = frozenset({"gpb", "gov_fund", "soe"})
_SOURCES = frozenset({
    "gpb", "gov_fund", "soe", "fiscal", "fiscal_special", "business_income", "superior_subsidy",
    "operating_income", "affiliate_income", "other_income", "superior_special", "business_fund", "carryover",
})
_GROUP_PARTS = frozenset({"basic", "project", "personnel", "public"})
_BUDGET = "budget:"  # 决算 tables printing 预算数 beside 决算数: the 预算数 columns form their own group
_PRIOR = "prior:"  # last year's columns printed beside this year's (``2025年预算数``) form their own group


def _group_head(column: Column) -> str | None:
    """The key of the group header a column sits under (``财政拨款`` in ``财政拨款/一般公共预算``), if any."""
    for segment in column.label.split("/")[:-1]:
        key = column_key(segment)
        if key in _GROUP_PARTS or key == "fiscal":
            return key
    return None


def _role(column: Column) -> str:
    """The column's key, reading ``基本支出/小计`` as 基本支出 itself (and ``财政拨款/小计`` as 财政拨款);
    ``#n`` suffixes dropped."""
    base = column.key.split("#")[0]
    if base == "total":
        head = _group_head(column)
        if head is not None:
            return head
    return base


@attrs.frozen
class Identity:
    """``total`` column = Σ ``parts`` columns; ``partial`` when only rows that fill a part are checked."""

    total: Column
    parts: tuple[Column, ...]
    what: str


def identities(table: Table, side: Side | None) -> list[Identity]:
    """The column identities of ``table`` (``side``) that hold whatever the row, when certain (the 预算数
    columns of a 决算 table, keyed ``budget:…``, are a group of their own)."""
    if table.kind == "sangong":
        return []  # AR106
    out: list[Identity] = []
    groups: dict[str, dict[str, list[Column]]] = {}
    for column in amount_columns(table, side):
        prefix = next((p for p in (_BUDGET, _PRIOR) if column.key.startswith(p)), "")
        role = _role(attrs.evolve(column, key=column.key[len(prefix):]))
        groups.setdefault(prefix, {}).setdefault(role, []).append(column)
    for by_role in groups.values():
        for part in _repeated_groups(by_role):
            out.extend(_identities(part))
    return out


def _repeated_groups(by_role: dict[str, list[Column]]) -> list[dict[str, list[Column]]]:
    """A table printing the same set of columns n times (上年 and 本年 side by side: 合计, 基本支出, 项目支出,
    合计, 基本支出, 项目支出) is n groups; the k-th column of each role belongs to group k. Only when every role
    repeats exactly n times — otherwise the columns stay one group (and a doubled role is ambiguous)."""
    n = len(by_role.get("total", []))
    if n < 2 or any(len(columns) != n for columns in by_role.values()):
        return [by_role]
    return [{role: [columns[k]] for role, columns in by_role.items()} for k in range(n)]


def _identities(by_role: dict[str, list[Column]]) -> list[Identity]:
    def one(role: str) -> Column | None:
        found = by_role.get(role, [])
        return found[0] if len(found) == 1 else None

    def the(role: str) -> Column:
        """The one column of ``role`` (the caller made sure there is one)."""
        column = one(role)
        assert column is not None
        return column

    def present(role: str) -> bool:
        return role in by_role

    def unique(*roles: str) -> bool:
        return all(len(by_role.get(r, [])) == 1 for r in roles)

    out: list[Identity] = []
    total = one("total")
    if present("basic") and present("project") and total is not None and unique("basic", "project"):
        extra = [r for r in _EXPENSE_EXTRA if present(r)]
        if unique(*extra):
            parts = (the("basic"), the("project"), *(the(r) for r in extra))
            out.append(Identity(total, parts, "、".join(short_label(p) for p in parts)))
    if present("personnel") and present("public") and unique("personnel", "public"):
        whole = one("basic") if present("basic") else (total if not present("project") else None)
        if whole is not None:
            out.append(Identity(whole, (the("personnel"), the("public")), "人员经费、公用经费"))
    sources = sorted((r for r in by_role if r in _SOURCES), key=lambda r: by_role[r][0].index)
    fiscal = one("fiscal")
    fiscal_parts = [c for r in sources if r in _FISCAL_PARTS for c in by_role[r]]
    grouped = (
        fiscal is not None
        and _group_head(fiscal) == "fiscal"
        and bool(fiscal_parts)
        and all(_group_head(c) == "fiscal" for c in fiscal_parts)
    )
    if grouped and fiscal is not None:
        # 财政拨款 printed as a group: its 小计 is the sum of the sources under it, and one source of 总计
        out.append(Identity(fiscal, tuple(fiscal_parts), "财政拨款下各来源"))
        sources = [r for r in sources if r not in _FISCAL_PARTS]
    if (
        total is not None
        and len(sources) >= 2
        and not (present("fiscal") and any(r in _FISCAL_PARTS for r in sources))
        and not (present("basic") or present("project") or present("personnel"))
    ):
        parts = tuple(c for r in sources for c in by_role[r])
        out.append(Identity(total, parts, "各资金来源"))
    econ = sorted((c for r, cs in by_role.items() if r.startswith("econ:") for c in cs), key=lambda c: c.index)
    if total is not None and econ:
        out.append(Identity(total, tuple(econ), "各经济分类"))
    return out


def _unlabeled_amounts(table: Table, row: Row, side: Side | None) -> list[Amount]:
    return [
        a
        for c in table.columns
        if is_unrecognised(c) and (side is None or c.side == side) and (a := row.amount(c.key)) is not None
    ]


def row_checks(table: Table) -> Iterator[tuple[Side | None, Row, Identity, SumCheck]]:
    """(side, row, identity, failing SumCheck) for every row that breaks an identity under every reading."""
    for side in sides(table):
        for ident in identities(table, side):
            keys = [ident.total.key, *(p.key for p in ident.parts)]
            for row in (r for r in table.rows if side is None or r.side == side):
                if any(has_text(row, k) for k in keys):
                    continue
                parts = [row.amount(p.key) for p in ident.parts]
                if all(a is None for a in parts):
                    continue  # the row is not broken down
                places = column_places(table, ident.total.key, [row])
                places = max([places, *(a.places for a in parts if a is not None)])
                check = sum_check(row.amount(ident.total.key), parts, places, table.unit)
                if check is None or check.consistent:
                    continue
                extra = _unlabeled_amounts(table, row, side)
                if extra:
                    wider = sum_check(row.amount(ident.total.key), [*parts, *extra], places, table.unit)
                    if wider is not None and wider.consistent:
                        continue
                yield side, row, ident, check


@rule("AR104", "行合计等于各组成列之和", family="arithmetic")
def row_total_equals_sum_of_columns(doc, ctx):
    """In every row, the total column equals the sum of the columns that make it up.

    Identities checked (each only when the table has exactly one column of each role)
        * 合计 = 基本支出 + 项目支出 (+ 上缴上级支出, 经营支出, 对附属单位补助支出 in 决算 expense tables);
        * 基本支出 = 人员经费 + 公用经费 where the table has 基本支出, else 合计 = 人员经费 + 公用经费 (the
          基本支出 table);
        * 总计 = Σ income-source columns (表二: 一般公共预算, 政府性基金, 财政专户, 事业收入, 上级补助 …; the
          expense side of 表四: 一般公共预算 + 政府性基金预算 + 国有资本经营预算), when at least two sources
          are shown and the table has no 基本/项目支出 columns;
        * the project table: 项目支出合计 = Σ economic-class columns (工资福利支出 …).

    Rows that are not broken down
        A row whose component columns are all blank is not checked: many tables fill the breakdown only for
        some rows (the reference sample's project table leaves every economic-class column blank). A blank
        total whose components add up to a non-zero amount is reported.

    Columns that are not components
        A column whose header was not recognised (the sample's 表七 repeats every amount in an unlabeled 18th
        column) is never a component and never checked: nobody can tell what it holds. Because it might be a
        component whose header was lost, a row printing numbers in such a column is reported only when the
        identity fails both without and with those numbers. When a table has 财政拨款 beside its own parts
        (一般公共预算 …) as separate columns, or two columns of one role, the sources identity is ambiguous
        and is not checked; when 财政拨款 is a group header over 小计 and its parts (``财政拨款/小计``,
        ``财政拨款/一般公共预算`` …), 小计 = Σ its parts and 财政拨款 is one source of 总计.
        The “三公” table has its own rule (AR106).

    Column groups
        A 决算 table's 预算数 columns (``budget:…``) form a group of their own, and a table printing the same
        columns twice (上年 and 本年 side by side) is read as two groups; the identities hold within a group.

    Rounding is never an error (interval comparison). One finding per row and total column.

    Failing example::

        测试局 2021 年部门预算公开
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | ∅ | ∅ | ∅ | ∅
        212 | ∅ | 城乡社区支出 | 439.02 | 344.02 | 59.00
        ∅ | ∅ | 合计 | 439.02 | 344.02 | 59.00

    Passing example::

        测试局 2021 年部门预算公开
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | ∅ | ∅ | ∅ | ∅
        212 | ∅ | 城乡社区支出 | 439.02 | 344.02 | 95.00
        ∅ | ∅ | 合计 | 439.02 | 344.02 | 95.00

    Passing example (an unlabeled column repeating the total is not a component)::

        测试局 2021 年部门预算公开
        表七：一般公共预算项目支出情况表
        单位：万元
        科目编码 | ∅ | ∅ | 科目 | 项目名称 | 项目支出合计 | 工资福利支出 | 商品和服务支出 | ∅
        类 | 款 | 项 | ∅ | ∅ | ∅ | ∅ | ∅ | ∅
        212 | ∅ | ∅ | 城乡社区支出 | 城区路灯电费 | 95.00 | ∅ | 95.00 | 95.00
        ∅ | ∅ | ∅ | ∅ | 合计 | 95.00 | ∅ | 95.00 | 95.00
    """
    for table in doc.tables:
        for side, row, ident, check in row_checks(table):
            key = ident.total.key
            printed = row.amount(key)
            parts = [(short_label(p), row.amount(p.key)) for p in ident.parts]
            head = f"{row_name(row)} 行的“{ident.total.label}”列"
            detail = f"（{terms(parts)}；{check.explain()}）"
            if printed is None:
                message = f"{head}为空，但{ident.what}之和为 {sum_text(check)}{detail}"
            else:
                message = f"{head}金额 {value_text(printed)} 不等于{ident.what}之和 {sum_text(check)}{detail}"
            yield ctx.finding(message, at=(table, row, key), expected=check.computed, actual=printed)
