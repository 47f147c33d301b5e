"""The data version changes on every kind of write to a watched table, and on no read; the
cache keyed by it computes a value once per version.

The triggers are checked in the database's own catalogue: a new model in a watched app whose
migration does not call ``pacer.ops.triggers.install`` fails here.
"""

from __future__ import annotations

import shutil
import threading
import time
import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.cache import caches
from django.db import connection
from django.test import Client

from pacer.crm.models import Order, Payment
from pacer.exchange.loader import data_import
from pacer.exchange.operator import OPERATOR
from pacer.ops import cache as cache_module
from pacer.ops import triggers
from pacer.ops.backup import backup_create, backup_restore
from pacer.ops.cache import cached
from pacer.ops.dataversion import data_version, data_version_bump, data_version_pinned
from pacer.ops.models import DataVersion
from pacer.org.models import Person, Team
from tests.world import World

DAY = date(2026, 5, 2)


class _RawEditor:
    """Just enough of a schema editor for ``triggers.remove`` inside a test's transaction."""

    def __init__(self) -> None:
        self.connection = connection

    def quote_name(self, name: str) -> str:
        return connection.ops.quote_name(name)

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


def _watched() -> list[str]:
    return triggers.watched_tables(django_apps)


# -- the triggers are there ----------------------------------------------------------------------


@pytest.mark.django_db
def test_every_table_of_the_watched_apps_has_its_triggers() -> None:
    tables = _watched()
    # The tables the home page and the progress pages read are among them.
    for table in ("crm_order", "crm_payment", "crm_project", "org_person", "plans_plannode"):
        assert table in tables
    assert "audit_auditevent" not in tables
    assert "ops_dataversion" not in tables
    assert triggers.tables_missing_triggers(connection, tables) == {}


@pytest.mark.django_db
def test_a_table_without_its_triggers_is_found() -> None:
    triggers.remove(_RawEditor(), "crm_order")  # undone with the test's transaction
    missing = triggers.tables_missing_triggers(connection, _watched())
    expected = ["insert", "update", "delete"]
    if connection.vendor == "postgresql":
        expected.append("truncate")
    assert missing == {"crm_order": expected}


# -- every kind of write changes the token -------------------------------------------------------


def _orm_create(world: World) -> None:
    Order.objects.create(customer=world.customers["a"], amount=Decimal(1), signed_date=DAY)


def _orm_save(world: World) -> None:
    order = world.orders["a"]
    order.amount = Decimal("1.50")
    order.save()


def _bulk_create(world: World) -> None:
    Order.objects.bulk_create(
        [Order(customer=world.customers["b"], amount=Decimal(i), signed_date=DAY) for i in (1, 2)]
    )


def _queryset_update(world: World) -> None:
    Payment.objects.filter(pk=world.payments["c"].pk).update(amount=Decimal(7))


def _queryset_delete(world: World) -> None:
    Payment.objects.filter(pk=world.payments["c"].pk).delete()


def _raw_sql(world: World) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE crm_order SET amount = %s WHERE id = %s", [3, world.orders["b"].pk])


def _person_renamed(world: World) -> None:
    Person.objects.filter(pk=world.rep_a.pk).update(name="改名")


def _team_moved(world: World) -> None:
    Team.objects.filter(pk=world.east.pk).update(parent=None)


WRITES: dict[str, Callable[[World], None]] = {
    "orm create": _orm_create,
    "orm save": _orm_save,
    "bulk_create": _bulk_create,
    "queryset update": _queryset_update,
    "queryset delete": _queryset_delete,
    "raw sql": _raw_sql,
    "a person": _person_renamed,
    "a team": _team_moved,
}


@pytest.mark.parametrize("write", list(WRITES))
def test_every_kind_of_write_changes_the_token(world: World, write: str) -> None:
    before = data_version()
    WRITES[write](world)
    assert data_version() != before


def test_an_import_changes_the_token(world: World, tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(
        "外部编号,客户编号,金额(元),签约日期\nO-new,C-a,2500.00,2026-05-02\n", encoding="utf-8"
    )
    before = data_version()
    result = data_import(path=path, actor=OPERATOR)
    assert result.ok, result.report()
    assert Order.objects.filter(external_id="O-new").exists()
    assert data_version() != before


def test_a_copy_changes_the_token(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    customer = world.customers["a"].pk
    before = data_version()
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor  # psycopg's own cursor: Django has no COPY
        with raw.copy(
            "COPY crm_order (customer_id, amount, signed_date, business_type) FROM STDIN"
        ) as copy:
            for day in range(1, 6):
                copy.write_row((customer, Decimal(day), date(2026, 5, day), "new_customer"))
    assert data_version() != before
    assert Order.objects.filter(customer_id=customer).count() == 1 + 5


def test_a_truncate_changes_the_token(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    before = data_version()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checks the world's keys now
        before = data_version()
        cursor.execute("TRUNCATE crm_payment")
    assert data_version() != before


# -- reads do not ------------------------------------------------------------------------------


def test_reads_and_page_views_leave_the_token_alone(world: World) -> None:
    client = Client()
    client.force_login(world.director.user)  # type: ignore[arg-type]
    before = data_version()
    assert list(Order.objects.order_by("pk"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM crm_payment")
    for path in ("/", "/", "/track/"):
        assert client.get(path).status_code == 200
    assert data_version() == before


# -- the token itself ----------------------------------------------------------------------------


def test_a_bump_gives_a_new_random_token(db: None) -> None:
    first = data_version()
    second = data_version_bump()
    assert second != first
    assert data_version() == second
    assert len({data_version_bump() for _ in range(5)}) == 5


def test_a_missing_row_is_made_again_with_a_new_token(db: None) -> None:
    old = data_version()
    DataVersion.objects.all().delete()
    fresh = data_version()
    assert fresh
    assert fresh != old
    assert data_version() == fresh


def test_a_pinned_token_holds_for_the_block(world: World) -> None:
    with data_version_pinned() as pinned:
        _orm_create(world)
        assert data_version() == pinned
    assert data_version() != pinned


@pytest.mark.django_db(transaction=True)
def test_a_restore_gives_a_new_token(tmp_path: Path) -> None:
    if connection.vendor == "postgresql" and shutil.which("pg_restore") is None:
        pytest.skip("the PostgreSQL restore needs pg_restore")
    path = backup_create(path=tmp_path / "pacer.backup")
    in_backup = data_version()
    backup_restore(path=path)
    assert data_version() != in_backup
    assert triggers.tables_missing_triggers(connection, _watched()) == {}


# -- the read-through cache ----------------------------------------------------------------------


def test_a_value_is_computed_once_per_data_version_and_day(world: World) -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    key = ("test-once", world.director.pk)
    assert cached(key, compute, today=DAY) == 1
    assert cached(key, compute, today=DAY) == 1
    assert cached(key, compute, today=date(2026, 5, 3)) == 2  # another day
    _orm_create(world)
    assert cached(key, compute, today=DAY) == 3  # other data
    assert cached(("test-once", 0), compute, today=DAY) == 4  # other key parts


def test_a_request_waits_for_the_value_another_is_computing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = f"token-wait-{uuid.uuid4().hex}"  # never found in a cache left by an earlier run
    monkeypatch.setattr(cache_module, "data_version", lambda: token)
    monkeypatch.setattr(cache_module, "POLL_SECONDS", 0.01)
    store = caches[cache_module.CACHE_ALIAS]
    key = cache_module.cache_key(("test-wait",), token, DAY)
    assert store.add(key + ":computing", 1)  # another request is computing
    results: list[str] = []
    waiter = threading.Thread(
        target=lambda: results.append(cached(("test-wait",), lambda: "mine", today=DAY))
    )
    waiter.start()
    time.sleep(0.1)
    store.set(key, "theirs")
    waiter.join(timeout=5)
    assert results == ["theirs"]


def test_a_request_computes_itself_when_the_other_gives_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = f"token-gave-up-{uuid.uuid4().hex}"
    monkeypatch.setattr(cache_module, "data_version", lambda: token)
    monkeypatch.setattr(cache_module, "POLL_SECONDS", 0.01)
    store = caches[cache_module.CACHE_ALIAS]
    key = cache_module.cache_key(("test-gave-up",), token, DAY)
    assert store.add(key + ":computing", 1)
    results: list[str] = []
    waiter = threading.Thread(
        target=lambda: results.append(cached(("test-gave-up",), lambda: "mine", today=DAY))
    )
    waiter.start()
    time.sleep(0.1)
    store.delete(key + ":computing")  # the other request failed
    waiter.join(timeout=5)
    assert results == ["mine"]
    assert store.get(key) == "mine"


# -- PostgreSQL: writers never queue on the version, readers see it change at commit -------------


def _on_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; its triggers change the token row")


@pytest.mark.django_db(transaction=True)
def test_writers_do_not_wait_for_each_other_and_the_version_changes_at_commit() -> None:
    _on_postgres()
    from django.db import connections, transaction

    from tests.world import build_world

    world = build_world()
    before = data_version()
    opened = threading.Event()
    release = threading.Event()
    seen_inside: list[str] = []

    def long_writer() -> None:
        try:
            with transaction.atomic():
                _orm_create(world)  # notes this transaction, then stays open
                seen_inside.append(data_version())
                opened.set()
                assert release.wait(timeout=60)
        finally:
            connections.close_all()

    thread = threading.Thread(target=long_writer)
    thread.start()
    assert opened.wait(timeout=10)
    try:
        # Another writer commits at once, although the first transaction is still open.
        started = time.perf_counter()
        with transaction.atomic():
            Payment.objects.filter(pk=world.payments["c"].pk).update(amount=Decimal(9))
        # Had it queued behind the open transaction, it would have waited for its 60 s.
        assert time.perf_counter() - started < 30
        after_second = data_version()
        assert after_second != before
        assert seen_inside[0] not in {before, after_second}  # its own write, not yet visible
    finally:
        release.set()
        thread.join(timeout=60)
    assert data_version() not in {before, after_second}  # the first writer's commit counts too


@pytest.mark.django_db(transaction=True)
def test_a_prune_empties_the_notes_and_never_repeats_a_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _on_postgres()
    from pacer.ops import dataversion
    from pacer.ops.models import DataChange
    from tests.world import build_world

    world = build_world()
    seen = {data_version()}
    _orm_create(world)
    seen.add(data_version())
    assert DataChange.objects.count() > 1
    monkeypatch.setattr(dataversion, "PRUNE_AT", 1)
    pruned = data_version()
    assert pruned not in seen
    assert DataChange.objects.count() == 1  # the marker
    assert data_version() == pruned  # reads leave it alone


def test_inside_a_transaction_every_write_and_rollback_has_its_own_version(world: World) -> None:
    _on_postgres()
    from django.db import transaction

    start = data_version()
    seen: list[str] = []

    def write_look_and_roll_back() -> None:
        with transaction.atomic():
            _orm_create(world)
            seen.append(data_version())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_look_and_roll_back()
    rolled_back = seen[0]
    assert rolled_back != start
    assert data_version() == start  # the data is as it was, and so is the version
    _orm_create(world)
    assert data_version() not in {start, rolled_back}
