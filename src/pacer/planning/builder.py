"""Build a whole plan from its inputs: the three views, the trees, months, tiers, actions.

Pure composition of the planning core; the Django shell loads ``PlanInputs`` and saves the
``BuiltPlan``. Every amount is yuan to the fen and every split sums exactly to its whole.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from pacer.planning.budget import Budget, plan_budget
from pacer.planning.business_type import (
    BUSINESS_TYPES,
    BusinessType,
    BusinessTypeInputs,
    BusinessTypeSplit,
    split_by_business_type,
)
from pacer.planning.explain import Driver
from pacer.planning.feasibility import TargetViews, assess_target
from pacer.planning.funnel import FunnelAction, FunnelRates, monthly_actions, pick_rates
from pacer.planning.inputs import PlanInputs
from pacer.planning.levels import Levels, ambition_levels
from pacer.planning.market_tree import build_market_tree, pipeline_weights, repeat_weights
from pacer.planning.money import FEN, split_by_weights
from pacer.planning.node_months import Path, all_months
from pacer.planning.org_tree import build_org_tree, capacities
from pacer.planning.pipeline_split import (
    TimeSplit,
)
from pacer.planning.rhythm import CollectionPlan, collection_plan
from pacer.planning.seasonality import EVEN, Seasonality, learn_seasonality
from pacer.planning.tiers import Tier, TierSummary, summarise, tiers_by_pareto, tiers_by_threshold
from pacer.planning.tree import PlanNode


@dataclass(frozen=True)
class TierPlan:
    """A tier's customers, last-12-months purchase and planned repeat contribution (yuan)."""

    summary: TierSummary
    planned_repeat: Decimal


@dataclass(frozen=True)
class PersonActions:
    person_id: int
    rates: FunnelRates
    rates_source: str
    actions: tuple[FunnelAction, ...]


@dataclass(frozen=True)
class BuiltPlan:
    views: TargetViews
    levels: Levels
    seasonality: Seasonality
    business_types: BusinessTypeSplit
    retention: Decimal
    market_tree: PlanNode
    org_tree: PlanNode
    months: Mapping[tuple[str, Path], TimeSplit]
    tier_of: Mapping[int, Tier]
    tiers: tuple[TierPlan, ...]
    actions: tuple[PersonActions, ...]
    budget: Budget
    collections: CollectionPlan
    warnings: tuple[Driver, ...]


def build_plan(inputs: PlanInputs) -> BuiltPlan:
    """The whole plan for ``inputs.target`` in ``inputs.year``."""
    with _cycle_collection_paused():
        return _build(inputs)


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, as it was before afterwards.

    A build makes hundreds of thousands of small values, almost none of them in reference
    cycles (they are freed as soon as they are dropped; the few cycles, recursive helper
    functions, are collected once the collector runs again), while the inputs it reads hold
    as many again: each collection pass during the build would walk all the inputs for
    nothing, a quarter of the build's time for a large company.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(inputs: PlanInputs) -> BuiltPlan:
    a = inputs.assumptions
    target = inputs.target
    retention = _retention(inputs)
    history_years = sorted(y for y in inputs.yearly_history if y < inputs.year.year)
    history = [inputs.yearly_history[y] for y in history_years]
    last_year = history[-1] if history else Decimal(0)
    growth = a.wanted_growth
    if growth is None:
        growth = target / last_year - 1 if last_year > 0 else Decimal(0)

    renewals = sum(
        (c.yearly_average * a.renewal_uplift for c in inputs.customers if c.renewal_due), Decimal(0)
    )
    repeat_base = sum((c.last_12_months for c in inputs.customers if not c.renewal_due), Decimal(0))
    new_product_plan = (target * a.new_product_share).quantize(FEN)
    bt_inputs = BusinessTypeInputs(
        repeat_base=repeat_base,
        retention=retention,
        renewal_potential=renewals,
        new_product_plan=new_product_plan,
        min_new_product_share=a.min_new_product_share,
    )
    business_types = split_by_business_type(target, bt_inputs, shares=a.business_type_shares)

    new_customer_history = sum(inputs.new_business_history.values(), Decimal(0))
    new_customer_pipeline = _weighted(inputs, BusinessType.NEW_CUSTOMER)
    views = assess_target(
        target=target,
        history=history,
        wanted_growth=growth,
        bottom_up_parts=[
            ("repeat", (repeat_base * retention).quantize(FEN)),
            ("renewals", renewals.quantize(FEN)),
            ("new_product_plan", new_product_plan),
            ("new_customer", max(new_customer_history, new_customer_pipeline).quantize(FEN)),
        ],
        market=a.market,
        rules=a.verdict_rules,
    )

    industries = sorted(
        {c.industry for c in inputs.customers} | {p.industry for p in inputs.projects}
    )
    pipeline = pipeline_weights(inputs.projects)
    new_product_weights = _merge(pipeline[BusinessType.NEW_PRODUCT], inputs.new_business_history)
    market_tree = build_market_tree(
        target=target,
        type_amounts=business_types.amounts,
        type_drivers=business_types.drivers,
        weights_by_type={
            BusinessType.REPEAT: repeat_weights(inputs.customers, retention, a.renewal_uplift),
            BusinessType.NEW_CUSTOMER: _merge(
                inputs.new_business_history,
                pipeline[BusinessType.NEW_CUSTOMER],
            ),
            BusinessType.NEW_PRODUCT: new_product_weights,
        },
        industries=industries,
        labels=inputs.labels,
    )
    caps = capacities(inputs.people, inputs.year, a.ramp)
    org_tree = build_org_tree(
        target=target,
        people=inputs.people,
        teams=inputs.teams,
        caps=caps,
        over_assign=a.over_assign,
        labels=inputs.labels,
    )

    seasonality = _seasonality(inputs)
    months = all_months(
        inputs.year.months(),
        inputs.projects,
        seasonality,
        (market_tree, org_tree),
        inputs.assumptions.coverage_threshold,
    )
    root_months = months[("market", ("company",))]

    tier_of, tiers = _tiers(inputs, business_types.amounts[BusinessType.REPEAT], retention)
    repeat_share = business_types.amounts[BusinessType.REPEAT] / target if target else Decimal(0)
    actions = _actions(inputs, months, repeat_share)
    budget = plan_budget(target, rate=a.budget_rate)
    collections = collection_plan(
        [p.amount for p in root_months.periods],
        inputs.payment_delay or {0: Decimal(1)},
        collection_rate=inputs.collection_rate,
    )
    return BuiltPlan(
        views=views,
        levels=ambition_levels(target, a.ambition),
        seasonality=seasonality,
        business_types=business_types,
        retention=retention,
        market_tree=market_tree,
        org_tree=org_tree,
        months=months,
        tier_of=tier_of,
        tiers=tiers,
        actions=actions,
        budget=budget,
        collections=collections,
        warnings=_warnings(root_months, business_types, seasonality, inputs.as_of),
    )


def _retention(inputs: PlanInputs) -> Decimal:
    if inputs.assumptions.retention is not None:
        return inputs.assumptions.retention
    if inputs.observed_retention is not None:
        return min(max(inputs.observed_retention, Decimal(0)), Decimal(1))
    return Decimal("0.8")


def _weighted(inputs: PlanInputs, bt: BusinessType) -> Decimal:
    year = inputs.year.period
    return sum(
        (
            p.amount * p.probability
            for p in inputs.projects
            if p.business_type is bt and p.expected_sign_date in year
        ),
        Decimal(0),
    )


def _merge(*weights: Mapping[tuple[str, str], Decimal]) -> dict[tuple[str, str], Decimal]:
    merged: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for w in weights:
        for cell, value in w.items():
            merged[cell] += value
    return dict(merged)


def _seasonality(inputs: PlanInputs) -> Seasonality:
    if inputs.assumptions.seasonality_source == "even":
        return EVEN
    past = {y: m for y, m in inputs.monthly_history.items() if y < inputs.year.year}
    return learn_seasonality(past)


def _tiers(
    inputs: PlanInputs, repeat_amount: Decimal, retention: Decimal
) -> tuple[dict[int, Tier], tuple[TierPlan, ...]]:
    a = inputs.assumptions
    purchases = {c.customer_id: c.last_12_months for c in inputs.customers}
    overrides = {c.customer_id: c.tier_override for c in inputs.customers if c.tier_override}
    if a.tier_method == "pareto":
        tier_of = tiers_by_pareto(
            purchases, a_share=a.tier_a_share, b_share=a.tier_b_share, overrides=overrides
        )
    else:
        tier_of = tiers_by_threshold(
            purchases,
            a_threshold=a.tier_a_threshold,
            b_threshold=a.tier_b_threshold,
            overrides=overrides,
        )
    potential: dict[Tier, Decimal] = defaultdict(Decimal)
    for c in inputs.customers:
        weight = (
            c.yearly_average * a.renewal_uplift if c.renewal_due else c.last_12_months * retention
        )
        potential[tier_of[c.customer_id]] += weight
    parts = split_by_weights(repeat_amount, [potential[t] for t in Tier])
    summaries = summarise(tier_of, purchases)
    return tier_of, tuple(
        TierPlan(summary=s, planned_repeat=part) for s, part in zip(summaries, parts, strict=True)
    )


def _actions(
    inputs: PlanInputs, months: Mapping[tuple[str, Path], TimeSplit], repeat_share: Decimal
) -> tuple[PersonActions, ...]:
    """Funnel actions per person: their new business (non-repeat part) back through the funnel."""
    a = inputs.assumptions
    result = []
    for (tree, path), split in sorted(months.items()):
        if tree != "org" or not path[-1].startswith("person:"):
            continue
        person_id = int(path[-1].split(":", 1)[1])
        own = inputs.person_rates.get(person_id)
        rates = pick_rates(own, inputs.team_rates, min_sample=a.min_funnel_sample)
        source = "person" if rates is own else "team"
        rates = _what_if(rates, a.win_rate_factor, a.deal_size_factor)
        new_business = [
            (p.period, (p.amount * (1 - repeat_share)).quantize(FEN)) for p in split.periods
        ]
        result.append(
            PersonActions(
                person_id=person_id,
                rates=rates,
                rates_source=source,
                actions=tuple(monthly_actions(new_business, rates)),
            )
        )
    return tuple(result)


def _what_if(rates: FunnelRates, win_factor: Decimal, size_factor: Decimal) -> FunnelRates:
    if win_factor == 1 and size_factor == 1:
        return rates
    return replace(
        rates,
        proposal_to_won=min(Decimal(1), rates.proposal_to_won * win_factor),
        avg_deal_size=rates.avg_deal_size * size_factor,
    )


def _warnings(
    root: TimeSplit, business_types: BusinessTypeSplit, seasonality: Seasonality, as_of: date
) -> tuple[Driver, ...]:
    """What the plan's reader should look at; months already over are not warned about."""
    warnings: list[Driver] = []
    if seasonality.is_even:
        warnings.append(Driver("no_seasonal_history"))
    if business_types.scaled_down:
        warnings.append(Driver("business_types_scaled"))
    for p in root.periods:
        if p.period.end <= as_of:
            continue
        month = p.period.start.isoformat()
        if not p.backed:
            warnings.append(Driver("period_not_backed", {"month": month}))
        elif p.coverage_warning and p.coverage is not None:
            warnings.append(Driver("low_coverage", {"month": month, "coverage": p.coverage}))
    return tuple(warnings)


def quarters(split: TimeSplit) -> list[tuple[int, Decimal, Decimal, tuple[int, ...]]]:
    """Quarter number, amount, identified part and backing projects, from the months."""
    result = []
    for q in range(4):
        months = split.periods[3 * q : 3 * q + 3]
        result.append(
            (
                q + 1,
                sum((m.amount for m in months), Decimal(0)),
                sum((m.identified for m in months), Decimal(0)),
                tuple(sorted({pid for m in months for pid in m.project_ids})),
            )
        )
    return result


__all__ = ["BUSINESS_TYPES", "BuiltPlan", "build_plan", "quarters"]
