"""The reverse funnel: a revenue target back-calculated into the actions that produce it.

``deals = ⌈target ÷ average deal size⌉``, then for each earlier stage
``count = ⌈next stage's count ÷ conversion(stage → next)⌉``. Over several months the counts are
taken on the *cumulative* target and differenced, so the monthly numbers add up exactly to the
yearly ones instead of each month rounding up on its own. Each stage is due earlier than the
signings it feeds by the typical time the later stages take: the leads for June's signings are
due months before June.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from pacer.planning.periods import Period


class FunnelStage(StrEnum):
    """Funnel stages from first contact to signing (线索 → 需求 → 方案 → 签单)."""

    LEAD = "lead"
    NEEDS = "needs"
    PROPOSAL = "proposal"
    WON = "won"


STAGES = (FunnelStage.LEAD, FunnelStage.NEEDS, FunnelStage.PROPOSAL, FunnelStage.WON)
_STAGE_ORDER = {stage: i for i, stage in enumerate(STAGES)}


@dataclass(frozen=True)
class FunnelRates:
    """Conversion rates (0 < rate ≤ 1), average deal size (yuan) and stage durations (days).

    ``days_to_next[s]`` is the typical time from reaching stage ``s`` to reaching the next one.
    ``sample`` is how many closed deals the rates were learned from (0 for assumptions).
    """

    lead_to_needs: Decimal
    needs_to_proposal: Decimal
    proposal_to_won: Decimal
    avg_deal_size: Decimal
    days_lead_to_needs: int = 14
    days_needs_to_proposal: int = 21
    days_proposal_to_won: int = 30
    sample: int = 0

    def __post_init__(self) -> None:
        for name in ("lead_to_needs", "needs_to_proposal", "proposal_to_won"):
            rate = getattr(self, name)
            if not 0 < rate <= 1:
                msg = f"conversion {name} = {rate} must be in (0, 1]"
                raise ValueError(msg)
        if self.avg_deal_size <= 0:
            msg = f"average deal size {self.avg_deal_size} must be positive"
            raise ValueError(msg)
        if min(self.days_lead_to_needs, self.days_needs_to_proposal, self.days_proposal_to_won) < 0:
            msg = "stage durations cannot be negative"
            raise ValueError(msg)

    def lead_time(self, stage: FunnelStage) -> int:
        """Days from reaching ``stage`` to signing."""
        after = {
            FunnelStage.LEAD: self.days_lead_to_needs
            + self.days_needs_to_proposal
            + self.days_proposal_to_won,
            FunnelStage.NEEDS: self.days_needs_to_proposal + self.days_proposal_to_won,
            FunnelStage.PROPOSAL: self.days_proposal_to_won,
            FunnelStage.WON: 0,
        }
        return after[stage]


def pick_rates(own: FunnelRates | None, team: FunnelRates, *, min_sample: int = 20) -> FunnelRates:
    """A person's own rates when they rest on enough closed deals, else the team's."""
    if own is not None and own.sample >= min_sample:
        return own
    return team


def stage_counts(target: Decimal, rates: FunnelRates) -> dict[FunnelStage, int]:
    """How many of each stage a revenue ``target`` (yuan) needs; zero target needs nothing."""
    if target <= 0:
        return dict.fromkeys(STAGES, 0)
    deals = math.ceil(target / rates.avg_deal_size)
    proposals = math.ceil(deals / rates.proposal_to_won)
    needs = math.ceil(proposals / rates.needs_to_proposal)
    leads = math.ceil(needs / rates.lead_to_needs)
    return {
        FunnelStage.LEAD: leads,
        FunnelStage.NEEDS: needs,
        FunnelStage.PROPOSAL: proposals,
        FunnelStage.WON: deals,
    }


@dataclass(frozen=True)
class FunnelAction:
    """``count`` of ``stage`` to reach by ``due`` (inclusive), feeding signings in ``feeds``."""

    stage: FunnelStage
    count: int
    due: date
    feeds: Period


def monthly_actions(
    targets: Sequence[tuple[Period, Decimal]], rates: FunnelRates
) -> list[FunnelAction]:
    """Funnel actions for consecutive periods' revenue targets, in order of due date.

    Counts are differences of the cumulative counts, so they add up to the counts of the whole
    year's target. Periods with nothing to do produce no action.
    """
    actions: list[FunnelAction] = []
    cumulative_target = Decimal(0)
    previous = dict.fromkeys(STAGES, 0)
    # Each stage's lead time ahead of the last day of the month it feeds.
    ahead = {stage: timedelta(days=rates.lead_time(stage) + 1) for stage in STAGES}
    for period, amount in targets:
        if amount < 0:
            msg = f"a period target cannot be negative: {period} {amount}"
            raise ValueError(msg)
        cumulative_target += amount
        counts = stage_counts(cumulative_target, rates)
        for stage in STAGES:
            count = counts[stage] - previous[stage]
            if count > 0:
                due = period.end - ahead[stage]
                actions.append(FunnelAction(stage=stage, count=count, due=due, feeds=period))
        previous = counts
    return sorted(actions, key=lambda a: (a.due, _STAGE_ORDER[a.stage]))
