"""``pacer forecast snapshot|accuracy|probability`` and their JSON (docs/forecast.md)."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pacer.forecasts.models import ForecastSubmission, SubmissionSource
from tests.forecasts.helpers import order, submit
from tests.forecasts.test_probability import hand_plan
from tests.world import World


def run(*args: str) -> str:
    out = StringIO()
    call_command("forecast", *args, stdout=out)
    return out.getvalue()


def as_json(*args: str) -> Any:
    return json.loads(run(*args, "--format", "json"))


def test_snapshot_records_once_per_person_and_cycle(world: World) -> None:
    first = as_json("snapshot", "--as-of", "2026-06-10")
    assert (first["cycle_start"], first["window_start"], first["window_end"]) == (
        "2026-06-08",
        "2026-06-22",
        "2026-08-03",
    )
    participants = {world.manager_south, world.manager_east, world.rep_a, world.rep_b, world.rep_c}
    assert {row["person_id"] for row in first["taken"]} == {p.pk for p in participants}
    again = as_json("snapshot", "--as-of", "2026-06-12")
    assert again["taken"] == []
    assert sorted(again["already_taken"]) == sorted(p.pk for p in participants)
    rows = ForecastSubmission.objects.filter(source=SubmissionSource.SYSTEM)
    assert rows.count() == 5
    # Dated on the day it is "as of", so it counts before the window that starts on 06-22.
    assert all(r.submitted_at.date() == date(2026, 6, 10) for r in rows)
    assert "系统快照" in run("snapshot", "--as-of", "2026-06-22")


def test_accuracy_json(world: World) -> None:
    submit(world.rep_a, date(2026, 6, 10), "100000", "原因")
    order(world.rep_a, date(2026, 7, 1), "80000")
    data = as_json("accuracy", "--as-of", "2026-08-03")
    (person,) = data["people"]
    assert person["id"] == world.rep_a.pk
    assert person["windows"] == [
        {
            "window_start": "2026-06-22",
            "window_end": "2026-08-03",
            "forecast": "100000.00",
            "actual": "80000.00",
            "accuracy": "0.7500",
            "bias": "0.2500",
            "source": "person",
        }
    ]
    assert {t["name"] for t in data["teams"]} == {world.south.name, world.root.name}
    assert world.rep_a.name in run("accuracy", "--as-of", "2026-08-03")


def test_probability_json_is_seeded(world: World) -> None:
    hand_plan()
    args = (
        "probability",
        "--year",
        "2026",
        "--trials",
        "2000",
        "--seed",
        "5",
        "--as-of",
        "2026-06-15",
    )
    first, again = as_json(*args), as_json(*args)
    assert first == again
    assert first["trials"] == 2000
    assert first["seed"] == 5
    assert first["periods"][-1]["levels"] == {
        "base": "960000.00",
        "stretch": "1200000.00",
        "breakthrough": "1440000.00",
    }
    assert sum(b["trials"] for b in first["histogram"]) == 2000
    assert "2026-01-01" in run(*args)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("probability", "--year", "2030"), "还没有计划"),
        (("probability", "--year", "2026", "--trials", "0"), "--trials"),
        (("probability", "--year", "2026", "--seed", "-1"), "--seed"),
        (("accuracy", "--as-of", "2026-02-30"), "YYYY-MM-DD"),
    ],
)
def test_bad_arguments_are_clear(world: World, args: tuple[str, ...], message: str) -> None:
    hand_plan()
    with pytest.raises(CommandError, match=message):
        run(*args)
