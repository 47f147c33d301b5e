"""Accuracy and bias of closed windows against a hand calculation (Must show)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pacer.access import actor_for_person
from pacer.forecasts.accuracy import measure, person_histories, team_histories
from pacer.forecasts.models import ManagerAdjustment
from pacer.forecasts.selectors import SYSTEM
from pacer.forecasts.submissions import system_snapshot_take
from tests.forecasts.helpers import CYCLE_A, CYCLE_B, adjust, categorise, moment, order, submit
from tests.world import World

AS_OF = date(2026, 8, 10)  # both windows (ending 07-20 and 08-03) are closed


def _two_windows(world: World) -> None:
    """rep_a: two submissions (one adjusted); rep_b: only the system snapshot of cycle A."""
    first = submit(world.rep_a, date(2026, 5, 26), "300000", "大客户A可能六月签")
    adjust(world.manager_south, first, date(2026, 5, 28), "250000", "客户A预算未批，打八折")
    # Made after window A started: must not count for window A.
    ManagerAdjustment.objects.create(
        submission=first,
        manager=world.manager_south,
        number=Decimal(999999),
        reason="窗口开始后的调整",
        at=moment(date(2026, 6, 10)),
    )
    submit(world.rep_a, date(2026, 6, 9), "400000", "新项目进入窗口")
    submit(world.rep_a, date(2026, 6, 12), "350000", "一个项目推迟")  # the last one counts
    project_b = world.projects["b"]
    project_b.expected_sign_date = date(2026, 6, 30)
    project_b.save()
    categorise(world.rep_b, project_b, "commit")
    system_snapshot_take(person=world.rep_b, today=CYCLE_A, at=moment(CYCLE_A, 12))
    # What was then signed (after the forecasts were made).
    order(world.rep_a, date(2026, 6, 15), "120000")  # window A only
    order(world.rep_a, date(2026, 7, 10), "80000")  # windows A and B
    order(world.rep_a, date(2026, 7, 20), "300000")  # window B only (A ends 07-20)
    order(world.rep_a, date(2026, 8, 3), "50000")  # neither (B ends 08-03)
    order(world.rep_b, date(2026, 6, 20), "450000")  # window A


def test_two_snapshots_equal_the_hand_calculation(world: World) -> None:
    _two_windows(world)
    histories = {h.label: h for h in person_histories(SYSTEM, AS_OF)}
    rep_a = histories[world.rep_a.name]
    window_a, window_b = rep_a.rows
    # Window A [06-08, 07-20): forecast = the adjustment 250,000 (made before 06-08);
    # actual = 120,000 + 80,000 = 200,000; accuracy = 1 − 50,000 / 200,000 = 0.75;
    # bias = +50,000 / 200,000 = +0.25.
    assert (window_a.window_start, window_a.window_end) == (date(2026, 6, 8), date(2026, 7, 20))
    assert (window_a.forecast, window_a.actual) == (Decimal("250000.00"), Decimal("200000.00"))
    assert (window_a.accuracy, window_a.bias) == (Decimal("0.7500"), Decimal("0.2500"))
    # Window B [06-22, 08-03): forecast = the later submission 350,000;
    # actual = 80,000 + 300,000 = 380,000; accuracy = 1 − 30,000 / 380,000 = 0.9211;
    # bias = −30,000 / 380,000 = −0.0789.
    assert (window_b.forecast, window_b.actual) == (Decimal("350000.00"), Decimal("380000.00"))
    assert (window_b.accuracy, window_b.bias) == (Decimal("0.9211"), Decimal("-0.0789"))
    assert rep_a.mean_accuracy == Decimal("0.8356")  # (0.75 + 0.9211) / 2 = 0.83555
    # rep_b never submitted: the system snapshot's commit (500,000) is the forecast;
    # actual 450,000: accuracy = 1 − 50,000 / 450,000 = 0.8889, bias = +0.1111.
    (only,) = histories[world.rep_b.name].rows
    assert (only.forecast, only.actual, only.source) == (
        Decimal("500000.00"),
        Decimal("450000.00"),
        "system",
    )
    assert (only.accuracy, only.bias) == (Decimal("0.8889"), Decimal("0.1111"))


def test_team_accuracy_sums_its_members(world: World) -> None:
    _two_windows(world)
    teams = {h.label: h for h in team_histories(SYSTEM, AS_OF)}
    south_a, south_b = teams[world.south.name].rows
    # Window A: forecast 250,000 + 500,000 = 750,000; actual 200,000 + 450,000 = 650,000;
    # accuracy = 1 − 100,000 / 650,000 = 0.8462; bias = +0.1538.
    assert (south_a.forecast, south_a.actual) == (Decimal("750000.00"), Decimal("650000.00"))
    assert (south_a.accuracy, south_a.bias) == (Decimal("0.8462"), Decimal("0.1538"))
    assert (south_b.forecast, south_b.accuracy) == (Decimal("350000.00"), Decimal("0.9211"))
    # The company root team holds both groups; the east team forecast nothing.
    assert teams[world.root.name].rows[0].forecast == Decimal("750000.00")
    assert world.east.name not in teams


def test_open_windows_are_not_measured_and_scope_narrows(world: World) -> None:
    _two_windows(world)
    # On 07-25 only window A (ending 07-20) is closed.
    rows = person_histories(SYSTEM, date(2026, 7, 25))[0].rows
    assert [r.window_end for r in rows] == [date(2026, 7, 20)]
    rep_b_sees = measure(actor_for_person(world.rep_b), AS_OF).points
    assert set(rep_b_sees) == {world.rep_b.pk}
    manager_east_sees = person_histories(actor_for_person(world.manager_east), AS_OF)
    assert manager_east_sees == []


def test_without_a_submission_the_system_snapshot_is_the_forecast(world: World) -> None:
    system_snapshot_take(person=world.rep_c, today=CYCLE_B, at=moment(CYCLE_B, 9))
    order(world.rep_c, date(2026, 7, 1), "100000")
    (row,) = person_histories(SYSTEM, AS_OF)[0].rows
    # Nobody submitted: the system snapshot (commit 0) is the forecast; actual 100,000.
    assert (row.forecast, row.actual, row.accuracy, row.bias) == (
        Decimal("0.00"),
        Decimal("100000.00"),
        Decimal("0.0000"),
        Decimal("-1.0000"),
    )
