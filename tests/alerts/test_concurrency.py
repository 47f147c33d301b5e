"""Two people acting on one alert at once: it changes state once, and the second is told why."""

from __future__ import annotations

import pytest

from pacer.access import actor_for_person
from pacer.alerts.engine import alerts_run
from pacer.alerts.models import Alert, AlertStatus
from pacer.alerts.services import AlertStateError, alert_acknowledge, alert_resolve
from pacer.crm.models import Project
from tests.alerts.conftest import TODAY, days_ago, quiet
from tests.plans.test_concurrency import postgres_only, race
from tests.world import World, build_world


def _raise_one(world: World) -> Alert:
    quiet(world)
    Project.objects.filter(pk=world.projects["a"].pk).update(last_contact_date=days_ago(9))
    alerts_run(as_of=TODAY)
    return Alert.objects.get()


def test_a_second_resolution_names_who_resolved_it_first(world: World) -> None:
    alert = _raise_one(world)
    alert_resolve(
        alert=alert, actor=actor_for_person(world.manager_south), note="已联系", today=TODAY
    )
    with pytest.raises(AlertStateError, match="已解除（李经理"):
        alert_resolve(
            alert=alert, actor=actor_for_person(world.rep_a), note="我也联系了", today=TODAY
        )
    assert alert.events.filter(kind="resolved").count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("action", ["acknowledge", "resolve"])
def test_two_people_acting_at_once_change_the_alert_once(action: str) -> None:
    world = build_world()
    alert = _raise_one(world)

    def act(person_key: str) -> object:
        person = getattr(world, person_key)
        fresh = Alert.objects.get(pk=alert.pk)
        if action == "acknowledge":
            return alert_acknowledge(alert=fresh, actor=actor_for_person(person), today=TODAY)
        return alert_resolve(alert=fresh, actor=actor_for_person(person), note="处理", today=TODAY)

    results = race(lambda: act("manager_south"), lambda: act("rep_a"))

    assert sum(isinstance(r, Alert) for r in results) == 1, results
    assert sum(isinstance(r, AlertStateError) for r in results) == 1, results
    status, kind = (
        (AlertStatus.ACKNOWLEDGED, "acknowledged")
        if action == "acknowledge"
        else (AlertStatus.RESOLVED, "resolved")
    )
    assert Alert.objects.get(pk=alert.pk).status == status
    assert alert.events.filter(kind=kind).count() == 1
