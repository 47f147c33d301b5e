"""Time split of a target that follows the project pipeline, then seasonality.

For periods p (e.g. the twelve months of the plan year):

- identified business ``I_p = Σ amount × probability`` over the projects expected to sign in p;
- run-rate business ``R = max(0, T − Σ I_p)`` is spread by the seasonal share of each period;
- ``target_p = I_p + R × season_p``; when ``Σ I_p > T`` the identified amounts are scaled down
  to ``T`` instead (the plan says so);
- the amounts are then split with the largest-remainder method, so they sum exactly to ``T``.

Each period keeps the projects that back it and its coverage: the open pipeline amount
(unweighted) expected in p divided by the target still to win in p. Coverage below the
threshold (default 3×) is a warning; a period with no project at all is *not backed*.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from pacer.planning.money import FEN, split_by_weights
from pacer.planning.periods import Period

DEFAULT_COVERAGE_THRESHOLD = Decimal(3)


@dataclass(frozen=True)
class BackingProject:
    """A project that may back a period: amount in yuan, probability in [0, 1]."""

    project_id: int
    amount: Decimal
    probability: Decimal
    expected_sign_date: date

    def __post_init__(self) -> None:
        check_backing(self.project_id, self.amount, self.probability)

    @property
    def weighted(self) -> Decimal:
        return self.amount * self.probability


def check_backing(project_id: int, amount: Decimal, probability: Decimal) -> None:
    """Raise ``ValueError`` unless ``probability`` is in [0, 1] and ``amount`` is not negative."""
    if not 0 <= probability <= 1:
        msg = f"project {project_id}: probability {probability} is not in [0, 1]"
        raise ValueError(msg)
    if amount < 0:
        msg = f"project {project_id}: amount {amount} is negative"
        raise ValueError(msg)


@dataclass(frozen=True)
class PeriodTarget:
    """One period's share of the target and the reasons behind it (amounts in yuan)."""

    period: Period
    amount: Decimal
    identified: Decimal
    run_rate: Decimal
    season_share: Fraction
    project_ids: tuple[int, ...]
    pipeline: Decimal
    coverage: Decimal | None
    coverage_warning: bool
    backed: bool


@dataclass(frozen=True)
class TimeSplit:
    target: Decimal
    periods: tuple[PeriodTarget, ...]
    identified_total: Decimal
    run_rate_total: Decimal
    scaled_down: bool
    outside_project_ids: tuple[int, ...]


def split_by_pipeline(
    target: Decimal,
    periods: Sequence[Period],
    season: Sequence[Fraction],
    projects: Sequence[BackingProject],
    *,
    actual_to_date: Sequence[Decimal] | None = None,
    coverage_threshold: Decimal = DEFAULT_COVERAGE_THRESHOLD,
    unit: Decimal = FEN,
) -> TimeSplit:
    """Split ``target`` over ``periods`` by pipeline + ``season`` (one weight per period).

    ``season`` weights need not sum to one: they are normalised over the periods given, so the
    shares of a quarter's three months can be passed as they are. ``actual_to_date`` (yuan per
    period, default none) lowers the target still to win when computing coverage.
    """
    _check(target, periods, season, actual_to_date)
    return split_buckets(
        target,
        periods,
        season,
        bucket_projects(periods, projects),
        actual_to_date=actual_to_date,
        coverage_threshold=coverage_threshold,
        unit=unit,
    )


@dataclass(frozen=True)
class Buckets:
    """Projects grouped by period: Σ amount × probability, Σ amount and ids (in any order) per
    period, and the ids of projects expected outside every period."""

    identified: tuple[Decimal, ...]
    pipeline: tuple[Decimal, ...]
    ids: tuple[tuple[int, ...], ...]
    outside: tuple[int, ...]


def bucket_projects(periods: Sequence[Period], projects: Sequence[BackingProject]) -> Buckets:
    """Group ``projects`` by the period their expected signing day falls in."""
    by_period: list[list[BackingProject]] = [[] for _ in periods]
    outside: list[int] = []
    for project in projects:
        index = period_index(periods, project.expected_sign_date)
        if index is None:
            outside.append(project.project_id)
        else:
            by_period[index].append(project)
    return Buckets(
        identified=tuple(sum((p.weighted for p in ps), Decimal(0)) for ps in by_period),
        pipeline=tuple(sum((p.amount for p in ps), Decimal(0)) for ps in by_period),
        ids=tuple(tuple(p.project_id for p in ps) for ps in by_period),
        outside=tuple(outside),
    )


def merge_buckets(parts: Sequence[Buckets], periods: int) -> Buckets:
    """The buckets of several disjoint groups of projects taken together (exact sums)."""
    return Buckets(
        identified=tuple(sum((b.identified[i] for b in parts), Decimal(0)) for i in range(periods)),
        pipeline=tuple(sum((b.pipeline[i] for b in parts), Decimal(0)) for i in range(periods)),
        ids=tuple(
            tuple(itertools.chain.from_iterable(b.ids[i] for b in parts)) for i in range(periods)
        ),
        outside=tuple(itertools.chain.from_iterable(b.outside for b in parts)),
    )


def split_buckets(
    target: Decimal,
    periods: Sequence[Period],
    season: Sequence[Fraction],
    buckets: Buckets,
    *,
    actual_to_date: Sequence[Decimal] | None = None,
    coverage_threshold: Decimal = DEFAULT_COVERAGE_THRESHOLD,
    unit: Decimal = FEN,
) -> TimeSplit:
    """``split_by_pipeline`` from projects already grouped by period (see ``bucket_projects``)."""
    identified = list(buckets.identified)
    identified_total = sum(identified, Decimal(0))
    shares = _shares(season)
    scaled_down = identified_total > target
    run_rate = None if scaled_down else target - identified_total
    amounts = split_by_weights(target, _weights(identified, shares, run_rate), unit)

    actuals = actual_to_date or [Decimal(0)] * len(periods)
    result = []
    for i, period in enumerate(periods):
        ident = min(amounts[i], identified[i].quantize(unit))
        pipeline = buckets.pipeline[i]
        remaining = amounts[i] - actuals[i]
        coverage = (pipeline / remaining).quantize(Decimal("0.01")) if remaining > 0 else None
        result.append(
            PeriodTarget(
                period=period,
                amount=amounts[i],
                identified=ident,
                run_rate=amounts[i] - ident,
                season_share=shares[i],
                project_ids=tuple(sorted(buckets.ids[i])),
                pipeline=pipeline,
                coverage=coverage,
                coverage_warning=coverage is not None and coverage < coverage_threshold,
                backed=bool(buckets.ids[i]),
            )
        )
    identified_sum = sum((p.identified for p in result), Decimal(0))
    return TimeSplit(
        target=target,
        periods=tuple(result),
        identified_total=identified_sum,
        run_rate_total=target - identified_sum,
        scaled_down=scaled_down,
        outside_project_ids=tuple(sorted(buckets.outside)),
    )


def _check(
    target: Decimal,
    periods: Sequence[Period],
    season: Sequence[Fraction],
    actual_to_date: Sequence[Decimal] | None,
) -> None:
    if not periods:
        msg = "a target needs at least one period to be split over"
        raise ValueError(msg)
    if len(season) != len(periods):
        msg = f"{len(periods)} periods but {len(season)} seasonal weights"
        raise ValueError(msg)
    if actual_to_date is not None and len(actual_to_date) != len(periods):
        msg = f"{len(periods)} periods but {len(actual_to_date)} actuals"
        raise ValueError(msg)
    if target < 0:
        msg = f"a target cannot be negative: {target}"
        raise ValueError(msg)
    if any(s < 0 for s in season):
        msg = "seasonal weights must not be negative"
        raise ValueError(msg)
    ordered = sorted(periods)
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end:
            msg = f"periods overlap: {before} and {after}"
            raise ValueError(msg)


def period_index(periods: Sequence[Period], day: date) -> int | None:
    """Position of the first of ``periods`` that holds ``day``, or ``None``."""
    for i, period in enumerate(periods):
        if day in period:
            return i
    return None


# The last seasonal weights normalised: every node of a plan splits over the same season.
_last_shares: list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]] = [((), ())]


def _shares(season: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """``season`` normalised to sum to one (evenly when it sums to zero)."""
    key = tuple(season)
    last_key, last = _last_shares[0]
    if key == last_key:
        return last
    season_sum = sum(key, Fraction(0))
    shares = tuple(s / season_sum if season_sum else Fraction(1, len(key)) for s in key)
    _last_shares[0] = (key, shares)
    return shares


def _weights(
    identified: Sequence[Decimal], shares: Sequence[Fraction], run_rate: Decimal | None
) -> list[Decimal]:
    """Each period's weight ``identified + run_rate × share`` (just ``identified`` when the
    run rate is ``None``), as a Decimal precise enough (28 digits) for a fen-exact split.

    The exact fraction is formed in integers; dividing its unreduced numerator by its
    denominator rounds to the same Decimal as the reduced ones would.
    """
    if run_rate is None:
        ratios = [i.as_integer_ratio() for i in identified]
        return [Decimal(num) / Decimal(den) for num, den in ratios]
    rate_num, rate_den = run_rate.as_integer_ratio()
    weights = []
    for i, share in zip(identified, shares, strict=True):
        num, den = i.as_integer_ratio()
        scale = rate_den * share.denominator
        weights.append(
            Decimal(num * scale + rate_num * share.numerator * den) / Decimal(den * scale)
        )
    return weights
