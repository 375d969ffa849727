"""SG109: a rise of a “三公” item against last year's disclosure that the text does not explain."""

from __future__ import annotations

from budgetrules.api import Unit, fmt, rule

from .changes import PARENTS
from .claims import clause_claims, direction, item, statements
from .tables import item_cells

ITEMS = {
    "total": "“三公”经费合计",
    "abroad": "因公出国（境）费",
    "car_purchase": "公务用车购置费",
    "car_running": "公务用车运行维护费",
    "reception": "公务接待费",
}


def _amount(doc, key):
    """The first printed amount of ``key`` (the 决算数 in a 决算, never the 预算数 column) and where it is."""
    for table, row, k, cell in item_cells(doc, key):
        if not k.startswith("budget:"):
            return table, row, k, cell.amount
    return None


@rule(
    "SG109",
    "与上年公开文件相比“三公”经费增加但未说明原因",
    family="sangong",
    params={"basis": "中央八项规定；《党政机关厉行节约反对浪费条例》（“三公”经费只减不增）；财预〔2016〕143号（说明增减变化原因）"},
)
def rise_against_previous_year(doc, ctx):
    """When last year's disclosure of the department is given (``budgetrules check FILE --previous PREV``),
    each “三公” item of this year's 三公 table that is above last year's is explained in the text.

    “三公”经费 are to fall, not rise (“只减不增”), and every change must be explained (财预〔2016〕143号).
    The two tables are compared item by item (合计, 因公出国（境）费, 公务用车购置费, 公务用车运行维护费,
    公务接待费) as intervals: a rise is only one that rounding cannot explain. A rise is reported unless the
    三公 explanation states a rise of that item (or of the total or 公务用车购置及运行费 it belongs to) with a
    reason, or gives a general reason. A rise the text states without a reason is SG101's finding, not this
    rule's. Nothing is checked when no previous document is given, or when it is not the same kind of
    document (预算/决算) for the year before.

    Failing example::

        测试局 2022 年部门预算公开
        表八：一般公共预算“三公”经费支出情况表
        单位：万元
        合计 | 因公出国（境）费 | 公务用车购置及运行费 | ∅ | ∅ | 公务接待费
        ∅ | ∅ | 合计 | 公务用车购置费 | 公务用车运行费 | ∅
        2.50 | 0.00 | 1.50 | 0.00 | 1.50 | 1.00
        一、关于 2022 年一般公共预算“三公”经费预算情况说明
        2022 年“三公”经费预算 2.50 万元。
        === 上年文件 ===
        测试局 2021 年部门预算公开
        表八：一般公共预算“三公”经费支出情况表
        单位：万元
        合计 | 因公出国（境）费 | 公务用车购置及运行费 | ∅ | ∅ | 公务接待费
        ∅ | ∅ | 合计 | 公务用车购置费 | 公务用车运行费 | ∅
        2.00 | 0.00 | 1.50 | 0.00 | 1.50 | 0.50

    Passing example::

        测试局 2022 年部门预算公开
        表八：一般公共预算“三公”经费支出情况表
        单位：万元
        合计 | 因公出国（境）费 | 公务用车购置及运行费 | ∅ | ∅ | 公务接待费
        ∅ | ∅ | 合计 | 公务用车购置费 | 公务用车运行费 | ∅
        2.50 | 0.00 | 1.50 | 0.00 | 1.50 | 1.00
        一、关于 2022 年一般公共预算“三公”经费预算情况说明
        2022 年“三公”经费预算 2.50 万元，比上年增加 0.50 万元，其中：公务接待费增加 0.50 万元，主要原因是承办全区现场会。
        === 上年文件 ===
        测试局 2021 年部门预算公开
        表八：一般公共预算“三公”经费支出情况表
        单位：万元
        合计 | 因公出国（境）费 | 公务用车购置及运行费 | ∅ | ∅ | 公务接待费
        ∅ | ∅ | 合计 | 公务用车购置费 | 公务用车运行费 | ∅
        2.00 | 0.00 | 1.50 | 0.00 | 1.50 | 0.50
    """
    previous = ctx.previous
    if previous is None or previous.kind != doc.kind:
        return
    if doc.year is not None and previous.year is not None and previous.year != doc.year - 1:
        return
    stated = [s for s in statements(doc) if s.quantity in ("change", "growth") and direction(s) > 0]
    if clause_claims(doc, "reason"):
        return  # a reason given for the whole explanation
    basis = ctx.params.get("basis") or ""
    for key, name in ITEMS.items():
        now, before = _amount(doc, key), _amount(previous, key)
        if now is None or before is None:
            continue
        table, row, column, amount = now
        prev_table, prev_row, prev_column, prev_amount = before
        if amount.interval(Unit.WAN).lo <= prev_amount.interval(Unit.WAN).hi:
            continue  # no rise beyond rounding
        covering = {key, *PARENTS.get(key, ())}
        mentioned = [s for s in stated if item(s) in covering]
        if any(s.reason for s in mentioned) or any(item(s) == key for s in mentioned):
            continue  # explained, or stated without reason (SG101 reports that)
        rise = amount.in_unit(Unit.WAN) - prev_amount.in_unit(Unit.WAN)
        yield ctx.finding(
            f"{name} {amount.display()} 比上年公开文件的 {prev_amount.display()} 增加 {fmt(rise, 2)} 万元，"
            f"但情况说明未说明增加原因（“三公”经费应只减不增，增减变化须说明原因；依据：{basis}）",
            at=(table, row, column),
            expected=prev_amount,
            actual=amount,
            related=[(prev_table, prev_row, prev_column)],
        )
