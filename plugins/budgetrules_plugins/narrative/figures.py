"""The figures a stated share, rate or comparison is computed from: stated in the text, printed in a table, or
the sum of the parts a sentence lists.

A :class:`Figure` is one candidate value of a fact with its interval in its own unit and a description for
messages. Rules try every candidate (text and tables may disagree; NC101 reports that once) and report only
when none agrees.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

import attrs

from budgetrules.api import (
    Amount,
    Claim,
    Document,
    Interval,
    Percent,
    Unit,
    fmt,
    per_document,
    subjects,
    sum_intervals,
)

from .facts import bound_claims, stated, table_facts

__all__ = ["Figure", "text_figure", "table_figures", "part_sum_figure", "unit_text", "share_interval"]


@attrs.frozen
class Figure:
    """A candidate value: ``value`` in ``unit`` (for messages), ``interval`` in the same unit, where from."""

    value: Decimal
    unit: Unit
    interval: Interval
    desc: str
    place: object = None
    places: int = 2
    #: for a whole that is a sum of stated parts: each part's subject and interval (in ``unit``), so that a
    #: part's share of it is computed without counting that part's rounding twice
    components: tuple[tuple[str, Interval], ...] = ()

    def interval_in(self, unit: Unit) -> Interval:
        return self.interval if unit is self.unit else self.interval.scale(self.unit.factor / unit.factor)

    def value_in(self, unit: Unit) -> Decimal:
        return self.value if unit is self.unit else self.value * self.unit.factor / unit.factor

    @property
    def shown(self) -> str:
        """The value as printed, with its unit when it is not 万元 (``156211123元``)."""
        return f"{fmt(self.value, self.places)}{'' if self.unit is Unit.WAN else self.unit.value}"


def unit_text(amount: Amount) -> str:
    """``380.5`` for 万元, ``3,805,000元`` style (no separators) for other units: how messages show an amount."""
    return f"{amount.value}" if amount.unit is Unit.WAN else f"{amount.value}{amount.unit.value}"


def _of_amount(amount: Amount, desc: str, place) -> Figure:
    return Figure(amount.value, amount.unit, amount.interval(), desc, place, amount.places)


def amount_of(claim: Claim) -> Amount:
    """The amount a claim states, for a claim chosen because it states one (``isinstance(c.value, Amount)``)."""
    assert isinstance(claim.value, Amount), claim
    return claim.value


def percent_of(claim: Claim) -> Percent:
    """The percentage a claim states, for a claim chosen because it states one."""
    assert isinstance(claim.value, Percent), claim
    return claim.value


def text_figure(claim: Claim) -> Figure:
    return _of_amount(amount_of(claim), f"文字所述 {unit_text(amount_of(claim))}", claim)


def table_figures(doc: Document, subject: str, scope: str | None, label: str | None = None) -> list[Figure]:
    return list(_table_figures(doc, subject, scope, label))


@per_document
def _table_figures(doc: Document, subject: str, scope: str | None, label: str | None) -> tuple[Figure, ...]:
    return tuple(_of_amount(f.amount, f.describe(), f.place) for f in table_facts(doc, subject, scope, label)
                 if not f.parts)


def part_sum_figure(doc: Document, claim: Claim, whole: str, holds=None) -> Figure | None:
    """The whole as the sum of its parts stated in the claim's section, when they make up all of it.

    "因公出国（境）费 110 万元，占“三公”经费的 18.85%；公务用车购置及运行费 317.8 万元 …；公务接待费 156.55 万元 …"
    states the 三公 total as 110 + 317.8 + 156.55 even where no sentence and no table states it. Only a complete
    partition of the whole counts (:func:`budgetrules.core.subjects.complete`), one figure per part, all parts
    of the dimension the claim's subject divides the whole by; ``holds(doc, whole, claims)`` may veto it (the
    expense partitions hold only where the tables show no other spending).
    """
    found: dict[str, Claim] = {}
    for c in bound_claims(doc):
        if (c.section == claim.section and c.quantity in ("amount", "item") and isinstance(c.value, Amount)
                and c.subject is not None and subjects.is_part(c.subject, whole) and c.subject not in found):
            found[c.subject] = c
    if claim.subject is None or claim.subject not in found:
        return None
    wanted = subjects.dimension(claim.subject)
    parts = [c for s, c in found.items() if subjects.dimension(s) == wanted
             and not any(subjects.is_part(s, o) for o in found if o != s)]
    named = {s for s, c in found.items() if c in parts}
    if not subjects.complete(whole, named) or (holds is not None and not holds(doc, whole, parts)):
        return None
    amounts = [amount_of(c) for c in parts]
    unit = amounts[0].unit
    interval = sum_intervals(a.interval(unit) for a in amounts)
    value = sum((a.in_unit(unit) for a in amounts), Decimal(0))
    places = max(a.places for a in amounts)
    terms = " + ".join(str(a.value) for a in amounts)
    components = tuple((s, amount_of(c).interval(unit)) for s, c in found.items() if c in parts)
    return Figure(value, unit, interval, f"文字所列各部分之和 {fmt(value, places)}（{terms}）", None, places,
                  components)


def share_interval(part: Figure, whole: Figure, subject: str | None) -> Interval | None:
    """The interval of ``part ÷ whole`` (not in percent); None when the whole may be zero.

    When the whole is the sum of stated parts and one of them is this part's fact, the ratio is p ÷ (p + rest)
    with p and the rest independent: dividing p's interval by the sum's would let p's rounding count twice.
    """
    p = part.interval_in(whole.unit)
    others = [iv for s, iv in whole.components if s != subject]
    if whole.components and len(others) < len(whole.components) and p.lo >= 0:
        rest = sum_intervals(others)
        if rest.lo < 0 or p.lo + rest.lo <= 0:
            return None
        return Interval(p.lo / (p.lo + rest.hi), p.hi / (p.hi + rest.lo))
    return p.divide(whole.interval)


def stated_figures(claims: Iterable[Claim], subject: str, quantity=("amount", "item")) -> list[Figure]:
    return [text_figure(c) for c in stated(claims, subject, quantity) if isinstance(c.value, Amount)]
