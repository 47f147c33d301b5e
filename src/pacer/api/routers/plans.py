"""Plans: list, read (narrowed to the caller's scope), build a draft, approve a draft.

Everyone with a person (and admins) reads plans; what they see inside one follows
``pacer.plans.selectors``: the market tree (business type × industry × region) is open to all,
the org tree shows the people in the caller's scope and their teams, and funnel actions those
people's. Directors and admins build and approve.
"""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from pacer import access
from pacer.access import Actor
from pacer.api.auth import actor_of
from pacer.api.errors import RecordInvalidError
from pacer.api.pagination import Pagination
from pacer.api.schemas.common import PathId
from pacer.api.schemas.plans import PlanApproveIn, PlanBuildIn, PlanFilter, PlanOut
from pacer.api.services.common import require_director_or_admin
from pacer.planning.inputs import Assumptions
from pacer.plans.conflicts import plan_decided
from pacer.plans.models import Plan, PlanStatus
from pacer.plans.selectors import plan_json, plans_for, visible_actions, visible_node_ids
from pacer.plans.services import PlanError, plan_approve, plan_build
from pacer.web.clock import today

router = Router(tags=["plans"])

PlanData = dict[str, Any]


def plan_json_for(actor: Actor, plan: Plan) -> PlanData:
    """``plan_json(plan)`` with the org-tree nodes and actions the actor may not see removed."""
    data = plan_json(plan)
    visible = visible_node_ids(actor, plan)
    data["tree"] = _prune(data["tree"], visible)
    data["org_tree"] = _prune(data["org_tree"], visible)
    people = set(visible_actions(actor, plan).values_list("person_id", flat=True))
    data["actions"] = [a for a in data["actions"] if a["person_id"] in people]
    return data


def _prune(node: PlanData | None, visible: set[int]) -> PlanData | None:
    if node is None or node["id"] not in visible:
        return None
    children = [_prune(child, visible) for child in node["children"]]
    return {**node, "children": [c for c in children if c is not None]}


def _plan_for(actor: Actor, plan_id: int) -> Plan:
    return access.get_visible(plans_for(actor), plan_id)


def _user(request: HttpRequest) -> User | None:
    """The login the caller authenticated as (session or token)."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, User) else None


@router.get("/plans", response=list[PlanOut])
@paginate(Pagination)
def plan_list(request: HttpRequest, filters: Query[PlanFilter]) -> QuerySet[Plan]:
    plans = plans_for(actor_of(request))
    if filters.year is not None:
        plans = plans.filter(year=filters.year)
    if filters.status is not None:
        plans = plans.filter(status=filters.status)
    return plans.order_by("-year", "name", "-version", "pk")


@router.get("/plans/{plan_id}", response=PlanData)
def plan_detail(request: HttpRequest, plan_id: PathId) -> PlanData:
    actor = actor_of(request)
    return plan_json_for(actor, _plan_for(actor, plan_id))


@router.post("/plans", response={201: PlanData})
def plan_create(request: HttpRequest, payload: PlanBuildIn) -> Status[PlanData]:
    actor = actor_of(request)
    require_director_or_admin(actor)
    try:
        plan = plan_build(
            year=payload.year,
            target=payload.target,
            as_of=payload.as_of or today(),
            name=payload.name,
            assumptions=Assumptions(wanted_growth=payload.growth),
            user=_user(request),
        )
    except PlanError as exc:
        raise RecordInvalidError({"target": str(exc)}) from exc
    return Status(201, plan_json_for(actor, plan))


@router.post("/plans/{plan_id}/approve", response=PlanData)
def plan_approve_route(
    request: HttpRequest, plan_id: PathId, payload: PlanApproveIn | None = None
) -> PlanData:
    actor = actor_of(request)
    plan = _plan_for(actor, plan_id)
    require_director_or_admin(actor)
    user = _user(request)
    assert user is not None  # a director or admin is always a login
    try:
        plan = plan_approve(plan=plan, user=user, reason=payload.reason if payload else "")
    except PlanError as exc:
        # Approved (or replaced) meanwhile, e.g. by a second click or another director.
        plan.refresh_from_db()
        message = str(plan_decided(plan)) if plan.status != PlanStatus.DRAFT else str(exc)
        raise HttpError(409, message) from exc
    return plan_json_for(actor, plan)
