"""The alerts API as every role: a rep sees and acts on their own alerts, a manager on their
people's, a director on all; an anonymous caller gets 401 and changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from pacer.alerts.engine import alerts_run
from pacer.alerts.models import Alert, AlertEvent
from pacer.crm.models import Project
from pacer.web import clock
from tests.api.conftest import ApiWorld, send, token_client

ROUTE_IDS = {
    "GET /api/v1/alerts",
    "GET /api/v1/alerts/{alert_id}",
    "POST /api/v1/alerts/{alert_id}/acknowledge",
    "POST /api/v1/alerts/{alert_id}/resolve",
}
TODAY = date(2026, 6, 15)
LIST = "/api/v1/alerts"


@pytest.fixture
def alerts(api_world: ApiWorld, monkeypatch: pytest.MonkeyPatch) -> dict[str, Alert]:
    """One yellow "no contact" alert per rep (9 days), owned by that rep."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    Project.objects.update(last_contact_date=TODAY - timedelta(days=9))
    alerts_run(as_of=TODAY)
    return {key: Alert.objects.get(project=api_world.world.projects[key]) for key in "abc"}


def _item(alert: Alert) -> str:
    return f"{LIST}/{alert.pk}"


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def _state(alert: Alert) -> tuple[str, int]:
    alert.refresh_from_db()
    return alert.status, AlertEvent.objects.filter(alert=alert).count()


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("GET", "", None),
        ("GET", "/{id}", None),
        ("POST", "/{id}/acknowledge", {"note": "x"}),
        ("POST", "/{id}/resolve", {"note": "x"}),
    ],
)
def test_anonymous_gets_401_and_changes_nothing(
    alerts: dict[str, Alert], method: str, suffix: str, body: dict[str, str] | None
) -> None:
    before = _state(alerts["a"])
    response = send(Client(), method, LIST + suffix.format(id=alerts["a"].pk), body)
    assert response.status_code == 401
    assert _state(alerts["a"]) == before


def test_list_is_scoped_per_role(api_world: ApiWorld, alerts: dict[str, Alert]) -> None:
    w = api_world.world
    pk = {key: alert.pk for key, alert in alerts.items()}
    assert _ids(send(token_client(w.rep_a), "GET", LIST)) == {pk["a"]}
    assert _ids(send(token_client(w.rep_c), "GET", LIST)) == {pk["c"]}
    assert _ids(send(token_client(w.manager_south), "GET", LIST)) == {pk["a"], pk["b"]}
    assert _ids(send(token_client(w.manager_east), "GET", LIST)) == {pk["c"]}
    assert _ids(send(token_client(w.director), "GET", LIST)) == set(pk.values())
    assert _ids(send(token_client(w.admin), "GET", LIST)) == set(pk.values())


def test_list_filters(api_world: ApiWorld, alerts: dict[str, Alert]) -> None:
    client = token_client(api_world.world.director)
    w = api_world.world
    assert _ids(send(client, "GET", f"{LIST}?owner_id={w.rep_b.pk}")) == {alerts["b"].pk}
    assert _ids(send(client, "GET", f"{LIST}?signal=red")) == set()
    assert len(_ids(send(client, "GET", f"{LIST}?rule=no_contact&subject=project"))) == 3
    customer = w.customers["c"].pk
    assert _ids(send(client, "GET", f"{LIST}?customer_id={customer}")) == {alerts["c"].pk}
    project = w.projects["a"].pk
    assert _ids(send(client, "GET", f"{LIST}?project_id={project}")) == {alerts["a"].pk}
    assert _ids(send(client, "GET", f"{LIST}?status=resolved")) == set()
    assert send(client, "GET", f"{LIST}?status=gone").status_code == 422
    assert send(client, "GET", f"{LIST}?signal=purple").status_code == 422
    item = send(client, "GET", f"{LIST}?owner_id={w.rep_b.pk}").json()["items"][0]
    assert item["message"] == "项目「项目B」已 9 天未联系（超过 7 天亮灯）"
    assert item["owner"] == {"id": w.rep_b.pk, "name": w.rep_b.name}
    assert item["values"] == {"days": 9, "limit": 7}


def test_detail_with_history_per_role(api_world: ApiWorld, alerts: dict[str, Alert]) -> None:
    w = api_world.world
    response = send(token_client(w.rep_a), "GET", _item(alerts["a"]))
    assert response.status_code == 200
    data = response.json()
    assert (data["id"], data["status"], data["signal"]) == (alerts["a"].pk, "open", "yellow")
    assert [e["kind"] for e in data["events"]] == ["raised"]
    assert data["events"][0]["actor"] is None
    assert send(token_client(w.rep_a), "GET", _item(alerts["b"])).status_code == 404
    assert send(token_client(w.manager_south), "GET", _item(alerts["b"])).status_code == 200
    assert send(token_client(w.manager_south), "GET", _item(alerts["c"])).status_code == 404
    assert send(token_client(w.director), "GET", _item(alerts["c"])).status_code == 200
    assert send(token_client(w.director), "GET", f"{LIST}/999999").status_code == 404


@pytest.mark.parametrize("action", ["acknowledge", "resolve"])
def test_rep_acts_on_own_alert_only(
    api_world: ApiWorld, alerts: dict[str, Alert], action: str
) -> None:
    w = api_world.world
    client = token_client(w.rep_a)
    before = _state(alerts["b"])
    refused = send(client, "POST", f"{_item(alerts['b'])}/{action}", {"note": "越权"})
    assert refused.status_code == 404
    assert _state(alerts["b"]) == before
    response = send(client, "POST", f"{_item(alerts['a'])}/{action}", {"note": "已安排拜访"})
    assert response.status_code == 200, response.content
    data = response.json()
    expected = "acknowledged" if action == "acknowledge" else "resolved"
    assert data["status"] == expected
    last = data["events"][-1]
    assert (last["kind"], last["note"], last["on"]) == (
        "acknowledged" if action == "acknowledge" else "resolved",
        "已安排拜访",
        TODAY.isoformat(),
    )
    assert last["actor"] == {"id": w.rep_a.pk, "name": w.rep_a.name}


@pytest.mark.parametrize("action", ["acknowledge", "resolve"])
def test_manager_acts_on_subordinates_only(
    api_world: ApiWorld, alerts: dict[str, Alert], action: str
) -> None:
    client = token_client(api_world.world.manager_south)
    before = _state(alerts["c"])
    foreign = send(client, "POST", f"{_item(alerts['c'])}/{action}", {"note": "不是我组"})
    assert foreign.status_code == 404
    assert _state(alerts["c"]) == before
    mine = send(client, "POST", f"{_item(alerts['b'])}/{action}", {"note": "已跟进"})
    assert mine.status_code == 200, mine.content
    assert mine.json()["events"][-1]["actor"]["id"] == api_world.world.manager_south.pk


@pytest.mark.parametrize("action", ["acknowledge", "resolve"])
def test_director_acts_on_every_alert(
    api_world: ApiWorld, alerts: dict[str, Alert], action: str
) -> None:
    client = token_client(api_world.world.director)
    for key in "abc":
        response = send(client, "POST", f"{_item(alerts[key])}/{action}", {"note": "总监处理"})
        assert response.status_code == 200, response.content


def test_state_conflicts_are_409_and_bad_notes_422(
    api_world: ApiWorld, alerts: dict[str, Alert]
) -> None:
    client = token_client(api_world.world.rep_a)
    url = _item(alerts["a"])
    assert send(client, "POST", f"{url}/resolve", {"note": ""}).status_code == 422
    assert send(client, "POST", f"{url}/resolve", {}).status_code == 422
    assert send(client, "POST", f"{url}/acknowledge", {"note": "x" * 1001}).status_code == 422
    assert send(client, "POST", f"{url}/acknowledge", {"other": 1}).status_code == 422
    assert send(client, "POST", f"{url}/acknowledge", {}).status_code == 200
    again = send(client, "POST", f"{url}/acknowledge", {})
    assert again.status_code == 409
    assert "已确认" in again.json()["detail"]
    assert send(client, "POST", f"{url}/resolve", {"note": "完成"}).status_code == 200
    assert send(client, "POST", f"{url}/resolve", {"note": "完成"}).status_code == 409
    assert _state(alerts["a"]) == ("resolved", 3)


def test_session_writes_need_the_csrf_token(api_world: ApiWorld, alerts: dict[str, Alert]) -> None:
    client = Client(enforce_csrf_checks=True)
    user = api_world.world.rep_a.user
    assert user is not None
    client.force_login(user)
    response = send(client, "POST", f"{_item(alerts['a'])}/acknowledge", {})
    assert response.status_code == 403
    assert _state(alerts["a"]) == ("open", 1)
