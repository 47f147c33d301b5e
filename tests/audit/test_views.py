"""The audit page: administrators only, filtered by action, user and date, paginated."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from pacer.audit.models import AuditAction, AuditEvent
from pacer.audit.services import audit_record
from pacer.audit.views import PAGE_SIZE
from tests.world import World


def _client(world: World, who: str = "admin") -> Client:
    client = Client()
    client.force_login(getattr(world, who).user)
    return client


def _rows(response: object) -> list[AuditEvent]:
    return list(response.context["events"])  # type: ignore[attr-defined]


def test_only_administrators_see_the_page(world: World) -> None:
    assert Client().get("/audit/").status_code == 302
    for who in ("director", "manager_south", "rep_a"):
        assert _client(world, who).get("/audit/").status_code == 403
    response = _client(world).get("/audit/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "审计日志" in page
    # The admin's own login is the newest event.
    assert _rows(response)[0].action == AuditAction.LOGIN_SUCCESS


def test_the_nav_links_the_page_for_administrators_only(world: World) -> None:
    assert _client(world).get("/").context["nav_audit"] is True
    assert _client(world, "director").get("/").context["nav_audit"] is False


def test_filters_by_action_user_and_date(world: World) -> None:
    audit_record(action=AuditAction.BACKUP_CREATE, reason="/b/1")
    audit_record(action=AuditAction.LOGOUT, user=world.rep_a.user)
    client = _client(world)
    by_action = _rows(client.get("/audit/", {"action": AuditAction.BACKUP_CREATE}))
    assert [e.reason for e in by_action] == ["/b/1"]
    by_user = _rows(client.get("/audit/", {"username": "rep_"}))
    assert {e.username for e in by_user} == {"rep_a"}
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    assert _rows(client.get("/audit/", {"date_from": tomorrow.isoformat()})) == []
    in_day = _rows(client.get("/audit/", {"date_from": today, "date_to": today}))
    assert len(in_day) == AuditEvent.objects.count()


def test_bad_filters_are_explained_not_a_500(world: World) -> None:
    client = _client(world)
    response = client.get("/audit/", {"date_from": "2026-13-40", "action": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "筛选条件有误" in response.content.decode()
    swapped = client.get("/audit/", {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert "起始日期不能晚于截止日期。" in swapped.content.decode()


def test_the_list_is_paginated(world: World) -> None:
    for number in range(PAGE_SIZE + 5):
        audit_record(action=AuditAction.BACKUP_CREATE, reason=f"/b/{number}")
    client = _client(world)
    first = client.get("/audit/", {"action": AuditAction.BACKUP_CREATE})
    assert len(_rows(first)) == PAGE_SIZE
    assert "page=2" in first.content.decode()
    second = client.get("/audit/", {"action": AuditAction.BACKUP_CREATE, "page": 2})
    assert [e.reason for e in _rows(second)] == [f"/b/{n}" for n in range(4, -1, -1)]
    assert client.get("/audit/", {"page": "x"}).status_code == 200
