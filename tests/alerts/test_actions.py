"""Acknowledging and resolving keep who, when and why; the state rules hold."""

from __future__ import annotations

import pytest

from pacer.access import actor_for, actor_for_person
from pacer.alerts.engine import alerts_run
from pacer.alerts.models import Alert, Notification
from pacer.alerts.services import (
    AlertStateError,
    alert_acknowledge,
    alert_resolve,
    notification_read,
    notifications_read_all,
)
from tests.alerts.conftest import TODAY, days_ago
from tests.world import World


@pytest.fixture
def alert(calm: World) -> Alert:
    project = calm.projects["a"]
    project.last_contact_date = days_ago(9)
    project.save()
    alerts_run(as_of=TODAY)
    return Alert.objects.get()


def test_acknowledge_keeps_who_when_and_note(calm: World, alert: Alert) -> None:
    actor = actor_for_person(calm.rep_a, user_id=calm.rep_a.user_id)
    alert_acknowledge(alert=alert, actor=actor, note="  周三上门拜访  ", today=TODAY)
    alert.refresh_from_db()
    assert alert.status == "acknowledged"
    event = alert.events.get(kind="acknowledged")
    assert event.actor == calm.rep_a
    assert event.user == calm.rep_a.user
    assert event.note == "周三上门拜访"
    assert event.on == TODAY
    assert event.at is not None
    assert (event.signal_from, event.signal_to) == ("yellow", "yellow")


def test_resolve_keeps_who_when_and_note(calm: World, alert: Alert) -> None:
    actor = actor_for_person(calm.manager_south, user_id=calm.manager_south.user_id)
    alert_resolve(alert=alert, actor=actor, note="项目已暂停，客户年底再议", today=TODAY)
    alert.refresh_from_db()
    assert (alert.status, alert.resolved_on) == ("resolved", TODAY)
    assert alert.resolved_at is not None
    event = alert.events.get(kind="resolved")
    assert (event.actor, event.note, event.on) == (
        calm.manager_south,
        "项目已暂停，客户年底再议",
        TODAY,
    )


def test_a_personless_admin_is_recorded_by_login(calm: World, alert: Alert) -> None:
    from django.contrib.auth.models import User

    root = User.objects.create_superuser("root", password="x")
    alert_acknowledge(alert=alert, actor=actor_for(root), today=TODAY)
    event = alert.events.get(kind="acknowledged")
    assert (event.actor, event.user) == (None, root)


def test_state_rules(calm: World, alert: Alert) -> None:
    actor = actor_for_person(calm.rep_a)
    with pytest.raises(AlertStateError, match="解除原因"):
        alert_resolve(alert=alert, actor=actor, note="   ", today=TODAY)
    with pytest.raises(AlertStateError, match="1000"):
        alert_acknowledge(alert=alert, actor=actor, note="长" * 1001, today=TODAY)
    alert_acknowledge(alert=alert, actor=actor, today=TODAY)
    with pytest.raises(AlertStateError, match="已确认"):
        alert_acknowledge(alert=alert, actor=actor, today=TODAY)
    alert_resolve(alert=alert, actor=actor, note="处理完毕", today=TODAY)
    with pytest.raises(AlertStateError, match="已解除"):
        alert_resolve(alert=alert, actor=actor, note="再次", today=TODAY)
    with pytest.raises(AlertStateError):
        alert_acknowledge(alert=alert, actor=actor, today=TODAY)
    assert list(alert.events.values_list("kind", flat=True).order_by("pk")) == [
        "raised",
        "acknowledged",
        "resolved",
    ]


def test_reading_notifications(calm: World, alert: Alert) -> None:
    mine = Notification.objects.get(person=calm.rep_a)
    notification_read(notification=mine)
    first = mine.read_at
    assert first is not None
    notification_read(notification=mine)
    mine.refresh_from_db()
    assert mine.read_at == first
    assert notifications_read_all(person_id=calm.manager_south.pk) == 1
    assert notifications_read_all(person_id=calm.manager_south.pk) == 0
