"""Bad input is answered with 422 and a message naming the field, never with a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from pacer.api.schemas.common import MAX_ID
from pacer.crm.models import Customer, Order, Payment, Project
from tests.api.conftest import ApiWorld, send, token_client

# An id no record can have, yet a valid id for the schema.
MISSING = MAX_ID


@pytest.fixture
def rep_client(api_world: ApiWorld) -> Client:
    return token_client(api_world.world.rep_a)


def _field_of(response: Any) -> str:
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert detail
    assert all(error["msg"] for error in detail)
    return str(detail[0]["loc"][-1])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "负金额", "amount": "-1.00"}, "amount"),
        ({"name": "五位小数", "amount": "12.34567"}, "amount"),
        ({"name": "不是数字", "amount": "十万"}, "amount"),
        ({"name": "太大", "amount": "1" + "0" * 16}, "amount"),
        ({"name": "未知阶段", "stage": "signed"}, "stage"),
        ({"name": "概率过大", "probability": 101}, "probability"),
        ({"name": "概率为负", "probability": -5}, "probability"),
        ({"name": "未知客户", "customer_id": MISSING}, "customer_id"),
        ({"name": "巨大编号", "customer_id": 2**70}, "customer_id"),
        ({"name": "未知产品线", "product_line_id": MISSING}, "product_line_id"),
        ({"name": "坏日期", "expected_sign_date": "2026-13-01"}, "expected_sign_date"),
        ({"name": "中文日期", "expected_sign_date": "2026年9月"}, "expected_sign_date"),
        ({"name": "未知来源", "lead_source": "tv"}, "lead_source"),
        ({"name": ""}, "name"),
        ({"name": "超长" * 200}, "name"),
        ({"amount": "100.00"}, "name"),
        ({"name": "多余字段", "colour": "red"}, "colour"),
    ],
)
def test_bad_project_body_is_422_naming_the_field(
    rep_client: Client, body: dict[str, Any], field: str
) -> None:
    count = Project.objects.count()
    assert _field_of(send(rep_client, "POST", "/api/v1/projects", body)) == field
    assert Project.objects.count() == count


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"name": None}, "name"),
        ({"amount": None}, "amount"),
        ({"amount": "-0.01"}, "amount"),
        ({"stage": "unknown"}, "stage"),
        ({"probability": 1000}, "probability"),
    ],
)
def test_bad_project_patch_is_422_and_changes_nothing(
    api_world: ApiWorld, rep_client: Client, patch: dict[str, Any], field: str
) -> None:
    project = api_world.world.projects["a"]
    url = f"/api/v1/projects/{project.pk}"
    assert _field_of(send(rep_client, "PATCH", url, patch)) == field
    fresh = Project.objects.get(pk=project.pk)
    assert (fresh.name, fresh.amount, fresh.stage) == (project.name, project.amount, project.stage)


def test_duplicate_external_id_is_422(api_world: ApiWorld, rep_client: Client) -> None:
    body = {"name": "重复编号", "external_id": "PJ-a"}
    assert _field_of(send(rep_client, "POST", "/api/v1/projects", body)) == "external_id"
    body = {"name": "重复客户", "external_id": "C-b"}
    assert _field_of(send(rep_client, "POST", "/api/v1/customers", body)) == "external_id"
    assert Customer.objects.filter(external_id="C-b").count() == 1


def test_duplicate_master_data_code_is_422(api_world: ApiWorld) -> None:
    client = token_client(api_world.world.director)
    response = send(client, "POST", "/api/v1/industries", {"code": "3c", "name": "重复"})
    assert _field_of(response) == "code"


def _customer(w: ApiWorld) -> int:
    return w.world.customers["a"].pk


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/api/v1/orders",
            lambda w: {"customer_id": _customer(w), "amount": "-5", "signed_date": "2026-01-01"},
            "amount",
        ),
        (
            "/api/v1/orders",
            lambda w: {"customer_id": MISSING, "amount": "5", "signed_date": "2026-01-01"},
            "customer_id",
        ),
        ("/api/v1/orders", lambda w: {"customer_id": _customer(w), "amount": "5"}, "signed_date"),
        (
            "/api/v1/payments",
            lambda w: {"order_id": MISSING, "amount": "5", "date": "2026-01-01"},
            "order_id",
        ),
        (
            "/api/v1/payments",
            lambda w: {"order_id": w.world.orders["a"].pk, "amount": "-5", "date": "2026-01-01"},
            "amount",
        ),
        (
            "/api/v1/products",
            lambda w: {"code": "x", "name": "x", "product_line_id": MISSING},
            "product_line_id",
        ),
        (
            "/api/v1/products",
            lambda w: {
                "code": "x",
                "name": "x",
                "product_line_id": w.product.product_line_id,
                "list_price": "-1",
            },
            "list_price",
        ),
        ("/api/v1/customers", lambda w: {"name": "x", "tier_override": "D"}, "tier_override"),
        ("/api/v1/customers", lambda w: {"name": "x", "owner_id": MISSING}, "owner_id"),
        ("/api/v1/contacts", lambda w: {"customer_id": MISSING, "name": "x"}, "customer_id"),
        (
            "/api/v1/contacts",
            lambda w: {"customer_id": _customer(w), "name": "x", "email": "不是邮箱"},
            "email",
        ),
        (
            "/api/v1/milestones",
            lambda w: {"project_id": w.world.projects["a"].pk, "name": "x", "due_date": "明天"},
            "due_date",
        ),
    ],
)
def test_bad_bodies_on_other_routes_are_422(
    api_world: ApiWorld, path: str, body: Callable[[ApiWorld], dict[str, Any]], field: str
) -> None:
    client = token_client(api_world.world.director)
    counts = (Order.objects.count(), Payment.objects.count(), Customer.objects.count())
    assert _field_of(send(client, "POST", path, body(api_world))) == field
    assert (Order.objects.count(), Payment.objects.count(), Customer.objects.count()) == counts


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/projects?stage=signed",
        "/api/v1/projects?expected_sign_from=yesterday",
        "/api/v1/projects?limit=0",
        "/api/v1/projects?offset=-1",
        "/api/v1/projects/abc",
        "/api/v1/projects/0",
        "/api/v1/projects/99999999999999999999999",
        "/api/v1/orders?customer_id=x",
    ],
)
def test_bad_query_or_path_is_422(rep_client: Client, path: str) -> None:
    assert send(rep_client, "GET", path).status_code == 422


def test_body_that_is_not_a_json_object_is_refused_without_500(rep_client: Client) -> None:
    broken = rep_client.post("/api/v1/projects", data="{bad", content_type="application/json")
    assert broken.status_code == 400
    as_list = rep_client.post("/api/v1/projects", data="[1, 2]", content_type="application/json")
    assert as_list.status_code == 422
