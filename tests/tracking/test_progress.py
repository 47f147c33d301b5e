from __future__ import annotations

from datetime import date
from decimal import Decimal

from pacer.planning.periods import FiscalYear
from pacer.tracking.progress import MonthTarget, expected_to_date, month_of, progress

MONTHS = [MonthTarget(m, Decimal(100_000)) for m in FiscalYear(2026).months()]


def test_expected_to_date_counts_past_months_and_the_month_rhythm() -> None:
    # Jan–May over (500,000) + June by day 14 of 30: 30 % + (80 − 30) % × 4/10 = 50 %.
    assert expected_to_date(MONTHS, date(2026, 6, 15)) == Decimal(550_000)
    assert expected_to_date(MONTHS, date(2026, 1, 1)) == 0
    assert expected_to_date(MONTHS, date(2027, 1, 1)) == Decimal(1_200_000)


def test_progress_attainment_pace_gap_projection() -> None:
    p = progress(MONTHS, Decimal(440_000), date(2026, 6, 15))
    assert p.target == Decimal(1_200_000)
    assert p.expected_to_date == Decimal(550_000)
    assert p.attainment == Decimal("0.3667")
    assert p.pace == Decimal("0.8000")
    assert p.pace_gap == Decimal(-110_000)
    # the rest (650,000) at 80 % of pace: 440,000 + 520,000
    assert p.projection == Decimal(960_000)


def test_projection_is_at_plan_early_and_capped_later() -> None:
    early = progress(MONTHS, Decimal(90_000), date(2026, 1, 5))  # 12,000 expected so far
    assert early.expected_to_date < Decimal(120_000)
    assert early.pace is not None
    assert early.pace > 2
    assert early.projection == Decimal(90_000) + (Decimal(1_200_000) - early.expected_to_date)
    ahead = progress(MONTHS, Decimal(1_650_000), date(2026, 6, 15))  # 3× pace, capped at 2
    assert ahead.projection == Decimal(1_650_000) + Decimal(650_000) * 2


def test_no_target_or_nothing_expected_yet() -> None:
    empty = progress([], Decimal(10), date(2026, 6, 15))
    assert empty.attainment is None
    assert empty.pace is None
    early = progress(MONTHS, Decimal(0), date(2026, 1, 1))
    assert early.pace is None
    assert early.projection == Decimal(1_200_000)


def test_month_of() -> None:
    assert month_of(date(2026, 12, 31)).end == date(2027, 1, 1)
    assert month_of(date(2026, 2, 10)).days == 28
