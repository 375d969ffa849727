"""Changes of the 三公 items stated without a reason (shared by SG101 and SG102)."""

from __future__ import annotations

from typing import Iterator

from budgetrules.api import Amount

from .text import Statement, general_reason, run_keys, statements

PARTS = ("abroad", "car", "car_purchase", "car_running", "reception")
#: The items each item sums, and the items each item is part of.
CHILDREN = {"total": PARTS, "car": ("car_purchase", "car_running")}
PARENTS = {"abroad": ("total",), "reception": ("total",), "car": ("total",),
           "car_purchase": ("car", "total"), "car_running": ("car", "total")}


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

    A group is a run of the 三公 explanation (:func:`.text.sangong_runs`: its section with the sub-sections, or the
    paragraphs read together after a 三公 paragraph), else the paragraph. Within a group:

    * a sentence giving a reason without naming an item or a number ("减少的主要原因是……") covers every change;
    * a change of the total (or of 公务用车购置及运行费) counts as explained when every item it sums whose change
      the group states (at least one) has its reason;
    * a change of an item counts as explained when the change of an item it is part of has a reason;
    * a change and its rate stated together share a reason.
    """
    found = [s for s in statements(doc) if s.quantity in ("change", "growth")]
    runs = run_keys(doc)

    def key_of(s: Statement) -> int:
        return runs.get(id(s.paragraph), id(s.paragraph))

    groups: dict[int, list[Statement]] = {}
    for s in found:
        groups.setdefault(key_of(s), []).append(s)
    general: dict[int, bool] = {}
    for key, group in groups.items():
        general[key] = any(general_reason(p) for p in {id(s.paragraph): s.paragraph for s in group}.values())
    for s in found:
        if direction(s) != sign or s.reason:
            continue
        key = key_of(s)
        group = groups[key]
        if general[key]:
            continue
        if s.item in CHILDREN:
            parts = [p for p in group if p.item in CHILDREN[s.item] and direction(p) != 0]
            if parts and all(p.reason for p in parts):
                continue
        if any(t.item in PARENTS.get(s.item, ()) and t.reason and direction(t) != 0 for t in group):
            continue
        if any(o is not s and o.item == s.item and o.segment == s.segment and o.reason for o in group):
            continue
        yield s
