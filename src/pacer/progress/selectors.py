"""Which plan to track, and the JSON of a reader's view of it (shared by the CLI and the API)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404

from pacer.access import Actor, get_visible
from pacer.org.models import Company
from pacer.planning.periods import FiscalYear
from pacer.plans.models import Plan, PlanNode
from pacer.plans.selectors import latest_plan, plans_for, visible_node_ids
from pacer.progress.report import track_report
from pacer.progress.serialize import track_json
from pacer.progress.sources import lead_source_report


def tracked_plan(actor: Actor | None, plan_id: int | None, as_of: date) -> Plan | None:
    """Plan ``plan_id``, or the plan of the fiscal year of ``as_of`` (approved first, else the
    newest draft; else the newest plan of any year). None when absent or not readable."""
    plans = Plan.objects.all() if actor is None else plans_for(actor)
    if plan_id is not None:
        return plans.filter(pk=plan_id).first()
    company = Company.objects.first()
    year = FiscalYear.containing(as_of, company.fiscal_year_start_month if company else 1).year
    plan = latest_plan(year) or latest_plan()
    return plan if plan is not None and plans.filter(pk=plan.pk).exists() else None


def track_data(plan: Plan, as_of: date, actor: Actor | None) -> dict[str, Any]:
    """The documented JSON (docs/track-json.md) as ``actor`` may see it (None: everything)."""
    return track_json(track_report(plan, as_of, actor), lead_source_report(actor, as_of))


def node_for(actor: Actor, node_id: object) -> PlanNode:
    """A plan node the actor may see (its plan readable, the node visible), else ``Http404``."""
    node = get_visible(PlanNode.objects.select_related("plan"), node_id)
    plan = node.plan
    if not plans_for(actor).filter(pk=plan.pk).exists():
        raise Http404
    if node.pk not in visible_node_ids(actor, plan):
        raise Http404
    return node
