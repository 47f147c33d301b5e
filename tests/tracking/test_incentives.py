from __future__ import annotations

from decimal import Decimal

import pytest

from pacer.tracking.incentives import IncentivePlan, MonthResult, statement

PLAN = IncentivePlan()


def amounts(s):  # type: ignore[no-untyped-def]
    return {line.code: line.amount for line in s.lines}


def test_field_example_above_120_percent() -> None:
    # target 50万, sales 62万 (124 %); planned 5 proposals, done 7; every stage done.
    result = MonthResult(
        target=Decimal(500_000),
        sales_by_line={"plc": Decimal(620_000)},
        actions_planned={"lead": 30, "needs": 10, "proposal": 5},
        actions_done={"lead": 31, "needs": 10, "proposal": 7},
    )
    s = statement(result, PLAN)
    assert amounts(s) == {
        "actions_complete": Decimal(500),
        "extra_proposals": Decimal(400),
        "commission": Decimal("18600.00"),  # 620,000 × (2 % + 1 %)
        "accelerator": Decimal("31000.00"),  # 5 % of 620,000
    }
    assert s.total == Decimal("50500.00")
    assert s.attainment == Decimal("1.24")


def test_target_missed_pays_base_rate_only_and_no_action_bonus() -> None:
    result = MonthResult(
        target=Decimal(500_000),
        sales_by_line={"plc": Decimal(400_000)},
        actions_planned={"lead": 30, "proposal": 5},
        actions_done={"lead": 20, "proposal": 5},
    )
    assert amounts(statement(result, PLAN)) == {"commission": Decimal("8000.00")}


def test_exactly_120_percent_has_no_accelerator_and_met_target_raises_the_rate() -> None:
    result = MonthResult(target=Decimal(100), sales_by_line={"plc": Decimal(120)})
    got = amounts(statement(result, PLAN))
    assert got == {"commission": Decimal("3.60")}


def test_new_products_weigh_more_and_mentoring_pays() -> None:
    plan = IncentivePlan(line_weights={"plc-li": Decimal("1.2")}, basis="payments")
    result = MonthResult(
        target=Decimal(0),
        sales_by_line={"plc-s": Decimal(100_000), "plc-li": Decimal(100_000)},
        mentee_sales=Decimal(300_000),
    )
    s = statement(result, plan)
    assert s.weighted_sales == Decimal(220_000)
    assert s.attainment is None
    assert amounts(s) == {"commission": Decimal("4400.00"), "mentoring": Decimal("3000.00")}


def test_basis_must_be_orders_or_payments() -> None:
    with pytest.raises(ValueError, match="orders or payments"):
        IncentivePlan(basis="leads")
