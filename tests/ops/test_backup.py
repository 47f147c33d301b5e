"""A backup restored into an emptied database gives identical data (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pacer.crm.models import Order, Payment
from pacer.ops.backup import data_fingerprint
from pacer.org.models import Person
from tests.world import build_world


def _empty_pacer_data() -> None:
    Payment.objects.all().delete()
    Order.objects.all().delete()
    call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_is_identical(tmp_path: Path) -> None:
    build_world()
    before = data_fingerprint()
    assert before["crm.Order"][0] == 3
    path = tmp_path / "pacer.backup"
    call_command("backup", "create", str(path))
    assert path.stat().st_size > 0

    _empty_pacer_data()
    assert Person.objects.count() == 0
    call_command("backup", "restore", str(path), "--yes")
    assert data_fingerprint() == before


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_without_confirmation_or_with_a_bad_file(tmp_path: Path) -> None:
    build_world()
    with pytest.raises(CommandError, match="--yes"):
        call_command("backup", "restore", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="no backup file"):
        call_command("backup", "restore", str(tmp_path / "missing"), "--yes")
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CommandError):
        call_command("backup", "restore", str(junk), "--yes")
    assert Person.objects.count() == 7
