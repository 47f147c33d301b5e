"""What the pages show, read only through ``pacer.access`` so every number respects the scope.

Money is yuan as ``Decimal`` (two places). "This year" is the company's fiscal year that holds
``today``; every period is half-open ``[start, end)``.

The company-wide sums scan millions of rows, so they go through ``pacer.ops.cache.cached``:
kept per data version (changed by every write), day and scope (the exact set of people the
actor may see). What is cached is numbers and record ids, never text or querysets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Count, F, Model, Q, QuerySet, Sum

from pacer import access
from pacer.access import Actor
from pacer.crm.models import OPEN_STAGES, Activity, Milestone, Project, Stage
from pacer.ops.cache import cached, scope_key
from pacer.org.models import Company, Person
from pacer.planning.money import to_money
from pacer.planning.periods import FiscalYear, Period

ZERO = Decimal("0.00")
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Tally:
    """A number of records and their total amount (yuan)."""

    count: int = 0
    amount: Decimal = ZERO

    def __add__(self, other: Tally) -> Tally:
        return Tally(count=self.count + other.count, amount=self.amount + other.amount)


def _tally(qs: QuerySet[Any], amount: str = "amount") -> Tally:
    return _tallies(qs, None, amount).get(None, Tally())


def _tallies(qs: QuerySet[Any], group: str | None, amount: str = "amount") -> dict[Any, Tally]:
    """Count and total of ``qs`` per value of the field ``group`` (all rows under ``None`` when
    ``group`` is None). PostgreSQL sums ``numeric`` exactly; SQLite's SUM goes through floating
    point, so there the amounts are added up here as ``Decimal``. Rows are counted with
    ``COUNT(*)``, so a covering index on the filter, group and amount suffices.
    """
    qs = qs.order_by()
    if connection.vendor != "sqlite":
        if group is None:
            row = qs.aggregate(n=Count("*"), total=Sum(amount))
            rows = [{"g": None, **row}] if row["n"] else []
        else:
            rows = list(qs.values(g=F(group)).annotate(n=Count("*"), total=Sum(amount)))
        return {r["g"]: Tally(count=r["n"], amount=to_money(r["total"] or 0)) for r in rows}
    counts: dict[Any, int] = defaultdict(int)
    totals: dict[Any, Decimal] = defaultdict(Decimal)
    fields = (amount,) if group is None else (amount, group)
    for value, *key in qs.values_list(*fields):
        k = key[0] if key else None
        counts[k] += 1
        totals[k] += value
    return {k: Tally(count=counts[k], amount=to_money(totals[k])) for k in counts}


def _in(period: Period, lookup: str) -> Q:
    return Q(**{f"{lookup}__gte": period.start, f"{lookup}__lt": period.end})


def fiscal_year(today: date) -> FiscalYear:
    """The company's fiscal year holding ``today`` (calendar year when no company is set up)."""
    start_month = Company.objects.values_list("fiscal_year_start_month", flat=True).first()
    return FiscalYear.containing(today, start_month or 1)


# -- overview ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    """The headline numbers of everything the actor may see."""

    year: FiscalYear
    people: int
    customers: int
    open_projects: Tally
    orders_this_year: Tally
    orders_last_year: Tally
    payments_this_year: Tally

    @property
    def last_year(self) -> FiscalYear:
        return FiscalYear(self.year.year - 1, self.year.start_month)

    @property
    def collection_ratio(self) -> Decimal | None:
        """This year's payments ÷ this year's orders (None when nothing was signed)."""
        if not self.orders_this_year.amount:
            return None
        return self.payments_this_year.amount / self.orders_this_year.amount

    @property
    def is_empty(self) -> bool:
        """Nothing to show yet: no customers, projects, orders or payments in scope."""
        return not (
            self.customers
            or self.open_projects.count
            or self.orders_this_year.count
            or self.orders_last_year.count
            or self.payments_this_year.count
        )


def overview(actor: Actor, *, today: date) -> Overview:
    return cached(
        ("overview", scope_key(actor)), lambda: _overview(actor, today=today), today=today
    )


def _overview(actor: Actor, *, today: date) -> Overview:
    year = fiscal_year(today)
    last = FiscalYear(year.year - 1, year.start_month)
    orders = access.orders_for(actor)
    return Overview(
        year=year,
        people=access.people_for(actor).count(),
        customers=access.customers_for(actor).count(),
        open_projects=_tally(access.projects_for(actor).filter(stage__in=OPEN_STAGES)),
        orders_this_year=_tally(orders.filter(_in(year.period, "signed_date"))),
        orders_last_year=_tally(orders.filter(_in(last.period, "signed_date"))),
        payments_this_year=_tally(access.payments_for(actor).filter(_in(year.period, "date"))),
    )


# -- pipeline ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageTotal:
    """Open projects at one funnel stage: how many and their total amount (yuan)."""

    stage: Stage
    count: int
    amount: Decimal


def pipeline_by_stage(actor: Actor) -> list[StageTotal]:
    """Every open stage in funnel order (线索 → 商务谈判), zero where a stage is empty."""
    return cached(("pipeline", scope_key(actor)), lambda: _pipeline(actor), today=None)


def _pipeline(actor: Actor) -> list[StageTotal]:
    found = _tallies(access.projects_for(actor).filter(stage__in=OPEN_STAGES), "stage")
    return [
        StageTotal(
            stage=stage,
            count=found.get(stage, Tally()).count,
            amount=found.get(stage, Tally()).amount,
        )
        for stage in OPEN_STAGES
    ]


# -- per team and per person -------------------------------------------------------------------


@dataclass
class Figures:
    """One row of a results table: people, open pipeline, this year's orders and payments."""

    people: int = 0
    open_projects: Tally = field(default_factory=Tally)
    orders: Tally = field(default_factory=Tally)
    payments: Tally = field(default_factory=Tally)

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            people=self.people + other.people,
            open_projects=self.open_projects + other.open_projects,
            orders=self.orders + other.orders,
            payments=self.payments + other.payments,
        )

    @property
    def is_empty(self) -> bool:
        return not (self.open_projects.count or self.orders.count or self.payments.count)


@dataclass(frozen=True)
class TeamRow:
    """A team's figures including its sub-teams; ``team_id`` None = people with no team."""

    team_id: int | None
    name: str
    depth: int
    figures: Figures


@dataclass(frozen=True)
class PersonRow:
    person: Person
    figures: Figures


def _grouped_figures(actor: Actor, year: FiscalYear, key: str) -> dict[object, Figures]:
    """Figures grouped by a person attribute (``"pk"`` or ``"team"``) of the credited person.

    Orders are credited to their signer, or to the customer's owner when nobody signed;
    payments follow their order. Each measure is summed per person id in the database (a few
    thousand groups at most) and the people are then mapped to ``key`` here, so no query joins
    the people table into millions of rows.
    """
    people = access.people_for(actor).order_by()
    group_of: dict[int | None, object] = {None: None}
    figures: dict[object, Figures] = defaultdict(Figures)
    for pk, group in people.values_list("pk", "team_id" if key == "team" else "pk"):
        group_of[pk] = group
        figures[group].people += 1
    orders = access.orders_for(actor).filter(_in(year.period, "signed_date"))
    payments = access.payments_for(actor).filter(_in(year.period, "date"))
    measures: list[tuple[str, dict[Any, Tally]]] = [
        (
            "open_projects",
            _tallies(access.projects_for(actor).filter(stage__in=OPEN_STAGES), "owner_id"),
        ),
        ("orders", _tallies(orders.filter(person__isnull=False), "person_id")),
        ("orders", _tallies(orders.filter(person__isnull=True), "customer__owner_id")),
        ("payments", _tallies(payments.filter(order__person__isnull=False), "order__person_id")),
        (
            "payments",
            _tallies(payments.filter(order__person__isnull=True), "order__customer__owner_id"),
        ),
    ]
    for attr, tallies in measures:
        for person_id, tally in tallies.items():
            # The credited person is always in scope: that is how the records were scoped.
            row = figures[group_of.get(person_id)]
            setattr(row, attr, getattr(row, attr) + tally)
    return figures


def team_rows(actor: Actor, *, today: date) -> list[TeamRow]:
    """Each visible team with the figures of its whole subtree, in tree order (parents first).

    People without a team come last, when they have anything to show. A parent's row includes
    its children's, so rows of different depths must not be added up.
    """
    return cached(
        ("team_rows", scope_key(actor)), lambda: _team_rows(actor, today=today), today=today
    )


def _team_rows(actor: Actor, *, today: date) -> list[TeamRow]:
    figures = _grouped_figures(actor, fiscal_year(today), "team")
    teams = list(access.teams_for(actor).order_by("name", "pk"))
    visible = {team.pk for team in teams}
    children: dict[int | None, list[int]] = defaultdict(list)
    names = {}
    for team in teams:
        parent = team.parent_id if team.parent_id in visible else None
        children[parent].append(team.pk)
        names[team.pk] = team.name
    slots: list[TeamRow | None] = []
    seen: set[int] = set()

    def walk(team_id: int, depth: int) -> Figures:
        seen.add(team_id)
        slot = len(slots)
        slots.append(None)  # keeps the parent's row before its children's
        total = figures.get(team_id, Figures())
        for child in children.get(team_id, ()):
            if child not in seen:  # bad data with a cycle must not loop
                total = total + walk(child, depth + 1)
        slots[slot] = TeamRow(team_id, names[team_id], depth, total)
        return total

    for root in children.get(None, ()):
        walk(root, 0)
    rows = [row for row in slots if row is not None]
    unassigned = figures.get(None)
    if unassigned is not None and not unassigned.is_empty:
        rows.append(TeamRow(None, "", 0, unassigned))
    return rows


def person_rows(actor: Actor, *, today: date) -> list[PersonRow]:
    """Each visible person's own figures; the actor first, then by name."""
    figures = cached(
        ("person_figures", scope_key(actor)),
        lambda: dict(_grouped_figures(actor, fiscal_year(today), "pk")),
        today=today,
    )
    people = access.people_for(actor).select_related("team").order_by("name", "pk")
    rows = [PersonRow(person, figures.get(person.pk, Figures())) for person in people]
    rows.sort(key=lambda row: row.person.pk != actor.person_id)
    return rows


# -- lists -------------------------------------------------------------------------------------


def open_projects(actor: Actor, *, limit: int | None = None) -> list[Project]:
    """Open projects by expected signing date (undated last), then name.

    The first ``limit`` (a home page's list) are found once per data version; all of them (a
    page of its own) are read each time.
    """
    qs = (
        access.projects_for(actor)
        .filter(stage__in=OPEN_STAGES)
        .order_by(F("expected_sign_date").asc(nulls_last=True), "name", "pk")
    )
    if limit is None:
        return list(qs.select_related("customer", "owner"))
    ids = cached(
        ("open_project_ids", scope_key(actor), limit),
        lambda: list(qs.values_list("pk", flat=True)[:limit]),
        today=None,
    )
    return _in_order(access.projects_for(actor).select_related("customer", "owner"), ids)


def _in_order(qs: QuerySet[M], ids: list[int]) -> list[M]:
    """The records of ``ids`` in that order (one query; ids no longer there are left out)."""
    found = qs.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


@dataclass(frozen=True)
class OverdueMilestone:
    milestone: Milestone
    days_overdue: int


def _overdue(actor: Actor, today: date) -> QuerySet[Milestone]:
    # A lost project's milestones no longer need doing.
    return (
        access.milestones_for(actor)
        .filter(done_date__isnull=True, due_date__lt=today)
        .exclude(project__stage=Stage.LOST)
    )


def overdue_milestones(
    actor: Actor, *, today: date, limit: int | None = None
) -> list[OverdueMilestone]:
    """Milestones not done by their due date, the longest overdue first.

    The first ``limit`` (a home page's list) are found once per data version and day.
    """
    qs = _overdue(actor, today).order_by("due_date", "pk")
    related = ("project", "owner", "project__owner")
    if limit is None:
        rows = list(qs.select_related(*related))
    else:
        ids = cached(
            ("overdue_milestone_ids", scope_key(actor), limit),
            lambda: list(qs.values_list("pk", flat=True)[:limit]),
            today=today,
        )
        rows = _in_order(access.milestones_for(actor).select_related(*related), ids)
    return [OverdueMilestone(m, (today - m.due_date).days) for m in rows]


def overdue_milestone_count(actor: Actor, *, today: date) -> int:
    return cached(
        ("overdue_milestone_count", scope_key(actor)),
        lambda: _overdue(actor, today).count(),
        today=today,
    )


# -- one project -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectDetail:
    project: Project
    milestones: list[Milestone]
    activities: list[Activity]


def project_detail(actor: Actor, pk: object) -> ProjectDetail:
    """One project in the actor's scope with its milestones and recent activities (or 404)."""
    project = access.get_visible(
        access.projects_for(actor).select_related("customer", "owner", "product_line"), pk
    )
    milestones = access.milestones_for(actor).filter(project=project).select_related("owner")
    activities = (
        access.activities_for(actor)
        .filter(project=project)
        .select_related("person")
        .order_by("-date", "-pk")[:20]
    )
    return ProjectDetail(
        project=project,
        milestones=list(milestones.order_by("due_date", "pk")),
        activities=list(activities),
    )
