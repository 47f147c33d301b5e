"""The numbers behind a plan's charts, read within the actor's view.

- monthly plan: the company's months for those who see everything, otherwise the sum of the
  person nodes the actor may see; last year's actual: the orders the actor may see
  (``pacer.access.orders_for``) signed in the same fiscal month one year earlier;
- business types and tiers: the company's plan, open to everyone in it;
- funnel actions: the actions of the people the actor may see, counted by due month and stage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from pacer import access
from pacer.access import Actor
from pacer.crm.models import Order, Tier
from pacer.org.models import Person
from pacer.planning.periods import FiscalYear, add_months
from pacer.plans.acceptance import STAGE_LABELS
from pacer.plans.models import Plan, PlanNode, PlanPeriod
from pacer.plans.selectors import visible_actions, visible_node_ids
from pacer.plans.web.read_charts import (
    BusinessTypeChart,
    FunnelActionsChart,
    MonthlyPlanChart,
    TierChart,
)
from pacer.plans.web.read_selectors import ZERO, month_label

FUNNEL_ORDER = ("lead", "needs", "proposal", "won")


def last_year_by_month(plan: Plan, orders: QuerySet[Order]) -> list[Decimal]:
    """Twelve totals (yuan): the orders signed in each fiscal month of the year before."""
    months = FiscalYear(plan.year - 1, plan.fiscal_start_month).months()
    start, end = months[0].start, months[-1].end
    totals = [ZERO] * 12
    rows = orders.filter(signed_date__gte=start, signed_date__lt=end).values_list(
        "signed_date", "amount"
    )
    for signed, amount in rows.order_by():
        index = (signed.year - start.year) * 12 + signed.month - start.month
        totals[index] += amount
    return totals


def _sum_months(node_ids: Sequence[int]) -> list[PlanPeriod]:
    """The months of several nodes added up (the first node's periods carry the dates)."""
    by_start: dict[date, PlanPeriod] = {}
    for p in PlanPeriod.objects.filter(node_id__in=node_ids).order_by("start", "node"):
        total = by_start.get(p.start)
        if total is None:
            by_start[p.start] = PlanPeriod(
                start=p.start,
                end=p.end,
                amount=p.amount,
                identified=p.identified,
                run_rate=p.run_rate,
                season_share=p.season_share,
                pipeline=p.pipeline,
            )
        else:
            total.amount += p.amount
            total.identified += p.identified
            total.run_rate += p.run_rate
            total.pipeline += p.pipeline
    return [by_start[k] for k in sorted(by_start)]


def monthly_scope(actor: Actor, plan: Plan) -> tuple[list[int], bool]:
    """Nodes whose months make the actor's monthly plan, and whether it is the whole company."""
    if actor.sees_all:
        root = PlanNode.objects.filter(plan=plan, tree="market", parent=None).first()
        return ([root.pk] if root else []), True
    visible = visible_node_ids(actor, plan)
    people = PlanNode.objects.filter(
        plan=plan, tree="org", dimension="person", pk__in=visible
    ).values_list("pk", flat=True)
    return list(people), False


def monthly_chart(plan: Plan, node_ids: Sequence[int], orders: QuerySet[Order]) -> MonthlyPlanChart:
    months = _sum_months(node_ids)
    fiscal = FiscalYear(plan.year, plan.fiscal_start_month).months()
    by_start = {m.start: m for m in months}
    return MonthlyPlanChart.build(
        months=[month_label(p.start) for p in fiscal],
        identified=[by_start[p.start].identified if p.start in by_start else ZERO for p in fiscal],
        run_rate=[by_start[p.start].run_rate if p.start in by_start else ZERO for p in fiscal],
        last_year=last_year_by_month(plan, orders),
    )


def plan_monthly_chart(actor: Actor, plan: Plan) -> tuple[MonthlyPlanChart, bool]:
    """The actor's monthly chart and whether it shows the whole company."""
    node_ids, company = monthly_scope(actor, plan)
    return monthly_chart(plan, node_ids, access.orders_for(actor)), company


def person_orders(actor: Actor, person: Person) -> QuerySet[Order]:
    """Orders credited to ``person``: signed by them, or unsigned ones of their customers."""
    return access.orders_for(actor).filter(
        Q(person=person) | Q(person__isnull=True, customer__owner=person)
    )


def business_type_chart(plan: Plan) -> BusinessTypeChart:
    nodes = PlanNode.objects.filter(plan=plan, tree="market", dimension="business_type")
    return BusinessTypeChart.build([(n.label, n.amount) for n in nodes.order_by("position")])


def tier_chart(plan: Plan) -> TierChart:
    labels = dict(Tier.choices)
    return TierChart.build(
        [
            (str(labels.get(t["tier"], t["tier"])), int(t["count"]), Decimal(t["planned_repeat"]))
            for t in plan.tiers
        ]
    )


def funnel_chart(actor: Actor, plan: Plan) -> FunnelActionsChart:
    """Action counts per due month (every month from the first to the last due) and stage."""
    actions = visible_actions(actor, plan)
    counts: dict[tuple[date, str], int] = defaultdict(int)
    for due, stage, count in actions.values_list("due", "stage", "count").order_by():
        counts[(due.replace(day=1), stage)] += count
    if not counts:
        return FunnelActionsChart.build([], [], [])
    first = min(month for month, _ in counts)
    last = max(month for month, _ in counts)
    months: list[date] = []
    month = first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    stages = [s for s in FUNNEL_ORDER if any(st == s for _, st in counts)]
    return FunnelActionsChart.build(
        [m.strftime("%Y-%m") for m in months],
        [str(STAGE_LABELS.get(s, s)) for s in stages],
        [[counts.get((m, s), 0) for m in months] for s in stages],
    )
