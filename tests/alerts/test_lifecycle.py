"""Stored alerts over repeated runs: no duplicates, escalation, resolution, re-opening."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pacer.access import actor_for_person
from pacer.alerts.engine import alerts_run
from pacer.alerts.models import Alert, AlertEvent, Notification
from pacer.alerts.services import alert_acknowledge, alert_resolve
from pacer.crm.models import Activity, ActivityKind, Project
from tests.alerts.conftest import TODAY, days_ago, tables
from tests.world import World


def _idle(world: World, key: str, days: int) -> Project:
    project = world.projects[key]
    project.last_contact_date = days_ago(days)
    project.save()
    return project


def _kinds(alert: Alert) -> list[str]:
    return list(alert.events.order_by("at", "pk").values_list("kind", flat=True))


def test_running_again_on_the_same_day_changes_nothing(calm: World) -> None:
    _idle(calm, "a", 9)
    _idle(calm, "c", 20)
    calm.projects["b"].competitor_present = True
    calm.projects["b"].save()
    first = alerts_run(as_of=TODAY)
    assert (first.raised, first.live) == (3, 3)
    before = tables()
    again = alerts_run(as_of=TODAY)
    assert again.as_dict() == {**first.as_dict(), "raised": 0}
    assert tables() == before


def test_the_same_condition_on_later_days_stays_one_alert(calm: World) -> None:
    _idle(calm, "a", 8)
    for offset in range(5):
        alerts_run(as_of=TODAY + timedelta(days=offset))
    alert = Alert.objects.get()
    assert alert.first_raised_on == TODAY
    assert alert.last_seen_on == TODAY + timedelta(days=4)
    assert alert.values["days"] == 12
    assert _kinds(alert) == ["raised"]
    # The owner and their manager were told once.
    assert Notification.objects.count() == 2


def test_escalation_yellow_to_red_is_one_event_and_one_new_notification_each(
    calm: World,
) -> None:
    _idle(calm, "a", 10)
    alerts_run(as_of=TODAY)
    alert = Alert.objects.get()
    assert alert.signal == "yellow"
    recipients = sorted(Notification.objects.values_list("person__name", flat=True))
    assert recipients == sorted([calm.rep_a.name, calm.manager_south.name])

    summary = alerts_run(as_of=TODAY + timedelta(days=5))  # 15 days without contact
    assert summary.escalated == 1
    alerts_run(as_of=TODAY + timedelta(days=5))
    alerts_run(as_of=TODAY + timedelta(days=6))
    alert.refresh_from_db()
    assert alert.signal == "red"
    assert Alert.objects.count() == 1
    assert _kinds(alert) == ["raised", "escalated"]
    escalated = alert.events.get(kind="escalated")
    assert (escalated.signal_from, escalated.signal_to) == ("yellow", "red")
    assert escalated.on == TODAY + timedelta(days=5)
    for person in (calm.rep_a, calm.manager_south):
        assert Notification.objects.filter(person=person, event=escalated).count() == 1
        assert Notification.objects.filter(person=person).count() == 2


def test_a_cleared_condition_resolves_the_alert(calm: World) -> None:
    project = _idle(calm, "b", 12)
    alerts_run(as_of=TODAY)
    Activity.objects.create(kind=ActivityKind.VISIT, date=TODAY, person=calm.rep_b, project=project)
    summary = alerts_run(as_of=TODAY + timedelta(days=1))
    assert summary.resolved == 1
    alert = Alert.objects.get()
    assert alert.status == "resolved"
    assert alert.resolved_on == TODAY + timedelta(days=1)
    assert not alert.active
    resolved = alert.events.get(kind="resolved")
    assert resolved.actor is None
    assert resolved.user is None
    # A resolution tells nobody.
    assert Notification.objects.count() == 2


def test_a_recurrence_after_it_cleared_is_a_new_alert(calm: World) -> None:
    project = _idle(calm, "a", 8)
    alerts_run(as_of=TODAY)
    project.last_contact_date = TODAY
    project.save()
    alerts_run(as_of=TODAY)
    alerts_run(as_of=TODAY + timedelta(days=9))
    first, second = Alert.objects.filter(project=project).order_by("pk")
    assert (first.status, second.status) == ("resolved", "open")
    assert first.key == second.key
    assert second.first_raised_on == TODAY + timedelta(days=9)


def test_an_acknowledged_alert_stays_acknowledged_unless_it_escalates(calm: World) -> None:
    _idle(calm, "a", 8)
    alerts_run(as_of=TODAY)
    alert = Alert.objects.get()
    alert_acknowledge(alert=alert, actor=actor_for_person(calm.rep_a), note="本周拜访", today=TODAY)
    alerts_run(as_of=TODAY + timedelta(days=1))
    alert.refresh_from_db()
    assert alert.status == "acknowledged"
    alerts_run(as_of=TODAY + timedelta(days=7))  # 15 days: red
    alert.refresh_from_db()
    assert (alert.status, alert.signal) == ("open", "red")
    assert _kinds(alert) == ["raised", "acknowledged", "escalated"]


def test_a_person_resolution_holds_until_the_condition_worsens(calm: World) -> None:
    _idle(calm, "a", 8)
    alerts_run(as_of=TODAY)
    alert = Alert.objects.get()
    alert_resolve(
        alert=alert,
        actor=actor_for_person(calm.manager_south),
        note="客户出差，下周见",
        today=TODAY,
    )
    before = Notification.objects.count()
    alerts_run(as_of=TODAY + timedelta(days=2))
    alert.refresh_from_db()
    assert alert.status == "resolved"
    assert Alert.objects.count() == 1
    summary = alerts_run(as_of=TODAY + timedelta(days=7))
    assert summary.reopened == 1
    alert.refresh_from_db()
    assert (alert.status, alert.signal, alert.resolved_on) == ("open", "red", None)
    assert _kinds(alert) == ["raised", "resolved", "reopened"]
    assert Notification.objects.count() == before + 2


def test_a_person_resolution_whose_condition_clears_stops_standing(calm: World) -> None:
    project = _idle(calm, "a", 8)
    alerts_run(as_of=TODAY)
    alert = Alert.objects.get()
    alert_resolve(alert=alert, actor=actor_for_person(calm.rep_a), note="已电话沟通", today=TODAY)
    project.last_contact_date = TODAY
    project.save()
    alerts_run(as_of=TODAY + timedelta(days=1))
    alert.refresh_from_db()
    assert not alert.active
    assert _kinds(alert) == ["raised", "resolved"]
    alerts_run(as_of=TODAY + timedelta(days=9))
    mine = Alert.objects.filter(project=project)
    assert list(mine.order_by("pk").values_list("status", flat=True)) == ["resolved", "open"]


def test_red_easing_to_yellow_is_recorded_without_telling_anyone(calm: World) -> None:
    project = _idle(calm, "a", 20)
    alerts_run(as_of=TODAY)
    project.last_contact_date = days_ago(10)
    project.save()
    summary = alerts_run(as_of=TODAY)
    assert summary.eased == 1
    alert = Alert.objects.get()
    assert alert.signal == "yellow"
    assert _kinds(alert) == ["raised", "eased"]
    assert Notification.objects.count() == 2


def test_an_alert_follows_its_owner(calm: World) -> None:
    project = _idle(calm, "a", 9)
    alerts_run(as_of=TODAY)
    project.owner = calm.rep_c
    project.save()
    alerts_run(as_of=TODAY)
    alert = Alert.objects.get()
    assert alert.owner == calm.rep_c
    assert _kinds(alert) == ["raised"]


def test_a_rep_without_manager_alone_is_told(calm: World) -> None:
    calm.rep_c.manager = None
    calm.rep_c.save()
    _idle(calm, "c", 9)
    alerts_run(as_of=TODAY)
    assert list(Notification.objects.values_list("person", flat=True)) == [calm.rep_c.pk]


@pytest.mark.django_db(transaction=False)
def test_saving_a_project_evaluates_it_after_commit(
    calm: World, today: object, django_capture_on_commit_callbacks: object
) -> None:
    project = calm.projects["a"]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        project.budget_cancelled = True
        project.save()
    assert dict(Alert.objects.values_list("key", "signal")) == {
        f"budget_cancelled:project:{project.pk}": "red"
    }
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        project.budget_cancelled = False
        project.save()
    assert Alert.objects.get().status == "resolved"


def test_saving_an_activity_or_a_milestone_evaluates_them(
    calm: World, today: object, django_capture_on_commit_callbacks: object
) -> None:
    from pacer.crm.models import Milestone

    project = calm.projects["b"]
    Project.objects.filter(pk=project.pk).update(last_contact_date=days_ago(20))
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        milestone = Milestone.objects.create(project=project, name="签约", due_date=days_ago(2))
    assert set(Alert.objects.values_list("key", flat=True)) == {
        f"milestone_overdue:milestone:{milestone.pk}",
        f"no_contact:project:{project.pk}",
    }
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        Activity.objects.create(
            kind=ActivityKind.CALL, date=TODAY, person=calm.rep_b, project=project
        )
        milestone.done_date = TODAY
        milestone.save()
    assert set(Alert.objects.filter(status="open").values_list("key", flat=True)) == set()
    assert AlertEvent.objects.filter(kind="resolved").count() == 2


def test_saves_inside_a_rolled_back_transaction_evaluate_nothing(
    calm: World, today: object, django_capture_on_commit_callbacks: object
) -> None:
    from django.db import transaction

    project = calm.projects["a"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # type: ignore[operator]
        try:
            with transaction.atomic():
                project.customer_gave_up = True
                project.save()
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Alert.objects.exists()
