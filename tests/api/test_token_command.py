"""``pacer api_token create|list|revoke``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from pacer.api.models import ApiToken
from tests.world import World


def _run(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def test_created_token_is_printed_once_and_works_until_revoked(world: World) -> None:
    output = _run("create", "rep_a", "--name", "报表脚本")
    secret = output.strip().splitlines()[-1]
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    assert client.get("/api/v1/me").json()["username"] == "rep_a"

    token = ApiToken.objects.get(name="报表脚本")
    listing = _run("list", "rep_a")
    assert token.prefix in listing
    assert secret not in listing

    _run("revoke", token.prefix)
    assert client.get("/api/v1/me").status_code == 401


def test_revoke_by_id_and_by_full_token(world: World) -> None:
    first = _run("create", "rep_b").strip().splitlines()[-1]
    second = _run("create", "rep_b").strip().splitlines()[-1]
    _run("revoke", str(ApiToken.objects.order_by("pk").values_list("pk", flat=True)[0]))
    _run("revoke", second)
    for secret in (first, second):
        client = Client(headers={"Authorization": f"Bearer {secret}"})
        assert client.get("/api/v1/me").status_code == 401


def test_unknown_user_or_token_is_a_clear_error(world: World) -> None:
    with pytest.raises(CommandError, match="nobody"):
        _run("create", "nobody")
    with pytest.raises(CommandError, match="pacer_missing"):
        _run("revoke", "pacer_missing")
    assert ApiToken.objects.count() == 0
