"""Incentive statements through the API, role by role (see tests/incentives/factories)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from pacer.incentives.models import IncentiveStatement, StatementStatus
from pacer.incentives.services import incentives_compute
from pacer.org.models import Person
from tests.api.conftest import send, token_client
from tests.incentives.factories import AS_OF, JULY, July, build_july, order
from tests.world import World

ROUTE_IDS = {
    "GET /api/v1/incentives/statements",
    "GET /api/v1/incentives/statements/{statement_id}",
    "POST /api/v1/incentives/compute",
}

LIST = "/api/v1/incentives/statements"
COMPUTE = "/api/v1/incentives/compute"


def detail_url(statement: IncentiveStatement) -> str:
    return f"{LIST}/{statement.pk}"


@pytest.fixture
def july(world: World) -> July:
    return build_july(world)


@pytest.fixture
def computed(july: July) -> July:
    incentives_compute(month=JULY, as_of=AS_OF, user=None)
    return july


def statement_of(person: Person) -> IncentiveStatement:
    return IncentiveStatement.objects.get(person=person, status=StatementStatus.CURRENT)


def people_listed(client: Client, query: str = "?month=2026-07") -> set[int]:
    response = send(client, "GET", LIST + query)
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    assert body["count"] == len(body["items"])
    return {item["person_id"] for item in body["items"]}


def test_anonymous_callers_get_401_and_change_nothing(computed: July) -> None:
    a = statement_of(computed.world.rep_a)
    client = Client()
    assert send(client, "GET", LIST).status_code == 401
    assert send(client, "GET", detail_url(a)).status_code == 401
    assert send(client, "POST", COMPUTE, {"month": "2026-07"}).status_code == 401
    assert IncentiveStatement.objects.count() == 3


def test_a_rep_reads_their_own_statements_only(computed: July) -> None:
    w = computed.world
    client = token_client(w.rep_a)
    assert people_listed(client) == {w.rep_a.pk}
    own = send(client, "GET", detail_url(statement_of(w.rep_a)))
    assert own.status_code == 200
    body = own.json()
    assert body["total"] == "50500.00"
    assert body["lines"][2] == {
        "code": "commission",
        "amount": "18600.00",
        "values": {"weighted_sales": "620000.00", "rate": "0.0300", "target_met": 1},
        "label": "提成",
        "explanation": "提成：加权销售额 62.00万 × 费率 3.0%（当月目标已达成，+1%）= 1.86万",
    }
    assert [v["version"] for v in body["versions"]] == [1]
    for other in (w.rep_b, w.rep_c):
        assert send(client, "GET", detail_url(statement_of(other))).status_code == 404


def test_a_rep_may_not_compute(computed: July) -> None:
    response = send(token_client(computed.world.rep_a), "POST", COMPUTE, {"month": "2026-07"})
    assert response.status_code == 403
    assert IncentiveStatement.objects.count() == 3


def test_a_manager_reads_their_reports_and_not_others(computed: July) -> None:
    w = computed.world
    client = token_client(w.manager_south)
    assert people_listed(client) == {w.rep_a.pk, w.rep_b.pk}
    assert send(client, "GET", detail_url(statement_of(w.rep_b))).status_code == 200
    assert send(client, "GET", detail_url(statement_of(w.rep_c))).status_code == 404
    response = send(client, "POST", COMPUTE, {"month": "2026-07"})
    assert response.status_code == 403
    assert people_listed(token_client(w.manager_east)) == {w.rep_c.pk}


def test_a_director_reads_all_and_computes(july: July) -> None:
    w = july.world
    client = token_client(w.director)
    assert people_listed(client) == set()
    response = send(client, "POST", COMPUTE, {"month": "2026-07", "as_of": "2026-08-05"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["month"] == "2026-07"
    assert len(body["created"]) == 3
    assert {s["person"]: s["total"] for s in body["statements"]} == {
        "王小明": "50500.00",
        "赵小红": "6000.00",
        "刘小刚": "6000.00",
    }
    assert people_listed(client) == {w.rep_a.pk, w.rep_b.pk, w.rep_c.pk}
    assert statement_of(w.rep_c).computed_by_id == w.director.user_id
    # A late order, computed again: one new version, the first kept and listed on request.
    order(w, "b", "100000.00", date(2026, 7, 30))
    again = send(client, "POST", COMPUTE, {"month": "2026-07", "as_of": "2026-08-20"}).json()
    assert len(again["created"]) == 1
    assert len(again["unchanged"]) == 2
    everything = send(client, "GET", LIST + "?month=2026-07&all_versions=true").json()
    versions = sorted(
        (item["version"], item["status"], item["total"])
        for item in everything["items"]
        if item["person_id"] == w.rep_b.pk
    )
    assert versions == [(1, "superseded", "6000.00"), (2, "current", "12000.00")]


def test_an_admin_computes(july: July) -> None:
    response = send(token_client(july.world.admin), "POST", COMPUTE, {"month": "2026-07"})
    assert response.status_code == 200
    assert IncentiveStatement.objects.count() == 3


def test_filters_and_pages(computed: July) -> None:
    w = computed.world
    client = token_client(w.director)
    assert people_listed(client, f"?person_id={w.rep_c.pk}") == {w.rep_c.pk}
    page = send(client, "GET", LIST + "?limit=2&offset=0").json()
    assert len(page["items"]) == 2
    assert page["count"] == 3
    assert people_listed(client, "?month=2026-06") == set()


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("GET", LIST + "?month=2026-13", None, "month"),
        ("POST", COMPUTE, {"month": "July"}, "month"),
        ("POST", COMPUTE, {"month": "2026-07", "extra": 1}, "extra"),
        ("POST", COMPUTE, {"month": "2026-12", "as_of": "2026-08-05"}, "month"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(
    computed: July, method: str, path: str, body: dict[str, Any] | None, field: str
) -> None:
    response = send(token_client(computed.world.director), method, path, body)
    assert response.status_code == 422, response.content
    assert field in {item["loc"][-1] for item in response.json()["detail"]}
    assert IncentiveStatement.objects.count() == 3
