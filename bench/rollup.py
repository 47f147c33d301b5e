"""Actual-vs-plan rollup: the plan year's orders summed into every plan node × month.

Pacer's aggregation (``pacer.progress.actuals.per_node`` over the loaded order rows) is timed
against DuckDB doing the same aggregation over the same rows in memory (with the same
record → node mapping as tables). Only the aggregations are timed, best of three; loading is
reported on its own line. The two results are compared to the fen.
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
    from pacer.progress.actuals import encode, load_actuals, order_rows, per_node_encoded
    from pacer.progress.nodes import plan_index

    plan = latest_plan()
    with stopwatch() as indexing:
        index = plan_index(plan)
    with stopwatch() as whole:
        load_actuals(index, TODAY)
    with stopwatch() as loading:
        rows = order_rows(index, TODAY)
        encoded = encode(index, rows)
    pacer_seconds, totals = best(lambda: per_node_encoded(index, encoded))
    duck_seconds, duck = duckdb_rollup(context, index, rows)
    same = _nonzero(totals) == duck
    n = len(rows)
    nodes = len(index.nodes)
    return [
        Figure(PART, "plan index (nodes, months)", indexing.seconds, "s", note=f"{nodes} nodes"),
        Figure(PART, "load_actuals: orders + payments", whole.seconds, "s", note="query and sums"),
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
        for day, amount, bt, industry, region, signer, owner in _columns(rows):
            seller = signer if signer is not None else owner
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


def _columns(rows: Any) -> Any:
    return rows if isinstance(rows, list) else list(rows)
