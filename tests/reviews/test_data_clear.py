"""Clearing the company's data (``pacer demo --reset``) also clears reviews and SLA requests."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from pacer.access import actor_for_person
from pacer.demo.writer import pacer_data_clear
from pacer.reviews.models import Review
from pacer.reviews.services import review_generate
from pacer.sla.models import ServiceRequest, SlaSetting
from pacer.sla.services import service_request_create
from tests.world import World


def test_reset_is_not_blocked_by_reviews_or_requests(world: World) -> None:
    review_generate(kind="weekly", person=world.rep_a, period_start=date(2026, 6, 8))
    review_generate(kind="monthly", team=world.south, period_start=date(2026, 6, 1))
    service_request_create(
        actor=actor_for_person(world.rep_a),
        project=world.projects["a"],
        kind="contract_review",
        requested_at=timezone.now(),
    )
    pacer_data_clear()
    assert not Review.objects.exists()
    assert not ServiceRequest.objects.exists()
    assert SlaSetting.objects.count() == 4  # settings are not company data
