"""Session and bearer-token authentication of the API."""

from __future__ import annotations

import json
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from pacer.api.models import ApiToken
from pacer.api.services.tokens import api_token_create, api_token_revoke, hash_token
from pacer.crm.models import Customer
from tests.api.conftest import ApiWorld, send
from tests.world import PASSWORD, World


def _bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_token_authenticates_its_user(world: World) -> None:
    issued = api_token_create(user=world.rep_a.user, name="脚本")
    response = _bearer(issued.secret).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "rep_a"
    assert response.json()["person"]["id"] == world.rep_a.pk


def test_token_is_stored_only_as_a_hash_and_notes_its_use(world: World) -> None:
    issued = api_token_create(user=world.rep_a.user)
    stored = ApiToken.objects.get(pk=issued.record.pk)
    assert stored.key_hash == hash_token(issued.secret)
    assert issued.secret not in {stored.key_hash, stored.prefix, stored.name}
    assert issued.secret.startswith(stored.prefix)
    assert stored.last_used_at is None
    _bearer(issued.secret).get("/api/v1/me")
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_revoked_token_is_refused(world: World) -> None:
    issued = api_token_create(user=world.rep_a.user)
    client = _bearer(issued.secret)
    assert client.get("/api/v1/projects").status_code == 200
    api_token_revoke(token=issued.record, now=timezone.now())
    response = client.get("/api/v1/projects")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_revoking_twice_keeps_the_first_time(world: World) -> None:
    issued = api_token_create(user=world.rep_a.user)
    first = timezone.now()
    api_token_revoke(token=issued.record, now=first)
    api_token_revoke(token=issued.record, now=first + timedelta(days=1))
    assert ApiToken.objects.get(pk=issued.record.pk).revoked_at == first


def test_unknown_token_and_inactive_login_are_refused(world: World) -> None:
    assert _bearer("pacer_not-a-real-token").get("/api/v1/me").status_code == 401
    assert _bearer("").get("/api/v1/me").status_code == 401
    issued = api_token_create(user=world.rep_a.user)
    world.rep_a.user.is_active = False
    world.rep_a.user.save()
    assert _bearer(issued.secret).get("/api/v1/me").status_code == 401


def test_bad_token_is_refused_even_with_a_session(world: World) -> None:
    client = Client(headers={"Authorization": "Bearer pacer_wrong"})
    client.force_login(world.rep_a.user)
    assert client.get("/api/v1/me").status_code == 401


def test_session_login_reads_the_api(world: World) -> None:
    client = Client()
    assert client.login(username="manager_south", password=PASSWORD)
    response = client.get("/api/v1/projects")
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_session_writes_need_the_csrf_token(api_world: ApiWorld) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="rep_a", password=PASSWORD)
    body = json.dumps({"name": "会话创建的客户"})

    refused = client.post("/api/v1/customers", data=body, content_type="application/json")
    assert refused.status_code == 403
    assert not Customer.objects.filter(name="会话创建的客户").exists()

    client.get("/api/docs")  # any page that renders the CSRF token sets the cookie
    token = client.cookies["csrftoken"].value
    created = client.post(
        "/api/v1/customers", data=body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert created.status_code == 201, created.content
    assert Customer.objects.get(name="会话创建的客户").owner_id == api_world.world.rep_a.pk


def test_token_writes_need_no_csrf_token(api_world: ApiWorld) -> None:
    issued = api_token_create(user=api_world.world.rep_a.user)
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {issued.secret}"})
    response = send(client, "POST", "/api/v1/customers", {"name": "令牌创建的客户"})
    assert response.status_code == 201


def test_login_without_a_person_sees_nothing(db: None) -> None:
    from django.contrib.auth.models import User

    User.objects.create_user(username="stranger", password=PASSWORD)
    client = Client()
    assert client.login(username="stranger", password=PASSWORD)
    me = client.get("/api/v1/me").json()
    assert me["person"] is None
    assert me["scope"] == "self"
    assert client.get("/api/v1/customers").json()["count"] == 0
    assert send(client, "POST", "/api/v1/customers", {"name": "无主客户"}).status_code == 403
