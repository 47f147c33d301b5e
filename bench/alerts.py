"""Alert rules over the open pipeline: loading the columns, the rules alone, the alert objects.

The goal (≤ 1 s) is for the rules over 1M open projects
(``pacer.tracking.alert_columns.raise_project_alerts``: every project alert as arrays). Building
an ``Alert`` object for each raised alert (``evaluate``) is timed apart, as is the engine's own
run. The generated company has fewer open projects than 1M (about a fifth of all projects), so
at full scale its columns are repeated, with new ids, up to 1M.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

import numpy as np

from bench.common import Context, Figure, stopwatch
from bench.postgres import TODAY
from pacer.tracking.alert_columns import ProjectColumns, raise_project_alerts

PART = "alerts"
FULL_OPEN = 1_000_000


def run(context: Context) -> list[Figure]:
    from pacer.alerts.engine import Scope, _evaluate
    from pacer.alerts.rule_settings import AlertRuleSettings
    from pacer.alerts.snapshots import project_snapshots
    from pacer.tracking.alerts import evaluate

    with stopwatch() as loading:
        loaded_columns, _subjects = project_snapshots(TODAY)
    loaded = len(loaded_columns)
    wanted = FULL_OPEN if context.scale == "full" else loaded
    columns = _repeat(loaded_columns, wanted)
    rules = AlertRuleSettings.load().rules()
    with stopwatch() as core:
        raised = raise_project_alerts(columns, TODAY, rules)
    with stopwatch() as objects:
        alerts = evaluate(projects=columns, milestones=[], customers=[], today=TODAY, rules=rules)
    with stopwatch() as whole:
        found, _ = _evaluate(TODAY, Scope(), AlertRuleSettings.load())
    return [
        Figure(PART, "load open projects as columns", loading.seconds, "s", note=f"{loaded} open"),
        Figure(
            PART,
            "rules over columns (core)",
            core.seconds,
            "s",
            goal=1.0,
            note=f"{len(columns)} projects, {len(raised)} alerts",
        ),
        Figure(
            PART,
            "rules + Alert objects (evaluate)",
            objects.seconds,
            "s",
            note=f"{len(alerts)} alerts",
        ),
        Figure(
            PART, "load + evaluate, every subject", whole.seconds, "s", note=f"{len(found)} alerts"
        ),
    ]


def _repeat(columns: ProjectColumns, wanted: int) -> ProjectColumns:
    """``columns`` repeated up to ``wanted`` rows, each copy's project ids moved by 10M."""
    size = len(columns)
    if size == 0 or size >= wanted:
        return columns
    copies = -(-wanted // size)
    changes: dict[str, Any] = {}
    for f in fields(ProjectColumns):
        value = getattr(columns, f.name)
        if isinstance(value, np.ndarray):
            stacked = np.concatenate([value] * copies)[:wanted]
            if f.name == "project_id":
                stacked = stacked + np.repeat(np.arange(copies) * 10_000_000, size)[:wanted]
            changes[f.name] = stacked
    return replace(columns, **changes)
