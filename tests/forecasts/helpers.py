"""Shared helpers of the forecast tests: moments, orders and submissions on the test world."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from pacer.access import actor_for_person
from pacer.crm.models import Order, Project
from pacer.forecasts.categories import category_set
from pacer.forecasts.models import ForecastSubmission, ManagerAdjustment
from pacer.forecasts.submissions import adjustment_create, submission_create
from pacer.org.models import Person

# The default rhythm (anchor Monday 2026-01-05, every 14 days, six-week windows) gives:
# cycle A [2026-05-25, 06-08) forecasting [06-08, 07-20);
# cycle B [2026-06-08, 06-22) forecasting [06-22, 08-03).
CYCLE_A = date(2026, 5, 25)
CYCLE_B = date(2026, 6, 8)


def moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def order(person: Person, day: date, amount: str) -> Order:
    customer = person.customers.order_by("pk").first()
    assert customer is not None
    return Order.objects.create(
        customer=customer, person=person, amount=Decimal(amount), signed_date=day
    )


def submit(person: Person, day: date, number: str, reason: str = "原因") -> ForecastSubmission:
    return submission_create(
        actor=actor_for_person(person),
        user=person.user,
        number=Decimal(number),
        reason=reason,
        today=day,
        at=moment(day),
    )


def adjust(
    manager: Person, submission: ForecastSubmission, day: date, number: str, reason: str
) -> ManagerAdjustment:
    return adjustment_create(
        actor=actor_for_person(manager),
        user=manager.user,
        submission=submission,
        number=Decimal(number),
        reason=reason,
        today=day,
        at=moment(day, 15),
    )


def categorise(person: Person, project: Project, category: str, reason: str = "") -> None:
    category_set(
        actor=actor_for_person(person),
        user=person.user,
        project=project,
        category=category,
        reason=reason,
        at=moment(date(2026, 5, 20)),
    )
