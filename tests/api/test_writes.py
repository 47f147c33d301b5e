"""What the write routes do beyond scoping: defaults, assignments, cross-checks, conflicts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pacer.crm.models import Activity, ActivityKind, Milestone, Product, Project, Stage
from tests.api.conftest import ApiWorld, send, snapshot, token_client


def test_rep_cannot_create_a_project_owned_by_another_rep(api_world: ApiWorld) -> None:
    w = api_world.world
    body = {"name": "替别人建的项目", "customer_id": w.customers["a"].pk, "owner_id": w.rep_b.pk}
    response = send(token_client(w.rep_a), "POST", "/api/v1/projects", body)
    assert response.status_code == 403
    assert "owner_id" in response.json()["detail"]
    assert not Project.objects.filter(name="替别人建的项目").exists()


def test_rep_cannot_hand_own_project_to_another_rep_or_to_nobody(api_world: ApiWorld) -> None:
    w = api_world.world
    project = w.projects["a"]
    before = snapshot(project)
    client = token_client(w.rep_a)
    for owner in (w.rep_b.pk, w.rep_c.pk, None):
        response = send(client, "PATCH", f"/api/v1/projects/{project.pk}", {"owner_id": owner})
        assert response.status_code == 403, response.content
    assert snapshot(project) == before


def test_rep_cannot_move_own_project_to_another_reps_customer(api_world: ApiWorld) -> None:
    w = api_world.world
    project = w.projects["a"]
    before = snapshot(project)
    body = {"customer_id": w.customers["b"].pk}
    response = send(token_client(w.rep_a), "PATCH", f"/api/v1/projects/{project.pk}", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "customer_id"]
    assert snapshot(project) == before


def test_manager_reassigns_within_their_reps_only(api_world: ApiWorld) -> None:
    w = api_world.world
    client = token_client(w.manager_south)
    url = f"/api/v1/projects/{w.projects['a'].pk}"
    assert send(client, "PATCH", url, {"owner_id": w.rep_b.pk}).json()["owner_id"] == w.rep_b.pk
    assert send(client, "PATCH", url, {"owner_id": w.rep_c.pk}).status_code == 403
    assert Project.objects.get(pk=w.projects["a"].pk).owner_id == w.rep_b.pk


def test_director_reassigns_anywhere(api_world: ApiWorld) -> None:
    w = api_world.world
    url = f"/api/v1/projects/{w.projects['a'].pk}"
    response = send(token_client(w.director), "PATCH", url, {"owner_id": w.rep_c.pk})
    assert response.status_code == 200
    assert Project.objects.get(pk=w.projects["a"].pk).owner_id == w.rep_c.pk


def test_new_project_defaults_to_caller_and_stage_probability(api_world: ApiWorld) -> None:
    w = api_world.world
    client = token_client(w.rep_a)
    body = {"name": "新线索", "customer_id": w.customers["a"].pk, "stage": "negotiation"}
    created = send(client, "POST", "/api/v1/projects", body).json()
    assert created["owner_id"] == w.rep_a.pk
    assert created["probability"] == 75
    assert created["amount"] == "0.00"

    body = {"name": "自定概率", "stage": "proposal", "probability": 35}
    assert send(client, "POST", "/api/v1/projects", body).json()["probability"] == 35


def test_stage_change_takes_stage_probability_unless_given(api_world: ApiWorld) -> None:
    w = api_world.world
    client = token_client(w.rep_a)
    url = f"/api/v1/projects/{w.projects['a'].pk}"
    assert send(client, "PATCH", url, {"stage": "won"}).json()["probability"] == 100
    changed = send(client, "PATCH", url, {"stage": "negotiation", "probability": 60}).json()
    assert changed["probability"] == 60
    assert send(client, "PATCH", url, {"name": "只改名"}).json()["probability"] == 60


def test_product_implies_its_line_and_a_different_line_is_refused(api_world: ApiWorld) -> None:
    w = api_world.world
    client = token_client(w.rep_a)
    product = api_world.product
    body = {"name": "带产品", "product_id": product.pk}
    created = send(client, "POST", "/api/v1/projects", body).json()
    assert created["product_line_id"] == product.product_line_id

    other_line = send(
        token_client(w.director),
        "POST",
        "/api/v1/product-lines",
        {"code": "plc-hi", "name": "高端PLC", "is_new_product": True},
    ).json()
    body = {"name": "产品线不符", "product_id": product.pk, "product_line_id": other_line["id"]}
    response = send(client, "POST", "/api/v1/projects", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "product_line_id"
    assert not Project.objects.filter(name="产品线不符").exists()


def test_projects_filter_by_stage_owner_and_sign_date(api_world: ApiWorld) -> None:
    w = api_world.world
    Project.objects.filter(pk=w.projects["b"].pk).update(
        stage=Stage.WON, expected_sign_date=date(2026, 3, 1)
    )
    client = token_client(w.director)

    def names(query: str) -> set[str]:
        return {p["name"] for p in send(client, "GET", f"/api/v1/projects?{query}").json()["items"]}

    assert names("stage=won") == {"项目B"}
    assert names("stage=won&stage=proposal") == {"项目A", "项目B", "项目C"}
    assert names("is_open=true") == {"项目A", "项目C"}
    assert names(f"owner_id={w.rep_c.pk}") == {"项目C"}
    assert names("expected_sign_from=2026-01-01&expected_sign_to=2026-06-30") == {"项目B"}
    assert names("expected_sign_from=2026-09-15") == {"项目A", "项目C"}


def test_lists_are_paginated_with_limit_and_offset(api_world: ApiWorld) -> None:
    client = token_client(api_world.world.director)
    first = send(client, "GET", "/api/v1/projects?limit=2").json()
    rest = send(client, "GET", "/api/v1/projects?limit=2&offset=2").json()
    assert first["count"] == rest["count"] == 3
    assert len(first["items"]) == 2
    assert len(rest["items"]) == 1
    assert {p["id"] for p in first["items"]}.isdisjoint({p["id"] for p in rest["items"]})
    assert send(client, "GET", "/api/v1/projects?limit=501").status_code == 422


def test_money_is_a_decimal_string_and_dates_are_iso(api_world: ApiWorld) -> None:
    w = api_world.world
    client = token_client(w.rep_a)
    project = send(client, "GET", f"/api/v1/projects/{w.projects['a'].pk}").json()
    assert project["amount"] == "500000.00"
    assert project["expected_sign_date"] == "2026-09-15"
    payment = send(client, "GET", f"/api/v1/payments/{w.payments['a'].pk}").json()
    assert payment == {
        "id": w.payments["a"].pk,
        "external_id": "PAY-a",
        "order_id": w.orders["a"].pk,
        "amount": "60000.00",
        "date": "2026-04-10",
    }


def test_customer_seen_only_through_own_project_is_read_only(api_world: ApiWorld) -> None:
    w = api_world.world
    Project.objects.create(name="合作项目", customer=w.customers["b"], owner=w.rep_a)
    client = token_client(w.rep_a)
    url = f"/api/v1/customers/{w.customers['b'].pk}"
    before = snapshot(w.customers["b"])
    assert send(client, "GET", url).status_code == 200
    assert send(client, "PATCH", url, {"name": "被改了"}).status_code == 403
    assert send(client, "PATCH", url, {"owner_id": w.rep_a.pk}).status_code == 403
    assert snapshot(w.customers["b"]) == before


def test_new_customer_is_owned_by_its_creator(api_world: ApiWorld) -> None:
    w = api_world.world
    created = send(token_client(w.rep_a), "POST", "/api/v1/customers", {"name": "新客户"}).json()
    assert created["owner_id"] == w.rep_a.pk
    nobody = send(
        token_client(w.rep_a), "POST", "/api/v1/customers", {"name": "x", "owner_id": None}
    )
    assert nobody.status_code == 403


def test_milestone_owner_defaults_to_project_owner(api_world: ApiWorld) -> None:
    w = api_world.world
    body = {"project_id": w.projects["a"].pk, "name": "技术交流", "due_date": "2026-07-01"}
    created = send(token_client(w.manager_south), "POST", "/api/v1/milestones", body).json()
    assert created["owner_id"] == w.rep_a.pk


def test_rep_cannot_move_own_milestone_onto_another_reps_project(api_world: ApiWorld) -> None:
    w = api_world.world
    milestone = api_world.milestones["a"]
    before = snapshot(milestone)
    body = {"project_id": w.projects["b"].pk}
    response = send(token_client(w.rep_a), "PATCH", f"/api/v1/milestones/{milestone.pk}", body)
    assert response.status_code == 422
    assert snapshot(milestone) == before


def test_milestone_owned_by_rep_on_a_foreign_project_is_visible_to_that_rep(
    api_world: ApiWorld,
) -> None:
    w = api_world.world
    shared = Milestone.objects.create(
        project=w.projects["b"], name="协助演示", due_date=date(2026, 7, 1), owner=w.rep_a
    )
    client = token_client(w.rep_a)
    assert send(client, "GET", f"/api/v1/milestones/{shared.pk}").status_code == 200
    response = send(client, "PATCH", f"/api/v1/milestones/{shared.pk}", {"done_date": "2026-06-30"})
    assert response.status_code == 200
    assert Milestone.objects.get(pk=shared.pk).done_date == date(2026, 6, 30)
    assert send(client, "GET", f"/api/v1/projects/{w.projects['b'].pk}").status_code == 404


def test_deleting_a_referenced_record_is_a_conflict(api_world: ApiWorld) -> None:
    w = api_world.world
    client = token_client(w.director)
    assert send(client, "DELETE", f"/api/v1/customers/{w.customers['c'].pk}").status_code == 409
    assert send(client, "DELETE", f"/api/v1/projects/{w.projects['c'].pk}").status_code == 409
    assert (
        send(
            client, "DELETE", f"/api/v1/product-lines/{api_world.product.product_line_id}"
        ).status_code
        == 409
    )
    assert Project.objects.filter(pk=w.projects["c"].pk).exists()
    assert Product.objects.filter(pk=api_world.product.pk).exists()


def test_director_deletes_a_project_with_its_milestones(api_world: ApiWorld) -> None:
    w = api_world.world
    Activity.objects.filter(project=w.projects["c"]).delete()
    milestone = api_world.milestones["c"]
    response = send(token_client(w.director), "DELETE", f"/api/v1/projects/{w.projects['c'].pk}")
    assert response.status_code == 204
    assert not Project.objects.filter(pk=w.projects["c"].pk).exists()
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


def test_order_for_another_customers_project_is_refused(api_world: ApiWorld) -> None:
    w = api_world.world
    body = {
        "customer_id": w.customers["a"].pk,
        "project_id": w.projects["b"].pk,
        "amount": "1000.00",
        "signed_date": "2026-06-01",
    }
    response = send(token_client(w.director), "POST", "/api/v1/orders", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "project_id"


def test_director_records_an_order_and_its_payment(api_world: ApiWorld) -> None:
    w = api_world.world
    client = token_client(w.director)
    body = {
        "customer_id": w.customers["a"].pk,
        "project_id": w.projects["a"].pk,
        "person_id": w.rep_a.pk,
        "amount": "500000.00",
        "signed_date": "2026-09-10",
        "business_type": "new_product",
    }
    order = send(client, "POST", "/api/v1/orders", body).json()
    payment = send(
        client,
        "POST",
        "/api/v1/payments",
        {"order_id": order["id"], "amount": 150000.5, "date": "2026-10-01"},
    ).json()
    assert payment["amount"] == "150000.50"
    rep_orders = send(token_client(w.rep_a), "GET", "/api/v1/orders").json()["items"]
    assert order["id"] in {o["id"] for o in rep_orders}
    assert w.rep_a.orders.get(pk=order["id"]).payments.get().amount == Decimal("150000.50")


def test_activities_and_leads_filter_by_date_and_kind(api_world: ApiWorld) -> None:
    w = api_world.world
    Activity.objects.create(kind=ActivityKind.CALL, date=date(2026, 1, 5), person=w.rep_a)
    client = token_client(w.rep_a)
    calls = send(client, "GET", "/api/v1/activities?kind=call").json()
    assert calls["count"] == 1
    may = send(client, "GET", "/api/v1/activities?date_from=2026-05-01&date_to=2026-05-31").json()
    assert [a["id"] for a in may["items"]] == [api_world.activities["a"].pk]
    leads = send(client, "GET", "/api/v1/leads?source=exhibition").json()
    assert [lead["id"] for lead in leads["items"]] == [api_world.leads["a"].pk]


def test_milestone_owner_cannot_move_it_off_someone_elses_project(api_world: ApiWorld) -> None:
    w = api_world.world
    shared = Milestone.objects.create(
        project=w.projects["b"], name="协助演示", due_date=date(2026, 7, 1), owner=w.rep_a
    )
    body = {"project_id": w.projects["a"].pk}
    response = send(token_client(w.rep_a), "PATCH", f"/api/v1/milestones/{shared.pk}", body)
    assert response.status_code == 403
    assert Milestone.objects.get(pk=shared.pk).project_id == w.projects["b"].pk
