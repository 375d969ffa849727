"""AR103: a table's 合计/总计 row equals the sum of its top-level rows."""

from __future__ import annotations

from typing import Sequence

import attrs

from budgetrules.api import Amount, Row, Side, Table, regex, rule

from .structure import (
    amount_columns,
    cascade_cause,
    code_of,
    col_name,
    column_places,
    groups,
    has_text,
    hierarchy,
    is_of_which,
    label_key,
    sides,
    strip_numbering,
    sum_check,
    sum_text,
    terms,
    value_text,
)

_INCOME_TOP = frozenset({
    "fiscal_special", "business_income", "superior_subsidy", "operating_income", "affiliate_income",
    "other_income", "superior_special", "business_fund", "carryover",
})
_FISCAL_PARTS = frozenset({"gpb", "gov_fund", "soe"})
_EXPENSE_NATURE = frozenset({"basic", "project", "remit_superior", "operating_expense", "affiliate_subsidy"})
_AFTER_INCOME = frozenset({"use_nonfiscal_surplus", "carry_begin", "carryover", "business_fund"})
_AFTER_EXPENSE = frozenset({"surplus_distribution", "carry_end"})
_GRAND = regex.compile(r"^(收入总计|支出总计|总计|总合计)$")
_LEVEL_WORD = {"类": "各类", "款": "各款", "项": "各项"}


@attrs.frozen
class Addend:
    """One term of a total: a row, or the 财政拨款 row standing for the sources listed under it."""

    row: Row
    parts: tuple[Row, ...] = ()

    def name(self) -> str:
        return self.row.code.display if self.row.code is not None else self.row.label

    def amounts(self, key: str) -> list[Amount | None]:
        own = self.row.amount(key)
        if own is not None or not self.parts:
            return [own]
        return [p.amount(key) for p in self.parts]


@attrs.frozen
class Plan:
    """A total row, what it adds up, and how a message calls those addends."""

    total: Row
    addends: tuple[Addend, ...]
    what: str
    base: Row | None = None


def _with_amounts(rows: Sequence[Row], keys: Sequence[str]) -> list[Row]:
    return [r for r in rows if any(r.amount(k) is not None or has_text(r, k) for k in keys)]


def _coded_addends(rows: Sequence[Row]) -> tuple[list[Addend], str] | None:
    coded = [r for r in rows if r.code is not None]
    tree = hierarchy(coded)
    if not tree.certain_roots:
        return None
    levels = {code_of(r).level for r in tree.roots}
    what = _LEVEL_WORD[levels.pop()] if len(levels) == 1 else "各类（及未列上级科目的款、项）"
    return [Addend(r) for r in tree.roots], what


def _labelled_addends(rows: Sequence[Row], allowed: frozenset[str], keys: Sequence[str], fiscal: bool):
    """Addends recognised by label, or None when a row with amounts is not recognised.

    With ``fiscal``, the 一般公共预算 / 政府性基金预算 / 国有资本经营预算 rows right under a 财政拨款 row are
    its parts (not addends of the total); without a 财政拨款 row they are sources themselves (the 决算 layout),
    as long as they come before the other sources. Such rows printed under another item (the breakdown of
    上年结转 …) make the side uncertain.
    """
    addends: list[Addend] = []
    fiscal_row: Row | None = None
    fiscal_parts: list[Row] = []
    fiscal_open = False  # the rows just read are the parts of the 财政拨款 row
    other_seen = False  # a source other than 财政拨款 and its parts has been read
    for row in rows:
        if is_of_which(row.label):
            continue
        key = label_key(row.label)
        if fiscal and key == "fiscal":
            if fiscal_row is not None or other_seen:
                return None
            fiscal_row, fiscal_open = row, True
        elif fiscal and key in _FISCAL_PARTS:
            if fiscal_open:
                fiscal_parts.append(row)
            elif fiscal_row is None and not other_seen:
                addends.append(Addend(row))
            elif _with_amounts([row], keys):
                return None
        elif key in allowed:
            addends.append(Addend(row))
            fiscal_open, other_seen = False, True
        elif _with_amounts([row], keys):
            return None
    if fiscal_row is not None:
        addends.insert(0, Addend(fiscal_row, tuple(fiscal_parts)))
    return addends


def _named_class_addends(rows: Sequence[Row], catalogue, keys: Sequence[str]) -> list[Addend] | None:
    """Uncoded rows recognised as 类 by their printed name (``一、一般公共服务支出``), or None when a row
    holding an amount is not the name of exactly one 类 of that year's catalogue, or a 类 comes twice."""
    addends: list[Addend] = []
    seen: set[str] = set()
    for row in rows:
        if is_of_which(row.label):
            continue
        entries = catalogue.find_by_name(strip_numbering(row.label), level="类") if row.label else []
        if len(entries) == 1 and entries[0].code not in seen:
            seen.add(entries[0].code)
            addends.append(Addend(row))
        elif _with_amounts([row], keys):
            return None
    return addends


def _segment_addends(
    table: Table, side: Side | None, rows: Sequence[Row], after: bool, keys: Sequence[str], catalogue=None
):
    """(addends, what) for the item rows of one segment of a side, or None when not certain."""
    rows = [r for r in rows if not r.is_total]
    if side == "income":
        allowed = _AFTER_INCOME if after else _INCOME_TOP
        found = _labelled_addends(rows, allowed, keys, fiscal=not after)
        return None if found is None else (found, "其后各项" if after else "各收入来源")
    coded = [r for r in rows if r.code is not None]
    loose = [r for r in rows if r.code is None and not is_of_which(r.label)]
    if side == "expense":
        if after:
            found = _labelled_addends(rows, _AFTER_EXPENSE, keys, fiscal=False)
            return None if found is None or coded else (found, "其后各项")
        if coded:
            return None if _with_amounts(loose, keys) else _coded_addends(coded)
        found = _labelled_addends(rows, _EXPENSE_NATURE, keys, fiscal=False)
        if found is not None:
            return found, "各支出项目"
        if catalogue is not None:
            named = _named_class_addends(rows, catalogue, keys)
            if named is not None:
                return named, "各类"
        return None
    # an ordinary table: only its coded rows are certain addends
    if not coded or _with_amounts(loose, keys):
        return None
    parts = groups(table, side)
    addends: list[Addend] = []
    words: set[str] = set()
    for group in parts:
        found = _coded_addends(group)
        if found is None:
            return None
        addends.extend(found[0])
        words.add(found[1])
    return addends, (words.pop() if len(words) == 1 else "各类（及未列上级科目的款、项）")


def _fiscal_subtotals(addends: Sequence[Addend]) -> list[Plan]:
    """财政拨款（补助） = 一般公共预算 + 政府性基金预算 + 国有资本经营预算, when those are listed under it."""
    return [Plan(a.row, tuple(Addend(p) for p in a.parts), "其下各财政拨款来源") for a in addends if a.parts]


def class_catalogue(doc):
    """The 支出功能分类 catalogue of the document's year (to recognise 类 printed by name only), or None."""
    if doc.year is None:
        return None
    try:
        from budgetrules.api import catalogues

        return catalogues.load("func", doc.year)
    except (OSError, ValueError):  # a catalogue file that cannot be read or parsed: no 类 recognised by name
        return None


def plans(table: Table, catalogue=None) -> list[tuple[Side | None, Plan]]:
    """Every total row of ``table`` that can be checked with certainty, with its addends.

    ``catalogue`` (a 支出功能分类 catalogue) lets the expense side of a summary table that prints its 类 by name
    only (``一、一般公共服务支出``) be read as its 类."""
    out: list[tuple[Side | None, Plan]] = []
    for side in sides(table):
        keys = [c.key for c in amount_columns(table, side)]
        rows = [r for r in table.rows if side is None or r.side == side]
        totals = [r for r in rows if r.is_total and r.label != "小计"]
        if len(totals) == 1:
            found = _segment_addends(table, side, rows, False, keys, catalogue)
            if found is not None:
                out.append((side, Plan(totals[0], tuple(found[0]), found[1])))
                out.extend((side, sub) for sub in _fiscal_subtotals(found[0]))
        elif (
            len(totals) == 2 and side is not None
            and _GRAND.match(totals[1].label) and not _GRAND.match(totals[0].label)
        ):
            first, second = rows.index(totals[0]), rows.index(totals[1])
            found = _segment_addends(table, side, rows[:first], False, keys, catalogue)
            if found is not None:
                out.append((side, Plan(totals[0], tuple(found[0]), found[1])))
                out.extend((side, sub) for sub in _fiscal_subtotals(found[0]))
            rest = _segment_addends(table, side, rows[first + 1 : second], True, keys)
            if rest is not None:
                out.append((side, Plan(totals[1], tuple(rest[0]), rest[1], base=totals[0])))
    return out


@rule("AR103", "合计（总计）行等于各类之和", family="arithmetic")
def total_equals_sum_of_classes(doc, ctx):
    """A table's 合计/总计 row equals, column by column, the sum of its top-level rows.

    What is added up
        * In a table with classification-coded rows: the rows with no printed ancestor — the 类 rows, plus
          any 款 or 项 whose 类 is not printed (AR107 warns about those). In a table listing only 款 (the
          基本支出 table by 经济分类) that is every 款. In project tables each project is read on its own.
        * In the two-sided tables 表一/表四, the expense side's 支出总计 is the sum of its 类 rows (or of
          基本支出/项目支出 … when the side lists those instead of codes, or of its 类 printed by name only,
          ``一、一般公共服务支出``, each recognised as exactly one 类 of that year's catalogue). The income
          side is **not** a plain column of addends: 财政拨款（补助） is itself the sum of 一般公共预算,
          政府性基金预算 and 国有资本经营预算 printed under it. 收入总计 is checked only against the
          top-level sources, each recognised by its name (财政拨款 — or its parts when it is blank —
          事业收入, 上级补助收入, 事业单位经营收入, 附属单位上缴收入, 其他收入, 上年结转 …). The
          财政拨款（补助） row itself is checked against the sources listed under it (``其中：`` rows are
          never added).
        * 决算 summary tables with 本年收入合计 … 收入总计: 本年收入合计 = Σ sources, and 收入总计 = 本年收入合计 +
          使用非财政拨款结余 + 年初结转和结余 (支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余).

    Not reported (no certain reading)
        A side where any row holding an amount is not recognised (an uncoded row in a coded table other than a
        ``其中：`` row, an unknown income source), a parent code printed twice, several grand totals, 小计
        rows, cells holding text, columns whose header was not recognised. Rounding is never an error (interval
        comparison). One finding per total row and column.

    Failing example::

        测试局 2021 年部门预算公开
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | ∅ | ∅ | ∅ | ∅
        208 | ∅ | 社会保障和就业支出 | 36.48 | 36.48 | ∅
        211 | ∅ | 节能环保支出 | 642.00 | ∅ | 642.00
        212 | ∅ | 城乡社区支出 | 344.02 | 344.02 | ∅
        ∅ | ∅ | 合计 | 1117.5 | 380.5 | 737.00

    Passing example::

        测试局 2021 年部门预算公开
        表三：部门（单位）支出总体情况表
        单位：万元
        功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | ∅ | ∅ | ∅ | ∅
        208 | ∅ | 社会保障和就业支出 | 36.48 | 36.48 | ∅
        211 | ∅ | 节能环保支出 | 642.00 | ∅ | 642.00
        212 | ∅ | 城乡社区支出 | 439.02 | 344.02 | 95.00
        ∅ | ∅ | 合计 | 1117.5 | 380.5 | 737.00

    Passing example (the income side of 表一 is read by source)::

        测试局 2021 年部门预算公开
        表一：部门收支总体情况表
        单位：万元
        收入 | ∅ | 支出 | ∅
        项目 | 预算数 | 功能分类 | 预算数
        财政拨款（补助） | 1117.5 | 208 社会保障和就业支出 | 36.48
        一般公共预算 | 1117.5 | 211 节能环保支出 | 642.00
        政府性基金预算 | ∅ | 212 城乡社区支出 | 439.02
        事业收入 | ∅ | ∅ | ∅
        收入总计 | 1117.5 | 支出总计 | 1117.5
    """
    catalogue = class_catalogue(doc)
    for table in doc.tables:
        for side, plan in plans(table, catalogue):
            for column in amount_columns(table, side):
                key = column.key
                if has_text(plan.total, key) or any(has_text(a.row, key) for a in plan.addends):
                    continue
                if plan.base is not None and has_text(plan.base, key):
                    continue
                parts: list[tuple[str, Amount | None]] = []
                if plan.base is not None:
                    parts.append((plan.base.label, plan.base.amount(key)))
                for a in plan.addends:
                    if a.parts and a.row.amount(key) is None:
                        parts.extend((p.label, p.amount(key)) for p in a.parts)
                    else:
                        parts.append((a.name(), a.row.amount(key)))
                rows = [plan.total, *(a.row for a in plan.addends), *(p for a in plan.addends for p in a.parts)]
                places = column_places(table, key, rows + ([plan.base] if plan.base else []))
                check = sum_check(plan.total.amount(key), [amt for _, amt in parts], places, table.unit)
                if check is None or check.consistent:
                    continue
                what = f"{plan.base.label}与{plan.what}" if plan.base is not None else plan.what
                printed = plan.total.amount(key)
                head = f"{plan.total.label} 行{col_name(table, key, side)}"
                detail = f"（{terms(parts)}；{check.explain()}）"
                if printed is None:
                    message = f"{head}为空，但{what}之和为 {sum_text(check)}{detail}"
                else:
                    message = f"{head}金额 {value_text(printed)} 不等于{what}之和 {sum_text(check)}{detail}"
                cause = None if plan.base is not None else cascade_cause(
                    doc, table, side, key, [a.row for a in plan.addends], check)
                yield ctx.finding(message, at=(table, plan.total, key), expected=check.computed, actual=printed,
                                  cause=cause, consequence=cause is not None)
