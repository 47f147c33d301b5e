"""Actual-vs-plan rollup: the plan year's orders summed into every plan node × month.

Pacer's aggregation (``pacer.progress.actuals.per_node_encoded``, which the product feeds
with the groups PostgreSQL sums per month, market cell and seller) is timed here over every
order row of the year, against DuckDB doing the same aggregation over the same rows in memory
(with the same record → node mapping as tables). Only the aggregations are timed, best of
three; the product's end-to-end loading (``load_actuals``) and the row loading are reported on
their own lines. The two results are compared to the fen.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.common import Context, Figure, stopwatch
from bench.postgres import TODAY

PART = "rollup"
REPEAT = 3


def latest_plan() -> Any:
    from bench.plan_build import target_for
    from bench.postgres import PLAN_YEAR
    from pacer.plans.models import Plan
    from pacer.plans.services import plan_build

    plan = Plan.objects.filter(year=PLAN_YEAR).order_by("-pk").first()
    if plan is None:
        plan = plan_build(year=PLAN_YEAR, target=target_for(PLAN_YEAR), as_of=TODAY, name="bench")
    return plan


def best(fn: Any) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(REPEAT):
        with stopwatch() as watch:
            result = fn()
        times.append(watch.seconds)
    return min(times), result


def run(context: Context) -> list[Figure]:
    from pacer.progress.actuals import encode, load_actuals, order_groups, per_node_encoded
    from pacer.progress.nodes import plan_index

    plan = latest_plan()
    with stopwatch() as indexing:
        index = plan_index(plan)
    with stopwatch() as whole:
        load_actuals(index, TODAY)
    with stopwatch() as grouping:
        groups = order_groups(index, TODAY)
    with stopwatch() as loading:
        rows = order_rows(index)
        encoded = encode(index, rows)
    pacer_seconds, totals = best(lambda: per_node_encoded(index, encoded))
    duck_seconds, duck = duckdb_rollup(context, index, rows)
    # The product's path (groups summed in SQL) gives the same totals as every row.
    grouped_totals = per_node_encoded(index, encode(index, groups))
    same = _nonzero(totals) == duck == _nonzero(grouped_totals)
    n = len(rows)
    nodes = len(index.nodes)
    return [
        Figure(PART, "plan index (nodes, months)", indexing.seconds, "s", note=f"{nodes} nodes"),
        Figure(PART, "load_actuals: orders + payments", whole.seconds, "s", note="query and sums"),
        Figure(
            PART,
            "orders grouped in SQL (order_groups)",
            grouping.seconds,
            "s",
            note=f"{len(groups)} month × cell × seller groups",
        ),
        Figure(
            PART,
            "load and encode order rows",
            loading.seconds,
            "s",
            note=f"{n} orders in the plan year",
        ),
        Figure(PART, "aggregation, Pacer", pacer_seconds, "s", note=f"{n} orders × {nodes} nodes"),
        Figure(PART, "aggregation, DuckDB", duck_seconds, "s", note="in memory, same rows"),
        Figure(
            PART,
            "Pacer ÷ DuckDB aggregation",
            pacer_seconds / duck_seconds,
            "×",
            goal=3.0,
            note="results equal" if same else "RESULTS DIFFER",
        ),
    ]


def _nonzero(totals: dict[int, list[Decimal]]) -> dict[tuple[int, int], Decimal]:
    return {
        (node, month): amount
        for node, months in totals.items()
        for month, amount in enumerate(months)
        if amount
    }


def duckdb_rollup(
    context: Context, index: Any, rows: Any
) -> tuple[float, dict[tuple[int, int], Decimal]]:
    import duckdb

    from pacer.progress.actuals import month_offset

    path = Path(context.work_dir) / "orders.csv"
    cells: set[tuple[str, str, str]] = set()
    sellers: set[int] = set()
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        for day, units, bt, industry, region, seller in _columns(rows):
            amount = Decimal(units).scaleb(-4)
            cell = (bt, industry or "-", region or "-")
            cells.add(cell)
            sellers.add(-1 if seller is None else seller)
            out.writerow(
                (month_offset(index, day), amount, *cell, -1 if seller is None else seller)
            )
    db = duckdb.connect()
    db.execute(
        f"CREATE TABLE orders AS SELECT * FROM read_csv('{path}', header=false, columns={{"
        "'month': 'INTEGER', 'amount': 'DECIMAL(18,4)', 'bt': 'VARCHAR', 'industry': 'VARCHAR', "
        "'region': 'VARCHAR', 'seller': 'BIGINT'})"
    )
    db.execute("CREATE TABLE market (bt VARCHAR, industry VARCHAR, region VARCHAR, node BIGINT)")
    db.executemany(
        "INSERT INTO market VALUES (?, ?, ?, ?)",
        [(*cell, node) for cell in sorted(cells) for node in index.market_nodes(*cell)],
    )
    db.execute("CREATE TABLE org (seller BIGINT, node BIGINT)")
    db.executemany(
        "INSERT INTO org VALUES (?, ?)",
        [(s, node) for s in sorted(sellers) for node in index.org_nodes(None if s == -1 else s)],
    )
    query = """
        SELECT node, month, sum(amount) FROM (
            SELECT m.node, o.month, o.amount
            FROM orders o JOIN market m USING (bt, industry, region)
            UNION ALL
            SELECT g.node, o.month, o.amount FROM orders o JOIN org g USING (seller)
        ) GROUP BY node, month
    """
    seconds, result = best(lambda: db.execute(query).fetchall())
    db.close()
    return seconds, {(node, month): amount for node, month, amount in result if amount}


def order_rows(index: Any) -> list[Any]:
    """Every order of the plan year before the reference day, one row each, in the shape of
    ``pacer.progress.actuals.Row`` (amounts in ten-thousandths of a yuan)."""
    from django.db.models import F
    from django.db.models.functions import Coalesce

    from pacer.crm.models import Order
    from pacer.crm.sums import units

    start, end = index.months[0].start, min(index.months[-1].end, TODAY)
    orders = Order.objects.filter(signed_date__gte=start, signed_date__lt=end)
    return list(
        orders.annotate(
            units=units(),
            industry=F("customer__industry__code"),
            region=F("customer__region__code"),
            seller=Coalesce("person_id", "customer__owner_id"),
        )
        .values_list("signed_date", "units", "business_type", "industry", "region", "seller")
        .order_by("pk")
    )


def _columns(rows: Any) -> Any:
    return rows if isinstance(rows, list) else list(rows)
