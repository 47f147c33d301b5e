"""Monte Carlo probability of reaching the target: 10,000 trials over 100k open projects.

The projects are the generated company's open projects with an expected signing day (the
first 100k by id at full scale, all of them at small scale), over the plan year's months, with
slips of 0–90 days; the goal is ≤ 2 s for ``pacer.tracking.montecarlo.simulate``.
"""

from __future__ import annotations

import os
from decimal import Decimal

from bench.common import Context, Figure, stopwatch
from bench.postgres import PLAN_YEAR

PART = "montecarlo"
TRIALS = 10_000
FULL_PROJECTS = 100_000
DELAYS = (0, 0, 0, 7, 14, 30, 30, 45, 60, 90)


def run(context: Context) -> list[Figure]:
    from pacer.crm.models import OPEN_STAGES, Project
    from pacer.planning.periods import FiscalYear
    from pacer.tracking.montecarlo import SimProject, simulate

    limit = FULL_PROJECTS if context.scale == "full" else None
    rows = Project.objects.filter(stage__in=OPEN_STAGES, expected_sign_date__isnull=False)
    rows = rows.order_by("pk").values_list("amount", "probability", "expected_sign_date")
    with stopwatch() as loading:
        projects = [
            SimProject(amount, probability / 100, expected)
            for amount, probability, expected in (rows[:limit] if limit else rows)
        ]
    months = FiscalYear(PLAN_YEAR + 1, 1).months()
    level = sum((p.amount for p in projects), Decimal(0)) / 24
    with stopwatch() as core:
        sim = simulate(
            projects=projects,
            periods=months,
            already=[Decimal(0)] * 12,
            levels={"base": [level] * 12},
            delays_days=DELAYS,
            trials=TRIALS,
            seed=context.seed,
        )
    year = sim.periods[-1]
    return [
        Figure(PART, "load open projects", loading.seconds, "s", note=f"{len(projects)} projects"),
        Figure(
            PART,
            "simulate",
            core.seconds,
            "s",
            goal=2.0,
            note=(
                f"{TRIALS} trials × {len(projects)} projects on {os.cpu_count()} threads, "
                f"P(base)={year.probabilities['base']:.2f}"
            ),
        ),
    ]
