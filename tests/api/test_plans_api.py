"""Plans through the API: read by everyone (narrowed to their scope), built and approved by
directors and admins."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pacer.plans.models import Plan, PlanChange, PlanStatus
from pacer.plans.selectors import plan_json
from pacer.plans.services import plan_build
from tests.api.conftest import send, token_client
from tests.api.routes import KINDS, ROUTES
from tests.world import World

# Routes whose scoping is tested here, role by role (the route table cannot express them).
ROUTE_IDS = {"POST /api/v1/plans/{plan_id}/approve"}


@pytest.fixture
def plan(world: World) -> Plan:
    return plan_build(year=2026, target=Decimal(1_000_000), as_of=date(2026, 6, 15))


def approve(client: Client, plan_id: int, body: dict[str, Any] | None = None) -> Any:
    """POST …/approve with a JSON body, or with no body at all (it is optional)."""
    url = f"/api/v1/plans/{plan_id}/approve"
    if body is not None:
        return send(client, "POST", url, body)
    return client.post(url, content_type="application/json")


def nodes(node: dict[str, Any] | None) -> Iterator[dict[str, Any]]:
    if node is None:
        return
    yield node
    for child in node["children"]:
        yield from nodes(child)


def people_in(data: dict[str, Any]) -> set[int]:
    return {n["person_id"] for n in nodes(data["org_tree"]) if n["dimension"] == "person"}


def test_routes_of_other_kinds_are_the_ones_tested_here() -> None:
    assert {route.id for route in ROUTES if route.kind not in KINDS} == ROUTE_IDS


def test_everyone_with_a_person_lists_plans(world: World, plan: Plan) -> None:
    for person in (world.rep_a, world.manager_south, world.director):
        response = token_client(person).get("/api/v1/plans")
        assert response.status_code == 200
        assert response.json() == {
            "items": [
                {
                    "id": plan.pk,
                    "name": plan.name,
                    "year": 2026,
                    "version": 1,
                    "status": "draft",
                    "target": "1000000.00",
                }
            ],
            "count": 1,
        }
    client = token_client(world.rep_a)
    assert client.get("/api/v1/plans?year=2025").json()["count"] == 0
    assert client.get("/api/v1/plans?status=approved").json()["count"] == 0
    assert client.get("/api/v1/plans?status=draft").json()["count"] == 1
    assert client.get("/api/v1/plans?status=nonsense").status_code == 422


def test_a_login_without_a_person_sees_no_plan(world: World, plan: Plan) -> None:
    User.objects.create_user(username="visitor", password="pw-visitor-2026")
    client = Client()
    client.login(username="visitor", password="pw-visitor-2026")
    assert client.get("/api/v1/plans").json()["count"] == 0
    assert client.get(f"/api/v1/plans/{plan.pk}").status_code == 404


def test_a_director_reads_the_whole_plan(world: World, plan: Plan) -> None:
    response = token_client(world.director).get(f"/api/v1/plans/{plan.pk}")
    assert response.status_code == 200
    assert response.json() == plan_json(plan)
    assert people_in(response.json()) == {
        world.manager_south.pk,
        world.manager_east.pk,
        world.rep_a.pk,
        world.rep_b.pk,
        world.rep_c.pk,
    }


def test_a_rep_reads_the_market_tree_and_only_their_own_line_of_the_org_tree(
    world: World, plan: Plan
) -> None:
    full = plan_json(plan)
    data = token_client(world.rep_a).get(f"/api/v1/plans/{plan.pk}").json()
    assert data["tree"] == full["tree"]
    assert data["views"] == full["views"]
    assert data["target"] == full["target"]
    assert people_in(data) == {world.rep_a.pk}
    chain = [n["label"] for n in nodes(data["org_tree"])]
    assert chain == [world.company.name, world.root.name, world.south.name, world.rep_a.name]
    assert data["actions"]
    assert {a["person_id"] for a in data["actions"]} == {world.rep_a.pk}
    assert len(data["actions"]) < len(full["actions"])


def test_a_manager_reads_their_team(world: World, plan: Plan) -> None:
    data = token_client(world.manager_south).get(f"/api/v1/plans/{plan.pk}").json()
    assert people_in(data) == {world.manager_south.pk, world.rep_a.pk, world.rep_b.pk}
    assert world.east.name not in {n["label"] for n in nodes(data["org_tree"])}
    assert {a["person_id"] for a in data["actions"]} <= people_in(data)


def test_an_unknown_plan_is_404(world: World) -> None:
    assert token_client(world.director).get("/api/v1/plans/999999").status_code == 404


def test_a_director_builds_a_draft(world: World) -> None:
    body = {"year": 2026, "target": "1200000.00", "growth": "0.25", "name": "冲刺版"}
    response = send(token_client(world.director), "POST", "/api/v1/plans", body)
    assert response.status_code == 201, response.content
    data = response.json()
    stored = Plan.objects.get(pk=data["id"])
    assert (stored.name, stored.year, stored.target) == ("冲刺版", 2026, Decimal(1_200_000))
    assert stored.status == PlanStatus.DRAFT
    assert stored.assumptions["wanted_growth"] == "0.25"
    assert stored.created_by == world.director.user
    assert data == plan_json(stored)


@pytest.mark.parametrize("who", ["rep_a", "manager_south"])
def test_reps_and_managers_cannot_build(world: World, who: str) -> None:
    body = {"year": 2026, "target": "1200000.00"}
    response = send(token_client(getattr(world, who)), "POST", "/api/v1/plans", body)
    assert response.status_code == 403
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"year": 2026, "target": "0"}, "target"),
        ({"year": 2026, "target": "-5"}, "target"),
        ({"year": 2026, "target": "abc"}, "target"),
        ({"year": 1999, "target": "100"}, "year"),
        ({"year": 2026, "target": "100", "growth": "-1"}, "growth"),
        ({"year": 2026, "target": "100", "as_of": "2026-13-01"}, "as_of"),
        ({"year": 2026, "target": "100", "colour": "red"}, "colour"),
        ({"target": "100"}, "year"),
    ],
)
def test_bad_input_is_422_naming_the_field(world: World, body: dict[str, Any], field: str) -> None:
    response = send(token_client(world.director), "POST", "/api/v1/plans", body)
    assert response.status_code == 422, response.content
    assert field in {str(part) for error in response.json()["detail"] for part in error["loc"]}
    assert not Plan.objects.exists()


def test_a_director_approves_a_draft_once(world: World, plan: Plan) -> None:
    client = token_client(world.director)
    response = approve(client, plan.pk, {"reason": "董事会通过"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_by == world.director.user
    change = PlanChange.objects.get(plan=plan, action="approve")
    assert change.reason == "董事会通过"
    again = approve(client, plan.pk)
    assert again.status_code == 409
    assert "草稿" in again.json()["detail"]


@pytest.mark.parametrize("who", ["rep_a", "manager_south"])
def test_reps_and_managers_cannot_approve(world: World, plan: Plan, who: str) -> None:
    response = approve(token_client(getattr(world, who)), plan.pk)
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert not PlanChange.objects.filter(plan=plan, action="approve").exists()


def test_approving_an_unknown_plan_is_404(world: World) -> None:
    response = approve(token_client(world.director), 999999)
    assert response.status_code == 404


def test_an_admin_builds_and_approves(world: World) -> None:
    client = token_client(world.admin)
    created = send(client, "POST", "/api/v1/plans", {"year": 2026, "target": "800000"})
    assert created.status_code == 201
    approved = approve(client, created.json()["id"])
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"


def test_approval_with_a_bad_body_is_422_and_changes_nothing(world: World, plan: Plan) -> None:
    response = approve(token_client(world.director), plan.pk, {"reason": "x" * 301})
    assert response.status_code == 422
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
