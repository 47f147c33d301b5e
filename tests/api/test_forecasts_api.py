"""The forecast API as every role: a rep sees and submits their own, a manager sees and adjusts
their reports', a director everyone's; an anonymous caller gets 401 and changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.forms.models import model_to_dict
from django.test import Client

from pacer.api.services.tokens import api_token_create
from pacer.forecasts.models import (
    CategoryChange,
    ForecastSubmission,
    ManagerAdjustment,
    ProjectCategory,
)
from pacer.org.models import Person
from pacer.web import clock
from tests.api.conftest import ApiWorld, send, token_client
from tests.forecasts.helpers import order, submit

ROUTE_IDS = {
    "GET /api/v1/forecast/submissions",
    "POST /api/v1/forecast/submissions",
    "GET /api/v1/forecast/submissions/{submission_id}",
    "POST /api/v1/forecast/submissions/{submission_id}/adjustments",
    "GET /api/v1/forecast/categories",
    "PATCH /api/v1/forecast/categories/{project_id}",
    "GET /api/v1/forecast/missing",
    "GET /api/v1/forecast/accuracy",
    "GET /api/v1/forecast/probability",
}
TODAY = date(2026, 6, 10)  # cycle [06-08, 06-22), window [06-22, 08-03)
BASE = "/api/v1/forecast"


@pytest.fixture
def subs(api_world: ApiWorld, monkeypatch: pytest.MonkeyPatch) -> dict[str, ForecastSubmission]:
    """One submission per rep for the current cycle."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    numbers = {"a": "100000", "b": "200000", "c": "300000"}
    return {key: submit(api_world.rep(key), TODAY, numbers[key], f"{key} 的原因") for key in "abc"}


def _ids(response: Any, key: str = "id") -> set[int]:
    assert response.status_code == 200, response.content
    return {item[key] for item in response.json()["items"]}


def _counts() -> tuple[int, int, int, int]:
    return (
        ForecastSubmission.objects.count(),
        ManagerAdjustment.objects.count(),
        ProjectCategory.objects.count(),
        CategoryChange.objects.count(),
    )


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/submissions", None),
        ("POST", "/submissions", {"number": "1.00", "reason": "x"}),
        ("GET", "/submissions/{sub}", None),
        ("POST", "/submissions/{sub}/adjustments", {"number": "1.00", "reason": "x"}),
        ("GET", "/categories", None),
        ("PATCH", "/categories/{project}", {"category": "commit"}),
        ("GET", "/missing", None),
        ("GET", "/accuracy", None),
        ("GET", "/probability?year=2026", None),
    ],
)
def test_anonymous_gets_401_and_changes_nothing(
    api_world: ApiWorld,
    subs: dict[str, ForecastSubmission],
    method: str,
    path: str,
    body: dict[str, str] | None,
) -> None:
    before = _counts()
    url = BASE + path.format(sub=subs["a"].pk, project=api_world.world.projects["a"].pk)
    response = send(Client(), method, url, body)
    assert response.status_code == 401
    assert _counts() == before


def test_submissions_are_read_in_scope(
    api_world: ApiWorld, subs: dict[str, ForecastSubmission]
) -> None:
    w = api_world.world
    pk = {key: row.pk for key, row in subs.items()}
    url = f"{BASE}/submissions"
    assert _ids(send(token_client(w.rep_a), "GET", url)) == {pk["a"]}
    assert _ids(send(token_client(w.manager_south), "GET", url)) == {pk["a"], pk["b"]}
    assert _ids(send(token_client(w.manager_east), "GET", url)) == {pk["c"]}
    assert _ids(send(token_client(w.director), "GET", url)) == set(pk.values())
    assert _ids(send(token_client(w.admin), "GET", url)) == set(pk.values())
    filtered = send(token_client(w.director), "GET", f"{url}?person_id={w.rep_b.pk}")
    assert _ids(filtered) == {pk["b"]}
    for person, key, status in (
        (w.rep_a, "a", 200),
        (w.rep_a, "b", 404),
        (w.manager_south, "b", 200),
        (w.manager_south, "c", 404),
        (w.manager_east, "a", 404),
        (w.director, "c", 200),
    ):
        response = send(token_client(person), "GET", f"{url}/{pk[key]}")
        assert response.status_code == status, (person.name, key)
    detail = send(token_client(w.rep_a), "GET", f"{url}/{pk['a']}").json()
    assert (detail["number"], detail["reason"]) == ("100000.00", "a 的原因")
    assert detail["person_id"] == w.rep_a.pk
    assert [line["name"] for line in detail["lines"]] == ["项目A"]


def test_a_person_submits_only_their_own(
    api_world: ApiWorld, subs: dict[str, ForecastSubmission]
) -> None:
    w = api_world.world
    url = f"{BASE}/submissions"
    created = send(token_client(w.rep_b), "POST", url, {"number": "250000.00", "reason": "新项目"})
    assert created.status_code == 201, created.content
    assert created.json()["person_id"] == w.rep_b.pk
    assert created.json()["system"]["commit"] == "0.00"
    # Nobody can submit for someone else: the body has no person, and extra fields are refused.
    other = send(
        token_client(w.manager_south),
        "POST",
        url,
        {"number": "1", "reason": "x", "person_id": w.rep_a.pk},
    )
    assert other.status_code == 422
    no_reason = send(token_client(w.rep_c), "POST", url, {"number": "5.00"})
    assert no_reason.status_code == 422
    assert no_reason.json()["detail"][0]["loc"] == ["body", "payload", "reason"]
    same = send(token_client(w.rep_c), "POST", url, {"number": "0"})  # = the system's commit
    assert same.status_code == 201
    user = User.objects.create_user(username="nobody", password="x-long-password-1")
    issued = api_token_create(user=user, name="t")
    personless = Client(headers={"Authorization": f"Bearer {issued.secret}"})
    assert send(personless, "POST", url, {"number": "1", "reason": "x"}).status_code == 403
    assert ForecastSubmission.objects.filter(person=w.rep_b).count() == 2


def test_adjustments_by_the_direct_manager_or_a_director(
    api_world: ApiWorld, subs: dict[str, ForecastSubmission]
) -> None:
    w = api_world.world

    def url(key: str) -> str:
        return f"{BASE}/submissions/{subs[key].pk}/adjustments"

    body = {"number": "80000.00", "reason": "偏乐观"}
    before = {key: model_to_dict(row) for key, row in subs.items()}
    assert send(token_client(w.rep_a), "POST", url("b"), body).status_code == 404
    assert send(token_client(w.rep_a), "POST", url("a"), body).status_code == 403
    assert send(token_client(w.manager_east), "POST", url("a"), body).status_code == 404
    assert send(token_client(w.manager_south), "POST", url("c"), body).status_code == 404
    no_reason = send(token_client(w.manager_south), "POST", url("a"), {"number": "1"})
    assert no_reason.status_code == 422
    assert not ManagerAdjustment.objects.exists()
    made = send(token_client(w.manager_south), "POST", url("a"), body)
    assert made.status_code == 201, made.content
    assert (made.json()["number"], made.json()["reason"]) == ("80000.00", "偏乐观")
    assert made.json()["manager_id"] == w.manager_south.pk
    assert send(token_client(w.director), "POST", url("c"), body).status_code == 201
    # The submissions stay exactly as they were; the effective number is the adjustment's.
    after = {
        key: model_to_dict(ForecastSubmission.objects.get(pk=row.pk)) for key, row in subs.items()
    }
    assert after == before
    seen = send(token_client(w.rep_a), "GET", f"{BASE}/submissions/{subs['a'].pk}").json()
    assert (seen["number"], seen["effective"]) == ("100000.00", "80000.00")
    assert seen["adjustments"][0]["reason"] == "偏乐观"


def test_categories_in_scope(api_world: ApiWorld, subs: dict[str, ForecastSubmission]) -> None:
    w = api_world.world
    pk = {key: project.pk for key, project in w.projects.items()}
    url = f"{BASE}/categories"
    assert _ids(send(token_client(w.rep_a), "GET", url), "project_id") == {pk["a"]}
    assert _ids(send(token_client(w.manager_south), "GET", url), "project_id") == {pk["a"], pk["b"]}
    assert _ids(send(token_client(w.director), "GET", url), "project_id") == set(pk.values())
    listed = send(token_client(w.rep_a), "GET", url).json()["items"][0]
    assert (listed["category"], listed["chosen"]) == ("pipeline", False)
    patch = {"category": "commit", "reason": "已口头确认"}
    assert send(token_client(w.rep_a), "PATCH", f"{url}/{pk['b']}", patch).status_code == 404
    assert send(token_client(w.manager_east), "PATCH", f"{url}/{pk['a']}", patch).status_code == 404
    bad = send(token_client(w.rep_a), "PATCH", f"{url}/{pk['a']}", {"category": "sure"})
    assert bad.status_code == 422
    own = send(token_client(w.rep_a), "PATCH", f"{url}/{pk['a']}", patch)
    assert own.status_code == 200
    assert (own.json()["category"], own.json()["chosen"]) == ("commit", True)
    by_manager = send(token_client(w.manager_south), "PATCH", f"{url}/{pk['b']}", patch)
    assert by_manager.status_code == 200
    assert send(token_client(w.director), "PATCH", f"{url}/{pk['c']}", patch).status_code == 200
    assert CategoryChange.objects.count() == 3


def test_missing_in_scope(api_world: ApiWorld, subs: dict[str, ForecastSubmission]) -> None:
    w = api_world.world
    url = f"{BASE}/missing"

    def names(person: Person) -> set[int]:
        response = send(token_client(person), "GET", url)
        assert response.status_code == 200
        assert response.json()["window_start"] == "2026-06-22"
        return {p["id"] for p in response.json()["people"]}

    assert names(w.rep_a) == set()
    assert names(w.manager_south) == {w.manager_south.pk}
    assert names(w.director) == {w.manager_south.pk, w.manager_east.pk}


def test_accuracy_in_scope(
    api_world: ApiWorld, subs: dict[str, ForecastSubmission], monkeypatch: pytest.MonkeyPatch
) -> None:
    w = api_world.world
    for key in "abc":
        order(api_world.rep(key), date(2026, 7, 1), "100000")
    monkeypatch.setattr(clock, "today", lambda: date(2026, 8, 3))
    url = f"{BASE}/accuracy"

    def people(person: Person) -> dict[int, Any]:
        response = send(token_client(person), "GET", url)
        assert response.status_code == 200
        return {h["id"]: h for h in response.json()["people"]}

    assert set(people(w.rep_a)) == {w.rep_a.pk}
    assert set(people(w.manager_south)) == {w.rep_a.pk, w.rep_b.pk}
    assert set(people(w.director)) == {w.rep_a.pk, w.rep_b.pk, w.rep_c.pk}
    # rep_b forecast 200,000 and signed 100,000: accuracy 0, bias +1.
    (window,) = people(w.manager_south)[w.rep_b.pk]["windows"]
    assert (window["forecast"], window["actual"], window["accuracy"], window["bias"]) == (
        "200000.00",
        "100000.00",
        "0.0000",
        "1.0000",
    )
    teams = send(token_client(w.manager_east), "GET", url).json()["teams"]
    assert [t["name"] for t in teams] == [w.east.name]


def test_probability_in_scope_and_seeded(
    api_world: ApiWorld, subs: dict[str, ForecastSubmission]
) -> None:
    w = api_world.world
    api_world.company_plan()
    url = f"{BASE}/probability?year=2026&trials=2000&seed=4"
    director = send(token_client(w.director), "GET", url)
    assert director.status_code == 200, director.content
    assert director.json()["scope"] == "company"
    assert send(token_client(w.director), "GET", url).json() == director.json()
    rep = send(token_client(w.rep_a), "GET", url)
    assert rep.status_code == 200
    assert rep.json()["scope"] == "people"
    assert rep.json()["open_projects"] == 1  # only rep_a's own project
    manager = send(token_client(w.manager_south), "GET", url).json()
    assert manager["open_projects"] == 2
    assert send(token_client(w.director), "GET", f"{BASE}/probability?year=2031").status_code == 404
    bad = send(token_client(w.director), "GET", f"{BASE}/probability?year=2026&trials=0")
    assert bad.status_code == 422
