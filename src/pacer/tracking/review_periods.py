"""The periods a review covers: ISO weeks (``2026-W24``) and calendar months (``2026-06``).

Every period is half-open ``[start, end)``: a week runs Monday to the next Monday, a month from
its first day to the first day of the next month.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from pacer.planning.periods import Period, add_months

WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodFormatError(ValueError):
    """A period written in a form Pacer does not read; ``expected`` names the right form."""

    def __init__(self, text: str, expected: str) -> None:
        super().__init__(f"{text!r} is not a period of the form {expected}")
        self.text = text
        self.expected = expected


def iso_week(day: date) -> Period:
    """The ISO week (Monday to the next Monday) holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=7))


def calendar_month(day: date) -> Period:
    """The calendar month holding ``day``."""
    start = day.replace(day=1)
    return Period(start, add_months(start, 1))


def parse_week(text: str) -> Period:
    """``2026-W24`` → the ISO week 24 of 2026; week 53 only in years that have one."""
    match = WEEK_PATTERN.match(text.strip())
    if match is None:
        raise PeriodFormatError(text, "YYYY-Www")
    year, week = int(match[1]), int(match[2])
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise PeriodFormatError(text, "YYYY-Www") from None
    return Period(monday, monday + timedelta(days=7))


def parse_month(text: str) -> Period:
    """``2026-06`` → June 2026."""
    match = MONTH_PATTERN.match(text.strip())
    if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
        raise PeriodFormatError(text, "YYYY-MM")
    return calendar_month(date(int(match[1]), int(match[2]), 1))


def week_label(period: Period) -> str:
    """The ISO name of the week starting ``period.start``: ``2026-W24``."""
    year, week, _day = period.start.isocalendar()
    return f"{year}-W{week:02d}"


def month_label(period: Period) -> str:
    return f"{period.start.year}-{period.start.month:02d}"


def months_back(day: date, months: int) -> date:
    """The same day ``months`` earlier; the month's last day if shorter (Mar 31 → Feb 28)."""
    first = add_months(day.replace(day=1), -months)
    last_day = (add_months(first, 1) - timedelta(days=1)).day
    return first.replace(day=min(day.day, last_day))
