"""Reads of plans: the plan as nested data ("see the math" included), for JSON and pages."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from pacer.access import Actor
from pacer.planning.money import split_by_weights
from pacer.planning.periods import Period, iso_weeks
from pacer.plans.explain import explain
from pacer.plans.models import Plan, PlanAction, PlanNode, PlanPeriod


def plans_for(actor: Actor) -> QuerySet[Plan]:
    """Plans are company-wide: everyone with a person (or an admin) may read them.

    What a person may *see inside* a plan is narrowed by ``visible_nodes``.
    """
    if actor.person_id is None and not actor.is_admin:
        return Plan.objects.none()
    return Plan.objects.all()


def visible_node_ids(actor: Actor, plan: Plan) -> set[int]:
    """Plan nodes the actor may see.

    The market tree (company → business type → industry → region) is the company's plan and
    open to everyone in it. In the org tree a person sees the people their scope holds and the
    teams those people belong to (with the company root); directors and admins see all.
    """
    nodes = PlanNode.objects.filter(plan=plan).values_list("pk", "tree", "parent_id", "person_id")
    rows = list(nodes)
    if actor.sees_all:
        return {pk for pk, *_ in rows}
    if actor.person_id is None:
        return set()
    parent_of = {pk: parent for pk, _tree, parent, _person in rows}
    visible = {pk for pk, tree, _parent, _person in rows if tree == "market"}
    for pk, tree, _parent, person in rows:
        if tree == "org" and person is not None and actor.sees_person(person):
            node: int | None = pk
            while node is not None and node not in visible:
                visible.add(node)
                node = parent_of[node]
    return visible


def visible_actions(actor: Actor, plan: Plan) -> QuerySet[PlanAction]:
    actions = PlanAction.objects.filter(plan=plan)
    if actor.sees_all:
        return actions
    return actions.filter(person_id__in=actor.people or ())


def latest_plan(year: int | None = None) -> Plan | None:
    """The approved plan of ``year`` if any, else its newest draft (newest year if None)."""
    plans = Plan.objects.exclude(status="superseded")
    if year is not None:
        plans = plans.filter(year=year)
    approved = plans.filter(status="approved").order_by("-year", "-approved_at").first()
    return approved or plans.order_by("-year", "-created_at", "-pk").first()


def _period_json(p: PlanPeriod) -> dict[str, Any]:
    return {
        "start": p.start.isoformat(),
        "end": p.end.isoformat(),
        "amount": str(p.amount),
        "identified": str(p.identified),
        "run_rate": str(p.run_rate),
        "season_share": str(p.season_share),
        "pipeline": str(p.pipeline),
        "coverage": None if p.coverage is None else str(p.coverage),
        "coverage_warning": p.coverage_warning,
        "backed": p.backed,
        "project_ids": list(p.project_ids),
    }


def _quarters(periods: list[dict[str, Any]]) -> list[dict[str, Any]]:
    result = []
    for q in range(len(periods) // 3):
        months = periods[3 * q : 3 * q + 3]
        result.append(
            {
                "quarter": q + 1,
                "start": months[0]["start"],
                "end": months[-1]["end"],
                "amount": str(sum((Decimal(m["amount"]) for m in months), Decimal(0))),
                "identified": str(sum((Decimal(m["identified"]) for m in months), Decimal(0))),
                "project_ids": sorted({pid for m in months for pid in m["project_ids"]}),
            }
        )
    return result


def plan_tree_json(plan: Plan, tree: str) -> dict[str, Any] | None:
    """The nested tree with each node's months and its explanation sentences."""
    nodes = list(PlanNode.objects.filter(plan=plan, tree=tree).order_by("position"))
    periods: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for p in PlanPeriod.objects.filter(node__plan=plan, node__tree=tree).order_by("node", "start"):
        periods[p.node_id].append(_period_json(p))
    children: dict[int | None, list[PlanNode]] = defaultdict(list)
    for n in nodes:
        children[n.parent_id].append(n)

    def build(n: PlanNode) -> dict[str, Any]:
        months = periods.get(n.pk, [])
        return {
            "id": n.pk,
            "dimension": n.dimension,
            "key": n.key,
            "label": n.label,
            "amount": str(n.amount),
            "quota": None if n.quota is None else str(n.quota),
            "levels": {
                "base": str(n.base),
                "stretch": str(n.stretch),
                "breakthrough": str(n.breakthrough),
            },
            "method": n.method,
            "explanation": [explain(d) for d in n.drivers],
            "drivers": n.drivers,
            "person_id": n.person_id,
            "team_id": n.team_id,
            "periods": months,
            "quarters": _quarters(months),
            "children": [build(c) for c in children.get(n.pk, [])],
        }

    roots = children.get(None, [])
    return build(roots[0]) if roots else None


def plan_actions_json(plan: Plan) -> list[dict[str, Any]]:
    rows = (
        PlanAction.objects.filter(plan=plan)
        .select_related("person")
        .order_by("person", "due", "pk")
    )
    return [
        {
            "person_id": a.person_id,
            "person": a.person.name,
            "stage": a.stage,
            "count": a.count,
            "due": a.due.isoformat(),
            "feeds_month": a.feeds_start.isoformat(),
            "acceptance": a.acceptance,
        }
        for a in rows
    ]


def _weeks(periods: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The company's ISO weeks: each month split over its days, weeks spanning two months merged.

    A week's amount is the sum of its days' shares of their months (largest remainder per
    month, so the weeks add up exactly to the months and to the year).
    """
    weeks: dict[str, dict[str, Any]] = {}
    for month in periods:
        span = Period(date.fromisoformat(month["start"]), date.fromisoformat(month["end"]))
        pieces = iso_weeks(span)
        amounts = split_by_weights(Decimal(month["amount"]), [Decimal(w.days) for w in pieces])
        for piece, amount in zip(pieces, amounts, strict=True):
            year, week, _day = piece.start.isocalendar()
            key = f"{year}-W{week:02d}"
            monday = piece.start - timedelta(days=piece.start.weekday())
            entry = weeks.setdefault(
                key,
                {
                    "week": key,
                    "start": monday.isoformat(),
                    "end": (monday + timedelta(days=7)).isoformat(),
                    "amount": Decimal(0),
                },
            )
            entry["amount"] += amount
    return [{**w, "amount": str(w["amount"])} for w in weeks.values()]


def plan_json(plan: Plan) -> dict[str, Any]:
    """The whole plan as documented in docs/plan-json.md."""
    market = plan_tree_json(plan, "market")
    views = dict(plan.views)
    views["explanation"] = [explain(r) for r in views.get("reasons", [])]
    return {
        "id": plan.pk,
        "lineage": str(plan.lineage),
        "version": plan.version,
        "status": plan.status,
        "name": plan.name,
        "year": plan.year,
        "as_of": plan.as_of.isoformat(),
        "target": str(plan.target),
        "levels": views.get("levels"),
        "assumptions": plan.assumptions,
        "views": views,
        "tree": market,
        "org_tree": plan_tree_json(plan, "org"),
        "periods": market["periods"] if market else [],
        "quarters": market["quarters"] if market else [],
        "weeks": _weeks(market["periods"]) if market else [],
        "tiers": plan.tiers,
        "actions": plan_actions_json(plan),
        "budget": plan.budget,
        "collections": plan.collections,
        "warnings": [explain(w) for w in plan.warnings],
    }
