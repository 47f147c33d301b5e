"""Pacing inside a month, and the collection (回款) plan that follows the signing plan.

Within a month the default rhythm is 30 % of the month's target by day 10 and 80 % by day 20
(the field's "月度三分": build, push, close). Collections follow signings shifted by the
typical signing-to-payment delay, learned as a distribution over whole months.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from pacer.planning.money import FEN, split_by_weights

DEFAULT_RHYTHM: tuple[tuple[int, Decimal], ...] = ((10, Decimal("0.3")), (20, Decimal("0.8")))


def expected_by_day(
    month_target: Decimal,
    day: int,
    days_in_month: int,
    rhythm: Sequence[tuple[int, Decimal]] = DEFAULT_RHYTHM,
) -> Decimal:
    """Cumulative amount expected by the end of ``day`` (1-based) of a month, in yuan.

    Linear between the rhythm's checkpoints, from 0 before day 1 to 100 % on the last day.
    """
    if not 0 <= day <= days_in_month:
        msg = f"day {day} is outside a month of {days_in_month} days"
        raise ValueError(msg)
    points = [(0, Decimal(0)), *rhythm, (days_in_month, Decimal(1))]
    for (d0, f0), (d1, f1) in pairwise(points):
        if d0 <= day <= d1:
            fraction = f0 if d1 == d0 else f0 + (f1 - f0) * Decimal(day - d0) / Decimal(d1 - d0)
            return (month_target * fraction).quantize(FEN)
    return month_target  # pragma: no cover - the last point is the month's last day


@dataclass(frozen=True)
class CollectionPlan:
    """Expected collections per period (yuan) and what falls after the last period."""

    by_period: tuple[Decimal, ...]
    carried_over: Decimal


def collection_plan(
    signings: Sequence[Decimal],
    delay: Mapping[int, Decimal],
    *,
    collection_rate: Decimal = Decimal(1),
) -> CollectionPlan:
    """Collections from ``signings`` per period, each spread by ``delay`` (months → weight).

    Each signing's collectable part (``collection_rate`` of it) is split exactly over its delay
    months; what lands beyond the last period is reported as carried over.
    """
    if not delay or any(k < 0 for k in delay) or any(w < 0 for w in delay.values()):
        msg = "the payment delay needs non-negative months and weights"
        raise ValueError(msg)
    lags = sorted(delay)
    result = [Decimal(0)] * len(signings)
    carried = Decimal(0)
    for i, signed in enumerate(signings):
        collectable = (signed * collection_rate).quantize(FEN)
        parts = split_by_weights(collectable, [delay[lag] for lag in lags])
        for lag, part in zip(lags, parts, strict=True):
            if i + lag < len(signings):
                result[i + lag] += part
            else:
                carried += part
    return CollectionPlan(by_period=tuple(result), carried_over=carried)
