from __future__ import annotations

from decimal import Decimal

import pytest

from pacer.planning.budget import plan_budget
from pacer.planning.rhythm import collection_plan, expected_by_day

WAN = Decimal(10_000)


def test_field_budget_example() -> None:
    budget = plan_budget(5000 * WAN, cost_per_lead={"exhibition": Decimal(5000)})
    assert budget.total == 250 * WAN
    lines = {line.line: line for line in budget.lines}
    assert lines["exhibition"].amount == 80 * WAN
    assert lines["reserve"].amount == 30 * WAN
    assert lines["exhibition"].expected_leads == 160
    assert lines["training"].expected_leads is None
    assert sum(line.amount for line in budget.lines) == budget.total


def test_budget_bad_input() -> None:
    with pytest.raises(ValueError, match="negative"):
        plan_budget(Decimal(1), rate=Decimal(-1))
    with pytest.raises(ValueError, match="one line"):
        plan_budget(Decimal(1), weights={})


def test_month_rhythm_checkpoints() -> None:
    target = Decimal(1_000_000)
    assert expected_by_day(target, 0, 30) == 0
    assert expected_by_day(target, 10, 30) == Decimal(300_000)
    assert expected_by_day(target, 15, 30) == Decimal(550_000)
    assert expected_by_day(target, 20, 30) == Decimal(800_000)
    assert expected_by_day(target, 30, 30) == target
    with pytest.raises(ValueError, match="outside"):
        expected_by_day(target, 31, 30)


def test_collections_follow_signings_with_delay() -> None:
    plan = collection_plan(
        [Decimal(100), Decimal(0), Decimal(200)],
        {1: Decimal("0.5"), 2: Decimal("0.5")},
    )
    assert plan.by_period == (Decimal(0), Decimal(50), Decimal(50))
    assert plan.carried_over == Decimal(200)
    assert sum(plan.by_period) + plan.carried_over == Decimal(300)


def test_collection_rate_and_bad_delay() -> None:
    plan = collection_plan([Decimal(100)], {0: Decimal(1)}, collection_rate=Decimal("0.9"))
    assert plan.by_period == (Decimal(90),)
    with pytest.raises(ValueError, match="delay"):
        collection_plan([Decimal(1)], {})
    with pytest.raises(ValueError, match="delay"):
        collection_plan([Decimal(1)], {-1: Decimal(1)})
