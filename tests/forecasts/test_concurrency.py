"""Two people changing one project's forecast category at once: each change is logged from the
category the previous one left, so the log replays to the stored category (no lost update)."""

from __future__ import annotations

from datetime import date

import pytest

from pacer.access import actor_for_person
from pacer.forecasts.categories import category_set
from pacer.forecasts.models import CategoryChange, ProjectCategory
from tests.forecasts.helpers import moment
from tests.plans.test_concurrency import postgres_only, race
from tests.world import build_world

DAY = date(2026, 6, 10)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_category_changes_chain_in_the_log() -> None:
    world = build_world()
    project = world.projects["a"]

    def change(person_key: str, category: str) -> object:
        person = getattr(world, person_key)
        return category_set(
            actor=actor_for_person(person),
            user=person.user,
            project=type(project).objects.get(pk=project.pk),
            category=category,
            reason="同时调整",
            at=moment(DAY),
        )

    results = race(lambda: change("rep_a", "best_case"), lambda: change("manager_south", "omitted"))

    assert not [r for r in results if isinstance(r, Exception)], results
    log = list(CategoryChange.objects.filter(project=project).order_by("pk"))
    assert len(log) == 2
    assert log[1].before == log[0].after  # the second saw the first
    assert ProjectCategory.objects.get(project=project).category == log[1].after
