"""Actuals, attainment and pace at every node equal a recomputation from the raw rows.

The recomputation here is written on its own: it walks Order and Payment rows one by one,
finds each row's nodes by following ``PlanNode.parent`` in the ORM, and sums; the expected
amount is recomputed from the stored months with the 30 % / 80 % rhythm written out again.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

import pytest

from pacer.crm.models import Order, Payment
from pacer.plans.models import Plan, PlanNode, PlanPeriod
from pacer.progress.report import track_report
from pacer.progress.selectors import track_data
from tests.plans.conftest import DEMO_DAY

YEAR_START = date(2026, 1, 1)


def _chain(node: PlanNode | None) -> list[int]:
    ids = []
    while node is not None:
        ids.append(node.pk)
        node = node.parent
    return ids


def _market_nodes(plan: Plan, order: Order) -> list[int]:
    customer = order.customer
    keys = [
        order.business_type,
        customer.industry.code if customer.industry else "-",
        customer.region.code if customer.region else "-",
    ]
    node = PlanNode.objects.get(plan=plan, tree="market", parent=None)
    for key in keys:
        child = PlanNode.objects.filter(parent=node, key=key).first()
        if child is None:
            break
        node = child
    return _chain(node)


def _org_nodes(plan: Plan, order: Order) -> list[int]:
    seller = order.person or order.customer.owner
    org = PlanNode.objects.filter(plan=plan, tree="org")
    own = org.filter(person=seller).first() if seller else None
    if own is None and seller is not None and seller.team_id is not None:
        own = org.filter(team_id=seller.team_id).first()
    return _chain(own or org.get(parent=None))


def _recompute(plan: Plan, rows: list[tuple[date, Decimal, Order]]) -> dict[int, list[Decimal]]:
    totals: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 12)
    for day, amount, order in rows:
        if not YEAR_START <= day < DEMO_DAY:
            continue
        for node_id in _market_nodes(plan, order) + _org_nodes(plan, order):
            totals[node_id][day.month - 1] += amount
    return totals


def _rhythm(day_of_month: int, days: int) -> Decimal:
    """The share of a month's target expected by the end of ``day_of_month``."""
    points = [(0, Decimal(0)), (10, Decimal("0.3")), (20, Decimal("0.8")), (days, Decimal(1))]
    for (d0, f0), (d1, f1) in pairwise(points):
        if d0 <= day_of_month <= d1:
            return f0 + (f1 - f0) * Decimal(day_of_month - d0) / Decimal(d1 - d0)
    raise AssertionError


def _expected(targets: list[Decimal]) -> Decimal:
    # Jan–May are over; 14 days of June's 30 have passed.
    june = (targets[5] * _rhythm(14, 30)).quantize(Decimal("0.01"))
    return sum(targets[:5], Decimal(0)) + june


def _ratio(part: Decimal, whole: Decimal) -> str | None:
    if whole <= 0:
        return None
    return str((part / whole).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


@pytest.fixture
def orders() -> list[tuple[date, Decimal, Order]]:
    rows = Order.objects.select_related("customer__industry", "customer__region", "person")
    return [(o.signed_date, o.amount, o) for o in rows.select_related("customer__owner")]


def test_orders_per_node_and_month_equal_a_recomputation(
    demo_plan: Plan, orders: list[tuple[date, Decimal, Order]]
) -> None:
    expected = _recompute(demo_plan, orders)
    data = track_data(demo_plan, DEMO_DAY, None)
    nodes = data["trees"]["market"] + data["trees"]["org"]
    assert len(nodes) == PlanNode.objects.filter(plan=demo_plan).count()
    checked_nonzero = 0
    for node in nodes:
        months = expected.get(node["id"], [Decimal(0)] * 12)
        assert [Decimal(m["actual"]) for m in node["months"]] == months, node["label"]
        assert Decimal(node["actual"]) == sum(months, Decimal(0))
        checked_nonzero += any(months)
    # Most nodes sold something this year: the comparison is not of zeros.
    assert checked_nonzero > len(nodes) * 3 // 4
    company = [n for n in nodes if n["parent_id"] is None]
    in_year = sum((a for d, a, _ in orders if YEAR_START <= d < DEMO_DAY), Decimal(0))
    assert [Decimal(c["actual"]) for c in company] == [in_year, in_year]


def test_attainment_expected_and_pace_per_node_equal_a_recomputation(
    demo_plan: Plan, orders: list[tuple[date, Decimal, Order]]
) -> None:
    actuals = _recompute(demo_plan, orders)
    data = track_data(demo_plan, DEMO_DAY, None)
    periods: dict[int, list[Decimal]] = defaultdict(list)
    for p in PlanPeriod.objects.filter(node__plan=demo_plan).order_by("node", "start"):
        periods[p.node_id].append(p.amount)
    signals = set()
    for node in data["trees"]["market"] + data["trees"]["org"]:
        targets = periods[node["id"]]
        actual = sum(actuals.get(node["id"], []), Decimal(0))
        expected = _expected(targets)
        assert Decimal(node["target"]) == sum(targets, Decimal(0))
        assert Decimal(node["expected_to_date"]) == expected, node["label"]
        assert node["attainment"] == _ratio(actual, sum(targets, Decimal(0)))
        assert node["pace"] == _ratio(actual, expected)
        assert Decimal(node["pace_gap"]) == actual - expected
        pace = Decimal(node["pace"]) if node["pace"] else None
        signal = (
            "green" if pace is None or pace >= 1 else "yellow" if pace >= Decimal("0.8") else "red"
        )
        assert node["signal"] == signal
        signals.add(signal)
        # The quarter (April–June) on its own
        quarter = node["periods"]["quarter"]
        q_actual = sum(actuals.get(node["id"], [Decimal(0)] * 12)[3:6], Decimal(0))
        assert Decimal(quarter["actual"]) == q_actual
        assert Decimal(quarter["target"]) == sum(targets[3:6], Decimal(0))
        assert Decimal(quarter["expected_to_date"]) == _expected([Decimal(0)] * 3 + targets[3:6])
    assert signals == {"green", "yellow", "red"}


def test_payments_per_node_and_against_the_collection_plan(demo_plan: Plan) -> None:
    payments = Payment.objects.select_related(
        "order__customer__industry", "order__customer__region", "order__person"
    ).select_related("order__customer__owner")
    rows = [(p.date, p.amount, p.order) for p in payments]
    expected = _recompute(demo_plan, rows)
    data = track_data(demo_plan, DEMO_DAY, None)
    for node in data["trees"]["market"] + data["trees"]["org"]:
        months = expected.get(node["id"], [Decimal(0)] * 12)
        assert [Decimal(m["payments"]) for m in node["months"]] == months, node["label"]
        assert Decimal(node["payments"]["actual"]) == sum(months, Decimal(0))
    # At the company: payments on this year's orders against the plan's collection plan.
    company = data["trees"]["market"][0]
    plan_year = [Decimal(0)] * 12
    for day, amount, order in rows:
        if YEAR_START <= day < DEMO_DAY and order.signed_date >= YEAR_START:
            plan_year[day.month - 1] += amount
    collections = [Decimal(m["amount"]) for m in demo_plan.collections["months"]]
    assert [Decimal(m["plan_year_payments"]) for m in company["months"]] == plan_year
    assert [Decimal(m["payments_target"]) for m in company["months"]] == collections
    ytd = company["payments"]["plan"]["ytd"]
    assert Decimal(ytd["actual"]) == sum(plan_year, Decimal(0))
    assert Decimal(ytd["expected_to_date"]) == _expected(collections)
    assert ytd["attainment"] == _ratio(sum(plan_year, Decimal(0)), sum(collections[:6], Decimal(0)))
    assert data["trees"]["market"][1]["payments"]["plan"] is None
    assert data["trees"]["market"][1]["months"][0]["payments_target"] is None


def test_a_date_before_the_year_has_nothing_actual_or_expected(demo_plan: Plan) -> None:
    report = track_report(demo_plan, date(2025, 12, 1))
    for nodes in report.trees.values():
        for n in nodes:
            assert n.year.actual == 0
            assert n.year.expected_to_date == 0
            assert n.year.signal == "green"
            assert n.windows["month"].target == n.months[0].target
