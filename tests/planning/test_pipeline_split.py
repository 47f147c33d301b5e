from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.planning.periods import FiscalYear, Period
from pacer.planning.pipeline_split import BackingProject, split_by_pipeline

MONTHS = FiscalYear(2026).months()
EVEN = [Fraction(1, 12)] * 12


def project(pid: int, amount: int, prob: str, month: int) -> BackingProject:
    return BackingProject(pid, Decimal(amount), Decimal(prob), date(2026, month, 15))


def test_identified_plus_run_rate_by_season() -> None:
    # 1,200,000 target; one project of 600,000 at 50 % in March → I_mar = 300,000.
    split = split_by_pipeline(Decimal(1_200_000), MONTHS, EVEN, [project(7, 600_000, "0.5", 3)])
    march = split.periods[2]
    assert march.identified == Decimal(300_000)
    assert march.amount == Decimal(300_000) + Decimal(900_000) / 12
    assert march.project_ids == (7,)
    assert march.pipeline == Decimal(600_000)
    assert split.periods[0].amount == Decimal(75_000)
    assert not split.periods[0].backed
    assert sum(p.amount for p in split.periods) == Decimal(1_200_000)
    assert split.identified_total == Decimal(300_000)
    assert split.run_rate_total == Decimal(900_000)
    assert not split.scaled_down


def test_run_rate_follows_seasonality_not_an_even_split() -> None:
    season = [Fraction(1)] * 6 + [Fraction(3)] * 6  # 前低后高
    split = split_by_pipeline(Decimal(2_400_000), MONTHS, season, [])
    assert split.periods[0].amount == Decimal(100_000)
    assert split.periods[11].amount == Decimal(300_000)
    assert split.periods[0].season_share == Fraction(1, 24)


def test_pipeline_larger_than_target_is_scaled_down() -> None:
    split = split_by_pipeline(
        Decimal(100), MONTHS, EVEN, [project(1, 300, "1", 1), project(2, 100, "1", 2)]
    )
    assert split.scaled_down
    assert [p.amount for p in split.periods[:2]] == [Decimal(75), Decimal(25)]
    assert split.periods[0].identified == Decimal(75)
    assert split.periods[0].run_rate == 0
    assert split.run_rate_total == 0


def test_coverage_and_warning() -> None:
    split = split_by_pipeline(
        Decimal(1_200_000),
        MONTHS,
        EVEN,
        [project(1, 400_000, "0.25", 6)],
        actual_to_date=[Decimal(0)] * 5 + [Decimal(50_000)] + [Decimal(0)] * 6,
    )
    june = split.periods[5]
    # target 100,000 + 400,000×0.25 ... identified 100,000; run rate 1,100,000/12
    remaining = june.amount - Decimal(50_000)
    assert june.coverage == (Decimal(400_000) / remaining).quantize(Decimal("0.01"))
    assert june.coverage_warning == (june.coverage < 3)
    assert split.periods[0].coverage == Decimal(0)
    assert split.periods[0].coverage_warning


def test_fully_achieved_period_has_no_coverage() -> None:
    split = split_by_pipeline(
        Decimal(12), MONTHS, EVEN, [], actual_to_date=[Decimal(5)] + [Decimal(0)] * 11
    )
    assert split.periods[0].coverage is None
    assert not split.periods[0].coverage_warning


def test_projects_outside_the_periods_are_listed() -> None:
    outside = BackingProject(9, Decimal(10), Decimal(1), date(2027, 1, 5))
    split = split_by_pipeline(Decimal(12), MONTHS, EVEN, [outside])
    assert split.outside_project_ids == (9,)


def test_zero_season_weights_fall_back_to_even() -> None:
    quarter = MONTHS[:3]
    split = split_by_pipeline(Decimal("3.00"), quarter, [Fraction(0)] * 3, [])
    assert [p.amount for p in split.periods] == [Decimal(1)] * 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"periods": []}, "at least one period"),
        ({"season": EVEN[:11]}, "seasonal weights"),
        ({"target": Decimal(-1)}, "negative"),
        ({"season": [Fraction(-1), *EVEN[1:]]}, "must not be negative"),
        ({"actual_to_date": [Decimal(0)]}, "actuals"),
        (
            {
                "periods": [MONTHS[0], Period(date(2026, 1, 15), date(2026, 2, 15))],
                "season": EVEN[:2],
            },
            "overlap",
        ),
    ],
)
def test_bad_input_is_rejected(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {
        "target": Decimal(12),
        "periods": MONTHS,
        "season": EVEN,
        "projects": [],
    }
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        split_by_pipeline(**args)  # type: ignore[arg-type]


def test_bad_projects_are_rejected() -> None:
    with pytest.raises(ValueError, match="probability"):
        BackingProject(1, Decimal(1), Decimal("1.5"), date(2026, 1, 1))
    with pytest.raises(ValueError, match="negative"):
        BackingProject(1, Decimal(-1), Decimal("0.5"), date(2026, 1, 1))


project_strategy = st.builds(
    BackingProject,
    project_id=st.integers(1, 10**6),
    amount=st.integers(0, 10**8).map(Decimal),
    probability=st.integers(0, 100).map(lambda n: Decimal(n) / 100),
    expected_sign_date=st.dates(date(2025, 12, 1), date(2027, 1, 31)),
)


@given(
    st.integers(0, 10**10).map(lambda n: Decimal(n) / 100),
    st.lists(st.integers(0, 1000).map(Fraction), min_size=12, max_size=12),
    st.lists(project_strategy, max_size=30),
)
def test_months_always_sum_exactly_to_the_target(
    target: Decimal, season: list[Fraction], projects: list[BackingProject]
) -> None:
    split = split_by_pipeline(target, MONTHS, season, projects)
    assert sum(p.amount for p in split.periods) == target
    assert all(p.amount >= 0 for p in split.periods)
    assert all(p.identified + p.run_rate == p.amount for p in split.periods)
    assert split.identified_total + split.run_rate_total == target
