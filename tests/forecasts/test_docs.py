"""docs/forecast.md names every key of the JSON the commands print."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from tests.forecasts.helpers import order, submit
from tests.forecasts.test_command import as_json
from tests.forecasts.test_probability import hand_plan
from tests.world import World

DOC = Path(__file__).resolve().parents[2] / "docs" / "forecast.md"


def keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


def test_every_key_is_documented(world: World) -> None:
    hand_plan()
    submit(world.rep_a, date(2026, 6, 10), "100000", "原因")
    order(world.rep_a, date(2026, 7, 1), "80000")
    printed = [
        as_json("snapshot", "--as-of", "2026-06-10"),
        as_json("accuracy", "--as-of", "2026-08-03"),
        as_json("probability", "--year", "2026", "--trials", "200", "--as-of", "2026-06-15"),
    ]
    text = DOC.read_text(encoding="utf-8")
    found = set().union(*(keys(data) for data in printed))
    missing = {k for k in found if f'"{k}"' not in text and f"`{k}`" not in text}
    assert missing == set()
    assert {"taken", "windows", "histogram", "delay_days"} <= found
