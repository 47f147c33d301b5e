"""The home page's cached figures are never stale and never cross scopes.

The cache is keyed by the data version, which every write changes: there is no fixture
clearing the cache between tests, and none is needed (see the last test).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pacer.access import actor_for_person
from pacer.crm.models import Order, Payment
from pacer.exchange.loader import data_import
from pacer.exchange.operator import OPERATOR
from pacer.ops.cache import cache_key, scope_key
from pacer.ops.dataversion import data_version, data_version_bump
from pacer.org.models import Person
from pacer.web.formatting import money_text
from tests.api.conftest import send, token_client
from tests.world import World

MONEY = re.compile(r'data-stat="orders-this-year">([^<]*)<')
PAYMENTS = re.compile(r'data-stat="payments-this-year">([^<]*)<')


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person.user)  # type: ignore[arg-type]
    return client


def _stat(client: Client, pattern: re.Pattern[str] = MONEY) -> str:
    page = client.get("/")
    assert page.status_code == 200
    found = pattern.search(page.content.decode())
    assert found is not None
    return found.group(1).strip()


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured.captured_queries)


def _by_orm(world: World, today: date, tmp_path: Path) -> None:
    Order.objects.create(customer=world.customers["a"], amount=Decimal(1000), signed_date=today)


def _by_import(world: World, today: date, tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(
        f"外部编号,客户编号,金额(元),签约日期\nO-new,C-a,1000.00,{today.isoformat()}\n",
        encoding="utf-8",
    )
    result = data_import(path=path, actor=OPERATOR)
    assert result.ok, result.report()


def _by_api(world: World, today: date, tmp_path: Path) -> None:
    body = {"customer_id": world.customers["a"].pk, "amount": "1000.00", "signed_date": str(today)}
    response = send(token_client(world.director), "POST", "/api/v1/orders", body)
    assert response.status_code == 201, response.content


ADDERS: dict[str, Callable[[World, date, Path], None]] = {
    "orm": _by_orm,
    "importer": _by_import,
    "api": _by_api,
}


@pytest.mark.parametrize("how", list(ADDERS))
def test_a_new_order_shows_on_the_very_next_request(
    world: World, today: date, tmp_path: Path, how: str
) -> None:
    director = _client(world.director)
    data_version_bump()
    cold = _queries(director)
    warm = _queries(director)
    assert warm < cold  # the figures came from the cache
    first = _stat(director)

    assert first == money_text(Decimal("360000.00"))  # the world's three orders

    ADDERS[how](world, today, tmp_path)
    assert _stat(director) == money_text(Decimal("361000.00"))
    assert _stat(director) == money_text(Decimal("361000.00"))


def test_a_changed_or_deleted_record_shows_at_once(world: World) -> None:
    director = _client(world.director)
    before = _stat(director, PAYMENTS)
    Payment.objects.filter(pk=world.payments["a"].pk).update(amount=Decimal("99.00"))
    changed = _stat(director, PAYMENTS)
    assert changed != before
    Payment.objects.filter(pk=world.payments["a"].pk).delete()
    assert _stat(director, PAYMENTS) not in {before, changed}


def test_people_with_different_scopes_never_see_each_others_numbers(world: World) -> None:
    # Each person's own total, computed and cached in turn, then read again from the cache.
    people = [world.director, world.manager_south, world.manager_east, world.rep_a, world.rep_c]
    clients = {person.pk: _client(person) for person in people}
    shown = {pk: _stat(client) for pk, client in clients.items()}
    # The director sees all three orders, a manager their team's, a rep their own.
    assert len({shown[world.director.pk], shown[world.manager_south.pk]}) == 2
    assert len({shown[world.manager_south.pk], shown[world.manager_east.pk]}) == 2
    assert len({shown[world.manager_south.pk], shown[world.rep_a.pk]}) == 2
    assert shown[world.manager_east.pk] == shown[world.rep_c.pk]  # 陈经理's team is 刘小刚
    for pk, client in reversed(clients.items()):
        assert _stat(client) == shown[pk]


def test_a_scope_change_is_a_write_and_shows_at_once(world: World) -> None:
    manager = _client(world.manager_east)
    before = _stat(manager)
    Person.objects.filter(pk=world.rep_a.pk).update(team=world.east, manager=world.manager_east)
    assert _stat(manager) != before


def test_a_rolled_back_write_never_brings_back_its_cached_figures(
    world: World, today: date
) -> None:
    """Why no test clears the cache: a token is random, so a rolled-back transaction's token
    (and the figures cached under it) is never the token of later data."""
    director = _client(world.director)
    start = data_version()
    seen: dict[str, str] = {}
    with pytest.raises(_RollBackError):
        _look_then_roll_back(director, world, today, seen)
    assert data_version() == start  # the rollback took the token back too
    # The figures of the rolled-back data are still in the cache, under their own token.
    director_scope = ("overview", scope_key(actor_for_person(world.director)))
    assert caches["default"].get(cache_key(director_scope, seen["token"], today)) is not None
    Order.objects.create(customer=world.customers["a"], amount=Decimal(7), signed_date=today)
    assert data_version() not in {start, seen["token"]}
    assert seen["shown"] == money_text(Decimal("365000.00"))
    assert _stat(director) == money_text(Decimal("360007.00"))


class _RollBackError(Exception):
    pass


def _look_then_roll_back(client: Client, world: World, today: date, seen: dict[str, str]) -> None:
    """Add an order, load the page (caching its figures), then roll the order back."""
    with transaction.atomic():
        Order.objects.create(customer=world.customers["a"], amount=Decimal(5000), signed_date=today)
        seen["token"] = data_version()
        seen["shown"] = _stat(client)
        raise _RollBackError
