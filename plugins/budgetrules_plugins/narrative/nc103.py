"""NC103: a growth rate the text states equals change ÷ (current − change), or (current − previous) ÷ previous."""

from __future__ import annotations

from decimal import Decimal

from budgetrules.api import Amount, Percent, Place, RatioCheck, check_growth, check_ratio, fmt, rule

from .facts import bound_claims, group_claims, stated, table_facts
from .figures import amount_of, percent_of, unit_text
from .judge import claim_key, elsewhere, interval_text, name_of
from .slips import truncated, truncated_text

_HUNDRED = Decimal(100)


@rule("NC103", "文字所述增长率等于增减额除以上年数", family="narrative")
def stated_growth_equals_rate(doc, ctx):
    """A growth rate the text states (``比上年增加 49.26 万元，增长 14.87%``) equals the change divided by last
    year's amount, i.e. change ÷ (current − change), computed with
    :func:`budgetrules.core.compare.check_growth` on the printed numbers' intervals, so rounding never fails.

    The change and the current amount are the ones stated in the same sentence for the same fact (the
    ``group`` of the claims); when the sentence states no current amount, the table amounts of the fact
    stand in. A decrease (减少 … 下降 …) is a negative change and a negative rate. When the rate would pass
    computed on the current amount instead of last year's (4.7 ÷ 7.6 = 61.84% where 4.7 ÷ 2.9 = 162.07% is
    right), the message says so: that is the usual slip.

    When the text states last year's amount instead of the change (“2023 年当年预算执行数为 60.13 万元，2024 年预算
    安排 25.77 万元，比 2023 年预算执行数减少 57.14%”), the rate is (current − previous) ÷ previous.

    A rate that is only cut instead of rounded (−2.98% printed where −2.982…% is right is fine; 57.49% printed
    57.4% is cut) is a **warning** that says so; any other mismatch is an error.

    Last year zero: when the interval of last year's amount contains zero (a new item: “增加 737 万元，增长
    100%”), the rate is undefined and nothing is reported — many disclosures write 100% for a new item by
    convention, and there is no number to compare it with. Not reported either: a growth rate without a stated
    change (no base to compute from).

    Failing example::

        测试局 2021 年部门预算公开
        第三部分 情况说明
        一、其他重要事项的情况说明
        2021 年机关运行经费财政拨款预算 7.6 万元，比上年预算增加 4.7 万元，增长 61.84%。
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        302 | 01 | 办公费 | 7.60 | ∅ | 7.60
        ∅ | ∅ | 合计 | 7.60 | ∅ | 7.60

    Passing example::

        测试局 2021 年部门预算公开
        第三部分 情况说明
        一、其他重要事项的情况说明
        2021 年机关运行经费财政拨款预算 7.6 万元，比上年预算增加 4.7 万元，增长 162.07%。
        表六：一般公共预算基本支出情况表
        单位：万元
        经济分类科目编码 | ∅ | 经济分类科目名称 | 合计 | 人员经费 | 公用经费
        类 | 款 | ∅ | ∅ | ∅ | ∅
        302 | 01 | 办公费 | 7.60 | ∅ | 7.60
        ∅ | ∅ | 合计 | 7.60 | ∅ | 7.60
    """
    groups = group_claims(doc)
    for claim in bound_claims(doc):
        if claim.quantity != "growth" or not claim.subject or not isinstance(claim.value, Percent):
            continue
        group = groups.get(claim.group, [])
        # a stated change is what the rate is checked against; failing one, a stated figure of last year
        has_change = any(isinstance(c.value, Amount) for c in stated(group, claim.subject, "change"))
        result = _from_change(doc, claim, group) if has_change else _from_previous(doc, claim, group)
        if result is None:
            continue
        check, message, expected, related = result
        severity = None
        if truncated(claim.value, check.computed):
            message = f"{message}；{truncated_text(claim.value, check.computed.mid)}"
            severity = "warning"
        yield ctx.finding(
            f"{message}；{interval_text(check)}" if severity is None else message + f"（{interval_text(check)}）",
            at=claim,
            expected=expected,
            actual=claim.value,
            related=elsewhere(claim, related),
            key=claim_key(claim),
            severity=severity,
        )


def _from_change(doc, claim, group):
    """The rate against change ÷ (current − change); None when consistent, undefined or not computable."""
    changes = [c for c in stated(group, claim.subject, "change") if isinstance(c.value, Amount)]
    if not changes:
        return None
    currents: list[tuple[Amount, Place]] = [(amount_of(c), c) for c in stated(group, claim.subject)
                                             if isinstance(c.value, Amount)]
    if not currents:
        currents = [(f.amount, f.place) for f in table_facts(doc, claim.subject, claim.scope, claim.label)
                    if not f.parts]
    if not currents:
        return None
    checks = [(check_growth(percent_of(claim), cur, amount_of(chg), cur.unit), cur, amount_of(chg), place, chg)
              for cur, place in currents for chg in changes]
    if any(not c[0].defined for c in checks) or any(c[0].consistent for c in checks):
        return None
    check, current, change, current_place, change_claim = checks[0]
    base = current.in_unit(current.unit) - change.in_unit(current.unit)
    value = fmt(change.in_unit(current.unit) / base * 100, 2) if base or check.value is None else fmt(check.value, 2)
    hint = ""
    if check_ratio(percent_of(claim), change, current, current.unit).consistent:
        hint = f"；所述增长率与 {unit_text(change)} ÷ {unit_text(current)}（以本年数为基数）相符，疑似基数用错"
    unit = "" if current.unit.value == "万元" else current.unit.value
    message = (f"{name_of(claim)}所述增长率 {claim.value}，按增减额 {unit_text(change)} ÷ 上年数 "
               f"{fmt(base, max(current.places, change.places))}{unit}（{unit_text(current)} − {unit_text(change)}）"
               f"计算为 {value}%{hint}")
    return check, message, f"{value}%", [current_place, change_claim]


def _from_previous(doc, claim, group):
    """The rate against (current − previous) ÷ previous, previous stated, current stated or tabled; None when
    consistent or undefined."""
    previous = [c for c in stated(group, claim.subject, "previous") if isinstance(c.value, Amount)]
    currents: list[tuple[Amount, Place]] = [(amount_of(c), c) for c in stated(group, claim.subject)
                                             if isinstance(c.value, Amount)]
    currents += [(f.amount, f.place) for f in table_facts(doc, claim.subject, claim.scope, claim.label)
                 if not f.parts]
    if not previous or not currents:
        return None
    checks = []
    for cur, place in currents:
        for prev in previous:
            ratio = cur.interval(amount_of(prev).unit).divide(amount_of(prev).interval())
            if ratio is None:
                return None  # last year zero: the rate is undefined ("增长 100%" for a new item is a convention)
            rate = ratio.scale(_HUNDRED)
            check = RatioCheck(percent_of(claim), type(rate)(rate.lo - _HUNDRED, rate.hi - _HUNDRED))
            if check.consistent:
                return None
            checks.append((check, cur, place, prev))
    check, cur, place, prev = checks[0]
    value = fmt((cur.in_unit(amount_of(prev).unit) / amount_of(prev).value - 1) * 100, 2)
    message = (f"{name_of(claim)}所述增长率 {claim.value}，按（本年数 {unit_text(cur)} − 上年数 "
               f"{unit_text(amount_of(prev))}）÷ 上年数计算为 {value}%")
    return check, message, f"{value}%", [place, prev]
