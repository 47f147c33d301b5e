"""Dates for the demo: seasonal days within a year, and days relative to the reference day."""

from __future__ import annotations

import bisect
import calendar
import itertools
import random
from datetime import date, timedelta

from pacer.demo.profile import MONTH_WEIGHTS


def seasonal_day(
    rng: random.Random, year: int, *, after: date | None = None, until: date | None = None
) -> date:
    """A day of ``year`` drawn by the monthly seasonality, within ``[after, until]``.

    Each month weighs its seasonal weight times the share of its days inside the bounds, so a
    bound that cuts a month keeps the seasonal shape of the rest. The bounds default to the
    whole year and must leave at least one day.
    """
    first = max(date(year, 1, 1), after or date(year, 1, 1))
    last = min(date(year, 12, 31), until or date(year, 12, 31))
    if last < first:
        msg = f"no day of {year} lies in [{first}, {last}]"
        raise ValueError(msg)
    months: list[int] = []
    weights: list[float] = []
    for month in range(first.month, last.month + 1):
        lo, hi = _month_span(year, month, first, last)
        length = calendar.monthrange(year, month)[1]
        months.append(month)
        weights.append(MONTH_WEIGHTS[month - 1] * (hi - lo + 1) / length)
    month = rng.choices(months, weights)[0]
    lo, hi = _month_span(year, month, first, last)
    return date(year, month, rng.randint(lo, hi))


def _month_span(year: int, month: int, first: date, last: date) -> tuple[int, int]:
    lo = first.day if (first.year, first.month) == (year, month) else 1
    length = calendar.monthrange(year, month)[1]
    hi = last.day if (last.year, last.month) == (year, month) else length
    return lo, hi


def days_before(day: date, rng: random.Random, low: int, high: int) -> date:
    """A day between ``high`` and ``low`` days before ``day`` (both inclusive)."""
    return day - timedelta(days=rng.randint(low, high))


def days_after(day: date, rng: random.Random, low: int, high: int) -> date:
    """A day between ``low`` and ``high`` days after ``day`` (both inclusive)."""
    return day + timedelta(days=rng.randint(low, high))


def clamp(day: date, low: date, high: date) -> date:
    return max(low, min(high, day))


def one_year_before(day: date) -> date:
    """The same calendar day a year earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def season_share_until(day: date) -> float:
    """The seasonal share of ``day``'s year up to and including ``day`` (0..1)."""
    total = sum(MONTH_WEIGHTS)
    done = sum(MONTH_WEIGHTS[: day.month - 1])
    length = calendar.monthrange(day.year, day.month)[1]
    return (done + MONTH_WEIGHTS[day.month - 1] * day.day / length) / total


def weighted_sample(
    rng: random.Random, items: list[str], weights: list[float], k: int
) -> list[str]:
    """``k`` distinct items drawn with probability growing with weight (order kept stable)."""
    keyed = sorted(((rng.random() ** (1 / w), i) for i, w in enumerate(weights)), reverse=True)
    chosen = sorted(i for _, i in keyed[:k])
    return [items[i] for i in chosen]


def spread_days(rng: random.Random, year: int, count: int) -> list[date]:
    """``count`` days of ``year``, one in each equal slice of the seasonal distribution.

    A steady buyer orders through the year rather than in random clumps.
    """
    cumulative = list(itertools.accumulate(MONTH_WEIGHTS))
    days = []
    for number in range(count):
        quantile = (number + rng.random()) / count * cumulative[-1]
        month = bisect.bisect_left(cumulative, quantile) + 1
        days.append(date(year, month, rng.randint(1, calendar.monthrange(year, month)[1])))
    return days
