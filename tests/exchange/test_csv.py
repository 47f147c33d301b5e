"""Folders and .zip files of CSV: UTF-8 with or without BOM, GBK, Chinese or English names."""

from __future__ import annotations

import codecs
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from pacer.crm.models import Customer, Industry, Order
from pacer.exchange.readers import decode
from tests.exchange.helpers import csv_bytes, problem_at, run, write_csv

pytestmark = pytest.mark.django_db

CUSTOMERS = [
    ["外部编号", "客户名称", "行业代码"],
    ["C1", "深圳精密电子", "3c"],
    ["C2", "东莞包装机械", "pack"],
]
INDUSTRIES = [["代码", "行业名称"], ["3c", "3C电子"], ["pack", "包装机械"]]


def test_a_gbk_folder_imports_correctly(tmp_path: Path) -> None:
    write_csv(tmp_path / "客户.csv", CUSTOMERS, encoding="gbk")
    write_csv(tmp_path / "行业.csv", INDUSTRIES, encoding="gbk")
    result = run(tmp_path)
    assert result.ok, result.report()
    assert Customer.objects.get(external_id="C1").name == "深圳精密电子"
    assert Industry.objects.get(code="pack").name == "包装机械"
    assert Customer.objects.get(external_id="C2").industry.name == "包装机械"


def test_utf8_with_and_without_bom_and_english_file_names(tmp_path: Path) -> None:
    (tmp_path / "customers.csv").write_bytes(codecs.BOM_UTF8 + csv_bytes(CUSTOMERS))
    write_csv(tmp_path / "industries.csv", INDUSTRIES)
    (tmp_path / "SOURCE.md").write_text("not a CSV: ignored", encoding="utf-8")
    result = run(tmp_path)
    assert result.ok, result.report()
    assert result.counts() == {"industries": (2, 0), "customers": (2, 0)}


def test_a_zip_of_csv_files_imports(tmp_path: Path) -> None:
    archive = tmp_path / "data.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("export/客户.csv", csv_bytes(CUSTOMERS, encoding="gbk"))
        zf.writestr("export/行业.csv", csv_bytes(INDUSTRIES))
        zf.writestr("__MACOSX/export/._客户.csv", b"\x00\x05\x16\x07")
    result = run(archive)
    assert result.ok, result.report()
    assert Customer.objects.count() == 2


def test_a_single_csv_file_imports(tmp_path: Path) -> None:
    rows = [
        ["External ID", "Customer", "Amount", "Signed date"],
        ["O1", "C1", "1,234.50", "2026-01-31"],
    ]
    write_csv(tmp_path / "industries.csv", INDUSTRIES)
    write_csv(tmp_path / "customers.csv", CUSTOMERS)
    assert run(tmp_path).ok
    result = run(write_csv(tmp_path / "orders.csv", rows))
    assert result.ok, result.report()
    assert Order.objects.get(external_id="O1").amount == Decimal("1234.50")


def test_a_file_in_no_known_encoding_names_the_byte(tmp_path: Path) -> None:
    bad = csv_bytes(CUSTOMERS)[:40] + b"\xff\xfe\x80" + b"\n"
    (tmp_path / "customers.csv").write_bytes(bad)
    result = run(tmp_path)
    reason = problem_at(result, file="customers.csv")
    assert "既不是 UTF-8 也不是 GBK" in reason
    assert "第 40 字节" in reason
    assert not Customer.objects.exists()


def test_gbk_read_as_utf8_names_file_and_offset() -> None:
    data = csv_bytes(CUSTOMERS, encoding="gbk")
    text, problem = decode(data, "客户.csv", "utf-8")
    assert text is None
    assert problem is not None
    assert problem.file == "客户.csv"
    first_chinese = data.index("外".encode("gbk"))
    assert f"第 {first_chinese} 字节" in problem.reason
    assert "utf-8" in problem.reason


def test_a_csv_with_data_under_no_header_is_named(tmp_path: Path) -> None:
    rows = [["代码", "行业名称"], ["3c", "3C电子", "stray"]]
    result = run(write_csv(tmp_path / "industries.csv", rows))
    assert "没有表头" in problem_at(result, file="industries.csv", row=2, value="stray")


def test_an_empty_folder_is_named(tmp_path: Path) -> None:
    assert "没有 CSV" in problem_at(run(tmp_path), file=tmp_path.name)
