"""XT103: the totals of the tables agree with each other."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from budgetrules.api import Document, Row, Side, Table, TableKindId, normalize_label, rule

from .statements import (
    NUMBERING,
    Entry,
    all_gpb,
    budget_carryover,
    entries_for,
    entry_difference,
    label_key,
    member,
    mixed_units,
    nonzero,
    single_table,
    value_text,
    where,
    zero_sources_slack,
)

_CARRY = ("结转", "结余")
_FISCAL_SOURCES = ("fiscal", "gpb", "gov_fund", "soe")
#: Income sources compared between 表一's income lines and 表二's 合计 row (上年结转 is not: 表二's column is
#: often 上年结余（不含国库集中支付额度）, which is not 表一's 上年结转).
_SOURCES = _FISCAL_SOURCES + (
    "fiscal_special", "business_income", "superior_subsidy", "operating_income", "affiliate_income",
    "other_income", "superior_special", "business_fund",
)
_SOURCE_NAMES = {"fiscal": "财政拨款", "gpb": "一般公共预算", "gov_fund": "政府性基金预算", "soe": "国有资本经营预算"}


def _single_total(table: Table, side: Side | None) -> Row | None:
    """The total row of a one-sided table: the only one, or the only one labelled 合计/总计."""
    rows = list(table.total_rows(side))
    if len(rows) == 1:
        return rows[0]
    named = [r for r in rows if normalize_label(r.label) in ("合计", "总计")]
    return named[0] if len(named) == 1 else None


def _side_total(table: Table, side: Side, current: str, overall: str) -> Row | None:
    """The total of this year's money on one side of 表一/表四: ``本年支出合计`` when printed, else ``支出总计``
    provided that side lists no carry-over line with money (结转下年, 年末结转和结余 …)."""
    rows = [r for r in table.total_rows(side)]
    named = [r for r in rows if normalize_label(r.label) == current]
    if len(named) == 1:
        return named[0]
    if named:
        return None
    overall_rows = [r for r in rows if normalize_label(r.label) in (overall, "合计", "总计")]
    if len(overall_rows) != 1:
        return None
    for row in table.item_rows(side):
        if any(w in row.label for w in _CARRY) and any(nonzero(c.amount) for c in row.cells.values()):
            return None
    return overall_rows[0]


def _entry(
    doc: Document, kind: TableKindId, side: Side | None, key: str, budget_only: bool = False, slack: Decimal = Decimal(0)
) -> Entry | None:
    m = member(doc, kind, side, key, budget_only, slack)
    if m is None and kind == "gpb_basic" and key == "total":
        return _basic_without_total(doc)
    if m is None:
        return None
    if kind in ("summary", "fiscal_summary"):
        row = _side_total(m.table, side, "本年支出合计", "支出总计") if side == "expense" else None
    else:
        row = _single_total(m.table, side)
    return Entry(m, row) if row is not None else None


def _basic_without_total(doc: Document) -> Entry | None:
    """表六 printed with 人员经费 and 公用经费 but no 合计 column (the 决算 template): its 合计 row's two cells."""
    table = single_table(doc, "gpb_basic")
    if table is None or table.has_column("total"):
        return None
    parts = tuple(k for k in ("personnel", "public") if table.column(k) is not None)
    m = next((mm for k in parts if (mm := member(doc, "gpb_basic", None, k)) is not None), None)
    if len(parts) != 2 or m is None:
        return None
    row = _single_total(table, None)
    return Entry(m, row, parts) if row is not None else None


def _source_line(doc: Document, kind: TableKindId, source: str) -> Entry | None:
    """表一's / 表四's income line of one source (``一般公共预算``), when printed exactly once."""
    m = member(doc, kind, "income", "total")
    if m is None:
        return None
    rows = [r for r in m.table.item_rows("income") if label_key(r.label) == source]
    return Entry(m, rows[0]) if len(rows) == 1 else None


def _groups(doc: Document) -> list[tuple[str, list[Entry]]]:
    gpb = all_gpb(doc)
    slack = zero_sources_slack(doc) if gpb else Decimal(0)  # 表三 holds all funds: the other sources' zeros
    specs: list[tuple[str, list[tuple[Any, ...]]]] = [
        ("支出总额（全部资金）", [("summary", "expense", "total"), ("income", None, "total", True),
                          ("expense", None, "total")]),
        ("一般公共预算支出总额", [("fiscal_summary", "expense", "gpb"), ("gpb_expense", None, "total"),
                           ("income", None, "gpb", True)]),
        ("政府性基金预算支出总额", [("fiscal_summary", "expense", "gov_fund"), ("gov_fund", None, "total"),
                            ("income", None, "gov_fund", True)]),
        ("国有资本经营预算支出总额", [("fiscal_summary", "expense", "soe"), ("soe", None, "total"),
                             ("income", None, "soe", True)]),
        ("一般公共预算基本支出总额", [("gpb_expense", None, "basic"), ("gpb_basic", None, "total")]
         + ([("expense", None, "basic", False, slack)] if gpb else [])),
        ("一般公共预算项目支出总额", [("gpb_expense", None, "project"), ("gpb_project", None, "total")]
         + ([("expense", None, "project", False, slack)] if gpb else [])),
    ]
    if budget_carryover(doc):  # 表四 may include the carry-over and 表五 not: see common.budget_carryover
        specs = [(q, ms) for q, ms in specs if not any(m[0] == "fiscal_summary" for m in ms)]
    groups = []
    for quantity, members in specs:
        entries = [e for spec in members if (e := _entry(doc, *spec)) is not None]
        groups.append((quantity, entries))
    carry = budget_carryover(doc)
    # this year's income: 表一 本年收入合计 (收入总计 when no carry-over line has money) = 表二 合计; in a 预算 that
    # spends a carry-over, 表二's 合计 may include it while 表一's 本年收入合计 does not: not compared
    if not carry:
        entries = []
        m = member(doc, "summary", "income", "total")
        if m is not None and (row := _side_total(m.table, "income", "本年收入合计", "收入总计")) is not None:
            entries.append(Entry(m, row))
        if (e := _entry(doc, "income", None, "total")) is not None:
            entries.append(e)
        groups.append(("本年收入总额（全部资金）", entries))
    for source in _SOURCES:
        kinds: tuple[TableKindId, ...] = ("summary", "fiscal_summary") if source in _FISCAL_SOURCES else ("summary",)
        entries = [e for kind in kinds if (e := _source_line(doc, kind, source)) is not None]
        if source == "fiscal" and not carry:
            m = member(doc, "fiscal_summary", "income", "total")
            if m is not None and (row := _side_total(m.table, "income", "本年收入合计", "收入总计")) is not None:
                entries.append(Entry(m, row))
        if (e := _entry(doc, "income", None, source)) is not None:
            entries.append(e)
        name = _SOURCE_NAMES.get(source) or (_source_name(entries[0].row.label) if entries else source)
        groups.append((f"{name}收入", sorted(entries, key=lambda e: e.rank)))
    return [(q, es) for q, es in groups if len(es) >= 2]


def _source_name(label: str) -> str:
    """``五、事业收入`` → ``事业``: the source's name for the message."""
    text = NUMBERING.sub("", label.strip())
    return text[:-2] if text.endswith("收入") else text


@rule("XT103", "各表的合计数应相互一致", family="crosstable")
def totals_agree(doc, ctx):
    """The 合计 rows of the tables state a handful of totals several times; each statement must agree.

    Totals compared
        * 支出 of all funds: 表一 支出总计 (本年支出合计 when printed) = 表二 合计 = 表三 合计;
        * 一般公共预算 支出: 表四 支出总计 一般公共预算 = 表五 合计 = 表二 合计 一般公共预算; likewise
          政府性基金预算 (表四, the 政府性基金预算支出表, 表二) and 国有资本经营预算;
        * 基本支出: 表五 合计 基本支出 = 表六 合计; 项目支出: 表五 合计 项目支出 = 表七 合计; 表三's 基本支出 and
          项目支出 join them only when all the money is 一般公共预算 money (表六 and 表七 hold 一般公共预算 money
          only);
        * income: 表一 本年收入合计 (收入总计 when no carry-over line has money) = 表二 合计; each source of
          表一's income side (财政拨款, 一般公共预算, 政府性基金预算, 国有资本经营预算, 事业收入, 其他收入 …) = 表二
          合计 of that source; the 财政拨款 sources also = 表四's income lines, and 财政拨款 = 表四 本年收入合计.
          In a 预算 that spends last year's carry-over, the totals involving 表四 and the 本年收入 totals are not
          compared (which of them include the carry-over differs between templates).

        表二's expense-side totals are compared only in a 预算 (see XT101). 表一's or 表四's 支出总计 is used only when that side lists
        no carry-over line with money (结转下年 …), otherwise only its 本年支出合计.

    Which place is reported
        As in XT101: the odd one out once, against the agreeing totals; with no majority, the table earliest in
        the order 表一 … 表九. Rounding is never an error (``budgetrules.core.compare``). Not checked here: 表六's
        人员经费 and 公用经费 against the economic classes (a per-row classification rule covers them), and
        the 合计 against the rows of its own table (the arithmetic rules).

    Failing example::

        测试局 2021 年部门预算公开
        表五：一般公共预算支出情况表
        单位：万元
        功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | ∅ | ∅ | ∅ | ∅
        208 | ∅ | 社会保障和就业支出 | 380.50 | 380.50 | ∅
        ∅ | ∅ | 合计 | 380.50 | 380.50 | ∅
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        301 | 01 | 基本工资 | 390.50 | 390.50 | ∅
        ∅ | ∅ | 合计 | 390.50 | 390.50 | ∅

    Passing example::

        测试局 2021 年部门预算公开
        表五：一般公共预算支出情况表
        单位：万元
        功能分类科目编码 | ∅ | 功能分类科目名称 | 合计 | 基本支出 | 项目支出
        类 | 款 | ∅ | ∅ | ∅ | ∅
        208 | ∅ | 社会保障和就业支出 | 380.5 | 380.5 | ∅
        ∅ | ∅ | 合计 | 380.5 | 380.5 | ∅
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        301 | 01 | 基本工资 | 380.50 | 380.50 | ∅
        ∅ | ∅ | 合计 | 380.50 | 380.50 | ∅
    """
    for quantity, odd, others in entries_for(_groups(doc)):
        ref = others[0]
        units = mixed_units([odd, *others])
        listed = "、".join(f"{where(o, row=True)} {value_text(o.amount, units)}" for o in others)
        message = (
            f"{where(odd, full=True)} {value_text(odd.amount, units)} 与 {listed} 不一致"
            f"（{entry_difference(odd, ref)}）；这些数都是{quantity}，应当相等"
        )
        yield ctx.finding(
            message,
            at=odd.place,
            related=[o.place for o in others],
            expected=ref.amount,
            actual=odd.amount,
        )
