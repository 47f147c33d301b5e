"""Months of every node of both trees, each following the projects behind that node.

Each node's months are split on its own projects and seasonality (``split_buckets``), then
fitted top down so that every parent's months are exactly its children's months added up
(``reconcile.fit_months``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal

from pacer.planning.backing import MarketCell, group_backing
from pacer.planning.business_type import BusinessType
from pacer.planning.inputs import OpenProject
from pacer.planning.periods import Period
from pacer.planning.pipeline_split import (
    Buckets,
    PeriodTarget,
    TimeSplit,
    merge_buckets,
    split_buckets,
)
from pacer.planning.reconcile import fit_months
from pacer.planning.seasonality import Seasonality
from pacer.planning.tree import PlanNode

Path = tuple[str, ...]


def all_months(
    periods: Sequence[Period],
    projects: Sequence[OpenProject],
    seasonality: Seasonality,
    trees: tuple[PlanNode, PlanNode],
    threshold: Decimal,
) -> dict[tuple[str, Path], TimeSplit]:
    """Months of every node of the market and org ``trees``, keyed by tree name and path.

    The projects are grouped by period once per market cell and once per owner; a node's
    groups are those of the cells or owners below it, so no node scans every project.
    ``threshold`` is the coverage below which a month is warned about.
    """
    market_tree, org_tree = trees
    season = list(seasonality.shares)
    n = len(periods)
    cell_buckets, owner_buckets = group_backing(periods, projects)

    def split(amount: Decimal, parts: list[Buckets]) -> TimeSplit:
        # One group is its own merge: its sums already started from zero.
        buckets = parts[0] if len(parts) == 1 else merge_buckets(parts, n)
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
            PeriodTarget(
                period=p.period,
                amount=amount,
                identified=identified,
                run_rate=amount - identified,
                season_share=p.season_share,
                project_ids=p.project_ids,
                pipeline=p.pipeline,
                coverage=coverage,
                coverage_warning=coverage is not None and coverage < threshold,
                backed=p.backed,
            )
        )
    identified_total = sum((p.identified for p in periods), Decimal(0))
    return replace(
        split,
        periods=tuple(periods),
        identified_total=identified_total,
        run_rate_total=split.target - identified_total,
    )


def _market_filter(path: Path) -> Callable[[MarketCell], bool]:
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
