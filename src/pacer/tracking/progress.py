"""Progress of a plan node against its target: attainment, pace and a projection.

- attainment = actual ÷ target (None when the target is zero);
- expected-to-date = Σ of the months already over + the current month's target × its rhythm
  share by today (default 30 % by day 10, 80 % by day 20, linear in between);
- pace gap = actual − expected-to-date (negative: behind);
- projection to the period end = actual + the remaining target scaled by the pace ratio
  (actual ÷ expected), so a node at 80 % of its pace is projected to 80 % of the rest; while
  less than 10 % of the target was expected the rest is projected at plan, and the pace ratio
  is capped at 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from pacer.planning.money import FEN
from pacer.planning.periods import Period
from pacer.planning.rhythm import DEFAULT_RHYTHM, expected_by_day


@dataclass(frozen=True)
class MonthTarget:
    period: Period
    amount: Decimal


@dataclass(frozen=True)
class Progress:
    """Amounts in yuan; ratios as Decimals (1 = 100 %)."""

    target: Decimal
    actual: Decimal
    expected_to_date: Decimal
    attainment: Decimal | None
    pace: Decimal | None
    pace_gap: Decimal
    projection: Decimal


def expected_to_date(
    months: Sequence[MonthTarget],
    today: date,
    rhythm: Sequence[tuple[int, Decimal]] = DEFAULT_RHYTHM,
) -> Decimal:
    """What should have been reached before ``today`` (``today`` itself not yet counted)."""
    total = Decimal(0)
    for m in months:
        if m.period.end <= today:
            total += m.amount
        elif today in m.period:
            elapsed_days = (today - m.period.start).days
            total += expected_by_day(m.amount, elapsed_days, m.period.days, rhythm)
    return total


def progress(
    months: Sequence[MonthTarget],
    actual: Decimal,
    today: date,
    rhythm: Sequence[tuple[int, Decimal]] = DEFAULT_RHYTHM,
) -> Progress:
    """Progress over ``months`` (consecutive) with ``actual`` reached so far."""
    target = sum((m.amount for m in months), Decimal(0))
    expected = expected_to_date(months, today, rhythm)
    attainment = _ratio(actual, target)
    pace = _ratio(actual, expected)
    remaining = max(Decimal(0), target - expected)
    projection = actual + remaining * _projection_factor(pace, expected, target)
    return Progress(
        target=target,
        actual=actual,
        expected_to_date=expected,
        attainment=attainment,
        pace=pace,
        pace_gap=actual - expected,
        projection=projection.quantize(FEN, rounding=ROUND_HALF_UP),
    )


# Pace says little while almost nothing was expected yet, and one early deal must not project
# a year at many times its target: below this share of the target expected, the rest is
# projected at plan; above it, at the pace, capped.
PACE_EVIDENCE_SHARE = Decimal("0.1")
MAX_PACE_FACTOR = Decimal(2)


def _projection_factor(pace: Decimal | None, expected: Decimal, target: Decimal) -> Decimal:
    if pace is None or expected < target * PACE_EVIDENCE_SHARE:
        return Decimal(1)
    return min(pace, MAX_PACE_FACTOR)


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole <= 0:
        return None
    return (part / whole).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def month_of(day: date) -> Period:
    start = day.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1)
    return Period(start, end)
