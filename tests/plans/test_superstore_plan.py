"""A plan on imported real history: Superstore's seasonality, checked against the raw rows."""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from pacer.plans.models import PlanNode
from pacer.plans.services import plan_build
from tests.exchange.helpers import run

REPO = Path(__file__).resolve().parents[2]
SUPERSTORE = REPO / ".." / "shared" / "datasets" / "superstore"


def _superstore() -> Path:
    if not SUPERSTORE.is_dir():
        message = f"shared dataset superstore not found at {SUPERSTORE.resolve()}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SUPERSTORE


def _independent_shares() -> list[Fraction]:
    """Month shares of 2014–2016 from the raw CSV, averaged, shrunk by years/(years+1)."""
    totals: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 12)
    with (SUPERSTORE / "sample_superstore.csv").open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            day = datetime.strptime(row["Order Date"], "%m/%d/%Y").date()
            if day.year < 2017:
                totals[day.year][day.month - 1] += Decimal(row["Sales"])
    years = sorted(totals)
    assert years == [2014, 2015, 2016]
    averaged = [
        sum(Fraction(totals[y][m]) / Fraction(sum(totals[y])) for y in years) / len(years)
        for m in range(12)
    ]
    weight = Fraction(len(years), len(years) + 1)
    return [weight * a + (1 - weight) / 12 for a in averaged]


@pytest.mark.django_db
def test_superstore_plan_follows_its_learned_seasonality() -> None:
    folder = _superstore()
    result = run(folder, mapping=REPO / "docs" / "examples" / "superstore.toml")
    assert result.ok, result.report()

    target = Decimal(800_000)
    plan = plan_build(year=2017, target=target, as_of=date(2017, 1, 1))

    expected = _independent_shares()
    stored = [Fraction(s) for s in plan.views["seasonality"]["shares"]]
    assert plan.views["seasonality"]["years_used"] == [2014, 2015, 2016]
    for got, want in zip(stored, expected, strict=True):
        assert abs(got - want) < Fraction(1, 10**9)  # stored with ten places

    # No projects in Superstore: every month is run-rate business, in the learned proportions.
    root = PlanNode.objects.get(plan=plan, tree="market", parent=None)
    months = list(root.periods.order_by("start"))
    assert sum(m.amount for m in months) == target
    for month, share in zip(months, expected, strict=True):
        assert month.identified == 0
        assert abs(month.amount - Decimal(share.numerator) / share.denominator * target) < Decimal(
            "0.01"
        )
    # The Q4 peak and the Jan–Feb trough of the raw data.
    assert months[10].amount > months[0].amount
    assert months[11].amount > months[1].amount
