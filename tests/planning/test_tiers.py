from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.planning.tiers import Tier, summarise, tiers_by_pareto, tiers_by_threshold

PURCHASES = {
    1: Decimal(1_500_000),
    2: Decimal(1_000_000),  # exactly at the A boundary → A
    3: Decimal(999_999),
    4: Decimal(300_000),  # exactly at the B boundary → B
    5: Decimal(10_000),
    6: Decimal(0),
}


def test_threshold_boundaries_belong_upwards() -> None:
    tiers = tiers_by_threshold(PURCHASES)
    assert tiers == {1: Tier.A, 2: Tier.A, 3: Tier.B, 4: Tier.B, 5: Tier.C, 6: Tier.C}


def test_overrides_win_and_unknown_ids_are_ignored() -> None:
    tiers = tiers_by_threshold(PURCHASES, overrides={6: Tier.A, 99: Tier.A})
    assert tiers[6] is Tier.A
    assert 99 not in tiers


def test_thresholds_must_be_ordered() -> None:
    with pytest.raises(ValueError, match="above"):
        tiers_by_threshold(PURCHASES, a_threshold=Decimal(1), b_threshold=Decimal(2))


def test_pareto_top_customers_make_the_a_share() -> None:
    purchases = {1: Decimal(60), 2: Decimal(20), 3: Decimal(10), 4: Decimal(5), 5: Decimal(5)}
    tiers = tiers_by_pareto(purchases)
    # cumulative before each: 0 → A, 0.6 → A (crosses 0.7), 0.8 → B, 0.9 → C, 0.95 → C
    assert tiers == {1: Tier.A, 2: Tier.A, 3: Tier.B, 4: Tier.C, 5: Tier.C}


def test_pareto_ties_are_stable_and_zero_total_is_all_c() -> None:
    assert tiers_by_pareto({2: Decimal(1), 1: Decimal(1)}, a_share=Decimal("0.5")) == {
        1: Tier.A,
        2: Tier.B,
    }
    assert set(tiers_by_pareto({1: Decimal(0), 2: Decimal(0)}).values()) == {Tier.C}


def test_pareto_shares_must_be_valid() -> None:
    with pytest.raises(ValueError, match="Pareto"):
        tiers_by_pareto(PURCHASES, a_share=Decimal("0.95"), b_share=Decimal("0.9"))


def test_summary_counts_and_shares() -> None:
    tiers = tiers_by_threshold(PURCHASES)
    summary = {s.tier: s for s in summarise(tiers, PURCHASES)}
    assert summary[Tier.A].count == 2
    assert summary[Tier.A].amount == Decimal(2_500_000)
    assert abs(sum(s.share for s in summary.values()) - 1) < Decimal("1e-20")
    assert summarise({}, {})[0].share == 0


@given(st.dictionaries(st.integers(1, 500), st.integers(0, 10**9).map(Decimal), max_size=60))
def test_pareto_a_tier_reaches_its_share(purchases: dict[int, Decimal]) -> None:
    tiers = tiers_by_pareto(purchases)
    total = sum(purchases.values(), Decimal(0))
    a_amount = sum((purchases[c] for c, t in tiers.items() if t is Tier.A), Decimal(0))
    if total:
        assert a_amount / total >= Decimal("0.7")
