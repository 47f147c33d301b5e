"""Reads of reviews for a user: a rep sees their own, a manager their people's and the teams
all of whose people they see, directors and admins every review."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from pacer import access
from pacer.access import Actor
from pacer.org.models import Person, Team
from pacer.reviews.models import Review
from pacer.reviews.subjects import visible_team_ids


def reviews_for(actor: Actor) -> QuerySet[Review]:
    reviews = Review.objects.select_related("person", "team")
    if actor.people is None:
        return reviews
    return reviews.filter(Q(person_id__in=actor.people) | Q(team_id__in=visible_team_ids(actor)))


def review_for(actor: Actor, pk: object) -> Review:
    """One review in the actor's scope, or ``Http404``."""
    return access.get_visible(reviews_for(actor), pk)


def subject_people(actor: Actor) -> QuerySet[Person]:
    """The people whose reviews ``actor`` may generate and read."""
    return access.people_for(actor).order_by("name", "pk")


def subject_teams(actor: Actor) -> QuerySet[Team]:
    """The teams whose reviews ``actor`` may generate and read."""
    return Team.objects.filter(pk__in=visible_team_ids(actor)).order_by("name", "pk")
