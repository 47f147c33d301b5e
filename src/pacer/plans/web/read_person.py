"""A person's page of a plan: their target, months with backing projects, actions, customers.

The person must be in the actor's scope (``pacer.access.person_for``, else 404); their projects
and customers are read through ``pacer.access`` as well.

Customer tiers repeat the plan's own rule (its assumptions: thresholds or Pareto share) on the
purchases of the twelve months before the plan year; a customer with no purchase before the
plan year has no tier yet. Each tier has its cadence of actions (DESIGN §1, "Execute").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from pacer import access
from pacer.access import Actor
from pacer.crm.models import Customer, Order
from pacer.org.models import Person
from pacer.planning.periods import FiscalYear, add_months
from pacer.planning.tiers import Tier, tiers_by_pareto, tiers_by_threshold
from pacer.plans.acceptance import STAGE_LABELS
from pacer.plans.assumptions import assumptions_from_json
from pacer.plans.explain import explain
from pacer.plans.models import Plan, PlanAction, PlanNode
from pacer.plans.selectors import visible_actions
from pacer.plans.web.read_chart_data import monthly_chart, person_orders
from pacer.plans.web.read_charts import MonthlyPlanChart
from pacer.plans.web.read_math import Backing, backing_of_cells
from pacer.plans.web.read_selectors import ZERO, Cell, cells_of, periods_by_node

TIER_CADENCE = {
    "A": _("每月拜访 + 每季度业务回顾"),
    "B": _("每两周跟进一次"),
    "C": _("每月线上触达"),
}
FUNNEL_ORDER = {"lead": 0, "needs": 1, "proposal": 2, "won": 3}


@dataclass(frozen=True)
class MonthRow:
    cell: Cell
    backing: Backing


@dataclass(frozen=True)
class ActionRow:
    action: PlanAction
    stage_label: str


@dataclass(frozen=True)
class ActionMonth:
    """The actions due in one month, in funnel order."""

    month: date
    rows: tuple[ActionRow, ...]


@dataclass(frozen=True)
class CustomerTierRow:
    """A customer, its tier (``None``: no purchase before the plan year) and the cadence."""

    customer: Customer
    tier: str | None
    last_12_months: Decimal
    cadence: str


@dataclass(frozen=True)
class PersonPlan:
    plan: Plan
    person: Person
    node: PlanNode | None
    explanation: tuple[str, ...]
    months: tuple[MonthRow, ...]
    quarters: tuple[Cell, ...]
    actions: tuple[ActionMonth, ...]
    customers: tuple[CustomerTierRow, ...]
    chart: MonthlyPlanChart


def person_plan(actor: Actor, plan: Plan, person_id: object) -> PersonPlan:
    """Everything the person's page shows; ``Http404`` when the person is out of scope."""
    person = access.person_for(actor, person_id)
    node = (
        PlanNode.objects.filter(plan=plan, tree="org", dimension="person", person=person)
        .order_by("position")
        .first()
    )
    periods = periods_by_node([node.pk]).get(node.pk, []) if node else []
    months = cells_of(periods, "month", plan.as_of)
    backings = backing_of_cells(actor, months)
    return PersonPlan(
        plan=plan,
        person=person,
        node=node,
        explanation=tuple(explain(d) for d in node.drivers) if node else (),
        months=tuple(MonthRow(c, b) for c, b in zip(months, backings, strict=True)),
        quarters=cells_of(periods, "quarter", plan.as_of),
        actions=action_months(actor, plan, person),
        customers=customer_tiers(actor, plan, person),
        chart=monthly_chart(plan, [node.pk] if node else [], person_orders(actor, person)),
    )


def action_months(actor: Actor, plan: Plan, person: Person) -> tuple[ActionMonth, ...]:
    by_month: dict[date, list[PlanAction]] = defaultdict(list)
    for action in visible_actions(actor, plan).filter(person=person).order_by("due", "pk"):
        by_month[action.due.replace(day=1)].append(action)
    return tuple(
        ActionMonth(
            month=month,
            rows=tuple(
                ActionRow(a, str(STAGE_LABELS.get(a.stage, a.stage)))
                for a in sorted(by_month[month], key=_funnel_key)
            ),
        )
        for month in sorted(by_month)
    )


def _funnel_key(action: PlanAction) -> tuple[int, date]:
    return FUNNEL_ORDER.get(action.stage, len(FUNNEL_ORDER)), action.due


def customer_tiers(actor: Actor, plan: Plan, person: Person) -> tuple[CustomerTierRow, ...]:
    customers = list(access.customers_for(actor).filter(owner=person).order_by("name", "pk"))
    tiers, recent = tiers_of(plan, customers)
    rows = [
        CustomerTierRow(
            customer=c,
            tier=tiers.get(c.pk),
            last_12_months=recent.get(c.pk, ZERO),
            cadence=str(TIER_CADENCE[tiers[c.pk]]) if c.pk in tiers else "",
        )
        for c in customers
    ]
    order = {"A": 0, "B": 1, "C": 2}
    rows.sort(key=lambda r: (order.get(r.tier or "", 3), -r.last_12_months, r.customer.name))
    return tuple(rows)


def tiers_of(
    plan: Plan, customers: Sequence[Customer]
) -> tuple[dict[int, str], dict[int, Decimal]]:
    """The plan's tier of each customer and its purchases (yuan) in the year before the plan.

    The Pareto method ranks every customer of the company, so it reads every order before the
    plan year (as the plan did when it was built); thresholds need only these customers' orders.
    """
    a = assumptions_from_json(plan.assumptions)
    start = FiscalYear(plan.year, plan.fiscal_start_month).period.start
    window_start = add_months(start, -12)
    orders = Order.objects.filter(signed_date__lt=start)
    if a.tier_method != "pareto":
        orders = orders.filter(customer_id__in=[c.pk for c in customers])
    purchases: dict[int, Decimal] = {}
    for customer_id, signed, amount in orders.values_list("customer_id", "signed_date", "amount"):
        purchases[customer_id] = purchases.get(customer_id, ZERO) + (
            amount if signed >= window_start else ZERO
        )
    overrides = {
        c.pk: Tier(c.tier_override) for c in customers if c.tier_override and c.pk in purchases
    }
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
    return {c: t.value for c, t in tier_of.items()}, purchases
