"""The forecast rhythm: cycles of two weeks, each forecasting the six weeks after it."""

from __future__ import annotations

from datetime import date

import pytest

from pacer.forecasts.cycles import (
    CycleSettings,
    closed_cycles,
    cycle_containing,
    cycle_settings,
    cycle_starting,
)
from pacer.forecasts.models import ForecastCycle

RULES = CycleSettings()


def test_cycle_and_window() -> None:
    cycle = cycle_containing(date(2026, 6, 21), RULES)
    assert (cycle.start, cycle.end) == (date(2026, 6, 8), date(2026, 6, 22))
    assert (cycle.window_start, cycle.window_end) == (date(2026, 6, 22), date(2026, 8, 3))
    assert cycle.window.days == 42
    assert cycle.contains(date(2026, 6, 8))
    assert not cycle.contains(date(2026, 6, 22))
    assert cycle_containing(date(2026, 6, 22), RULES).start == date(2026, 6, 22)
    # Before the anchor too.
    assert cycle_containing(date(2026, 1, 4), RULES).start == date(2025, 12, 22)


def test_cycle_starting_and_closed_cycles() -> None:
    assert cycle_starting(date(2026, 6, 8), RULES).end == date(2026, 6, 22)
    with pytest.raises(ValueError, match="first day"):
        cycle_starting(date(2026, 6, 9), RULES)
    closed = closed_cycles(date(2026, 8, 3), RULES, since=date(2026, 5, 25))
    assert [c.start for c in closed] == [date(2026, 5, 25), date(2026, 6, 8)]
    with pytest.raises(ValueError, match="at least one day"):
        CycleSettings(cadence_days=0)


def test_settings_come_from_the_database(db: None) -> None:
    assert cycle_settings() == RULES
    ForecastCycle.objects.create(cadence_days=7, window_days=28, anchor=date(2026, 1, 1))
    rules = cycle_settings()
    assert (rules.cadence_days, rules.window_days) == (7, 28)
    assert cycle_containing(date(2026, 1, 9), rules).window_end == date(2026, 2, 12)
