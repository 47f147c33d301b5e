"""The track API as every role: anonymous, a rep (own vs another rep's), a manager
(subordinates vs others) and the director, on the shared world with a plan built over it.

rep_a and rep_b report to manager_south, rep_c to manager_east. Each rep signed one order of
120,000 on 2026-03-10 and owns one open project (500,000, expected 2026-09-15) that backs
September in the plan.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from pacer.crm.models import Project
from pacer.org.models import Person
from pacer.plans.models import Plan, PlanNode
from pacer.plans.services import plan_build
from pacer.web import clock
from tests.api.conftest import ApiWorld, token_client

ROUTE_IDS = {
    "GET /api/v1/track",
    "GET /api/v1/track/nodes/{node_id}",
    "GET /api/v1/track/lead-sources",
}
DAY = "2026-06-15"


@pytest.fixture
def plan(api_world: ApiWorld) -> Plan:
    return plan_build(year=2026, target=Decimal(3_000_000), as_of=date(2026, 6, 15))


def _node(plan: Plan, person: Person) -> PlanNode:
    return PlanNode.objects.get(plan=plan, tree="org", person=person)


def _get(client: Client, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json()


def _org_people(data: dict[str, Any]) -> set[int]:
    return {n["person_id"] for n in data["trees"]["org"] if n["dimension"] == "person"}


def _postpone(project: Project) -> None:
    project.expected_sign_date = date(2026, 10, 20)
    project.save()


@pytest.mark.parametrize(
    "path", ["/api/v1/track", "/api/v1/track/nodes/1", "/api/v1/track/lead-sources"]
)
def test_anonymous_caller_gets_401(api_world: ApiWorld, plan: Plan, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_rep_sees_own_node_not_another_reps(api_world: ApiWorld, plan: Plan) -> None:
    w = api_world.world
    client = token_client(w.rep_a)
    data = _get(client, f"/api/v1/track?as_of={DAY}")
    assert _org_people(data) == {w.rep_a.pk}
    # Their own chain up to the company, and the whole market tree.
    assert [n["label"] for n in data["trees"]["org"]] == ["测试工业", "销售部", "华南组", "王小明"]
    assert len(data["trees"]["market"]) == PlanNode.objects.filter(plan=plan, tree="market").count()
    own = next(n for n in data["trees"]["org"] if n["person_id"] == w.rep_a.pk)
    assert Decimal(own["actual"]) == Decimal(120_000)
    assert [f["person_id"] for f in data["funnel"]] == [w.rep_a.pk]
    assert _get(client, f"/api/v1/track/nodes/{own['id']}?as_of={DAY}")["node"]["id"] == own["id"]
    for other in (w.rep_b, w.rep_c, w.manager_south):
        response = client.get(f"/api/v1/track/nodes/{_node(plan, other).pk}?as_of={DAY}")
        assert response.status_code == 404
    sources = _get(client, f"/api/v1/track/lead-sources?as_of={DAY}")
    assert {s["source"]: s["leads"] for s in sources["sources"]}["exhibition"] == 1


def test_rep_never_sees_another_reps_project_name(api_world: ApiWorld, plan: Plan) -> None:
    w = api_world.world
    _postpone(w.projects["b"])
    company = PlanNode.objects.get(plan=plan, tree="market", parent=None)
    path = f"/api/v1/track/nodes/{company.pk}?as_of={DAY}"
    as_a = _get(token_client(w.rep_a), path)["gap"]["slipped"]
    as_b = _get(token_client(w.rep_b), path)["gap"]["slipped"]
    as_director = _get(token_client(w.director), path)["gap"]["slipped"]
    assert [(s["project_id"], s["name"], s["kind"]) for s in as_director] == [
        (w.projects["b"].pk, "项目B", "postponed")
    ]
    assert [(s["project_id"], s["name"], s["expected_sign_date"]) for s in as_a] == [
        (None, None, None)
    ]
    assert as_a[0]["amount"] == "500000.00"
    assert [(s["project_id"], s["name"]) for s in as_b] == [(w.projects["b"].pk, "项目B")]
    whole = _get(token_client(w.rep_a), f"/api/v1/track?as_of={DAY}")
    names = [s["name"] for g in whole["gaps"] for s in g["slipped"]]
    assert "项目B" not in names


def test_manager_sees_subordinates_not_others(api_world: ApiWorld, plan: Plan) -> None:
    w = api_world.world
    client = token_client(w.manager_south)
    data = _get(client, f"/api/v1/track?as_of={DAY}")
    assert _org_people(data) == {w.manager_south.pk, w.rep_a.pk, w.rep_b.pk}
    team = next(n for n in data["trees"]["org"] if n["label"] == "华南组")
    assert Decimal(team["actual"]) == Decimal(240_000)
    rep_b = _get(client, f"/api/v1/track/nodes/{_node(plan, w.rep_b).pk}?as_of={DAY}")
    assert Decimal(rep_b["node"]["actual"]) == Decimal(120_000)
    for other in (w.rep_c, w.manager_east):
        response = client.get(f"/api/v1/track/nodes/{_node(plan, other).pk}?as_of={DAY}")
        assert response.status_code == 404
    sources = _get(client, f"/api/v1/track/lead-sources?as_of={DAY}")
    assert {s["source"]: s["leads"] for s in sources["sources"]}["exhibition"] == 2


def test_director_sees_everyone(api_world: ApiWorld, plan: Plan) -> None:
    w = api_world.world
    client = token_client(w.director)
    data = _get(client, f"/api/v1/track?as_of={DAY}")
    people = {w.manager_south.pk, w.manager_east.pk, w.rep_a.pk, w.rep_b.pk, w.rep_c.pk}
    assert _org_people(data) == people
    assert len(data["trees"]["org"]) == PlanNode.objects.filter(plan=plan, tree="org").count()
    assert Decimal(data["trees"]["org"][0]["actual"]) == Decimal(360_000)
    assert Decimal(data["trees"]["org"][0]["payments"]["actual"]) == Decimal(180_000)
    rep_c = _get(client, f"/api/v1/track/nodes/{_node(plan, w.rep_c).pk}?as_of={DAY}")
    assert rep_c["ancestors"] == [
        {"id": n.pk, "label": n.label}
        for n in PlanNode.objects.filter(plan=plan, tree="org", dimension__in=["company", "team"])
        .exclude(key=f"team:{w.south.pk}")
        .order_by("position")
    ]
    sources = _get(client, f"/api/v1/track/lead-sources?as_of={DAY}")
    assert {s["source"]: s["leads"] for s in sources["sources"]}["exhibition"] == 3


def test_default_day_plan_choice_and_bad_input(
    api_world: ApiWorld, plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "today", lambda: date(2026, 6, 15))
    client = token_client(api_world.world.director)
    data = _get(client, "/api/v1/track")
    assert data["as_of"] == DAY
    assert data["plan"]["id"] == plan.pk
    assert _get(client, f"/api/v1/track?plan_id={plan.pk}")["plan"]["id"] == plan.pk
    assert client.get("/api/v1/track?plan_id=999999").status_code == 404
    assert client.get("/api/v1/track/nodes/999999").status_code == 404
    assert client.get("/api/v1/track?as_of=2026-02-30").status_code == 422
    window = client.get("/api/v1/track/lead-sources?start=2026-06-01&end=2026-01-01")
    assert window.status_code == 422
    assert "start" in window.json()["detail"]
    custom = _get(client, "/api/v1/track/lead-sources?start=2026-01-01&end=2026-06-01")
    assert custom["window"] == {"start": "2026-01-01", "end": "2026-06-01"}
    assert len(custom["months"]) == 5
