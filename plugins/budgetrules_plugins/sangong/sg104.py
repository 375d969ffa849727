"""SG104: the 公务用车购置费 and what the text says about buying vehicles disagree."""

from __future__ import annotations

from budgetrules.api import rule

from .claims import clause_claims, count_of
from .tables import cell_amount, item_cells


@rule("SG104", "公务用车购置费与“未安排购置车辆”等文字说明矛盾", family="sangong")
def car_purchase_contradicts_text(doc, ctx):
    """公务用车购置费 above zero while the text says no vehicle is bought — or vehicles bought while it is zero.

    The text often says ``未安排购置车辆经费`` / ``公务用车购置费为 0`` (in the 三公 explanation or under 国有资产
    占用); the 三公 table's 公务用车购置费 must then be zero. Conversely, a text stating that N vehicles are
    bought (``购置公务用车 2 辆``) needs a 公务用车购置费 above zero. Both are errors: one of the two statements is
    wrong.

    When the 三公 table prints several 公务用车购置费 figures (预算数 and 决算数 of a 决算), the contradiction is
    reported only if every one of them contradicts the text. Zero is judged on the printed value (0.00 is zero).
    Statements about another year, and vehicles paid from other funds or received (调剂, 划转, 捐赠 …), which
    the 三公 table of 财政拨款 does not show, are left out.

    Failing example::

        测试局 2021 年部门预算公开
        第一部分 部门预算公开表
        表八：一般公共预算“三公”经费支出情况表
        单位：万元
        合计 | 因公出国（境）费 | 公务用车购置费 | 公务用车运行费 | 公务接待费
        19.83 | 0.00 | 18.00 | 1.83 | 0.00
        第二部分 部门预算情况说明
        一、国有资产占用使用情况
        2021 年部门预算未安排购置车辆经费。

    Passing example::

        测试局 2021 年部门预算公开
        第一部分 部门预算公开表
        表八：一般公共预算“三公”经费支出情况表
        单位：万元
        合计 | 因公出国（境）费 | 公务用车购置费 | 公务用车运行费 | 公务接待费
        1.83 | 0.00 | 0.00 | 1.83 | 0.00
        第二部分 部门预算情况说明
        一、国有资产占用使用情况
        2021 年部门预算未安排购置车辆经费。
    """
    cells = item_cells(doc, "car_purchase")
    if not cells:
        return
    values = [cell_amount(c).value for _, _, _, c in cells]
    shown = "、".join(f"{c.text}" for _, _, _, c in cells)
    table, row, key, cell = cells[0]
    bought = clause_claims(doc, "count", "assets.vehicles_bought")
    if all(v > 0 for v in values):
        for none in [c for c in bought if count_of(c) == 0][:1]:
            yield ctx.finding(
                f"{table.name}公务用车购置费为 {shown}（{table.unit.value}），但文字说明“{none.text}”称未安排购置车辆",
                at=(table, row, key),
                related=[none],
                expected="0",
                actual=cell_amount(cell).value,
                key="purchase-but-none-stated",
            )
    if all(v == 0 for v in values):
        for purchase in [c for c in bought if count_of(c) > 0][:1]:
            yield ctx.finding(
                f"文字说明购置{purchase.label} {purchase.value} 辆，但{table.name}公务用车购置费为 {shown}（{table.unit.value}）",
                at=purchase,
                related=[(table, row, key)],
                actual=cell_amount(cell).value,
                key="vehicles-but-no-purchase-fee",
            )
