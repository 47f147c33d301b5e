"""Who and when, as refusal messages name them."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.auth.models import User
from django.utils import translation

from pacer.org.display import when_label, who_label
from tests.world import World


def test_who_is_the_persons_name_else_the_login_else_the_system(world: World) -> None:
    assert who_label(world.manager_south.user) == world.manager_south.name
    loginonly = User.objects.create_user("ops-only")
    assert who_label(loginonly) == "ops-only"
    with translation.override("zh-hans"):
        assert who_label(None) == "系统"
    with translation.override("en"):
        assert who_label(None) == "System"


def test_when_is_local_time_to_the_minute() -> None:
    # 2026-06-08 02:30 UTC is 10:30 in Shanghai, the default time zone.
    assert when_label(datetime(2026, 6, 8, 2, 30, 59, tzinfo=UTC)) == "2026-06-08 10:30"
    assert when_label(None) == "-"
