"""Projects (the pipeline) and their milestones, limited to the caller's scope."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import PatchDict, Query, Router, Status
from ninja.pagination import paginate

from pacer import access
from pacer.api import scoping
from pacer.api.auth import actor_of
from pacer.api.pagination import Pagination
from pacer.api.schemas.common import PathId
from pacer.api.schemas.projects import (
    MilestoneFilter,
    MilestoneIn,
    MilestoneOut,
    ProjectFilter,
    ProjectIn,
    ProjectOut,
)
from pacer.api.services import projects as services
from pacer.crm.models import OPEN_STAGES, Milestone, Project

router = Router(tags=["projects"])


def filter_projects(projects: QuerySet[Project], filters: ProjectFilter) -> QuerySet[Project]:
    if filters.stage:
        projects = projects.filter(stage__in=filters.stage)
    if filters.is_open is not None:
        open_filter = {"stage__in": OPEN_STAGES}
        projects = (
            projects.filter(**open_filter) if filters.is_open else projects.exclude(**open_filter)
        )
    if filters.owner_id is not None:
        projects = projects.filter(owner_id=filters.owner_id)
    if filters.customer_id is not None:
        projects = projects.filter(customer_id=filters.customer_id)
    if filters.product_line_id is not None:
        projects = projects.filter(product_line_id=filters.product_line_id)
    if filters.business_type is not None:
        projects = projects.filter(business_type=filters.business_type)
    if filters.expected_sign_from is not None:
        projects = projects.filter(expected_sign_date__gte=filters.expected_sign_from)
    if filters.expected_sign_to is not None:
        projects = projects.filter(expected_sign_date__lte=filters.expected_sign_to)
    if filters.q:
        projects = projects.filter(name__icontains=filters.q)
    return projects


@router.get("/projects", response=list[ProjectOut])
@paginate(Pagination)
def project_list(request: HttpRequest, filters: Query[ProjectFilter]) -> QuerySet[Project]:
    projects = filter_projects(access.projects_for(actor_of(request)), filters)
    return projects.order_by("expected_sign_date", "name", "pk")


@router.get("/projects/{project_id}", response=ProjectOut)
def project_detail(request: HttpRequest, project_id: PathId) -> Project:
    return access.project_for(actor_of(request), project_id)


@router.post("/projects", response={201: ProjectOut})
def project_create(request: HttpRequest, payload: ProjectIn) -> Status[Project]:
    data = payload.model_dump(exclude_unset=True)
    return Status(201, services.project_create(actor=actor_of(request), data=data))


@router.patch("/projects/{project_id}", response=ProjectOut)
def project_update(
    request: HttpRequest, project_id: PathId, payload: PatchDict[ProjectIn]
) -> Project:
    actor = actor_of(request)
    project = access.project_for(actor, project_id)
    return services.project_update(actor=actor, project=project, data=payload)


@router.delete("/projects/{project_id}", response={204: None})
def project_delete(request: HttpRequest, project_id: PathId) -> Status[None]:
    actor = actor_of(request)
    services.project_delete(actor=actor, project=access.project_for(actor, project_id))
    return Status(204, None)


@router.get("/milestones", response=list[MilestoneOut])
@paginate(Pagination)
def milestone_list(request: HttpRequest, filters: Query[MilestoneFilter]) -> QuerySet[Milestone]:
    milestones = access.milestones_for(actor_of(request))
    if filters.project_id is not None:
        milestones = milestones.filter(project_id=filters.project_id)
    if filters.owner_id is not None:
        milestones = milestones.filter(owner_id=filters.owner_id)
    if filters.is_done is not None:
        milestones = milestones.filter(done_date__isnull=not filters.is_done)
    if filters.due_from is not None:
        milestones = milestones.filter(due_date__gte=filters.due_from)
    if filters.due_to is not None:
        milestones = milestones.filter(due_date__lte=filters.due_to)
    return milestones.order_by("due_date", "pk")


@router.get("/milestones/{milestone_id}", response=MilestoneOut)
def milestone_detail(request: HttpRequest, milestone_id: PathId) -> Milestone:
    return scoping.milestone_for(actor_of(request), milestone_id)


@router.post("/milestones", response={201: MilestoneOut})
def milestone_create(request: HttpRequest, payload: MilestoneIn) -> Status[Milestone]:
    data = payload.model_dump(exclude_unset=True)
    return Status(201, services.milestone_create(actor=actor_of(request), data=data))


@router.patch("/milestones/{milestone_id}", response=MilestoneOut)
def milestone_update(
    request: HttpRequest, milestone_id: PathId, payload: PatchDict[MilestoneIn]
) -> Milestone:
    actor = actor_of(request)
    milestone = scoping.milestone_for(actor, milestone_id)
    return services.milestone_update(actor=actor, milestone=milestone, data=payload)
