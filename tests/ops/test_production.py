"""The production setup for real: gunicorn with DEBUG off, HTTPS behind a proxy, over HTTP.

A fresh SQLite database and ``collectstatic`` output live in a temporary folder; gunicorn is
started from ``deploy/gunicorn.conf.py`` on a free loopback port and stopped at the end.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
HTTPS = {"X-Forwarded-Proto": "https"}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _production_env(tmp_path: Path, port: int) -> dict[str, str]:
    # The browser tests allow async-unsafe calls in this process; a deployment never does.
    base = {
        k: v
        for k, v in os.environ.items()
        if k != "DJANGO_ALLOW_ASYNC_UNSAFE" and not k.startswith("PACER_")
    }
    return base | {
        "DJANGO_SETTINGS_MODULE": "pacer.settings",
        "PACER_DEBUG": "0",
        "PACER_HTTPS": "1",
        "PACER_BEHIND_PROXY": "1",
        "PACER_SECRET_KEY": "production-test-" + "k" * 50,
        "PACER_VAR_DIR": str(tmp_path / "var"),
        "PACER_STATIC_ROOT": str(tmp_path / "static"),
        "PACER_ALLOWED_HOSTS": "127.0.0.1",
        "PACER_BIND": f"127.0.0.1:{port}",
        "PACER_WORKERS": "1",
        "PACER_LOG_LEVEL": "warning",
        "PACER_STATIC_BROTLI": "0",
    }


def _prepare(env: dict[str, str]) -> None:
    """``pacer migrate`` and ``pacer collectstatic``, side by side to save time."""
    commands = [["migrate", "--noinput"], ["collectstatic", "--noinput"]]
    runs = [
        subprocess.Popen(
            [sys.executable, str(REPO / "manage.py"), *args, "-v", "0"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, out + err


def _wait_until_up(port: int, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[1]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("gunicorn did not start listening in 20 s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    tmp_path = tmp_path_factory.mktemp("production")
    port = _free_port()
    env = _production_env(tmp_path, port)
    _prepare(env)
    process = subprocess.Popen(
        [str(GUNICORN), "-c", str(REPO / "deploy" / "gunicorn.conf.py")],
        env=env,
        cwd=str(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_up(port, process)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _request(
    port: int,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: str | None = None,
) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def test_login_page_has_the_security_headers_and_a_secure_csrf_cookie(server: int) -> None:
    response, body = _request(server, "GET", "/login/", headers=HTTPS)
    assert response.status == 200
    assert "登录 Pacer" in body.decode()
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "same-origin"
    hsts = response.getheader("Strict-Transport-Security") or ""
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts
    cookies = response.headers.get_all("Set-Cookie") or []
    csrf = [c for c in cookies if c.startswith("csrftoken=")]
    assert csrf, cookies
    assert "Secure" in csrf[0]


def test_static_assets_have_hashed_names_and_a_long_cache(server: int) -> None:
    _response, body = _request(server, "GET", "/login/", headers=HTTPS)
    found = re.search(
        r'src="(/static/vendor/echarts/echarts\.min\.[0-9a-f]{12}\.js)"', body.decode()
    )
    assert found, "the page does not link the collected, content-hashed ECharts"
    response, script = _request(
        server, "GET", found.group(1), headers=HTTPS | {"Accept-Encoding": "gzip"}
    )
    assert response.status == 200
    cache = response.getheader("Cache-Control") or ""
    assert "max-age=315360000" in cache
    assert "immutable" in cache
    assert response.getheader("Content-Encoding") == "gzip"
    assert len(script) > 100_000


def test_a_post_without_a_csrf_token_is_refused(server: int) -> None:
    response, _body = _request(
        server,
        "POST",
        "/login/",
        headers=HTTPS | {"Content-Type": "application/x-www-form-urlencoded"},
        body="username=admin&password=x",
    )
    assert response.status == 403


def test_plain_http_is_redirected_to_https(server: int) -> None:
    response, _body = _request(server, "GET", "/login/")
    assert response.status == 301
    assert response.getheader("Location") == f"https://127.0.0.1:{server}/login/"
