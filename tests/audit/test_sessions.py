"""Session expiry: a login ends at its absolute limit and after too long without a request."""

from __future__ import annotations

import time

from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from pacer.audit import sessions
from pacer.audit.models import AuditAction, AuditEvent
from tests.world import PASSWORD, World

HOUR = 60 * 60


def _logged_in(world: World) -> Client:
    client = Client()
    assert client.login(username="rep_a", password=PASSWORD)
    assert client.get("/").status_code == 200
    return client


def _age(client: Client, *, started: float, seen: float) -> None:
    session = client.session
    session[sessions.STARTED] = int(time.time() - started)
    session[sessions.SEEN] = int(time.time() - seen)
    session.save()


def test_a_login_notes_when_it_began(world: World) -> None:
    client = _logged_in(world)
    started = client.session[sessions.STARTED]
    assert abs(started - time.time()) < 60
    assert client.session[sessions.SEEN] == started


def test_a_session_past_the_absolute_limit_is_sent_to_the_login_page(
    world: World, settings: SettingsWrapper
) -> None:
    settings.SESSION_COOKIE_AGE = 12 * HOUR
    client = _logged_in(world)
    _age(client, started=12 * HOUR + 60, seen=30)
    response = client.get("/projects/open/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/projects/open/"
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"])
    assert "登录已超时，请重新登录。" in login_page.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.SESSION_EXPIRED)
    assert event.username == "rep_a"


def test_an_idle_session_is_sent_to_the_login_page(world: World, settings: SettingsWrapper) -> None:
    settings.PACER_SESSION_IDLE_SECONDS = 2 * HOUR
    client = _logged_in(world)
    _age(client, started=3 * HOUR, seen=2 * HOUR + 60)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_an_active_session_within_both_limits_goes_on(
    world: World, settings: SettingsWrapper
) -> None:
    settings.PACER_SESSION_IDLE_SECONDS = 2 * HOUR
    client = _logged_in(world)
    _age(client, started=11 * HOUR, seen=2 * HOUR - 120)
    assert client.get("/").status_code == 200
    # The request counts as activity: the idle clock starts again.
    assert time.time() - client.session[sessions.SEEN] < 60


def test_no_idle_limit_when_it_is_zero(world: World, settings: SettingsWrapper) -> None:
    settings.PACER_SESSION_IDLE_SECONDS = 0
    client = _logged_in(world)
    _age(client, started=11 * HOUR, seen=10 * HOUR)
    assert client.get("/").status_code == 200


def test_an_expired_htmx_request_reloads_the_login_page(world: World) -> None:
    client = _logged_in(world)
    _age(client, started=13 * HOUR, seen=13 * HOUR)
    response = client.get(
        "/projects/open/", headers={"HX-Request": "true", "HX-Current-URL": "/projects/open/"}
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/login/?next=/projects/open/"
