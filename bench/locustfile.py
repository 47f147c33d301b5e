"""Load scenario for ``bench.load``: each simulated director logs in once, then opens one page
again and again with a short think time.

Driven by environment variables (``bench.load`` sets them):
- ``PACER_LOAD_USERNAME`` / ``PACER_LOAD_PASSWORD``: the director's login;
- ``PACER_LOAD_PATH``: the page to load (``/`` for the home page, ``/track/`` for progress);
- ``PACER_LOAD_NAME``: the name the page's requests are reported under in the statistics;
- ``PACER_LOAD_USERS`` / ``PACER_LOAD_SECONDS``: how many users log in, and how long the page is
  measured once they all have (then the run stops itself).

Logging in hashes a password on purpose slowly, so fifty logins keep the server busy for a while;
page loads made before the last user has logged in are reported as ``<name> (warm-up)``, apart
from the measured ones.

A page answer other than 200 with the page's HTML counts as a failure (a redirect to the login
page means the session was lost), so the error count is honest.
"""

from __future__ import annotations

import os
import re

import gevent  # type: ignore[import-untyped]
from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

USERNAME = os.environ.get("PACER_LOAD_USERNAME", "")
PASSWORD = os.environ.get("PACER_LOAD_PASSWORD", "")
PATH = os.environ.get("PACER_LOAD_PATH", "/")
NAME = os.environ.get("PACER_LOAD_NAME", PATH)
USERS = int(os.environ.get("PACER_LOAD_USERS", "50"))
SECONDS = float(os.environ.get("PACER_LOAD_SECONDS", "60"))
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _Warmup:
    """How many users have finished logging in (successfully or not)."""

    done = 0
    measuring = False


class Director(FastHttpUser):
    """A director who keeps the dashboard open and reloads it every one to two seconds."""

    wait_time = between(1, 2)

    def on_start(self) -> None:
        with self.client.get("/login/", name="login form", catch_response=True) as page:
            match = CSRF_INPUT.search(page.text or "")
            if page.status_code != 200 or match is None:
                page.failure(f"login form: status {page.status_code}, no CSRF token")
                self._logged_in()
                return
        form = {
            "username": USERNAME,
            "password": PASSWORD,
            "csrfmiddlewaretoken": match.group(1),
        }
        with self.client.post(
            "/login/",
            data=form,
            name="login",
            allow_redirects=False,
            headers={"Referer": f"{self.host}/login/"},
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"login refused: status {answer.status_code}")
        self._logged_in()

    def _logged_in(self) -> None:
        _Warmup.done += 1
        if _Warmup.done == USERS and not _Warmup.measuring:
            _Warmup.measuring = True
            runner = self.environment.runner
            if runner is not None:
                gevent.spawn_later(SECONDS, runner.quit)

    @task
    def page(self) -> None:
        with self.client.get(PATH, name=NAME, allow_redirects=False, catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"status {answer.status_code}")
            elif "</html>" not in (answer.text or ""):
                answer.failure("incomplete page")
