"""What people do with alerts: acknowledge one, resolve one with a reason, read notifications.

Each write keeps who (person and login), when (the business day and the moment) and why. Who
may act is decided by the caller through ``pacer.alerts.selectors.alert_for`` (an alert
outside a person's scope is not found); the state rules are here.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from pacer.access import Actor
from pacer.alerts.models import Alert, AlertEvent, AlertStatus, EventKind, Notification
from pacer.org.display import when_label

NOTE_LIMIT = 1000


class AlertStateError(Exception):
    """The alert is not in a state that allows this (e.g. acknowledging a resolved alert)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _clean_note(note: str, *, required: bool) -> str:
    cleaned = (note or "").strip()
    if required and not cleaned:
        raise AlertStateError(gettext("请填写解除原因。"))
    if len(cleaned) > NOTE_LIMIT:
        raise AlertStateError(
            gettext("说明最多 %(limit)s 个字，当前 %(length)s 个。")
            % {"limit": NOTE_LIMIT, "length": len(cleaned)}
        )
    return cleaned


def _locked(alert: Alert) -> Alert:
    return Alert.objects.select_for_update().get(pk=alert.pk)


def _record(alert: Alert, kind: str, actor: Actor, note: str, today: date) -> AlertEvent:
    return AlertEvent.objects.create(
        alert=alert,
        kind=kind,
        actor_id=actor.person_id,
        user_id=actor.user_id,
        note=note,
        values=alert.values,
        signal_from=alert.signal,
        signal_to=alert.signal,
        on=today,
    )


def alert_acknowledge(*, alert: Alert, actor: Actor, note: str = "", today: date) -> Alert:
    """Mark an open alert as seen and being handled; it stays acknowledged unless it escalates."""
    cleaned = _clean_note(note, required=False)
    with transaction.atomic():
        current = _locked(alert)
        if current.status != AlertStatus.OPEN:
            raise AlertStateError(
                gettext("该预警当前状态为“%(status)s”，只有待处理的预警可以确认。")
                % {"status": current.get_status_display()}
            )
        current.status = AlertStatus.ACKNOWLEDGED
        current.save(update_fields=["status"])
        _record(current, EventKind.ACKNOWLEDGED, actor, cleaned, today)
    return current


def alert_resolve(*, alert: Alert, actor: Actor, note: str, today: date) -> Alert:
    """Close an alert by hand, with the reason.

    While its condition still holds it stays resolved; if the condition gets worse, the next
    evaluation opens it again.
    """
    cleaned = _clean_note(note, required=True)
    with transaction.atomic():
        current = _locked(alert)
        if current.status == AlertStatus.RESOLVED:
            raise AlertStateError(_already_resolved(current))
        current.status = AlertStatus.RESOLVED
        current.resolved_on = today
        current.resolved_at = timezone.now()
        current.save(update_fields=["status", "resolved_on", "resolved_at"])
        _record(current, EventKind.RESOLVED, actor, cleaned, today)
    return current


def _already_resolved(alert: Alert) -> str:
    """Why a second resolution is refused: who resolved the alert first, and when."""
    event = (
        alert.events.filter(kind=EventKind.RESOLVED)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    if event is None:
        return gettext("该预警已解除。")
    who = event.actor.name if event.actor is not None else gettext("系统")
    return gettext("该预警已解除（%(who)s，%(when)s）。") % {
        "who": who,
        "when": when_label(event.at),
    }


def notification_read(*, notification: Notification) -> Notification:
    """Mark one of a person's notifications as read (once; the first time is kept)."""
    with transaction.atomic():
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, person_id: int) -> int:
    """Mark all of a person's unread notifications as read; how many were unread."""
    with transaction.atomic():
        return Notification.objects.filter(person_id=person_id, read_at__isnull=True).update(
            read_at=timezone.now()
        )
