"""Writes on plans: build, approve, edit a node, copy as a scenario. Each one is atomic."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from pacer.planning.builder import BuiltPlan, build_plan
from pacer.planning.inputs import Assumptions
from pacer.planning.levels import ambition_levels
from pacer.planning.money import FEN
from pacer.planning.pipeline_split import TimeSplit
from pacer.planning.tree import PlanNode as CoreNode
from pacer.plans.acceptance import ACCEPTANCE
from pacer.plans.assumptions import assumptions_from_json, assumptions_to_json
from pacer.plans.explain import driver_json
from pacer.plans.inputs import load_plan_inputs
from pacer.plans.models import Plan, PlanAction, PlanChange, PlanNode, PlanPeriod, PlanStatus


class PlanError(Exception):
    """A plan operation the user asked for cannot be done; the message says why."""


@transaction.atomic
def plan_build(
    *,
    year: int,
    target: Decimal,
    as_of: date,
    name: str = "",
    assumptions: Assumptions | None = None,
    user: User | None = None,
    scenario_of: Plan | None = None,
    reason: str = "",
) -> Plan:
    """Build a draft plan of ``target`` yuan for fiscal ``year`` from the data as of ``as_of``."""
    if not target.is_finite() or target <= 0:
        raise PlanError(gettext("年度目标必须大于零"))
    target = target.quantize(FEN)
    a = assumptions or Assumptions()
    built = build_plan(load_plan_inputs(year=year, target=target, as_of=as_of, assumptions=a))
    plan = Plan.objects.create(
        name=name or gettext("%(year)s 年度计划") % {"year": year},
        year=year,
        fiscal_start_month=_start_month(built),
        target=target,
        as_of=as_of,
        assumptions=assumptions_to_json(a),
        views=_views_json(built),
        tiers=_tiers_json(built),
        budget=_budget_json(built),
        collections=_collections_json(built),
        warnings=[driver_json(w) for w in built.warnings],
        created_by=user if user and user.is_authenticated else None,
        scenario_of=scenario_of,
        reason=reason,
    )
    _save_tree(plan, "market", built.market_tree, built)
    _save_tree(plan, "org", built.org_tree, built)
    _save_actions(plan, built)
    PlanChange.objects.create(
        plan=plan,
        action="build",
        who=plan.created_by,
        reason=reason,
        after={"target": str(target), "assumptions": plan.assumptions, "as_of": str(as_of)},
    )
    return plan


def _start_month(built: BuiltPlan) -> int:
    first = next(iter(built.months.values())).periods[0].period.start
    return first.month


def _views_json(built: BuiltPlan) -> dict[str, Any]:
    v = built.views

    def text(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {
        "target": str(v.target),
        "top_down": str(v.top_down.quantize(Decimal("0.01"))),
        "bottom_up": str(v.bottom_up),
        "bottom_up_parts": [{"part": k, "amount": str(a)} for k, a in v.bottom_up_parts],
        "market": text(v.market.quantize(Decimal("0.01")) if v.market is not None else None),
        "growth_needed": text(
            v.growth_needed.quantize(Decimal("0.0001")) if v.growth_needed is not None else None
        ),
        "best_history_growth": text(
            v.best_history_growth.quantize(Decimal("0.0001"))
            if v.best_history_growth is not None
            else None
        ),
        "backing": text(v.backing.quantize(Decimal("0.0001")) if v.backing is not None else None),
        "verdict": v.verdict.value,
        "reasons": [driver_json(r) for r in v.reasons],
        "retention": str(built.retention),
        "seasonality": {
            "shares": [str(_ratio(s)) for s in built.seasonality.shares],
            "years_used": list(built.seasonality.years_used),
            "history_weight": str(built.seasonality.history_weight),
        },
        "levels": {
            "base": str(built.levels.base),
            "stretch": str(built.levels.stretch),
            "breakthrough": str(built.levels.breakthrough),
        },
    }


def _ratio(value: Fraction) -> Decimal:
    """A share as a decimal with ten places (exact enough to recompute any month)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("1e-10"))


def _tiers_json(built: BuiltPlan) -> list[dict[str, Any]]:
    return [
        {
            "tier": t.summary.tier.value,
            "count": t.summary.count,
            "last_12_months": str(t.summary.amount),
            "share": str(t.summary.share.quantize(Decimal("0.0001"))),
            "planned_repeat": str(t.planned_repeat),
        }
        for t in built.tiers
    ]


def _budget_json(built: BuiltPlan) -> dict[str, Any]:
    return {
        "total": str(built.budget.total),
        "rate": str(built.budget.rate),
        "lines": [
            {"line": line.line, "amount": str(line.amount), "expected_leads": line.expected_leads}
            for line in built.budget.lines
        ],
    }


def _collections_json(built: BuiltPlan) -> dict[str, Any]:
    months = next(iter(built.months.values())).periods
    return {
        "months": [
            {"start": str(m.period.start), "amount": str(a)}
            for m, a in zip(months, built.collections.by_period, strict=True)
        ],
        "carried_over": str(built.collections.carried_over),
    }


def _walk_levels(root: CoreNode) -> Iterator[list[tuple[tuple[str, ...], CoreNode]]]:
    level: list[tuple[tuple[str, ...], CoreNode]] = [((root.key,), root)]
    while level:
        yield level
        level = [((*path, c.key), c) for path, node in level for c in node.children]


def _save_tree(plan: Plan, tree: str, root: CoreNode, built: BuiltPlan) -> None:
    ambition = assumptions_from_json(plan.assumptions).ambition
    saved: dict[tuple[str, ...], PlanNode] = {}
    position = 0
    for level in _walk_levels(root):
        rows = []
        for path, node in level:
            levels = ambition_levels(node.amount, ambition)
            quota = None
            if node.dimension == "person" and node.drivers:
                quota = Decimal(str(node.drivers[0].values.get("quota", node.amount)))
            rows.append(
                PlanNode(
                    plan=plan,
                    parent=saved.get(path[:-1]),
                    tree=tree,
                    dimension=node.dimension,
                    key=node.key,
                    label=node.label,
                    amount=node.amount,
                    quota=quota,
                    base=levels.base,
                    stretch=levels.stretch,
                    breakthrough=levels.breakthrough,
                    method=node.method,
                    drivers=[driver_json(d) for d in node.drivers],
                    position=position,
                    person_id=_id_of(node.key, "person"),
                    team_id=_id_of(node.key, "team"),
                )
            )
            position += 1
        created = PlanNode.objects.bulk_create(rows)
        for (path, _node), row in zip(level, created, strict=True):
            saved[path] = row
    periods: list[PlanPeriod] = []
    for path, row in saved.items():
        split: TimeSplit = built.months[(tree, path)]
        periods.extend(
            PlanPeriod(
                node=row,
                start=p.period.start,
                end=p.period.end,
                amount=p.amount,
                identified=p.identified,
                run_rate=p.run_rate,
                season_share=_ratio(p.season_share),
                pipeline=p.pipeline,
                coverage=p.coverage,
                coverage_warning=p.coverage_warning,
                backed=p.backed,
                project_ids=list(p.project_ids),
            )
            for p in split.periods
        )
    PlanPeriod.objects.bulk_create(periods)


def _id_of(key: str, kind: str) -> int | None:
    prefix = f"{kind}:"
    return int(key[len(prefix) :]) if key.startswith(prefix) else None


def _save_actions(plan: Plan, built: BuiltPlan) -> None:
    PlanAction.objects.bulk_create(
        PlanAction(
            plan=plan,
            person_id=pa.person_id,
            stage=action.stage.value,
            count=action.count,
            due=action.due,
            feeds_start=action.feeds.start,
            acceptance=str(ACCEPTANCE[action.stage.value]),
        )
        for pa in built.actions
        for action in pa.actions
    )


@transaction.atomic
def plan_approve(*, plan: Plan, user: User, reason: str = "") -> Plan:
    """Approve a draft; the approved version it replaces (same lineage) is superseded."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise PlanError(gettext("只有草稿可以批准"))
    Plan.objects.filter(lineage=plan.lineage, status=PlanStatus.APPROVED).update(
        status=PlanStatus.SUPERSEDED
    )
    plan.status = PlanStatus.APPROVED
    plan.approved_by = user
    plan.approved_at = timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_at"])
    PlanChange.objects.create(
        plan=plan,
        action="approve",
        who=user,
        reason=reason,
        before={"status": PlanStatus.DRAFT},
        after={"status": PlanStatus.APPROVED},
    )
    return plan
