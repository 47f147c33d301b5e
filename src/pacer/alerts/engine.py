"""Evaluate the alert rules and bring the stored alerts in line with what they find.

- ``alerts_run(as_of=…)``: every open project, overdue milestone and watched customer (for cron
  and ``pacer alerts run``); then the pending notifications are sent.
- ``alerts_refresh(as_of=…, projects=…, milestones=…, customers=…)``: only those subjects, after
  one of them changed.

Both write in one transaction: a new condition raises an alert (and tells its owner and their
manager), a worse one escalates it, a cleared one resolves it; the steps themselves are decided
by ``pacer.tracking.alert_lifecycle``. Evaluating again on the same day changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pacer.alerts import deliveries
from pacer.alerts.models import (
    Alert,
    AlertEvent,
    AlertStatus,
    AlertSubject,
    EventKind,
)
from pacer.alerts.notify import announce
from pacer.alerts.rule_settings import AlertRuleSettings
from pacer.alerts.snapshots import (
    SubjectInfo,
    Subjects,
    customer_snapshots,
    milestone_snapshots,
    project_snapshots,
)
from pacer.tracking import alerts as rules_engine
from pacer.tracking.alert_columns import ProjectColumns
from pacer.tracking.alert_lifecycle import Change, Standing, Status, Step, plan_changes
from pacer.tracking.alerts import Signal


@dataclass
class RunSummary:
    """What one evaluation did: counts of alerts by step, and of messages sent or failed."""

    as_of: date
    raised: int = 0
    escalated: int = 0
    eased: int = 0
    reopened: int = 0
    resolved: int = 0
    live: int = 0
    deliveries_sent: int = 0
    deliveries_failed: int = 0
    delivery_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "raised": self.raised,
            "escalated": self.escalated,
            "eased": self.eased,
            "reopened": self.reopened,
            "resolved": self.resolved,
            "live": self.live,
            "deliveries_sent": self.deliveries_sent,
            "deliveries_failed": self.deliveries_failed,
        }


@dataclass(frozen=True)
class Scope:
    """The subjects evaluated; ``None`` means every subject of that kind."""

    projects: Collection[int] | None = None
    milestones: Collection[int] | None = None
    customers: Collection[int] | None = None

    @property
    def is_everything(self) -> bool:
        return self.projects is None and self.milestones is None and self.customers is None

    def standing(self) -> Q:
        """The stored alerts that belong to these subjects."""
        if self.is_everything:
            return Q()
        condition = Q(pk__in=[])
        for subject, ids in (
            (AlertSubject.PROJECT, self.projects),
            (AlertSubject.MILESTONE, self.milestones),
            (AlertSubject.CUSTOMER, self.customers),
        ):
            if ids:
                condition |= Q(subject=subject, subject_id__in=list(ids))
        return condition


def alerts_run(*, as_of: date) -> RunSummary:
    """Evaluate every subject on ``as_of``, then send what is waiting to be sent."""
    summary = _evaluate_and_store(as_of=as_of, scope=Scope())
    result = deliveries.deliveries_send()
    summary.deliveries_sent, summary.deliveries_failed = result.sent, result.failed
    return summary


def alerts_refresh(
    *,
    as_of: date,
    projects: Collection[int] = (),
    milestones: Collection[int] = (),
    customers: Collection[int] = (),
) -> RunSummary:
    """Evaluate only these subjects (after they changed) and send their new messages."""
    scope = Scope(projects=set(projects), milestones=set(milestones), customers=set(customers))
    if not (scope.projects or scope.milestones or scope.customers):
        return RunSummary(as_of=as_of)
    summary = _evaluate_and_store(as_of=as_of, scope=scope)
    if summary.delivery_ids:
        result = deliveries.deliveries_send(ids=summary.delivery_ids)
        summary.deliveries_sent, summary.deliveries_failed = result.sent, result.failed
    return summary


def _evaluate_and_store(*, as_of: date, scope: Scope) -> RunSummary:
    with transaction.atomic():
        settings_row = AlertRuleSettings.load()
        found, subjects = _evaluate(as_of, scope, settings_row)
        stored = {
            alert.key: alert
            for alert in Alert.objects.select_for_update()
            .filter(scope.standing(), active=True)
            .order_by("pk")
        }
        standing = {
            key: Standing(key, Status(alert.status), Signal(alert.signal))
            for key, alert in stored.items()
        }
        summary = RunSummary(as_of=as_of)
        for change in plan_changes(standing, found):
            _apply(change, stored.get(change.key), subjects, as_of, summary)
        summary.live = Alert.objects.exclude(status=AlertStatus.RESOLVED).count()
    return summary


def _evaluate(
    as_of: date, scope: Scope, settings_row: AlertRuleSettings
) -> tuple[list[rules_engine.Alert], Subjects]:
    subjects: Subjects = {}
    projects: ProjectColumns | list[rules_engine.ProjectSnapshot] = []
    milestones: list[rules_engine.MilestoneSnapshot] = []
    customers: list[rules_engine.CustomerSnapshot] = []
    if scope.is_everything or scope.projects:
        projects, found = project_snapshots(as_of, scope.projects)
        subjects.update(found)
    if scope.is_everything or scope.milestones:
        milestones, found = milestone_snapshots(as_of, scope.milestones)
        subjects.update(found)
    if scope.is_everything or scope.customers:
        customers, found = customer_snapshots(as_of, settings_row, scope.customers)
        subjects.update(found)
    alerts = rules_engine.evaluate(
        projects=projects,
        milestones=milestones,
        customers=customers,
        today=as_of,
        rules=settings_row.rules(),
    )
    return alerts, subjects


def _event(alert: Alert, kind: str, as_of: date, signal_from: str = "") -> AlertEvent:
    return AlertEvent.objects.create(
        alert=alert,
        kind=kind,
        signal_from=signal_from,
        signal_to=alert.signal if kind != EventKind.RESOLVED else "",
        values=alert.values,
        on=as_of,
    )


def _describe(alert: Alert, found: rules_engine.Alert, info: SubjectInfo | None) -> list[str]:
    """Copy the found alert's numbers, owner and subject onto ``alert``; the changed fields."""
    values = {**dict(found.values), **(info.extra if info else {})}
    wanted = {
        "values": values,
        "owner_id": found.owner_id,
        "subject_name": info.name[:200] if info else alert.subject_name,
        "project_id": info.project_id if info else alert.project_id,
        "customer_id": info.customer_id if info else alert.customer_id,
        "milestone_id": info.milestone_id if info else alert.milestone_id,
    }
    changed = [name for name, value in wanted.items() if getattr(alert, name) != value]
    for name in changed:
        setattr(alert, name, wanted[name])
    return changed


def _apply(
    change: Change, alert: Alert | None, subjects: Subjects, as_of: date, summary: RunSummary
) -> None:
    found = change.found
    if change.step is Step.RAISE:
        assert found is not None
        alert = Alert(
            key=found.key,
            rule=found.rule,
            signal=found.signal,
            subject=found.subject,
            subject_id=found.subject_id,
            first_raised_on=as_of,
            last_seen_on=as_of,
        )
        _describe(alert, found, subjects.get((found.subject, found.subject_id)))
        alert.save()
        summary.raised += 1
        summary.delivery_ids += announce(alert, _event(alert, EventKind.RAISED, as_of))
        return
    assert alert is not None
    if change.step in {Step.RESOLVE, Step.CLEAR}:
        _clear(alert, change.step, as_of, summary)
        return
    assert found is not None
    changed = _describe(alert, found, subjects.get((found.subject, found.subject_id)))
    if alert.last_seen_on != as_of:
        alert.last_seen_on = as_of
        changed.append("last_seen_on")
    if change.step is Step.KEEP:
        if changed:
            alert.save(update_fields=changed)
        return
    before = alert.signal
    alert.signal = found.signal
    changed.append("signal")
    if change.step is Step.EASE:
        alert.save(update_fields=changed)
        _event(alert, EventKind.EASED, as_of, before)
        summary.eased += 1
        return
    kind = EventKind.ESCALATED if change.step is Step.ESCALATE else EventKind.REOPENED
    alert.status, alert.resolved_on, alert.resolved_at = AlertStatus.OPEN, None, None
    alert.save(update_fields=[*changed, "status", "resolved_on", "resolved_at"])
    if kind == EventKind.ESCALATED:
        summary.escalated += 1
    else:
        summary.reopened += 1
    summary.delivery_ids += announce(alert, _event(alert, kind, as_of, before))


def _clear(alert: Alert, step: Step, as_of: date, summary: RunSummary) -> None:
    """The condition no longer holds: resolve a live alert; a resolved one just stops standing."""
    alert.active = False
    if step is Step.CLEAR:
        alert.save(update_fields=["active"])
        return
    alert.status, alert.resolved_on, alert.resolved_at = (
        AlertStatus.RESOLVED,
        as_of,
        timezone.now(),
    )
    alert.save(update_fields=["active", "status", "resolved_on", "resolved_at"])
    _event(alert, EventKind.RESOLVED, as_of)
    summary.resolved += 1
