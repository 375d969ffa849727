"""XT101: the same 功能分类 code carries the same amount wherever tables state the same quantity."""

from __future__ import annotations

from budgetrules.api import Row, Unit, check_sum, fmt, parent_sum, rule

from .statements import (
    QUANTITY_NAMES,
    Entry,
    code_groups,
    code_index,
    entries_for,
    entry_difference,
    members,
    mixed_units,
    rows_by_key,
    short_name,
    value_text,
    where,
)


@rule("XT101", "同一功能分类科目在各表中的同一口径金额应一致", family="crosstable")
def same_code_same_amount(doc, ctx):
    """The tables of a disclosure state several quantities by 功能分类 code more than once; each statement of
    one quantity for one code (类, 款 or 项) must carry the same amount.

    Quantities compared, code by code
        * 支出 of all funds: 表一 (支出 side) = 表二 总计 = 表三 合计;
        * 一般公共预算 支出: 表四 (支出 side, 一般公共预算) = 表五 合计 = 表二 一般公共预算;
        * 政府性基金 支出: 表四 政府性基金预算 = 政府性基金预算支出表 合计 = 表二 政府性基金; likewise
          国有资本经营预算;
        * 基本支出 and 项目支出: 表三 = 表五, only when all the money is 一般公共预算 money (表二's 总计 equals
          its 一般公共预算 column and every other source is blank or zero); otherwise 表三 holds more than 表五
          and nothing is compared.

        表二 is compared only in a 预算: there the income table is arranged by the 功能分类 of the spending it
        funds; a 决算's income table records income, which differs from spending by the carry-over.

    How rows are matched
        By full code, at every level. A 项 printed without its own code (its 款 code repeated) matches the
        coded 项 of the same 款 and name in another table.

    Rounding and blanks
        Two amounts agree when their rounding intervals meet (``budgetrules.core.compare``). A blank cell where
        another table prints a non-zero amount is a disagreement; a blank against ``0.00`` is not. A column
        a table leaves blank on every row states nothing and is not compared (the arithmetic rules see it).

    When tables are not compared
        A table printed more than once (which one is meant?), a column printed twice under one key (which is
        this year's?), and, in a 预算 that spends last year's carry-over, the 财政拨款 quantities (表四 may
        include the carry-over where 表五 and 表二 do not; templates rarely say).

    Which place is reported
        Once per place. When several tables agree and one disagrees, the odd one out is reported, with the
        agreeing rows as related places; with no majority (two tables that differ, or a tie), the table
        earliest in the order 表一 … 表九 is reported, against all the others. The message states every number
        and does not claim which table is right; but when the agreeing tables' own rows under the code (its 款,
        or its 项) add up to the odd table's amount and not to theirs, it says so: their row then probably
        leaves out a child (the arithmetic rules report that row too). A code missing from a table altogether is XT102's; the 合计
        rows are XT103's.

    Failing example::

        测试局 2021 年部门预算公开
        表一：部门（单位）收支总体情况表
        单位：万元
        收 入 | ∅ | 支 出 | ∅
        项 目 | 预算数 | 功能分类 | 预算数
        一般公共预算 | 439.02 | 212 城乡社区支出 | 439.02
        收入总计 | 439.02 | 支出总计 | 439.02
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | ∅ | ∅ | ∅ | ∅
        212 | ∅ | 城乡社区支出 | 344.02 | 344.02 | ∅
        212 | 01 | 城乡社区管理事务 | 344.02 | 344.02 | ∅
        ∅ | ∅ | 合计 | 344.02 | 344.02 | ∅

    Passing example::

        测试局 2021 年部门预算公开
        表一：部门（单位）收支总体情况表
        单位：万元
        收 入 | ∅ | 支 出 | ∅
        项 目 | 预算数 | 功能分类 | 预算数
        一般公共预算 | 344.02 | 212 城乡社区支出 | 344.02
        收入总计 | 344.02 | 支出总计 | 344.02
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | ∅ | ∅ | ∅ | ∅
        212 | ∅ | 城乡社区支出 | 344.02 | 344.02 | ∅
        212 | 01 | 城乡社区管理事务 | 344.02 | 344.02 | ∅
        ∅ | ∅ | 合计 | 344.02 | 344.02 | ∅
    """
    index = code_index(doc)
    groups: list[tuple[tuple[str, str], list[Entry]]] = []
    rows_of: dict[int, dict[str, Row]] = {}
    for quantity, specs in code_groups(doc):
        ms = members(doc, specs)
        if len(ms) < 2:
            continue
        by_member = [(m, rows_by_key(m, index)) for m in ms]
        for m, rows in by_member:
            rows_of[id(m)] = rows
        for key in sorted({k for _, rows in by_member for k in rows}):
            group = [Entry(m, rows[key]) for m, rows in by_member if key in rows]
            if len(group) >= 2:
                groups.append(((quantity, key), group))
    for (quantity, key), odd, others in entries_for(groups):
        ref = others[0]
        units = mixed_units([odd, *others])
        listed = "、".join(f"{where(o)} {value_text(o.amount, units)}" for o in others)
        message = (
            f"{where(odd, full=True)} {value_text(odd.amount, units)} 与 {listed} 不一致"
            f"（{entry_difference(odd, ref)}）；同一科目的{QUANTITY_NAMES[quantity]}在各表中应当相等"
        )
        hint = _children_hint(key, odd, others, rows_of)
        yield ctx.finding(
            message + hint,
            at=odd.place,
            related=[o.place for o in others],
            expected=ref.amount,
            actual=odd.amount,
            cause=parent_sum("func", key) if hint else None,
            consequence=bool(hint),
        )


def _children(key: str, rows: dict[str, Row]) -> list[Row]:
    """The printed rows directly under ``key`` (a 类's 款, and its 项 whose 款 is not printed; a 款's 项)."""
    if not key.isdigit() or len(key) not in (3, 5):
        return []
    kids = [r for k, r in rows.items() if k.isdigit() and len(k) == len(key) + 2 and k.startswith(key)]
    if len(key) == 3:
        kids += [r for k, r in rows.items() if k.isdigit() and len(k) == 7 and k.startswith(key) and k[:5] not in rows]
    return kids


def _children_hint(key: str, odd: Entry, others: list[Entry], rows_of: dict[int, dict[str, Row]]) -> str:
    """When the agreeing tables' own children of the code add up to the odd table's amount (and not to their
    own), say so: the majority is then the likelier mistake (their row leaves out a child)."""
    if odd.amount is None:
        return ""
    sums = []
    for o in others:
        kids = _children(key, rows_of.get(id(o.member), {}))
        amounts = [a for r in kids if (a := r.amount(o.member.key)) is not None]
        if not kids or not amounts or o.amount is None:
            return ""
        to_odd = check_sum(odd.amount, amounts, Unit.WAN)
        to_own = check_sum(o.amount, amounts, Unit.WAN)
        if not to_odd.consistent or to_own.consistent:
            return ""
        sums.append((o, to_odd))
    if not sums:
        return ""
    tables = "、".join(short_name(o.table) for o, _ in sums)
    total = sums[0][1]
    return (
        f"。注意：{tables} 中该科目下级各行之和为 {fmt(total.computed, total.places)}（{total.terms()}），"
        f"与本表相符而与其自身不符，可能是 {tables} 的该行漏计了下级科目"
    )
