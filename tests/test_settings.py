"""The settings module: production checks pass, bad values fail loudly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from pacer.settings import env_bool, env_list

REPO = Path(__file__).resolve().parent.parent


def _pacer(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The browser tests allow async-unsafe calls in this process; a deployment never does.
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path: Path) -> None:
    env = {
        "PACER_HTTPS": "1",
        "PACER_DEBUG": "0",
        "PACER_VAR_DIR": str(tmp_path),
        "PACER_ALLOWED_HOSTS": "pacer.example.com",
    }
    env.pop("PACER_DATABASE_URL", None)
    result = _pacer(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # A generated secret key is kept, owner-readable only, and reused.
    key = tmp_path / "secret_key"
    assert key.stat().st_mode & 0o777 == 0o600
    first = key.read_text()
    assert _pacer(["check"], env).returncode == 0
    assert key.read_text() == first


def test_a_bad_boolean_fails_loudly(tmp_path: Path) -> None:
    result = _pacer(["check"], {"PACER_DEBUG": "maybe", "PACER_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "PACER_DEBUG='maybe' is not a boolean" in result.stderr


def test_env_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG", default=False) is True
    monkeypatch.setenv("X_FLAG", "")
    assert env_bool("X_FLAG", default=True) is True
    monkeypatch.setenv("X_FLAG", "nope")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", default=False)
    monkeypatch.setenv("X_HOSTS", " a.com, ,b.com ")
    assert env_list("X_HOSTS", "") == ["a.com", "b.com"]


def _setting(names: list[str], env: dict[str, str], tmp_path: Path) -> list[str]:
    code = "from django.conf import settings; " + "; ".join(
        f"print(repr(settings.{name}))" for name in names
    )
    result = _pacer(["shell", "-c", code], {"PACER_VAR_DIR": str(tmp_path), **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-len(names) :]


def test_login_and_session_limits_come_from_the_environment(tmp_path: Path) -> None:
    names = [
        "AXES_ENABLED",
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_TIME",
        "SESSION_COOKIE_AGE",
        "PACER_SESSION_IDLE_SECONDS",
    ]
    defaults = _setting(names, {}, tmp_path)
    assert defaults == [
        "True",
        "5",
        "datetime.timedelta(seconds=900)",
        "43200",
        "7200",
    ]
    changed = {
        "PACER_LOGIN_RATE_LIMIT": "0",
        "PACER_LOGIN_FAILURE_LIMIT": "10",
        "PACER_LOGIN_LOCKOUT_MINUTES": "30",
        "PACER_SESSION_MAX_HOURS": "8",
        "PACER_SESSION_IDLE_MINUTES": "0",
    }
    assert _setting(names, changed, tmp_path) == [
        "False",
        "10",
        "datetime.timedelta(seconds=1800)",
        "28800",
        "0",
    ]


def test_a_bad_number_fails_loudly(tmp_path: Path) -> None:
    for value in ("abc", "0", "-3"):
        env = {"PACER_LOGIN_FAILURE_LIMIT": value, "PACER_VAR_DIR": str(tmp_path)}
        result = _pacer(["check"], env)
        assert result.returncode != 0
        assert "PACER_LOGIN_FAILURE_LIMIT" in result.stderr
        assert "whole number of at least 1" in result.stderr
