"""The one place that decides what a user may see and change.

Views, API routes, exports and CLI commands that act for a user fetch user-owned data only
through the functions here. A record outside the user's scope is reported as *not found*
(``Http404``), never as forbidden, so that its existence does not leak.

Roles and scopes:
- admin: every record, master data, imports, Django admin;
- director: every record (scope ``all`` by default);
- manager: self + subordinates by default (``subordinates``), or a team subtree (``team``);
- rep: their own records (``self``).
A person's ``data_scope`` overrides their role's default scope.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from pacer.crm.models import (
    Activity,
    Customer,
    Lead,
    Milestone,
    Order,
    Partner,
    Payment,
    Project,
)
from pacer.org.models import AccessRole, DataScope, Person, Team

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Actor:
    """Who is acting: the login, their person (if any), role and the people they may see.

    ``people`` is ``None`` when the scope is *all*; otherwise the exact set of person ids.
    """

    user_id: int | None
    person_id: int | None
    role: str
    scope: str
    people: frozenset[int] | None

    @property
    def sees_all(self) -> bool:
        return self.people is None

    @property
    def is_admin(self) -> bool:
        return self.role == AccessRole.ADMIN

    @property
    def is_director_or_admin(self) -> bool:
        return self.role in {AccessRole.ADMIN, AccessRole.DIRECTOR}

    @property
    def is_manager(self) -> bool:
        return self.role == AccessRole.MANAGER

    def sees_person(self, person_id: int | None) -> bool:
        return self.people is None or (person_id is not None and person_id in self.people)


NOBODY = Actor(
    user_id=None, person_id=None, role=AccessRole.REP, scope=DataScope.SELF, people=frozenset()
)


def actor_for(user: AbstractBaseUser | AnonymousUser | None) -> Actor:
    """The actor for a logged-in user; anonymous or unknown users see nothing."""
    if user is None or not user.is_authenticated:
        return NOBODY
    person = Person.objects.filter(user_id=user.pk).first()
    if person is None:
        if getattr(user, "is_superuser", False):
            return Actor(
                user_id=user.pk,
                person_id=None,
                role=AccessRole.ADMIN,
                scope=DataScope.ALL,
                people=None,
            )
        return Actor(
            user_id=user.pk,
            person_id=None,
            role=AccessRole.REP,
            scope=DataScope.SELF,
            people=frozenset(),
        )
    return actor_for_person(person, user_id=user.pk)


def actor_for_person(person: Person, *, user_id: int | None = None) -> Actor:
    scope = person.effective_scope
    return Actor(
        user_id=user_id,
        person_id=person.pk,
        role=person.access_role,
        scope=scope,
        people=_people_in_scope(person, scope),
    )


def _people_in_scope(person: Person, scope: str) -> frozenset[int] | None:
    if scope == DataScope.ALL:
        return None
    if scope == DataScope.SELF:
        return frozenset({person.pk})
    if scope == DataScope.SUBORDINATES:
        reports: dict[int, list[int]] = defaultdict(list)
        for pid, manager_id in Person.objects.values_list("pk", "manager_id"):
            if manager_id is not None:
                reports[manager_id].append(pid)
        return frozenset({person.pk, *_descendants(person.pk, reports)})
    # DataScope.TEAM: everyone in the person's team and the teams below it.
    if person.team_id is None:
        return frozenset({person.pk})
    children: dict[int, list[int]] = defaultdict(list)
    for tid, parent_id in Team.objects.values_list("pk", "parent_id"):
        if parent_id is not None:
            children[parent_id].append(tid)
    teams = {person.team_id, *_descendants(person.team_id, children)}
    members = Person.objects.filter(team_id__in=teams).values_list("pk", flat=True)
    return frozenset({person.pk, *members})


def _descendants(root: int, edges: dict[int, list[int]]) -> set[int]:
    """All nodes below ``root``; a cycle in bad data cannot loop forever."""
    seen: set[int] = set()
    stack = list(edges.get(root, ()))
    while stack:
        node = stack.pop()
        if node in seen or node == root:
            continue
        seen.add(node)
        stack.extend(edges.get(node, ()))
    return seen


def _by_people(actor: Actor, qs: QuerySet[M], *lookups: str) -> QuerySet[M]:
    if actor.people is None:
        return qs
    condition = Q()
    for lookup in lookups:
        condition |= Q(**{f"{lookup}__in": actor.people})
    return qs.filter(condition)


# -- collections -------------------------------------------------------------------------------


def people_for(actor: Actor) -> QuerySet[Person]:
    return _by_people(actor, Person.objects.all(), "pk")


def teams_for(actor: Actor) -> QuerySet[Team]:
    if actor.people is None:
        return Team.objects.all()
    team_ids = Person.objects.filter(pk__in=actor.people).values_list("team_id", flat=True)
    return Team.objects.filter(pk__in=team_ids)


def customers_for(actor: Actor) -> QuerySet[Customer]:
    if actor.people is None:
        return Customer.objects.all()
    with_projects = Project.objects.filter(owner_id__in=actor.people).values("customer_id")
    return Customer.objects.filter(Q(owner_id__in=actor.people) | Q(pk__in=with_projects))


def partners_for(actor: Actor) -> QuerySet[Partner]:
    return _by_people(actor, Partner.objects.all(), "owner_id")


def projects_for(actor: Actor) -> QuerySet[Project]:
    return _by_people(actor, Project.objects.all(), "owner_id")


def milestones_for(actor: Actor) -> QuerySet[Milestone]:
    return _by_people(actor, Milestone.objects.all(), "project__owner_id", "owner_id")


def activities_for(actor: Actor) -> QuerySet[Activity]:
    return _by_people(actor, Activity.objects.all(), "person_id")


def leads_for(actor: Actor) -> QuerySet[Lead]:
    return _by_people(actor, Lead.objects.all(), "person_id")


def orders_for(actor: Actor) -> QuerySet[Order]:
    if actor.people is None:
        return Order.objects.all()
    return Order.objects.filter(
        Q(person_id__in=actor.people) | Q(person__isnull=True, customer__owner_id__in=actor.people)
    )


def payments_for(actor: Actor) -> QuerySet[Payment]:
    if actor.people is None:
        return Payment.objects.all()
    # The same rule as ``orders_for``, written over the joined order (no IN subquery, which
    # PostgreSQL plans badly once there are millions of orders).
    return Payment.objects.filter(
        Q(order__person_id__in=actor.people)
        | Q(order__person__isnull=True, order__customer__owner_id__in=actor.people)
    )


# -- single records ----------------------------------------------------------------------------


def get_visible(qs: QuerySet[M], pk: object) -> M:
    """One record from an already scoped queryset, or ``Http404`` (absent or out of scope)."""
    try:
        return qs.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def project_for(actor: Actor, pk: object) -> Project:
    return get_visible(projects_for(actor), pk)


def customer_for(actor: Actor, pk: object) -> Customer:
    return get_visible(customers_for(actor), pk)


def person_for(actor: Actor, pk: object) -> Person:
    return get_visible(people_for(actor), pk)


def may_edit_project(actor: Actor, project: Project) -> bool:
    """Directors and admins edit every project; others edit what their scope holds."""
    return actor.is_director_or_admin or actor.sees_person(project.owner_id)


def may_manage_data(actor: Actor) -> bool:
    """Imports, exports of the whole company and master data are for admins and directors."""
    return actor.is_director_or_admin
