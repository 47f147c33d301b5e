"""Progress of a plan on a reference day, for a reader: every node they may see, every window.

For each node: target, actual (signed orders), attainment, expected-to-date (from the plan's
own months and the within-month rhythm), pace and pace gap, projection to the window's end and
a red / yellow / green signal by pace, over the month, quarter, year to date and year of the
reference day; its months with orders and payments; at the company nodes, payments against
the plan's collection plan; its funnel against the plan's actions with the bottleneck; and the
projects that slipped out of its months.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pacer.access import Actor, projects_for
from pacer.planning.periods import Period
from pacer.plans.models import Plan
from pacer.plans.selectors import visible_node_ids
from pacer.progress.actuals import Actuals, load_actuals
from pacer.progress.config import pace_thresholds
from pacer.progress.funnel import FunnelCounts, funnel_counts
from pacer.progress.gaps import Attribution, SlippedProject, attribution, slipped_projects
from pacer.progress.nodes import MARKET, ORG, NodeInfo, PlanIndex, plan_index
from pacer.tracking.alerts import Signal
from pacer.tracking.gap import STAGE_ORDER
from pacer.tracking.progress import MonthTarget, progress
from pacer.tracking.rag import PaceThresholds, pace_signal
from pacer.tracking.windows import Window, windows

TREES = (MARKET, ORG)


@dataclass(frozen=True)
class Figures:
    """Amounts in yuan; ratios as Decimals (1 = 100 %), None when nothing is planned."""

    target: Decimal
    actual: Decimal
    expected_to_date: Decimal
    attainment: Decimal | None
    pace: Decimal | None
    pace_gap: Decimal
    projection: Decimal
    signal: Signal


@dataclass(frozen=True)
class MonthRow:
    period: Period
    target: Decimal
    actual: Decimal
    attainment: Decimal | None
    payments: Decimal
    payments_target: Decimal | None
    plan_year_payments: Decimal | None


@dataclass(frozen=True)
class NodeProgress:
    node: NodeInfo
    windows: dict[str, Figures]
    months: tuple[MonthRow, ...]
    payments_actual: Decimal
    payments: dict[str, Figures] | None
    funnel: Attribution | None
    slipped: tuple[SlippedProject, ...]

    @property
    def year(self) -> Figures:
        return self.windows["year"]

    @property
    def behind(self) -> bool:
        return self.year.pace_gap < 0


@dataclass(frozen=True)
class FunnelMonth:
    period: Period
    planned: dict[str, int]
    done: dict[str, int]

    @property
    def cells(self) -> list[tuple[str, int, int]]:
        """(stage, planned, done) in funnel order."""
        return [(s, self.planned[s], self.done[s]) for s in STAGE_ORDER]


@dataclass(frozen=True)
class NodeFunnel:
    node: NodeInfo
    months: tuple[FunnelMonth, ...]
    attribution: Attribution


@dataclass(frozen=True)
class TrackReport:
    plan: Plan
    as_of: date
    windows: tuple[Window, ...]
    months: tuple[Period, ...]
    thresholds: PaceThresholds
    trees: dict[str, tuple[NodeProgress, ...]]
    funnels: dict[int, NodeFunnel]

    @property
    def people_funnels(self) -> list[NodeFunnel]:
        """The funnels of the person nodes, in the org tree's order."""
        return [f for f in self.funnels.values() if f.node.dimension == "person"]

    def funnel_for(self, node_id: int) -> NodeFunnel | None:
        """An org node's funnel by month; the market company shares the org company's."""
        if node_id in self.funnels:
            return self.funnels[node_id]
        node = self.node(node_id)
        if node is None or node.node.parent_id is not None:
            return None
        return next((f for f in self.funnels.values() if f.node.parent_id is None), None)

    def node(self, node_id: int) -> NodeProgress | None:
        for nodes in self.trees.values():
            for n in nodes:
                if n.node.id == node_id:
                    return n
        return None

    def children(self, node_id: int) -> list[NodeProgress]:
        return [n for nodes in self.trees.values() for n in nodes if n.node.parent_id == node_id]

    def ancestors(self, node_id: int) -> list[NodeProgress]:
        """The visible nodes above ``node_id``, root first."""
        chain, current = [], self.node(node_id)
        while current is not None and current.node.parent_id is not None:
            current = self.node(current.node.parent_id)
            if current is not None:
                chain.append(current)
        return list(reversed(chain))


def figures(
    months: Sequence[MonthTarget], actual: Decimal, as_of: date, thresholds: PaceThresholds
) -> Figures:
    p = progress(months, actual, as_of)
    return Figures(
        target=p.target,
        actual=p.actual,
        expected_to_date=p.expected_to_date,
        attainment=p.attainment,
        pace=p.pace,
        pace_gap=p.pace_gap,
        projection=p.projection,
        signal=pace_signal(p.pace, thresholds),
    )


def collection_targets(plan: Plan, months: Sequence[Period]) -> list[Decimal]:
    """The plan's collection plan (回款计划) per month of the year (zero where none)."""
    by_start = {
        m["start"]: Decimal(m["amount"]) for m in (plan.collections or {}).get("months", [])
    }
    return [by_start.get(p.start.isoformat(), Decimal(0)) for p in months]


@dataclass(frozen=True)
class _Context:
    index: PlanIndex
    as_of: date
    windows: tuple[Window, ...]
    thresholds: PaceThresholds
    actuals: Actuals
    counts: FunnelCounts
    collections: list[Decimal]
    slipped: dict[int, list[SlippedProject]]


def _window_figures(
    ctx: _Context, targets: Sequence[Decimal], actuals: Sequence[Decimal]
) -> dict[str, Figures]:
    months = ctx.index.months
    return {
        w.name: figures(
            [MonthTarget(months[i], targets[i]) for i in range(w.first, w.last)],
            sum(actuals[w.first : w.last], Decimal(0)),
            ctx.as_of,
            ctx.thresholds,
        )
        for w in ctx.windows
    }


def _node_progress(ctx: _Context, node: NodeInfo) -> NodeProgress:
    targets = [m.amount for m in ctx.index.targets[node.id]]
    orders = ctx.actuals.orders[node.id]
    payments = ctx.actuals.payments[node.id]
    is_root = node.parent_id is None
    return NodeProgress(
        node=node,
        windows=_window_figures(ctx, targets, orders),
        months=tuple(
            MonthRow(
                period=period,
                target=targets[i],
                actual=orders[i],
                attainment=_ratio(orders[i], targets[i]),
                payments=payments[i],
                payments_target=ctx.collections[i] if is_root else None,
                plan_year_payments=ctx.actuals.plan_year_payments[i] if is_root else None,
            )
            for i, period in enumerate(ctx.index.months)
        ),
        payments_actual=sum(payments, Decimal(0)),
        payments=(
            _window_figures(ctx, ctx.collections, ctx.actuals.plan_year_payments)
            if is_root
            else None
        ),
        funnel=_funnel(ctx, node),
        slipped=tuple(ctx.slipped.get(node.id, ())),
    )


def _funnel(ctx: _Context, node: NodeInfo) -> Attribution | None:
    """The org nodes' funnels; the market tree's company shares the org company's."""
    target = ctx.index.roots.get(ORG) if node.parent_id is None else node.id
    if target is None or not ctx.counts.has(target):
        return None
    return attribution(ctx.counts.to_date(target))


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole <= 0:
        return None
    return (part / whole).quantize(Decimal("0.0001"))


def _node_funnel(ctx: _Context, node: NodeInfo) -> NodeFunnel:
    counts = ctx.counts
    return NodeFunnel(
        node=node,
        months=tuple(
            FunnelMonth(
                period=period,
                planned={s: counts.planned[node.id][s][i] for s in STAGE_ORDER},
                done={s: counts.done[node.id][s][i] for s in STAGE_ORDER},
            )
            for i, period in enumerate(counts.months)
        ),
        attribution=attribution(counts.to_date(node.id)),
    )


def track_report(plan: Plan, as_of: date, actor: Actor | None = None) -> TrackReport:
    """The whole report as ``actor`` may see it (None: everything, as for the CLI)."""
    index = plan_index(plan)
    visible = None if actor is None else visible_node_ids(actor, plan)
    shown = {
        tree: [n for n in index.ordered(tree) if visible is None or n.id in visible]
        for tree in TREES
    }
    projects = None
    if actor is not None and not actor.sees_all:
        projects = set(projects_for(actor).values_list("pk", flat=True))
    ctx = _Context(
        index=index,
        as_of=as_of,
        windows=windows(index.months, as_of),
        thresholds=pace_thresholds(),
        actuals=load_actuals(index, as_of),
        counts=funnel_counts(index, as_of),
        collections=collection_targets(plan, index.months),
        slipped=slipped_projects(
            index, [n.id for nodes in shown.values() for n in nodes], as_of, projects
        ),
    )
    return TrackReport(
        plan=plan,
        as_of=as_of,
        windows=ctx.windows,
        months=index.months,
        thresholds=ctx.thresholds,
        trees={tree: tuple(_node_progress(ctx, n) for n in nodes) for tree, nodes in shown.items()},
        funnels={n.id: _node_funnel(ctx, n) for n in shown[ORG]},
    )
