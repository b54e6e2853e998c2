"""The recruitment-cost ratio (SDG 10.7.1) and its bands."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.codes import CostBand
from app.core.fees import cost_band, recruitment_cost_ratio

money = st.decimals(min_value=0, max_value=Decimal("1e9"), places=2, allow_nan=False)
earnings = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("1e7"), places=2, allow_nan=False
)


def test_the_kenya_to_saudi_arabia_example():
    assert recruitment_cost_ratio([Decimal("1500"), Decimal("250.50")], Decimal("1000")) == Decimal(
        "1.75"
    )


def test_rounds_half_even_to_two_places():
    # 1.125 and 1.135 sit exactly half way: they go to the even neighbour
    assert recruitment_cost_ratio([Decimal("1.125")], Decimal(1)) == Decimal("1.12")
    assert recruitment_cost_ratio([Decimal("1.135")], Decimal(1)) == Decimal("1.14")
    assert str(recruitment_cost_ratio([Decimal(3)], Decimal(1))) == "3.00"


def test_no_costs_is_zero_months():
    assert recruitment_cost_ratio([], Decimal(500)) == Decimal("0.00")


@pytest.mark.parametrize("bad", [Decimal(0), Decimal(-1), Decimal("NaN"), Decimal("Infinity")])
def test_earnings_must_be_a_positive_number(bad):
    with pytest.raises(ValueError, match="earnings"):
        recruitment_cost_ratio([Decimal(1)], bad)


@pytest.mark.parametrize("bad", [Decimal("-0.01"), Decimal("NaN"), Decimal("-Infinity")])
def test_a_cost_must_be_a_non_negative_number(bad):
    with pytest.raises(ValueError, match="cost"):
        recruitment_cost_ratio([Decimal(5), bad], Decimal(100))


def test_floats_are_refused():
    with pytest.raises(ValueError):
        recruitment_cost_ratio([1500.0], Decimal(1000))  # type: ignore[list-item]
    with pytest.raises(ValueError):
        recruitment_cost_ratio([Decimal(1)], 1000.0)  # type: ignore[arg-type]


@given(st.lists(money, max_size=20), earnings)
def test_equals_the_exact_sum_over_earnings_rounded_once(costs, monthly):
    exact = sum(costs, Decimal(0)) / monthly
    result = recruitment_cost_ratio(costs, monthly)
    assert result.as_tuple().exponent == -2
    rounded = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    if exact > 0 and rounded == 0:  # something was paid: never zero months
        assert result == Decimal("0.01")
    else:
        assert abs(result - exact) <= Decimal("0.005")
        assert result == rounded


@given(st.lists(money, min_size=1, max_size=10), earnings)
def test_paying_anything_is_never_counted_as_paying_nothing(costs, monthly):
    ratio = recruitment_cost_ratio(costs, monthly)
    paid = sum(costs, Decimal(0)) > 0
    assert (cost_band(ratio) is CostBand.NONE) is not paid


def test_a_small_payment_against_high_pay_is_under_one_month():
    # 10 paid against 5,000 a month is 0.002 months: 0.00 when rounded, but
    # the worker did pay, and the band must say so
    ratio = recruitment_cost_ratio([Decimal(10)], Decimal(5000))
    assert ratio == Decimal("0.01")
    assert cost_band(ratio) is CostBand.UNDER_1


@given(st.lists(money, max_size=20), earnings)
def test_order_of_costs_does_not_matter(costs, monthly):
    assert recruitment_cost_ratio(costs, monthly) == recruitment_cost_ratio(costs[::-1], monthly)


@given(st.lists(money, max_size=10), money, earnings)
def test_paying_more_never_lowers_the_ratio(costs, extra, monthly):
    assert recruitment_cost_ratio([*costs, extra], monthly) >= recruitment_cost_ratio(
        costs, monthly
    )


@given(st.lists(money, min_size=1, max_size=10), earnings, earnings)
def test_more_earnings_never_raise_the_ratio(costs, a, b):
    low, high = sorted((a, b))
    assert recruitment_cost_ratio(costs, high) <= recruitment_cost_ratio(costs, low)


@given(st.lists(money, max_size=10), earnings, st.integers(min_value=1, max_value=1000))
def test_same_in_any_unit(costs, monthly, factor):
    """Counting in cents, or in a currency worth less, changes nothing."""
    scaled = [c * factor for c in costs]
    assert recruitment_cost_ratio(scaled, monthly * factor) == recruitment_cost_ratio(
        costs, monthly
    )


@given(st.lists(money, max_size=10), earnings)
def test_the_band_contains_the_ratio(costs, monthly):
    ratio = recruitment_cost_ratio(costs, monthly)
    band = cost_band(ratio)
    bounds = {
        CostBand.NONE: (Decimal(0), Decimal(0)),
        CostBand.UNDER_1: (Decimal("0.01"), Decimal("0.99")),
        CostBand.FROM_1_TO_2: (Decimal(1), Decimal("1.99")),
        CostBand.FROM_2_TO_3: (Decimal(2), Decimal("2.99")),
        CostBand.FROM_3_TO_6: (Decimal(3), Decimal("5.99")),
        CostBand.OVER_6: (Decimal(6), Decimal("Infinity")),
    }
    low, high = bounds[band]
    assert low <= ratio <= high


def test_no_ratio_is_an_unknown_band():
    assert cost_band(None) is CostBand.UNKNOWN
    assert cost_band(Decimal("1.75")) is CostBand.FROM_1_TO_2
