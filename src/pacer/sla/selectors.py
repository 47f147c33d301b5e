"""Reads of cross-functional requests: a request is visible with its project (``pacer.access``).

``now`` is passed in (an aware datetime); an open request is measured against it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet

from pacer import access
from pacer.access import Actor
from pacer.crm.models import Project
from pacer.sla.models import Department, RequestStatus, ServiceRequest, SlaSetting
from pacer.tracking.sla import DEFAULT_SLA_DAYS, SlaState, sla_state


def requests_for(actor: Actor) -> QuerySet[ServiceRequest]:
    projects = access.projects_for(actor).values("pk")
    return ServiceRequest.objects.filter(project_id__in=projects).select_related(
        "project", "requested_by"
    )


def request_for(actor: Actor, pk: object) -> ServiceRequest:
    """One request whose project the actor sees, or ``Http404``."""
    return access.get_visible(requests_for(actor), pk)


def sla_days() -> dict[str, int]:
    """Days per request kind: the settings rows over the field's defaults."""
    days = dict(DEFAULT_SLA_DAYS)
    days.update(dict(SlaSetting.objects.values_list("kind", "days")))
    return days


@dataclass(frozen=True)
class RequestRow:
    request: ServiceRequest
    sla_days: int
    state: SlaState

    @property
    def breached(self) -> bool:
        """Cancelled requests are never breaches."""
        return self.request.status != RequestStatus.CANCELLED and self.state.breached

    @property
    def is_open(self) -> bool:
        return self.request.status == RequestStatus.OPEN


def request_rows(requests: QuerySet[ServiceRequest], *, now: datetime) -> list[RequestRow]:
    days = sla_days()
    rows = []
    for r in requests:
        limit = days.get(r.kind, DEFAULT_SLA_DAYS["other"])
        state = sla_state(
            requested_at=r.requested_at, responded_at=r.responded_at, now=now, days=limit
        )
        rows.append(RequestRow(r, limit, state))
    return rows


@dataclass(frozen=True)
class DepartmentSummary:
    """A department's requests: how many, open, breached, and the average answer time (days)."""

    department: str
    label: str
    total: int
    open: int
    breached: int
    average_days: Decimal | None


def department_summary(rows: list[RequestRow]) -> list[DepartmentSummary]:
    grouped: dict[str, list[RequestRow]] = defaultdict(list)
    for row in rows:
        grouped[row.request.department].append(row)
    result = []
    for department in Department:
        members = grouped.get(department.value, [])
        answered = [r.state.elapsed_days for r in members if r.state.answered]
        average = (
            (sum(answered, Decimal(0)) / len(answered)).quantize(Decimal("0.1"))
            if answered
            else None
        )
        result.append(
            DepartmentSummary(
                department=department.value,
                label=str(department.label),
                total=len(members),
                open=sum(1 for r in members if r.is_open),
                breached=sum(1 for r in members if r.breached),
                average_days=average,
            )
        )
    return result


def project_flags(actor: Actor, project: Project, *, now: datetime) -> list[RequestRow]:
    """A project's open or breached requests, for its page."""
    requests = requests_for(actor).filter(project=project).order_by("-requested_at", "-pk")
    return [row for row in request_rows(requests, now=now) if row.is_open or row.breached]
