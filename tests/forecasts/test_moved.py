"""Why the number moved between two snapshots of one person (core why_moved)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pacer.crm.models import Project, Stage
from pacer.forecasts.errors import ForecastInputError
from pacer.forecasts.moved import moved_between, moved_json
from tests.forecasts.helpers import submit
from tests.world import World


def project(
    world: World, name: str, amount: int, day: date, stage: str = Stage.PROPOSAL
) -> Project:
    return Project.objects.create(
        name=name, owner=world.rep_a, amount=Decimal(amount), stage=stage, expected_sign_date=day
    )


def test_each_project_gets_its_movement(world: World) -> None:
    slips = project(world, "推迟", 100000, date(2026, 7, 1))
    grows = project(world, "加量", 200000, date(2026, 7, 2))
    wins = project(world, "签了", 300000, date(2026, 7, 3))
    loses = project(world, "丢了", 400000, date(2026, 7, 4))
    late = project(world, "提前", 50000, date(2026, 9, 1))
    first = submit(world.rep_a, date(2026, 6, 9), "1000", "第一次")
    Project.objects.filter(pk=slips.pk).update(expected_sign_date=date(2026, 9, 1))
    Project.objects.filter(pk=grows.pk).update(amount=Decimal(250000))
    Project.objects.filter(pk=wins.pk).update(stage=Stage.WON, closed_date=date(2026, 6, 11))
    Project.objects.filter(pk=loses.pk).update(stage=Stage.LOST, closed_date=date(2026, 6, 11))
    Project.objects.filter(pk=late.pk).update(expected_sign_date=date(2026, 7, 10))
    fresh = project(world, "新的", 70000, date(2026, 7, 5))
    second = submit(world.rep_a, date(2026, 6, 12), "2000", "第二次")
    report = moved_between(second, first)  # either order: earlier → later
    moves = {m.project_id: (m.movement.value, m.change) for m in report.moves}
    assert moves == {
        slips.pk: ("slipped", Decimal(-100000)),
        grows.pk: ("amount_changed", Decimal(50000)),
        wins.pk: ("won", Decimal(0)),
        loses.pk: ("lost", Decimal(-400000)),
        late.pk: ("pulled_in", Decimal(50000)),
        fresh.pk: ("new", Decimal(70000)),
    }
    assert report.total_change == Decimal(-330000)
    summary = {code: (count, change) for code, _label, count, change in report.by_movement()}
    assert summary["lost"] == (1, Decimal(-400000))
    assert moved_json(report)["total_change"] == "-330000.0000"


def test_only_one_persons_snapshots_compare(world: World) -> None:
    mine = submit(world.rep_a, date(2026, 6, 9), "1", "a")
    theirs = submit(world.rep_b, date(2026, 6, 9), "1", "b")
    with pytest.raises(ForecastInputError):
        moved_between(mine, theirs)
