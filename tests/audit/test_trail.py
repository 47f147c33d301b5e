"""The audit trail: append-only events, and the hooks that record admin and security changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone

from pacer.api.services.tokens import api_token_create, api_token_revoke
from pacer.audit.models import AppendOnlyError, AuditAction, AuditEvent
from pacer.audit.services import audit_record
from pacer.org.models import AccessRole, Company, DataScope, Team
from tests.world import PASSWORD, World, build_world


def _new_events(world: World) -> QuerySet[AuditEvent]:
    """Events after the world was built (building it grants the administrator's rights)."""
    return AuditEvent.objects.exclude(object_repr="admin", action=AuditAction.USER_PRIVILEGE)


def _admin(world: World) -> Client:
    client = Client()
    client.force_login(world.admin.user)
    return client


def _form(instance: Any) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in model_to_dict(instance).items()}


def test_a_system_event_has_no_user(db: None) -> None:
    event = audit_record(action=AuditAction.BACKUP_CREATE, reason="/backups/x")
    assert (event.user, event.username, event.ip_address) == (None, "", None)
    assert event.get_action_display() == "创建备份"


def test_events_are_append_only(world: World) -> None:
    event = audit_record(action=AuditAction.LOGOUT, user=world.rep_a.user)
    event.reason = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_the_admin_shows_events_read_only(world: World) -> None:
    event = audit_record(action=AuditAction.LOGOUT, user=world.rep_a.user)
    client = _admin(world)
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.get(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    detail = client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"reason": "x"})
    assert detail.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_login_and_logout_are_recorded_with_the_address(world: World) -> None:
    client = Client(REMOTE_ADDR="192.0.2.7")
    client.post("/login/", {"username": "rep_a", "password": "wrong"})
    client.post("/login/", {"username": "rep_a", "password": PASSWORD})
    client.post("/logout/")
    events = list(_new_events(world).order_by("pk").values_list("action", "username", "user"))
    assert events == [
        (AuditAction.LOGIN_FAILURE, "rep_a", None),
        (AuditAction.LOGIN_SUCCESS, "rep_a", world.rep_a.user_id),
        (AuditAction.LOGOUT, "rep_a", world.rep_a.user_id),
    ]
    assert set(_new_events(world).values_list("ip_address", flat=True)) == {"192.0.2.7"}


def test_the_client_address_comes_from_the_proxy_only_behind_one(
    world: World, settings: Any
) -> None:
    forwarded = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.4"}
    Client(**forwarded).post("/login/", {"username": "rep_a", "password": "wrong"})
    settings.PACER_BEHIND_PROXY = True
    Client(**forwarded).post("/login/", {"username": "rep_a", "password": "wrong"})
    addresses = list(_new_events(world).order_by("pk").values_list("ip_address", flat=True))
    assert addresses == ["127.0.0.1", "198.51.100.4"]


def test_an_admin_change_is_recorded_with_before_and_after(world: World) -> None:
    company = world.company
    form = _form(company) | {"name": "新名称工业", "fiscal_year_start_month": 4}
    response = _admin(world).post(
        f"/admin/org/company/{company.pk}/change/", form, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action=AuditAction.ADMIN_CHANGE)
    assert (event.object_type, event.object_id, event.object_repr) == (
        "org.company",
        str(company.pk),
        "新名称工业",
    )
    assert event.before == {"name": "测试工业", "fiscal_year_start_month": 1}
    assert event.after == {"name": "新名称工业", "fiscal_year_start_month": 4}
    assert (event.user, event.ip_address) == (world.admin.user, "203.0.113.9")
    assert "名称" in event.reason or "name" in event.reason.lower()


def test_admin_additions_and_bulk_deletions_are_recorded(world: World) -> None:
    client = _admin(world)
    response = client.post("/admin/org/team/add/", {"name": "西北组", "parent": world.root.pk})
    assert response.status_code == 302
    added = AuditEvent.objects.get(action=AuditAction.ADMIN_ADD)
    assert added.before is None
    assert added.after is not None
    assert added.after["name"] == "西北组"
    other = Team.objects.create(name="西南组", parent=world.root)
    doomed = Team.objects.filter(name__in=["西北组", "西南组"]).order_by("pk")
    ids = [str(pk) for pk in doomed.values_list("pk", flat=True)]
    response = client.post(
        "/admin/org/team/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert not Team.objects.filter(pk=other.pk).exists()
    deleted = AuditEvent.objects.filter(action=AuditAction.ADMIN_DELETE).order_by("object_id")
    assert [e.object_id for e in deleted] == sorted(ids)
    assert {e.before["name"] for e in deleted if e.before} == {"西北组", "西南组"}


def test_role_and_scope_changes_of_a_person_are_recorded(world: World) -> None:
    person = world.rep_a
    person.access_role = AccessRole.MANAGER
    person.data_scope = DataScope.TEAM
    person.save()
    person.name = "王小明二"
    person.save()
    event = AuditEvent.objects.get(action=AuditAction.PERSON_ACCESS)
    assert event.user is None
    assert event.object_type == "org.person"
    assert event.object_id == str(person.pk)
    assert event.before == {"access_role": "rep", "data_scope": ""}
    assert event.after == {"access_role": "manager", "data_scope": "team"}


def test_login_privilege_changes_are_recorded(world: World) -> None:
    user = User.objects.get(username="rep_b")
    user.is_staff = True
    user.save()
    user.last_name = "B"
    user.save()
    event = _new_events(world).get(action=AuditAction.USER_PRIVILEGE)
    assert (event.before, event.after) == ({"is_staff": False}, {"is_staff": True})
    assert event.object_repr == "rep_b"


def test_api_token_issue_and_revoke_are_recorded_without_the_secret(world: World) -> None:
    issued = api_token_create(user=world.rep_a.user, name="ERP 同步")
    api_token_revoke(token=issued.record, now=timezone.now())
    api_token_revoke(token=issued.record, now=timezone.now())
    events = list(_new_events(world).order_by("pk"))
    assert [e.action for e in events] == [AuditAction.API_TOKEN_ISSUE, AuditAction.API_TOKEN_REVOKE]
    assert events[0].after == {"owner": "rep_a", "name": "ERP 同步"}
    assert events[1].object_id == str(issued.record.pk)
    for event in events:
        assert issued.secret not in str(event.before) + str(event.after) + event.object_repr


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_are_recorded(tmp_path: Path) -> None:
    build_world()
    path = tmp_path / "pacer.backup"
    call_command("backup", "create", str(path))
    assert AuditEvent.objects.filter(action=AuditAction.BACKUP_CREATE, reason=str(path)).exists()
    Company.objects.update(name="改过的名字")
    call_command("backup", "restore", str(path), "--yes")
    assert Company.objects.get().name == "测试工业"
    restore = AuditEvent.objects.get(action=AuditAction.BACKUP_RESTORE)
    assert (restore.user, restore.reason) == (None, str(path))


def test_an_import_that_changes_roles_records_each_change(world: World, tmp_path: Path) -> None:
    from tests.exchange.helpers import run, write_xlsx

    sheets = {
        "people": [
            ["External ID", "Name", "Access role", "Data scope"],
            ["P-rep_a", world.rep_a.name, "manager", "team"],  # changed
            ["P-rep_b", world.rep_b.name, world.rep_b.access_role, world.rep_b.data_scope],
        ]
    }
    result = run(write_xlsx(tmp_path / "people.xlsx", sheets))
    assert result.ok, result.report()

    events = AuditEvent.objects.filter(action=AuditAction.PERSON_ACCESS)
    assert [(e.object_id, e.before, e.after) for e in events] == [
        (
            str(world.rep_a.pk),
            {"access_role": "rep", "data_scope": ""},
            {"access_role": "manager", "data_scope": "team"},
        )
    ]
    assert events[0].object_repr == world.rep_a.name
    # Importing the same again changes nothing and records nothing more.
    assert run(write_xlsx(tmp_path / "again.xlsx", sheets)).ok
    assert AuditEvent.objects.filter(action=AuditAction.PERSON_ACCESS).count() == 1
