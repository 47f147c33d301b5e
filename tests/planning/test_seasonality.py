from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.planning.seasonality import EVEN, Seasonality, learn_seasonality


def test_no_history_is_even_and_says_so() -> None:
    s = learn_seasonality({})
    assert s is EVEN
    assert s.is_even
    assert s.shares == (Fraction(1, 12),) * 12


def test_one_year_is_shrunk_halfway_to_even() -> None:
    months = [Decimal(0)] * 11 + [Decimal(100)]
    s = learn_seasonality({2025: months})
    assert s.years_used == (2025,)
    assert s.history_weight == Fraction(1, 2)
    assert s.shares[11] == Fraction(1, 2) * 1 + Fraction(1, 2) * Fraction(1, 12)
    assert s.shares[0] == Fraction(1, 24)


def test_two_years_average_then_weight_two_thirds() -> None:
    first = [Decimal(10)] * 6 + [Decimal(30)] * 6  # H1 25 %, H2 75 %
    second = [Decimal(20)] * 12  # even
    s = learn_seasonality({2024: first, 2025: second})
    h1_first = Fraction(10, 240)
    expected_jan = Fraction(2, 3) * (h1_first + Fraction(1, 12)) / 2 + Fraction(1, 3) / 12
    assert s.shares[0] == expected_jan
    assert s.share_of(range(6, 12)) > Fraction(1, 2)


def test_partial_or_empty_years_are_ignored() -> None:
    s = learn_seasonality({2024: [Decimal(1)] * 5, 2025: [Decimal(0)] * 12})
    assert s.is_even


def test_shares_must_sum_to_one() -> None:
    with pytest.raises(ValueError, match="twelve"):
        Seasonality(shares=(Fraction(1, 12),) * 11, years_used=(), history_weight=Fraction(0))


@given(st.lists(st.lists(st.integers(0, 10**9), min_size=12, max_size=12), min_size=1, max_size=5))
def test_shares_always_sum_to_one(years: list[list[int]]) -> None:
    history = {2020 + i: [Decimal(v) for v in months] for i, months in enumerate(years)}
    s = learn_seasonality(history)
    assert sum(s.shares) == 1
    assert all(share >= 0 for share in s.shares)
