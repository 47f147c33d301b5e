"""The month's numbers behind the statements, read from the database for everyone at once.

Rules (docs/incentives.md):
- target: the person's org-tree node (key ``person:<id>``) month in the latest approved plan
  covering the month, else the newest draft (what-if scenarios and superseded versions never
  count); no plan or no node → no target;
- sales on orders: orders signed in the month, credited to the order's person, or to the
  customer's owner when the order has none; on payments: payments received in the month for
  the orders credited to the person the same way; by the order's product line;
- actions planned: the person's funnel actions (``PlanAction``) due in the month, per stage;
- actions done: leads = leads of the person dated in the month; needs = projects they own
  created in the month; proposals = their projects whose proposal went out in the month;
  won = their won projects closed in the month;
- mentees: the people someone mentors on at least one day of the month.
Only records dated on or before ``as_of`` count, so a statement made mid-month is month-to-date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, QuerySet, Sum

from pacer.crm.models import Lead, Order, Payment, Project, Stage
from pacer.incentives.models import Basis, Mentorship
from pacer.incentives.months import month_end
from pacer.incentives.schemes import in_force
from pacer.planning.funnel import STAGES
from pacer.planning.money import to_money
from pacer.plans.models import Plan, PlanAction, PlanPeriod, PlanStatus

NO_LINE = ""  # the product-line key of sales whose order names no product line

Sales = dict[int, dict[str, Decimal]]


@dataclass(frozen=True)
class MonthData:
    """Everything a month's statements are computed from; ``until`` is exclusive."""

    start: date
    until: date
    plan: Plan | None
    targets: dict[int, Decimal]
    planned: dict[int, dict[str, int]]
    done: dict[int, dict[str, int]]
    sales: dict[str, Sales]
    records: dict[str, dict[int, list[int]]]
    mentees: dict[int, list[int]]

    def total_sales(self, basis: str, person_id: int) -> Decimal:
        return sum(self.sales[basis].get(person_id, {}).values(), Decimal(0))


def load_month(start: date, as_of: date) -> MonthData:
    end = month_end(start)
    until = min(end, as_of + timedelta(days=1))
    plan = month_plan(start)
    sales: dict[str, Sales] = {}
    records: dict[str, dict[int, list[int]]] = {}
    for basis in Basis:
        sales[basis.value], records[basis.value] = _sales(basis.value, start, until)
    return MonthData(
        start=start,
        until=until,
        plan=plan,
        targets=_targets(plan, start) if plan else {},
        planned=_planned(plan, start, end) if plan else {},
        done=_done(start, until),
        sales=sales,
        records=records,
        mentees=_mentees(start, end),
    )


def month_plan(start: date) -> Plan | None:
    """The latest approved plan with org-tree months for ``start``, else its newest draft."""
    covering = PlanPeriod.objects.filter(node__tree="org", start=start).values("node__plan_id")
    plans = Plan.objects.filter(pk__in=covering, scenario_of__isnull=True)
    approved = (
        plans.filter(status=PlanStatus.APPROVED)
        .order_by(F("approved_at").desc(nulls_last=True), "-pk")
        .first()
    )
    if approved is not None:
        return approved
    return plans.filter(status=PlanStatus.DRAFT).order_by("-created_at", "-pk").first()


def _targets(plan: Plan, start: date) -> dict[int, Decimal]:
    rows = PlanPeriod.objects.filter(
        node__plan=plan, node__tree="org", node__key__startswith="person:", start=start
    ).values_list("node__key", "amount")
    targets: dict[int, Decimal] = {}
    for key, amount in rows:
        person = key.split(":", 1)[1]
        if person.isdigit():
            targets[int(person)] = amount
    return targets


def _planned(plan: Plan, start: date, end: date) -> dict[int, dict[str, int]]:
    rows = (
        PlanAction.objects.filter(plan=plan, due__gte=start, due__lt=end, count__gt=0)
        .values("person_id", "stage")
        .annotate(total=Sum("count"))
        .order_by("person_id", "stage")
    )
    planned: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        planned[row["person_id"]][row["stage"]] = int(row["total"])
    return dict(planned)


def _count_by(qs: QuerySet[Any], person_field: str) -> dict[int, int]:
    rows = qs.values(person_field).annotate(n=Count("pk")).order_by(person_field)
    return {row[person_field]: row["n"] for row in rows if row[person_field] is not None}


def _done(start: date, until: date) -> dict[int, dict[str, int]]:
    window = {"gte": start, "lt": until}

    def dated(field: str) -> dict[str, date]:
        return {f"{field}__{op}": day for op, day in window.items()}

    counts = {
        "lead": _count_by(Lead.objects.filter(**dated("date")), "person_id"),
        "needs": _count_by(Project.objects.filter(**dated("created_date")), "owner_id"),
        "proposal": _count_by(Project.objects.filter(**dated("proposal_sent_date")), "owner_id"),
        "won": _count_by(
            Project.objects.filter(stage=Stage.WON, **dated("closed_date")), "owner_id"
        ),
    }
    people = {pid for by_person in counts.values() for pid in by_person}
    return {pid: {stage: counts[stage].get(pid, 0) for stage in STAGES} for pid in people}


def _sales(basis: str, start: date, until: date) -> tuple[Sales, dict[int, list[int]]]:
    """Sales by person and product line (to the fen), and the records counted."""
    rows: list[tuple[int, int | None, int | None, str | None, Decimal]]
    if basis == Basis.ORDERS:
        rows = list(
            Order.objects.filter(signed_date__gte=start, signed_date__lt=until)
            .order_by("pk")
            .values_list("pk", "person_id", "customer__owner_id", "product_line__code", "amount")
        )
    else:
        rows = list(
            Payment.objects.filter(date__gte=start, date__lt=until)
            .order_by("pk")
            .values_list(
                "pk",
                "order__person_id",
                "order__customer__owner_id",
                "order__product_line__code",
                "amount",
            )
        )
    sales: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    records: dict[int, list[int]] = defaultdict(list)
    for pk, person_id, owner_id, line, amount in rows:
        seller = person_id if person_id is not None else owner_id
        if seller is None:
            continue
        sales[seller][line or NO_LINE] += amount
        records[seller].append(pk)
    rounded = {
        pid: {line: to_money(total) for line, total in sorted(lines.items())}
        for pid, lines in sales.items()
    }
    return rounded, dict(records)


def _mentees(start: date, end: date) -> dict[int, list[int]]:
    rows = in_force(Mentorship.objects.all(), start, end).values_list("mentor_id", "mentee_id")
    mentees: dict[int, set[int]] = defaultdict(set)
    for mentor, mentee in rows:
        mentees[mentor].add(mentee)
    return {mentor: sorted(ids) for mentor, ids in mentees.items()}
