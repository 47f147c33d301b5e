"""Actuals per plan node and month: signed orders, and payments collected (回款).

Set-based: one query for the orders, one for the payments, one for people's teams (in
``plan_index``); sums are taken in Python over ``Decimal`` because SQLite's SUM goes through
floating point. Only records dated before the reference day count (the reference day is the
state at its start, like expected-to-date).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pacer.crm.models import Order, Payment
from pacer.progress.nodes import PlanIndex

# date, amount, business type, industry code, region code, signer, customer owner
Row = tuple[date, Decimal, str, str | None, str | None, int | None, int | None]


@dataclass(frozen=True)
class Actuals:
    """Per node id, the amount of each month of the plan year (yuan, exact)."""

    orders: dict[int, list[Decimal]]
    payments: dict[int, list[Decimal]]
    # Company only: payments on orders signed in the plan year, the measure the plan's
    # collection plan (回款计划) is made of (it follows the year's own signings).
    plan_year_payments: list[Decimal]


def load_actuals(index: PlanIndex, as_of: date) -> Actuals:
    start, end = index.months[0].start, min(index.months[-1].end, as_of)
    orders = Order.objects.filter(signed_date__gte=start, signed_date__lt=end).values_list(
        "signed_date",
        "amount",
        "business_type",
        "customer__industry__code",
        "customer__region__code",
        "person_id",
        "customer__owner_id",
    )
    payments = Payment.objects.filter(date__gte=start, date__lt=end).values_list(
        "order__signed_date",
        "date",
        "amount",
        "order__business_type",
        "order__customer__industry__code",
        "order__customer__region__code",
        "order__person_id",
        "order__customer__owner_id",
    )
    payment_rows = list(payments.order_by("pk"))
    plan_year = [Decimal(0)] * len(index.months)
    for signed, day, amount, *_ in payment_rows:
        if signed >= start:
            plan_year[month_offset(index, day)] += amount
    return Actuals(
        orders=per_node(index, orders.order_by("pk")),
        payments=per_node(index, (row[1:] for row in payment_rows)),
        plan_year_payments=plan_year,
    )


def month_offset(index: PlanIndex, day: date) -> int:
    first = index.months[0].start
    return (day.year - first.year) * 12 + day.month - first.month


def per_node(index: PlanIndex, rows: Iterable[Row]) -> dict[int, list[Decimal]]:
    """Sum each row into every node it counts for, by month of the plan year."""
    n = len(index.months)
    totals = {node_id: [Decimal(0)] * n for node_id in index.nodes}
    market: dict[tuple[str, str | None, str | None], list[int]] = {}
    org: dict[int | None, list[int]] = {}
    for day, amount, business_type, industry, region, signer, owner in rows:
        month = month_offset(index, day)
        cell = (business_type, industry, region)
        if cell not in market:
            market[cell] = index.market_nodes(business_type, industry, region)
        seller = signer if signer is not None else owner
        if seller not in org:
            org[seller] = index.org_nodes(seller)
        for node_id in (*market[cell], *org[seller]):
            totals[node_id][month] += amount
    return totals
