""":func:`~budgetrules.core.amounts.parse_amount` skips the NFKC fold for ASCII text and reads an amount's places
off the printed literal instead of the Decimal's exponent. These tests compare it with the plain reading (fold
every text, take the places from the exponent) on printed cells drawn from the characters amounts are made of,
full-width ones included."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetrules.core.amounts import _AMOUNT_RE, _DASHES, Amount, Unit, parse_amount, plausible_digits


def _plain(text: str, unit: Unit = Unit.WAN) -> Amount | None:
    folded = unicodedata.normalize("NFKC", text).replace(" ", "").replace("\u3000", "").strip()
    if not folded:
        return None
    if folded in _DASHES:
        return Amount(Decimal(0), 0, unit)
    negative = folded.startswith("(") and folded.endswith(")")
    if negative:
        folded = folded[1:-1]
    if not _AMOUNT_RE.match(folded) or not plausible_digits(folded):
        return None
    value = Decimal(folded.replace(",", ""))
    value = -value if negative else value
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return Amount(value, -exponent if exponent < 0 else 0, unit)


_CHARS = "0123456789.,-+() \u3000\t０１２９．，（）－—/"


@settings(max_examples=500)
@given(st.text(alphabet=_CHARS, max_size=16))
def test_parse_amount_reads_as_the_plain_reading(text: str) -> None:
    assert parse_amount(text) == _plain(text)


@settings(max_examples=300)
@given(st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**9, max_value=10**9))
def test_a_printed_decimal_keeps_its_places(value: Decimal) -> None:
    text = f"{value:,.3f}"
    assert parse_amount(text) == _plain(text)
    assert parse_amount(f" ({text}) ") == _plain(f" ({text}) ")


def test_places_come_from_the_printed_decimals() -> None:
    assert parse_amount("2,940.050") == Amount(Decimal("2940.050"), 3, Unit.WAN)
    assert parse_amount("１１１７．５") == Amount(Decimal("1117.5"), 1, Unit.WAN)
    assert parse_amount("(3)") == Amount(Decimal(-3), 0, Unit.WAN)


_AMOUNTS = st.builds(
    lambda value, places, unit: Amount(value.quantize(Decimal(1).scaleb(-places)), places, unit),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**12, max_value=10**12, places=4),
    st.integers(min_value=0, max_value=4),
    st.sampled_from(list(Unit)),
)


@settings(max_examples=300)
@given(_AMOUNTS, st.lists(_AMOUNTS, max_size=12), st.sampled_from([None, *Unit]))
def test_check_sum_equals_the_sum_of_the_items_intervals(total: Amount, items: list[Amount], unit: Unit | None) -> None:
    """:func:`~budgetrules.core.compare.check_sum` adds items in the compared unit without an interval object
    each: the same sums as adding their intervals."""
    _same_as_intervals(total, items, unit)


def _same_as_intervals(total: Amount, items: list[Amount], unit: Unit | None) -> None:
    from budgetrules.core.amounts import sum_intervals
    from budgetrules.core.compare import check_sum

    check = check_sum(total, items, unit)
    in_unit = unit or total.unit
    expected = sum_intervals(a.interval(in_unit) for a in items)
    computed = sum((a.in_unit(in_unit) for a in items), Decimal(0))
    # the same Decimals, exponents too (messages print them)
    assert (str(check.sum_interval.lo), str(check.sum_interval.hi)) == (str(expected.lo), str(expected.hi))
    assert str(check.computed) == str(computed)
    assert check.total_interval == total.interval(in_unit)


@settings(max_examples=300)
@given(_AMOUNTS, st.lists(_AMOUNTS, max_size=12))
def test_check_sum_in_one_unit(total: Amount, items: list[Amount]) -> None:
    same = [Amount(a.value, a.places, total.unit) for a in items]
    _same_as_intervals(total, same, None)
