"""Changes of the 三公 items stated without a reason (shared by SG101 and SG102)."""

from __future__ import annotations

from typing import Iterator

from budgetrules.amounts import Amount

from .text import Statement, statements

PARTS = ("abroad", "car", "car_purchase", "car_running", "reception")


def direction(s: Statement) -> int:
    value = s.value.value
    return (value > 0) - (value < 0)


def describe(s: Statement) -> str:
    versus = "比上年" if s.versus == "上年" else "比预算" if s.versus == "预算" else ""
    verb = "增加" if direction(s) > 0 else "减少"
    if s.quantity == "growth":
        verb = "增长" if direction(s) > 0 else "下降"
        return f"{s.name}{versus}{verb} {abs(s.value.value)}%"
    unit = s.value.unit.value if isinstance(s.value, Amount) else ""
    return f"{s.name}{versus}{verb} {abs(s.value.value)} {unit}"


def unexplained(doc, sign: int) -> Iterator[Statement]:
    """Changes in direction ``sign`` (1 rise, -1 fall) with no reason, after group-level reasons are counted.

    A change of the total counts as explained when every item whose change the same paragraph states (at least
    one) has its reason; a change of an item counts as explained when the total's change in the same paragraph
    has a reason (the reason then covers the items it sums).
    """
    found = [s for s in statements(doc) if s.quantity in ("change", "growth")]
    by_paragraph: dict[int, list[Statement]] = {}
    for s in found:
        by_paragraph.setdefault(id(s.paragraph), []).append(s)
    for s in found:
        if direction(s) != sign or s.reason:
            continue
        group = by_paragraph[id(s.paragraph)]
        if s.item == "total":
            parts = [p for p in group if p.item in PARTS and direction(p) != 0]
            if parts and all(p.reason for p in parts):
                continue
        elif any(t.item == "total" and t.reason and direction(t) != 0 for t in group):
            continue
        # a change and its rate stated for one item in one segment: the rate's reason covers the amount
        if any(o is not s and o.item == s.item and o.segment == s.segment and o.reason for o in group):
            continue
        yield s
