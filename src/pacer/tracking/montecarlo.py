"""Probability of reaching the target: Monte Carlo over the open projects.

Each trial wins every open project with its (calibrated) probability, moves its signing date
by a delay drawn uniformly from history, and adds the amounts that land in each period to what
is already signed. The share of trials reaching a level is its probability. Amounts are floats
here on purpose: this is a statistic of the plan, not money on the books.

How a trial is drawn: one 16-bit uniform per trial and project decides both the win and the
delay. A project's possible landing periods split [0, 65536) into consecutive segments, each
as wide as the probability times the share of delays landing there (probabilities are thus
resolved to 1/65536, well below the sampling error of 1/√trials); a draw beyond the last
segment is a loss or a landing outside every period. The amounts landing in each period are
then a product of 0/1 indicators with the amounts, in float64 like a plain sum: a certain
project of exactly the level's amount reaches it. Trials run in chunks, each with its own
random stream spawned from the seed, over the machine's cores; a seed reproduces a run to the
last digit whatever the number of threads.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from pacer.planning.periods import Period

FloatArray = npt.NDArray[np.float64]
# Win probabilities are resolved to 1/65536: each trial × project draws one 16-bit uniform.
RESOLUTION = 1 << 16
# Trials and projects per block: a block's draws and indicators stay within the CPU caches.
TRIAL_CHUNK = 64
PROJECT_BLOCK = 8192
# Products of at most this many multiply-adds (m·n·k) run single-threaded in OpenBLAS.
BLAS_SINGLE = 1 << 18


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
    chunk: int = TRIAL_CHUNK,
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


@dataclass(frozen=True)
class _Piece:
    """One landing segment of the first ``count`` projects of a block.

    ``limit`` holds each project's cut − 1 (16-bit): ``u <= limit`` is the indicator of a
    draw below the cut. ``weights`` (count × the periods ``first ≤ k < first + width``, yuan)
    telescopes the amounts: summed over a block's pieces, ``[u <= limit] @ weights`` puts
    each won project's amount in the period its draw lands in.
    """

    count: int
    limit: npt.NDArray[np.uint16]
    weights: npt.NDArray[np.float64]
    first: int


@dataclass(frozen=True)
class _Block:
    size: int
    pieces: tuple[_Piece, ...]


def _landing_cuts(
    projects: Sequence[SimProject], periods: Sequence[Period], delays_days: Sequence[int]
) -> npt.NDArray[np.int64]:
    """Projects × periods: the 16-bit cut below which a draw lands the project in the period
    or an earlier one (won, and a delay taking it there)."""
    probs = np.clip(np.array([p.probability for p in projects]), 0.0, 1.0)
    origin = periods[0].start
    expected = np.array([(p.expected_sign_date - origin).days for p in projects])
    bounds = np.array([(p.end - origin).days for p in periods])
    n_periods = len(periods)
    day = expected[:, None] + np.asarray(delays_days)[None, :]
    land = np.searchsorted(bounds, day, side="right")
    land[day < 0] = n_periods  # before the first period: outside, like after the last
    rows = np.repeat(np.arange(len(projects)), land.shape[1])
    hits = np.bincount(
        rows * (n_periods + 1) + land.ravel(), minlength=len(projects) * (n_periods + 1)
    ).reshape(len(projects), n_periods + 1)[:, :n_periods]
    share = np.cumsum(hits, axis=1) / land.shape[1]
    cuts: npt.NDArray[np.int64] = np.rint(probs[:, None] * share * RESOLUTION).astype(np.int64)
    return cuts


def _layout(
    projects: Sequence[SimProject], periods: Sequence[Period], delays_days: Sequence[int]
) -> tuple[_Block, ...]:
    """The projects cut into blocks of the same first landing period, each block sorted by
    its number of segments (a segment: a period the project can land in), most first."""
    amounts = np.array([float(p.amount) for p in projects])
    cuts = _landing_cuts(projects, periods, delays_days)
    width = np.diff(cuts, axis=1, prepend=0) > 0
    segments = width.sum(axis=1)
    # Per project, the periods it can land in (ascending), then the ones it cannot.
    period = np.argsort(~width, axis=1, kind="stable")
    order = np.lexsort((-segments, period[:, 0]))
    order = order[segments[order] > 0]
    blocks = []
    for group in np.split(order, np.flatnonzero(np.diff(period[order, 0])) + 1):
        for lo in range(0, len(group), PROJECT_BLOCK):
            members = group[lo : lo + PROJECT_BLOCK]
            blocks.append(_block(members, amounts, cuts, period, segments))
    return tuple(blocks)


def _block(
    members: npt.NDArray[np.intp],
    amounts: FloatArray,
    cuts: npt.NDArray[np.int64],
    period: npt.NDArray[np.intp],
    segments: npt.NDArray[np.intp],
) -> _Block:
    pieces = []
    for j in range(int(segments[members[0]])):
        rows = members[segments[members] > j]
        here = period[rows, j]
        nxt = period[rows, j + 1] if j + 1 < period.shape[1] else here
        later = segments[rows] > j + 1
        first = int(here.min())
        span = int(max(here.max(), np.where(later, nxt, here).max())) + 1 - first
        w = np.zeros((len(rows), span), dtype=np.float64)
        w[np.arange(len(rows)), here - first] = amounts[rows]
        w[np.flatnonzero(later), nxt[later] - first] -= amounts[rows[later]]
        limit = (np.take_along_axis(cuts[rows], here[:, None], axis=1)[:, 0] - 1).astype(np.uint16)
        pieces.append(_Piece(len(rows), limit, w, first))
    return _Block(len(members), tuple(pieces))


def _totals(
    projects: Sequence[SimProject],
    *,
    periods: Sequence[Period],
    delays_days: Sequence[int],
    trials: int,
    seed: int,
    chunk: int = TRIAL_CHUNK,
) -> FloatArray:
    """Trials × periods matrix of simulated new business (yuan, float64).

    Every chunk of trials draws from its own stream spawned from ``seed``, so the result does
    not depend on how the chunks are spread over threads.
    """
    result = np.zeros((trials, len(periods)))
    blocks = _layout(projects, periods, delays_days) if projects else ()
    if not blocks:
        return result
    starts = range(0, trials, chunk)
    streams = np.random.SeedSequence(seed).spawn(len(starts))

    def run(start: int, stream: np.random.SeedSequence) -> None:
        size = min(chunk, trials - start)
        rng = np.random.Generator(np.random.SFC64(stream))
        _chunk(blocks, result[start : start + size], rng)

    workers = max(1, min(os.cpu_count() or 1, len(starts)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(run, starts, streams))
    return result


def _chunk(blocks: Sequence[_Block], totals: FloatArray, rng: np.random.Generator) -> None:
    """Add to ``totals`` (trials × periods, yuan) the amounts landing in each period.

    The products are cut small enough (``BLAS_SINGLE``) that the linear-algebra library runs
    them on the calling thread; its own threads would compete with the trial threads.
    """
    size = totals.shape[0]
    indicator = np.empty((size, PROJECT_BLOCK), dtype=np.float64)
    for block in blocks:
        # Four independent 16-bit uniforms from every 64-bit draw.
        count = size * block.size
        words = rng.integers(0, 2**64 - 1, size=-(-count // 4), dtype=np.uint64, endpoint=True)
        u = words.view(np.uint16)[:count].reshape(size, block.size)
        for piece in block.pieces:
            n, span = piece.count, piece.weights.shape[1]
            np.less_equal(u[:, :n], piece.limit, out=indicator[:, :n], casting="unsafe")
            target = totals[:, piece.first : piece.first + span]
            step = max(16, BLAS_SINGLE // (size * span))
            for a in range(0, n, step):
                b = min(a + step, n)
                target += indicator[:, a:b] @ piece.weights[a:b]


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
