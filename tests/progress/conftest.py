from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from pacer.org.models import Person
from pacer.web import clock
from tests.plans.conftest import DEMO_DAY, demo, demo_plan  # noqa: F401


@pytest.fixture
def demo_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """Pages and API routes read "today" as the demo's reference day."""
    monkeypatch.setattr(clock, "today", lambda: DEMO_DAY)
    return DEMO_DAY


def person(login: str) -> Person:
    return Person.objects.select_related("user").get(user__username=login)


def client_for(login: str) -> Client:
    client = Client()
    client.force_login(person(login).user)  # type: ignore[arg-type]
    return client
