"""The plan's inputs against a straightforward computation from the order and payment rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest

from pacer.crm.models import BusinessType, Customer, Order, Payment
from pacer.planning.inputs import Assumptions, PlanInputs
from pacer.planning.periods import FiscalYear, Period, add_months
from pacer.plans.inputs import UNASSIGNED, fiscal_year_for, load_plan_inputs

from .conftest import DEMO_DAY

Row = tuple[date, Decimal, int, int | None, str, int | None, str | None, str | None]


def _inputs() -> PlanInputs:
    return load_plan_inputs(
        year=2026, target=Decimal(50_000_000), as_of=DEMO_DAY, assumptions=Assumptions()
    )


def _orders(before: date) -> list[Row]:
    return list(
        Order.objects.filter(signed_date__lt=before).values_list(
            "signed_date",
            "amount",
            "customer_id",
            "person_id",
            "business_type",
            "customer__owner_id",
            "customer__industry__code",
            "customer__region__code",
        )
    )


def _total(rows: list[Row], period: Period) -> Decimal:
    return sum((r[1] for r in rows if r[0] in period), Decimal(0))


def test_history_customers_and_people_are_the_sums_of_their_orders(demo: None) -> None:
    inputs = _inputs()
    fy = fiscal_year_for(2026)
    rows = _orders(fy.period.start)
    assert inputs.yearly_history, "the demo company has history"
    for year, total in inputs.yearly_history.items():
        period = FiscalYear(year, fy.start_month).period
        assert total == _total(rows, period)
        months = FiscalYear(year, fy.start_month).months()
        assert inputs.monthly_history[year] == tuple(_total(rows, m) for m in months)
    last_year = Period(add_months(fy.period.start, -12), fy.period.start)
    recent: dict[int, Decimal] = defaultdict(Decimal)
    sold: dict[int, Decimal] = defaultdict(Decimal)
    for signed, amount, customer, person, _bt, owner, _i, _r in rows:
        if signed in last_year:
            recent[customer] += amount
            if (person or owner) is not None:
                sold[person or owner] += amount  # type: ignore[index]
    by_customer = {c.customer_id: c for c in inputs.customers}
    assert {c for c, _ in recent.items()} <= by_customer.keys()
    for customer, amount in recent.items():
        assert by_customer[customer].last_12_months == amount
    assert [c.customer_id for c in inputs.customers] == sorted(by_customer)
    for person in inputs.people:
        assert person.last_12_months == sold.get(person.person_id, Decimal(0))
    assert sum(p.last_12_months for p in inputs.people) > 0


def test_new_business_and_retention_follow_their_definitions(demo: None) -> None:
    inputs = _inputs()
    start = fiscal_year_for(2026).period.start
    rows = _orders(start)
    window = Period(add_months(start, -24), start)
    expected: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for signed, amount, _c, _p, bt, _o, industry, region in rows:
        if signed in window and bt == BusinessType.NEW_CUSTOMER:
            expected[(industry or UNASSIGNED, region or UNASSIGNED)] += amount
    assert inputs.new_business_history == expected
    last = Period(add_months(start, -12), start)
    before = Period(add_months(start, -24), last.start)
    prior: dict[int, Decimal] = defaultdict(Decimal)
    kept: dict[int, Decimal] = defaultdict(Decimal)
    for signed, amount, customer, *_ in rows:
        if signed in before:
            prior[customer] += amount
        elif signed in last:
            kept[customer] += amount
    share = sum(min(a, kept[c]) for c, a in prior.items()) / sum(prior.values())
    assert inputs.observed_retention == share.quantize(Decimal("0.0001"))


def test_payment_delay_and_collection_rate(demo: None) -> None:
    inputs = _inputs()
    delay: dict[int, Decimal] = defaultdict(Decimal)
    payments = Payment.objects.values_list("date", "amount", "order__signed_date")
    for paid, amount, signed in payments:
        if DEMO_DAY - timedelta(days=730) <= paid < DEMO_DAY:
            months = (paid.year - signed.year) * 12 + paid.month - signed.month
            delay[max(months, 0)] += amount
    assert inputs.payment_delay == delay
    assert list(inputs.payment_delay) == sorted(delay)
    lo, hi = DEMO_DAY - timedelta(days=730), DEMO_DAY - timedelta(days=182)
    signed_total = sum(
        Order.objects.filter(signed_date__range=(lo, hi)).values_list("amount", flat=True),
        Decimal(0),
    )
    paid_total = sum((a for _d, a, s in payments if lo <= s <= hi), Decimal(0))
    assert inputs.collection_rate == min(
        Decimal(1), (paid_total / signed_total).quantize(Decimal("0.0001"))
    )


@pytest.mark.parametrize(
    "amounts",
    [
        ["0.1000", "0.2000", "0.3000"],
        ["99999999999.9999", "0.0001", "12345678901.2345"],
        # A floating-point sum drifts by about a hundredth of a yuan here.
        ["99999999999.0000"] + ["0.0001"] * 1000,
    ],
)
def test_sums_are_exact_to_the_ten_thousandth(demo: None, amounts: list[str]) -> None:
    """Amounts that floating point cannot add exactly still sum to the exact decimal."""
    customer = Customer.objects.order_by("pk").first()
    assert customer is not None
    start = fiscal_year_for(2026).period.start
    day = start - timedelta(days=3)
    before = next(c.last_12_months for c in _inputs().customers if c.customer_id == customer.pk)
    Order.objects.bulk_create(
        Order(
            customer=customer,
            amount=Decimal(amount),
            signed_date=day,
            business_type=BusinessType.REPEAT,
        )
        for amount in amounts
    )
    after = next(c.last_12_months for c in _inputs().customers if c.customer_id == customer.pk)
    assert after - before == sum((Decimal(a) for a in amounts), Decimal(0))
