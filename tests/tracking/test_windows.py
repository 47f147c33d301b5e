from __future__ import annotations

from datetime import date

import pytest

from pacer.planning.periods import FiscalYear
from pacer.tracking.windows import WINDOW_NAMES, Window, month_index, windows

CALENDAR = FiscalYear(2026).months()
APRIL_START = FiscalYear(2026, 4).months()


def test_mid_june_windows_of_a_calendar_year() -> None:
    assert windows(CALENDAR, date(2026, 6, 15)) == (
        Window("month", 5, 6),
        Window("quarter", 3, 6),
        Window("ytd", 0, 6),
        Window("year", 0, 12),
    )
    assert tuple(w.name for w in windows(CALENDAR, date(2026, 6, 15))) == WINDOW_NAMES


def test_a_fiscal_year_starting_in_april() -> None:
    # 2026-07-01 is the fourth fiscal month: the second quarter starts there.
    month, quarter, ytd, _year = windows(APRIL_START, date(2026, 7, 1))
    assert (month.first, quarter.first, quarter.last, ytd.last) == (3, 3, 6, 4)


def test_month_boundaries_and_days_outside_the_year_are_clamped() -> None:
    assert month_index(CALENDAR, date(2026, 1, 31)) == 0
    assert month_index(CALENDAR, date(2026, 2, 1)) == 1
    assert month_index(CALENDAR, date(2025, 12, 31)) == 0
    assert month_index(CALENDAR, date(2027, 1, 1)) == 11
    assert windows(CALENDAR, date(2027, 3, 1))[1] == Window("quarter", 9, 12)


def test_a_short_year_keeps_its_last_quarter_inside_it() -> None:
    assert windows(CALENDAR[:4], date(2026, 4, 2))[1] == Window("quarter", 3, 4)


def test_no_months_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one month"):
        month_index([], date(2026, 1, 1))
