from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pacer.planning.periods import Period
from pacer.tracking.lead_sources import (
    BudgetShift,
    LeadRecord,
    ShiftRules,
    SourceStats,
    budget_shifts,
    rate,
    source_stats,
)

YEAR = Period(date(2026, 1, 1), date(2027, 1, 1))
TODAY = date(2026, 6, 15)
SOURCES = ("exhibition", "online", "referral")


def _stats(source: str, leads: int, converted: int) -> SourceStats:
    return SourceStats(source, leads, converted, converted, 0, Decimal(0))


def test_counts_per_source_as_of_today() -> None:
    records = [
        # counted: qualified, converted and won (project 7 worth 100,000)
        LeadRecord(
            "exhibition",
            date(2026, 4, 10),
            qualified_date=date(2026, 4, 12),
            project_id=7,
            project_created=date(2026, 4, 12),
            won_date=date(2026, 6, 1),
            project_amount=Decimal(100_000),
        ),
        # a second lead of the same won project: the project's revenue counts once
        LeadRecord(
            "exhibition",
            date(2026, 4, 11),
            project_id=7,
            won_date=date(2026, 6, 1),
            project_amount=Decimal(100_000),
        ),
        # qualified and converted today or later: not yet
        LeadRecord(
            "exhibition",
            date(2026, 6, 1),
            qualified_date=TODAY,
            project_id=8,
            project_created=TODAY,
        ),
        # converted, won only after today
        LeadRecord(
            "online",
            date(2026, 2, 1),
            project_id=9,
            project_created=date(2026, 3, 1),
            won_date=date(2026, 7, 1),
            project_amount=Decimal(5),
        ),
        LeadRecord("online", date(2026, 2, 2)),
        # outside the window, on or after today, unknown source: ignored
        LeadRecord("online", date(2025, 12, 31)),
        LeadRecord("online", TODAY),
        LeadRecord("fax", date(2026, 2, 2)),
    ]
    exhibition, online, referral = source_stats(records, YEAR, TODAY, SOURCES)
    assert exhibition == SourceStats("exhibition", 3, 1, 2, 1, Decimal(100_000))
    assert online == SourceStats("online", 2, 0, 1, 0, Decimal(0))
    assert referral == SourceStats("referral", 0, 0, 0, 0, Decimal(0))
    assert exhibition.conversion == Decimal(2) / Decimal(3)
    assert exhibition.qualification == Decimal(1) / Decimal(3)
    assert exhibition.win_rate == Decimal(1) / Decimal(3)
    assert referral.conversion is None


def test_rate() -> None:
    assert rate(1, 20) == Decimal("0.05")
    # unrounded: 42 of 78 is 53.846… %, not 53.85 % rounded again to 53.9 %
    assert rate(42, 78) == Decimal(42) / Decimal(78)
    assert rate(3, 0) is None


def test_shift_when_one_source_converts_three_times_another() -> None:
    stats = [_stats("exhibition", 30, 9), _stats("online", 40, 2), _stats("channel", 20, 4)]
    shifts = budget_shifts(stats)
    # 30 % vs 5 % = 6×; 30 % vs 20 % and 20 % vs 5 % (4×)
    assert shifts == [
        BudgetShift("exhibition", "online", Decimal("0.3"), Decimal("0.05"), Decimal("6.00")),
        BudgetShift("channel", "online", Decimal("0.2"), Decimal("0.05"), Decimal("4.00")),
    ]


def test_exactly_the_ratio_counts_and_just_below_does_not() -> None:
    assert budget_shifts([_stats("a", 10, 3), _stats("b", 10, 1)])[0].ratio == Decimal("3.00")
    assert budget_shifts([_stats("a", 100, 29), _stats("b", 10, 1)]) == []


def test_a_source_that_converts_nothing_and_small_samples() -> None:
    stats = [_stats("a", 10, 2), _stats("b", 10, 0), _stats("c", 9, 0), _stats("d", 0, 0)]
    assert budget_shifts(stats) == [BudgetShift("a", "b", Decimal("0.2"), Decimal(0), None)]
    # nobody converts: nothing to recommend
    assert budget_shifts([_stats("a", 10, 0), _stats("b", 10, 0)]) == []


def test_configured_rules() -> None:
    stats = [_stats("a", 5, 2), _stats("b", 5, 1)]
    assert budget_shifts(stats) == []
    assert [b.strong for b in budget_shifts(stats, ShiftRules(Decimal(2), 5))] == ["a"]
    with pytest.raises(ValueError, match="ratio"):
        ShiftRules(Decimal(1), 5)
    with pytest.raises(ValueError, match="min_leads"):
        ShiftRules(Decimal(3), 0)
