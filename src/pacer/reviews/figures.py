"""The numbers a review and the action list are made of, read through ``pacer.access``.

- funnel work done, by person and stage, as the days each unit was done: a lead on its date
  (``Lead.date``), needs when a project was created (``Project.created_date``), a proposal when
  it was sent (``Project.proposal_sent_date``), a signing when a project was won
  (``Project.closed_date`` of a won project) — the same definitions the plan's funnel rates
  were learned with;
- signed orders and payments credited to people: an order to its signer, or to the customer's
  owner when nobody signed; a payment follows its order.
Amounts are yuan (``Decimal``, two places); periods are half-open.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet, Sum

from pacer import access
from pacer.access import Actor
from pacer.crm.models import Order, Payment, Stage
from pacer.org.models import Company
from pacer.planning.money import to_money
from pacer.planning.periods import FiscalYear, Period
from pacer.plans.models import Plan, PlanAction
from pacer.plans.selectors import latest_plan, visible_actions
from pacer.tracking.action_windows import PlannedAction

DoneDays = dict[tuple[int, str], list[date]]


def done_days(actor: Actor, people: Collection[int], period: Period) -> DoneDays:
    """(person, stage) → the days a unit of that funnel stage was done within ``period``."""
    days: DoneDays = defaultdict(list)
    ids = list(people)
    leads = access.leads_for(actor).filter(
        person_id__in=ids, date__gte=period.start, date__lt=period.end
    )
    for pid, day in leads.values_list("person_id", "date"):
        days[(pid, "lead")].append(day)
    projects = access.projects_for(actor).filter(owner_id__in=ids)
    for stage, field, extra in (
        ("needs", "created_date", Q()),
        ("proposal", "proposal_sent_date", Q()),
        ("won", "closed_date", Q(stage=Stage.WON)),
    ):
        rows = projects.filter(
            extra, **{f"{field}__gte": period.start, f"{field}__lt": period.end}
        ).values_list("owner_id", field)
        for pid, day in rows:
            days[(pid, stage)].append(day)
    return dict(days)


def plan_actions(actor: Actor, plan: Plan | None, people: Collection[int]) -> list[PlannedAction]:
    """Every funnel action of ``plan`` for ``people``, by due day."""
    if plan is None:
        return []
    rows: QuerySet[PlanAction] = visible_actions(actor, plan).filter(person_id__in=list(people))
    return [
        PlannedAction(person_id=pid, stage=stage, count=count, due=due)
        for pid, stage, count, due in rows.order_by("due", "person_id", "stage", "pk").values_list(
            "person_id", "stage", "count", "due"
        )
    ]


def credited_orders(actor: Actor, people: Collection[int]) -> QuerySet[Order]:
    ids = list(people)
    return access.orders_for(actor).filter(
        Q(person_id__in=ids) | Q(person__isnull=True, customer__owner_id__in=ids)
    )


def credited_payments(actor: Actor, people: Collection[int]) -> QuerySet[Payment]:
    ids = list(people)
    return access.payments_for(actor).filter(
        Q(order__person_id__in=ids)
        | Q(order__person__isnull=True, order__customer__owner_id__in=ids)
    )


def signed_in(actor: Actor, people: Collection[int], period: Period) -> Decimal:
    orders = credited_orders(actor, people).filter(
        signed_date__gte=period.start, signed_date__lt=period.end
    )
    return _sum(orders)


def paid_in(actor: Actor, people: Collection[int], period: Period) -> Decimal:
    payments = credited_payments(actor, people).filter(date__gte=period.start, date__lt=period.end)
    return _sum(payments)


def signed_by_person(actor: Actor, people: Collection[int], period: Period) -> dict[int, Decimal]:
    """Each person's signed amount in ``period`` (people with nothing are absent)."""
    result: dict[int, Decimal] = defaultdict(Decimal)
    orders = credited_orders(actor, people).filter(
        signed_date__gte=period.start, signed_date__lt=period.end
    )
    for signer, owner, amount in orders.values_list("person_id", "customer__owner_id", "amount"):
        result[signer if signer is not None else owner] += amount
    return {pid: to_money(total) for pid, total in result.items()}


def paid_by_person(actor: Actor, people: Collection[int], period: Period) -> dict[int, Decimal]:
    result: dict[int, Decimal] = defaultdict(Decimal)
    payments = credited_payments(actor, people).filter(date__gte=period.start, date__lt=period.end)
    rows = payments.values_list("order__person_id", "order__customer__owner_id", "amount")
    for signer, owner, amount in rows:
        result[signer if signer is not None else owner] += amount
    return {pid: to_money(total) for pid, total in result.items()}


def _sum(qs: QuerySet[Order] | QuerySet[Payment]) -> Decimal:
    total = qs.order_by().aggregate(total=Sum("amount"))["total"]
    return to_money(total or 0)


def fiscal_year_of(day: date) -> FiscalYear:
    """The company's fiscal year holding ``day`` (calendar year when no company is set up)."""
    start_month = Company.objects.values_list("fiscal_year_start_month", flat=True).first()
    return FiscalYear.containing(day, start_month or 1)


def plan_for_day(day: date) -> Plan | None:
    """The plan the work of ``day`` is measured against: its fiscal year's approved plan, or
    its newest draft (see ``plans.selectors.latest_plan``)."""
    return latest_plan(fiscal_year_of(day).year)


def plan_ref(plan: Plan | None) -> dict[str, object] | None:
    if plan is None:
        return None
    return {"id": plan.pk, "name": plan.name, "version": plan.version, "status": plan.status}


def ratio(part: Decimal | int, whole: Decimal | int) -> str | None:
    """``part ÷ whole`` to four places as text, None when ``whole`` is not positive."""
    if whole <= 0:
        return None
    return str((Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP))
