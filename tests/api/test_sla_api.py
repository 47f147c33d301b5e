"""Cross-functional requests through the API, route by route and role by role."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from pacer.access import actor_for_person
from pacer.sla.models import RequestStatus, ServiceRequest
from pacer.sla.services import service_request_create
from tests.api.conftest import send, token_client
from tests.world import World

ROUTE_IDS = {
    "GET /api/v1/sla/requests",
    "GET /api/v1/sla/requests/{request_id}",
    "POST /api/v1/sla/requests",
    "POST /api/v1/sla/requests/{request_id}/respond",
}
ASKED = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(8 * 60))


@pytest.fixture
def requests(world: World) -> dict[str, ServiceRequest]:
    reps = {"a": world.rep_a, "b": world.rep_b, "c": world.rep_c}
    return {
        key: service_request_create(
            actor=actor_for_person(rep),
            project=world.projects[key],
            kind="contract_review",
            requested_at=ASKED,
        )
        for key, rep in reps.items()
    }


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def _status(request: ServiceRequest) -> str:
    return ServiceRequest.objects.get(pk=request.pk).status


def _answer() -> dict[str, str]:
    return {"responded_at": (ASKED + timedelta(days=4)).isoformat(), "note": "已审"}


def test_anonymous_gets_401(world: World, requests: dict[str, ServiceRequest]) -> None:
    anonymous = Client()
    own = requests["a"]
    assert send(anonymous, "GET", "/api/v1/sla/requests").status_code == 401
    assert send(anonymous, "GET", f"/api/v1/sla/requests/{own.pk}").status_code == 401
    body = {"project_id": world.projects["a"].pk, "kind": "quote_approval"}
    assert send(anonymous, "POST", "/api/v1/sla/requests", body).status_code == 401
    respond = send(anonymous, "POST", f"/api/v1/sla/requests/{own.pk}/respond", _answer())
    assert respond.status_code == 401
    assert ServiceRequest.objects.count() == 3
    assert _status(own) == RequestStatus.OPEN


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("rep_a", {"a"}),
        ("manager_south", {"a", "b"}),
        ("manager_east", {"c"}),
        ("director", {"a", "b", "c"}),
    ],
)
def test_each_role_reads_and_answers_only_what_it_sees(
    world: World, requests: dict[str, ServiceRequest], who: str, visible: set[str]
) -> None:
    client = token_client(getattr(world, who))
    assert _ids(send(client, "GET", "/api/v1/sla/requests")) == {requests[k].pk for k in visible}
    for key, request in requests.items():
        detail = send(client, "GET", f"/api/v1/sla/requests/{request.pk}")
        answer = send(client, "POST", f"/api/v1/sla/requests/{request.pk}/respond", _answer())
        if key in visible:
            assert detail.status_code == 200
            assert answer.status_code == 200, answer.content
            body = answer.json()
            assert (body["status"], body["breached"], body["sla_days"]) == ("answered", True, 3)
            assert body["elapsed_days"] == "4.0"
            assert _status(request) == RequestStatus.ANSWERED
        else:
            assert (detail.status_code, answer.status_code) == (404, 404)
            assert _status(request) == RequestStatus.OPEN
        project = world.projects[key]
        created = send(
            client,
            "POST",
            "/api/v1/sla/requests",
            {"project_id": project.pk, "kind": "quote_approval"},
        )
        if key in visible:
            assert created.status_code == 201, created.content
            assert created.json()["department"] == "finance"
            assert created.json()["breached"] is False
        else:
            assert created.status_code == 422
            assert created.json()["detail"][0]["loc"][-1] == "project_id"
    assert ServiceRequest.objects.count() == 3 + len(visible)


def test_breached_filter_and_bad_input(world: World, requests: dict[str, ServiceRequest]) -> None:
    client = token_client(world.director)
    quick = send(
        client,
        "POST",
        f"/api/v1/sla/requests/{requests['a'].pk}/respond",
        {"responded_at": (ASKED + timedelta(days=2)).isoformat()},
    )
    assert quick.json()["breached"] is False
    # b and c are still open, asked long ago: breached now
    breached = _ids(send(client, "GET", "/api/v1/sla/requests?breached=true"))
    assert breached == {requests["b"].pk, requests["c"].pk}
    on_time = _ids(send(client, "GET", "/api/v1/sla/requests?breached=false&status=answered"))
    assert on_time == {requests["a"].pk}

    again = send(client, "POST", f"/api/v1/sla/requests/{requests['a'].pk}/respond", {})
    assert again.status_code == 422
    early = send(
        client,
        "POST",
        f"/api/v1/sla/requests/{requests['b'].pk}/respond",
        {"responded_at": (ASKED - timedelta(days=1)).isoformat()},
    )
    assert early.status_code == 422
    future = send(
        client,
        "POST",
        "/api/v1/sla/requests",
        {
            "project_id": world.projects["a"].pk,
            "kind": "contract_review",
            "requested_at": (timezone.now() + timedelta(days=3)).isoformat(),
        },
    )
    assert future.status_code == 422
    assert future.json()["detail"][0]["loc"][-1] == "requested_at"
    other = send(
        client,
        "POST",
        "/api/v1/sla/requests",
        {"project_id": world.projects["a"].pk, "kind": "other"},
    )
    assert other.status_code == 422
    unknown = send(
        client,
        "POST",
        "/api/v1/sla/requests",
        {"project_id": world.projects["a"].pk, "kind": "bribe"},
    )
    assert unknown.status_code == 422
    assert ServiceRequest.objects.count() == 3
