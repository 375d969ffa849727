"""XT102: a code with money in one table is missing from another table that must list it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from budgetrules.api import Amount, Document, Level, Row, Side, Table, TableKindId, Unit, rule

from .statements import (
    GOV_FUND_BY_CODE,
    GPB_BY_CODE,
    QUANTITY_NAMES,
    SOE_BY_CODE,
    TOTAL_BY_CODE,
    CodeIndex,
    Entry,
    Member,
    all_gpb,
    budget_carryover,
    code_index,
    is_budget,
    member,
    missing_location,
    nonzero,
    rank,
    row_name,
    short_name,
    single_table,
    zero_sources_slack,
)

_LEVEL: dict[int, Level] = {3: "类", 5: "款", 7: "项"}
#: Columns holding money of all funds (the others hold 一般公共预算 money only, or one fund).
_ALL_FUNDS = {("summary", "total"), ("income", "total"), ("expense", "total"), ("expense", "project"), ("expense", "basic")}
_PROJECT_TABLE = ("gpb_project", None, "total", False)


def _groups(doc: Document) -> list[tuple[str, tuple[tuple[Any, ...], ...], tuple[tuple[Any, ...], ...]]]:
    """``(quantity, members that must list each other's codes, members that are sources only)``."""
    gpb = all_gpb(doc)
    groups: list[tuple[str, tuple[tuple[Any, ...], ...], tuple[tuple[Any, ...], ...]]] = []
    if gpb:
        groups.append(("total", TOTAL_BY_CODE + GPB_BY_CODE, (_PROJECT_TABLE,)))
        groups.append(
            ("project", (("expense", None, "project", False), ("gpb_expense", None, "project", False), _PROJECT_TABLE), ())
        )
    else:
        groups.append(("total", TOTAL_BY_CODE, ()))
        groups.append(("gpb", GPB_BY_CODE, (_PROJECT_TABLE,)))
        groups.append(("project", (("gpb_expense", None, "project", False), _PROJECT_TABLE), ()))
    groups.append(("gov_fund", GOV_FUND_BY_CODE, ()))
    groups.append(("soe", SOE_BY_CODE, ()))
    if budget_carryover(doc):  # 表四 may include the carry-over and 表五 not: see common.budget_carryover
        groups = [g for g in groups if g[0] not in ("gpb", "gov_fund", "soe")]
    return groups


def _target(doc: Document, kind: TableKindId, side: Side | None, key: str, budget_only: bool) -> Table | None:
    """A table that must list the codes of its group: it exists once, and has the column (or no rows)."""
    if budget_only and not is_budget(doc):
        return None
    table = single_table(doc, kind)
    if table is None:
        return None
    if not any(r.side == side for r in table.rows):
        # a table declared empty (空表) still must list the codes that carry its kind of money; a table that
        # merely came out without rows (a page not read?) is not judged
        return table if table.declared_empty else None
    return table if table.column(key, side) is not None else None


def _levels(table: Table, side: Side | None, index: CodeIndex) -> set[Level]:
    """The levels ``table`` prints: those of its coded rows, 类 for 类 printed by name; 类 for a table
    declared empty."""
    rows = [r for r in table.item_rows(side)]
    if not rows:
        return {"类"} if table.declared_empty else set()
    levels = {r.code.level for r in rows if r.code is not None and r.code.system == "func"}
    if any(r.code is None and index.key(r) is not None for r in rows):
        levels.add("类")
    return levels


def _amount(row: Row, key: str) -> Amount:
    """The amount of a cell known to state one (the rows were chosen by their money)."""
    amount = row.amount(key)
    assert amount is not None
    return amount


def _stated(entry: Entry) -> Amount:
    """The amount of a source entry (an entry gives a code money only when it states an amount)."""
    amount = entry.amount
    assert amount is not None
    return amount


_NOT_A_CLASS = ("结转", "结余", "分配", "合计", "总计")


def _unmatched_named_rows(table: Table, side: Side | None, key: str, index: CodeIndex) -> list[Row]:
    """Rows printed by name only that match no code (a 类 under another name?), with money in ``key``;
    carry-over and total lines are not 类."""
    return [
        r for r in table.item_rows(side)
        if r.code is None and index.key(r) is None and nonzero(r.amount(key))
        and not any(w in r.label for w in _NOT_A_CLASS)
    ]


def _keys(table: Table, side: Side | None, index: CodeIndex) -> set[str]:
    return {k for r in table.item_rows(side) if (k := index.key(r)) is not None}


def _label(doc: Document, code: str, index: CodeIndex) -> str:
    for table in doc.tables:
        for row in table.item_rows():
            if index.key(row) == code and row.label:
                return row.label
    return ""


@rule("XT102", "一张表中有金额的功能分类科目在应当列示它的另一张表中缺失", family="crosstable")
def code_missing_from_table(doc, ctx):
    """A 功能分类 code with a non-zero amount in one table must be listed by every other table that states the
    same quantity: a 类 with money in 表三 belongs on 表一's expense side and in 表二; when it is 一般公共预算
    money (表四 一般公共预算, 表五, 表二 一般公共预算, 表七) in 表四 and 表五 as well; 政府性基金 money in the
    政府性基金预算支出表; a code with 项目支出 in 表五 in 表七 (the 项目支出 table). When all the money is
    一般公共预算 money (see XT101) the all-funds and 一般公共预算 tables must list each other's codes.

    What a table must list
        Only the levels it prints: 表一 and 表四 list 类 only, so a missing 款 is not asked of them. A missing
        项 is reported only where the table lists another 项 of the same 款 (a table that lists the 款
        alone shows it undivided). An empty table (空表) must list the 类 that carry its kind of money.

    What is not reported here
        A missing 款 or 类 in a table that lists one of its 项 or 款: the amount is there, the parent row is
        not (AR107 reports that incomplete structure). A 类 a table that lists 类 by name only may print under
        another name (an old name of the year's catalogue, a typo): not reported when a row matching no code
        carries the same amount. CL-family rules judge the names. Only the topmost missing code is reported: a missing 类
        covers its 款 and 项. Codes with a blank or zero amount need no row. Amounts that differ are XT101's.

    Failing example::

        测试局 2021 年部门预算公开
        表一：部门（单位）收支总体情况表
        单位：万元
        收 入 | ∅ | 支 出 | ∅
        项 目 | 预算数 | 功能分类 | 预算数
        一般公共预算 | 380.50 | 208 社会保障和就业支出 | 36.48
        ∅ | ∅ | 211 节能环保支出 | ∅
        收入总计 | 380.50 | 支出总计 | 380.50
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | ∅ | ∅ | ∅ | ∅
        208 | ∅ | 社会保障和就业支出 | 36.48 | 36.48 | ∅
        212 | ∅ | 城乡社区支出 | 344.02 | 344.02 | ∅
        ∅ | ∅ | 合计 | 380.50 | 380.50 | ∅

    Passing example::

        测试局 2021 年部门预算公开
        表一：部门（单位）收支总体情况表
        单位：万元
        收 入 | ∅ | 支 出 | ∅
        项 目 | 预算数 | 功能分类 | 预算数
        一般公共预算 | 380.50 | 208 社会保障和就业支出 | 36.48
        ∅ | ∅ | 211 节能环保支出 | ∅
        ∅ | ∅ | 212 城乡社区支出 | 344.02
        收入总计 | 380.50 | 支出总计 | 380.50
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | ∅ | ∅ | ∅ | ∅
        208 | ∅ | 社会保障和就业支出 | 36.48 | 36.48 | ∅
        211 | ∅ | 节能环保支出 | 0.00 | ∅ | ∅
        212 | ∅ | 城乡社区支出 | 344.02 | 344.02 | ∅
        ∅ | ∅ | 合计 | 380.50 | 380.50 | ∅
    """
    index = code_index(doc)
    reported: set[tuple[int, str]] = set()
    findings = []
    # with all money 一般公共预算 money, a code of a table of all funds must be listed by the 一般公共预算 tables,
    # unless its amount could be the other sources' money printed as zero (their rounding)
    slack = zero_sources_slack(doc) if all_gpb(doc) else Decimal(0)
    for quantity, specs, source_only in _groups(doc):
        sources: list[Member] = []
        for spec in specs + source_only:
            m = member(doc, *spec)
            if m is not None and m not in sources:
                sources.append(m)
        targets: list[tuple[Table, Side | None, str]] = []
        for spec in specs:
            t = _target(doc, *spec)
            if t is not None and all(t is not o for o, _, _ in targets):
                targets.append((t, spec[1], spec[2]))
        if not sources or len({id(m.table) for m in sources} | {id(t) for t, _, _ in targets}) < 2:
            continue
        # code -> the source entries that give it money
        money: dict[str, list[Entry]] = {}
        for m in sources:
            for row in m.table.item_rows(m.side):
                key = index.key(row)
                if key is None or not key.isdigit() or not nonzero(row.amount(m.key)):
                    continue
                if slack and (m.table.kind, m.key) in _ALL_FUNDS and abs(_amount(row, m.key).in_unit(Unit.WAN)) <= slack:
                    continue
                money.setdefault(key, []).append(Entry(m, row))
        for table, side, column in sorted(targets, key=lambda t: rank(t[0].kind)):
            present = _keys(table, side, index)
            levels = _levels(table, side, index)
            named = _unmatched_named_rows(table, side, column, index)
            uncoded_parents = {k.split(":")[0] for k in present if ":" in k}
            for code in sorted(money, key=lambda c: (len(c), c)):
                if code in present:
                    continue
                entries = [e for e in money[code] if e.table is not table]
                if not entries:
                    continue
                missing = _topmost_missing(code, present, levels, uncoded_parents)
                if missing is None or (id(table), missing) in reported:
                    continue
                if named and (missing != code or any(
                    _amount(r, column).interval(Unit.WAN).meets(e.interval()) for r in named for e in entries
                )):
                    continue  # a row printed under another name may be this code (same amount, or unknown)
                reported.add((id(table), missing))
                findings.append(_finding(doc, ctx, index, quantity, table, missing, code, entries))
    yield from findings


def _topmost_missing(code: str, present: set[str], levels: set[Level], uncoded_parents: set[str]) -> str | None:
    """The code the table should list but does not: the topmost missing ancestor-or-self of ``code`` at a
    level the table prints; None when nothing is to be reported (see the rule's docstring)."""
    for length in (3, 5, 7):
        if length > len(code):
            break
        c = code[:length]
        if c in present or _LEVEL[length] not in levels:
            continue
        if any(k != c and k.startswith(c) for k in present) or any(p.startswith(c) for p in uncoded_parents):
            return None  # a child is listed: an incomplete structure (AR107), or an uncoded 项 that may be it
        if length == 7:
            kuan = c[:5]
            if kuan in uncoded_parents or not any(len(k) == 7 and k.startswith(kuan) for k in present):
                return None  # the 款 is shown undivided, or one of its 项 could not be matched
        return c
    return None


def _finding(doc, ctx, index, quantity, table: Table, missing: str, code: str, entries: list[Entry]):
    level = _LEVEL[len(missing)]
    name = _label(doc, missing, index)
    entries = sorted(entries, key=lambda e: e.rank)
    shown = "、".join(
        f"{short_name(e.table)}“{e.member.column_label}”列 {_stated(e).value}" for e in entries
    )
    if missing == code:
        what = f"而 {shown} 列有该科目"
    else:
        what = f"而其下的 {row_name(entries[0].row)} 在 {shown} 列有金额"
    empty = "（该表注明为空表）" if table.declared_empty else ""
    message = (
        f"{table.name}{empty} 未列出 {level} {missing} {name}，{what}；"
        f"同一科目的{QUANTITY_NAMES[quantity].split('（')[0]}应在本表列示"
    ).replace("  ", " ")
    return ctx.finding(
        message,
        at=missing_location(doc, table, missing),
        related=[e.place for e in entries],
        expected=entries[0].amount,
        key=missing,
    )
