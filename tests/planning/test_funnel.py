from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.planning.funnel import (
    STAGES,
    FunnelRates,
    FunnelStage,
    monthly_actions,
    pick_rates,
    stage_counts,
)
from pacer.planning.periods import FiscalYear

RATES = FunnelRates(
    lead_to_needs=Decimal("0.33"),
    needs_to_proposal=Decimal("0.5"),
    proposal_to_won=Decimal("0.3"),
    avg_deal_size=Decimal(200_000),
    days_lead_to_needs=30,
    days_needs_to_proposal=30,
    days_proposal_to_won=31,
)


def test_reverse_funnel_hand_calculation() -> None:
    # 1,000,000 / 200,000 = 5 deals; 5 / 0.3 = 16.7 → 17 proposals; 17 / 0.5 = 34 needs;
    # 34 / 0.33 = 103.03 → 104 leads.
    assert stage_counts(Decimal(1_000_000), RATES) == {
        FunnelStage.LEAD: 104,
        FunnelStage.NEEDS: 34,
        FunnelStage.PROPOSAL: 17,
        FunnelStage.WON: 5,
    }
    assert stage_counts(Decimal(0), RATES)[FunnelStage.LEAD] == 0


def test_monthly_actions_are_placed_earlier_by_stage_duration() -> None:
    june = FiscalYear(2026).months()[5]
    actions = monthly_actions([(june, Decimal(400_000))], RATES)
    by_stage = {a.stage: a for a in actions}
    assert by_stage[FunnelStage.WON].due == date(2026, 6, 30)
    assert by_stage[FunnelStage.PROPOSAL].due == date(2026, 5, 30)
    assert by_stage[FunnelStage.LEAD].due == date(2026, 3, 31)
    assert by_stage[FunnelStage.LEAD].feeds == june
    assert [a.stage for a in actions] == list(STAGES)


def test_monthly_counts_add_up_to_the_yearly_counts() -> None:
    months = FiscalYear(2026).months()
    targets = [(m, Decimal(150_000)) for m in months]
    actions = monthly_actions(targets, RATES)
    yearly = stage_counts(Decimal(1_800_000), RATES)
    for stage in STAGES:
        assert sum(a.count for a in actions if a.stage is stage) == yearly[stage]


@given(st.lists(st.integers(0, 5_000_000).map(Decimal), min_size=12, max_size=12))
def test_monthly_counts_always_add_up(amounts: list[Decimal]) -> None:
    months = FiscalYear(2026).months()
    actions = monthly_actions(list(zip(months, amounts, strict=True)), RATES)
    yearly = stage_counts(sum(amounts, Decimal(0)), RATES)
    for stage in STAGES:
        assert sum(a.count for a in actions if a.stage is stage) == yearly[stage]


def test_negative_period_target_rejected() -> None:
    with pytest.raises(ValueError, match="negative"):
        monthly_actions([(FiscalYear(2026).months()[0], Decimal(-1))], RATES)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("lead_to_needs", Decimal(0), "conversion"),
        ("proposal_to_won", Decimal("1.2"), "conversion"),
        ("avg_deal_size", Decimal(0), "deal size"),
        ("days_proposal_to_won", -1, "durations"),
    ],
)
def test_invalid_rates(field: str, value: object, message: str) -> None:
    args: dict[str, object] = {
        "lead_to_needs": Decimal("0.5"),
        "needs_to_proposal": Decimal("0.5"),
        "proposal_to_won": Decimal("0.5"),
        "avg_deal_size": Decimal(1),
    }
    args[field] = value
    with pytest.raises(ValueError, match=message):
        FunnelRates(**args)  # type: ignore[arg-type]


def test_pick_rates_prefers_own_history_only_with_enough_deals() -> None:
    own = FunnelRates(Decimal("0.5"), Decimal("0.5"), Decimal("0.5"), Decimal(1), sample=5)
    assert pick_rates(own, RATES) is RATES
    assert pick_rates(own, RATES, min_sample=5) is own
    assert pick_rates(None, RATES) is RATES
