"""Evaluate the adjustment triggers on an approved plan and open proposals with a re-plan.

Triggers evaluated: a closed quarter of the company (the org tree's root) below 80 % of its
target, a person with a target who leaves within the plan year, and a large deal postponed out
of the month it backed (``pacer.adjustments.postponed``). The suggested re-plan is
stored with the proposal as ``{"kind", "nodes": [{"id", "tree", "path", "before", "after"}]}``,
months keyed ``YYYY-MM`` with yuan strings:

- ``spread``: the quarter's months lowered by its gap (target − actual) and the months not yet
  ended on the reference day raised by it, in proportion to their own plan amounts (which carry
  the pipeline and the seasonality). Both trees' roots get the same change; the year total does
  not change, and approving cascades it down each tree.
- ``move``: the leaver's months after their last day handed to their teammates (the person
  nodes under the same parent who are still active), month by month, in proportion to the
  teammates' year targets; the team's months do not change.
- ``shift``: a postponed deal's weighted value moved out of the month it backed, the same change
  on every node above its owner and above its market cell (see ``postponed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from pacer.adjustments.models import Adjustment, AdjustmentStatus
from pacer.adjustments.postponed import postponed_proposals
from pacer.org.models import Person
from pacer.planning.money import FEN
from pacer.planning.periods import FiscalYear
from pacer.plans.models import Plan, PlanStatus
from pacer.plans.services import PlanError
from pacer.progress.actuals import load_actuals
from pacer.progress.nodes import MARKET, ORG, PlanIndex, month_key, plan_index
from pacer.tracking.adjust import (
    PERSON_LEFT,
    PROJECT_POSTPONED,
    QuarterResult,
    Trigger,
    move_targets,
    person_left,
    quarter_below,
    spread_gap,
)


@dataclass(frozen=True)
class Proposal:
    trigger: Trigger
    suggestion: dict[str, Any]


@transaction.atomic
def adjustments_evaluate(*, plan: Plan, as_of: date) -> list[Adjustment]:
    """Open a proposal for each trigger that holds on ``as_of`` and has none open yet.

    Returns the proposals opened now (an empty list when everything is already open).
    """
    if plan.status != PlanStatus.APPROVED:
        raise PlanError(gettext("只对已批准的计划评估目标调整"))
    Plan.objects.select_for_update().get(pk=plan.pk)
    index = plan_index(plan)
    postponed = [
        Proposal(trigger, suggestion)
        for trigger, suggestion in postponed_proposals(index, as_of, _node_json)
    ]
    opened = []
    for proposal in (*_quarter_proposals(index, as_of), *_leaver_proposals(index), *postponed):
        trigger = proposal.trigger
        same = Adjustment.objects.filter(trigger=trigger.code, subject=trigger.subject)
        if trigger.code == PROJECT_POSTPONED:
            # The project still backs its old month in later versions: once proposed, a
            # postponement is not proposed again in the plan's lineage, whatever the decision.
            exists = same.filter(plan__lineage=plan.lineage).exists()
        else:
            exists = same.filter(plan=plan, status=AdjustmentStatus.PROPOSED).exists()
        if exists:
            continue
        opened.append(
            Adjustment.objects.create(
                plan=plan,
                trigger=trigger.code,
                subject=trigger.subject,
                values=dict(trigger.values),
                suggestion=proposal.suggestion,
                opened_at=as_of,
            )
        )
    return opened


def _quarter_proposals(index: PlanIndex, as_of: date) -> list[Proposal]:
    if ORG not in index.roots:
        return []
    root = index.roots[ORG]
    orders = load_actuals(index, as_of).orders[root]
    targets = [m.amount for m in index.targets[root]]
    quarters = []
    for q, period in enumerate(
        FiscalYear(index.plan.year, index.plan.fiscal_start_month).quarters()
    ):
        label = f"{index.plan.year}Q{q + 1}"
        months = range(3 * q, 3 * q + 3)
        quarters.append(
            QuarterResult(
                label,
                sum((targets[i] for i in months), Decimal(0)),
                sum((orders[i] for i in months), Decimal(0)),
                closed=period.end <= as_of,
            )
        )
    remaining = [i for i, p in enumerate(index.months) if p.end > as_of]
    result = []
    for trigger in quarter_below("company", quarters):
        if not remaining:
            continue
        q = int(str(trigger.values["quarter"])[-1]) - 1
        closed = list(range(3 * q, 3 * q + 3))
        gap = Decimal(str(trigger.values["gap"])).quantize(FEN)
        nodes = [
            _spread_node(index, index.roots[tree], closed, remaining, gap)
            for tree in (ORG, MARKET)
            if tree in index.roots
        ]
        result.append(Proposal(trigger, {"kind": "spread", "nodes": nodes}))
    return result


def _spread_node(
    index: PlanIndex, node_id: int, closed: list[int], remaining: list[int], gap: Decimal
) -> dict[str, Any]:
    before = [m.amount for m in index.targets[node_id]]
    lowered, raised = spread_gap([before[i] for i in closed], [before[i] for i in remaining], gap)
    after = list(before)
    for i, amount in zip([*closed, *remaining], [*lowered, *raised], strict=True):
        after[i] = amount
    return _node_json(index, node_id, before, after)


def _leaver_proposals(index: PlanIndex) -> list[Proposal]:
    year_start, year_end = index.months[0].start, index.months[-1].end
    people = Person.objects.filter(pk__in=index.org_person).values_list("pk", "name", "active_to")
    status = {pk: (name, active_to) for pk, name, active_to in people}
    result = []
    for person_id, node_id in sorted(index.org_person.items()):
        name, active_to = status[person_id]
        if active_to is None or not person_left(active_to, year_start, year_end):
            continue
        node = index.nodes[node_id]
        before = [m.amount for m in index.targets[node_id]]
        left = [i for i, p in enumerate(index.months) if p.start > active_to]
        if not any(before[i] for i in left):
            continue
        mates = [
            n
            for n in index.children[node.parent_id]
            if n != node_id
            and index.nodes[n].person_id is not None
            and _active(status.get(index.nodes[n].person_id or 0), year_end)
        ]
        weights = [sum((m.amount for m in index.targets[n]), Decimal(0)) for n in mates]
        if not mates or not any(weights):
            continue
        table = move_targets([before[i] for i in left], weights)
        after = [Decimal(0) if i in left else before[i] for i in range(len(before))]
        nodes = [_node_json(index, node_id, before, after)]
        for mate, shares in zip(mates, table, strict=True):
            mate_before = [m.amount for m in index.targets[mate]]
            mate_after = list(mate_before)
            for i, share in zip(left, shares, strict=True):
                mate_after[i] += share
            nodes.append(_node_json(index, mate, mate_before, mate_after))
        moved = sum((before[i] for i in left), Decimal(0))
        trigger = Trigger(
            PERSON_LEFT,
            f"person:{person_id}",
            {
                "person": person_id,
                "name": name,
                "active_to": active_to.isoformat(),
                "amount": str(moved),
                "team": node.parent_id and index.nodes[node.parent_id].label,
            },
        )
        result.append(Proposal(trigger, {"kind": "move", "nodes": nodes}))
    return result


def _active(status: tuple[str, date | None] | None, year_end: date) -> bool:
    return status is not None and (status[1] is None or status[1] >= year_end)


def _node_json(
    index: PlanIndex, node_id: int, before: list[Decimal], after: list[Decimal]
) -> dict[str, Any]:
    info = index.nodes[node_id]
    keys = [month_key(p.start) for p in index.months]
    return {
        "id": node_id,
        "tree": info.tree,
        "label": info.label,
        "path": [index.nodes[n].key for n in reversed(index.chain(node_id))],
        "before": {k: str(v) for k, v in zip(keys, before, strict=True)},
        "after": {k: str(v) for k, v in zip(keys, after, strict=True)},
    }
