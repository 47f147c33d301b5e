"""The weekly review's data: last week's funnel actions planned vs done, the week's activities
and milestones, alerts raised and cleared, and the actions planned for the next week.

Everything is read for the subject's people only and returned as JSON-ready values (amounts and
ratios as text, days as ISO dates). The week is ``[period.start, period.end)``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from pacer import access
from pacer.access import Actor
from pacer.crm.models import ActivityKind, Stage
from pacer.org.models import Person
from pacer.planning.periods import Period
from pacer.reviews import alerts_bridge
from pacer.reviews.figures import done_days, plan_actions, plan_for_day, plan_ref, ratio
from pacer.reviews.subjects import Subject
from pacer.tracking.action_windows import (
    ActionStatus,
    PlannedAction,
    action_status,
    action_windows,
)
from pacer.tracking.gap import STAGE_ORDER
from pacer.tracking.review_periods import week_label

WEEK = timedelta(days=7)


def statuses_for(
    actor: Actor,
    actions: list[PlannedAction],
    context: list[PlannedAction],
    *,
    until: date | None = None,
) -> list[ActionStatus]:
    """``actions`` with what was done in their windows before ``until`` (read in one pass)."""
    if not actions:
        return []
    windows = action_windows({*actions, *context})
    span = Period(min(windows[a].start for a in actions), max(windows[a].end for a in actions))
    people = {a.person_id for a in actions}
    return action_status(actions, done_days(actor, people, span), context=context, until=until)


def action_rows(statuses: list[ActionStatus], names: dict[int, str]) -> list[dict[str, Any]]:
    return [
        {
            "key": s.action.key,
            "person_id": s.action.person_id,
            "person": names.get(s.action.person_id, ""),
            "stage": s.action.stage,
            "count": s.action.count,
            "done": s.done,
            "remaining": s.remaining,
            "met": s.met,
            "due": s.action.due.isoformat(),
            "window_start": s.window.start.isoformat(),
            "window_end": s.window.end.isoformat(),
        }
        for s in sorted(statuses, key=lambda s: (s.action.due, s.action.person_id, s.action.stage))
    ]


def stage_totals(statuses: list[ActionStatus]) -> list[dict[str, Any]]:
    """Planned and done per funnel stage, in funnel order, stages without actions left out."""
    planned: Counter[str] = Counter()
    done: Counter[str] = Counter()
    for s in statuses:
        planned[s.action.stage] += s.action.count
        done[s.action.stage] += s.done
    return [
        {
            "stage": stage,
            "planned": planned[stage],
            "done": done[stage],
            "ratio": ratio(done[stage], planned[stage]),
        }
        for stage in STAGE_ORDER
        if planned[stage]
    ]


def _activities(actor: Actor, members: frozenset[int], period: Period) -> dict[str, Any]:
    rows = access.activities_for(actor).filter(
        person_id__in=members, date__gte=period.start, date__lt=period.end
    )
    by_kind = Counter(rows.values_list("kind", flat=True))
    return {
        "total": sum(by_kind.values()),
        "by_kind": [
            {"kind": kind, "count": by_kind[kind]} for kind in ActivityKind.values if by_kind[kind]
        ],
    }


def _milestones(actor: Actor, members: frozenset[int], period: Period) -> list[dict[str, Any]]:
    """Milestones of the people's projects (or assigned to them) due in the week."""
    rows = (
        access.milestones_for(actor)
        .filter(Q(project__owner_id__in=members) | Q(owner_id__in=members))
        .filter(due_date__gte=period.start, due_date__lt=period.end)
        .exclude(project__stage=Stage.LOST)
        .select_related("project")
        .order_by("due_date", "pk")
    )
    return [
        {
            "id": m.pk,
            "name": m.name,
            "project_id": m.project_id,
            "project": m.project.name,
            "due": m.due_date.isoformat(),
            "done": None if m.done_date is None else m.done_date.isoformat(),
            "on_time": m.done_date is not None and m.done_date <= m.due_date,
        }
        for m in rows
    ]


def _people_rows(
    subject: Subject, statuses: list[ActionStatus], names: dict[int, str]
) -> list[dict[str, Any]]:
    per: dict[int, list[ActionStatus]] = defaultdict(list)
    for s in statuses:
        per[s.action.person_id].append(s)
    return [
        {
            "id": pid,
            "name": names.get(pid, ""),
            "actions": len(per[pid]),
            "met": sum(1 for s in per[pid] if s.met),
            "missed": sum(1 for s in per[pid] if not s.met),
        }
        for pid in sorted(subject.member_ids, key=lambda p: (names.get(p, ""), p))
    ]


def weekly_data(actor: Actor, subject: Subject, period: Period) -> dict[str, Any]:
    plan = plan_for_day(period.start)
    members = subject.member_ids
    names = dict(Person.objects.filter(pk__in=members).values_list("pk", "name"))
    everything = plan_actions(actor, plan, members)
    statuses = statuses_for(actor, [a for a in everything if a.due in period], everything)
    following = Period(period.end, period.end + WEEK)
    next_actions = [a for a in everything if a.due in following]
    actions = action_rows(statuses, names)
    return {
        "kind": "weekly",
        "subject": subject.as_json(),
        "period": {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "label": week_label(period),
        },
        "plan": plan_ref(plan),
        "actions": actions,
        "actions_summary": {
            "planned": len(actions),
            "met": sum(1 for a in actions if a["met"]),
            "missed": sum(1 for a in actions if not a["met"]),
            "stages": stage_totals(statuses),
        },
        "people": _people_rows(subject, statuses, names),
        "activities": _activities(actor, members, period),
        "milestones": _milestones(actor, members, period),
        "alerts": alerts_bridge.alerts_in_period(actor, members, period),
        "next_week": {
            "start": following.start.isoformat(),
            "end": following.end.isoformat(),
            "label": week_label(following),
            "actions": [
                {
                    "key": a.key,
                    "person_id": a.person_id,
                    "person": names.get(a.person_id, ""),
                    "stage": a.stage,
                    "count": a.count,
                    "due": a.due.isoformat(),
                }
                for a in next_actions
            ],
        },
    }
