"""SG105: the average price of the vehicles bought is above the price limit."""

from __future__ import annotations

from decimal import Decimal

from budgetrules.api import Amount, Unit, fmt, rule

from .claims import amount_of, clause_claims, count_of, item, statements
from .tables import cell_amount, item_cells

_CAPS_BASIS = (
    "中办发〔2011〕2号《党政机关公务用车配备使用管理办法》第七条：一般公务用车价格 18 万元以内、机要通信用车 12 万元"
    "以内（中办发〔2017〕71号《党政机关公务用车管理办法》沿用同一价格档次，未逐条核实）；国管局事业单位公务用车标准最高档"
    "（大型客车）45 万元"
)


@rule(
    "SG105",
    "购置公务用车的平均单价超过配备标准",
    family="sangong",
    severity="warning",
    params={
        "general_car_cap": Decimal("18"),
        "confidential_car_cap": Decimal("12"),
        "any_car_cap": Decimal("45"),
        "purchase_tax_allowance": Decimal("0.10"),
        "caps_basis": _CAPS_BASIS,
        "tax_basis": "《中华人民共和国车辆购置税法》第四条：税率 10%",
    },
)
def car_price_above_cap(doc, ctx):
    """When the text gives the number of vehicles bought, 公务用车购置费 ÷ that number stays within the price cap.

    Caps are parameters in 万元 per vehicle: ``general_car_cap`` (一般公务用车, 18), ``confidential_car_cap``
    (机要通信用车, 12) and, when the text does not say which kind of vehicle, ``any_car_cap`` — the highest band
    (45), so that only a purchase no vehicle class allows is reported. 购置费 may include 车辆购置税, so the cap
    is raised by ``purchase_tax_allowance`` (10%, 《车辆购置税法》) before comparing; and the smallest value the
    printed 购置费 can stand for is used. Provinces set their own figures: override them in the ruleset, with
    ``caps_basis`` naming the document.

    The 购置费 is the one the 三公 text states, else the 三公 table's when it prints a single figure. A **warning**:
    the reviewer checks the purchase against the approved list of vehicles.

    Failing example::

        测试局 2021 年部门预算公开
        一、关于 2021 年一般公共预算“三公”经费预算情况说明
        公务用车购置费 60 万元，比上年增加 60 万元，主要原因是更新一般公务用车 2 辆。

    Passing example::

        测试局 2021 年部门预算公开
        一、关于 2021 年一般公共预算“三公”经费预算情况说明
        公务用车购置费 36 万元，比上年增加 36 万元，主要原因是更新一般公务用车 2 辆。
    """
    bought = [c for c in clause_claims(doc, "count", "assets.vehicles_bought") if count_of(c) > 0]
    counts = {count_of(c) for c in bought}
    if len(counts) != 1:
        return  # no count, or several different counts: which purchase is which cannot be told
    purchase = bought[0]
    count, kind = count_of(purchase), purchase.label or "公务用车"
    stated = [s for s in statements(doc) if item(s) == "car_purchase" and s.quantity == "amount" and amount_of(s).value > 0]
    amounts = {s.value for s in stated}
    amount: Amount
    if len(amounts) == 1:
        amount = amount_of(stated[0])
        where = f"文字所述公务用车购置费 {amount.value} {amount.unit.value}"
    else:
        cells = item_cells(doc, "car_purchase")
        values = {cell_amount(c) for _, _, _, c in cells if cell_amount(c).value > 0}
        if len(values) != 1:
            return
        amount = next(iter(values))
        where = f"{cells[0][0].name}公务用车购置费 {amount.value} {amount.unit.value}"
    if "机要" in kind:
        cap, what = ctx.params["confidential_car_cap"], "机要通信用车"
    elif "一般" in kind:
        cap, what = ctx.params["general_car_cap"], "一般公务用车"
    else:
        cap, what = ctx.params["any_car_cap"], "各类公务用车最高档"
    allowance = ctx.params["purchase_tax_allowance"]
    limit = cap * (1 + allowance)
    lowest = amount.interval(Unit.WAN).lo / count
    if lowest <= limit:
        return
    yield ctx.finding(
        f"{where}，购置{kind} {count} 辆，平均每辆至少 {fmt(lowest, 2)} 万元，超过{what}标准 {cap} 万元"
        f"（含车辆购置税上浮 {fmt(allowance * 100, 0)}% 为 {fmt(limit, 2)} 万元；依据：{ctx.params['caps_basis']}；"
        f"{ctx.params['tax_basis']}）",
        at=purchase,
        expected=fmt(limit, 2),
        actual=fmt(lowest, 2),
        key="car-price",
    )
