from __future__ import annotations

from datetime import date

import pytest

from pacer.tracking.review_periods import (
    PeriodFormatError,
    calendar_month,
    iso_week,
    month_label,
    months_back,
    parse_month,
    parse_week,
    week_label,
)


def test_iso_week_runs_monday_to_monday() -> None:
    week = iso_week(date(2026, 6, 15))  # a Monday
    assert (week.start, week.end) == (date(2026, 6, 15), date(2026, 6, 22))
    sunday = iso_week(date(2026, 6, 14))
    assert (sunday.start, sunday.end) == (date(2026, 6, 8), date(2026, 6, 15))
    assert week_label(sunday) == "2026-W24"


def test_parse_week() -> None:
    week = parse_week(" 2026-W24 ")
    assert (week.start, week.end) == (date(2026, 6, 8), date(2026, 6, 15))
    # ISO week 1 of 2026 starts in December 2025; week 53 exists in 2026.
    assert parse_week("2026-W01").start == date(2025, 12, 29)
    assert week_label(parse_week("2026-W53")) == "2026-W53"


@pytest.mark.parametrize("text", ["2026-24", "2026-W7", "2025-W53", "2026-W00", "W24", ""])
def test_bad_week(text: str) -> None:
    with pytest.raises(PeriodFormatError) as caught:
        parse_week(text)
    assert caught.value.expected == "YYYY-Www"
    assert caught.value.text == text


def test_parse_month_and_label() -> None:
    june = parse_month("2026-06")
    assert (june.start, june.end) == (date(2026, 6, 1), date(2026, 7, 1))
    assert parse_month("2026-12").end == date(2027, 1, 1)
    assert month_label(june) == "2026-06"
    assert calendar_month(date(2026, 2, 28)).end == date(2026, 3, 1)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "0000-01", "2026-6", "2026-W24", "june"])
def test_bad_month(text: str) -> None:
    with pytest.raises(PeriodFormatError, match="YYYY-MM"):
        parse_month(text)


def test_months_back_clamps_to_the_shorter_month() -> None:
    assert months_back(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_back(date(2026, 6, 29), 1) == date(2026, 5, 29)
    assert months_back(date(2026, 1, 15), 1) == date(2025, 12, 15)
    assert months_back(date(2024, 2, 29), 12) == date(2023, 2, 28)
