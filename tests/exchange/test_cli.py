"""``pacer import`` and ``pacer export`` from the command line."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from pacer.crm.models import Customer, Order
from tests.exchange.helpers import COMPANY, write_xlsx
from tests.world import World

pytestmark = pytest.mark.django_db


def _broken(tmp_path: Path) -> Path:
    sheets: dict[str, Any] = copy.deepcopy(COMPANY)
    sheets["订单"][2][5] = "-300"
    return write_xlsx(tmp_path / "broken.xlsx", sheets)


def test_import_prints_created_and_updated_per_entity(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "company.xlsx", COMPANY)
    out = StringIO()
    call_command("pacer_import", str(path), stdout=out)
    assert "客户：新建 2，更新 0" in out.getvalue()
    assert Customer.objects.count() == 2
    again = StringIO()
    call_command("pacer_import", str(path), stdout=again)
    assert "客户：新建 0，更新 2" in again.getvalue()
    assert Customer.objects.count() == 2


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    out = StringIO()
    call_command(
        "pacer_import", str(write_xlsx(tmp_path / "c.xlsx", COMPANY)), "--dry-run", stdout=out
    )
    assert "试运行" in out.getvalue()
    assert "订单：新建 2，更新 0" in out.getvalue()
    assert not Order.objects.exists()


def test_a_broken_file_raises_with_a_report_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("pacer_import", str(_broken(tmp_path)))
    message = str(raised.value)
    assert "未写入任何数据" in message
    assert (
        "broken.xlsx · 工作表「订单」 · 第 3 行 · 列「金额(元)」 · 值「-300」: 金额不能为负数"
        in message
    )
    assert not Customer.objects.exists()


def test_a_missing_mapping_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="映射文件不存在"):
        call_command("pacer_import", str(tmp_path), "--mapping", str(tmp_path / "none.toml"))


def test_export_writes_the_workbook_and_the_template(world: World, tmp_path: Path) -> None:
    target = tmp_path / "all.xlsx"
    out = StringIO()
    call_command("pacer_export", str(target), stdout=out)
    workbook = load_workbook(target, read_only=True)
    assert workbook.sheetnames[:3] == ["团队", "人员", "行业"]
    rows = list(workbook["客户"].iter_rows(values_only=True))
    assert rows[0][:2] == ("外部编号", "客户名称")
    assert len(rows) == 4
    template = tmp_path / "template.xlsx"
    call_command("pacer_export", str(template), "--template", "--lang", "en", stdout=StringIO())
    empty = load_workbook(template, read_only=True)
    assert "customers" in empty.sheetnames
    assert list(empty["customers"].iter_rows(values_only=True))[1:] == []
    with pytest.raises(CommandError, match=r"\.xlsx"):
        call_command("pacer_export", str(tmp_path / "all.csv"))


def test_the_pacer_command_exits_non_zero_on_bad_input(tmp_path: Path) -> None:
    """The real ``pacer`` entry point, in its own process, on its own SQLite database."""
    env = {
        **os.environ,
        "PACER_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "PACER_VAR_DIR": str(tmp_path / "var"),
    }
    command = [sys.executable, "-m", "pacer.cli"]

    def pacer(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *args], env=env, capture_output=True, text=True, timeout=300, check=False
        )

    assert pacer("migrate", "-v0").returncode == 0
    broken = pacer("import", str(_broken(tmp_path)))
    assert broken.returncode != 0
    assert "第 3 行 · 列「金额(元)」" in broken.stderr
    good = pacer("import", str(write_xlsx(tmp_path / "good.xlsx", COMPANY)))
    assert good.returncode == 0, good.stderr
    assert "客户：新建 2，更新 0" in good.stdout
    exported = pacer("export", str(tmp_path / "out.xlsx"))
    assert exported.returncode == 0, exported.stderr
    again = pacer("import", str(tmp_path / "out.xlsx"))
    assert again.returncode == 0, again.stderr
    assert "客户：新建 0，更新 2" in again.stdout
