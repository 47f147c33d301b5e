"""Gap attribution: the funnel stage that explains a node being behind, and slipped projects.

A node's funnel is the plan's actions due before today against what was done (see
``pacer.progress.funnel``); the bottleneck is the step where done ÷ planned drops the most
(``pacer.tracking.gap``). Slipped projects are those a month of the node's plan counted on
(``PlanPeriod.project_ids``) that were lost, postponed past the month or not signed by its end
(``pacer.tracking.slip``). A project's name and id are shown only to those who may see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pacer.crm.by_ids import rows_by_ids
from pacer.crm.models import Project
from pacer.planning.periods import Period
from pacer.progress.labels import bottleneck_sentence
from pacer.progress.nodes import PlanIndex
from pacer.tracking.gap import Bottleneck, StageProgress, bottleneck
from pacer.tracking.slip import WON, BackingProject, SlipKind, slip_kind


@dataclass(frozen=True)
class SlippedProject:
    """``project_id``, ``name`` and ``expected_sign_date`` are None when hidden from the reader."""

    project_id: int | None
    name: str | None
    amount: Decimal
    probability: int
    stage: str
    kind: SlipKind
    period: Period
    expected_sign_date: date | None


@dataclass(frozen=True)
class Attribution:
    stages: tuple[StageProgress, ...]
    bottleneck: Bottleneck | None
    sentence: str | None


def attribution(stages: list[StageProgress]) -> Attribution:
    found = bottleneck(stages)
    return Attribution(
        stages=tuple(stages),
        bottleneck=found,
        sentence=bottleneck_sentence(found, stages) if found else None,
    )


def slipped_projects(
    index: PlanIndex, node_ids: list[int], as_of: date, visible: set[int] | None
) -> dict[int, list[SlippedProject]]:
    """Per node, the projects that slipped out of its months (``visible``: None = all).

    A project backs the same month at every level of a tree: whether it slipped is decided
    once per month and project, and the nodes share that one ``SlippedProject``.
    """
    wanted = {pid for n in node_ids for m in index.targets[n] for pid in m.project_ids}
    # Won projects never slip (their orders count wherever they were signed).
    projects = {
        row[0]: row
        for row in rows_by_ids(
            Project.objects.exclude(stage=WON),
            wanted,
            *("pk", "name", "stage", "expected_sign_date", "amount", "probability"),
        )
    }
    decided: dict[Period, dict[int, SlippedProject | None]] = {}
    result: dict[int, list[SlippedProject]] = {}
    for node_id in node_ids:
        slipped = []
        for month in index.targets[node_id]:
            verdicts = decided.setdefault(month.period, {})
            for pid in month.project_ids:
                if pid not in verdicts:
                    verdicts[pid] = _slipped(projects.get(pid), month.period, as_of, visible)
                found = verdicts[pid]
                if found is not None:
                    slipped.append(found)
        result[node_id] = slipped
    return result


def _slipped(
    row: tuple[Any, ...] | None, period: Period, as_of: date, visible: set[int] | None
) -> SlippedProject | None:
    if row is None:  # won, or no longer there
        return None
    pid, name, stage, expected, amount, probability = row
    kind = slip_kind(BackingProject(pid, stage, expected), period, as_of)
    if kind is None:
        return None
    shown = visible is None or pid in visible
    return SlippedProject(
        project_id=pid if shown else None,
        name=name if shown else None,
        amount=amount,
        probability=probability,
        stage=stage,
        kind=kind,
        period=period,
        expected_sign_date=expected if shown else None,
    )
