"""Cross-functional requests (legal, finance, delivery) with their SLA state.

A request is visible with its project (``pacer.access.projects_for``); whoever may edit the
project may open a request on it and record the answer. A project outside the caller's scope
is reported as unknown (422). Times are ISO 8601 with a time zone; SLAs count calendar days.
"""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status

from pacer import access
from pacer.api.auth import actor_of
from pacer.api.errors import ActionRefusedError, RecordInvalidError
from pacer.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from pacer.api.schemas.common import MAX_ID, InputSchema, Moment, PathId, RecordId
from pacer.sla.forms import CLOCK_SKEW
from pacer.sla.models import Department, RequestKind, RequestStatus, ServiceRequest
from pacer.sla.selectors import RequestRow, request_for, request_rows, requests_for
from pacer.sla.services import (
    MAX_NOTE,
    SlaError,
    SlaForbiddenError,
    service_request_create,
    service_request_respond,
)

router = Router(tags=["sla"])


class RequestFilter(Schema):
    status: RequestStatus | None = None
    department: Department | None = None
    kind: RequestKind | None = None
    project_id: int | None = None
    breached: bool | None = None
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_ID)


class RequestOut(Schema):
    """A request with its SLA: ``due_at`` = asked + ``sla_days`` calendar days; ``elapsed_days``
    until the answer (or now, when open); ``breached`` when the answer came (or is) late."""

    id: int
    project_id: int
    kind: RequestKind
    department: Department
    subject: str
    requested_by_id: int | None
    requested_at: datetime
    responded_at: datetime | None
    response_note: str
    status: RequestStatus
    sla_days: int
    due_at: datetime
    elapsed_days: Decimal
    breached: bool


class RequestPage(Schema):
    items: list[RequestOut]
    count: int


class RequestIn(InputSchema):
    """A new request; the department defaults from the kind (contract review → legal, quote
    approval → finance, delivery date → delivery; ``other`` needs one), ``requested_at`` to now."""

    project_id: RecordId
    kind: RequestKind
    department: Department | None = None
    subject: Annotated[str, Field(max_length=300)] = ""
    requested_at: Moment | None = None


class RespondIn(InputSchema):
    """The department's answer; ``responded_at`` defaults to now."""

    responded_at: Moment | None = None
    note: Annotated[str, Field(max_length=MAX_NOTE)] = ""


def _out(row: RequestRow) -> RequestOut:
    r = row.request
    return RequestOut(
        id=r.pk,
        project_id=r.project_id,
        kind=RequestKind(r.kind),
        department=Department(r.department),
        subject=r.subject,
        requested_by_id=r.requested_by_id,
        requested_at=r.requested_at,
        responded_at=r.responded_at,
        response_note=r.response_note,
        status=RequestStatus(r.status),
        sla_days=row.sla_days,
        due_at=row.state.due_at,
        elapsed_days=row.state.elapsed_days,
        breached=row.breached,
    )


def _row(request: ServiceRequest, now: datetime) -> RequestOut:
    (row,) = request_rows(ServiceRequest.objects.filter(pk=request.pk), now=now)
    return _out(row)


def _aware(value: datetime | None, field: str, now: datetime) -> datetime:
    if value is None:
        return now
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now + CLOCK_SKEW:
        raise RecordInvalidError({field: gettext("时间不能晚于现在")})
    return value


@router.get("/sla/requests", response=RequestPage)
def request_list(request: HttpRequest, filters: Query[RequestFilter]) -> RequestPage:
    """Requests by newest first; ``breached`` filters on the SLA state at the time of the call."""
    requests = requests_for(actor_of(request)).order_by("-requested_at", "-pk")
    for name in ("status", "department", "kind", "project_id"):
        value = getattr(filters, name)
        if value is not None:
            requests = requests.filter(**{name: value})
    rows = request_rows(requests, now=timezone.now())
    if filters.breached is not None:
        rows = [row for row in rows if row.breached == filters.breached]
    page = rows[filters.offset : filters.offset + filters.limit]
    return RequestPage(items=[_out(row) for row in page], count=len(rows))


@router.get("/sla/requests/{request_id}", response=RequestOut)
def request_detail(request: HttpRequest, request_id: PathId) -> RequestOut:
    return _row(request_for(actor_of(request), request_id), timezone.now())


@router.post("/sla/requests", response={201: RequestOut})
def request_create(request: HttpRequest, payload: RequestIn) -> Status[RequestOut]:
    actor = actor_of(request)
    now = timezone.now()
    project = access.projects_for(actor).filter(pk=payload.project_id).first()
    if project is None:
        raise RecordInvalidError(
            {"project_id": gettext("没有这个项目，或不在你的数据权限范围内。")}
        )
    try:
        created = service_request_create(
            actor=actor,
            project=project,
            kind=payload.kind,
            department=payload.department or "",
            subject=payload.subject,
            requested_at=_aware(payload.requested_at, "requested_at", now),
        )
    except SlaForbiddenError as exc:
        raise ActionRefusedError(str(exc)) from None
    except SlaError as exc:
        raise RecordInvalidError({"__all__": str(exc)}) from None
    return Status(201, _row(created, now))


@router.post("/sla/requests/{request_id}/respond", response=RequestOut)
def request_respond(request: HttpRequest, request_id: PathId, payload: RespondIn) -> RequestOut:
    actor = actor_of(request)
    now = timezone.now()
    found = request_for(actor, request_id)
    try:
        answered = service_request_respond(
            actor=actor,
            request=found,
            responded_at=_aware(payload.responded_at, "responded_at", now),
            note=payload.note,
            user_id=getattr(getattr(request, "auth", None), "pk", None),
        )
    except SlaForbiddenError as exc:
        raise ActionRefusedError(str(exc)) from None
    except SlaError as exc:
        raise RecordInvalidError({"__all__": str(exc)}) from None
    return _row(answered, now)
