"""Changes of the 三公 items stated without a reason (shared by SG101 and SG102)."""

from __future__ import annotations

from typing import Iterator

from budgetrules.api import Amount, Claim, Document

from .claims import NAMES, clause_claims, direction, item, statements

PARTS = ("abroad", "car", "car_purchase", "car_running", "reception")
#: The items each item sums, and the items each item is part of.
CHILDREN = {"total": PARTS, "car": ("car_purchase", "car_running")}
PARENTS = {"abroad": ("total",), "reception": ("total",), "car": ("total",),
           "car_purchase": ("car", "total"), "car_running": ("car", "total")}


def describe(s: Claim) -> str:
    versus = "比上年" if s.against == "previous" else "比预算" if s.against == "budget" else ""
    verb = "增加" if direction(s) > 0 else "减少"
    value = s.value.value if not isinstance(s.value, int) else s.value
    if s.quantity == "growth":
        verb = "增长" if direction(s) > 0 else "下降"
        return f"{NAMES[item(s)]}{versus}{verb} {abs(value)}%"
    unit = s.value.unit.value if isinstance(s.value, Amount) else ""
    return f"{NAMES[item(s)]}{versus}{verb} {abs(value)} {unit}"


def unexplained(doc: Document, sign: int) -> Iterator[Claim]:
    """Changes in direction ``sign`` (1 rise, -1 fall) with no reason, after group-level reasons are counted.

    A group is a run of the 三公 explanation (the claims' ``group``: its section with the sub-sections, or the
    paragraphs read together after a 三公 paragraph). Within a group:

    * a sentence giving a reason without naming an item or a number ("减少的主要原因是……", a ``reason`` claim)
      in a paragraph that states a change covers every change;
    * a change of the total (or of 公务用车购置及运行费) counts as explained when every item it sums whose change
      the group states (at least one) has its reason;
    * a change of an item counts as explained when the change of an item it is part of has a reason;
    * a change and its rate stated together share a reason.
    """
    found = [s for s in statements(doc) if s.quantity in ("change", "growth")]
    groups: dict[int | None, list[Claim]] = {}
    for s in found:
        groups.setdefault(s.group, []).append(s)
    reasons = clause_claims(doc, "reason")
    general = {key: any(r.group == key and r.source in {s.source for s in group} for r in reasons)
               for key, group in groups.items()}
    for s in found:
        if direction(s) != sign or s.reason:
            continue
        group = groups[s.group]
        if general[s.group]:
            continue
        if item(s) in CHILDREN:
            parts = [p for p in group if item(p) in CHILDREN[item(s)] and direction(p) != 0]
            if parts and all(p.reason for p in parts):
                continue
        if any(item(t) in PARENTS.get(item(s), ()) and t.reason and direction(t) != 0 for t in group):
            continue
        if any(o is not s and o.subject == s.subject and o.text == s.text and o.reason for o in group):
            continue
        yield s
