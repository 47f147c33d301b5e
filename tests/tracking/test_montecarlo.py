from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest

from pacer.planning.periods import FiscalYear, Period
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
