"""``python -m bench``: generate a company at scale into PostgreSQL and measure Pacer on it.

Environment: ``BENCH_SCALE`` = ``full`` (default; the sizes the goals are stated for) or
``small`` (about a hundredth); ``PACER_BENCH_DATABASE_URL`` = an existing PostgreSQL database to
use instead of a throwaway cluster (its Pacer data are replaced, unless ``BENCH_REUSE=1`` and it
already holds a generated company); ``BENCH_PARTS`` = a comma-separated subset of the parts.
Progress goes to stderr; the table and the ratios to stdout.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tempfile
import time
import traceback
from contextlib import AbstractContextManager, nullcontext

from bench.common import Context, Figure, table
from bench.postgres import SIZES, TODAY, throwaway_cluster

OWN_PARTS = ("plan_build", "rollup", "alerts", "montecarlo")
OTHER_PARTS = ("import_csv", "load")


def say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def pacer(url: str, *args: str) -> None:
    """Run a ``pacer`` command against ``url`` in a child process."""
    env = {**os.environ, "PACER_DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "pacer.cli", *args], check=True, env=env)


def prepare(url: str, scale: str, seed: int) -> None:
    say(f"migrating {url.rsplit('@', 1)[-1]}")
    pacer(url, "migrate", "--verbosity", "0")
    if os.environ.get("BENCH_REUSE") == "1" and _holds_company(url):
        say("BENCH_REUSE=1 and the database holds a company: not generating again")
        return
    sizes = [f"--{name}={value}" for name, value in SIZES[scale].items()]
    say(f"generating the {scale} company ({', '.join(sizes)})")
    started = time.perf_counter()
    pacer(url, "generate", *sizes, f"--seed={seed}", f"--today={TODAY}", "--replace")
    say(f"generated in {time.perf_counter() - started:.0f} s")


def _holds_company(url: str) -> bool:
    env = {**os.environ, "PACER_DATABASE_URL": url}
    code = (
        "import django; django.setup(); from pacer.org.models import Company; "
        "print(Company.objects.exists())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "pacer.settings"},
    )
    return out.stdout.strip() == "True"


def run_parts(context: Context, parts: list[str]) -> list[Figure]:
    figures: list[Figure] = []
    for name in parts:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"bench.{name}":
                say(f"part {name}: bench/{name}.py does not exist yet, skipped")
                continue
            raise
        say(f"part {name}: running")
        started = time.perf_counter()
        try:
            got = module.run(context)
        except Exception:
            say(f"part {name}: FAILED\n{traceback.format_exc()}")
            continue
        figures.extend(got)
        say(f"part {name}: {len(got)} figures in {time.perf_counter() - started:.1f} s")
    return figures


def main() -> int:
    scale = os.environ.get("BENCH_SCALE", "full")
    if scale not in SIZES:
        print(f"BENCH_SCALE must be one of {', '.join(SIZES)}, not {scale!r}", file=sys.stderr)
        return 2
    wanted = [p for p in os.environ.get("BENCH_PARTS", "").split(",") if p]
    parts = [p for p in (*OWN_PARTS, *OTHER_PARTS) if not wanted or p in wanted]
    given = os.environ.get("PACER_BENCH_DATABASE_URL", "")
    database: AbstractContextManager[str] = nullcontext(given) if given else throwaway_cluster()
    seed = 1
    with database as url, tempfile.TemporaryDirectory(prefix="pacer-bench-") as work_dir:
        if not given:
            say(f"throwaway PostgreSQL cluster at {url.rsplit('@', 1)[-1]}")
        prepare(url, scale, seed)
        # Django reads the database URL once, at setup: set it before any pacer import.
        os.environ["PACER_DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacer.settings")
        import django

        django.setup()
        context = Context(database_url=url, scale=scale, work_dir=work_dir, seed=seed)
        figures = run_parts(context, parts)
    print(f"Pacer benchmark, scale {scale}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}")
    print(table(figures))
    for f in figures:
        if f.unit == "×":
            verdict = "" if f.met is None else (" (goal met)" if f.met else " (goal MISSED)")
            print(f"ratio {f.part} / {f.name}: {f.value:.2f}×{verdict} {f.note}".rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
