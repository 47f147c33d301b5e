"""Reviews through the API, route by route and role by role."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from pacer.reviews.models import Review
from pacer.reviews.services import review_generate
from tests.api.conftest import send, token_client
from tests.world import World

ROUTE_IDS = {
    "GET /api/v1/reviews",
    "GET /api/v1/reviews/{review_id}",
    "POST /api/v1/reviews",
    "PATCH /api/v1/reviews/{review_id}",
}
WEEK = date(2026, 6, 8)


@pytest.fixture
def reviews(world: World) -> dict[str, Review]:
    made = {
        key: review_generate(kind="weekly", person=person, period_start=WEEK)
        for key, person in (("a", world.rep_a), ("b", world.rep_b), ("c", world.rep_c))
    }
    made["south"] = review_generate(kind="weekly", team=world.south, period_start=WEEK)
    return made


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def _comments(review: Review) -> str:
    return Review.objects.get(pk=review.pk).comments


def test_anonymous_gets_401_everywhere(world: World, reviews: dict[str, Review]) -> None:
    anonymous = Client()
    own = reviews["a"]
    assert send(anonymous, "GET", "/api/v1/reviews").status_code == 401
    assert send(anonymous, "GET", f"/api/v1/reviews/{own.pk}").status_code == 401
    body = {"kind": "weekly", "person_id": world.rep_a.pk, "period": "2026-W25"}
    assert send(anonymous, "POST", "/api/v1/reviews", body).status_code == 401
    patch = send(anonymous, "PATCH", f"/api/v1/reviews/{own.pk}", {"comments": "x"})
    assert patch.status_code == 401
    assert Review.objects.count() == 4
    assert _comments(own) == ""


def test_rep_reads_and_writes_only_their_own(world: World, reviews: dict[str, Review]) -> None:
    client = token_client(world.rep_a)
    assert _ids(send(client, "GET", "/api/v1/reviews")) == {reviews["a"].pk}
    detail = send(client, "GET", f"/api/v1/reviews/{reviews['a'].pk}")
    assert detail.status_code == 200
    assert detail.json()["data"]["subject"]["id"] == world.rep_a.pk
    for key in ("b", "c", "south"):
        assert send(client, "GET", f"/api/v1/reviews/{reviews[key].pk}").status_code == 404
        patched = send(client, "PATCH", f"/api/v1/reviews/{reviews[key].pk}", {"comments": "x"})
        assert patched.status_code == 404
        assert _comments(reviews[key]) == ""

    created = send(
        client,
        "POST",
        "/api/v1/reviews",
        {"kind": "monthly", "person_id": world.rep_a.pk, "period": "2026-06"},
    )
    assert created.status_code == 201, created.content
    assert created.json()["period_start"] == "2026-06-01"
    for body, field in (
        ({"kind": "weekly", "person_id": world.rep_b.pk, "period": "2026-W24"}, "person_id"),
        ({"kind": "weekly", "team_id": world.south.pk, "period": "2026-W24"}, "team_id"),
    ):
        refused = send(client, "POST", "/api/v1/reviews", body)
        assert refused.status_code == 422
        assert refused.json()["detail"][0]["loc"][-1] == field
    assert Review.objects.count() == 5

    patched = send(client, "PATCH", f"/api/v1/reviews/{reviews['a'].pk}", {"comments": "好"})
    assert patched.status_code == 200
    assert patched.json()["comments"] == "好"


def test_manager_sees_their_people_and_team(world: World, reviews: dict[str, Review]) -> None:
    client = token_client(world.manager_south)
    expected = {reviews[k].pk for k in ("a", "b", "south")}
    assert _ids(send(client, "GET", "/api/v1/reviews")) == expected
    assert send(client, "GET", f"/api/v1/reviews/{reviews['c'].pk}").status_code == 404
    assert (
        send(client, "PATCH", f"/api/v1/reviews/{reviews['c'].pk}", {"comments": "x"}).status_code
        == 404
    )
    ok = send(client, "PATCH", f"/api/v1/reviews/{reviews['b'].pk}", {"comments": "经理点评"})
    assert ok.status_code == 200
    assert _comments(reviews["b"]) == "经理点评"
    team = send(
        client,
        "POST",
        "/api/v1/reviews",
        {"kind": "monthly", "team_id": world.south.pk, "period": "2026-06"},
    )
    assert team.status_code == 201
    assert team.json()["team_id"] == world.south.pk
    east = send(
        client,
        "POST",
        "/api/v1/reviews",
        {"kind": "monthly", "team_id": world.east.pk, "period": "2026-06"},
    )
    assert east.status_code == 422
    assert not Review.objects.filter(team=world.east).exists()


def test_director_sees_and_changes_everything(world: World, reviews: dict[str, Review]) -> None:
    client = token_client(world.director)
    assert _ids(send(client, "GET", "/api/v1/reviews")) == {r.pk for r in reviews.values()}
    assert _ids(send(client, "GET", "/api/v1/reviews?team_id=" + str(world.south.pk))) == {
        reviews["south"].pk
    }
    for review in reviews.values():
        assert send(client, "GET", f"/api/v1/reviews/{review.pk}").status_code == 200
    ok = send(client, "PATCH", f"/api/v1/reviews/{reviews['c'].pk}", {"comments": "总监意见"})
    assert ok.status_code == 200
    created = send(
        client,
        "POST",
        "/api/v1/reviews",
        {"kind": "weekly", "team_id": world.east.pk, "period": "2026-W24"},
    )
    assert created.status_code == 201


def test_bad_input_is_422_naming_the_field(world: World, reviews: dict[str, Review]) -> None:
    client = token_client(world.rep_a)
    bad_period = send(
        client,
        "POST",
        "/api/v1/reviews",
        {"kind": "weekly", "person_id": world.rep_a.pk, "period": "2026-06"},
    )
    assert bad_period.status_code == 422
    detail = bad_period.json()["detail"][0]
    assert detail["loc"][-1] == "period"
    assert "应写成 YYYY-Www" in detail["msg"]
    both = send(
        client,
        "POST",
        "/api/v1/reviews",
        {
            "kind": "weekly",
            "person_id": world.rep_a.pk,
            "team_id": world.south.pk,
            "period": "2026-W24",
        },
    )
    assert both.status_code == 422
    unknown = send(
        client,
        "PATCH",
        f"/api/v1/reviews/{reviews['a'].pk}",
        {"reasons": {"999:lead:2026-01-01": "x"}},
    )
    assert unknown.status_code == 422
    assert Review.objects.get(pk=reviews["a"].pk).reasons == {}
