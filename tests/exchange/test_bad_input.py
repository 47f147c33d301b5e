"""Bad input: each mistake is named by its place, every mistake is reported, nothing is written."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from pacer.access import actor_for
from pacer.crm.models import Customer, Order, Project
from pacer.exchange.loader import data_import
from pacer.org.models import Person, Team
from tests.exchange.helpers import COMPANY, Sheet, problem_at, run, write_xlsx
from tests.world import World

pytestmark = pytest.mark.django_db


def _company(**changes: Sheet) -> dict[str, Sheet]:
    sheets: dict[str, Any] = copy.deepcopy(COMPANY)
    sheets.update(changes)
    return sheets


def _set(sheet: str, row: int, header: str, value: object) -> dict[str, Sheet]:
    """The company workbook with one cell changed (``row`` as Excel counts, header is 1)."""
    sheets: dict[str, Any] = copy.deepcopy(COMPANY)
    rows = sheets[sheet]
    rows[row - 1][rows[0].index(header)] = value
    return sheets


def _import_fails(tmp_path: Path, sheets: dict[str, Sheet]) -> Any:
    result = run(write_xlsx(tmp_path / "company.xlsx", sheets))
    assert not result.ok
    assert not result.written
    assert result.entities == ()
    # Nothing at all is written, not even the valid rows or logins.
    assert not Team.objects.exists()
    assert not Person.objects.exists()
    assert not Customer.objects.exists()
    assert not Project.objects.exists()
    assert not Order.objects.exists()
    assert not User.objects.exists()
    return result


def test_wrong_file_types_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    result = run(text)
    assert "文件类型不支持" in problem_at(result, file="notes.txt")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    assert ".xls" in problem_at(run(old), file="old.xls")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("a,b\n1,2\n", encoding="utf-8")
    assert "不是有效的 .xlsx" in problem_at(run(fake), file="fake.xlsx")
    archive = tmp_path / "data.zip"
    archive.write_bytes(b"PK\x03\x04 truncated")
    assert "不是有效的 .zip" in problem_at(run(archive), file="data.zip")


def test_an_unknown_sheet_is_named(tmp_path: Path) -> None:
    result = _import_fails(tmp_path, _company(备注=[["说明"], ["随便写写"]]))
    reason = problem_at(result, sheet="备注", value="备注")
    assert "未知的工作表" in reason


def test_an_unknown_column_is_named(tmp_path: Path) -> None:
    sheets = _company()
    rows: Any = sheets["客户"]
    rows[0].append("备注")
    rows[1].append("老客户")
    result = _import_fails(tmp_path, sheets)
    assert "未知的列" in problem_at(result, sheet="客户", row=1, column="备注")


def test_a_missing_required_column_is_named(tmp_path: Path) -> None:
    orders = [r[:5] + r[6:] for r in COMPANY["订单"]]  # without 金额(元)
    result = _import_fails(tmp_path, _company(订单=orders))
    reason = problem_at(result, sheet="订单", row=1, column="")
    assert "金额(元)" in reason
    assert "缺少必填列" in reason


def test_a_missing_required_value_is_named(tmp_path: Path) -> None:
    result = _import_fails(tmp_path, _set("客户", 3, "客户名称", None))
    assert problem_at(result, sheet="客户", row=3, column="客户名称") == "缺少必填值"


def test_a_wrong_date_format_is_named(tmp_path: Path) -> None:
    result = _import_fails(tmp_path, _set("订单", 2, "签约日期", "10/03/2026"))
    reason = problem_at(result, sheet="订单", row=2, column="签约日期", value="10/03/2026")
    assert "日期格式不正确" in reason


def test_an_impossible_date_is_named(tmp_path: Path) -> None:
    result = _import_fails(tmp_path, _set("回款", 2, "回款日期", "2026-02-30"))
    assert "日期格式不正确" in problem_at(result, sheet="回款", row=2, column="回款日期")


def test_a_negative_amount_is_named(tmp_path: Path) -> None:
    result = _import_fails(tmp_path, _set("订单", 3, "金额(元)", "-300"))
    reason = problem_at(result, sheet="订单", row=3, column="金额(元)", value="-300")
    assert reason == "金额不能为负数"


def test_text_that_is_not_an_amount_is_named(tmp_path: Path) -> None:
    result = _import_fails(tmp_path, _set("订单", 3, "金额(元)", "三十万"))
    assert "不是金额" in problem_at(result, sheet="订单", row=3, column="金额(元)")


def test_an_unknown_stage_is_named_with_the_allowed_values(tmp_path: Path) -> None:
    result = _import_fails(tmp_path, _set("项目", 2, "阶段", "Closed"))
    reason = problem_at(result, sheet="项目", row=2, column="阶段", value="Closed")
    assert "不是可选值" in reason
    assert "方案" in reason


def test_a_percent_out_of_range_is_named(tmp_path: Path) -> None:
    result = _import_fails(tmp_path, _set("项目", 3, "赢单概率(%)", 120))
    assert "0 到 100" in problem_at(result, sheet="项目", row=3, column="赢单概率(%)")


def test_duplicate_external_ids_name_both_rows(tmp_path: Path) -> None:
    result = _import_fails(tmp_path, _set("客户", 3, "外部编号", "C1"))
    reason = problem_at(result, sheet="客户", row=3, column="外部编号", value="C1")
    assert "第 2 行" in reason


def test_an_order_for_an_unknown_customer_is_named(tmp_path: Path) -> None:
    result = _import_fails(tmp_path, _set("订单", 2, "客户编号", "C404"))
    reason = problem_at(result, sheet="订单", row=2, column="客户编号", value="C404")
    assert "找不到此客户" in reason


def test_a_reference_to_an_unknown_code_is_named(tmp_path: Path) -> None:
    result = _import_fails(tmp_path, _set("产品", 3, "产品线代码", "nope"))
    assert "找不到此产品线" in problem_at(result, sheet="产品", row=3, column="产品线代码")


def test_a_loop_of_managers_is_refused(tmp_path: Path) -> None:
    result = _import_fails(tmp_path, _set("人员", 2, "直属上级编号", "P3"))
    assert "循环" in problem_at(result, sheet="人员", row=2, column="直属上级编号")


def test_too_long_text_and_bad_email_are_named(tmp_path: Path) -> None:
    sheets = _set("客户", 2, "客户名称", "长" * 201)
    contacts: Any = sheets["联系人"]
    contacts[1][4] = "not-an-email"
    result = _import_fails(tmp_path, sheets)
    assert "最多 200" in problem_at(result, sheet="客户", row=2, column="客户名称")
    assert "邮箱" in problem_at(result, sheet="联系人", row=2, column="邮箱")


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    sheets = _set("订单", 2, "签约日期", "someday")
    orders: Any = sheets["订单"]
    orders[2][5] = "-1"
    orders[2][1] = "C404"
    projects: Any = sheets["项目"]
    projects[1][7] = "Closed"
    result = _import_fails(tmp_path, sheets)
    assert len(result.problems) == 4
    report = result.report()
    assert "company.xlsx · 工作表「订单」 · 第 2 行 · 列「签约日期」 · 值「someday」" in report
    assert "第 3 行 · 列「客户编号」" in report


def test_a_login_may_not_take_over_an_administrator(world: World, tmp_path: Path) -> None:
    User.objects.create_superuser("root", password="x-long-password-1")
    sheets = {"人员": [["外部编号", "姓名", "登录名"], ["X1", "冒名者", "root"]]}
    result = run(write_xlsx(tmp_path / "p.xlsx", sheets))
    assert "管理员或后台账号" in problem_at(result, row=2, column="登录名")
    assert not Person.objects.filter(external_id="X1").exists()


def test_a_login_may_not_take_another_persons_account(world: World, tmp_path: Path) -> None:
    sheets = {"人员": [["外部编号", "姓名", "登录名"], ["X1", "冒名者", "rep_a"]]}
    result = run(write_xlsx(tmp_path / "p.xlsx", sheets))
    assert "王小明" in problem_at(result, row=2, column="登录名")
    assert world.rep_a.user is not None
    assert Person.objects.get(user=world.rep_a.user) == world.rep_a


def test_only_administrators_import_administrators(world: World, tmp_path: Path) -> None:
    sheets = {"人员": [["外部编号", "姓名", "系统角色"], ["X1", "新管理员", "管理员"]]}
    path = write_xlsx(tmp_path / "p.xlsx", sheets)
    director = actor_for(world.director.user)
    result = data_import(path=path, actor=director)
    assert "只有管理员" in problem_at(result, row=2, column="系统角色")
    demote = {"人员": [["外部编号", "系统角色"], ["P-admin", "rep"]]}
    demote_path = write_xlsx(tmp_path / "d.xlsx", demote)
    result = data_import(path=demote_path, actor=director)
    assert "只有管理员" in problem_at(result, row=2)
    world.admin.refresh_from_db()
    assert world.admin.access_role == "admin"
    admin = actor_for(world.admin.user)
    assert data_import(path=path, actor=admin).ok


def test_a_broken_import_leaves_existing_data_untouched(world: World, tmp_path: Path) -> None:
    sheets = {
        "客户": [["外部编号", "客户名称"], ["C-a", "改名了"], ["C-new", "新客户"]],
        "订单": [
            ["外部编号", "客户编号", "金额(元)", "签约日期"],
            ["O-a", "C-a", "-1", "2026-01-01"],
        ],
    }
    result = run(write_xlsx(tmp_path / "x.xlsx", sheets))
    assert [p.column for p in result.problems] == ["金额(元)"]
    world.customers["a"].refresh_from_db()
    assert world.customers["a"].name == "客户A"
    assert not Customer.objects.filter(external_id="C-new").exists()


def test_a_damaged_workbook_is_named(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", COMPANY)
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(info, data)
    result = run(damaged)
    assert "已损坏" in problem_at(result, file="damaged.xlsx", sheet="团队")
    assert not Team.objects.exists()
    foreign = tmp_path / "foreign.xlsx"
    with zipfile.ZipFile(foreign, "w") as target:
        target.writestr("hello.txt", "not a workbook")
    assert "已损坏" in problem_at(run(foreign), file="foreign.xlsx")
