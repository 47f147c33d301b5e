"""Login rate limiting: a user name tried from one address is locked after repeated failures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from pacer.api.services.tokens import api_token_create
from pacer.audit.models import AuditAction, AuditEvent
from tests.world import PASSWORD, World

LIMIT = 5


@pytest.fixture(autouse=True)
def _rate_limit_on(settings: SettingsWrapper) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> object:
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client: Client, times: int, *, username: str = "rep_a", ip: str = "10.0.0.1") -> None:
    for _ in range(times):
        _login(client, username, "wrong-password", ip)


def test_failures_below_the_limit_show_the_usual_error(world: World) -> None:
    client = Client()
    for _ in range(LIMIT - 1):
        response = _login(client, "rep_a", "wrong-password")
        assert response.status_code == 200
        assert "data-lockout" not in response.content.decode()
        assert response.context["form"].non_field_errors()
    # The limit-th failure locks.
    assert _login(client, "rep_a", "wrong-password").status_code == 429


def test_lockout_refuses_even_the_right_password_with_a_friendly_page(world: World) -> None:
    client = Client()
    _fail(client, LIMIT)
    response = _login(client, "rep_a", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "data-lockout" in page
    assert "登录失败次数过多" in page
    assert "15 分钟后再试" in page
    # The login form itself is shown again, with the user name kept.
    assert 'action="/login/"' in page
    assert 'value="rep_a"' in page
    assert response.templates[0].name == "web/login.html"


def test_lockout_is_per_user_name_and_address(world: World) -> None:
    client = Client()
    _fail(client, LIMIT, username="rep_a", ip="10.0.0.1")
    assert _login(Client(), "rep_a", PASSWORD, ip="10.0.0.2").status_code == 302
    assert _login(Client(), "rep_b", PASSWORD, ip="10.0.0.1").status_code == 302
    assert _login(Client(), "rep_a", PASSWORD, ip="10.0.0.1").status_code == 429


def test_a_success_resets_the_count(world: World) -> None:
    client = Client()
    _fail(client, LIMIT - 1)
    assert _login(client, "rep_a", PASSWORD).status_code == 302
    client.post("/logout/")
    _fail(client, LIMIT - 1)
    assert _login(client, "rep_a", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(world: World) -> None:
    client = Client()
    _fail(client, LIMIT)
    assert _login(client, "rep_a", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(client, "rep_a", PASSWORD).status_code == 302


def test_failures_and_the_lockout_are_in_the_audit_trail(world: World) -> None:
    _fail(Client(), LIMIT)
    failures = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILURE)
    assert failures.count() == LIMIT
    assert set(failures.values_list("username", "ip_address")) == {("rep_a", "10.0.0.1")}
    lockout = AuditEvent.objects.get(action=AuditAction.LOGIN_LOCKOUT)
    assert (lockout.username, lockout.ip_address) == ("rep_a", "10.0.0.1")


def test_api_bearer_tokens_are_not_affected_by_a_lockout(world: World) -> None:
    _fail(Client(), LIMIT)
    assert _login(Client(), "rep_a", PASSWORD).status_code == 429
    issued = api_token_create(user=world.rep_a.user, name="脚本")
    api = Client(headers={"Authorization": f"Bearer {issued.secret}"}, REMOTE_ADDR="10.0.0.1")
    response = api.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "rep_a"
