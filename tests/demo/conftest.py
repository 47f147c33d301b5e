from __future__ import annotations

from datetime import date

import pytest

from pacer.demo.generate import generate_demo
from pacer.demo.profile import DEFAULT_SEED
from pacer.demo.records import DemoCompany

REFERENCE_DAY = date(2026, 6, 15)


@pytest.fixture(scope="session")
def demo() -> DemoCompany:
    """The demo company for the reference day 2026-06-15 (generated once, never saved)."""
    return generate_demo(seed=DEFAULT_SEED, today=REFERENCE_DAY)
