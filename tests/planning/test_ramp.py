from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.planning.periods import FiscalYear, Period
from pacer.planning.ramp import Capacity, allocate_by_capacity, ramp_fraction

Q = FiscalYear(2026).quarters()


def test_ramp_by_quarter_of_tenure() -> None:
    hired = date(2026, 1, 1)
    assert ramp_fraction(hired, Q[0]) == Decimal("0.3")
    assert ramp_fraction(hired, Q[1]) == Decimal("0.6")
    assert ramp_fraction(hired, Q[2]) == Decimal(1)
    assert ramp_fraction(None, Q[0]) == Decimal(1)


def test_not_yet_hired_or_gone_carries_nothing() -> None:
    assert ramp_fraction(date(2026, 3, 1), Q[0]) == Decimal(0)
    assert ramp_fraction(date(2020, 1, 1), Q[1], leave_date=date(2026, 5, 1)) == Decimal(0)
    assert ramp_fraction(date(2020, 1, 1), Q[1], leave_date=date(2026, 6, 1)) == Decimal(1)


def test_allocation_weights_capacity_and_ramp() -> None:
    people = [
        Capacity(1, Decimal(2)),
        Capacity(2, Decimal(1)),
        Capacity(3, Decimal(1), ramp=Decimal("0.3")),
    ]
    quotas = allocate_by_capacity(Decimal(3300000), people)
    assert quotas == {1: Decimal("2000000.00"), 2: Decimal("1000000.00"), 3: Decimal("300000.00")}


def test_over_assignment_cushion() -> None:
    quotas = allocate_by_capacity(
        Decimal(1000), [Capacity(1, Decimal(1))] * 1, over_assign=Decimal("0.1")
    )
    assert quotas == {1: Decimal("1100.00")}


def test_no_capacity_splits_over_ramped_people_and_rejects_bad_input() -> None:
    quotas = allocate_by_capacity(Decimal(10), [Capacity(1, Decimal(0)), Capacity(2, Decimal(0))])
    assert quotas == {1: Decimal(5), 2: Decimal(5)}
    with pytest.raises(ValueError, match="at least one person"):
        allocate_by_capacity(Decimal(10), [])
    with pytest.raises(ValueError, match="negative"):
        allocate_by_capacity(Decimal(10), [Capacity(1, Decimal(1))], over_assign=Decimal(-1))
    with pytest.raises(ValueError, match="ramp"):
        Capacity(1, Decimal(1), ramp=Decimal(2))


@given(
    st.integers(0, 10**10).map(lambda n: Decimal(n) / 100),
    st.lists(
        st.tuples(st.integers(0, 10**6), st.sampled_from(["0", "0.3", "0.6", "1"])),
        min_size=1,
        max_size=30,
    ),
)
def test_quotas_sum_exactly_to_the_team_target(target: Decimal, raw: list[tuple[int, str]]) -> None:
    people = [Capacity(i, Decimal(w), Decimal(r)) for i, (w, r) in enumerate(raw)]
    quotas = allocate_by_capacity(target, people)
    assert sum(quotas.values(), Decimal(0)) == target


def test_period_middle_is_used() -> None:
    month = Period(date(2026, 4, 1), date(2026, 5, 1))
    assert ramp_fraction(date(2026, 4, 10), month) == Decimal("0.3")
    assert ramp_fraction(date(2026, 4, 20), month) == Decimal(0)
