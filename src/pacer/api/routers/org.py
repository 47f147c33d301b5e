"""Who am I, people and teams: read only, each limited to the caller's scope."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from pacer import access
from pacer.api.auth import actor_of
from pacer.api.pagination import Pagination
from pacer.api.schemas.common import PathId
from pacer.api.schemas.org import MeOut, PersonFilter, PersonOut, TeamOut
from pacer.org.models import Person, Team

router = Router(tags=["org"])


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, object]:
    actor = actor_of(request)
    person = access.person_for(actor, actor.person_id) if actor.person_id else None
    user = getattr(request, "auth", None)
    return {
        "username": getattr(user, "username", ""),
        "person": person,
        "role": actor.role,
        "scope": actor.scope,
        "sees_all": actor.sees_all,
        "may_manage_data": access.may_manage_data(actor),
    }


@router.get("/people", response=list[PersonOut])
@paginate(Pagination)
def person_list(request: HttpRequest, filters: Query[PersonFilter]) -> QuerySet[Person]:
    people = access.people_for(actor_of(request))
    if filters.team_id is not None:
        people = people.filter(team_id=filters.team_id)
    if filters.manager_id is not None:
        people = people.filter(manager_id=filters.manager_id)
    if filters.position is not None:
        people = people.filter(position=filters.position)
    if filters.q:
        people = people.filter(name__icontains=filters.q)
    return people.order_by("name", "pk")


@router.get("/people/{person_id}", response=PersonOut)
def person_detail(request: HttpRequest, person_id: PathId) -> Person:
    return access.person_for(actor_of(request), person_id)


@router.get("/teams", response=list[TeamOut])
@paginate(Pagination)
def team_list(request: HttpRequest) -> QuerySet[Team]:
    return access.teams_for(actor_of(request)).order_by("name", "pk")


@router.get("/teams/{team_id}", response=TeamOut)
def team_detail(request: HttpRequest, team_id: PathId) -> Team:
    return access.get_visible(access.teams_for(actor_of(request)), team_id)
