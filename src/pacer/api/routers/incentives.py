"""Incentive statements: list and read (scoped), compute a month (directors and admins).

A statement is answered as the JSON documented in docs/incentives.md (the same as
``pacer incentives --format json``). Reps see their own statements, managers theirs and their
reports', directors and admins everyone's; another person's statement is *not found*.
"""

from typing import Annotated, Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from pacer.api.auth import actor_of
from pacer.api.errors import RecordInvalidError
from pacer.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from pacer.api.schemas.common import MAX_ID, Day, InputSchema, PathId, RecordId
from pacer.api.services.common import require_director_or_admin
from pacer.incentives.models import StatementStatus
from pacer.incentives.months import month_text, parse_month
from pacer.incentives.selectors import statement_for, statement_json, statements_for, versions_of
from pacer.incentives.services import IncentiveError, incentives_compute
from pacer.web.clock import today

router = Router(tags=["incentives"])

Data = dict[str, Any]
# Years 1900–2199: a month outside them is no business month, and would overflow date sums.
MonthText = Annotated[
    str, Field(pattern=r"^(19|20|21)\d{2}-(0[1-9]|1[0-2])$", examples=["2026-07"])
]


class StatementFilter(Schema):
    """``month``: YYYY-MM; ``all_versions``: include superseded versions (default: current)."""

    month: MonthText | None = None
    person_id: RecordId | None = None
    all_versions: bool = False
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_ID)


class ComputeIn(InputSchema):
    """Compute ``month`` from the data known on ``as_of`` (default today)."""

    month: MonthText
    as_of: Day | None = None


def _user(request: HttpRequest) -> User | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, User) else None


@router.get("/incentives/statements", response=Data)
def statement_list(request: HttpRequest, filters: Query[StatementFilter]) -> Data:
    statements = statements_for(actor_of(request))
    if filters.month is not None:
        statements = statements.filter(month=parse_month(filters.month))
    if filters.person_id is not None:
        statements = statements.filter(person_id=filters.person_id)
    if not filters.all_versions:
        statements = statements.filter(status=StatementStatus.CURRENT)
    statements = statements.order_by("-month", "person__name", "person_id", "-version")
    page = statements[filters.offset : filters.offset + filters.limit]
    return {"items": [statement_json(s) for s in page], "count": statements.count()}


@router.get("/incentives/statements/{statement_id}", response=Data)
def statement_detail(request: HttpRequest, statement_id: PathId) -> Data:
    statement = statement_for(actor_of(request), statement_id)
    return statement_json(statement, versions=versions_of(statement))


@router.post("/incentives/compute", response=Data)
def statement_compute(request: HttpRequest, payload: ComputeIn) -> Data:
    actor = actor_of(request)
    require_director_or_admin(actor)
    month = parse_month(payload.month)
    try:
        result = incentives_compute(
            month=month, as_of=payload.as_of or today(), user=_user(request)
        )
    except IncentiveError as exc:
        raise RecordInvalidError({"month": str(exc)}) from exc
    return {
        "month": month_text(result.month),
        "as_of": result.as_of.isoformat(),
        "created": [s.pk for s in result.created],
        "unchanged": [s.pk for s in result.unchanged],
        "statements": [statement_json(s) for s in result.statements],
    }
