"""Proposals for large deals postponed out of the month they backed (``project_postponed``).

A project named by a person's month in the plan (it backed that month's target) is *large* when
its weighted value (amount × probability) is at least ``LARGE_SHARE`` of that month's target.
When it is still open and now expects to sign on or after the month's end, the suggested
re-plan (``shift``) moves its weighted value, capped by the month's target, out of that month:
into the month of its new date when that falls in the plan year, otherwise over the later
months not yet ended (in proportion to the person's own months, evenly when they are empty).
The same change is made to every node above the person in the org tree and to the project's
market cell and the nodes above it, so every parent still adds up and no year total changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from pacer.crm.by_ids import rows_by_ids
from pacer.crm.models import OPEN_STAGES, Project
from pacer.planning.money import FEN, split_by_weights
from pacer.progress.nodes import PlanIndex, month_key
from pacer.tracking.adjust import PROJECT_POSTPONED, Trigger, project_postponed

LARGE_SHARE = Decimal("0.2")
# Renders a suggestion's node: (index, node id, months before, months after) → JSON.
NodeJson = Callable[[PlanIndex, int, list[Decimal], list[Decimal]], dict[str, Any]]
_FIELDS = (
    "pk",
    "name",
    "stage",
    "amount",
    "probability",
    "expected_sign_date",
    "business_type",
    "customer__industry__code",
    "customer__region__code",
)


def postponed_proposals(
    index: PlanIndex, as_of: date, node_json: NodeJson
) -> list[tuple[Trigger, dict[str, Any]]]:
    """(trigger, suggestion) for each large backing project now expected after its month.

    ``node_json(index, node_id, before, after)`` renders a node of the suggestion.
    """
    backing = {
        pid
        for node_id in index.org_person.values()
        for month in index.targets[node_id]
        for pid in month.project_ids
    }
    projects = {
        row[0]: row
        for row in rows_by_ids(Project.objects.filter(stage__in=OPEN_STAGES), backing, *_FIELDS)
    }
    result = []
    for person_id, node_id in sorted(index.org_person.items()):
        for i, month in enumerate(index.targets[node_id]):
            for pid in month.project_ids:
                row = projects.get(pid)
                if row is None or month.amount <= 0:
                    continue
                found = _proposal(
                    index,
                    row,
                    as_of=as_of,
                    node_json=node_json,
                    person_id=person_id,
                    node_id=node_id,
                    i=i,
                )
                if found is not None:
                    result.append(found)
    return result


def _proposal(
    index: PlanIndex,
    row: tuple[Any, ...],
    *,
    as_of: date,
    node_json: NodeJson,
    person_id: int,
    node_id: int,
    i: int,
) -> tuple[Trigger, dict[str, Any]] | None:
    pid, name, _stage, amount, probability, expected, business_type, industry, region = row
    month = index.targets[node_id][i]
    weighted = (amount * probability / 100).quantize(FEN)
    if not project_postponed(weighted, month.period.end, expected, month.amount * LARGE_SHARE):
        return None
    later = [j for j in range(i + 1, len(index.months)) if index.months[j].end > as_of]
    new_month = next((j for j in later if expected in index.months[j]), None)
    to = [new_month] if new_month is not None else later
    chains = [index.chain(node_id), index.market_nodes(business_type, industry, region)]
    nodes = [n for chain in chains for n in chain]
    shift = min([weighted, *(index.targets[n][i].amount for n in nodes)])
    if not to or shift <= 0:
        return None
    weights = [index.targets[node_id][j].amount for j in to]
    added = split_by_weights(shift, weights)
    rendered = []
    for n in nodes:
        before = [m.amount for m in index.targets[n]]
        after = list(before)
        after[i] -= shift
        for j, part in zip(to, added, strict=True):
            after[j] += part
        rendered.append(node_json(index, n, before, after))
    trigger = Trigger(
        PROJECT_POSTPONED,
        f"project:{pid}:{month_key(month.period.start)}",
        {
            "project": pid,
            "name": name,
            "person": person_id,
            "owner": index.nodes[node_id].label,
            "month": month_key(month.period.start),
            "expected_sign_date": expected.isoformat(),
            "amount": str(shift),
            "to": [month_key(index.months[j].start) for j in to],
        },
    )
    return trigger, {"kind": "shift", "nodes": rendered}
