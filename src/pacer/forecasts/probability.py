"""Probability of reaching the plan: Monte Carlo over the open pipeline (core ``simulate``).

Inputs, as of a day:
- levels: the plan's months (the company node of the market tree, or for a narrower scope the
  sum of the org-tree nodes of the people in it) × the plan's ambition rates, summed into
  quarters; the year is the sum of the quarters;
- already signed: orders signed in each quarter before the day;
- open projects with an expected signing date and an amount, each won with its calibrated
  probability (``forecasts.calibration``: by stage, and by person with enough history) on its
  expected date (an overdue one: from the day on) moved by a slip delay drawn from history.
A seed makes a run reproducible to the last digit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext

from pacer import access
from pacer.access import Actor
from pacer.crm.models import OPEN_STAGES, STAGE_PROBABILITY, Project, Stage
from pacer.forecasts.calibration import (
    ClosedProject,
    Delays,
    StageRates,
    rates_by_person,
    slip_delays,
    stage_rates,
)
from pacer.forecasts.selectors import SYSTEM
from pacer.planning.levels import ambition_levels
from pacer.planning.periods import Period
from pacer.plans.assumptions import assumptions_from_json
from pacer.plans.models import Plan, PlanPeriod
from pacer.tracking.montecarlo import PeriodOutcome, SimProject, simulate

HISTORY_DAYS = 730
LEVEL_NAMES = ("base", "stretch", "breakthrough")
MAX_TRIALS = 200_000


class ProbabilityError(ValueError):
    """The plan has nothing to simulate against (no months for the scope)."""


@dataclass(frozen=True)
class Calibration:
    company: StageRates
    people: int  # how many people have rates of their own
    delays: Delays
    closed_sample: int


@dataclass(frozen=True)
class ProbabilityResult:
    plan_id: int
    year: int
    as_of: date
    trials: int
    seed: int
    scope: str  # "company" | "people"
    periods: tuple[PeriodOutcome, ...]  # the quarters, then the year
    levels: tuple[dict[str, Decimal], ...]  # per entry of ``periods``
    histogram: tuple[tuple[float, int], ...]
    projects: tuple[SimProject, ...]
    calibration: Calibration


def closed_history(as_of: date) -> list[ClosedProject]:
    """Projects closed in the two years before ``as_of`` (a company-wide statistic)."""
    rows = Project.objects.filter(
        stage__in=(Stage.WON, Stage.LOST),
        closed_date__gte=as_of - timedelta(days=HISTORY_DAYS),
        closed_date__lt=as_of,
    ).values_list(
        "owner_id",
        "stage",
        "proposal_sent_date",
        "created_date",
        "expected_sign_date",
        "closed_date",
    )
    return [
        ClosedProject(
            owner_id=owner,
            won=stage == Stage.WON,
            reached_proposal=proposal is not None,
            created=created,
            expected=expected,
            closed=closed,
        )
        for owner, stage, proposal, created, expected, closed in rows.order_by("pk")
    ]


def calibrate(as_of: date) -> tuple[Calibration, dict[int, StageRates]]:
    history = closed_history(as_of)
    defaults = {str(s): STAGE_PROBABILITY[s] / 100 for s in OPEN_STAGES}
    company = stage_rates(history, defaults)
    people = rates_by_person(history, company)
    return Calibration(company, len(people), slip_delays(history), len(history)), people


def plan_months(plan: Plan, actor: Actor | None) -> list[tuple[Period, Decimal]]:
    """The plan's months for the scope: the company's, or the sum of the scope's people."""
    periods = PlanPeriod.objects.filter(node__plan=plan)
    if actor is None or actor.sees_all:
        periods = periods.filter(node__tree="market", node__parent__isnull=True)
    else:
        periods = periods.filter(node__tree="org", node__person_id__in=actor.people or ())
    sums: dict[tuple[date, date], Decimal] = defaultdict(Decimal)
    for start, end, amount in periods.values_list("start", "end", "amount"):
        sums[(start, end)] += amount
    return [(Period(s, e), amount) for (s, e), amount in sorted(sums.items())]


def _quarters(months: list[tuple[Period, Decimal]]) -> list[list[tuple[Period, Decimal]]]:
    return [months[i : i + 3] for i in range(0, len(months), 3)]


def probability_for(
    plan: Plan,
    as_of: date,
    trials: int = 10_000,
    seed: int = 0,
    *,
    actor: Actor | None = None,
) -> ProbabilityResult:
    """P(signed ≥ base / stretch / breakthrough) per quarter and for the year of ``plan``.

    ``actor`` narrows everything to their scope (None or a director: the company).
    """
    if not 0 < trials <= MAX_TRIALS:
        raise ProbabilityError(gettext("模拟次数须在 1 到 %(max)s 之间。") % {"max": MAX_TRIALS})
    months = plan_months(plan, actor)
    if not months:
        raise ProbabilityError(gettext("这份计划里没有你负责范围内的月度目标。"))
    ambition = assumptions_from_json(plan.assumptions).ambition
    quarters = _quarters(months)
    spans = [Period(q[0][0].start, q[-1][0].end) for q in quarters]
    levels: dict[str, list[Decimal]] = {name: [] for name in LEVEL_NAMES}
    for quarter in quarters:
        month_levels = [ambition_levels(amount, ambition) for _p, amount in quarter]
        for name in LEVEL_NAMES:
            levels[name].append(sum((getattr(m, name) for m in month_levels), Decimal(0)))
    scope = actor or SYSTEM
    calibration, people = calibrate(as_of)
    projects = _sim_projects(scope, as_of, calibration.company, people)
    already = _already(scope, spans, as_of)
    sim = simulate(
        projects=projects,
        periods=spans,
        already=already,
        levels=levels,
        delays_days=calibration.delays.days,
        trials=trials,
        seed=seed,
    )
    per_period = [{n: levels[n][i] for n in LEVEL_NAMES} for i in range(len(spans))]
    per_period.append({n: sum(levels[n], Decimal(0)) for n in LEVEL_NAMES})
    return ProbabilityResult(
        plan_id=plan.pk,
        year=plan.year,
        as_of=as_of,
        trials=trials,
        seed=seed,
        scope="company" if scope.sees_all else "people",
        periods=sim.periods,
        levels=tuple(per_period),
        histogram=sim.histogram,
        projects=tuple(projects),
        calibration=calibration,
    )


def _sim_projects(
    actor: Actor, as_of: date, company: StageRates, people: dict[int, StageRates]
) -> list[SimProject]:
    rows = (
        access.projects_for(actor)
        .filter(stage__in=OPEN_STAGES, expected_sign_date__isnull=False, amount__gt=0)
        .values_list("owner_id", "stage", "amount", "expected_sign_date")
        .order_by("expected_sign_date", "pk")
    )
    return [
        SimProject(
            amount=amount,
            probability=people.get(owner, company).for_stage(stage)
            if owner is not None
            else company.for_stage(stage),
            expected_sign_date=max(expected, as_of),
        )
        for owner, stage, amount, expected in rows
        if expected is not None
    ]


def _already(actor: Actor, spans: list[Period], as_of: date) -> list[Decimal]:
    rows = access.orders_for(actor).filter(
        signed_date__gte=spans[0].start, signed_date__lt=min(spans[-1].end, as_of)
    )
    totals = [Decimal(0)] * len(spans)
    for signed, amount in rows.values_list("signed_date", "amount"):
        for i, span in enumerate(spans):
            if signed in span:
                totals[i] += amount
    return totals
