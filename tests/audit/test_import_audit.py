"""A written data import leaves one audit event; a dry run or a rejected import leaves none."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from pacer.access import Actor
from pacer.audit.models import AuditAction, AuditEvent
from pacer.exchange.loader import data_import
from tests.exchange.helpers import COMPANY, write_xlsx

pytestmark = pytest.mark.django_db


def _admin_actor() -> tuple[User, Actor]:
    user = User.objects.create_user(username="importer", password="x-import-2026")
    return user, Actor(user_id=user.pk, person_id=None, role="admin", scope="all", people=None)


def test_a_written_import_is_audited_with_who_which_file_and_counts(tmp_path: Path) -> None:
    user, actor = _admin_actor()
    path = write_xlsx(tmp_path / "company.xlsx", COMPANY)
    result = data_import(path=path, actor=actor, source_name="公司数据.xlsx")
    assert result.ok
    assert result.written

    event = AuditEvent.objects.get(action=AuditAction.DATA_IMPORT)
    assert event.user == user
    assert event.reason == "公司数据.xlsx"
    assert event.after == {
        entity: {"created": created, "updated": updated}
        for entity, (created, updated) in result.counts().items()
    }


def test_a_dry_run_or_a_rejected_import_is_not_audited(tmp_path: Path) -> None:
    _, actor = _admin_actor()
    path = write_xlsx(tmp_path / "company.xlsx", COMPANY)
    assert data_import(path=path, actor=actor, dry_run=True).ok

    broken = copy.deepcopy(COMPANY)
    broken["团队"].append(["", "无编号团队", "T1", None])  # a team row without its code
    bad = write_xlsx(tmp_path / "bad.xlsx", broken)
    assert not data_import(path=bad, actor=actor).ok

    assert not AuditEvent.objects.filter(action=AuditAction.DATA_IMPORT).exists()
