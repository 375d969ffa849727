"""Printed numbers as intervals: amounts, percentages and the arithmetic that compares them.

A value printed with *d* decimals stands for every number that rounds to it, the closed interval
``[v - ½·10⁻ᵈ, v + ½·10⁻ᵈ]`` (round-to-nearest, as in XBRL Calculations 1.1). Two statements of
the same quantity are consistent when their intervals meet; a sum is consistent when the interval of the
total meets the endpoint-wise sum of the items' intervals. Rounding therefore never raises an error, and any
difference larger than the accumulated half-units always does.

Everything here is :class:`decimal.Decimal`; no float is ever involved.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Iterable

import attrs

from budgetrules.core import regex

__all__ = [
    "Unit",
    "Amount",
    "Percent",
    "Interval",
    "parse_amount",
    "is_unreadable_number",
    "plausible_digits",
    "MAX_INTEGER_DIGITS",
    "MAX_PLACES",
    "parse_percent",
    "sum_intervals",
]


class Unit(enum.Enum):
    """Unit of a money amount; the value is the number of 元 in one unit."""

    YUAN = "元"
    QIAN = "千元"
    WAN = "万元"
    YI = "亿元"

    @property
    def factor(self) -> Decimal:
        return {"元": Decimal(1), "千元": Decimal(1_000), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}[self.value]

    @classmethod
    def parse(cls, text: str) -> "Unit | None":
        """The unit named in ``单位：万元``-style text, or None."""
        text = text.replace(" ", "")
        for unit in (cls.YI, cls.WAN, cls.QIAN, cls.YUAN):
            if unit.value in text:
                return unit
        return None


@attrs.frozen(order=False)
class Interval:
    """A closed interval ``[lo, hi]`` of Decimals."""

    lo: Decimal
    hi: Decimal

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __neg__(self) -> "Interval":
        return Interval(-self.hi, -self.lo)

    def scale(self, factor: Decimal) -> "Interval":
        a, b = self.lo * factor, self.hi * factor
        return Interval(min(a, b), max(a, b))

    def meets(self, other: "Interval") -> bool:
        """True when the two intervals share at least one point."""
        return self.lo <= other.hi and other.lo <= self.hi

    def contains(self, value: Decimal) -> bool:
        return self.lo <= value <= self.hi

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    @property
    def radius(self) -> Decimal:
        return (self.hi - self.lo) / 2

    def divide(self, whole: "Interval") -> "Interval | None":
        """The interval of ``self / whole``; None when ``whole`` contains zero."""
        if whole.lo <= 0 <= whole.hi:
            return None
        quotients = [a / b for a in (self.lo, self.hi) for b in (whole.lo, whole.hi)]
        return Interval(min(quotients), max(quotients))

    @classmethod
    def exact(cls, value: Decimal) -> "Interval":
        return cls(value, value)

    def format(self, places: int = 2) -> str:
        q = Decimal(1).scaleb(-places - 1)
        return f"[{self.lo.quantize(q)}, {self.hi.quantize(q)}]"


def sum_intervals(intervals: Iterable[Interval]) -> Interval:
    """Endpoint-wise sum; the empty sum is exactly zero."""
    lo = hi = Decimal(0)
    for interval in intervals:
        lo += interval.lo
        hi += interval.hi
    return Interval(lo, hi)


@functools.lru_cache(maxsize=64)  # a handful of precisions (0 to MAX_PLACES decimals) recur in every table
def _half_unit(places: int) -> Decimal:
    return Decimal(5).scaleb(-places - 1)


@attrs.frozen
class Amount:
    """A money amount as printed: its value, its number of decimals and its unit.

    ``Amount(Decimal("1117.5"), 1, Unit.WAN)`` is "1117.5 万元" and stands for [1117.45, 1117.55] 万元.
    """

    value: Decimal
    places: int
    unit: Unit = Unit.WAN

    def interval(self, unit: Unit | None = None) -> Interval:
        """The interval this printed value stands for, expressed in ``unit`` (default: its own)."""
        half = _half_unit(self.places)
        iv = Interval(self.value - half, self.value + half)
        if unit is not None and unit is not self.unit:
            iv = iv.scale(self.unit.factor / unit.factor)
        return iv

    def in_unit(self, unit: Unit) -> Decimal:
        """The printed value converted to ``unit`` (exactly)."""
        if unit is self.unit:
            return self.value
        return self.value * self.unit.factor / unit.factor

    def __str__(self) -> str:
        return f"{self.value}"

    def display(self) -> str:
        """The value with its unit, as a reviewer reads it: ``1117.5万元``."""
        return f"{self.value}{self.unit.value}"


@attrs.frozen
class Percent:
    """A percentage as printed: ``Percent(Decimal("14.87"), 2)`` is 14.87 %, i.e. [14.865, 14.875] %."""

    value: Decimal
    places: int

    def interval(self) -> Interval:
        half = _half_unit(self.places)
        return Interval(self.value - half, self.value + half)

    def __str__(self) -> str:
        return f"{self.value}%"


#: The most digits a printed amount may have before and after its point: the largest budget, in 元, has 14
#: before it; more is no amount (and Decimal arithmetic on a 200,000-digit value fails or takes seconds).
MAX_INTEGER_DIGITS = 18
MAX_PLACES = 12


def plausible_digits(number: str) -> bool:
    """Whether the printed number ``number`` (digits, an optional point and thousands commas) has at most
    :data:`MAX_INTEGER_DIGITS` digits before its point and :data:`MAX_PLACES` after it."""
    whole, _, fraction = number.lstrip("+-").partition(".")
    return len(whole.replace(",", "")) <= MAX_INTEGER_DIGITS and len(fraction) <= MAX_PLACES


_DASHES = {"-", "－", "—", "–", "—", "/", "／", "\\"}
_AMOUNT_RE = regex.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("\u3000", "").strip()


def parse_amount(text: str | None, unit: Unit = Unit.WAN) -> Amount | None:
    """Read a printed amount (``2,940.05``, ``1117.5``, ``-3.00``, ``(3.00)``); None for blank or non-numbers.

    A lone dash is a printed zero (many tables print ``-`` for nothing), kept with 0 decimals.
    """
    if text is None:
        return None
    # NFKC leaves ASCII as it is: most printed amounts (``2,940.05``) need only their spaces removed
    folded = text.replace(" ", "").strip() if text.isascii() else _fold(text)
    if not folded:
        return None
    if folded in _DASHES:
        return Amount(Decimal(0), 0, unit)
    negative = False
    if folded.startswith("(") and folded.endswith(")"):
        negative, folded = True, folded[1:-1]
    if not _AMOUNT_RE.match(folded) or not plausible_digits(folded):
        return None
    try:
        value = Decimal(folded.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
        return None
    if negative:
        value = -value
    point = folded.find(".")  # the literal's decimals are its places (``2,940.05``: 2), read off the text
    return Amount(value, len(folded) - point - 1 if point >= 0 else 0, unit)


_UNREADABLE = regex.compile(
    r"[-+]?(?:nan|inf(?:inity)?|∞)"  # what a float prints for no number or an overflow
    r"|[-+]?\d+(?:\.\d+)?e[-+]?\d+"  # scientific notation (3.44E+2, 1e309): its printed precision is lost
    r"|#(?:value!|div/0!|ref!|n/a|num!|name\?|null!)|#{3,}",  # spreadsheet errors, a column too narrow
    re.IGNORECASE,
)


def is_unreadable_number(text: str) -> bool:
    """Whether ``text`` stands where an amount is printed but states no readable amount: ``NaN``, ``Infinity``,
    ``1e309``, ``3.44E+2``, ``#VALUE!``, ``####``, or a number of more digits than any amount has. Such a cell is neither blank nor a label; a check that
    passed it by would look consistent without having read it."""
    folded = _fold(text)
    if _UNREADABLE.fullmatch(folded):
        return True
    bare = folded[1:-1] if folded.startswith("(") and folded.endswith(")") else folded
    return bool(_AMOUNT_RE.match(bare)) and not plausible_digits(bare)


def parse_percent(text: str) -> Percent | None:
    """Read ``14.87%`` / ``39 %`` / ``100％``; None if ``text`` is not a percentage."""
    folded = _fold(text).rstrip("%")
    if not re.fullmatch(r"[-+]?\d+(?:\.\d+)?", folded) or not plausible_digits(folded):
        return None
    value = Decimal(folded)
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return Percent(value, places)
