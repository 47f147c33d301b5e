"""Submissions are kept forever; adjustments never touch them; who has not submitted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from pacer.access import actor_for_person
from pacer.crm.models import Project, Stage
from pacer.forecasts.errors import ForecastInputError, ForecastRefusedError
from pacer.forecasts.models import (
    ForecastSubmission,
    ImmutableError,
    ManagerAdjustment,
    SubmissionSource,
)
from pacer.forecasts.selectors import SYSTEM, missing_people, participants
from pacer.forecasts.submissions import effective_number, system_snapshot_take
from tests.forecasts.helpers import CYCLE_A, CYCLE_B, adjust, categorise, moment, order, submit
from tests.world import World

DAY = date(2026, 6, 10)  # in cycle B [06-08, 06-22), window [06-22, 08-03)


def test_a_submission_freezes_the_system_rollup_and_lines(world: World) -> None:
    project = world.projects["a"]
    project.expected_sign_date = date(2026, 7, 1)
    project.save()
    categorise(world.rep_a, project, "commit")
    Project.objects.create(
        name="谈判中",
        owner=world.rep_a,
        amount=Decimal(200000),
        stage=Stage.NEGOTIATION,
        expected_sign_date=date(2026, 6, 1),  # overdue but still expected: counts
    )
    Project.objects.create(
        name="太晚",
        owner=world.rep_a,
        amount=Decimal(900000),
        stage=Stage.NEEDS,
        expected_sign_date=date(2026, 8, 3),  # the window's end is excluded
    )
    order(world.rep_a, date(2026, 6, 25), "10000")  # dated after the day: not signed yet
    row = submit(world.rep_a, DAY, "600000", "谈判项目有把握")
    assert (row.cycle_start, row.window_start, row.window_end) == (
        CYCLE_B,
        date(2026, 6, 22),
        date(2026, 8, 3),
    )
    assert (row.system_closed, row.system_commit, row.system_best_case, row.system_pipeline) == (
        Decimal("0.00"),
        Decimal("500000.00"),
        Decimal("700000.00"),
        Decimal("700000.00"),
    )
    # Every open project is kept; the one expected on the window's end counts nowhere.
    assert {line["name"]: line["category"] for line in row.lines} == {
        "项目A": "commit",
        "谈判中": "best_case",
        "太晚": "pipeline",
    }
    # Later changes to the projects leave the snapshot as it was.
    project.amount = Decimal(1)
    project.save()
    assert ForecastSubmission.objects.get(pk=row.pk).lines[1]["amount"] == "500000.0000"


def test_a_number_different_from_the_system_needs_a_reason(world: World) -> None:
    with pytest.raises(ForecastInputError) as refused:
        submit(world.rep_a, DAY, "100", reason="  ")
    assert refused.value.field == "reason"
    same = submit(world.rep_a, DAY, "0", reason="")  # equals the system's commit (0)
    assert same.reason == ""
    with pytest.raises(ForecastInputError):
        submit(world.rep_a, DAY, "-5")


def test_snapshots_are_immutable_and_adjustments_never_change_them(world: World) -> None:
    row = submit(world.rep_a, DAY, "300000", "客户口头确认")
    before = model_to_dict(ForecastSubmission.objects.get(pk=row.pk))
    adjust(world.manager_south, row, DAY, "200000", "历史上偏乐观")
    adjust(world.manager_south, row, date(2026, 6, 11), "250000", "客户回款记录良好")
    assert model_to_dict(ForecastSubmission.objects.get(pk=row.pk)) == before
    fresh = ForecastSubmission.objects.get(pk=row.pk)
    assert effective_number(fresh) == Decimal("250000.00")
    assert fresh.adjustments.count() == 2
    # No update path: not through the row, not through a queryset, no deletes either.
    fresh.number = Decimal(1)
    with pytest.raises(ImmutableError):
        fresh.save()
    with pytest.raises(ImmutableError):
        ForecastSubmission.objects.filter(pk=row.pk).update(number=1)
    with pytest.raises(ImmutableError):
        ForecastSubmission.objects.filter(pk=row.pk).delete()
    with pytest.raises(ImmutableError):
        fresh.delete()
    adjustment = ManagerAdjustment.objects.order_by("pk").first()
    assert adjustment is not None
    adjustment.reason = "改写"
    with pytest.raises(ImmutableError):
        adjustment.save()
    with pytest.raises(ImmutableError):
        ManagerAdjustment.objects.all().update(reason="改写")
    assert model_to_dict(ForecastSubmission.objects.get(pk=row.pk)) == before


def test_who_may_adjust(world: World) -> None:
    row = submit(world.rep_a, DAY, "300000", "原因")
    with pytest.raises(ForecastRefusedError):  # not the direct manager
        adjust(world.manager_east, row, DAY, "1", "不是我的下属")
    with pytest.raises(ForecastRefusedError):  # a peer
        adjust(world.rep_b, row, DAY, "1", "同事")
    with pytest.raises(ForecastRefusedError):  # oneself
        adjust(world.rep_a, row, DAY, "1", "自己")
    with pytest.raises(ForecastInputError):  # a reason is required
        adjust(world.manager_south, row, DAY, "1", " ")
    assert adjust(world.director, row, DAY, "280000", "总监判断").number == Decimal("280000.00")
    newer = submit(world.rep_a, date(2026, 6, 12), "320000", "新情况")
    with pytest.raises(ForecastRefusedError):  # only the latest submission of the cycle
        adjust(world.manager_south, row, date(2026, 6, 12), "1", "旧的")
    with pytest.raises(ForecastRefusedError):  # the cycle is over
        adjust(world.manager_south, newer, date(2026, 6, 22), "1", "太晚")
    system = system_snapshot_take(person=world.rep_b, today=DAY, at=moment(DAY))
    assert system is not None
    with pytest.raises(ForecastRefusedError):  # system snapshots are not adjusted
        adjust(world.manager_south, system, DAY, "1", "系统快照")


def test_system_snapshot_once_per_cycle_and_who_has_not_submitted(world: World) -> None:
    assert [p.name for p in participants(SYSTEM, DAY)] == sorted(
        p.name
        for p in (world.manager_south, world.manager_east, world.rep_a, world.rep_b, world.rep_c)
    )
    submit(world.rep_a, DAY, "1000", "原因")
    first = system_snapshot_take(person=world.rep_b, today=DAY, at=moment(DAY))
    assert first is not None
    assert first.source == SubmissionSource.SYSTEM
    assert system_snapshot_take(person=world.rep_b, today=DAY, at=moment(DAY, 11)) is None
    # A system snapshot is not a submission: rep_b still has to submit.
    south = actor_for_person(world.manager_south)
    assert {p.pk for p in missing_people(south, CYCLE_B, DAY)} == {
        world.manager_south.pk,
        world.rep_b.pk,
    }
    assert {p.pk for p in missing_people(SYSTEM, CYCLE_B, DAY)} == {
        world.manager_south.pk,
        world.manager_east.pk,
        world.rep_b.pk,
        world.rep_c.pk,
    }
    # Last cycle, nobody had submitted; someone who has left is not expected to.
    assert len(missing_people(SYSTEM, CYCLE_A, DAY)) == 5
    world.rep_c.active_to = DAY
    world.rep_c.save()
    assert world.rep_c.pk not in {p.pk for p in missing_people(SYSTEM, CYCLE_B, DAY)}
