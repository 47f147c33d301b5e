"""Load test of the director dashboard: 50 concurrent directors against the production setup.

The server is gunicorn with the production settings (debug off, static files collected first,
``deploy/gunicorn.conf.py`` when it exists) on a free loopback port, reading the generated
company in ``context.database_url``. Locust (``bench/locustfile.py``) runs headless as a
subprocess: every simulated user logs in once, then reloads one page every one to two seconds.
Two scenarios: the home page and the progress page (/track/). Latencies are milliseconds from
locust's statistics (p50, p95 of the page loads made after all fifty users had logged in, for
60 s, or 15 s at the small scale); the goal is p95 ≤ 150 ms with no failed request (logins
included).
"""

from __future__ import annotations

import csv
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.common import Context, Figure

PART = "load"
USERS = 50
SPAWN_RATE = 10
P95_GOAL_MS = 150.0
LOGIN_ALLOWANCE_S = 180
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOGIN_USERNAME = "bench-director"
LOGIN_PASSWORD = "bench-load-" + "director"


@dataclass(frozen=True)
class Scenario:
    key: str
    path: str
    label: str


SCENARIOS = (
    Scenario("home", "/", "director home page"),
    Scenario("track", "/track/", "director /track/ page"),
)


def run(context: Context) -> list[Figure]:
    """Both scenarios against one server; the server is stopped whatever happens."""
    work = Path(context.work_dir) / "load"
    work.mkdir(parents=True, exist_ok=True)
    env = _server_env(context, work)
    _manage(["migrate", "--no-input", "-v", "0"], env)
    _manage(["collectstatic", "--no-input", "-v", "0"], env)
    _director_login(env)
    port = _free_port()
    server = _start_gunicorn(env, port, work)
    figures: list[Figure] = []
    try:
        _wait_until_up(port, server)
        seconds = 15 if context.scale == "small" else 60
        for scenario in SCENARIOS:
            figures.extend(_scenario(scenario, port, seconds, work))
    finally:
        _stop(server)
    return figures


# -- the server ---------------------------------------------------------------------------------


def _server_env(context: Context, work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "pacer.settings",
            "PACER_DATABASE_URL": context.database_url,
            "PACER_DEBUG": "0",
            "PACER_SECRET_KEY": secrets.token_urlsafe(50),
            "PACER_STATIC_ROOT": str(work / "static"),
            "PACER_VAR_DIR": str(work / "var"),
            "PACER_ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
    )
    return env


def _manage(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([str(BIN / "pacer"), *args], env=env, cwd=ROOT, check=True)


def _director_login(env: dict[str, str]) -> None:
    """Give a director of the company a login with the bench's password (made when missing)."""
    code = (
        "import django; django.setup(); "
        "from bench.load import ensure_director_login; ensure_director_login()"
    )
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True)


def ensure_director_login() -> None:
    """The first director (by id) gets the login ``bench-director``; a company without a
    director gets a new director person. Runs inside a configured Django process."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from pacer.org.models import AccessRole, Person

    user_model = get_user_model()
    with transaction.atomic():
        person = Person.objects.filter(access_role=AccessRole.DIRECTOR).order_by("pk").first()
        if person is None:
            person = Person.objects.create(name="压测总监", access_role=AccessRole.DIRECTOR)
        user = person.user
        if user is None:
            user, _ = user_model.objects.get_or_create(username=LOGIN_USERNAME)
            Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
            person.user = user
            person.save(update_fields=["user"])
        user.username = LOGIN_USERNAME
        user.is_active = True
        user.set_password(LOGIN_PASSWORD)
        user.save()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_gunicorn(env: dict[str, str], port: int, work: Path) -> subprocess.Popen[bytes]:
    command = [str(BIN / "gunicorn"), "pacer.wsgi:application"]
    config = ROOT / "deploy" / "gunicorn.conf.py"
    if config.exists():
        command += ["-c", str(config)]
    else:
        workers = 2 * (os.cpu_count() or 1) + 1
        command += ["--workers", str(workers), "--timeout", "120"]
    # The bind given last wins over the config file's, so the port is always ours.
    command += ["--bind", f"127.0.0.1:{port}"]
    log = (work / "gunicorn.log").open("wb")
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)


def _wait_until_up(port: int, server: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    url = f"http://127.0.0.1:{port}/login/"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            msg = f"gunicorn exited with {server.returncode} before answering"
            raise RuntimeError(msg)
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    msg = f"gunicorn did not answer {url} within {seconds:g} s"
    raise RuntimeError(msg)


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# -- one scenario -------------------------------------------------------------------------------


def _scenario(scenario: Scenario, port: int, seconds: int, work: Path) -> list[Figure]:
    prefix = work / scenario.key
    env = dict(os.environ)
    env.update(
        {
            "PACER_LOAD_USERNAME": LOGIN_USERNAME,
            "PACER_LOAD_PASSWORD": LOGIN_PASSWORD,
            "PACER_LOAD_PATH": scenario.path,
            "PACER_LOAD_NAME": scenario.key,
            "PACER_LOAD_USERS": str(USERS),
            "PACER_LOAD_SECONDS": str(seconds),
        }
    )
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "-u",
        str(USERS),
        "-r",
        str(SPAWN_RATE),
        "-t",
        # A cap only: the run stops itself ``seconds`` after the last login.
        f"{seconds + LOGIN_ALLOWANCE_S}s",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--only-summary",
        "--stop-timeout",
        "10",
        "--exit-code-on-error",
        "0",
        "--loglevel",
        "WARNING",
    ]
    log = (work / f"locust-{scenario.key}.log").open("wb")
    subprocess.run(command, env=env, cwd=ROOT, stdout=log, stderr=log, check=True)
    return _figures(scenario, Path(f"{prefix}_stats.csv"))


def _figures(scenario: Scenario, stats: Path) -> list[Figure]:
    """p50/p95 (ms), requests/s and failures of the page, from locust's ``*_stats.csv``."""
    rows = {row["Name"]: row for row in csv.DictReader(stats.open(encoding="utf-8"))}
    page = rows.get(scenario.key)
    if page is None:
        msg = f"locust reported no request for {scenario.path} (see {stats})"
        raise RuntimeError(msg)
    total = rows.get("Aggregated", page)
    note = f"{USERS} users, {page['Request Count']} requests"
    label = scenario.label
    return [
        Figure(PART, f"{label}: p50", float(page["50%"]), "ms", note=note),
        Figure(PART, f"{label}: p95", float(page["95%"]), "ms", P95_GOAL_MS, note=note),
        Figure(PART, f"{label}: requests per second", float(page["Requests/s"]), "req/s"),
        Figure(
            PART,
            f"{label}: failed requests (incl. login)",
            float(total["Failure Count"]),
            "requests",
            0.0,
        ),
    ]
