from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

import pytest

from pacer.planning.periods import FiscalYear, Period
from pacer.tracking import montecarlo
from pacer.tracking.montecarlo import SimProject, exact_probability, simulate

QUARTERS = FiscalYear(2026).quarters()
TINY = [
    SimProject(Decimal(100), 0.5, date(2026, 2, 1)),
    SimProject(Decimal(200), 0.3, date(2026, 5, 1)),
    SimProject(Decimal(50), 0.9, date(2026, 8, 1)),
    SimProject(Decimal(150), 0.6, date(2026, 11, 1)),
]


def _levels(total: int) -> dict[str, list[Decimal]]:
    per = Decimal(total) / 4
    return {"stretch": [per] * 4}


def test_monte_carlo_matches_the_exact_probability_within_sampling_error() -> None:
    level = Decimal(300)
    exact = exact_probability(TINY, Decimal(0), level)
    sim = simulate(
        projects=TINY,
        periods=QUARTERS,
        already=[Decimal(0)] * 4,
        levels=_levels(300),
        trials=20_000,
        seed=7,
    )
    year = sim.periods[-1]
    assert year.period == Period(date(2026, 1, 1), date(2027, 1, 1))
    p = year.probabilities["stretch"]
    error = 4 * math.sqrt(exact * (1 - exact) / 20_000)
    assert abs(p - exact) < error
    assert 0.05 < exact < 0.95  # a level where sampling error is measurable


def test_hand_enumeration_of_a_two_project_case() -> None:
    two = TINY[:2]
    # ≥ 200 needs project 2 (0.3): P = 0.3
    assert exact_probability(two, Decimal(0), Decimal(200)) == pytest.approx(0.3)
    # ≥ 100 needs either: 1 − 0.5 × 0.7 = 0.65
    assert exact_probability(two, Decimal(0), Decimal(100)) == pytest.approx(0.65)
    assert exact_probability(two, Decimal(100), Decimal(100)) == pytest.approx(1.0)


def test_a_fixed_seed_reproduces_exactly_and_another_seed_differs() -> None:
    args = {
        "projects": TINY,
        "periods": QUARTERS,
        "already": [Decimal(0)] * 4,
        "levels": _levels(300),
        "trials": 2_000,
    }
    a = simulate(**args, seed=1)  # type: ignore[arg-type]
    b = simulate(**args, seed=1)  # type: ignore[arg-type]
    c = simulate(**args, seed=2)  # type: ignore[arg-type]
    assert a == b
    assert a.histogram != c.histogram


def test_slips_move_deals_between_periods_and_out_of_the_year() -> None:
    december = [SimProject(Decimal(100), 1.0, date(2026, 12, 15))]
    sim = simulate(
        projects=december,
        periods=QUARTERS,
        already=[Decimal(0)] * 4,
        levels=_levels(100),
        delays_days=[0, 30],
        trials=4_000,
        seed=3,
    )
    q4, year = sim.periods[3], sim.periods[-1]
    assert 0.45 < year.probabilities["stretch"] < 0.55  # half the trials slip into next year
    assert q4.mean == pytest.approx(year.mean)
    assert sim.periods[0].mean == 0


def test_already_signed_counts_and_empty_pipeline() -> None:
    sim = simulate(
        projects=[],
        periods=QUARTERS,
        already=[Decimal(30)] * 4,
        levels=_levels(100),
        trials=10,
        seed=0,
    )
    assert sim.periods[-1].probabilities["stretch"] == 1.0
    assert sim.periods[0].already == Decimal(30)
    assert sim.periods[-1].quantiles["p50"] == 120.0
    assert sum(count for _edge, count in sim.histogram) == 10


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"periods": []}, "at least one period"),
        ({"already": [Decimal(0)]}, "one value per period"),
        ({"trials": 0}, "positive number"),
        ({"delays_days": []}, "positive number"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {
        "projects": TINY,
        "periods": QUARTERS,
        "already": [Decimal(0)] * 4,
        "levels": _levels(100),
    }
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        simulate(**args)  # type: ignore[arg-type]


def test_exact_enumeration_is_for_small_inputs() -> None:
    with pytest.raises(ValueError, match="at most 20"):
        exact_probability(TINY * 6, Decimal(0), Decimal(1))


MONTHS = FiscalYear(2026).months()
SLIPS = (0, 0, 0, 7, 14, 30, 30, 45, 60, 90)


def _expected_by_month(projects: list[SimProject]) -> tuple[list[float], list[float]]:
    """Per month: the exact mean of the simulated total and its variance (independent
    projects, each landing in a month with its probability × the share of slips landing there)."""
    mean, variance = [0.0] * 12, [0.0] * 12
    for p in projects:
        for i, month in enumerate(MONTHS):
            days = [p.expected_sign_date + timedelta(days=d) for d in SLIPS]
            q = p.probability * sum(day in month for day in days) / len(SLIPS)
            mean[i] += float(p.amount) * q
            variance[i] += float(p.amount) ** 2 * q * (1 - q)
    return mean, variance


def test_month_means_follow_the_slips_within_sampling_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Small blocks so that the pipeline spans several blocks and products.
    monkeypatch.setattr(montecarlo, "PROJECT_BLOCK", 256)
    projects = [
        SimProject(
            Decimal(1000 + 37 * (i % 50)),
            (i % 9 + 1) / 10,
            date(2025, 12, 10) + timedelta(days=(i * 7) % 380),
        )
        for i in range(3000)
    ]
    trials = 400
    sim = simulate(
        projects=projects,
        periods=MONTHS,
        already=[Decimal(0)] * 12,
        levels={"base": [Decimal(1)] * 12},
        delays_days=SLIPS,
        trials=trials,
        seed=11,
    )
    mean, variance = _expected_by_month(projects)
    for i, outcome in enumerate(sim.periods[:12]):
        assert abs(outcome.mean - mean[i]) < 4 * math.sqrt(variance[i] / trials), MONTHS[i]
    assert sim.periods[-1].mean == pytest.approx(sum(o.mean for o in sim.periods[:12]))


def test_the_result_does_not_depend_on_the_number_of_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = {
        "projects": TINY * 5,
        "periods": MONTHS,
        "already": [Decimal(0)] * 12,
        "levels": {"base": [Decimal(50)] * 12},
        "delays_days": SLIPS,
        "trials": 1_000,
        "seed": 5,
    }
    monkeypatch.setattr(montecarlo.os, "cpu_count", lambda: 1)
    one = simulate(**args)  # type: ignore[arg-type]
    monkeypatch.setattr(montecarlo.os, "cpu_count", lambda: 4)
    assert simulate(**args) == one  # type: ignore[arg-type]


def test_certain_projects_always_count_and_impossible_ones_never() -> None:
    year = [Period(date(2026, 1, 1), date(2027, 1, 1))]
    certain = SimProject(Decimal("123.45"), 1.0, date(2026, 3, 1))
    never = SimProject(Decimal(1000), 0.0, date(2026, 3, 1))
    args = {"periods": year, "already": [Decimal(0)], "levels": {"base": [Decimal("123.45")]}}
    sim = simulate(projects=[certain, never], trials=500, seed=2, **args)  # type: ignore[arg-type]
    assert sim.periods[0].probabilities["base"] == 1.0
    assert sim.periods[0].mean == pytest.approx(123.45)
    assert sim.periods[0].quantiles["p90"] == pytest.approx(123.45)
    nothing = simulate(projects=[never], trials=50, seed=2, **args)  # type: ignore[arg-type]
    assert nothing.periods[0].probabilities["base"] == 0.0
    assert nothing.periods[0].mean == 0.0


def test_probabilities_are_resolved_to_one_in_65536() -> None:
    cuts = montecarlo._landing_cuts(
        [
            SimProject(Decimal(1), 0.3, date(2026, 1, 15)),
            SimProject(Decimal(1), 1e-6, date(2026, 1, 15)),
        ],
        MONTHS,
        (0, 30),
    )
    # 0.3 × 65536 = 19660.8: half the slips land in January, the rest by February.
    assert cuts[0, 0] == 9830
    assert cuts[0, 1] == 19661
    assert cuts[0, 11] == 19661
    assert cuts[1, 11] == 0  # rounds to never
