"""Import of a large orders CSV through ``pacer import``: seconds, and memory against row count.

Orders dominate real imports (one row per signed contract, years of them), so the file is
orders referencing a few thousand customers and a hundred people, which are imported first.
Each size is imported in a fresh subprocess so that its peak resident set size is its own; the
memory figure is the peak growth during the import itself (after Django is set up and the
customers exist). "Flat memory" means the growth for the large file is close to the growth for
a file ten times smaller.

Run alone: ``python -m bench.import_csv ROWS WORK_DIR`` prints one JSON line.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from bench.common import Context, Figure, peak_rss_mib, stopwatch

PART = "import_csv"
GOAL_SECONDS = 60.0
GOAL_RATIO = 2.0  # growth(10× rows) / growth(rows)
CUSTOMERS = 3000
PEOPLE = 100


def sizes(scale: str) -> tuple[int, int]:
    """(small, large) row counts: the goal is stated for 100k vs 1M."""
    return (100_000, 1_000_000) if scale == "full" else (1_000, 10_000)


def write_files(folder: Path, rows: int, prefix: str) -> tuple[Path, Path]:
    """A folder of people and customers, and the orders CSV (UTF-8, Chinese headers)."""
    refs = folder / "refs"
    refs.mkdir(parents=True, exist_ok=True)
    with (refs / "人员.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["外部编号", "姓名"])
        out.writerows([f"{prefix}P{i}", f"销售{i}"] for i in range(PEOPLE))
    with (refs / "客户.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["外部编号", "客户名称", "负责人编号"])
        out.writerows(
            [f"{prefix}C{i}", f"客户{i}有限公司", f"{prefix}P{i % PEOPLE}"]
            for i in range(CUSTOMERS)
        )
    orders = folder / "订单.csv"
    start = date(2020, 1, 1)
    with orders.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["外部编号", "客户编号", "签单人编号", "业务类型", "金额(元)", "签约日期"])
        for i in range(rows):
            out.writerow(
                [
                    f"{prefix}O{i}",
                    f"{prefix}C{(i * 7919) % CUSTOMERS}",
                    f"{prefix}P{i % PEOPLE}",
                    ("存量复购", "新客户开发", "新产品销售")[i % 3],
                    f"{(i * 37) % 500_000 + 1000}.{i % 100:02d}",
                    (start + timedelta(days=i % 2000)).isoformat(),
                ]
            )
    return refs, orders


def current_rss_mib() -> float:
    """Resident set size of this process now, in MiB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def measure(rows: int, work_dir: Path) -> dict[str, float]:
    """Import ``rows`` orders in this process; seconds and peak RSS growth in MiB."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacer.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from pacer.crm.models import Order

    prefix = f"BI{rows}-"
    refs, orders = write_files(work_dir / str(rows), rows, prefix)
    with connection.cursor() as cursor:  # a re-run measures creation again, not updates
        table = connection.ops.quote_name(Order._meta.db_table)
        cursor.execute(f"DELETE FROM {table} WHERE external_id LIKE %s", [f"{prefix}%"])
    call_command("pacer_import", str(refs), stdout=open(os.devnull, "w"))  # noqa: PTH123, SIM115
    before = current_rss_mib()
    with stopwatch() as watch:
        call_command("pacer_import", str(orders), stdout=open(os.devnull, "w"))  # noqa: PTH123, SIM115
    growth = peak_rss_mib() - before
    count = Order.objects.filter(external_id__startswith=prefix).count()
    assert count == rows, f"{count} orders imported, expected {rows}"
    return {"rows": rows, "seconds": watch.seconds, "growth_mib": max(growth, 0.0)}


def _subprocess(rows: int, context: Context) -> dict[str, float]:
    env = dict(os.environ)
    if context.database_url:
        env["PACER_DATABASE_URL"] = context.database_url
    root = Path(__file__).resolve().parent.parent
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(root / "src"), str(root), env.get("PYTHONPATH", "")) if p
    )
    done = subprocess.run(
        [sys.executable, "-m", "bench.import_csv", str(rows), context.work_dir],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"import of {rows} rows failed:\n{done.stderr[-4000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(context: Context) -> list[Figure]:
    small, large = sizes(context.scale)
    few = _subprocess(small, context)
    many = _subprocess(large, context)
    ratio = many["growth_mib"] / max(few["growth_mib"], 1.0)
    return [
        Figure(PART, f"import {large:,} orders (CSV)", many["seconds"], "s", GOAL_SECONDS),
        Figure(PART, f"import {small:,} orders (CSV)", few["seconds"], "s"),
        Figure(PART, f"peak RSS growth, {large:,} rows", many["growth_mib"], "MiB"),
        Figure(PART, f"peak RSS growth, {small:,} rows", few["growth_mib"], "MiB"),
        Figure(
            PART,
            f"memory {large:,} / {small:,} rows",
            ratio,
            "×",
            GOAL_RATIO,
            note="flat memory: near 1, not 10",
        ),
    ]


if __name__ == "__main__":
    figures = measure(int(sys.argv[1]), Path(sys.argv[2]))
    sys.stdout.write(json.dumps(figures) + "\n")
