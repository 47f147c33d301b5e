from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from pacer.org.models import Person
from pacer.plans.models import Plan, PlanAction
from tests.plans.conftest import demo, demo_plan  # noqa: F401


def make_plan(actions: Iterable[tuple[Person, str, int, date]], *, year: int = 2026) -> Plan:
    """A bare draft plan holding only the given funnel actions (person, stage, count, due)."""
    plan = Plan.objects.create(
        name=f"{year} 测试计划", year=year, target=Decimal(1_000_000), as_of=date(year, 1, 1)
    )
    for person, stage, count, due in actions:
        PlanAction.objects.create(
            plan=plan,
            person=person,
            stage=stage,
            count=count,
            due=due,
            feeds_start=due.replace(day=1),
            acceptance="验收",
        )
    return plan
