"""NC108: what a 决算 says of itself against its 预算 (大于/小于/等于, 完成预算的 X%) agrees with the two figures."""

from __future__ import annotations

from decimal import Decimal

from budgetrules.api import Amount, DocKind, Percent, RatioCheck, fmt, rule

from .facts import bound_claims, sangong_budget, stated, table_facts
from .figures import Figure, text_figure
from .judge import claim_key, elsewhere, interval_text, name_of
from .slips import truncated, truncated_text

_HUNDRED = Decimal(100)
_WORDS = {1: "大于", -1: "小于", 0: "等于"}


def _nearest(doc, claim, quantity) -> list[Figure]:
    """Stated figures of the claim's fact: in its group, else the nearest before it in its section."""
    group = [c for c in bound_claims(doc) if c.group == claim.group and c.group is not None]
    found = [text_figure(c) for c in stated(group, claim.subject, quantity) if isinstance(c.value, Amount)]
    if found:
        return found
    before = [c for c in bound_claims(doc) if c.section == claim.section and c.subject == claim.subject
              and c.scope == claim.scope and c.quantity == quantity and isinstance(c.value, Amount)
              and (c.source.line or 0) <= (claim.source.line or 0)]
    return [text_figure(before[-1])] if before else []


def _table_budget(doc, claim) -> list[Figure]:
    """The 预算数 a 决算's “三公” table prints beside its 决算数."""
    if not (claim.subject or "").startswith("sangong."):
        return []
    return [Figure(f.amount.value, f.amount.unit, f.amount.interval(), f.describe(), f.place, f.amount.places)
            for f in sangong_budget(doc, claim.subject)]


def _finals(doc, claim) -> list[Figure]:
    figures = _nearest(doc, claim, ("amount", "item"))
    figures += [Figure(f.amount.value, f.amount.unit, f.amount.interval(), f.describe(), f.place, f.amount.places)
                for f in table_facts(doc, claim.subject, claim.scope, claim.label) if not f.parts]
    return figures


def _budgets(doc, claim) -> list[Figure]:
    return _nearest(doc, claim, "budget") + _table_budget(doc, claim)


def _direction_holds(sign: int, final: Figure, budget: Figure) -> bool:
    """False only when the printed figures prove the stated direction wrong (rounding never does)."""
    f, b = final.interval_in(budget.unit), budget.interval
    if sign == 0:
        return f.meets(b)
    if sign > 0:
        return f.hi >= b.lo and not (f.hi < b.lo)
    return f.lo <= b.hi


@rule("NC108", "文字所述决算与预算的比较与所述金额一致", family="narrative", kinds=("决算",))
def final_versus_budget_agrees(doc, ctx):
    """In a 决算, what the text says of a figure against its budget agrees with the two figures it states:

    * ``决算数大于预算数`` / ``小于`` / ``等于`` / ``决算数与预算数持平`` — the direction, judged on the printed
      figures' intervals: only figures that prove the opposite are reported (``年初预算为 10.00 万元，支出决算为
      10.00 万元。决算数小于预算数`` is not, a difference below rounding may lie behind it; “基本持平” is never
      checked);
    * ``完成年初预算的 98.20%`` — 决算 ÷ 预算, compared on intervals like every share; a rate only cut instead of
      rounded is a warning that says so.

    The budget figure is the one the text states (``年初预算为 2993.92 万元``, bound to the same fact), or the
    预算数 the “三公” table prints beside its 决算数; the 决算 figure is the one stated (``支出决算为 2940.05 万元``)
    or the tables' amount of the fact. When several candidates exist, one agreeing combination is enough.

    Failing example::

        测试局 2024 年度部门决算
        第三部分 情况说明
        一、财政拨款“三公”经费支出决算情况说明
        “三公”经费财政拨款支出年初预算为 0.95 万元，支出决算为 1.20 万元，完成预算的 126.32%。决算数小于预算数的主要原因：当年度公务接待减少。

    Passing example::

        测试局 2024 年度部门决算
        第三部分 情况说明
        一、财政拨款“三公”经费支出决算情况说明
        “三公”经费财政拨款支出年初预算为 0.95 万元，支出决算为 0.80 万元，完成预算的 84.21%。决算数小于预算数的主要原因：当年度公务接待减少。
    """
    if doc.kind is not DocKind.FINAL:
        return
    for claim in bound_claims(doc):
        if not claim.subject or claim.quantity not in ("versus_budget", "completion"):
            continue
        finals, budgets = _finals(doc, claim), _budgets(doc, claim)
        if not finals or not budgets:
            continue
        if claim.quantity == "versus_budget":
            yield from _versus(ctx, claim, finals, budgets)
        elif isinstance(claim.value, Percent):
            yield from _completion(ctx, claim, finals, budgets)


def _versus(ctx, claim, finals, budgets):
    sign = claim.value
    pairs = [(f, b) for f in finals for b in budgets]
    if any(_direction_holds(sign, f, b) for f, b in pairs):
        return
    final, budget = pairs[0]
    actual = final.value_in(budget.unit) - budget.value
    truth = "大于" if actual > 0 else "小于" if actual < 0 else "等于"
    yield ctx.finding(
        f"{name_of(claim)}文字称决算数{_WORDS[sign]}预算数，但决算 {final.shown} {truth}预算 {budget.shown}"
        f"（差额 {fmt(actual, max(final.places, budget.places))}；决算：{final.desc}；预算：{budget.desc}）",
        at=claim,
        expected=f"决算数{truth}预算数",
        actual=f"决算数{_WORDS[sign]}预算数",
        related=elsewhere(claim, [final.place, budget.place]),
        key=claim_key(claim),
    )


def _completion(ctx, claim, finals, budgets):
    checks = []
    for final in finals:
        for budget in budgets:
            ratio = final.interval_in(budget.unit).divide(budget.interval)
            if ratio is None:
                return  # a budget of zero: no rate to compare
            check = RatioCheck(claim.value, ratio.scale(_HUNDRED))
            if check.consistent:
                return
            checks.append((check, final, budget))
    check, final, budget = checks[0]
    value = fmt(final.value_in(budget.unit) / budget.value * 100, 2)
    message = (f"{name_of(claim)}所述完成预算的 {claim.value}，按决算 {final.shown} ÷ 预算 {budget.shown} 计算为 "
               f"{value}%（决算：{final.desc}；预算：{budget.desc}）")
    severity = None
    assert check.computed is not None  # an inconsistent check has a computed rate
    if truncated(claim.value, check.computed):
        message, severity = f"{message}；{truncated_text(claim.value, check.computed.mid)}（{interval_text(check)}）", "warning"
    else:
        message = f"{message}；{interval_text(check)}"
    yield ctx.finding(
        message,
        at=claim,
        expected=f"{value}%",
        actual=claim.value,
        related=elsewhere(claim, [final.place, budget.place]),
        key=claim_key(claim),
        severity=severity,
    )
