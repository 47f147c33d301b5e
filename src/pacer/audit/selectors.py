"""Reading the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from pacer.audit.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    """Which events to show; ``date_to`` is inclusive (the whole day, in the site's time zone)."""

    action: str = ""
    username: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events(filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Events matching ``filters``, newest first."""
    events = AuditEvent.objects.select_related("user")
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.username:
        events = events.filter(username__icontains=filters.username)
    if filters.date_from:
        events = events.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to:
        events = events.filter(at__lt=_start_of(filters.date_to + timedelta(days=1)))
    return events.order_by("-at", "-pk")
