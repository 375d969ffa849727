"""SG107: 会议费 / 培训费 per person-day above the 综合定额."""

from __future__ import annotations

from decimal import Decimal

from budgetrules.api import Unit, fmt, rule

from .claims import amount_of, clause_claims, count_of


@rule(
    "SG107",
    "会议费、培训费按人天计算超过综合定额",
    family="sangong",
    severity="warning",
    params={
        "meeting_cap": Decimal("760"),
        "meeting_basis": "财行〔2016〕214号《中央和国家机关会议费管理办法》：一类会议综合定额 760 元/人天（二类 650，三、四类 550）",
        "check_training": False,
        "training_cap": Decimal("760"),
        "training_basis": "财行〔2016〕540号《中央和国家机关培训费管理办法》：一类培训综合定额 760 元/人天（二类 650，三类 550），不含师资费",
    },
)
def per_person_day_above_quota(doc, ctx):
    """Where a sentence gives 会议费 (or 培训费) with the people and days, the cost per person-day is within the
    综合定额.

    The 综合定额 (元 per person-day) are parameters: ``meeting_cap`` (760, the highest class of
    财行〔2016〕214号) and ``training_cap`` (760, 财行〔2016〕540号). Provinces set lower figures: override them in
    the ruleset, with the basis. A sentence with ``X 万元`` and ``M 人(次)`` and ``D 天`` gives at most M × D
    person-days (whether D is the length of each meeting or all of them), so X ÷ (M × D) is the lowest cost per
    person-day the text allows; ``K 人天`` is taken as it is. Only a lowest cost above the quota is reported.

    培训费 is checked only with ``check_training = true``: its 综合定额 excludes 师资费, which the 培训费 a
    disclosure prints usually includes. A sentence naming both 会议费 and 培训费 is skipped (which figure goes with
    which count cannot be told).

    Failing example::

        测试局 2024 年部门决算公开
        一、其他重要事项的情况说明
        2024 年会议费支出 3.6 万元，召开会议 2 次，参会 40 人次，会期 1 天。

    Passing example::

        测试局 2024 年部门决算公开
        一、其他重要事项的情况说明
        2024 年会议费支出 1.2 万元，召开会议 2 次，参会 40 人次，会期 1 天。
    """
    kinds = [("会议费", "meetings", ctx.params["meeting_cap"], ctx.params["meeting_basis"])]
    if ctx.params["check_training"]:
        kinds.append(("培训费", "training", ctx.params["training_cap"], ctx.params["training_basis"]))
    for word, prefix, cap, basis in kinds:
        counts: dict[int | None, dict[str, int]] = {}
        for c in clause_claims(doc, "count"):
            if (c.subject or "").startswith(prefix + "."):
                counts.setdefault(c.group, {})[(c.subject or "").split(".", 1)[1]] = count_of(c)
        for cost in clause_claims(doc, "amount", f"{prefix}.cost"):
            amount, stated = amount_of(cost), counts.get(cost.group, {})
            if "person_days" in stated:
                person_days = stated["person_days"]
                how = f"{person_days} 人天"
            else:
                person_days = stated["people"] * stated["days"]
                how = f"{stated['people']} 人次 × {stated['days']} 天 = {person_days} 人天（至多）"
            if person_days <= 0:
                continue
            lowest = amount.interval(Unit.YUAN).lo / person_days
            if lowest <= cap:
                continue
            yield ctx.finding(
                f"{word} {amount.value} {amount.unit.value}，{how}，每人每天至少 {fmt(lowest, 2)} 元，超过综合定额 {cap} 元"
                f"（依据：{basis}）",
                at=cost,
                expected=str(cap),
                actual=fmt(lowest, 2),
                key=f"{word}:{cost.text[:30]}",
            )
