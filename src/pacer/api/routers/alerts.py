"""Alerts: list with filters, one alert with its history, acknowledge and resolve.

Scoped like the pages: an alert belongs to its owner, so a rep sees their own, a manager their
people's, a director all (``pacer.alerts.selectors``). Acting on an alert in a state that does
not allow it (e.g. acknowledging a resolved alert) is a 409.
"""

from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from pacer.alerts import selectors
from pacer.alerts.models import (
    Alert,
    AlertEvent,
    AlertRule,
    AlertSignal,
    AlertStatus,
    AlertSubject,
    EventKind,
)
from pacer.alerts.services import NOTE_LIMIT, AlertStateError, alert_acknowledge, alert_resolve
from pacer.alerts.texts import alert_sentence
from pacer.api.auth import actor_of
from pacer.api.pagination import Pagination
from pacer.api.schemas.common import InputSchema, PathId, RecordId
from pacer.web import clock

router = Router(tags=["alerts"])

Note = Annotated[str, Field(max_length=NOTE_LIMIT)]
StatusFilter = Annotated[str, Field(pattern=f"^({'|'.join(selectors.STATUS_FILTERS)})$")]


class AlertFilter(Schema):
    """``status``: live (open or acknowledged, the default), open, acknowledged, resolved, all."""

    status: StatusFilter = selectors.LIVE
    signal: AlertSignal | None = None
    rule: AlertRule | None = None
    subject: AlertSubject | None = None
    owner_id: RecordId | None = None
    project_id: RecordId | None = None
    customer_id: RecordId | None = None


class PersonRef(Schema):
    id: int
    name: str


class AlertOut(Schema):
    id: int
    key: str
    rule: AlertRule
    signal: AlertSignal
    status: AlertStatus
    subject: AlertSubject
    subject_id: int
    subject_name: str
    project_id: int | None
    customer_id: int | None
    milestone_id: int | None
    owner: PersonRef | None
    values: dict[str, Any]
    message: str
    first_raised_on: date
    last_seen_on: date
    resolved_on: date | None

    @staticmethod
    def resolve_message(obj: Alert) -> str:
        return alert_sentence(obj)


class AlertEventOut(Schema):
    id: int
    kind: EventKind
    signal_from: str
    signal_to: str
    actor: PersonRef | None
    note: str
    values: dict[str, Any]
    on: date
    at: datetime


class AlertDetailOut(AlertOut):
    events: list[AlertEventOut]

    @staticmethod
    def resolve_events(obj: Alert) -> list[AlertEvent]:
        return selectors.history(obj)


class AcknowledgeIn(InputSchema):
    note: Note = ""


class ResolveIn(InputSchema):
    note: Annotated[str, Field(min_length=1, max_length=NOTE_LIMIT)]


@router.get("/alerts", response=list[AlertOut])
@paginate(Pagination)
def alert_list(request: HttpRequest, filters: Query[AlertFilter]) -> QuerySet[Alert]:
    wanted = selectors.AlertFilters(
        status=filters.status,
        signal=filters.signal or "",
        rule=filters.rule or "",
        subject=filters.subject or "",
        owner_id=filters.owner_id,
        project_id=filters.project_id,
        customer_id=filters.customer_id,
    )
    alerts = selectors.filter_alerts(selectors.alerts_for(actor_of(request)), wanted)
    return selectors.ordered(alerts)


@router.get("/alerts/{alert_id}", response=AlertDetailOut)
def alert_detail(request: HttpRequest, alert_id: PathId) -> Alert:
    return selectors.alert_for(actor_of(request), alert_id)


@router.post("/alerts/{alert_id}/acknowledge", response=AlertDetailOut)
def alert_acknowledge_route(
    request: HttpRequest, alert_id: PathId, payload: AcknowledgeIn
) -> Alert:
    actor = actor_of(request)
    alert = selectors.alert_for(actor, alert_id)
    try:
        alert_acknowledge(alert=alert, actor=actor, note=payload.note, today=clock.today())
    except AlertStateError as exc:
        raise HttpError(409, exc.message) from exc
    return selectors.alert_for(actor, alert_id)


@router.post("/alerts/{alert_id}/resolve", response=AlertDetailOut)
def alert_resolve_route(request: HttpRequest, alert_id: PathId, payload: ResolveIn) -> Alert:
    actor = actor_of(request)
    alert = selectors.alert_for(actor, alert_id)
    try:
        alert_resolve(alert=alert, actor=actor, note=payload.note, today=clock.today())
    except AlertStateError as exc:
        raise HttpError(409, exc.message) from exc
    return selectors.alert_for(actor, alert_id)
