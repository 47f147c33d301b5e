"""Alerts in the action list and in reviews, read from the alerts app's own rows."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from pacer.access import actor_for_person
from pacer.org.models import Person
from pacer.reviews import alerts_bridge
from pacer.reviews.action_list import action_list
from pacer.reviews.services import review_generate
from tests.world import World


@pytest.fixture
def alert_model(world: World) -> Any:
    model = alerts_bridge.alert_model()
    if model is None:
        pytest.skip("the alerts app has no Alert table")
    return model


def _alert(model: Any, owner: Person, key: str, raised: date, **fields: Any) -> Any:
    return model.objects.create(
        key=key,
        rule="no_contact",
        signal=fields.pop("signal", "yellow"),
        subject="project",
        subject_id=1,
        subject_name="项目A",
        owner=owner,
        first_raised_on=raised,
        last_seen_on=raised,
        **fields,
    )


def test_open_alerts_to_clear_and_the_weeks_raised_and_cleared(
    world: World, alert_model: Any
) -> None:
    raised_in_week = _alert(alert_model, world.rep_a, "a:1", date(2026, 6, 9), signal="red")
    acknowledged = _alert(alert_model, world.rep_a, "a:2", date(2026, 6, 1), status="acknowledged")
    cleared = _alert(
        alert_model,
        world.rep_a,
        "a:3",
        date(2026, 6, 1),
        status="resolved",
        active=False,
        resolved_on=date(2026, 6, 12),
    )
    _alert(alert_model, world.rep_b, "b:1", date(2026, 6, 10))

    actions = action_list(actor_for_person(world.rep_a), world.rep_a.pk, today=date(2026, 6, 15))
    assert actions is not None
    assert actions.alerts is not None
    assert [a.id for a in actions.alerts] == [raised_in_week.pk, acknowledged.pk]
    assert actions.alerts[0].signal == "red"
    assert "项目A" in actions.alerts[0].text

    review = review_generate(kind="weekly", person=world.rep_a, period_start=date(2026, 6, 8))
    alerts = review.data["alerts"]
    assert (alerts["raised_count"], alerts["cleared_count"]) == (1, 1)
    assert alerts["raised"][0]["id"] == raised_in_week.pk
    assert alerts["cleared"][0]["id"] == cleared.pk
    assert alerts["cleared"][0]["cleared"] == "2026-06-12"

    team = review_generate(kind="weekly", team=world.south, period_start=date(2026, 6, 8))
    assert team.data["alerts"]["raised_count"] == 2  # rep_a's and rep_b's
