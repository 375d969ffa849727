"""NC103: a growth rate the text states equals change ÷ (current − change)."""

from __future__ import annotations

from budgetrules.amounts import Amount, Percent
from budgetrules.compare import check_growth, check_ratio, fmt
from budgetrules.rules import rule

from .common import claim_key, elsewhere, interval_text, name_of
from .facts import group_claims, stated, table_facts


@rule("NC103", "文字所述增长率等于增减额除以上年数", family="narrative")
def stated_growth_equals_rate(doc, ctx):
    """A growth rate the text states (``比上年增加 49.26 万元，增长 14.87%``) equals the change divided by last
    year's amount, i.e. change ÷ (current − change), computed with
    :func:`budgetrules.compare.check_growth` on the printed numbers' intervals, so rounding never fails.

    The change and the current amount are the ones stated in the same sentence for the same fact (the
    ``group`` of the claims); when the sentence states no current amount, the table amounts of the fact
    stand in. A decrease (减少 … 下降 …) is a negative change and a negative rate. When the rate would pass
    computed on the current amount instead of last year's (4.7 ÷ 7.6 = 61.84% where 4.7 ÷ 2.9 = 162.07% is
    right), the message says so: that is the usual slip.

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
    for claim in doc.claims:
        if claim.quantity != "growth" or not claim.subject or not isinstance(claim.value, Percent):
            continue
        group = groups.get(claim.group, [])
        changes = [c for c in stated(group, claim.subject, "change") if isinstance(c.value, Amount)]
        if not changes:
            continue
        currents = [(c.value, c) for c in stated(group, claim.subject) if isinstance(c.value, Amount)]
        if not currents:
            currents = [(f.amount, f.place) for f in table_facts(doc, claim.subject, claim.scope, claim.label)
                        if not f.parts]
        if not currents:
            continue
        checks = [(check_growth(claim.value, cur, chg.value, cur.unit), cur, chg.value, place, chg)
                  for cur, place in currents for chg in changes]
        if any(not c[0].defined for c in checks) or any(c[0].consistent for c in checks):
            continue
        check, current, change, current_place, change_claim = checks[0]
        base = current.in_unit(current.unit) - change.in_unit(current.unit)
        value = fmt(change.in_unit(current.unit) / base * 100, 2) if base else fmt(check.value, 2)
        hint = ""
        if check_ratio(claim.value, change, current, current.unit).consistent:
            hint = f"；所述增长率与 {change.value} ÷ {current.value}（以本年数为基数）相符，疑似基数用错"
        yield ctx.finding(
            f"{name_of(claim)}所述增长率 {claim.value}，按增减额 {change.value} ÷ 上年数 {fmt(base, max(current.places, change.places))}"
            f"（{current.value} − {change.value}）计算为 {value}%；{interval_text(check)}{hint}",
            at=claim,
            expected=f"{value}%",
            actual=claim.value,
            related=elsewhere(claim, [current_place, change_claim]),
            key=claim_key(claim),
        )
