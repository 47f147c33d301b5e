from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.planning.money import FEN, money_text, split_by_weights, to_money, to_wan

amounts = st.integers(min_value=-(10**12), max_value=10**12).map(lambda n: Decimal(n) * FEN)
weights = st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=40)


@given(amounts, weights)
def test_parts_sum_exactly_to_the_whole(total: Decimal, ws: list[int]) -> None:
    parts = split_by_weights(total, ws)
    assert sum(parts, Decimal(0)) == total
    assert len(parts) == len(ws)
    assert all(p == p.quantize(FEN) for p in parts)


@given(amounts.filter(lambda a: a >= 0), weights)
def test_each_part_is_within_one_unit_of_its_exact_share(total: Decimal, ws: list[int]) -> None:
    parts = split_by_weights(total, ws)
    weight_sum = sum(ws) or len(ws)
    for part, w in zip(parts, ws if sum(ws) else [1] * len(ws), strict=True):
        exact = total * Decimal(w) / Decimal(weight_sum)
        assert abs(part - exact) < FEN


def test_worked_example_three_ways() -> None:
    assert split_by_weights(Decimal("100.00"), [1, 1, 1]) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]


def test_zero_weights_split_evenly_and_whole_yuan_units() -> None:
    assert split_by_weights(Decimal(10), [0, 0], unit=Decimal(1)) == [Decimal(5), Decimal(5)]


def test_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="no parts"):
        split_by_weights(Decimal(1), [])
    with pytest.raises(ValueError, match="whole number"):
        split_by_weights(Decimal("1.005"), [1])
    with pytest.raises(ValueError, match="negative"):
        split_by_weights(Decimal(1), [1, -1])


def test_negative_total_mirrors_positive() -> None:
    assert split_by_weights(Decimal("-1.00"), [1, 2]) == [Decimal("-0.33"), Decimal("-0.67")]


def test_to_money_and_wan() -> None:
    assert to_money("1.005") == Decimal("1.01")
    assert to_wan(Decimal(50_000_000)) == Decimal(5000)


def test_money_text_shows_four_places_only_when_used() -> None:
    assert money_text(Decimal("12.5")) == "12.50"
    assert money_text(Decimal("957.5775")) == "957.5775"
    assert money_text(Decimal("1.00001")) == "1.0000"
