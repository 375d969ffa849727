"""SG106: a delegation abroad larger than allowed."""

from __future__ import annotations

from decimal import Decimal

from budgetrules.api import fmt, rule

from .claims import clause_claims, count_of


@rule(
    "SG106",
    "因公出国（境）团组平均人数超过规定",
    family="sangong",
    severity="warning",
    params={
        "delegation_max_people": 6,
        "delegation_basis": "因公临时出国团组总人数不超过 6 人（中央规定，见教外厅〔2015〕1号转述）",
    },
)
def delegation_too_large(doc, ctx):
    """Where the text gives delegations abroad and people (``因公出国（境）团组 2 个、15 人次``), the average stays
    within ``delegation_max_people`` (6, the central rule for 因公临时出国 delegations).

    An average above the limit means at least one delegation was larger. Only the average is judged, so a
    single oversized delegation among small ones is not caught; a **warning**, as approved exceptions exist.

    Failing example::

        测试局 2024 年部门决算公开
        一、“三公”经费财政拨款支出决算情况说明
        因公出国（境）费 12.5 万元，全年安排因公出国（境）团组 2 个，共 15 人次，主要用于招商考察。

    Passing example::

        测试局 2024 年部门决算公开
        一、“三公”经费财政拨款支出决算情况说明
        因公出国（境）费 12.5 万元，全年安排因公出国（境）团组 2 个，共 10 人次，主要用于招商考察。
    """
    limit = ctx.params["delegation_max_people"]
    people_of = {c.group: count_of(c) for c in clause_claims(doc, "count", "sangong.abroad.people")}
    for delegations in clause_claims(doc, "count", "sangong.abroad.delegations"):
        groups, people = count_of(delegations), people_of.get(delegations.group)
        if people is None or groups <= 0 or people <= groups * limit:
            continue
        average = Decimal(people) / Decimal(groups)
        yield ctx.finding(
            f"因公出国（境）团组 {groups} 个、{people} 人次，平均每团 {fmt(average, 1)} 人，超过 {limit} 人"
            f"（依据：{ctx.params['delegation_basis']}）",
            at=delegations,
            expected=limit,
            actual=fmt(average, 1),
            key=f"delegation:{delegations.text}",
        )
