"""Reading alerts for a person: their scope, filters, counts, history, notifications, JSON.

An alert belongs to its owner: a rep sees their own, a manager those of the people in their
scope, a director all (``pacer.access``: the owner must be in ``actor.people``). An alert
outside the scope is *not found*.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from pacer import access
from pacer.access import Actor
from pacer.alerts.models import (
    Alert,
    AlertEvent,
    AlertRule,
    AlertSignal,
    AlertStatus,
    EventKind,
    Notification,
)
from pacer.alerts.texts import alert_sentence
from pacer.org.models import Person

# The status filter: "live" (open or acknowledged) unless asked otherwise.
LIVE = "live"
ALL = "all"
STATUS_FILTERS = (LIVE, *AlertStatus.values, ALL)


def alerts_for(actor: Actor) -> QuerySet[Alert]:
    alerts = Alert.objects.all()
    if actor.people is None:
        return alerts
    return alerts.filter(owner_id__in=actor.people)


def alert_for(actor: Actor, pk: object) -> Alert:
    return access.get_visible(alerts_for(actor).select_related("owner"), pk)


@dataclass(frozen=True)
class AlertFilters:
    """Empty values do not filter; ``status`` is one of ``STATUS_FILTERS``."""

    status: str = LIVE
    signal: str = ""
    rule: str = ""
    owner_id: int | None = None
    subject: str = ""
    project_id: int | None = None
    customer_id: int | None = None


def with_status(alerts: QuerySet[Alert], status: str) -> QuerySet[Alert]:
    if status == LIVE:
        return alerts.exclude(status=AlertStatus.RESOLVED)
    if status == ALL:
        return alerts
    return alerts.filter(status=status)


def filter_alerts(alerts: QuerySet[Alert], filters: AlertFilters) -> QuerySet[Alert]:
    alerts = with_status(alerts, filters.status)
    exact: dict[str, Any] = {
        "signal": filters.signal,
        "rule": filters.rule,
        "owner_id": filters.owner_id,
        "subject": filters.subject,
        "project_id": filters.project_id,
        "customer_id": filters.customer_id,
    }
    wanted = {name: value for name, value in exact.items() if value not in {"", None}}
    return alerts.filter(**wanted) if wanted else alerts


def ordered(alerts: QuerySet[Alert]) -> QuerySet[Alert]:
    """Red before yellow ("red" sorts before "yellow"), then the longest-standing first."""
    return alerts.select_related("owner", "project", "customer").order_by(
        "signal", "first_raised_on", "pk"
    )


@dataclass(frozen=True)
class BoardCounts:
    """Live alerts in scope: how many of each signal and of each rule (every rule listed)."""

    total: int
    by_signal: dict[str, int]
    by_rule: list[tuple[str, str, int]]  # (rule, label, count)


def board_counts(actor: Actor) -> BoardCounts:
    live = with_status(alerts_for(actor), LIVE)
    by_signal = dict.fromkeys(AlertSignal.values, 0)
    rules: Counter[str] = Counter()
    for signal, rule, count in (
        live.values("signal", "rule").annotate(n=Count("pk")).values_list("signal", "rule", "n")
    ):
        by_signal[signal] = by_signal.get(signal, 0) + count
        rules[rule] += count
    return BoardCounts(
        total=sum(by_signal.values()),
        by_signal=by_signal,
        by_rule=[(rule.value, str(rule.label), rules[rule.value]) for rule in AlertRule],
    )


def owners_in_scope(actor: Actor) -> QuerySet[Person]:
    """The people who own an alert the actor sees (for the owner filter)."""
    owner_ids = alerts_for(actor).exclude(owner__isnull=True).values("owner_id")
    return access.people_for(actor).filter(pk__in=owner_ids).order_by("name", "pk")


def history(alert: Alert) -> list[AlertEvent]:
    return list(alert.events.select_related("actor", "user").order_by("at", "pk"))


def notifications_for(actor: Actor) -> QuerySet[Notification]:
    """The actor's own in-app notifications, newest first (none for a login without a person)."""
    if actor.person_id is None:
        return Notification.objects.none()
    return (
        Notification.objects.filter(person_id=actor.person_id)
        .select_related("alert", "alert__owner", "event")
        .order_by("-created_at", "-pk")
    )


def notification_for(actor: Actor, pk: object) -> Notification:
    """One of the actor's own notifications, or ``Http404``."""
    return access.get_visible(notifications_for(actor), pk)


def unread_count(actor: Actor) -> int:
    return notifications_for(actor).filter(read_at__isnull=True).count()


# -- a day in the past ---------------------------------------------------------------------------

# How each event leaves the status of its alert.
STATUS_AFTER = {
    EventKind.RAISED: AlertStatus.OPEN,
    EventKind.ESCALATED: AlertStatus.OPEN,
    EventKind.REOPENED: AlertStatus.OPEN,
    EventKind.ACKNOWLEDGED: AlertStatus.ACKNOWLEDGED,
    EventKind.RESOLVED: AlertStatus.RESOLVED,
}


@dataclass(frozen=True)
class AlertState:
    """An alert's status and signal at the end of a day, rebuilt from its history."""

    alert: Alert
    status: str
    signal: str


def state_on(alert: Alert, events: list[AlertEvent], day: date) -> AlertState | None:
    """The alert as it stood at the end of ``day``; ``None`` if it was not raised yet."""
    status = signal = ""
    for event in events:
        if event.on > day:
            break
        status = STATUS_AFTER.get(EventKind(event.kind), status)
        signal = event.signal_to or signal
    if not status:
        return None
    return AlertState(alert, status, signal or alert.signal)


def states_on(alerts: QuerySet[Alert], day: date) -> list[AlertState]:
    """Every alert raised by ``day``, with the status and signal it had that day."""
    events = Prefetch("events", queryset=AlertEvent.objects.order_by("on", "at", "pk"))
    states = []
    for alert in alerts.filter(first_raised_on__lte=day).prefetch_related(events):
        state = state_on(alert, list(alert.events.all()), day)
        if state is not None:
            states.append(state)
    return states


def alert_json(
    alert: Alert, *, status: str | None = None, signal: str | None = None
) -> dict[str, Any]:
    """One alert as ``pacer alerts list --format json`` prints it (see docs/alerts.md)."""
    return {
        "id": alert.pk,
        "key": alert.key,
        "rule": alert.rule,
        "rule_label": str(alert.get_rule_display()),
        "signal": signal or alert.signal,
        "status": status or alert.status,
        "subject": alert.subject,
        "subject_id": alert.subject_id,
        "subject_name": alert.subject_name,
        "project_id": alert.project_id,
        "customer_id": alert.customer_id,
        "milestone_id": alert.milestone_id,
        "owner": {"id": alert.owner.pk, "name": alert.owner.name} if alert.owner else None,
        "values": alert.values,
        "message": alert_sentence(alert),
        "first_raised_on": alert.first_raised_on.isoformat(),
        "last_seen_on": alert.last_seen_on.isoformat(),
        "resolved_on": alert.resolved_on.isoformat() if alert.resolved_on else None,
    }
