from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pacer.demo.generate import generate_demo
from pacer.demo.profile import DEFAULT_SEED
from pacer.demo.writer import demo_company_load
from pacer.plans.models import Plan
from pacer.plans.services import plan_build

DEMO_DAY = date(2026, 6, 15)


@pytest.fixture
def demo(db: None) -> None:
    demo_company_load(company=generate_demo(seed=DEFAULT_SEED, today=DEMO_DAY), password="x")


@pytest.fixture
def demo_plan(demo: None) -> Plan:
    return plan_build(year=2026, target=Decimal(50_000_000), as_of=DEMO_DAY)
