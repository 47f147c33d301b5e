"""The rhythm of the rolling forecast: cycles and the windows they forecast.

Cycle k runs ``[anchor + k·cadence, anchor + (k+1)·cadence)`` (every two weeks by default).
During a cycle each person submits the window of ``window_days`` (six weeks by default) that
starts the day the cycle ends, so every submission of a cycle is made *before* its window
starts; that is what makes its accuracy a fair measure (see docs/forecast.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pacer.forecasts.models import ForecastCycle
from pacer.planning.periods import Period

DEFAULT_CADENCE_DAYS = 14
DEFAULT_WINDOW_DAYS = 42
# A Monday, so that cycles run Monday to Sunday.
DEFAULT_ANCHOR = date(2026, 1, 5)


@dataclass(frozen=True)
class CycleSettings:
    cadence_days: int = DEFAULT_CADENCE_DAYS
    window_days: int = DEFAULT_WINDOW_DAYS
    anchor: date = DEFAULT_ANCHOR

    def __post_init__(self) -> None:
        if self.cadence_days <= 0 or self.window_days <= 0:
            msg = "the cadence and the window must be at least one day"
            raise ValueError(msg)


@dataclass(frozen=True)
class Cycle:
    """A submission cycle ``[start, end)`` and the window ``[window_start, window_end)``."""

    start: date
    end: date
    window_start: date
    window_end: date

    @property
    def window(self) -> Period:
        return Period(self.window_start, self.window_end)

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end


def cycle_containing(day: date, rules: CycleSettings) -> Cycle:
    """The cycle whose submission period contains ``day`` (days before the anchor too)."""
    index = (day - rules.anchor).days // rules.cadence_days
    return cycle_at(index, rules)


def cycle_at(index: int, rules: CycleSettings) -> Cycle:
    start = rules.anchor + timedelta(days=index * rules.cadence_days)
    end = start + timedelta(days=rules.cadence_days)
    return Cycle(start, end, end, end + timedelta(days=rules.window_days))


def cycle_starting(start: date, rules: CycleSettings) -> Cycle:
    """The cycle that starts on ``start`` (which must be a cycle boundary)."""
    cycle = cycle_containing(start, rules)
    if cycle.start != start:
        msg = f"{start} is not the first day of a forecast cycle"
        raise ValueError(msg)
    return cycle


def closed_cycles(today: date, rules: CycleSettings, *, since: date) -> list[Cycle]:
    """Cycles whose window has ended by ``today`` (``window_end <= today``), from ``since``."""
    cycles = []
    cycle = cycle_containing(since, rules)
    index = (cycle.start - rules.anchor).days // rules.cadence_days
    while cycle.window_end <= today:
        cycles.append(cycle)
        index += 1
        cycle = cycle_at(index, rules)
    return cycles


def cycle_settings() -> CycleSettings:
    """The configured rhythm, or the defaults when nothing is configured."""
    row = ForecastCycle.objects.order_by("pk").first()
    if row is None:
        return CycleSettings()
    return CycleSettings(row.cadence_days, row.window_days, row.anchor)
