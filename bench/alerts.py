"""Alert rules over the open pipeline: loading the snapshots, and the rules engine alone.

The goal (≤ 1 s) is for the pure evaluation (``pacer.tracking.alerts.evaluate``) over 1M open
projects. The generated company has fewer open projects than that (about a fifth of all
projects), so at full scale its snapshots are repeated, with new ids, up to 1M.
"""

from __future__ import annotations

from dataclasses import replace

from bench.common import Context, Figure, stopwatch
from bench.postgres import TODAY

PART = "alerts"
FULL_OPEN = 1_000_000


def run(context: Context) -> list[Figure]:
    from pacer.alerts.engine import Scope, _evaluate
    from pacer.alerts.rule_settings import AlertRuleSettings
    from pacer.alerts.snapshots import project_snapshots
    from pacer.tracking.alerts import evaluate

    with stopwatch() as loading:
        snapshots, _subjects = project_snapshots(TODAY)
    loaded = len(snapshots)
    wanted = FULL_OPEN if context.scale == "full" else loaded
    projects = list(snapshots)
    copy = 1
    while len(projects) < wanted:
        offset = copy * 10_000_000
        projects += [
            replace(s, project_id=s.project_id + offset)
            for s in snapshots[: wanted - len(projects)]
        ]
        copy += 1
    with stopwatch() as core:
        alerts = evaluate(projects=projects, milestones=[], customers=[], today=TODAY)
    with stopwatch() as whole:
        found, _ = _evaluate(TODAY, Scope(), AlertRuleSettings.load())
    return [
        Figure(
            PART,
            "load open-project snapshots",
            loading.seconds,
            "s",
            note=f"{loaded} open projects",
        ),
        Figure(
            PART,
            "rules engine (core)",
            core.seconds,
            "s",
            goal=1.0,
            note=f"{len(projects)} projects, {len(alerts)} alerts",
        ),
        Figure(
            PART, "load + evaluate, every subject", whole.seconds, "s", note=f"{len(found)} alerts"
        ),
    ]
