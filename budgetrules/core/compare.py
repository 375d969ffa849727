"""Rounding-aware comparison of printed numbers: the one mechanism every consistency rule uses.

Each printed value is the interval of numbers that round to it (:mod:`budgetrules.core.amounts`). Following XBRL
Calculations 1.1 (round-to-nearest), a total and the sum of its items are *consistent* when the total's
interval meets the endpoint-wise sum of the items' intervals; two statements of one quantity are consistent
when their intervals meet; a stated percentage is consistent when its interval meets the interval of the
ratio computed from the intervals of part and whole. Amounts in different units (元/万元) are converted to
the unit of the reference value first.

The result objects carry everything a message needs: the computed value, both intervals and the tolerance,
formatted by :meth:`SumCheck.explain` and friends, e.g. ``允许舍入误差 ±0.015``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Sequence

import attrs

from budgetrules.core.amounts import Amount, Interval, Percent, Unit, _half_unit, sum_intervals

__all__ = ["SumCheck", "EqualCheck", "RatioCheck", "check_sum", "check_equal", "check_ratio", "check_growth",
           "fmt", "ZERO"]

ZERO = Amount(Decimal(0), 0)
_HUNDRED = Decimal(100)


def fmt(value: Decimal, places: int = 2) -> str:
    """A Decimal for a message: fixed ``places`` decimals, no exponent."""
    q = Decimal(1).scaleb(-places)
    return f"{value.quantize(q):f}"


def _places(amounts: Sequence[Amount]) -> int:
    return max([a.places for a in amounts] + [0])


@attrs.frozen
class SumCheck:
    """``total`` against ``Σ items``: ``consistent`` unless the two intervals are disjoint."""

    total: Amount
    items: tuple[Amount, ...]
    unit: Unit
    total_interval: Interval
    sum_interval: Interval
    computed: Decimal

    @property
    def consistent(self) -> bool:
        return self.total_interval.meets(self.sum_interval)

    @property
    def tolerance(self) -> Decimal:
        return self.total_interval.radius + self.sum_interval.radius

    @property
    def difference(self) -> Decimal:
        return self.total.in_unit(self.unit) - self.computed

    @property
    def places(self) -> int:
        return _places([self.total, *self.items])

    def explain(self) -> str:
        """``差额 95.00，允许舍入误差 ±0.015``."""
        p = self.places
        return f"差额 {fmt(self.difference, p)}，允许舍入误差 ±{fmt(self.tolerance, p + 1)}"

    def terms(self, limit: int = 8) -> str:
        """``344.02 + 95.00`` (at most ``limit`` terms, then ``…``)."""
        shown = [str(a.value) for a in self.items[:limit]]
        if len(self.items) > limit:
            shown.append(f"…共 {len(self.items)} 项")
        return " + ".join(shown) if shown else "0"


def check_sum(total: Amount, items: Sequence[Amount], unit: Unit | None = None) -> SumCheck:
    """Compare a printed total with the sum of printed items (blank items are simply left out)."""
    unit = unit or total.unit
    items = tuple(items)
    if all(a.unit is unit for a in items):
        # every item in the unit compared in (the usual table): the same sums as below, in the same order,
        # without an interval object per item
        lo = hi = computed = Decimal(0)
        for a in items:
            half = _half_unit(a.places)
            lo += a.value - half
            hi += a.value + half
            computed += a.value
        sum_iv = Interval(lo, hi)
    else:
        sum_iv = sum_intervals(a.interval(unit) for a in items)
        computed = sum((a.in_unit(unit) for a in items), Decimal(0))
    return SumCheck(total, items, unit, total.interval(unit), sum_iv, computed)


@attrs.frozen
class EqualCheck:
    """Two printed statements of one quantity."""

    a: Amount
    b: Amount
    unit: Unit

    @property
    def consistent(self) -> bool:
        return self.a.interval(self.unit).meets(self.b.interval(self.unit))

    @property
    def difference(self) -> Decimal:
        return self.a.in_unit(self.unit) - self.b.in_unit(self.unit)

    @property
    def tolerance(self) -> Decimal:
        return self.a.interval(self.unit).radius + self.b.interval(self.unit).radius

    def explain(self) -> str:
        p = _places([self.a, self.b])
        return f"差额 {fmt(self.difference, p)}，允许舍入误差 ±{fmt(self.tolerance, p + 1)}"


def check_equal(a: Amount, b: Amount, unit: Unit | None = None) -> EqualCheck:
    """Compare two printed statements of one quantity (in ``unit``, by default ``a``'s): see :class:`EqualCheck`."""
    return EqualCheck(a, b, unit or a.unit)


@attrs.frozen
class RatioCheck:
    """A stated percentage against the ratio of two intervals (in percent).

    ``computed`` is None when the base interval contains zero (the ratio is undefined), in which case the
    check is ``consistent`` only by default: callers decide whether an undefined ratio is worth a finding.
    """

    stated: Percent
    computed: Interval | None

    @property
    def defined(self) -> bool:
        return self.computed is not None

    @property
    def consistent(self) -> bool:
        return self.computed is None or self.stated.interval().meets(self.computed)

    @property
    def value(self) -> Decimal | None:
        return None if self.computed is None else self.computed.mid

    def explain(self) -> str:
        if self.computed is None:
            return "基数为零，比率无定义"
        return (
            f"按表列数计算为 {fmt(self.computed.mid, 2)}%（舍入区间 {self.computed.format(2)}%），"
            f"所述 {self.stated} 的区间为 {self.stated.interval().format(max(self.stated.places, 1))}%"
        )


def check_ratio(stated: Percent, part: Amount | Interval, whole: Amount | Interval, unit: Unit = Unit.WAN) -> RatioCheck:
    """``stated`` against ``part / whole`` (a share: 占比)."""
    p = part.interval(unit) if isinstance(part, Amount) else part
    w = whole.interval(unit) if isinstance(whole, Amount) else whole
    ratio = p.divide(w)
    return RatioCheck(stated, None if ratio is None else ratio.scale(_HUNDRED))


def check_growth(stated: Percent, current: Amount, increase: Amount, unit: Unit = Unit.WAN) -> RatioCheck:
    """``stated`` growth against ``increase / (current − increase)`` (增长率 on last year's base).

    A decrease is a negative ``increase`` and a negative (or "下降") ``stated`` rate.
    """
    cur = current.interval(unit)
    inc = increase.interval(unit)
    # base = current − increase, but the two share no rounding error source, so intervals subtract plainly
    base = cur - inc
    ratio = inc.divide(base)
    return RatioCheck(stated, None if ratio is None else ratio.scale(_HUNDRED))
