"""The bad-input corpus (tests/data/bad): each file imported exactly, or rejected by its place.

Parametrized over the corpus README's table; a file without a line there (or a line without a
file, or either without an expectation here) fails. A rejected file must leave every table of
the database exactly as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from pacer.crm.models import Customer, Order, Project
from pacer.exchange.loader import ImportResult, data_import
from pacer.exchange.operator import OPERATOR
from pacer.org.models import Person
from tests.world import PASSWORD, World

pytestmark = pytest.mark.django_db

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
SUPPORT = {"README.md", "make_corpus.py", "mapping.toml"}
D = Decimal


@dataclass(frozen=True)
class Imported:
    """The rows the file creates: model → key → {field lookup: value}."""

    rows: dict[type[Model], dict[str, dict[str, Any]]]


@dataclass(frozen=True)
class Rejected:
    """The problem that must be reported (``reason`` is a part of its sentence)."""

    reason: str
    row: int | None = None
    column: str = ""
    value: str = ""
    sheet: str = ""
    others: int | None = 0  # how many more problems; None: any number


def _orders(**rows: tuple[str, str, date]) -> Imported:
    return Imported(
        {
            Order: {
                key: {"customer__external_id": c, "amount": D(a), "signed_date": d}
                for key, (c, a, d) in rows.items()
            }
        }
    )


MAR5 = date(2026, 3, 5)
MAR6 = date(2026, 3, 6)
SERIAL = date(2023, 3, 15)  # Excel's day 45000

EXPECTED: dict[str, Imported | Rejected] = {
    "gbk_chinese_excel/客户.csv": Imported(
        {
            Customer: {
                "C10": {"name": "深圳（南山）精密科技有限公司", "tier_override": "A"},
                "C11": {"name": "东莞\u3000新能源设备厂", "tier_override": "B"},
            }
        }
    ),
    "gbk_fullwidth_values/订单.csv": _orders(O1=("C1", "12345.50", MAR5), O2=("C2", "800", MAR6)),
    "utf8_bom/订单.csv": _orders(O1=("C1", "1000", MAR5)),
    "utf16_unicode_text/订单.csv": _orders(O1=("C1", "1000", MAR5)),
    "semicolons/订单.csv": _orders(O1=("C1", "1000.50", MAR5)),
    "tabs/订单.csv": _orders(O1=("C1", "1000.50", MAR5)),
    "amount_forms/订单.csv": _orders(
        O1=("C1", "1234.50", MAR5),
        O2=("C1", "1234.50", MAR5),
        O3=("C1", "125000", MAR5),
        O4=("C1", "120000000", MAR5),
        O5=("C1", "3000", MAR5),
        O6=("C1", "3000", MAR5),
        O7=("C1", "0.1235", MAR5),
    ),
    "negative_in_parentheses/订单.csv": Rejected("金额不能为负数", 2, "金额(元)", "（1,000）"),
    "decimal_comma/订单.csv": Rejected("不是金额", 2, "金额(元)", "1234,50"),
    "percent_as_amount/订单.csv": Rejected("不是金额", 2, "金额(元)", "50%"),
    "percentages/项目.csv": Imported(
        {
            Project: {
                "PJ1": {"probability": 50, "stage": "proposal"},
                "PJ2": {"probability": 13},
                "PJ3": {"probability": 80, "stage": "negotiation"},
                "PJ4": {"probability": 75},
            }
        }
    ),
    "excel_serial_dates/订单.csv": _orders(O1=("C1", "1000", SERIAL), O2=("C1", "1000", MAR5)),
    "date_forms/订单.csv": _orders(**{f"O{i}": ("C1", "1", MAR5) for i in range(1, 6)}),
    "us_dates/订单.csv": Rejected("日期格式不正确", 2, "签约日期", "03/05/2026"),
    "blank_lines_and_spaces/订单.csv": _orders(O1=("C1", "1000", MAR5), O2=("C2", "2000", MAR6)),
    "duplicate_ids/订单.csv": Rejected("重复：与 订单.csv 第 2 行相同", 3, "外部编号", "O1"),
    "unknown_customer/订单.csv": Rejected("找不到此客户", 2, "客户编号", "C404"),
    "empty/订单.csv": Rejected("文件是空的"),
    "only_headers/订单.csv": Rejected("没有可导入的数据"),
    "header_typo/订单.csv": Rejected("未知的列", 1, "签约日朝", "签约日朝", others=1),
    "extra_column/订单.csv": Rejected("未知的列", 1, "备注", "备注"),
    "value_without_header/订单.csv": Rejected("此列有数据但没有表头", 2, "第 E 列", "孤立的值"),
    "not_utf8_or_gbk/订单.csv": Rejected("既不是 UTF-8 也不是 GBK 编码：第 58 字节（0x80）"),
    "workbook_named_csv/订单.csv": Rejected("这是 Excel 工作簿或压缩包，不是 CSV 文件"),
    "wrong_extension/orders.txt": Rejected("文件类型不支持"),
    "old_excel/订单.xls": Rejected("不支持旧版 .xls 文件"),
    "maven_open_deals/sales_pipeline.csv": Imported(
        {
            Project: {
                "1C1I7A6R": {
                    "stage": "won",
                    "amount": D(1054),
                    "customer__external_id": "C1",
                    "owner__external_id": "P1",
                    "created_date": date(2016, 10, 20),
                    "closed_date": date(2017, 3, 1),
                },
                "HAXMC4IX": {
                    "stage": "needs",
                    "amount": D(0),
                    "customer": None,
                    "closed_date": None,
                },
                "6KSTG4PE": {
                    "stage": "lead",
                    "amount": D(0),
                    "created_date": None,
                    "closed_date": None,
                },
            }
        }
    ),
    "superstore_us_dates/sample_superstore.csv": Imported(
        {
            Customer: {
                "CG-12520": {"name": "Claire Gute"},
                "DV-13045": {"name": "Darrin Van Huff"},
                "SO-20335": {"name": "Sean O'Donnell"},
            },
            Order: {
                "1": {"amount": D("261.96"), "signed_date": date(2016, 11, 8)},
                "2": {"amount": D("22.368"), "signed_date": date(2016, 6, 12)},
                "3": {"amount": D("957.5775"), "customer__external_id": "SO-20335"},
            },
        }
    ),
    "olist_long_ids/olist_closed_deals_dataset.csv": Imported(
        {
            Customer: {
                "2c43fb513632d29b3b58df74816f1b06": {},
                "bbb7d7893a450660432ea6652310ebb7": {},
            },
            Order: {
                "5420aad7fec3549a85876ba1c529bd84": {
                    "amount": D(0),
                    "signed_date": date(2018, 2, 26),
                },
                "a555fb36b9368110ede0f043dfc3b9a0": {
                    "amount": D(1200000),
                    "signed_date": date(2018, 5, 8),
                    "customer__external_id": "bbb7d7893a450660432ea6652310ebb7",
                },
            },
        }
    ),
    "adventureworks_no_header/SalesPersonQuotaHistory.csv": Rejected(
        "文件中没有此列", 1, "SalesQuota", "SalesQuota", others=None
    ),
    "truncated.xlsx": Rejected("不是有效的 .xlsx 工作簿"),
    "empty.xlsx": Rejected("不是有效的 .xlsx 工作簿"),
    "csv_named_xlsx.xlsx": Rejected("不是有效的 .xlsx 工作簿"),
    "formula_with_result.xlsx": _orders(O1=("C1", "1200", MAR5)),
    "formula_without_result.xlsx": Rejected(
        "公式没有保存计算结果", 2, "金额(元)", "=600*2", sheet="订单", others=1
    ),
    "formula_error.xlsx": Rejected(
        "公式计算出错（#DIV/0!）", 2, "金额(元)", "=600/0", sheet="订单", others=1
    ),
    "merged_cells.xlsx": _orders(
        O1=("C1", "100", MAR5), O2=("C1", "200", MAR6), O3=("C1", "300", MAR6)
    ),
    "serial_dates.xlsx": _orders(**{f"O{i}": ("C1", "1", SERIAL) for i in range(1, 5)}),
    "hidden_lists_sheet.xlsx": _orders(O1=("C1", "1000", MAR5)),
    "header_typo.xlsx": Rejected("未知的列", 1, "客户编码", "客户编码", sheet="订单", others=1),
    "extra_columns.xlsx": Rejected("未知的列", 1, "备注", "备注", sheet="订单"),
    "only_headers.xlsx": Rejected("没有可导入的数据"),
    "percent_cells.xlsx": Imported(
        {Project: {"PJ1": {"probability": 50}, "PJ2": {"probability": 13}}}
    ),
    "number_amounts.xlsx": _orders(
        O1=("C1", "1234.50", MAR5),
        O2=("C1", "86000", MAR5),
        O3=("C1", "125000", MAR5),
        O4=("C1", "0.30", MAR5),
    ),
}


def _readme_files() -> list[str]:
    text = (BAD / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^\| `([^`]+)` \|", text, flags=re.MULTILINE)


def _corpus_files() -> list[str]:
    return sorted(
        str(p.relative_to(BAD)) for p in BAD.rglob("*") if p.is_file() and p.name not in SUPPORT
    )


def _seed() -> None:
    Customer.objects.create(external_id="C1", name="深圳精密")
    Customer.objects.create(external_id="C2", name="宁德动力")
    Person.objects.create(external_id="P1", name="王小明")


def _state() -> dict[str, int]:
    """Row counts of every model (a rejected import changes none of them)."""
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def _import(name: str) -> ImportResult:
    path = BAD / name
    mapping = path.parent / "mapping.toml"
    return data_import(path=path, actor=OPERATOR, mapping=mapping if mapping.is_file() else None)


def test_every_corpus_file_has_a_readme_line_and_an_expectation() -> None:
    readme = _readme_files()
    assert len(readme) == len(set(readme)), "a file is listed twice in the README"
    assert sorted(readme) == _corpus_files()
    assert sorted(EXPECTED) == sorted(readme)


def _assert_imported(expected: Imported, result: ImportResult, before: dict[str, int]) -> None:
    assert result.ok, result.report()
    assert result.written
    for model, rows in expected.rows.items():
        key = "code" if not hasattr(model, "external_id") else "external_id"
        assert _state()[model._meta.label] - before[model._meta.label] == len(rows)
        for external_id, fields in rows.items():
            stored = model._default_manager.filter(**{key: external_id})
            assert stored.count() == 1, external_id
            if fields:
                assert stored.values(*fields).get() == fields, external_id


def _assert_rejected(
    expected: Rejected, name: str, result: ImportResult, before: dict[str, int]
) -> None:
    assert not result.ok
    assert not result.written
    assert result.entities == ()
    matching = [
        p
        for p in result.problems
        if expected.reason in p.reason
        and p.file == Path(name).name
        and p.sheet == expected.sheet
        and p.row == expected.row
        and p.column == expected.column
        and p.value == expected.value
    ]
    assert len(matching) == 1, result.report()
    if expected.others is not None:
        assert len(result.problems) == 1 + expected.others, result.report()
    line = matching[0].line()
    assert line.startswith(Path(name).name)
    if expected.value:
        assert f"值「{expected.value}」" in line
    assert _state() == before, "a rejected import wrote something"


@pytest.mark.parametrize("name", _readme_files())
def test_corpus_file(name: str) -> None:
    _seed()
    before = _state()
    expected = EXPECTED[name]
    result = _import(name)
    if isinstance(expected, Imported):
        _assert_imported(expected, result, before)
    else:
        _assert_rejected(expected, name, result, before)


# -- through the web upload page ------------------------------------------------------------


@pytest.fixture
def admin_client(world: World, settings: SettingsWrapper, tmp_path: Path) -> Client:
    settings.VAR_DIR = tmp_path / "var"
    _seed()
    client = Client()
    assert client.login(username="admin", password=PASSWORD)
    return client


def _upload(name: str) -> dict[str, Any]:
    path = BAD / name
    files: dict[str, Any] = {"file": SimpleUploadedFile(path.name, path.read_bytes())}
    mapping = path.parent / "mapping.toml"
    if mapping.is_file():
        files["mapping"] = SimpleUploadedFile("mapping.toml", mapping.read_bytes())
    return files


@pytest.mark.parametrize(
    "name",
    [
        "gbk_fullwidth_values/订单.csv",
        "utf16_unicode_text/订单.csv",
        "merged_cells.xlsx",
        "superstore_us_dates/sample_superstore.csv",
    ],
)
def test_upload_preview_and_confirm_import_the_corpus_file(admin_client: Client, name: str) -> None:
    expected = EXPECTED[name]
    assert isinstance(expected, Imported)
    before = _state()
    preview = admin_client.post(reverse("exchange:import"), _upload(name))
    assert preview.status_code == 200
    assert preview.context["result"].ok, preview.context["result"].report()
    assert _state() == before  # the preview writes nothing
    token = preview.context["confirm"].initial["token"]
    done = admin_client.post(reverse("exchange:import_confirm"), {"token": token})
    assert done.status_code == 200
    _assert_imported(expected, done.context["result"], before)


@pytest.mark.parametrize(
    "name",
    [
        "formula_without_result.xlsx",
        "not_utf8_or_gbk/订单.csv",
        "truncated.xlsx",
        "duplicate_ids/订单.csv",
        "adventureworks_no_header/SalesPersonQuotaHistory.csv",
    ],
)
def test_upload_of_a_bad_corpus_file_shows_its_place(admin_client: Client, name: str) -> None:
    expected = EXPECTED[name]
    assert isinstance(expected, Rejected)
    before = _state()
    response = admin_client.post(reverse("exchange:import"), _upload(name))
    assert response.status_code == 200
    assert response.context["confirm"] is None
    html = response.content.decode()
    assert 'id="import-problems"' in html
    assert expected.reason.split("（")[0] in html
    if expected.value:
        assert expected.value in html
    _assert_rejected(expected, name, response.context["result"], before)
