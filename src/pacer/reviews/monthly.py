"""The monthly review's data: progress against target, which actions worked, alerts.

- progress: signed orders and payments of the subject's people in the month and in the fiscal
  year to the month's end, against the targets of the subject's node in the plan's org tree
  (``team:<id>`` or ``person:<id>``); for a team, each member's month as well;
- funnel: the month's funnel actions planned vs done, and the stage that explains a shortfall;
- lead sources: the month's leads by source with how many became projects and were won, and
  the projects won in the month by their lead source (which sources worked).
Amounts are yuan as text with two places; ratios as text with four places (1 = 100 %).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from pacer import access
from pacer.access import Actor
from pacer.crm.models import LeadSource, Stage
from pacer.org.models import Person
from pacer.planning.money import to_money
from pacer.planning.periods import Period
from pacer.plans.models import Plan, PlanPeriod
from pacer.reviews import alerts_bridge
from pacer.reviews.figures import (
    fiscal_year_of,
    paid_by_person,
    paid_in,
    plan_actions,
    plan_for_day,
    plan_ref,
    ratio,
    signed_by_person,
    signed_in,
)
from pacer.reviews.subjects import Subject
from pacer.reviews.weekly import stage_totals, statuses_for
from pacer.tracking.gap import bottleneck, funnel_progress
from pacer.tracking.review_periods import month_label

NO_SOURCE = ""


def _targets(plan: Plan | None, keys: list[str], until: Period) -> dict[str, dict[str, Decimal]]:
    """Node key → {"month": the month's target, "ytd": the year's targets up to its end}."""
    result: dict[str, dict[str, Decimal]] = {}
    if plan is None:
        return result
    rows = PlanPeriod.objects.filter(
        node__plan=plan, node__tree="org", node__key__in=keys, start__lt=until.end
    ).values_list("node__key", "start", "amount")
    for key, start, amount in rows:
        entry = result.setdefault(key, {"month": Decimal(0), "ytd": Decimal(0)})
        entry["ytd"] += amount
        if start == until.start:
            entry["month"] += amount
    return result


def _measure(target: Decimal | None, signed: Decimal, paid: Decimal) -> dict[str, Any]:
    return {
        "target": None if target is None else str(to_money(target)),
        "signed": str(signed),
        "paid": str(paid),
        "signed_attainment": None if target is None else ratio(signed, target),
        "paid_attainment": None if target is None else ratio(paid, target),
        "gap": None if target is None else str(to_money(signed - target)),
    }


def _progress(
    actor: Actor, subject: Subject, plan: Plan | None, period: Period
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    year = fiscal_year_of(period.start).period
    to_date = Period(year.start, period.end)
    members = subject.member_ids
    person_keys = [f"person:{pid}" for pid in members]
    targets = _targets(plan, [subject.node_key, *person_keys], period)
    own = targets.get(subject.node_key)
    progress = {
        "node": subject.node_key,
        "has_target": own is not None,
        "year_start": year.start.isoformat(),
        "month": _measure(
            None if own is None else own["month"],
            signed_in(actor, members, period),
            paid_in(actor, members, period),
        ),
        "year_to_date": _measure(
            None if own is None else own["ytd"],
            signed_in(actor, members, to_date),
            paid_in(actor, members, to_date),
        ),
    }
    signed = signed_by_person(actor, members, period)
    paid = paid_by_person(actor, members, period)
    names = dict(Person.objects.filter(pk__in=members).values_list("pk", "name"))
    people = []
    for pid in sorted(members, key=lambda p: (names.get(p, ""), p)):
        target = targets.get(f"person:{pid}")
        row = _measure(
            None if target is None else target["month"],
            signed.get(pid, Decimal("0.00")),
            paid.get(pid, Decimal("0.00")),
        )
        people.append({"id": pid, "name": names.get(pid, ""), **row})
    return progress, people


def _funnel(actor: Actor, subject: Subject, plan: Plan | None, period: Period) -> dict[str, Any]:
    everything = plan_actions(actor, plan, subject.member_ids)
    statuses = statuses_for(actor, [a for a in everything if a.due in period], everything)
    stages = stage_totals(statuses)
    planned = {row["stage"]: row["planned"] for row in stages}
    done = {row["stage"]: row["done"] for row in stages}
    found = bottleneck(funnel_progress(planned, done))
    return {
        "stages": stages,
        "bottleneck": None
        if found is None
        else {
            "from_stage": found.from_stage,
            "to_stage": found.to_stage,
            "from_ratio": str(found.from_ratio),
            "to_ratio": str(found.to_ratio),
        },
    }


def _lead_sources(actor: Actor, subject: Subject, period: Period) -> list[dict[str, Any]]:
    leads = access.leads_for(actor).filter(
        person_id__in=subject.member_ids, date__gte=period.start, date__lt=period.end
    )
    counts: Counter[str] = Counter()
    converted: Counter[str] = Counter()
    won: Counter[str] = Counter()
    for source, project_id, stage in leads.values_list("source", "project_id", "project__stage"):
        counts[source] += 1
        converted[source] += project_id is not None
        won[source] += stage == Stage.WON
    won_projects = (
        access.projects_for(actor)
        .filter(
            owner_id__in=subject.member_ids,
            stage=Stage.WON,
            closed_date__gte=period.start,
            closed_date__lt=period.end,
        )
        .order_by()
        .values("lead_source")
        .annotate(n=Count("pk"), total=Sum("amount"))
    )
    won_amount: dict[str, Decimal] = defaultdict(Decimal)
    won_count: Counter[str] = Counter()
    for row in won_projects:
        won_amount[row["lead_source"]] += row["total"] or 0
        won_count[row["lead_source"]] += row["n"]
    sources = [*LeadSource.values, NO_SOURCE]
    return [
        {
            "source": source,
            "leads": counts[source],
            "converted": converted[source],
            "won": won[source],
            "conversion": ratio(converted[source], counts[source]),
            "won_projects": won_count[source],
            "won_amount": str(to_money(won_amount[source])),
        }
        for source in sources
        if counts[source] or won_count[source]
    ]


def monthly_data(actor: Actor, subject: Subject, period: Period) -> dict[str, Any]:
    plan = plan_for_day(period.start)
    progress, people = _progress(actor, subject, plan, period)
    sources = _lead_sources(actor, subject, period)
    # the source whose leads most often became projects, when any did
    rated = [s for s in sources if s["converted"] and s["source"]]
    best = max(rated, key=lambda s: Decimal(s["conversion"]), default=None)
    return {
        "kind": "monthly",
        "subject": subject.as_json(),
        "period": {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "label": month_label(period),
        },
        "plan": plan_ref(plan),
        "progress": progress,
        "people": people,
        "funnel": _funnel(actor, subject, plan, period),
        "lead_sources": sources,
        "best_source": None if best is None else best["source"],
        "alerts": alerts_bridge.alerts_in_period(actor, subject.member_ids, period),
    }
