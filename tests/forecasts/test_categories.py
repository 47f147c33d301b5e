"""Forecast categories: stage defaults, who may change them (logged), org-tree roll-ups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404

from pacer import access
from pacer.access import actor_for_person
from pacer.crm.models import Project, Stage
from pacer.forecasts.categories import category_view
from pacer.forecasts.errors import ForecastInputError, ForecastRefusedError
from pacer.forecasts.models import CategoryChange
from pacer.forecasts.rollups import org_rollup, window_from
from pacer.forecasts.selectors import SYSTEM
from pacer.tracking.forecast import Category
from tests.forecasts.helpers import categorise, order
from tests.world import World

WINDOW = window_from(date(2026, 6, 15), 42)  # [06-15, 07-27)


def test_default_from_stage_and_logged_changes(world: World) -> None:
    project = world.projects["a"]
    assert category_view(project).category is Category.PIPELINE  # 方案 → 储备
    assert not category_view(project).chosen
    categorise(world.rep_a, project, "commit", "客户已口头确认")
    categorise(world.manager_south, project, "best_case", "还缺盖章")
    categorise(world.director, project, "best_case")  # the same: nothing to log
    changes = list(CategoryChange.objects.filter(project=project).order_by("pk"))
    assert [(c.before, c.after, c.reason, c.who) for c in changes] == [
        ("pipeline", "commit", "客户已口头确认", world.rep_a.user),
        ("commit", "best_case", "还缺盖章", world.manager_south.user),
    ]
    assert category_view(project).category is Category.BEST_CASE


def test_others_may_not_change_and_bad_values_are_refused(world: World) -> None:
    project = world.projects["a"]
    with pytest.raises(ForecastRefusedError):
        categorise(world.rep_b, project, "commit")
    with pytest.raises(ForecastRefusedError):
        categorise(world.manager_east, project, "commit")
    with pytest.raises(Http404):  # and rep_b cannot even find it
        access.project_for(actor_for_person(world.rep_b), project.pk)
    with pytest.raises(ForecastInputError):
        categorise(world.rep_a, project, "certain")
    Project.objects.filter(pk=project.pk).update(stage=Stage.WON)
    project.refresh_from_db()
    with pytest.raises(ForecastInputError):
        categorise(world.rep_a, project, "commit")
    assert not CategoryChange.objects.exists()


def _pipeline(world: World) -> None:
    for key, day in (("a", date(2026, 7, 1)), ("b", date(2026, 6, 20)), ("c", date(2026, 7, 26))):
        Project.objects.filter(pk=world.projects[key].pk).update(expected_sign_date=day)
    categorise(world.rep_a, world.projects["a"], "commit")
    categorise(world.rep_b, world.projects["b"], "best_case")
    Project.objects.create(
        name="经理自己的",
        owner=world.manager_south,
        amount=Decimal(100000),
        stage=Stage.NEGOTIATION,
        expected_sign_date=date(2026, 7, 2),
    )
    Project.objects.create(
        name="线索",
        owner=world.rep_a,
        amount=Decimal(999999),
        stage=Stage.LEAD,
        expected_sign_date=date(2026, 7, 2),  # omitted by default
    )
    order(world.rep_a, date(2026, 6, 15), "40000")
    order(world.rep_a, date(2026, 6, 16), "70000")  # dated after the day: not signed yet


def test_rollups_are_cumulative_along_the_org_tree(world: World) -> None:
    _pipeline(world)
    rollup = org_rollup(SYSTEM, WINDOW, as_of=date(2026, 6, 15))
    people = {row.label: row for row in rollup.people}
    rep_a = people[world.rep_a.name]
    # rep_a: closed 40,000 + commit 500,000; no best case; no pipeline.
    assert (rep_a.total.closed, rep_a.total.commit, rep_a.total.best_case) == (
        Decimal("40000.00"),
        Decimal("540000.00"),
        Decimal("540000.00"),
    )
    south = people[world.manager_south.name]
    # manager_south with rep_a and rep_b: commit 540,000; best case + 500,000 (rep_b)
    # + 100,000 (his own negotiation) = 1,140,000; his own alone: best case 100,000.
    assert (south.total.commit, south.total.best_case) == (
        Decimal("540000.00"),
        Decimal("1140000.00"),
    )
    assert south.own is not None
    assert south.own.best_case == Decimal("100000.00")
    assert south.depth == 1
    assert rep_a.depth == 2
    director = people[world.director.name]
    # + rep_c's 方案 (pipeline) of 500,000 under manager_east.
    assert director.total.pipeline == Decimal("1640000.00")
    assert rollup.company is not None
    assert rollup.company.total == director.total
    teams = {row.label: row for row in rollup.teams}
    assert teams[world.south.name].total.best_case == Decimal("1140000.00")
    assert teams[world.root.name].total.pipeline == Decimal("1640000.00")


def test_a_manager_sees_only_his_line(world: World) -> None:
    _pipeline(world)
    rollup = org_rollup(actor_for_person(world.manager_south), WINDOW, as_of=date(2026, 6, 15))
    assert rollup.company is None
    assert {row.label for row in rollup.people} == {
        world.manager_south.name,
        world.rep_a.name,
        world.rep_b.name,
    }
    assert [row.label for row in rollup.teams] == [world.south.name]
    rep = org_rollup(actor_for_person(world.rep_b), WINDOW, as_of=date(2026, 6, 15))
    assert [row.label for row in rep.people] == [world.rep_b.name]
