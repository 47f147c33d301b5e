"""Two people filling in one review at once: no text is overwritten unseen.

Reasons are merged per action under a row lock; a writer that says which version it read
(``updated_at``) is refused, with who changed the review and when, if it changed since.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from pacer.reviews.models import Review
from pacer.reviews.services import ReviewConflictError, review_generate, review_update
from tests.api.conftest import send, token_client
from tests.plans.test_concurrency import postgres_only, race
from tests.world import World, build_world

WEEK = date(2026, 6, 8)


def _review(world: World) -> Review:
    return review_generate(kind="weekly", team=world.south, period_start=WEEK)


def test_a_stale_writer_is_refused_naming_who_changed_it(world: World) -> None:
    review = _review(world)
    seen = review.updated_at
    review_update(
        review=review, user=world.manager_south.user, comments="先写的意见", seen_updated_at=seen
    )

    with pytest.raises(ReviewConflictError, match="李经理"):
        review_update(
            review=review, user=world.director.user, comments="后写的意见", seen_updated_at=seen
        )
    assert Review.objects.get(pk=review.pk).comments == "先写的意见"


def test_a_stale_writer_is_refused_even_within_the_same_millisecond(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: frozen)
    review = _review(world)
    seen = review.updated_at

    first = review_update(
        review=review, user=world.manager_south.user, comments="先写的意见", seen_updated_at=seen
    )

    assert first.updated_at > seen
    assert Review.objects.get(pk=review.pk).updated_at == first.updated_at
    with pytest.raises(ReviewConflictError, match="李经理"):
        review_update(
            review=review, user=world.director.user, comments="后写的意见", seen_updated_at=seen
        )
    # The version the first writer got back is current: it may write again.
    review_update(
        review=review,
        user=world.manager_south.user,
        comments="改过的意见",
        seen_updated_at=first.updated_at,
    )
    assert Review.objects.get(pk=review.pk).comments == "改过的意见"


def test_the_api_answers_409_to_a_stale_patch_and_keeps_the_first_text(world: World) -> None:
    review = _review(world)
    url = f"/api/v1/reviews/{review.pk}"
    manager, director = token_client(world.manager_south), token_client(world.director)
    seen = send(director, "GET", url).json()["updated_at"]

    first = send(manager, "PATCH", url, {"comments": "经理的意见", "updated_at": seen})
    second = send(director, "PATCH", url, {"comments": "总监的意见", "updated_at": seen})

    assert first.status_code == 200, first.content
    assert second.status_code == 409, second.content
    assert "李经理" in second.json()["detail"]
    assert Review.objects.get(pk=review.pk).comments == "经理的意见"
    # Without a version the write is deliberate and applies (last writer wins, as before).
    assert send(director, "PATCH", url, {"comments": "总监的意见"}).status_code == 200


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_writers_of_the_same_version_one_wins() -> None:
    world = build_world()
    review = _review(world)
    seen = review.updated_at

    def write(person_key: str, text: str) -> object:
        person = getattr(world, person_key)
        fresh = Review.objects.get(pk=review.pk)
        return review_update(review=fresh, user=person.user, comments=text, seen_updated_at=seen)

    results = race(lambda: write("manager_south", "经理"), lambda: write("director", "总监"))

    assert sum(isinstance(r, Review) for r in results) == 1, results
    assert sum(isinstance(r, ReviewConflictError) for r in results) == 1, results
    winner = next(r for r in results if isinstance(r, Review))
    assert Review.objects.get(pk=review.pk).comments == winner.comments


def test_the_page_refuses_a_stale_form_and_keeps_the_first_text(world: World) -> None:
    from django.test import Client

    review = _review(world)
    url = f"/reviews/{review.pk}/"
    manager, director = Client(), Client()
    manager.force_login(world.manager_south.user)
    director.force_login(world.director.user)
    # Both open the page; each form carries the version it was rendered from.
    seen = {}
    for name, client in (("manager", manager), ("director", director)):
        page = client.get(url)
        assert page.status_code == 200
        seen[name] = page.context["form"].initial["seen_updated_at"]
        assert f'value="{seen[name]}"' in page.content.decode()

    saved = manager.post(url, {"comments": "经理的意见", "seen_updated_at": seen["manager"]})
    refused = director.post(url, {"comments": "总监的意见", "seen_updated_at": seen["director"]})

    assert saved.status_code == 302
    assert refused.status_code == 400
    assert "李经理" in refused.content.decode()
    assert Review.objects.get(pk=review.pk).comments == "经理的意见"
