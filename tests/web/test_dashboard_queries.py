"""The dashboards read in a fixed number of SQL queries, however many people and records there
are: a query per person or per record (N+1) would not survive a company of thousands.

The home page keeps its figures per data version (``pacer.ops.cache``): counts are taken of a
*cold* page (the first after a write, everything computed) and of a *warm* one (the same data
again, figures from the cache)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pacer.crm.models import (
    Activity,
    ActivityKind,
    Customer,
    Milestone,
    Order,
    Payment,
    Project,
    Stage,
)
from pacer.ops.dataversion import data_version_bump
from pacer.org.models import AccessRole, Person, Position, Team
from tests.plans.conftest import DEMO_DAY, demo, demo_plan  # noqa: F401
from tests.progress.conftest import client_for, demo_today  # noqa: F401
from tests.world import World, make_person

# Upper bounds with some room; the point is that they do not grow with the data.
HOME_QUERIES = 45
# A warm home page: the session, the user, the person, the data version, and the few records
# of its short lists read by id.
WARM_HOME_QUERIES = 12
TRACK_QUERIES = 40


def _add_reps(count: int, *, manager: Person, team: Team | None, day: date, start: int = 0) -> None:
    """``count`` more reps under ``manager``, each with a customer, an open and a won project,
    an overdue milestone, an order with a payment, an unsigned order and an activity."""
    for i in range(start, start + count):
        rep = make_person(
            f"加测{i}",
            login=f"extra-rep-{i}",
            role=AccessRole.REP,
            position=Position.ACCOUNT_EXECUTIVE,
            team=team,
            manager=manager,
        )
        customer = Customer.objects.create(name=f"加测客户{i}", owner=rep)
        open_project = Project.objects.create(
            name=f"加测项目{i}",
            customer=customer,
            owner=rep,
            stage=Stage.PROPOSAL,
            amount=Decimal("1000.50"),
            expected_sign_date=day + timedelta(days=20),
        )
        Project.objects.create(
            name=f"加测赢单{i}", customer=customer, owner=rep, stage=Stage.WON, amount=Decimal(7)
        )
        Milestone.objects.create(
            project=open_project, name=f"加测节点{i}", due_date=day - timedelta(days=3), owner=rep
        )
        order = Order.objects.create(
            customer=customer, person=rep, amount=Decimal("500.25"), signed_date=day
        )
        Payment.objects.create(order=order, amount=Decimal("200.10"), date=day)
        unsigned = Order.objects.create(customer=customer, amount=Decimal(3), signed_date=day)
        Payment.objects.create(order=unsigned, amount=Decimal(1), date=day)
        Activity.objects.create(
            kind=ActivityKind.VISIT, date=day - timedelta(days=5), person=rep, customer=customer
        )


def _queries(client: Client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(path)
    assert page.status_code == 200
    return len(captured.captured_queries), page.content.decode()


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person.user)  # type: ignore[arg-type]
    return client


def _cold_queries(client: Client, path: str) -> tuple[int, str]:
    """Queries of ``path`` right after the data changed (nothing of it cached)."""
    data_version_bump()
    return _queries(client, path)


def _add_first_rep(world: World, day: date) -> None:
    # Every list of the page then has a record to read (an empty list is read in no query).
    _add_reps(1, manager=world.manager_south, team=world.south, day=day, start=100)


def test_director_home_queries_do_not_grow_with_the_company(world: World, today: date) -> None:
    director = _client(world.director)
    _add_first_rep(world, today)
    _queries(director, "/")  # warm the per-process lookups (content types, sessions)
    before, page = _cold_queries(director, "/")
    assert 'id="teams"' in page
    warm_before, _ = _queries(director, "/")
    _add_reps(50, manager=world.manager_south, team=world.south, day=today)
    after, page = _queries(director, "/")  # the new records changed the data version
    assert after == before
    assert before <= HOME_QUERIES
    # The new reps' records are in the figures (their open projects are the soonest to sign).
    assert "加测项目" in page
    warm_after, _ = _queries(director, "/")
    assert warm_after == warm_before <= WARM_HOME_QUERIES < before


def test_manager_home_queries_do_not_grow_with_the_team(world: World, today: date) -> None:
    manager = _client(world.manager_south)
    _add_first_rep(world, today)
    _queries(manager, "/")
    before, _ = _cold_queries(manager, "/")
    _add_reps(50, manager=world.manager_south, team=world.south, day=today)
    after, page = _queries(manager, "/")
    assert after == before
    assert before <= HOME_QUERIES
    # One row per person of the team, the new reps included.
    assert page.count('data-person="') >= 50 + 1 + 3


@pytest.mark.usefixtures("demo_plan", "demo_today")
def test_track_page_queries_do_not_grow_with_the_company() -> None:
    director = client_for("demo-director")
    _queries(director, "/track/")
    before, page = _cold_queries(director, "/track/")
    assert 'class="track-row"' in page
    warm, _ = _queries(director, "/track/")  # the report comes from the cache
    manager = Person.objects.get(user__username="demo-prd1")
    _add_reps(50, manager=manager, team=manager.team, day=DEMO_DAY)
    after, _ = _queries(director, "/track/")  # the new records changed the data version
    assert after == before
    assert before <= TRACK_QUERIES
    assert warm < before


@pytest.mark.usefixtures("demo_plan", "demo_today")
def test_the_cached_track_report_shows_a_new_order_at_once() -> None:
    director = client_for("demo-director")

    def company_actual() -> Decimal:
        report = director.get("/track/").context["report"]
        return next(n for n in report.trees["org"] if n.node.parent_id is None).year.actual

    first = company_actual()
    assert company_actual() == first  # served from the cache
    customer = Customer.objects.order_by("pk").first()
    assert customer is not None
    day = DEMO_DAY - timedelta(days=3)  # well inside the year to date
    Order.objects.create(customer=customer, amount=Decimal("12345.67"), signed_date=day)
    assert company_actual() == first + Decimal("12345.67")
