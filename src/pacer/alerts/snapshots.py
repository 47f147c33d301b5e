"""Rows from the database turned into the plain snapshots the rules engine reads.

Each loader reads with a few set-based queries, for every subject (``ids=None``) or only the
given ones. ``as_of`` is the day of the evaluation: activities, visits and orders after it do
not count, nor a milestone completed after it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Max, Model, Q, QuerySet, Sum

from pacer.alerts.models import AlertSubject
from pacer.alerts.rule_settings import AlertRuleSettings
from pacer.crm.models import (
    OPEN_STAGES,
    Activity,
    ActivityKind,
    Customer,
    Milestone,
    Order,
    Project,
    Stage,
)
from pacer.planning.tiers import Tier, tiers_by_threshold
from pacer.tracking.alert_columns import ProjectColumns, project_columns
from pacer.tracking.alerts import RED_FLAGS, CustomerSnapshot, MilestoneSnapshot


@dataclass(frozen=True)
class SubjectInfo:
    """What a stored alert keeps of its subject: its name, its links, a few words for the text."""

    name: str
    project_id: int | None = None
    customer_id: int | None = None
    milestone_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


Subjects = dict[tuple[str, int], SubjectInfo]
M = TypeVar("M", bound=Model)


def _only(qs: QuerySet[M], ids: Collection[int] | None, lookup: str) -> QuerySet[M]:
    return qs if ids is None else qs.filter(**{f"{lookup}__in": list(ids)})


def year_before(day: date) -> date:
    """The same day a year earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def project_snapshots(
    as_of: date, ids: Collection[int] | None = None
) -> tuple[ProjectColumns, Subjects]:
    """Open projects as columns; the last contact is the later of the recorded date and the
    project's activities up to ``as_of``."""
    projects = _only(Project.objects.filter(stage__in=OPEN_STAGES), ids, "pk")
    touched = dict(
        _only(Activity.objects.filter(date__lte=as_of, project__isnull=False), ids, "project_id")
        .values("project_id")
        .annotate(last=Max("date"))
        .values_list("project_id", "last")
    )
    subjects: Subjects = {}
    fields = (
        "pk",
        "owner_id",
        "stage",
        "last_contact_date",
        "created_date",
        "proposal_sent_date",
        "feedback_date",
        "competitor_present",
        *RED_FLAGS,
        "name",
        "customer_id",
    )
    flags_end = 8 + len(RED_FLAGS)

    def rows() -> Iterator[tuple[Any, ...]]:
        for row in projects.order_by("pk").values_list(*fields):
            pk, recorded, activity = row[0], row[3], touched.get(row[0])
            name, customer_id = row[flags_end], row[flags_end + 1]
            subjects[AlertSubject.PROJECT, pk] = SubjectInfo(
                name, project_id=pk, customer_id=customer_id
            )
            if activity is not None and (recorded is None or activity > recorded):
                yield (*row[:3], activity, *row[4:flags_end])
            else:
                yield row[:flags_end]

    return project_columns(rows(), stages=OPEN_STAGES), subjects


def milestone_snapshots(
    as_of: date, ids: Collection[int] | None = None
) -> tuple[list[MilestoneSnapshot], Subjects]:
    """Milestones past due and not done by ``as_of``, of projects that are not lost.

    A milestone without an owner belongs to its project's owner.
    """
    milestones = _only(
        Milestone.objects.filter(Q(done_date__isnull=True) | Q(done_date__gt=as_of))
        .filter(due_date__lt=as_of)
        .exclude(project__stage=Stage.LOST),
        ids,
        "pk",
    )
    snapshots: list[MilestoneSnapshot] = []
    subjects: Subjects = {}
    rows = milestones.order_by("pk").values_list(
        "pk",
        "name",
        "project_id",
        "project__name",
        "project__customer_id",
        "owner_id",
        "project__owner_id",
        "due_date",
    )
    for pk, name, project_id, project_name, customer_id, owner, project_owner, due in rows:
        snapshots.append(
            MilestoneSnapshot(
                milestone_id=pk,
                project_id=project_id,
                owner_id=owner if owner is not None else project_owner,
                due_date=due,
                done_date=None,
            )
        )
        subjects[AlertSubject.MILESTONE, pk] = SubjectInfo(
            name,
            project_id=project_id,
            customer_id=customer_id,
            milestone_id=pk,
            extra={"project_name": project_name},
        )
    return snapshots, subjects


def customer_tiers(
    as_of: date, rules: AlertRuleSettings, customers: list[tuple[int, str]]
) -> dict[int, Tier]:
    """Tier of each ``(id, fixed tier)`` by its purchase in the year up to ``as_of``.

    The window is ``(as_of − 1 year, as_of]``; a fixed tier on the customer always wins.
    """
    ids = [pk for pk, _fixed in customers]
    window = Order.objects.filter(signed_date__gt=year_before(as_of), signed_date__lte=as_of)
    bought = dict(
        _only(window, ids if len(ids) < 500 else None, "customer_id")
        .values("customer_id")
        .annotate(total=Sum("amount"))
        .values_list("customer_id", "total")
    )
    purchases = {pk: bought.get(pk) or Decimal(0) for pk in ids}
    overrides = {pk: Tier(fixed) for pk, fixed in customers if fixed}
    return tiers_by_threshold(
        purchases,
        a_threshold=rules.tier_a_threshold,
        b_threshold=rules.tier_b_threshold,
        overrides=overrides,
    )


def customer_snapshots(
    as_of: date, rules: AlertRuleSettings, ids: Collection[int] | None = None
) -> tuple[list[CustomerSnapshot], Subjects]:
    """Customers whose tier has a visit cadence, with their last visit on or before ``as_of``."""
    rows = list(
        _only(Customer.objects.all(), ids, "pk")
        .order_by("pk")
        .values_list("pk", "name", "owner_id", "tier_override")
    )
    tiers = customer_tiers(as_of, rules, [(pk, fixed) for pk, _n, _o, fixed in rows])
    cadence = rules.rules().visit_cadence_days
    watched = [row for row in rows if tiers[row[0]].value in cadence]
    visits = Activity.objects.filter(kind=ActivityKind.VISIT, date__lte=as_of)
    visited = dict(
        _only(visits, ids, "customer_id")
        .values("customer_id")
        .annotate(last=Max("date"))
        .values_list("customer_id", "last")
    )
    snapshots: list[CustomerSnapshot] = []
    subjects: Subjects = {}
    for pk, name, owner, _fixed in watched:
        tier = tiers[pk].value
        snapshots.append(
            CustomerSnapshot(
                customer_id=pk, owner_id=owner, tier=tier, last_visit_date=visited.get(pk)
            )
        )
        subjects[AlertSubject.CUSTOMER, pk] = SubjectInfo(
            name, customer_id=pk, extra={"tier": tier}
        )
    return snapshots, subjects
