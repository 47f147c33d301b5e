"""Reads of the rolling forecast, always through ``pacer.access``.

A submission is visible to whoever sees its person: a rep their own, a manager their reports',
directors and admins everyone's. *Participants* are the people who forecast: active reps and
managers (directors and admins answer for the whole and review the others).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from pacer import access
from pacer.access import Actor
from pacer.forecasts.models import (
    ForecastReminder,
    ForecastSubmission,
    ManagerAdjustment,
    SubmissionSource,
)
from pacer.forecasts.submissions import effective_number
from pacer.org.models import AccessRole, DataScope, Person

FORECASTING_ROLES = (AccessRole.REP, AccessRole.MANAGER)
# Pacer itself, for the scheduled commands: it sees everyone.
SYSTEM = Actor(
    user_id=None, person_id=None, role=AccessRole.ADMIN, scope=DataScope.ALL, people=None
)


def submissions_for(actor: Actor) -> QuerySet[ForecastSubmission]:
    people = access.people_for(actor).values("pk")
    return ForecastSubmission.objects.filter(person__in=people)


def submission_for(actor: Actor, pk: object) -> ForecastSubmission:
    return access.get_visible(
        submissions_for(actor).select_related("person").prefetch_related("adjustments"), pk
    )


def participants(actor: Actor, today: date) -> list[Person]:
    """People in the actor's scope who forecast, active on ``today``, by name."""
    people = access.people_for(actor).filter(access_role__in=FORECASTING_ROLES)
    people = people.filter(Q(active_from__isnull=True) | Q(active_from__lte=today))
    people = people.filter(Q(active_to__isnull=True) | Q(active_to__gt=today))
    return list(people.order_by("name", "pk"))


def latest_submissions(actor: Actor, cycle_start: date) -> dict[int, ForecastSubmission]:
    """Each visible person's latest own submission of the cycle."""
    rows = (
        submissions_for(actor)
        .filter(cycle_start=cycle_start, source=SubmissionSource.PERSON)
        .select_related("person")
        .prefetch_related("adjustments__manager")
        .order_by("submitted_at", "pk")
    )
    return {row.person_id: row for row in rows}


def missing_people(actor: Actor, cycle_start: date, today: date) -> list[Person]:
    """Participants in scope with no submission of their own for the cycle."""
    submitted = set(
        submissions_for(actor)
        .filter(cycle_start=cycle_start, source=SubmissionSource.PERSON)
        .values_list("person_id", flat=True)
    )
    return [p for p in participants(actor, today) if p.pk not in submitted]


def reminded(person_ids: list[int], cycle_start: date) -> dict[int, ForecastReminder]:
    rows = ForecastReminder.objects.filter(person_id__in=person_ids, cycle_start=cycle_start)
    return {row.person_id: row for row in rows}


@dataclass(frozen=True)
class SubmissionView:
    """A submission with its adjustments (oldest first) and the number that counts."""

    submission: ForecastSubmission
    adjustments: tuple[ManagerAdjustment, ...]
    effective: Decimal


def submission_view(submission: ForecastSubmission) -> SubmissionView:
    adjustments = tuple(sorted(submission.adjustments.all(), key=lambda a: (a.at, a.pk)))
    return SubmissionView(submission, adjustments, effective_number(submission))


def person_history(actor: Actor, person_id: int, *, limit: int = 20) -> list[SubmissionView]:
    """A visible person's own submissions, newest first."""
    rows = (
        submissions_for(actor)
        .filter(person_id=person_id, source=SubmissionSource.PERSON)
        .prefetch_related("adjustments__manager")
        .order_by("-submitted_at", "-pk")[:limit]
    )
    return [submission_view(row) for row in rows]
