"""Days of the synthetic history and how business is spread over them.

Seasonality follows the field: a slow first quarter (Spring Festival in February), a strong
year end (前低后高); each year grows on the one before. Days are proleptic ordinals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Relative weight of each calendar month (January first).
MONTH_WEIGHT = (0.7, 0.45, 0.85, 0.9, 0.95, 1.05, 0.9, 0.9, 1.05, 1.0, 1.2, 1.6)
YEARLY_GROWTH = 0.12
WEEKEND_WEIGHT = 0.15


@dataclass(frozen=True)
class Span:
    """History from 1 January ``years`` years before the plan year up to ``today`` (excluded)."""

    first: int  # ordinal of the first day
    today: int  # ordinal of the reference day
    plan_year: int

    @classmethod
    def of(cls, today: date, years: int) -> Span:
        return cls(date(today.year - years, 1, 1).toordinal(), today.toordinal(), today.year)

    @property
    def plan_start(self) -> int:
        return date(self.plan_year, 1, 1).toordinal()


def day_weights(first: int, last: int) -> FloatArray:
    """Weight of each day in ``[first, last)``: month season × yearly growth, weekends low."""
    days = np.arange(first, last)
    dates = [date.fromordinal(int(d)) for d in days]
    month = np.array([d.month for d in dates]) - 1
    year = np.array([d.year for d in dates])
    weekday = days % 7  # ordinal 1 (0001-01-01) is a Monday, so 6 and 0 are the weekend
    weights = np.asarray(MONTH_WEIGHT)[month] * (1 + YEARLY_GROWTH) ** (year - year.min())
    weights[(weekday == 6) | (weekday == 0)] *= WEEKEND_WEIGHT
    return np.asarray(weights, dtype=np.float64)


def seasonal_days(
    rng: np.random.Generator, span: Span, earliest: IntArray, last: int | None = None
) -> IntArray:
    """One day per entry of ``earliest``, drawn with the seasonal weights, never before it."""
    end = span.today if last is None else last
    cdf = np.cumsum(day_weights(span.first, end))
    cdf /= cdf[-1]
    floor = np.clip(earliest - span.first, 0, end - span.first - 1)
    low = np.where(floor > 0, cdf[floor - 1], 0.0)
    u = low + rng.random(len(earliest)) * (1.0 - low)
    index = np.minimum(np.searchsorted(cdf, u, side="right"), end - span.first - 1)
    return span.first + index.astype(np.int64)
