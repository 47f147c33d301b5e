"""The data pages through real HTTP: upload → preview → confirm, the error table, access."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.fixtures import Settings as SettingsWrapper

from pacer.crm.models import Customer, Order, Project
from tests.exchange.helpers import COMPANY, csv_bytes, write_xlsx
from tests.world import PASSWORD, World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path / "var"


def _client(login: str) -> Client:
    client = Client()
    assert client.login(username=login, password=PASSWORD)
    return client


def _xlsx(tmp_path: Path, sheets: dict[str, Any], name: str = "company.xlsx") -> SimpleUploadedFile:
    path = write_xlsx(tmp_path / name, sheets)
    return SimpleUploadedFile(name, path.read_bytes())


def _new_company(tmp_path: Path) -> SimpleUploadedFile:
    sheets: dict[str, Any] = copy.deepcopy(COMPANY)
    for rows in sheets.values():  # keep clear of the test world's keys and logins
        for row in rows[1:]:
            row[0] = f"N-{row[0]}"
    people = sheets["人员"]
    for row in people[1:]:
        row[2] = None
    # rewrite references to the renamed keys
    refs = {
        "团队": [2, 3], "人员": [3, 4], "产品": [2], "渠道商": [2, 3], "客户": [2, 3, 4, 5],
        "联系人": [1], "项目": [2, 3, 4], "关键节点": [1, 5], "活动": [3, 4, 5], "线索": [3],
        "订单": [1, 2, 3, 4], "回款": [1],
    }  # fmt: skip
    for sheet, columns in refs.items():
        for row in sheets[sheet][1:]:
            for col in columns:
                if row[col] is not None:
                    row[col] = f"N-{row[col]}"
    return _xlsx(tmp_path, sheets)


def test_anonymous_users_are_sent_to_login(world: World) -> None:
    response = Client().get(reverse("exchange:import"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("login", ["rep_a", "manager_south"])
@pytest.mark.parametrize("name", ["exchange:import", "exchange:export", "exchange:template"])
def test_reps_and_managers_are_denied(world: World, login: str, name: str) -> None:
    client = _client(login)
    assert client.get(reverse(name)).status_code == 403


def test_reps_cannot_upload_or_confirm(world: World, tmp_path: Path) -> None:
    client = _client("rep_a")
    response = client.post(reverse("exchange:import"), {"file": _xlsx(tmp_path, COMPANY)})
    assert response.status_code == 403
    confirm = client.post(reverse("exchange:import_confirm"), {"token": "x" * 32})
    assert confirm.status_code == 403
    assert Customer.objects.count() == 3


def test_upload_preview_confirm(world: World, tmp_path: Path, settings: SettingsWrapper) -> None:
    client = _client("director")
    page = client.get(reverse("exchange:import"))
    assert page.status_code == 200
    assert b"csrfmiddlewaretoken" in page.content
    preview = client.post(reverse("exchange:import"), {"file": _new_company(tmp_path)})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert 'id="import-preview"' in html
    assert "确认导入" in html
    assert "N-PJ1" in html  # first rows are shown
    assert Customer.objects.count() == 3  # nothing written yet
    token = preview.context["confirm"].initial["token"]
    staged = Path(settings.VAR_DIR) / "imports" / token
    assert staged.is_dir()
    done = client.post(reverse("exchange:import_confirm"), {"token": token})
    assert done.status_code == 200
    assert 'id="import-done"' in done.content.decode()
    assert Customer.objects.count() == 5
    assert Project.objects.get(external_id="N-PJ1").owner.external_id == "N-P3"
    assert not staged.exists()
    again = client.post(reverse("exchange:import_confirm"), {"token": token})
    assert again.status_code == 400
    assert "已失效" in again.content.decode()


def test_a_broken_upload_shows_the_error_table_and_writes_nothing(
    world: World, tmp_path: Path
) -> None:
    sheets: dict[str, Any] = {
        "订单": [
            ["外部编号", "客户编号", "金额(元)", "签约日期"],
            ["O-x", "C-404", "100", "2026-01-01"],
            ["O-y", "C-a", "-5", "someday"],
        ]
    }
    response = _client("director").post(
        reverse("exchange:import"), {"file": _xlsx(tmp_path, sheets)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="import-problems"' in html
    assert "确认导入" not in html
    problems = response.context["problems"]
    assert {(p.row, p.column) for p in problems} == {
        (2, "客户编号"),
        (3, "金额(元)"),
        (3, "签约日期"),
    }
    assert "<td>C-404</td>" in html
    assert Order.objects.count() == 3


def test_a_wrong_file_type_is_a_message_not_a_server_error(world: World) -> None:
    upload = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n....")
    response = _client("admin").post(reverse("exchange:import"), {"file": upload})
    assert response.status_code == 200
    assert "文件类型不支持" in response.content.decode()
    empty = _client("admin").post(reverse("exchange:import"), {})
    assert empty.status_code == 400


def test_a_zip_of_gbk_csv_files_with_a_mapping(world: World, tmp_path: Path) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(
            "客户名单.csv", csv_bytes([["编号", "名称"], ["K1", "广州自动化"]], encoding="gbk")
        )
    mapping = '[customers]\nfile = "客户名单"\ncolumns = { external_id = "编号", name = "名称" }\n'

    client = _client("admin")
    preview = client.post(
        reverse("exchange:import"),
        {
            "file": SimpleUploadedFile("crm.zip", archive.getvalue()),
            "mapping": SimpleUploadedFile("crm.toml", mapping.encode("utf-8")),
        },
    )
    assert "广州自动化" in preview.content.decode()
    token = preview.context["confirm"].initial["token"]
    client.post(reverse("exchange:import_confirm"), {"token": token})
    assert Customer.objects.get(external_id="K1").name == "广州自动化"


def test_confirm_needs_the_sessions_own_token(world: World, tmp_path: Path) -> None:
    director = _client("director")
    preview = director.post(reverse("exchange:import"), {"file": _new_company(tmp_path)})
    token = preview.context["confirm"].initial["token"]
    admin = _client("admin")
    stolen = admin.post(reverse("exchange:import_confirm"), {"token": token})
    assert stolen.status_code == 400
    wrong = director.post(reverse("exchange:import_confirm"), {"token": "A" * 32})
    assert wrong.status_code == 400
    assert Customer.objects.count() == 3


def test_forms_need_the_csrf_token(world: World, tmp_path: Path) -> None:
    client = Client(enforce_csrf_checks=True)
    client.login(username="director", password=PASSWORD)
    response = client.post(reverse("exchange:import"), {"file": _xlsx(tmp_path, COMPANY)})
    assert response.status_code == 403
    assert client.post(reverse("exchange:import_confirm"), {"token": "x"}).status_code == 403


def test_export_and_template_download(world: World) -> None:
    client = _client("director")
    response = client.get(reverse("exchange:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert len(list(workbook["客户"].iter_rows())) == 4
    english = client.get(reverse("exchange:export") + "?lang=en")
    assert "customers" in load_workbook(io.BytesIO(english.content), read_only=True).sheetnames
    template = client.get(reverse("exchange:template"))
    empty = load_workbook(io.BytesIO(template.content), read_only=True)
    assert len(list(empty["客户"].iter_rows())) == 1
