from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pacer.planning.money import split_by_weights
from pacer.planning.reconcile import fit_months


def D(*values: int) -> list[Decimal]:
    return [Decimal(v) for v in values]


def test_rows_and_columns_add_up_and_profiles_are_kept_when_they_already_fit() -> None:
    profiles = [D(10, 20, 30), D(5, 5, 30)]
    fitted = fit_months(D(15, 25, 60), D(60, 40), profiles)
    assert fitted == [D(10, 20, 30), D(5, 5, 30)]


def test_conflicting_profiles_are_fitted_to_both_sums() -> None:
    # The children's own months (20, 0, 0) and (0, 0, 10) disagree with the parent's (10, 10, 10).
    fitted = fit_months(D(10, 10, 10), D(20, 10), [D(20, 0, 0), D(0, 0, 10)])
    assert [sum(r) for r in fitted] == D(20, 10)
    assert [sum(col) for col in zip(*fitted, strict=True)] == D(10, 10, 10)
    assert fitted[0][0] >= fitted[1][0]  # the first child keeps the early month
    assert fitted[1][2] > fitted[1][0]  # the second keeps the late one


def test_zero_children_and_no_children() -> None:
    assert fit_months(D(5, 5), D(0, 10), [D(0, 0), D(1, 0)]) == [D(0, 0), D(5, 5)]
    assert fit_months(D(0, 0), [], []) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((D(1, 1), D(2), [D(1)]), "one profile value per parent month"),
        ((D(1, 1), D(3), [D(1, 1)]), "add up to the parent"),
        ((D(-1, 3), D(2), [D(1, 1)]), "negative"),
    ],
)
def test_bad_input(
    args: tuple[list[Decimal], list[Decimal], list[list[Decimal]]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        fit_months(*args)


def test_an_unconverged_fit_still_meets_both_sums() -> None:
    # Extreme magnitudes; whatever the fit reaches, the rounding keeps both sums exact.
    months = D(10**12, 1, 1)
    fitted = fit_months(months, [months[0], Decimal(2)], [D(0, 1, 1), D(1, 0, 0)])
    assert [sum(r) for r in fitted] == [months[0], Decimal(2)]
    assert [sum(c) for c in zip(*fitted, strict=True)] == months


cents = st.integers(0, 10**9)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(cents, min_size=12, max_size=12),
    st.lists(st.integers(0, 1000), min_size=1, max_size=6),
    st.data(),
)
def test_both_sums_exact_for_any_input(
    months: list[int], weights: list[int], data: st.DataObject
) -> None:
    parent = [Decimal(m) / 100 for m in months]
    total = sum(parent, Decimal(0))
    children = split_by_weights(total, [Decimal(w) for w in weights])
    profiles = [
        [Decimal(v) for v in data.draw(st.lists(st.integers(0, 100), min_size=12, max_size=12))]
        for _ in children
    ]
    fitted = fit_months(parent, children, profiles)
    assert [sum(r, Decimal(0)) for r in fitted] == children
    assert [sum(c, Decimal(0)) for c in zip(*fitted, strict=True)] == parent
    assert all(v >= 0 for r in fitted for v in r)
