"""The action list of the week on hand-made data (today Wednesday 2026-06-17, week 06-15 to
06-21): exactly the milestones due or overdue, the tier touches due, the month's funnel counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from pacer.access import actor_for_person
from pacer.reviews.action_list import action_list, home_actions
from pacer.web import clock
from tests.reviews.action_world import TODAY, Setup, build
from tests.world import PASSWORD, World


@pytest.fixture
def setup(world: World) -> Setup:
    return build(world)


def test_rep_action_list_has_exactly_what_is_due(world: World, setup: Setup) -> None:
    actions = action_list(actor_for_person(world.rep_a), world.rep_a.pk, today=TODAY)
    assert actions is not None
    assert (actions.week.start, actions.last_day) == (date(2026, 6, 15), date(2026, 6, 21))

    ms = setup.milestones
    listed = [(m.milestone.pk, m.overdue, m.days_overdue) for m in actions.milestones]
    assert listed == [
        (ms["last_week"].pk, True, 7),
        (ms["tomorrow_yesterday"].pk, True, 1),
        (ms["assigned"].pk, False, 0),
        (ms["friday"].pk, False, 0),
    ]

    cs = setup.customers
    touches = [(t.customer.pk, t.tier, t.rule, t.due, t.overdue) for t in actions.touches]
    assert touches == [
        (cs["old_big"].pk, "C", "online_touch", None, True),
        (cs["a_tier"].pk, "A", "visit", date(2026, 6, 9), True),
        (cs["b_tier"].pk, "B", "follow_up", date(2026, 6, 19), False),
    ]

    funnel = [
        (f.stage, f.status.action.count, f.status.done, f.status.remaining, f.this_week)
        for f in actions.funnel
    ]
    # leads since 05-20 up to today: 05-25 and 06-10 (06-18 is after today)
    assert funnel == [("lead", 3, 2, 1, True), ("proposal", 2, 1, 1, False)]
    assert (actions.funnel_planned, actions.funnel_done, actions.funnel_remaining) == (5, 3, 2)


def test_a_rep_sees_no_one_elses_list(world: World, setup: Setup) -> None:
    rep = actor_for_person(world.rep_a)
    assert action_list(rep, world.rep_b.pk, today=TODAY) is None
    home = home_actions(rep, today=TODAY)
    assert home.team == []
    assert home.own is not None
    assert home.own.person_id == world.rep_a.pk


def test_manager_sees_the_team_totals(world: World, setup: Setup) -> None:
    home = home_actions(actor_for_person(world.manager_south), today=TODAY)
    names = [row.person.name for row in home.team]
    assert names[0] == world.manager_south.name
    assert set(names) == {world.manager_south.name, world.rep_a.name, world.rep_b.name}
    assert home.totals is not None
    rep_b = next(row.actions for row in home.team if row.person.pk == world.rep_b.pk)
    assert [m.milestone.name for m in rep_b.milestones] == ["协助演示", "别人的节点"]
    assert home.totals.milestones == 4 + 2
    assert home.totals.funnel_planned == 5 + 6


def test_home_page_shows_the_action_list(
    world: World, setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    client = Client()
    client.login(username="rep_a", password=PASSWORD)
    page = client.get("/").content.decode()
    assert 'id="action-list"' in page
    assert "2026-06-15 至 2026-06-21" in page
    for m in ("样机测试", "签约", "需求确认", "协助演示"):
        assert m in page
    for m in ("交付", "丢单项目节点", "别人的节点"):
        assert m not in page
    assert 'data-customer="{}" data-rule="visit"'.format(setup.customers["a_tier"].pk) in page
    assert 'id="team-actions"' not in page

    manager = Client()
    manager.login(username="manager_south", password=PASSWORD)
    team_page = manager.get("/").content.decode()
    assert 'id="team-actions"' in team_page
    assert f'data-person="{world.rep_b.pk}"' in team_page
    assert f'data-person="{world.rep_c.pk}"' not in team_page
