"""Months as the statements use them: the first day, written ``YYYY-MM``."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.utils.translation import gettext

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
_MONTH = re.compile(MONTH_PATTERN)


class MonthError(ValueError):
    """A month that is not written ``YYYY-MM``; the message names the value."""


def parse_month(text: str) -> date:
    """``"2026-07"`` → ``date(2026, 7, 1)``; anything else raises ``MonthError``."""
    cleaned = text.strip()
    if not _MONTH.match(cleaned):
        raise MonthError(
            gettext("“%(value)s”不是 YYYY-MM 格式的月份（例如 2026-07）") % {"value": text}
        )
    year, month = cleaned.split("-")
    return date(int(year), int(month), 1)


def month_text(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def month_end(month: date) -> date:
    """The first day of the next month (months are half-open ``[start, end)``)."""
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(day: date) -> date:
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)
