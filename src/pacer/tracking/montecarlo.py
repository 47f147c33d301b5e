"""Probability of reaching the target: Monte Carlo over the open projects.

Each trial wins every open project with its (calibrated) probability, moves its signing date
by a delay drawn from history, and adds the amounts that land in each period to what is
already signed. The share of trials reaching a level is its probability. Amounts are floats
here on purpose: this is a statistic of the plan, not money on the books. Trials run in
chunks so memory stays flat; a seed makes a run reproducible to the last digit.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from pacer.planning.periods import Period

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class SimProject:
    """An open project: amount (yuan), win probability in [0, 1], expected signing date."""

    amount: Decimal
    probability: float
    expected_sign_date: date


@dataclass(frozen=True)
class PeriodOutcome:
    """A period's simulated totals: P(total ≥ each level) and the distribution's quantiles."""

    period: Period
    already: Decimal
    probabilities: Mapping[str, float]
    mean: float
    quantiles: Mapping[str, float]


@dataclass(frozen=True)
class Simulation:
    trials: int
    seed: int
    periods: tuple[PeriodOutcome, ...]
    histogram: tuple[tuple[float, int], ...]


def simulate(
    *,
    projects: Sequence[SimProject],
    periods: Sequence[Period],
    already: Sequence[Decimal],
    levels: Mapping[str, Sequence[Decimal]],
    delays_days: Sequence[int] = (0,),
    trials: int = 10_000,
    seed: int = 0,
    chunk: int = 250,
    bins: int = 40,
) -> Simulation:
    """Simulate ``trials`` outcomes over consecutive ``periods``.

    ``already[i]`` is what is signed in period i so far; ``levels[name][i]`` the amount to reach
    in period i (e.g. base / stretch / breakthrough). The last outcome is the whole span of the
    periods (the year when they are its months), with the sum of the periods' levels. The
    histogram is of that whole-span total.
    """
    if not periods:
        msg = "simulation needs at least one period"
        raise ValueError(msg)
    if len(already) != len(periods) or any(len(v) != len(periods) for v in levels.values()):
        msg = "already-signed amounts and levels need one value per period"
        raise ValueError(msg)
    if trials <= 0 or not delays_days:
        msg = "simulation needs a positive number of trials and at least one delay"
        raise ValueError(msg)
    totals = _totals(
        projects, periods=periods, delays_days=delays_days, trials=trials, seed=seed, chunk=chunk
    )
    base = np.array([float(a) for a in already])
    totals += base  # broadcast over trials
    whole = totals.sum(axis=1)
    outcomes = [
        _outcome(p, already[i], totals[:, i], {k: v[i] for k, v in levels.items()})
        for i, p in enumerate(periods)
    ]
    span = Period(periods[0].start, periods[-1].end)
    outcomes.append(
        _outcome(
            span,
            sum(already, Decimal(0)),
            whole,
            {k: sum(v, Decimal(0)) for k, v in levels.items()},
        )
    )
    counts, edges = np.histogram(whole, bins=bins)
    histogram = tuple(
        (float(edge), int(count)) for edge, count in zip(edges[:-1], counts, strict=True)
    )
    return Simulation(trials=trials, seed=seed, periods=tuple(outcomes), histogram=histogram)


def _totals(
    projects: Sequence[SimProject],
    *,
    periods: Sequence[Period],
    delays_days: Sequence[int],
    trials: int,
    seed: int,
    chunk: int,
) -> FloatArray:
    """Trials × periods matrix of simulated new business."""
    result = np.zeros((trials, len(periods)))
    if not projects:
        return result
    rng = np.random.default_rng(seed)
    amounts = np.array([float(p.amount) for p in projects])
    probs = np.array([p.probability for p in projects])
    origin = periods[0].start
    expected = np.array([(p.expected_sign_date - origin).days for p in projects])
    bounds = np.array([(p.end - origin).days for p in periods])
    delays = np.asarray(delays_days)
    n_periods = len(periods)
    # The period each project lands in for each possible delay (-1: outside every period).
    day = expected[:, None] + delays[None, :]
    land = np.searchsorted(bounds, day, side="right")
    land[(day < 0) | (land >= n_periods)] = -1
    for start in range(0, trials, chunk):
        size = min(chunk, trials - start)
        draw = rng.random((size, len(projects)))
        rows, cols = np.nonzero(draw < probs)
        # Given a win, draw / probability is uniform on [0, 1): it picks the delay as well.
        pick = (draw[rows, cols] / probs[cols] * len(delays)).astype(np.int64)
        period = land[cols, np.minimum(pick, len(delays) - 1)]
        inside = period >= 0
        flat = rows[inside] * n_periods + period[inside]
        block = np.bincount(flat, weights=amounts[cols[inside]], minlength=size * n_periods)
        result[start : start + size] = block.reshape(size, n_periods)
    return result


def _outcome(
    period: Period, already: Decimal, totals: FloatArray, levels: Mapping[str, Decimal]
) -> PeriodOutcome:
    return PeriodOutcome(
        period=period,
        already=already,
        probabilities={k: float(np.mean(totals >= float(v))) for k, v in levels.items()},
        mean=float(np.mean(totals)),
        quantiles={
            "p10": float(np.quantile(totals, 0.1)),
            "p50": float(np.quantile(totals, 0.5)),
            "p90": float(np.quantile(totals, 0.9)),
        },
    )


def exact_probability(projects: Sequence[SimProject], already: Decimal, level: Decimal) -> float:
    """P(already + Σ won ≥ level) by enumerating every outcome (no slip; small inputs only)."""
    if len(projects) > 20:
        msg = "exact enumeration is for at most 20 projects"
        raise ValueError(msg)
    total = 0.0
    for outcome in itertools.product((False, True), repeat=len(projects)):
        amount = already + sum(
            (p.amount for p, won in zip(projects, outcome, strict=True) if won), Decimal(0)
        )
        if amount >= level:
            chance = 1.0
            for p, won in zip(projects, outcome, strict=True):
                chance *= p.probability if won else 1 - p.probability
            total += chance
    return total
