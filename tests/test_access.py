"""The access module: who sees which people and records."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404

from pacer import access
from pacer.org.models import DataScope
from tests.world import World


def _actor(person):  # type: ignore[no-untyped-def]
    return access.actor_for(person.user)


def test_rep_sees_only_own_records(world: World) -> None:
    actor = _actor(world.rep_a)
    assert set(access.projects_for(actor)) == {world.projects["a"]}
    assert set(access.customers_for(actor)) == {world.customers["a"]}
    assert set(access.orders_for(actor)) == {world.orders["a"]}
    assert set(access.payments_for(actor)) == {world.payments["a"]}
    assert set(access.people_for(actor)) == {world.rep_a}
    with pytest.raises(Http404):
        access.project_for(actor, world.projects["b"].pk)


def test_manager_sees_self_and_subordinates(world: World) -> None:
    actor = _actor(world.manager_south)
    assert set(access.projects_for(actor)) == {world.projects["a"], world.projects["b"]}
    assert set(access.people_for(actor)) == {world.manager_south, world.rep_a, world.rep_b}
    with pytest.raises(Http404):
        access.project_for(actor, world.projects["c"].pk)


def test_director_sees_all_through_subordinate_chain_and_scope(world: World) -> None:
    actor = _actor(world.director)
    assert actor.sees_all
    assert access.projects_for(actor).count() == 3


def test_team_scope_covers_team_subtree(world: World) -> None:
    world.manager_east.data_scope = DataScope.TEAM
    world.manager_east.save()
    actor = _actor(world.manager_east)
    assert set(access.people_for(actor)) == {world.manager_east, world.rep_c}
    world.director.data_scope = DataScope.TEAM
    world.director.save()
    everyone_below_root = set(access.people_for(_actor(world.director)))
    assert world.rep_a in everyone_below_root
    assert world.rep_c in everyone_below_root


def test_anonymous_and_personless_users_see_nothing(world: World) -> None:
    assert access.projects_for(access.actor_for(AnonymousUser())).count() == 0
    stranger = User.objects.create_user(username="stranger", password="x-long-password-1")
    assert access.projects_for(access.actor_for(stranger)).count() == 0


def test_superuser_without_person_is_admin(world: World) -> None:
    root = User.objects.create_superuser(username="root", password="x-long-password-1")
    actor = access.actor_for(root)
    assert actor.is_admin
    assert access.orders_for(actor).count() == 3


def test_bad_primary_key_is_not_found(world: World) -> None:
    actor = _actor(world.director)
    with pytest.raises(Http404):
        access.project_for(actor, "not-a-number")


def test_manager_cycle_in_data_does_not_hang(world: World) -> None:
    world.director.manager = world.rep_a
    world.director.save()
    actor = access.actor_for_person(world.manager_south)
    assert world.manager_south.pk in (actor.people or set())
