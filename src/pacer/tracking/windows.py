"""The windows a node's progress is reported over on a given day.

For the months of a fiscal year (consecutive, half-open periods) and a reference day:
- ``month``: the month containing the day;
- ``quarter``: the fiscal quarter containing that month;
- ``ytd`` (year to date): from the first month through the month containing the day;
- ``year``: all the months.
A day before the first month counts as in the first month, a day after the last as in the last,
so every window is always defined.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pacer.planning.periods import Period

WINDOW_NAMES = ("month", "quarter", "ytd", "year")


@dataclass(frozen=True)
class Window:
    """Months ``first`` (inclusive) to ``last`` (exclusive), as indexes into the year's months."""

    name: str
    first: int
    last: int


def month_index(months: Sequence[Period], today: date) -> int:
    """Index of the month containing ``today``, clamped to the first and last month."""
    if not months:
        msg = "a year needs at least one month"
        raise ValueError(msg)
    for i, month in enumerate(months):
        if today < month.end:
            return i
    return len(months) - 1


def windows(months: Sequence[Period], today: date) -> tuple[Window, ...]:
    """The four windows of ``today``, in the order of ``WINDOW_NAMES``."""
    i = month_index(months, today)
    quarter = i // 3 * 3
    return (
        Window("month", i, i + 1),
        Window("quarter", quarter, min(quarter + 3, len(months))),
        Window("ytd", 0, i + 1),
        Window("year", 0, len(months)),
    )
