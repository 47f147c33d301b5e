"""Decide an adjustment proposal: approve it into a new plan version, or reject it.

Approving (directors and admins) opens a new draft version of the approved plan, sets the
suggested months (or the director's own) on the copied nodes, and approves that version: the
old one is superseded but stays exactly as it was. A ``spread`` keeps each node's year total
and cascades the new months down its tree (each level's children fitted to their parent's
months, keeping every child's total); a ``move`` keeps every month's sum across the nodes it
touches, so their parent's months do not change. The change is logged as a ``PlanChange``
with who, why, before and after. Amounts are yuan to the fen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User as AuthUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from pacer.access import actor_for
from pacer.adjustments.models import Adjustment, AdjustmentStatus
from pacer.org.display import when_label, who_label
from pacer.planning.levels import ambition_levels
from pacer.planning.money import FEN
from pacer.planning.reconcile import fit_months
from pacer.plans.assumptions import assumptions_from_json
from pacer.plans.edits import User
from pacer.plans.models import Plan, PlanChange, PlanNode, PlanPeriod, PlanStatus
from pacer.plans.services import PlanError
from pacer.plans.versions import plan_revise, plan_version_approve

Months = dict[str, Decimal]


class AdjustmentForbiddenError(PlanError):
    """Only directors and admins decide adjustments."""


def may_decide(user: User) -> bool:
    return actor_for(user).is_director_or_admin


@transaction.atomic
def adjustment_approve(
    *,
    adjustment: Adjustment,
    user: User,
    reason: str,
    amounts: Mapping[int, Mapping[str, Decimal]] | None = None,
) -> Plan:
    """Approve ``adjustment`` (optionally with changed months: node id → ``YYYY-MM`` → yuan);
    returns the new approved plan version."""
    locked, reason = _open_for_decision(adjustment, user, reason)
    plan = locked.plan
    if plan.status != PlanStatus.APPROVED:
        raise PlanError(gettext("这项调整所针对的计划版本已不是当前批准版本，请重新评估"))
    nodes = _decided_nodes(locked.suggestion, amounts)
    revision = plan_revise(plan=plan, user=user, reason=reason)
    ids = _node_map(revision)
    for node in nodes:
        node["new_id"] = ids[(node["tree"], tuple(node["path"]))]
    _apply(revision, locked.suggestion.get("kind", ""), nodes)
    PlanChange.objects.create(
        plan=revision,
        node_id=nodes[0]["new_id"] if nodes else None,
        action="adjust",
        who=revision.created_by,
        reason=reason,
        before=_change_side(locked, nodes, "before"),
        after=_change_side(locked, nodes, "after"),
    )
    approved = plan_version_approve(plan=revision, user=user, reason=reason)
    _decide(locked, user, reason, AdjustmentStatus.APPROVED, result=approved)
    adjustment.refresh_from_db()
    return approved


@transaction.atomic
def adjustment_reject(*, adjustment: Adjustment, user: User, reason: str) -> Adjustment:
    """Reject ``adjustment``: the plan stays as it is; the reason is kept."""
    locked, reason = _open_for_decision(adjustment, user, reason)
    _decide(locked, user, reason, AdjustmentStatus.REJECTED, result=None)
    adjustment.refresh_from_db()
    return locked


def _open_for_decision(adjustment: Adjustment, user: User, reason: str) -> tuple[Adjustment, str]:
    if not may_decide(user):
        raise AdjustmentForbiddenError(gettext("只有总监和管理员可以决定目标调整"))
    text = (reason or "").strip()
    if not text:
        raise PlanError(gettext("请填写决定原因"))
    locked = Adjustment.objects.select_for_update().select_related("plan").get(pk=adjustment.pk)
    if not locked.is_open:
        raise PlanError(_already_decided(locked))
    return locked, text


def _already_decided(adjustment: Adjustment) -> str:
    """Why a second decision is refused: who decided first, when, and what."""
    return gettext("这项调整已经决定过了：%(who)s 于 %(when)s %(decision)s。") % {
        "who": who_label(adjustment.decided_by),
        "when": when_label(adjustment.decided_at),
        "decision": adjustment.get_status_display(),
    }


def _decide(
    adjustment: Adjustment, user: User, reason: str, status: str, result: Plan | None
) -> None:
    adjustment.status = status
    adjustment.decided_by = user if isinstance(user, AuthUser) else None
    adjustment.decided_at = timezone.now()
    adjustment.reason = reason
    adjustment.result = result
    adjustment.save(update_fields=["status", "decided_by", "decided_at", "reason", "result"])


def _decided_nodes(
    suggestion: Mapping[str, Any], amounts: Mapping[int, Mapping[str, Decimal]] | None
) -> list[dict[str, Any]]:
    """The suggestion's nodes with their ``after`` months, the director's where given."""
    nodes = [dict(n) for n in suggestion.get("nodes", [])]
    changed = amounts or {}
    for node in nodes:
        after = {k: Decimal(v) for k, v in node["after"].items()}
        for month, value in changed.get(node["id"], {}).items():
            if month not in after:
                raise PlanError(gettext("月份 %(month)s 不在计划年度内") % {"month": month})
            after[month] = _money(value, node["label"], month)
        node["after"] = {k: str(v) for k, v in after.items()}
    kind = suggestion.get("kind")
    for node in nodes:
        if kind in ("spread", "shift") and _total(node["after"]) != _total(node["before"]):
            raise PlanError(
                gettext("「%(label)s」各月合计须保持 %(total)s 元不变")
                % {"label": node["label"], "total": _total(node["before"])}
            )
    if kind == "shift":
        _same_change_in_each_tree(nodes)
    if kind == "move":
        for month in nodes[0]["before"] if nodes else []:
            was = sum((Decimal(n["before"][month]) for n in nodes), Decimal(0))
            now = sum((Decimal(n["after"][month]) for n in nodes), Decimal(0))
            if was != now:
                raise PlanError(
                    gettext("%(month)s 各人合计须保持 %(total)s 元不变")
                    % {"month": month, "total": was}
                )
    return nodes


def _same_change_in_each_tree(nodes: list[dict[str, Any]]) -> None:
    """A shift changes a chain of nodes of each tree; each must change like the others, or a
    parent would no longer add up to its children."""
    first: dict[str, dict[str, Decimal]] = {}
    for node in nodes:
        change = {m: Decimal(node["after"][m]) - Decimal(v) for m, v in node["before"].items()}
        expected = first.setdefault(node["tree"], change)
        if change != expected:
            raise PlanError(
                gettext("「%(label)s」的调整须与同一维度中其他节点的调整相同")
                % {"label": node["label"]}
            )


def _money(value: object, label: str, month: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(FEN):
        raise PlanError(
            gettext("「%(label)s」%(month)s 的金额 %(value)s 无效：请填写精确到分的非负数")
            % {"label": label, "month": month, "value": value}
        )
    return amount


def _total(months: Mapping[str, str]) -> Decimal:
    return sum((Decimal(v) for v in months.values()), Decimal(0))


def _node_map(revision: Plan) -> dict[tuple[str, tuple[str, ...]], int]:
    """A revision's node ids by (tree, keys from the root); the copy keeps every key."""
    rows = list(
        PlanNode.objects.filter(plan=revision).values_list("pk", "tree", "key", "parent_id")
    )
    parent = {pk: p for pk, _, _, p in rows}
    key = {pk: k for pk, _, k, _ in rows}
    result = {}
    for pk, tree, _, _ in rows:
        path: list[str] = []
        here: int | None = pk
        while here is not None:
            path.append(key[here])
            here = parent[here]
        result[(tree, tuple(reversed(path)))] = pk
    return result


def _apply(revision: Plan, kind: str, nodes: list[dict[str, Any]]) -> None:
    a = assumptions_from_json(revision.assumptions)
    all_nodes = {n.pk: n for n in PlanNode.objects.filter(plan=revision)}
    children: dict[int | None, list[PlanNode]] = defaultdict(list)
    for n in sorted(all_nodes.values(), key=lambda n: (n.position, n.pk)):
        children[n.parent_id].append(n)
    periods: dict[int, list[PlanPeriod]] = defaultdict(list)
    for p in PlanPeriod.objects.filter(node__plan=revision).order_by("node_id", "start"):
        periods[p.node_id].append(p)
    new_months: dict[int, list[Decimal]] = {}
    for item in nodes:
        own = periods[item["new_id"]]
        new_months[item["new_id"]] = [Decimal(item["after"][f"{p.start:%Y-%m}"]) for p in own]
    if kind == "spread":
        stack = [item["new_id"] for item in nodes]
        while stack:
            parent_id = stack.pop()
            kids = [k for k in children[parent_id] if periods[k.pk]]
            if not kids:
                continue
            table = fit_months(
                new_months[parent_id],
                [k.amount for k in kids],
                [[p.amount for p in periods[k.pk]] for k in kids],
            )
            for kid, row in zip(kids, table, strict=True):
                new_months[kid.pk] = row
                stack.append(kid.pk)
    changed_nodes = []
    for node_id, months in new_months.items():
        node = all_nodes[node_id]
        total = sum(months, Decimal(0))
        if total != node.amount:
            node.amount = total
            levels = ambition_levels(total, a.ambition)
            node.base, node.stretch, node.breakthrough = (
                levels.base,
                levels.stretch,
                levels.breakthrough,
            )
            if node.quota is not None:
                node.quota = (total * (1 + a.over_assign)).quantize(FEN)
            changed_nodes.append(node)
    PlanNode.objects.bulk_update(
        changed_nodes, ["amount", "base", "stretch", "breakthrough", "quota"]
    )
    _set_months(periods, new_months, a.coverage_threshold)


def _set_months(
    periods: Mapping[int, list[PlanPeriod]],
    new_months: Mapping[int, list[Decimal]],
    threshold: Decimal,
) -> None:
    updated = []
    for node_id, months in new_months.items():
        for p, amount in zip(periods[node_id], months, strict=True):
            # The projects behind a month do not change with its target: the identified part
            # stays, capped by the month's new target, and the run-rate part takes the rest.
            p.amount = amount
            p.identified = min(p.identified, amount)
            p.run_rate = amount - p.identified
            p.coverage = (p.pipeline / amount).quantize(Decimal("0.01")) if amount > 0 else None
            p.coverage_warning = p.coverage is not None and p.coverage < threshold
            updated.append(p)
    fields = ["amount", "identified", "run_rate", "coverage", "coverage_warning"]
    PlanPeriod.objects.bulk_update(updated, fields)


def _change_side(adjustment: Adjustment, nodes: list[dict[str, Any]], side: str) -> dict[str, Any]:
    return {
        "adjustment": adjustment.pk,
        "trigger": adjustment.trigger,
        "subject": adjustment.subject,
        "nodes": [
            {"id": n["new_id"], "tree": n["tree"], "label": n["label"], "months": n[side]}
            for n in nodes
        ],
    }
