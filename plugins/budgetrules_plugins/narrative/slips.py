"""Printed percentages that are wrong in the way a reviewer accepts: cut instead of rounded, or nudged by one unit.

A printed percentage ``s`` with *d* decimals is consistent with a computed ratio when the ratio's interval
meets ``[s − ½u, s + ½u]`` (``u = 10⁻ᵈ``, :mod:`budgetrules.core.compare`). Two slips are common in real
disclosures and are reported as warnings, not errors, with a message that says which one it is:

* **truncated** — the figure was cut after *d* decimals instead of rounded: 57.49% printed 57.4%. The
  ratio's interval meets ``[s, s + u]`` (for a negative rate ``[s − u, s]``), i.e. some value it may have
  truncates to ``s``.
* **nudged** — one share of a list moved by one unit of its last decimal so that the list's shares add up to
  exactly 100% (the largest-remainder way of rounding): 39% + 3% + 58% where rounding gives 39% + 3% + 57%.
  The share is one unit off (the ratio's interval meets ``[s − 1½u, s + 1½u]``), the list's printed shares
  add up to exactly 100, and the list is the whole (100 lies within the sum of the members' computed
  intervals).

Anything further off is a real mismatch and stays an error.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Sequence

from budgetrules.api import Interval, Percent, fmt

__all__ = ["unit_of", "rounded", "truncated", "one_unit_off", "adds_to_hundred", "nudged_text", "truncated_text"]

_HUNDRED = Decimal(100)


def unit_of(stated: Percent) -> Decimal:
    """One unit of the last printed decimal: 0.01 for ``57.45%``, 1 for ``58%``."""
    return Decimal(1).scaleb(-stated.places)


def rounded(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half up to ``places`` decimals, as a disclosure prints it."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def truncated(stated: Percent, computed: Interval) -> bool:
    """True when some value of ``computed`` gives ``stated`` if cut (not rounded) after its printed decimals."""
    u = unit_of(stated)
    s = stated.value
    window = Interval(s, s + u) if s >= 0 else Interval(s - u, s)
    return computed.meets(window)


def one_unit_off(stated: Percent, computed: Interval) -> bool:
    """True when ``stated`` is at most one unit of its last decimal away from what some value of ``computed``
    rounds to."""
    u = unit_of(stated)
    s = stated.value
    return computed.meets(Interval(s - u - u / 2, s + u + u / 2))


def adds_to_hundred(printed: Sequence[Percent], computed: Sequence[Interval]) -> bool:
    """The printed shares of a list add up to exactly 100, and the list is the whole: 100 lies within the sum
    of the members' computed intervals (a partial list falls short of it)."""
    if len(printed) < 2 or len(printed) != len(computed):
        return False
    if sum((p.value for p in printed), Decimal(0)) != _HUNDRED:
        return False
    lo = sum((c.lo for c in computed), Decimal(0))
    hi = sum((c.hi for c in computed), Decimal(0))
    return lo <= _HUNDRED <= hi


def truncated_text(stated: Percent, value: Decimal) -> str:
    """The explanation of a truncated percentage, for a warning's message."""
    return (f"四舍五入应为 {fmt(rounded(value, stated.places), stated.places)}%，所印 {stated} 是截断（舍去第 "
            f"{stated.places + 1} 位及以后的数字）而非四舍五入的结果，只差末位一个单位，故仅作警告")


def nudged_text(stated: Percent, value: Decimal, members: Sequence[tuple[str, Percent]]) -> str:
    """The explanation of a share nudged so that its list adds up to 100%, for a warning's message."""
    listed = " + ".join(str(p) for _, p in members)
    return (f"四舍五入应为 {fmt(rounded(value, stated.places), stated.places)}%；同一组各项所印占比 {listed} "
            f"合计恰为 100%，所印 {stated} 是为使合计为 100% 而在末位调整一个单位的结果，故仅作警告")
