"""Build a whole plan from its inputs: the three views, the trees, months, tiers, actions.

Pure composition of the planning core; the Django shell loads ``PlanInputs`` and saves the
``BuiltPlan``. Every amount is yuan to the fen and every split sums exactly to its whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
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
from pacer.planning.org_tree import build_org_tree, capacities
from pacer.planning.pipeline_split import (
    BackingProject,
    Buckets,
    TimeSplit,
    bucket_projects,
    merge_buckets,
    split_buckets,
)
from pacer.planning.reconcile import fit_months
from pacer.planning.rhythm import CollectionPlan, collection_plan
from pacer.planning.seasonality import EVEN, Seasonality, learn_seasonality
from pacer.planning.tiers import Tier, TierSummary, summarise, tiers_by_pareto, tiers_by_threshold
from pacer.planning.tree import PlanNode

Path = tuple[str, ...]


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
    new_product_weights = _merge(
        pipeline_weights(inputs.projects, BusinessType.NEW_PRODUCT), inputs.new_business_history
    )
    market_tree = build_market_tree(
        target=target,
        type_amounts=business_types.amounts,
        type_drivers=business_types.drivers,
        weights_by_type={
            BusinessType.REPEAT: repeat_weights(inputs.customers, retention, a.renewal_uplift),
            BusinessType.NEW_CUSTOMER: _merge(
                inputs.new_business_history,
                pipeline_weights(inputs.projects, BusinessType.NEW_CUSTOMER),
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
    months = _all_months(inputs, seasonality, market_tree, org_tree)
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


def _all_months(
    inputs: PlanInputs, seasonality: Seasonality, market_tree: PlanNode, org_tree: PlanNode
) -> dict[tuple[str, Path], TimeSplit]:
    """Months of every node, each following the projects behind that node.

    The projects are grouped by period once per market cell and once per owner; a node's
    groups are those of the cells or owners below it, so no node scans every project.
    """
    periods = inputs.year.months()
    season = list(seasonality.shares)
    threshold = inputs.assumptions.coverage_threshold
    n = len(periods)
    cells: dict[tuple[BusinessType, str, str], list[BackingProject]] = defaultdict(list)
    owned: dict[int, list[BackingProject]] = defaultdict(list)
    for p in inputs.projects:
        backing = BackingProject(p.project_id, p.amount, p.probability, p.expected_sign_date)
        cells[(p.business_type, p.industry, p.region)].append(backing)
        if p.owner_id is not None:
            owned[p.owner_id].append(backing)
    cell_buckets = {cell: bucket_projects(periods, ps) for cell, ps in cells.items()}
    owner_buckets = {owner: bucket_projects(periods, ps) for owner, ps in owned.items()}

    def split(amount: Decimal, parts: list[Buckets]) -> TimeSplit:
        buckets = merge_buckets(parts, n)
        return split_buckets(amount, periods, season, buckets, coverage_threshold=threshold)

    result: dict[tuple[str, Path], TimeSplit] = {}
    for path, node in market_tree.walk():
        keep = _market_filter(path)
        result[("market", path)] = split(
            node.amount, [b for c, b in cell_buckets.items() if keep(c)]
        )
    owners = _owners_below(org_tree)
    for path, node in org_tree.walk():
        if len(path) == 1:
            continue  # the company: the same months as the market tree's company (below)
        below = sorted(owners[path] & owner_buckets.keys())
        result[("org", path)] = split(node.amount, [owner_buckets[o] for o in below])
    # Both trees split the same company target: the company's months are one and the same.
    result[("org", (org_tree.key,))] = result[("market", (market_tree.key,))]
    _reconcile("market", market_tree, result, threshold)
    _reconcile("org", org_tree, result, threshold)
    return result


def _reconcile(
    tree: str,
    root: PlanNode,
    months: dict[tuple[str, Path], TimeSplit],
    threshold: Decimal,
) -> None:
    """Top down, fit each node's children's months to its own (see ``reconcile``)."""

    def visit(node: PlanNode, path: Path) -> None:
        if not node.children:
            return
        parent = months[(tree, path)]
        kids = [((*path, child.key), child) for child in node.children]
        fitted = fit_months(
            [p.amount for p in parent.periods],
            [child.amount for _path, child in kids],
            [[p.amount for p in months[(tree, kid_path)].periods] for kid_path, _c in kids],
        )
        for (kid_path, child), amounts in zip(kids, fitted, strict=True):
            months[(tree, kid_path)] = _with_amounts(months[(tree, kid_path)], amounts, threshold)
            visit(child, kid_path)

    visit(root, (root.key,))


def _with_amounts(split: TimeSplit, amounts: Sequence[Decimal], threshold: Decimal) -> TimeSplit:
    """The same split with new month amounts; identified business never exceeds its month."""
    periods = []
    for p, amount in zip(split.periods, amounts, strict=True):
        identified = min(p.identified, amount)
        coverage = (p.pipeline / amount).quantize(Decimal("0.01")) if amount > 0 else None
        periods.append(
            replace(
                p,
                amount=amount,
                identified=identified,
                run_rate=amount - identified,
                coverage=coverage,
                coverage_warning=coverage is not None and coverage < threshold,
            )
        )
    identified_total = sum((p.identified for p in periods), Decimal(0))
    return replace(
        split,
        periods=tuple(periods),
        identified_total=identified_total,
        run_rate_total=split.target - identified_total,
    )


def _market_filter(path: Path) -> Callable[[tuple[BusinessType, str, str]], bool]:
    """Whether a market cell (business type, industry, region) lies below the node at ``path``."""
    bt = BusinessType(path[1]) if len(path) > 1 else None
    industry = path[2] if len(path) > 2 else None
    region = path[3] if len(path) > 3 else None
    return lambda cell: (
        (bt is None or cell[0] is bt)
        and (industry is None or cell[1] == industry)
        and (region is None or cell[2] == region)
    )


def _owners_below(tree: PlanNode) -> dict[Path, frozenset[int]]:
    """Person ids at or below every node of the org tree."""
    result: dict[Path, frozenset[int]] = {}

    def visit(node: PlanNode, path: Path) -> frozenset[int]:
        here = (*path, node.key)
        ids: set[int] = set()
        if node.dimension == "person":
            ids.add(int(node.key.split(":", 1)[1]))
        for child in node.children:
            ids |= visit(child, here)
        result[here] = frozenset(ids)
        return result[here]

    visit(tree, ())
    return result


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
