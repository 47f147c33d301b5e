"""Weekly and monthly reviews: list, read, generate (or regenerate) and fill in.

A rep sees their own reviews, a manager their people's and the teams all of whose people they
see, directors and admins every review (``pacer.reviews.selectors``). Generating needs the
same sight of the subject; a subject outside it is reported as unknown (422).
"""

from datetime import date, datetime
from typing import Annotated, Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from pacer.api.auth import actor_of
from pacer.api.errors import RecordInvalidError
from pacer.api.pagination import Pagination
from pacer.api.schemas.common import Day, InputSchema, Moment, PathId, RecordId
from pacer.org.models import Person, Team
from pacer.reviews.models import Review, ReviewKind
from pacer.reviews.selectors import review_for, reviews_for
from pacer.reviews.services import (
    MAX_TEXT,
    ReviewConflictError,
    ReviewError,
    review_generate,
    review_update,
)
from pacer.reviews.subjects import SubjectError, person_subject, team_subject
from pacer.tracking.review_periods import PeriodFormatError, parse_month, parse_week

router = Router(tags=["reviews"])

ReviewText = Annotated[str, Field(max_length=MAX_TEXT)]


class ReviewFilter(Schema):
    kind: ReviewKind | None = None
    person_id: int | None = None
    team_id: int | None = None
    period_from: Day | None = None
    period_to: Day | None = None


class ReviewSummaryOut(Schema):
    id: int
    kind: ReviewKind
    person_id: int | None
    team_id: int | None
    period_start: date
    period_end: date
    period_label: str
    generated_at: datetime
    updated_at: datetime


class ReviewOut(ReviewSummaryOut):
    """A review: ``data`` is the generated snapshot (docs/reviews.md), the rest is written by
    people; ``reasons`` maps an action key (``person:stage:due``) to why it was missed."""

    data: dict[str, Any]
    reasons: dict[str, str]
    next_week: str
    resource_changes: str
    comments: str


class ReviewIn(InputSchema):
    """Generate the review of one person or one team; ``period`` is ``2026-W24`` for a weekly
    review and ``2026-06`` for a monthly one. An existing review keeps what people wrote."""

    kind: ReviewKind
    person_id: RecordId | None = None
    team_id: RecordId | None = None
    period: Annotated[str, Field(min_length=1, max_length=10)]


class ReviewPatch(InputSchema):
    """Fields people fill in; an empty reason removes it."""

    reasons: dict[Annotated[str, Field(max_length=100)], ReviewText] | None = None
    next_week: ReviewText | None = None
    resource_changes: ReviewText | None = None
    comments: ReviewText | None = None
    updated_at: Moment | None = Field(
        None,
        description="The review's updated_at as read: if it has changed since, 409 and no change.",
    )


def _user(request: HttpRequest) -> User | None:
    user = getattr(request, "auth", None)
    return user if isinstance(user, User) else None


@router.get("/reviews", response=list[ReviewSummaryOut])
@paginate(Pagination)
def review_list(request: HttpRequest, filters: Query[ReviewFilter]) -> QuerySet[Review]:
    reviews = reviews_for(actor_of(request))
    if filters.kind is not None:
        reviews = reviews.filter(kind=filters.kind)
    if filters.person_id is not None:
        reviews = reviews.filter(person_id=filters.person_id)
    if filters.team_id is not None:
        reviews = reviews.filter(team_id=filters.team_id)
    if filters.period_from is not None:
        reviews = reviews.filter(period_start__gte=filters.period_from)
    if filters.period_to is not None:
        reviews = reviews.filter(period_start__lte=filters.period_to)
    return reviews.order_by("-period_start", "kind", "pk")


@router.get("/reviews/{review_id}", response=ReviewOut)
def review_detail(request: HttpRequest, review_id: PathId) -> Review:
    return review_for(actor_of(request), review_id)


@router.post("/reviews", response={201: ReviewOut})
def review_create(request: HttpRequest, payload: ReviewIn) -> Status[Review]:
    actor = actor_of(request)
    if (payload.person_id is None) == (payload.team_id is None):
        raise RecordInvalidError({"person_id": gettext("person_id 与 team_id 须且只须给出一个")})
    try:
        period = (
            parse_week(payload.period)
            if payload.kind == ReviewKind.WEEKLY
            else parse_month(payload.period)
        )
    except PeriodFormatError as exc:
        message = gettext("“%(value)s”不是%(kind)s的期间，应写成 %(form)s") % {
            "value": payload.period,
            "kind": ReviewKind(payload.kind).label,
            "form": exc.expected,
        }
        raise RecordInvalidError({"period": message}) from None
    person = team = None
    try:
        if payload.person_id is not None:
            person = Person.objects.get(pk=person_subject(actor, payload.person_id).id)
        else:
            assert payload.team_id is not None
            team = Team.objects.get(pk=team_subject(actor, payload.team_id).id)
    except SubjectError as exc:
        field = "person_id" if payload.person_id is not None else "team_id"
        raise RecordInvalidError({field: str(exc)}) from None
    try:
        review = review_generate(
            kind=payload.kind,
            person=person,
            team=team,
            period_start=period.start,
            user=_user(request),
        )
    except ReviewError as exc:
        raise RecordInvalidError({"__all__": str(exc)}) from None
    return Status(201, review)


@router.patch("/reviews/{review_id}", response=ReviewOut)
def review_patch(request: HttpRequest, review_id: PathId, payload: ReviewPatch) -> Review:
    review = review_for(actor_of(request), review_id)
    try:
        return review_update(
            review=review,
            user=_user(request),
            reasons=payload.reasons,
            next_week=payload.next_week,
            resource_changes=payload.resource_changes,
            comments=payload.comments,
            seen_updated_at=payload.updated_at,
        )
    except ReviewConflictError as exc:
        raise HttpError(409, str(exc)) from None
    except ReviewError as exc:
        raise RecordInvalidError({"reasons": str(exc)}) from None
