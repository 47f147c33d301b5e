"""Rows by a large set of ids: the query's own filters kept, every id found, in any number."""

from __future__ import annotations

import pytest

from pacer.crm import by_ids
from pacer.crm.by_ids import rows_by_ids
from pacer.crm.models import Project, Stage
from tests.world import World


def test_rows_by_ids_keeps_the_filter_and_finds_every_id(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(by_ids, "SQLITE_CHUNK", 2)  # several chunks on SQLite
    Project.objects.filter(pk=world.projects["a"].pk).update(stage=Stage.WON)
    every = list(Project.objects.values_list("pk", "stage"))
    assert len(every) > 2
    ids = {pk for pk, _ in every} | {10**12}  # an id that is not there
    not_won = Project.objects.exclude(stage=Stage.WON)

    found = sorted(rows_by_ids(not_won, ids, "pk", "stage"))

    assert found == sorted((pk, stage) for pk, stage in every if stage != Stage.WON)
    assert world.projects["a"].pk not in {pk for pk, _ in found}


def test_no_ids_no_query(world: World, django_assert_num_queries: object) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert list(rows_by_ids(Project.objects.all(), [], "pk")) == []
