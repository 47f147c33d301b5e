from __future__ import annotations

from datetime import date

import pytest

from pacer.planning.periods import FiscalYear, Period, add_months, iso_weeks


def test_period_is_half_open() -> None:
    p = Period(date(2026, 1, 1), date(2026, 2, 1))
    assert date(2026, 1, 1) in p
    assert date(2026, 1, 31) in p
    assert date(2026, 2, 1) not in p
    assert "2026-01-05" not in p
    assert p.days == 31


def test_period_must_end_after_start() -> None:
    with pytest.raises(ValueError, match="end after"):
        Period(date(2026, 1, 1), date(2026, 1, 1))


def test_elapsed_fraction() -> None:
    p = Period(date(2026, 1, 1), date(2026, 1, 11))
    assert p.elapsed_fraction(date(2025, 12, 1)) == 0.0
    assert p.elapsed_fraction(date(2026, 1, 6)) == 0.5
    assert p.elapsed_fraction(date(2026, 3, 1)) == 1.0


def test_fiscal_year_months_and_quarters() -> None:
    fy = FiscalYear(2026, start_month=4)
    assert fy.period == Period(date(2026, 4, 1), date(2027, 4, 1))
    months = fy.months()
    assert len(months) == 12
    assert months[-1] == Period(date(2027, 3, 1), date(2027, 4, 1))
    assert fy.quarters()[1] == Period(date(2026, 7, 1), date(2026, 10, 1))
    assert FiscalYear.containing(date(2027, 2, 1), 4) == FiscalYear(2026, 4)
    assert FiscalYear.containing(date(2027, 5, 1), 4) == FiscalYear(2027, 4)
    with pytest.raises(ValueError, match="month"):
        FiscalYear(2026, 13)


def test_add_months_crosses_years() -> None:
    assert add_months(date(2026, 11, 1), 3) == date(2027, 2, 1)
    assert add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)


def test_iso_weeks_cover_the_period_exactly() -> None:
    month = Period(date(2026, 2, 1), date(2026, 3, 1))
    weeks = iso_weeks(month)
    assert weeks[0].start == month.start
    assert weeks[-1].end == month.end
    assert sum(w.days for w in weeks) == month.days
    assert all(w.start.weekday() == 0 for w in weeks[1:])
