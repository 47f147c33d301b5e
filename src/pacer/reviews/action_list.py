"""Everyone's action list for the week holding ``today`` (an ISO week, Monday to Monday):

- milestones of their projects (or assigned to them) due this week, and any overdue ones, not
  done (lost projects left out);
- tier-cadence touches due this week for the customers they own (``pacer.tracking.cadence``;
  tier by the last twelve months' orders, or the customer's fixed tier);
- the funnel actions of the current plan due this month: how many, how many done so far, how
  many still to go (``pacer.tracking.action_windows``);
- alerts to clear: their alerts not yet resolved (when the alerts app is there).
Everything is read through ``pacer.access`` for the actor, in a few queries for many people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Max, Q, Sum
from django.utils.translation import gettext_lazy as _

from pacer import access
from pacer.access import Actor
from pacer.crm.models import Customer, Milestone, Stage
from pacer.org.models import AccessRole, Person
from pacer.planning.periods import Period
from pacer.planning.tiers import Tier, tiers_by_threshold
from pacer.plans.models import Plan
from pacer.reviews import alerts_bridge
from pacer.reviews.alerts_bridge import AlertRow
from pacer.reviews.figures import plan_actions, plan_for_day
from pacer.reviews.weekly import statuses_for
from pacer.tracking.action_windows import ActionStatus
from pacer.tracking.cadence import CustomerTouches, touches_due
from pacer.tracking.review_periods import calendar_month, iso_week, months_back

TOUCH_LABELS = {
    "visit": _("月度拜访"),
    "review": _("季度业务复盘"),
    "follow_up": _("双周跟进"),
    "online_touch": _("月度线上触达"),
}


@dataclass(frozen=True)
class MilestoneDue:
    milestone: Milestone
    overdue: bool
    days_overdue: int


@dataclass(frozen=True)
class TouchDue:
    customer: Customer
    tier: str
    rule: str
    last: date | None
    due: date | None
    overdue: bool

    @property
    def label(self) -> str:
        return str(TOUCH_LABELS.get(self.rule, self.rule))


@dataclass(frozen=True)
class FunnelDue:
    """A funnel action due this month, with what was done so far in its window."""

    status: ActionStatus
    this_week: bool

    @property
    def stage(self) -> str:
        return self.status.action.stage


@dataclass
class ActionList:
    """One person's list; ``alerts`` is None when alerts are not available."""

    person_id: int
    week: Period
    month: Period
    plan: Plan | None
    milestones: list[MilestoneDue] = field(default_factory=list)
    touches: list[TouchDue] = field(default_factory=list)
    funnel: list[FunnelDue] = field(default_factory=list)
    alerts: list[AlertRow] | None = None

    @property
    def last_day(self) -> date:
        return self.week.end - timedelta(days=1)

    @property
    def is_empty(self) -> bool:
        return not (self.milestones or self.touches or self.funnel or self.alerts)

    @property
    def funnel_planned(self) -> int:
        return sum(f.status.action.count for f in self.funnel)

    @property
    def funnel_done(self) -> int:
        return sum(f.status.done for f in self.funnel)

    @property
    def funnel_remaining(self) -> int:
        return sum(f.status.remaining for f in self.funnel)

    @property
    def overdue_milestones(self) -> int:
        return sum(1 for m in self.milestones if m.overdue)


def _milestones(
    actor: Actor, people: Collection[int], week: Period, today: date
) -> dict[int, list[MilestoneDue]]:
    ids = list(people)
    rows = (
        access.milestones_for(actor)
        .filter(Q(project__owner_id__in=ids) | Q(owner_id__in=ids))
        .filter(done_date__isnull=True, due_date__lt=week.end)
        .exclude(project__stage=Stage.LOST)
        .select_related("project", "owner")
        .order_by("due_date", "pk")
    )
    result: dict[int, list[MilestoneDue]] = defaultdict(list)
    for m in rows:
        due = MilestoneDue(m, m.due_date < today, max(0, (today - m.due_date).days))
        for pid in {m.project.owner_id, m.owner_id}:
            if pid is not None and pid in ids:
                result[pid].append(due)
    return result


def customer_tiers(actor: Actor, customers: Collection[Customer], today: date) -> dict[int, str]:
    """Tier of each customer by its orders of the twelve months before ``today``."""
    ids = [c.pk for c in customers]
    purchases = dict.fromkeys(ids, Decimal(0))
    rows = (
        access.orders_for(actor)
        .filter(customer_id__in=ids, signed_date__gte=months_back(today, 12), signed_date__lt=today)
        .order_by()
        .values("customer_id")
        .annotate(total=Sum("amount"))
    )
    for row in rows:
        purchases[row["customer_id"]] = row["total"] or Decimal(0)
    a, b = alerts_bridge.tier_thresholds()
    overrides = {c.pk: Tier(c.tier_override) for c in customers if c.tier_override}
    tiers = tiers_by_threshold(purchases, a_threshold=a, b_threshold=b, overrides=overrides)
    return {pk: str(tier) for pk, tier in tiers.items()}


def _touches(
    actor: Actor, people: Collection[int], week: Period, today: date
) -> dict[int, list[TouchDue]]:
    customers = list(
        access.customers_for(actor).filter(owner_id__in=list(people)).order_by("name", "pk")
    )
    tiers = customer_tiers(actor, customers, today)
    last: dict[int, dict[str, date]] = defaultdict(dict)
    rows = (
        access.activities_for(actor)
        .filter(customer_id__in=[c.pk for c in customers], date__lte=today)
        .order_by()
        .values("customer_id", "kind")
        .annotate(last=Max("date"))
    )
    for row in rows:
        last[row["customer_id"]][row["kind"]] = row["last"]
    touches = touches_due(
        [CustomerTouches(c.pk, tiers[c.pk], last[c.pk]) for c in customers],
        today=today,
        before=week.end,
    )
    by_id = {c.pk: c for c in customers}
    result: dict[int, list[TouchDue]] = defaultdict(list)
    for t in touches:
        customer = by_id[t.customer_id]
        assert customer.owner_id is not None
        result[customer.owner_id].append(
            TouchDue(customer, t.tier, t.rule, t.last, t.due, t.overdue)
        )
    return result


def _funnel(
    actor: Actor, people: Collection[int], plan: Plan | None, *, week: Period, today: date
) -> dict[int, list[FunnelDue]]:
    everything = plan_actions(actor, plan, people)
    due = [a for a in everything if a.due in calendar_month(today)]
    statuses = statuses_for(actor, due, everything, until=today + timedelta(days=1))
    result: dict[int, list[FunnelDue]] = defaultdict(list)
    for s in statuses:
        result[s.action.person_id].append(FunnelDue(s, s.action.due in week))
    return result


def action_lists(actor: Actor, people: Collection[int], *, today: date) -> dict[int, ActionList]:
    """The action list of each of ``people`` the actor may see, for the week holding ``today``."""
    ids = [pid for pid in people if actor.sees_person(pid)]
    week, month = iso_week(today), calendar_month(today)
    plan = plan_for_day(today)
    milestones = _milestones(actor, ids, week, today)
    touches = _touches(actor, ids, week, today)
    funnel = _funnel(actor, ids, plan, week=week, today=today)
    alerts = alerts_bridge.open_alerts(actor, ids)
    alerts_by_owner: dict[int | None, list[AlertRow]] = defaultdict(list)
    for alert in alerts or []:
        alerts_by_owner[alert.owner_id].append(alert)
    return {
        pid: ActionList(
            person_id=pid,
            week=week,
            month=month,
            plan=plan,
            milestones=milestones.get(pid, []),
            touches=touches.get(pid, []),
            funnel=funnel.get(pid, []),
            alerts=None if alerts is None else alerts_by_owner.get(pid, []),
        )
        for pid in ids
    }


def action_list(actor: Actor, person_id: int, *, today: date) -> ActionList | None:
    """One person's action list (None when the actor may not see them)."""
    return action_lists(actor, [person_id], today=today).get(person_id)


@dataclass(frozen=True)
class TeamRow:
    person: Person
    actions: ActionList


def team_action_rows(actor: Actor, *, today: date) -> list[TeamRow]:
    """The action list of everyone in the actor's scope: the actor first, then by name."""
    people = list(access.people_for(actor).order_by("name", "pk"))
    people.sort(key=lambda p: p.pk != actor.person_id)  # the actor's own row first
    lists = action_lists(actor, [p.pk for p in people], today=today)
    return [TeamRow(p, lists[p.pk]) for p in people]


@dataclass(frozen=True)
class TeamTotals:
    """The sums of a team table's rows (``alerts`` None when alerts are not available)."""

    milestones: int
    overdue_milestones: int
    touches: int
    funnel_planned: int
    funnel_done: int
    funnel_remaining: int
    alerts: int | None


def team_totals(rows: list[TeamRow]) -> TeamTotals:
    lists = [row.actions for row in rows]
    with_alerts = [a.alerts for a in lists if a.alerts is not None]
    return TeamTotals(
        milestones=sum(len(a.milestones) for a in lists),
        overdue_milestones=sum(1 for a in lists for m in a.milestones if m.overdue),
        touches=sum(len(a.touches) for a in lists),
        funnel_planned=sum(a.funnel_planned for a in lists),
        funnel_done=sum(a.funnel_done for a in lists),
        funnel_remaining=sum(a.funnel_remaining for a in lists),
        alerts=None if any(a.alerts is None for a in lists) else sum(len(a) for a in with_alerts),
    )


@dataclass(frozen=True)
class HomeActions:
    """What the home page shows: the actor's own list, and their people's for managers."""

    week: Period
    own: ActionList | None
    team: list[TeamRow]
    totals: TeamTotals | None

    @property
    def last_day(self) -> date:
        return self.week.end - timedelta(days=1)


def home_actions(actor: Actor, *, today: date) -> HomeActions:
    """The actor's own action list (when they are a person) and, for managers, directors and
    admins, everyone else's in their scope with the totals."""
    if actor.role == AccessRole.REP:
        own = action_list(actor, actor.person_id, today=today) if actor.person_id else None
        team: list[TeamRow] = []
    else:
        team = team_action_rows(actor, today=today)
        own = next((row.actions for row in team if row.person.pk == actor.person_id), None)
    return HomeActions(
        week=iso_week(today), own=own, team=team, totals=team_totals(team) if team else None
    )
