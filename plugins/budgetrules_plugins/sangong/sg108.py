"""SG108: a 决算 above its 预算 for a 三公 item, with no reason stated."""

from __future__ import annotations

from budgetrules.api import Unit, fmt, rule

from .claims import ITEMS, NAMES, clause_claims, count_of, direction, statements


@rule(
    "SG108",
    "“三公”经费决算数超过预算数但未说明原因",
    family="sangong",
    severity="warning",
    kinds=("决算",),
    params={"basis": "财预〔2016〕143号；部门决算公开模板（“三公”经费决算数与预算数差异原因）"},
)
def final_above_budget_without_reason(doc, ctx):
    """In a 决算, a 三公 item whose 决算数 is above its 预算数 (the table's two columns) has its reason in the text.

    The 部门决算 template prints 预算数 and 决算数 of each 三公 item and asks for the reason of the difference;
    spending above the 预算 of an item the policy wants to shrink (“只减不增”) is what a reviewer looks for first.
    An item counts as over budget only when the 决算数 exceeds the 预算数 beyond rounding. It counts as
    explained when the 三公 explanation has a sentence that says the 决算 is above the 预算 (决算数大于预算数,
    超预算, 比预算增加 …) and gives a reason (原因, 主要是, 用于 …). Reported once, at the table, listing the items.

    Failing example::

        测试局 2024 年部门决算公开
        表七：财政拨款“三公”经费支出决算表
        单位：万元
        合计 | ∅ | 因公出国（境）费 | ∅ | 公务接待费 | ∅
        预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数
        1.00 | 1.50 | 0.00 | 0.00 | 1.00 | 1.50
        一、“三公”经费财政拨款支出决算情况说明
        “三公”经费财政拨款支出年初预算为 1.00 万元，支出决算为 1.50 万元。

    Passing example::

        测试局 2024 年部门决算公开
        表七：财政拨款“三公”经费支出决算表
        单位：万元
        合计 | ∅ | 因公出国（境）费 | ∅ | 公务接待费 | ∅
        预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数
        1.00 | 1.50 | 0.00 | 0.00 | 1.00 | 1.50
        一、“三公”经费财政拨款支出决算情况说明
        “三公”经费财政拨款支出年初预算为 1.00 万元，支出决算为 1.50 万元。决算数大于预算数的主要原因是承接全国性会议接待任务。
    """
    for table in doc.tables:
        if table.kind != "sangong":
            continue
        over = []
        first = None
        for row in table.rows:
            for key in ITEMS:
                budget, final = row.amount(f"budget:{key}"), row.amount(key)
                if budget is None or final is None:
                    continue
                if final.interval(Unit.WAN).lo > budget.interval(Unit.WAN).hi:
                    over.append(f"{NAMES[key]} 预算数 {budget.value}、决算数 {final.value}（超出 "
                                f"{fmt(final.in_unit(table.unit) - budget.in_unit(table.unit), max(final.places, budget.places))}）")
                    first = first or (row, key)
        if not over or first is None:  # (first is set with the first entry of over)
            continue
        explained = any(count_of(c) > 0 and c.reason for c in clause_claims(doc, "versus_budget")) or any(
            s.against == "budget" and s.quantity in ("change", "growth") and direction(s) > 0 and s.reason
            for s in statements(doc)
        )
        if explained:
            continue
        yield ctx.finding(
            f"{table.name}中{'；'.join(over)}，“三公”经费说明未说明决算数超过预算数的原因"
            f"（依据：{ctx.params.get('basis') or ''}）",
            at=(table, first[0], first[1]),
            key="final-above-budget",
        )
