"""Funnel actions done against the plan's, per org node, stage and month.

Planned: the plan's funnel actions (``PlanAction``), counted in the month they are due.
Done, from the data, for the new-business funnel the actions were planned for (the plan backs
only the non-repeat part of a person's target through the funnel):
- lead (线索): leads obtained (``Lead.date``), by the lead's person;
- needs (需求对接): new-business projects created (``Project.created_date``), by their owner;
- proposal (方案): new-business proposals sent (``Project.proposal_sent_date``), by the owner;
- won (签单): new-business projects won (``closed_date``), by the owner. A project is one deal
  however many contracts it is signed as, and the conversion rates behind the plan are
  measured on projects too.
New business = business type new customer or new product. A count belongs to the person's org
node and every node above it (see ``pacer.progress.nodes``). The months run from the month the
first action is due (leads are due months before the signings they feed) to the year's end.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from pacer.crm.models import BusinessType, Lead, Project, Stage
from pacer.planning.periods import Period, add_months
from pacer.plans.models import PlanAction
from pacer.progress.nodes import ORG, PlanIndex
from pacer.tracking.gap import STAGE_ORDER, StageProgress, funnel_progress

NEW_BUSINESS = (BusinessType.NEW_CUSTOMER, BusinessType.NEW_PRODUCT)


@dataclass
class FunnelCounts:
    """``planned[node][stage][i]`` and ``done[node][stage][i]`` for month ``months[i]``."""

    months: tuple[Period, ...]
    planned: dict[int, dict[str, list[int]]]
    done: dict[int, dict[str, list[int]]]
    planned_to_date: dict[int, dict[str, int]]

    def to_date(self, node_id: int) -> list[StageProgress]:
        """Each stage's planned (due before today) and done counts since the first month."""
        done = {s: sum(c) for s, c in self.done.get(node_id, {}).items()}
        return funnel_progress(self.planned_to_date.get(node_id, {}), done)

    def has(self, node_id: int) -> bool:
        return node_id in self.planned


def _months(first: date, year_end: date) -> tuple[Period, ...]:
    result, start = [], first.replace(day=1)
    while start < year_end:
        result.append(Period(start, add_months(start, 1)))
        start = add_months(start, 1)
    return tuple(result)


def funnel_counts(index: PlanIndex, as_of: date) -> FunnelCounts:
    """Counts for every node of the org tree (three queries)."""
    actions = list(
        PlanAction.objects.filter(plan=index.plan)
        .order_by("pk")
        .values_list("person_id", "stage", "count", "due")
    )
    year = Period(index.months[0].start, index.months[-1].end)
    first = min([year.start, *(due for *_, due in actions)])
    months = _months(first, year.end)
    window = Period(months[0].start, year.end)
    org_nodes = [n.id for n in index.ordered(ORG)]
    planned = {n: {s: [0] * len(months) for s in STAGE_ORDER} for n in org_nodes}
    done = {n: {s: [0] * len(months) for s in STAGE_ORDER} for n in org_nodes}
    to_date: dict[int, dict[str, int]] = {n: defaultdict(int) for n in org_nodes}
    chains: dict[int | None, list[int]] = {}

    def chain(person_id: int | None) -> list[int]:
        if person_id not in chains:
            chains[person_id] = index.org_nodes(person_id)
        return chains[person_id]

    def offset(day: date) -> int:
        return (day.year - months[0].start.year) * 12 + day.month - months[0].start.month

    for person_id, stage, count, due in actions:
        for node_id in chain(person_id):
            if due in window:
                planned[node_id][stage][offset(due)] += count
            if due < as_of:
                to_date[node_id][stage] += count
    for stage, doer, day in _done_events(window.start, min(window.end, as_of)):
        for node_id in chain(doer):
            done[node_id][stage][offset(day)] += 1
    return FunnelCounts(months, planned, done, {n: dict(c) for n, c in to_date.items()})


def _done_events(start: date, end: date) -> list[tuple[str, int | None, date]]:
    """(stage, person, day) of every lead, new-business need, proposal and win in the window."""
    if end <= start:
        return []
    events: list[tuple[str, int | None, date]] = [
        ("lead", person_id, day)
        for person_id, day in Lead.objects.filter(date__gte=start, date__lt=end)
        .order_by("pk")
        .values_list("person_id", "date")
    ]
    projects = (
        Project.objects.filter(business_type__in=NEW_BUSINESS)
        .filter(
            Q(created_date__gte=start, created_date__lt=end)
            | Q(proposal_sent_date__gte=start, proposal_sent_date__lt=end)
            | Q(stage=Stage.WON, closed_date__gte=start, closed_date__lt=end)
        )
        .order_by("pk")
        .values_list("owner_id", "stage", "created_date", "proposal_sent_date", "closed_date")
    )
    inside = Period(start, end)
    for owner_id, stage, created, proposal, closed in projects:
        for name, day in (("needs", created), ("proposal", proposal), ("won", closed)):
            if day is not None and day in inside and (name != "won" or stage == Stage.WON):
                events.append((name, owner_id, day))
    return events
