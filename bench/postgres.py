"""The benchmark's database: a throwaway PostgreSQL cluster (or a given URL), and the company
generated into it.

``throwaway_cluster`` makes a Debian cluster (``pg_createcluster``, we run as root) on port
54331 with the role ``pacer``/``pacer`` and drops it again at exit. The company is generated
for a fixed reference day so that every run measures the same data.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

PORT = 54331
CLUSTER = "pacer_bench"
TODAY = date(2025, 10, 15)  # the reference day; the plan year is 2025
PLAN_YEAR = TODAY.year
SIZES = {
    "full": {"people": 2000, "customers": 200_000, "projects": 1_000_000, "orders": 5_000_000},
    "small": {"people": 20, "customers": 2_000, "projects": 10_000, "orders": 50_000},
}


def pg_version() -> str:
    versions = sorted(
        Path("/usr/lib/postgresql").iterdir(), key=lambda p: [int(x) for x in p.name.split(".")]
    )
    return versions[-1].name


def _cluster_exists(version: str) -> bool:
    out = subprocess.run(["pg_lsclusters", "-h"], check=True, capture_output=True, text=True).stdout
    return any(line.split()[:2] == [version, CLUSTER] for line in out.splitlines())


def _psql(sql: str) -> None:
    subprocess.run(
        ["su", "postgres", "-c", f'psql -q -p {PORT} -c "{sql}"'], check=True, capture_output=True
    )


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """A fresh cluster with an empty database ``pacer``; yields its URL, drops it afterwards."""
    version = pg_version()
    if _cluster_exists(version):
        subprocess.run(["pg_dropcluster", "--stop", version, CLUSTER], check=True)
    subprocess.run(
        [
            "pg_createcluster", version, CLUSTER, "-p", str(PORT), "--start", "--",
            "--auth-local=peer", "--auth-host=scram-sha-256",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    try:
        # Bulk loads and big aggregations want more than the stock memory settings.
        for setting in (
            "work_mem = '64MB'",
            "maintenance_work_mem = '512MB'",
            "max_wal_size = '4GB'",
        ):
            _psql(f"ALTER SYSTEM SET {setting}")
        _psql("SELECT pg_reload_conf()")
        _psql("CREATE ROLE pacer LOGIN CREATEDB PASSWORD 'pacer'")
        subprocess.run(["su", "postgres", "-c", f"createdb -p {PORT} -O pacer pacer"], check=True)
        yield f"postgres://pacer:pacer@127.0.0.1:{PORT}/pacer"
    finally:
        subprocess.run(["pg_dropcluster", "--stop", version, CLUSTER], check=False)
