"""Helpers shared by the narrative rules: naming claims in messages and judging them against the tables."""

from __future__ import annotations

from budgetrules.api import Amount, Claim, Document, check_equal

from .facts import TableFact, table_facts

__all__ = ["name_of", "value_text", "contradicted", "claim_key", "elsewhere", "agrees", "interval_text",
           "point_ratio", "SCOPE_WORDS", "explain_in"]

SCOPE_WORDS = {"all": "", "fiscal": "财政拨款", "gpb": "一般公共预算", "gov_fund": "政府性基金", "soe": "国有资本经营"}


def name_of(claim: Claim) -> str:
    """How a message names the claim's fact: the words the text used, e.g. “节能环保支出（211 类）”."""
    label = (claim.label or claim.subject or "").strip()
    return f"“{label}”"


def value_text(value) -> str:
    if isinstance(value, Amount):
        return value.display()
    return str(value)


def claim_key(claim: Claim) -> str:
    return f"{claim.subject}|{claim.quantity}|{claim.label or ''}"


def elsewhere(claim: Claim, places) -> list:
    """The places worth naming besides the claim: table cells, and claims on other lines."""
    out = []
    for place in places:
        if isinstance(place, Claim) and place.source.line == claim.source.line:
            continue
        if place is not None and place not in out:
            out.append(place)
    return out


def contradicted(doc: Document, claim: Claim) -> bool:
    """True when the tables state the claim's fact and none of them agrees with the stated amount.

    Used so that one wrong number is reported once (by NC101/NC105), not again by every rule that uses it.
    """
    if claim.subject is None or not isinstance(claim.value, Amount) or claim.quantity not in ("amount", "item"):
        return False
    facts = table_facts(doc, claim.subject, claim.scope, claim.label)
    return bool(facts) and not agrees(claim.value, facts)


def agrees(value: Amount, facts: list[TableFact]) -> bool:
    """True when ``value`` equals at least one of the facts (a derived sum is compared as a sum)."""
    from budgetrules.api import check_sum

    for f in facts:
        if f.parts:
            if check_sum(value, f.parts, f.amount.unit).consistent:
                return True
        elif check_equal(value, f.amount, f.amount.unit).consistent:
            return True
    return False


def interval_text(check) -> str:
    """``舍入区间 [155.000, 169.643]%，所述 61.84% 的区间为 [61.835, 61.845]%`` for a RatioCheck."""
    stated = check.stated
    return (f"按印刷数的舍入区间计算为 {check.computed.format(2)}%，"
            f"所述 {stated} 的区间为 {stated.interval().format(max(stated.places, 1))}%，两者不相交")


def point_ratio(part: Amount, whole: Amount):
    """part ÷ whole × 100 from the printed values (for messages), None when whole is zero."""
    w = whole.in_unit(part.unit)
    if w == 0:
        return None
    return part.value / w * 100


def explain_in(check) -> str:
    """``差额 23201 元，允许舍入误差 ±50.5 元`` for an EqualCheck or SumCheck, naming the unit unless it is 万元."""
    text = check.explain()
    unit = check.unit.value
    if unit == "万元":
        return text
    import re

    return re.sub(r"(-?±?\d+(?:\.\d+)?)(?=，|$)", lambda m: m.group(1) + unit, text)
