"""Periods and fiscal years as values. Every period is half-open: ``[start, end)``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class Period:
    """The days ``start <= day < end``."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end <= self.start:
            msg = f"a period must end after it starts: [{self.start}, {self.end})"
            raise ValueError(msg)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def elapsed_fraction(self, today: date) -> float:
        """Share of the period's days before ``today`` (0 before it starts, 1 after it ends)."""
        if today <= self.start:
            return 0.0
        if today >= self.end:
            return 1.0
        return (today - self.start).days / self.days


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s month (``day`` must be a first)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class FiscalYear:
    """A fiscal year named by the calendar year it starts in (``start_month`` 1 = calendar)."""

    year: int
    start_month: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.start_month <= 12:
            msg = f"a fiscal year starts in month 1..12, not {self.start_month}"
            raise ValueError(msg)

    @property
    def period(self) -> Period:
        start = date(self.year, self.start_month, 1)
        return Period(start, add_months(start, 12))

    def months(self) -> list[Period]:
        start = self.period.start
        return [Period(add_months(start, i), add_months(start, i + 1)) for i in range(12)]

    def quarters(self) -> list[Period]:
        start = self.period.start
        return [Period(add_months(start, 3 * i), add_months(start, 3 * i + 3)) for i in range(4)]

    @classmethod
    def containing(cls, day: date, start_month: int = 1) -> FiscalYear:
        year = day.year if day.month >= start_month else day.year - 1
        return cls(year, start_month)


def iso_weeks(period: Period) -> list[Period]:
    """The ISO weeks (Monday to Monday) that overlap ``period``, clipped to it."""
    monday = period.start - timedelta(days=period.start.weekday())
    weeks = []
    while monday < period.end:
        nxt = monday + timedelta(days=7)
        weeks.append(Period(max(monday, period.start), min(nxt, period.end)))
        monday = nxt
    return weeks
