"""Route by route: who may read and change which records through the API.

rep_a and rep_b report to manager_south, rep_c to manager_east; the director sees everyone.
Every route in ``tests.api.routes.ROUTES`` is exercised as each of them and as an anonymous
caller, and every refused write is checked to have left the database as it was.
"""

from __future__ import annotations

import importlib
import pkgutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from pacer.api.urls import api
from pacer.org.models import Person
from tests.api.conftest import ApiWorld, send, snapshot, token_client
from tests.api.routes import ROUTES, Route, routes


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def _count(w: ApiWorld, route: Route) -> int:
    return type(w.record(route.resource, "a"))._default_manager.count()


def scoped_elsewhere() -> set[str]:
    """Route ids whose scoping is tested in another module of this folder.

    A test module that exercises its own routes as every role declares them in ``ROUTE_IDS``.
    """
    ids: set[str] = set()
    folder = Path(__file__).resolve().parent
    for info in pkgutil.iter_modules([str(folder)]):
        if info.name.startswith("test_") and info.name not in {Path(__file__).stem, "test_openapi"}:
            module = importlib.import_module(f"tests.api.{info.name}")
            ids |= set(getattr(module, "ROUTE_IDS", ()))
    return ids


def test_every_route_is_in_the_table() -> None:
    schema = api.get_openapi_schema()
    served = {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    }
    assert served == {route.id for route in ROUTES} | scoped_elsewhere()


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_anonymous_caller_gets_401_and_changes_nothing(api_world: ApiWorld, route: Route) -> None:
    record = api_world.record(route.resource, "a")
    before, count = snapshot(record), _count(api_world, route)
    body = route.body(api_world, "a") if route.body else None
    response = send(Client(), route.method, route.url(record), body)
    assert response.status_code == 401
    assert snapshot(record) == before
    assert _count(api_world, route) == count


@pytest.mark.parametrize("route", routes(master=False), ids=lambda r: r.id)
def test_rep_cannot_read_or_change_another_reps_records(api_world: ApiWorld, route: Route) -> None:
    client = token_client(api_world.world.rep_a)
    own = api_world.record(route.resource, "a")
    other = api_world.record(route.resource, route.foreign)
    before, count = snapshot(other), _count(api_world, route)
    if route.kind == "me":
        assert send(client, "GET", route.url()).json()["person"]["id"] == api_world.world.rep_a.pk
        return
    if route.kind == "list":
        ids = _ids(send(client, "GET", route.url()))
        assert own.pk in ids
        assert other.pk not in ids
        assert api_world.record(route.resource, "c").pk not in ids
        return
    assert route.body is not None or route.kind in {"detail", "delete"}
    body = route.body(api_world, route.foreign) if route.body else None
    target = None if route.kind == "create" else other
    response = send(client, route.method, route.url(target), body)
    expected = route.foreign_create if route.kind == "create" else 404
    assert response.status_code == expected, response.content
    assert snapshot(other) == before
    assert _count(api_world, route) == count


@pytest.mark.parametrize("route", routes(master=False), ids=lambda r: r.id)
def test_rep_reads_and_changes_own_records(api_world: ApiWorld, route: Route) -> None:
    rep = api_world.world.rep_a
    client = token_client(rep)
    own = api_world.record(route.resource, "a")
    before, count = snapshot(own), _count(api_world, route)
    body = route.body(api_world, "a") if route.body else None
    response = send(client, route.method, route.url(own), body)
    if route.kind == "me":
        assert response.status_code == 200
        assert response.json()["role"] == "rep"
        assert response.json()["scope"] == "self"
    elif route.kind == "list":
        assert own.pk in _ids(response)
    elif route.kind == "detail":
        assert response.status_code == 200
        assert response.json()["id"] == own.pk
    elif route.director_only:
        assert response.status_code == 403, response.content
        assert snapshot(own) == before
        assert _count(api_world, route) == count
    elif route.kind == "create":
        assert response.status_code == 201, response.content
        assert _count(api_world, route) == count + 1
        new = type(own)._default_manager.get(pk=response.json()["id"])
        assert send(client, "GET", f"{route.path}/{new.pk}").status_code == 200
    else:
        assert route.kind == "update"
        assert route.check is not None
        assert body is not None
        assert response.status_code == 200, response.content
        own.refresh_from_db()
        stored = getattr(own, route.check)
        if isinstance(stored, Decimal):
            assert stored == Decimal(str(body[route.check]))
        else:
            assert str(stored) == str(body[route.check])


def _manager(api_world: ApiWorld) -> Person:
    return api_world.world.manager_south


@pytest.mark.parametrize(
    "route", routes(master=False, kinds=("list", "detail")), ids=lambda r: r.id
)
def test_manager_sees_own_reps_records_only(api_world: ApiWorld, route: Route) -> None:
    client = token_client(_manager(api_world))
    records = {key: api_world.record(route.resource, key) for key in "abc"}
    if route.kind == "list":
        ids = _ids(send(client, "GET", route.url()))
        assert {records["a"].pk, records["b"].pk} <= ids
        assert records["c"].pk not in ids
    else:
        assert send(client, "GET", route.url(records["a"])).status_code == 200
        assert send(client, "GET", route.url(records["b"])).status_code == 200
        assert send(client, "GET", route.url(records["c"])).status_code == 404


@pytest.mark.parametrize(
    "route", routes(master=False, kinds=("create", "update")), ids=lambda r: r.id
)
def test_manager_changes_own_reps_records_only(api_world: ApiWorld, route: Route) -> None:
    client = token_client(_manager(api_world))
    assert route.body is not None
    foreign = api_world.record(route.resource, "c")
    before, count = snapshot(foreign), _count(api_world, route)
    target = None if route.kind == "create" else foreign
    response = send(client, route.method, route.url(target), route.body(api_world, "c"))
    assert response.status_code == (route.foreign_create if route.kind == "create" else 404)
    assert snapshot(foreign) == before
    assert _count(api_world, route) == count

    mine = api_world.record(route.resource, "b")
    target = None if route.kind == "create" else mine
    response = send(client, route.method, route.url(target), route.body(api_world, "b"))
    expected = 403 if route.director_only else (201 if route.kind == "create" else 200)
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("route", routes(master=False), ids=lambda r: r.id)
def test_director_reads_and_changes_every_record(api_world: ApiWorld, route: Route) -> None:
    client = token_client(api_world.world.director)
    record = api_world.record(route.resource, "c")
    if route.kind == "me":
        response = send(client, "GET", route.url())
        assert response.json()["sees_all"] is True
    elif route.kind == "list":
        ids = _ids(send(client, "GET", route.url()))
        assert {api_world.record(route.resource, key).pk for key in "abc"} <= ids
    elif route.kind == "detail":
        assert send(client, "GET", route.url(record)).status_code == 200
    elif route.kind == "create":
        assert route.body is not None
        count = _count(api_world, route)
        response = send(client, "POST", route.url(), route.body(api_world, "c"))
        assert response.status_code == 201, response.content
        assert _count(api_world, route) == count + 1
    elif route.kind == "update":
        assert route.body is not None
        assert route.check is not None
        body = route.body(api_world, "c")
        response = send(client, "PATCH", route.url(record), body)
        assert response.status_code == 200, response.content
        record.refresh_from_db()
        stored = getattr(record, route.check)
        if isinstance(stored, Decimal):
            assert stored == Decimal(str(body[route.check]))
        else:
            assert str(stored) == str(body[route.check])
    else:
        assert route.fresh is not None
        doomed = route.fresh(api_world)
        assert send(client, "DELETE", route.url(doomed)).status_code == 204
        assert snapshot(doomed) == {}


@pytest.mark.parametrize("route", routes(master=True), ids=lambda r: r.id)
def test_master_data_is_read_by_all_and_written_by_directors(
    api_world: ApiWorld, route: Route
) -> None:
    rep, director = token_client(api_world.world.rep_a), token_client(api_world.world.director)
    shared = api_world.record(route.resource, "a")
    before, count = snapshot(shared), _count(api_world, route)
    body = route.body(api_world, "a") if route.body else None
    if route.kind == "list":
        assert shared.pk in _ids(send(rep, "GET", route.url()))
        return
    if route.kind == "detail":
        assert send(rep, "GET", route.url(shared)).json()["id"] == shared.pk
        return
    target = None if route.kind == "create" else shared
    assert send(rep, route.method, route.url(target), body).status_code == 403
    assert snapshot(shared) == before
    assert _count(api_world, route) == count
    if route.kind == "create":
        assert send(director, "POST", route.url(), body).status_code == 201
        assert _count(api_world, route) == count + 1
    elif route.kind == "update":
        assert route.check is not None
        assert body is not None
        assert send(director, "PATCH", route.url(shared), body).status_code == 200
        shared.refresh_from_db()
        assert getattr(shared, route.check) == body[route.check]
    else:
        assert route.fresh is not None
        doomed = route.fresh(api_world)
        assert send(director, "DELETE", route.url(doomed)).status_code == 204
        assert snapshot(doomed) == {}
