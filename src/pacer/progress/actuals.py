"""Actuals per plan node and month: signed orders, and payments collected (回款).

Set-based: PostgreSQL (or SQLite) sums the plan year's orders, and its payments, per month,
market cell (business type × industry × region) and seller, exactly in whole ten-thousandths
of a yuan (``pacer.crm.sums``); a few hundred thousand groups at most, rather than millions of
rows. Python then adds each group to the nodes it counts for. Only records dated before the
reference day count (the reference day is the state at its start, like expected-to-date).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth

from pacer.crm.models import Industry, Order, Payment, Region
from pacer.crm.sums import units_sum, yuan
from pacer.planning.money import STORED, STORED_PLACES
from pacer.progress.nodes import PlanIndex

# A day of the month, an amount in ten-thousandths of a yuan, business type, industry code,
# region code, seller (the signer, or else the customer's owner).
Row = tuple[date, int, str, str | None, str | None, int | None]


@dataclass(frozen=True)
class Actuals:
    """Per node id, the amount of each month of the plan year (yuan, exact)."""

    orders: dict[int, list[Decimal]]
    payments: dict[int, list[Decimal]]
    # Company only: payments on orders signed in the plan year, the measure the plan's
    # collection plan (回款计划) is made of (it follows the year's own signings).
    plan_year_payments: list[Decimal]


def _window(index: PlanIndex, as_of: date) -> tuple[date, date]:
    return index.months[0].start, min(index.months[-1].end, as_of)


def _groups(records: QuerySet[Any], *, day: str, order: str = "") -> QuerySet[Any]:
    """``records`` grouped by month, market cell and seller; ``order`` is the path to the
    order ("" for orders, "order__" for payments)."""
    grouped: QuerySet[Any] = (
        records.values(
            month=TruncMonth(day),
            business=F(f"{order}business_type"),
            industry=F(f"{order}customer__industry_id"),
            region=F(f"{order}customer__region_id"),
            seller=Coalesce(f"{order}person_id", f"{order}customer__owner_id"),
        )
        .annotate(units=units_sum())
        .order_by()
    )
    return grouped


_COLUMNS = ("month", "units", "business", "industry", "region", "seller")


def _with_codes(groups: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Groups with their industry and region ids replaced by the codes the plan keys use.

    Grouping by ids spares the database two joins per record; the tables are small."""
    industries = dict(Industry.objects.values_list("pk", "code"))
    regions = dict(Region.objects.values_list("pk", "code"))
    return [
        (month, units, business, industries.get(industry), regions.get(region), *rest)
        for month, units, business, industry, region, *rest in groups
    ]


def order_groups(index: PlanIndex, as_of: date) -> list[Row]:
    """The plan year's orders signed before ``as_of``, summed per month, cell and seller."""
    start, end = _window(index, as_of)
    orders = Order.objects.filter(signed_date__gte=start, signed_date__lt=end)
    return _with_codes(_groups(orders, day="signed_date").values_list(*_COLUMNS))


def load_actuals(index: PlanIndex, as_of: date) -> Actuals:
    start, end = _window(index, as_of)
    payments = Payment.objects.filter(date__gte=start, date__lt=end)
    payment_rows = _with_codes(
        _groups(payments, day="date", order="order__")
        .annotate(plan_year=units_sum(within=Q(order__signed_date__gte=start)))
        .values_list(*_COLUMNS, "plan_year")
    )
    plan_year = [Decimal(0)] * len(index.months)
    for month, *_, plan_year_units in payment_rows:
        if plan_year_units is not None:
            plan_year[month_offset(index, month)] += yuan(plan_year_units)
    return Actuals(
        orders=per_node(index, order_groups(index, as_of)),
        payments=per_node(index, (row[:-1] for row in payment_rows)),
        plan_year_payments=plan_year,
    )


def month_offset(index: PlanIndex, day: date) -> int:
    first = index.months[0].start
    return (day.year - first.year) * 12 + day.month - first.month


def per_node(index: PlanIndex, rows: Iterable[Row]) -> dict[int, list[Decimal]]:
    """Sum each row into every node it counts for, by month of the plan year."""
    return per_node_encoded(index, encode(index, rows))


@dataclass(frozen=True)
class Encoded:
    """Rows as numbers: month offset, amount in ten-thousandths of a yuan (exact), and the
    index of the row's market cell and of its seller in ``cells`` / ``sellers``. A row may
    be one record or a group of records of the same month, cell and seller."""

    month: npt.NDArray[np.int64]
    units: npt.NDArray[np.int64]
    cell: npt.NDArray[np.int64]
    seller: npt.NDArray[np.int64]
    cells: list[tuple[str, str | None, str | None]]
    sellers: list[int | None]


def encode(index: PlanIndex, rows: Iterable[Row]) -> Encoded:
    cells: dict[tuple[str, str | None, str | None], int] = {}
    sellers: dict[int | None, int] = {}
    month, units, cell, seller = [], [], [], []
    for day, amount, business_type, industry, region, who in rows:
        month.append(month_offset(index, day))
        units.append(int(amount))
        cell.append(cells.setdefault((business_type, industry, region), len(cells)))
        seller.append(sellers.setdefault(who, len(sellers)))
    return Encoded(
        month=np.array(month, dtype=np.int64),
        units=np.array(units, dtype=np.int64),
        cell=np.array(cell, dtype=np.int64),
        seller=np.array(seller, dtype=np.int64),
        cells=list(cells),
        sellers=list(sellers),
    )


def per_node_encoded(index: PlanIndex, rows: Encoded) -> dict[int, list[Decimal]]:
    """``per_node`` over encoded rows: exact sums per market cell and per seller, by month,
    then each cell's and seller's months added to the nodes they count for."""
    n = len(index.months)
    totals = {node_id: [Decimal(0)] * n for node_id in index.nodes}
    by_cell = _sums(rows.cell * n + rows.month, rows.units, len(rows.cells) * n)
    by_seller = _sums(rows.seller * n + rows.month, rows.units, len(rows.sellers) * n)
    for i, (business_type, industry, region) in enumerate(rows.cells):
        _add(totals, index.market_nodes(business_type, industry, region), by_cell, i * n, n)
    for i, seller in enumerate(rows.sellers):
        _add(totals, index.org_nodes(seller), by_seller, i * n, n)
    return totals


# Sums of int64 amounts are taken in two halves of 26 bits, each summed exactly in float64
# (below 2^53 for up to 2^27 rows); amounts of 2^52 units or more, or more rows, go through
# Python integers instead.
_HALF = 1 << 26


def _sums(keys: npt.NDArray[np.int64], units: npt.NDArray[np.int64], size: int) -> list[int | None]:
    """Per key, the exact sum of ``units`` (None for keys without any row)."""
    counts = np.bincount(keys, minlength=size)
    if len(units) and (units.min() < 0 or units.max() >= _HALF * _HALF or len(units) >= _HALF * 2):
        exact: list[int] = [0] * size
        for key, value in zip(keys.tolist(), units.tolist(), strict=True):
            exact[key] += value
        sums = exact
    else:
        high = np.bincount(keys, weights=units // _HALF, minlength=size).astype(np.int64)
        low = np.bincount(keys, weights=units % _HALF, minlength=size).astype(np.int64)
        sums = (high * _HALF + low).tolist()
    return [s if c else None for s, c in zip(sums, counts.tolist(), strict=True)]


def _add(
    totals: dict[int, list[Decimal]], nodes: list[int], sums: list[int | None], first: int, n: int
) -> None:
    for month in range(n):
        units = sums[first + month]
        if units is None:
            continue
        amount = Decimal(units).scaleb(-STORED_PLACES).quantize(STORED)
        for node_id in nodes:
            totals[node_id][month] += amount
