from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pacer.tracking.adjust import (
    CUSTOMER_CONCENTRATION,
    LEAD_POOL_LOW,
    NON_STRATEGIC_LOW,
    QUARTER_BELOW,
    QuarterResult,
    customer_concentration,
    lead_pool_low,
    move_targets,
    non_strategic_low,
    person_joined,
    person_left,
    project_postponed,
    quarter_below,
    spread_gap,
)

D = Decimal
Y0, Y1 = date(2026, 1, 1), date(2027, 1, 1)


def test_quarter_below_only_closed_quarters_under_the_threshold() -> None:
    quarters = [
        QuarterResult("2026Q1", D(100), D(79), closed=True),
        QuarterResult("2026Q2", D(100), D(80), closed=True),
        QuarterResult("2026Q3", D(100), D(0), closed=False),
        QuarterResult("2026Q4", D(0), D(0), closed=True),
    ]
    [trigger] = quarter_below("7", quarters)
    assert trigger.code == QUARTER_BELOW
    assert trigger.key == "quarter_below:7:2026Q1"
    assert trigger.values["attainment"] == "0.7900"
    assert trigger.values["gap"] == "21"
    assert quarter_below("7", quarters, threshold=D("0.81"))[1].subject == "7:2026Q2"


def test_person_left_within_the_year_but_not_on_its_last_day() -> None:
    assert person_left(date(2026, 5, 31), Y0, Y1)
    assert person_left(date(2026, 1, 1), Y0, Y1)
    assert not person_left(date(2026, 12, 31), Y0, Y1)
    assert not person_left(date(2025, 12, 31), Y0, Y1)
    assert not person_left(None, Y0, Y1)


def test_person_joined_in_the_year_without_a_node() -> None:
    assert person_joined(date(2026, 3, 1), Y0, Y1, has_node=False)
    assert not person_joined(date(2026, 3, 1), Y0, Y1, has_node=True)
    assert not person_joined(date(2025, 3, 1), Y0, Y1, has_node=False)
    assert not person_joined(date(2027, 1, 1), Y0, Y1, has_node=False)
    assert not person_joined(None, Y0, Y1, has_node=False)


def test_project_postponed_large_and_past_the_backed_month() -> None:
    end = date(2026, 4, 1)
    assert project_postponed(D(500_000), end, date(2026, 4, 1), D(500_000))
    assert not project_postponed(D(500_000), end, date(2026, 3, 31), D(500_000))
    assert not project_postponed(D(499_999), end, date(2026, 6, 1), D(500_000))
    assert not project_postponed(D(500_000), end, None, D(500_000))


def test_spread_gap_keeps_the_total_to_the_fen() -> None:
    closed = [D("100.00"), D("100.00"), D("100.00")]
    remaining = [D("10.00"), D("20.00"), D("0.00")]
    lowered, raised = spread_gap(closed, remaining, D("100.00"))
    assert sum(lowered) == D("200.00")
    assert raised == [D("43.33"), D("86.67"), D("0.00")]
    assert sum(lowered) + sum(raised) == sum(closed) + sum(remaining)


@pytest.mark.parametrize(
    ("closed", "remaining", "gap"),
    [([], [D(1)], D(0)), ([D(1)], [], D(0)), ([D(1)], [D(1)], D(2)), ([D(1)], [D(1)], D(-1))],
)
def test_spread_gap_rejects_impossible_gaps(
    closed: list[Decimal], remaining: list[Decimal], gap: Decimal
) -> None:
    with pytest.raises(ValueError, match="gap"):
        spread_gap(closed, remaining, gap)


def test_move_targets_each_month_goes_to_the_team_whole() -> None:
    table = move_targets([D("100.00"), D("0.01")], [D(1), D(2)])
    assert table == [[D("33.33"), D("0.00")], [D("66.67"), D("0.01")]]
    with pytest.raises(ValueError, match="teammate"):
        move_targets([D(1)], [])


def test_lead_pool_low() -> None:
    risk = lead_pool_low("p1", 1, 10)
    assert risk is not None
    assert risk.code == LEAD_POOL_LOW
    assert risk.response == "add_lead_sources"
    assert lead_pool_low("p1", 2, 10) is None
    assert lead_pool_low("p1", 0, 0) is None


def test_customer_concentration() -> None:
    risks = customer_concentration({"a": D(31), "b": D(69), "c": D(0)})
    assert [(r.code, r.subject) for r in risks] == [
        (CUSTOMER_CONCENTRATION, "b"),
        (CUSTOMER_CONCENTRATION, "a"),
    ]
    assert risks[1].values["share"] == "0.3100"
    assert customer_concentration({"a": D(30), "b": D(70)}, limit=D("0.7")) == []
    assert customer_concentration({}) == []


def test_non_strategic_low() -> None:
    risk = non_strategic_low(10, 2)
    assert risk is not None
    assert risk.code == NON_STRATEGIC_LOW
    assert risk.values["share"] == "0.2000"
    assert non_strategic_low(10, 3) is None
    assert non_strategic_low(0, 0) is None
