"""NC109: a change the text states (增加/减少 X, 持平) equals this year's figure minus last year's it states."""

from __future__ import annotations

from budgetrules.api import Amount, fmt, rule

from .facts import bound_claims, group_claims, stated, table_facts
from .figures import Figure, text_figure
from .judge import claim_key, elsewhere, name_of


def _currents(doc, claim, group) -> list[Figure]:
    figures = [text_figure(c) for c in stated(group, claim.subject) if isinstance(c.value, Amount)]
    figures += [Figure(f.amount.value, f.amount.unit, f.amount.interval(), f.describe(), f.place, f.amount.places)
                for f in table_facts(doc, claim.subject, claim.scope, claim.label) if not f.parts]
    return figures


@rule("NC109", "文字所述增减额等于本年数减上年数", family="narrative")
def stated_change_equals_difference(doc, ctx):
    """Where the text states both last year's figure and this year's, the change it states is their difference:
    ``2023 年当年预算执行数为 10.00 万元，2024 年预算安排 10.00 万元，比 2023 年预算执行数持平`` (持平 is a change of
    zero), ``上年预算数为 331.24 万元 … 比上年增加 49.26 万元``.

    The figures are the ones bound to the same fact in the same sentence or numbered entry (the claims'
    ``group``): last year's as a ``previous`` claim, this year's as stated or, failing that, as the tables print
    it. The difference is computed on the printed figures' intervals (two figures to 0.01 万元 differ by a
    change known to ±0.01), so rounding never fails; a figure that contradicts the tables is NC101's to report,
    and a change consistent with any candidate figure passes.

    Not reported: a change without a stated figure of last year (no base in the document; ``--previous`` rules
    compare with last year's disclosure), a growth rate (NC103).

    Failing example::

        测试局 2024 年部门预算公开
        第三部分 情况说明
        一、部门预算编制说明
        1. 基本支出 380.50 万元，主要用于人员工资。2023 年当年预算执行数为 331.24 万元，2024 年预算安排 380.50 万元，比 2023 年预算执行数增加 59.26 万元。
        2. 项目支出 10.00 万元，主要用于科普活动。2023 年当年预算执行数为 12.00 万元，2024 年预算安排 10.00 万元，比 2023 年预算执行数持平。

    Passing example::

        测试局 2024 年部门预算公开
        第三部分 情况说明
        一、部门预算编制说明
        1. 基本支出 380.50 万元，主要用于人员工资。2023 年当年预算执行数为 331.24 万元，2024 年预算安排 380.50 万元，比 2023 年预算执行数增加 49.26 万元。
        2. 项目支出 10.00 万元，主要用于科普活动。2023 年当年预算执行数为 10.00 万元，2024 年预算安排 10.00 万元，比 2023 年预算执行数持平。
    """
    groups = group_claims(doc)
    for claim in bound_claims(doc):
        if claim.quantity != "change" or not claim.subject or not isinstance(claim.value, Amount):
            continue
        group = groups.get(claim.group, [])
        previous = [text_figure(c) for c in stated(group, claim.subject, "previous") if isinstance(c.value, Amount)]
        currents = _currents(doc, claim, group)
        if not previous or not currents:
            continue
        unit = previous[0].unit
        change = claim.value.interval(unit)
        pairs = [(cur, prev) for cur in currents for prev in previous]
        if any(change.meets(cur.interval_in(unit) - prev.interval_in(unit)) for cur, prev in pairs):
            continue
        cur, prev = pairs[0]
        places = max(cur.places, prev.places, claim.value.places)
        difference = cur.value_in(unit) - prev.value_in(unit)
        verb = "持平" if claim.value.value == 0 else ("增加" if claim.value.value > 0 else "减少")
        stated_text = "持平" if verb == "持平" else f"{verb} {abs(claim.value.value)}{claim.value.unit.value}"
        yield ctx.finding(
            f"{name_of(claim)}文字称比上年{stated_text}，但本年数 {cur.shown} 减上年数 {prev.shown} 为 "
            f"{fmt(difference, places)}{'' if unit.value == '万元' else unit.value}"
            f"（本年：{cur.desc}；上年：{prev.desc}）",
            at=claim,
            expected=fmt(difference, places),
            actual=claim.value,
            related=elsewhere(claim, [cur.place, prev.place]),
            key=claim_key(claim),
        )
