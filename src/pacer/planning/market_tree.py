"""The market tree: company → business type → industry → region.

Repeat business goes where the existing customers are (their expected repeat purchases);
new-customer business where new customers were won before and where the new-customer pipeline
is; new products where their pipeline is, then where new business was won before. Each split
is by weight with the largest-remainder method, so every level sums exactly to its parent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal

from pacer.planning.business_type import BUSINESS_TYPES, BusinessType
from pacer.planning.explain import Driver
from pacer.planning.inputs import CustomerHistory, OpenProject
from pacer.planning.money import split_by_weights
from pacer.planning.tree import PlanNode

Cell = tuple[str, str]  # (industry, region)


def repeat_weights(
    customers: Sequence[CustomerHistory], retention: Decimal, renewal_uplift: Decimal
) -> dict[Cell, Decimal]:
    """Expected repeat purchase per cell: kept base plus renewals falling due."""
    weights: dict[Cell, Decimal] = defaultdict(Decimal)
    for c in customers:
        if c.renewal_due:
            weights[(c.industry, c.region)] += c.yearly_average * renewal_uplift
        else:
            weights[(c.industry, c.region)] += c.last_12_months * retention
    return dict(weights)


def pipeline_weights(projects: Sequence[OpenProject]) -> dict[BusinessType, dict[Cell, Decimal]]:
    """Weighted pipeline (Σ amount × probability, yuan) per business type and cell."""
    weights: dict[BusinessType, dict[Cell, Decimal]] = {
        bt: defaultdict(Decimal) for bt in BUSINESS_TYPES
    }
    for p in projects:
        weights[p.business_type][(p.industry, p.region)] += p.amount * p.probability
    return {bt: dict(w) for bt, w in weights.items()}


def build_market_tree(
    *,
    target: Decimal,
    type_amounts: Mapping[BusinessType, Decimal],
    type_drivers: Mapping[BusinessType, tuple[Driver, ...]],
    weights_by_type: Mapping[BusinessType, Mapping[Cell, Decimal]],
    industries: Sequence[str],
    labels: Mapping[str, str],
) -> PlanNode:
    """The tree; a business type without any weight is split evenly over ``industries``."""
    children = []
    for bt in BUSINESS_TYPES:
        amount = type_amounts[bt]
        weights = {cell: w for cell, w in weights_by_type[bt].items() if w > 0}
        industry_nodes = _industry_nodes(bt, amount, weights, industries, labels)
        children.append(
            PlanNode(
                dimension="business_type",
                key=bt.value,
                label=labels.get(f"business_type:{bt.value}", bt.value),
                amount=amount,
                method="business_type",
                drivers=type_drivers[bt],
                children=tuple(industry_nodes),
            )
        )
    return PlanNode(
        dimension="company",
        key="company",
        label=labels.get("company", "company"),
        amount=target,
        method="target",
        drivers=(Driver("annual_target", {"target": target}),),
        children=tuple(children),
    )


def _industry_nodes(
    bt: BusinessType,
    amount: Decimal,
    weights: Mapping[Cell, Decimal],
    industries: Sequence[str],
    labels: Mapping[str, str],
) -> list[PlanNode]:
    if not weights:
        if not industries:
            return []
        parts = split_by_weights(amount, [Decimal(1)] * len(industries))
        return [
            PlanNode(
                dimension="industry",
                key=ind,
                label=labels.get(f"industry:{ind}", ind),
                amount=part,
                method="even_no_history",
                drivers=(Driver("no_history_even", {"count": len(industries)}),),
            )
            for ind, part in zip(industries, parts, strict=True)
        ]
    by_industry: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for (ind, reg), w in sorted(weights.items()):
        by_industry[ind][reg] = w
    names = sorted(by_industry)
    industry_weights = [sum(by_industry[i].values(), Decimal(0)) for i in names]
    total_weight = sum(industry_weights, Decimal(0))
    parts = split_by_weights(amount, industry_weights)
    nodes = []
    for ind, weight, part in zip(names, industry_weights, parts, strict=True):
        regions = sorted(by_industry[ind])
        region_weights = [by_industry[ind][r] for r in regions]
        region_parts = split_by_weights(part, region_weights)
        region_nodes = tuple(
            PlanNode(
                dimension="region",
                key=reg,
                label=labels.get(f"region:{reg}", reg),
                amount=rp,
                method=f"{bt.value}_weight",
                drivers=(Driver("weight_share", {"weight": rw, "share": rw / weight}),),
            )
            for reg, rw, rp in zip(regions, region_weights, region_parts, strict=True)
        )
        nodes.append(
            PlanNode(
                dimension="industry",
                key=ind,
                label=labels.get(f"industry:{ind}", ind),
                amount=part,
                method=f"{bt.value}_weight",
                drivers=(
                    Driver("weight_share", {"weight": weight, "share": weight / total_weight}),
                ),
                children=region_nodes,
            )
        )
    return nodes
