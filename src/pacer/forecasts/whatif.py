"""What-if: a plan rebuilt with changed assumptions, beside its baseline, with the probability.

The what-if plan is a scenario draft (``plans.scenarios.plan_scenario_create``) so it can be
kept, edited and approved like any other plan. The two plans are compared with
``scenario_compare`` (target and verdict, quarters, business types, funnel actions, …) and both
get P(year's signed orders ≥ base / stretch / breakthrough) from the same Monte Carlo with the
same seed, so a difference between the columns comes from the changes, not from chance.

The baseline's probability is the calibrated one (``forecasts.probability``). The what-if's
scales each open project's simulated win probability by the change of the win-rate factor
(scenario factor ÷ baseline factor, capped at 1) and its amount by the change of the deal-size
factor, against the scenario plan's own levels. Company scope: only directors and admins run it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User

from pacer.access import actor_for
from pacer.forecasts.probability import (
    LEVEL_NAMES,
    ProbabilityResult,
    probability_for,
)
from pacer.planning.money import to_money
from pacer.plans.assumptions import assumptions_from_json
from pacer.plans.models import Plan, PlanStatus
from pacer.plans.scenarios import CompareSection, plan_scenario_create, scenario_compare
from pacer.tracking.montecarlo import PeriodOutcome, SimProject, simulate


@dataclass(frozen=True)
class YearChance:
    """The year's outcome of one plan: levels (yuan), P(≥ level) in [0, 1], simulated mean."""

    levels: Mapping[str, Decimal]
    probabilities: Mapping[str, float]
    mean: Decimal
    already: Decimal


@dataclass(frozen=True)
class WhatIfResult:
    """Baseline and what-if side by side.

    ``win_rate_factor`` and ``deal_size_factor`` are what the simulation applied to the open
    projects (relative to the baseline: 1 = unchanged).
    """

    baseline: Plan
    scenario: Plan
    as_of: date
    trials: int
    seed: int
    win_rate_factor: Decimal
    deal_size_factor: Decimal
    sections: tuple[CompareSection, ...]
    baseline_year: YearChance
    scenario_year: YearChance


def default_baseline(year: int) -> Plan | None:
    """The approved plan of ``year``, else its newest draft that is not itself a scenario."""
    plans = Plan.objects.filter(year=year, scenario_of__isnull=True)
    approved = plans.filter(status=PlanStatus.APPROVED).order_by("-approved_at", "-pk").first()
    return approved or plans.filter(status=PlanStatus.DRAFT).order_by("-created_at", "-pk").first()


def whatif_run(
    *,
    plan: Plan,
    changes: Mapping[str, Any],
    user: User | AnonymousUser,
    as_of: date,
    trials: int = 2000,
    seed: int = 0,
    name: str = "",
) -> WhatIfResult:
    """Create the what-if scenario of ``plan`` with ``changes`` and compare it with ``plan``.

    Raises ``PlanError`` for changes the planner refuses (naming the assumption),
    ``PlanForbiddenError`` for anyone but directors and admins, ``ProbabilityError`` when the
    plan has no months to simulate against.
    """
    scenario = plan_scenario_create(plan=plan, user=user, name=name, changes=changes)
    return whatif_compare(
        baseline=plan, scenario=scenario, user=user, as_of=as_of, trials=trials, seed=seed
    )


def whatif_compare(
    *,
    baseline: Plan,
    scenario: Plan,
    user: User | AnonymousUser,
    as_of: date,
    trials: int = 2000,
    seed: int = 0,
) -> WhatIfResult:
    """An existing scenario beside its baseline (read only; same seed for both simulations)."""
    old = assumptions_from_json(baseline.assumptions)
    new = assumptions_from_json(scenario.assumptions)
    win = new.win_rate_factor / old.win_rate_factor
    size = new.deal_size_factor / old.deal_size_factor
    base_result = probability_for(baseline, as_of, trials, seed)
    scenario_result = probability_for(scenario, as_of, trials, seed)
    return WhatIfResult(
        baseline=baseline,
        scenario=scenario,
        as_of=as_of,
        trials=trials,
        seed=seed,
        win_rate_factor=win,
        deal_size_factor=size,
        sections=tuple(scenario_compare(baseline, scenario, actor=actor_for(user))),
        baseline_year=_year(base_result.periods[-1], base_result.levels[-1]),
        scenario_year=_year(
            _scaled(scenario_result, win=win, size=size), scenario_result.levels[-1]
        ),
    )


def _scaled(result: ProbabilityResult, *, win: Decimal, size: Decimal) -> PeriodOutcome:
    """The year's outcome of ``result`` re-simulated with scaled win chances and amounts.

    With both factors 1 this repeats ``result`` exactly (same inputs, same seed).
    """
    projects = [
        SimProject(
            amount=to_money(p.amount * size),
            probability=min(1.0, p.probability * float(win)),
            expected_sign_date=p.expected_sign_date,
        )
        for p in result.projects
    ]
    quarters = result.periods[:-1]
    sim = simulate(
        projects=projects,
        periods=[o.period for o in quarters],
        already=[o.already for o in quarters],
        levels={n: [lv[n] for lv in result.levels[:-1]] for n in LEVEL_NAMES},
        delays_days=result.calibration.delays.days,
        trials=result.trials,
        seed=result.seed,
    )
    return sim.periods[-1]


def _year(outcome: PeriodOutcome, levels: Mapping[str, Decimal]) -> YearChance:
    return YearChance(
        levels=dict(levels),
        probabilities=dict(outcome.probabilities),
        mean=to_money(Decimal(str(outcome.mean))),
        already=outcome.already,
    )
