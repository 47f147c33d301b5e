"""The rolling forecast: submissions, manager adjustments, categories, accuracy, probability.

Everything is read through ``pacer.access``: a rep sees their own, a manager their reports', a
director everyone's. A person submits only their own number; a person's direct manager (or a
director) adjusts it, with a reason; categories are changed by whoever may edit the project.
The JSON of accuracy and probability is the one of ``pacer forecast … --format json``
(docs/forecast.md).
"""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from pacer import access
from pacer.api.auth import actor_of
from pacer.api.errors import ActionRefusedError, RecordInvalidError
from pacer.api.pagination import Pagination
from pacer.api.schemas.common import PathId, Year
from pacer.crm.models import OPEN_STAGES
from pacer.forecasts.accuracy import history_json, measure, person_histories, team_histories
from pacer.forecasts.api_schemas import (
    AdjustmentIn,
    AdjustmentOut,
    CategoryFilter,
    CategoryIn,
    CategoryOut,
    MissingOut,
    SubmissionDetailOut,
    SubmissionFilter,
    SubmissionIn,
    SubmissionOut,
)
from pacer.forecasts.categories import category_set
from pacer.forecasts.cycles import cycle_containing, cycle_settings
from pacer.forecasts.errors import ForecastInputError, ForecastRefusedError
from pacer.forecasts.lines import chosen_categories, default_category
from pacer.forecasts.models import ForecastSubmission, ManagerAdjustment
from pacer.forecasts.probability import MAX_TRIALS, ProbabilityError, probability_for
from pacer.forecasts.selectors import missing_people, reminded, submission_for, submissions_for
from pacer.forecasts.serialize import probability_json
from pacer.forecasts.submissions import adjustment_create, submission_create
from pacer.plans.selectors import latest_plan
from pacer.web import clock

router = Router(tags=["forecast"])


def _user(request: HttpRequest) -> User | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, User) else None


def _refusals(exc: Exception) -> Exception:
    """The API's answer for a refused forecast write."""
    if isinstance(exc, ForecastInputError):
        return RecordInvalidError({exc.field: exc.message})
    if isinstance(exc, ForecastRefusedError):
        return ActionRefusedError(exc.message)
    return exc


@router.get("/forecast/submissions", response=list[SubmissionOut])
@paginate(Pagination)
def submission_list(
    request: HttpRequest, filters: Query[SubmissionFilter]
) -> QuerySet[ForecastSubmission]:
    rows = submissions_for(actor_of(request))
    if filters.person_id is not None:
        rows = rows.filter(person_id=filters.person_id)
    if filters.cycle_start is not None:
        rows = rows.filter(cycle_start=filters.cycle_start)
    if filters.source is not None:
        rows = rows.filter(source=filters.source)
    return (
        rows.select_related("person")
        .prefetch_related("adjustments__manager")
        .order_by("-submitted_at", "-pk")
    )


@router.get("/forecast/submissions/{submission_id}", response=SubmissionDetailOut)
def submission_detail(request: HttpRequest, submission_id: PathId) -> ForecastSubmission:
    return submission_for(actor_of(request), submission_id)


@router.post("/forecast/submissions", response={201: SubmissionDetailOut})
def submission_create_route(
    request: HttpRequest, payload: SubmissionIn
) -> Status[ForecastSubmission]:
    try:
        row = submission_create(
            actor=actor_of(request),
            user=_user(request),
            number=payload.number,
            reason=payload.reason,
            today=clock.today(),
            at=timezone.now(),
        )
    except (ForecastInputError, ForecastRefusedError) as exc:
        raise _refusals(exc) from exc
    return Status(201, row)


@router.post("/forecast/submissions/{submission_id}/adjustments", response={201: AdjustmentOut})
def adjustment_create_route(
    request: HttpRequest, submission_id: PathId, payload: AdjustmentIn
) -> Status[ManagerAdjustment]:
    actor = actor_of(request)
    submission = submission_for(actor, submission_id)
    try:
        row = adjustment_create(
            actor=actor,
            user=_user(request),
            submission=submission,
            number=payload.number,
            reason=payload.reason,
            today=clock.today(),
            at=timezone.now(),
        )
    except (ForecastInputError, ForecastRefusedError) as exc:
        raise _refusals(exc) from exc
    return Status(201, row)


def _category_rows(projects: list[Any]) -> list[dict[str, Any]]:
    chosen = chosen_categories([p.pk for p in projects])
    return [
        {
            "project_id": p.pk,
            "name": p.name,
            "owner_id": p.owner_id,
            "stage": p.stage,
            "amount": p.amount,
            "expected_sign_date": p.expected_sign_date,
            "category": chosen.get(p.pk, default_category(p.stage)).value,
            "chosen": p.pk in chosen,
        }
        for p in projects
    ]


@router.get("/forecast/categories", response=list[CategoryOut])
@paginate(Pagination)
def category_list(request: HttpRequest, filters: Query[CategoryFilter]) -> list[dict[str, Any]]:
    projects = access.projects_for(actor_of(request)).filter(stage__in=OPEN_STAGES)
    if filters.owner_id is not None:
        projects = projects.filter(owner_id=filters.owner_id)
    return _category_rows(list(projects.order_by("expected_sign_date", "name", "pk")))


@router.patch("/forecast/categories/{project_id}", response=CategoryOut)
def category_update(request: HttpRequest, project_id: PathId, payload: CategoryIn) -> Any:
    actor = actor_of(request)
    project = access.project_for(actor, project_id)
    try:
        category_set(
            actor=actor,
            user=_user(request),
            project=project,
            category=payload.category,
            reason=payload.reason,
            at=timezone.now(),
        )
    except (ForecastInputError, ForecastRefusedError) as exc:
        raise _refusals(exc) from exc
    return _category_rows([project])[0]


@router.get("/forecast/missing", response=MissingOut)
def missing(request: HttpRequest) -> dict[str, Any]:
    """Participants in scope with no submission of their own for the current cycle."""
    actor = actor_of(request)
    day = clock.today()
    cycle = cycle_containing(day, cycle_settings())
    people = missing_people(actor, cycle.start, day)
    reminders = reminded([p.pk for p in people], cycle.start)
    return {
        "cycle_start": cycle.start,
        "window_start": cycle.window_start,
        "window_end": cycle.window_end,
        "people": [
            {
                "id": p.pk,
                "name": p.name,
                "reminded_at": reminders[p.pk].sent_at if p.pk in reminders else None,
            }
            for p in people
        ],
    }


@router.get("/forecast/accuracy", response=dict[str, Any])
def accuracy(request: HttpRequest) -> dict[str, Any]:
    """Accuracy and bias of every closed window, per visible person and team."""
    actor = actor_of(request)
    day = clock.today()
    measured = measure(actor, day)
    return {
        "as_of": day.isoformat(),
        "people": [history_json(h) for h in person_histories(actor, day)],
        "teams": [history_json(h) for h in team_histories(actor, day, measured=measured)],
    }


@router.get("/forecast/probability", response=dict[str, Any])
def probability(
    request: HttpRequest, year: Year, trials: int = 10_000, seed: int = 0
) -> dict[str, Any]:
    """P(≥ base / stretch / breakthrough) per quarter and the year, for the caller's scope."""
    if not 0 < trials <= MAX_TRIALS or seed < 0:
        raise RecordInvalidError(
            {
                "trials": gettext("模拟次数须在 1 到 %(max)s 之间，种子须为非负整数。")
                % {"max": MAX_TRIALS}
            }
        )
    plan = latest_plan(year)
    if plan is None:
        raise HttpError(404, gettext("%(year)s 年还没有计划。") % {"year": year})
    try:
        result = probability_for(plan, clock.today(), trials, seed, actor=actor_of(request))
    except ProbabilityError as exc:
        raise HttpError(404, str(exc)) from exc
    return probability_json(result)
