"""Cell parsers: what each accepts, and the reason given when it refuses."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from pacer.crm.models import Stage
from pacer.exchange.readers import read_source
from pacer.exchange.schema import BY_NAME, ENTITIES, choices_of, column_for_header, normalize
from pacer.exchange.values import (
    CellError,
    cell_text,
    parse_bool,
    parse_choice,
    parse_date,
    parse_money,
    parse_percent,
    parse_text,
    parse_unit,
)


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("12500", Decimal("12500.00")),
        ("1,250,000.5", Decimal("1250000.50")),
        ("¥ 86,000", Decimal("86000.00")),
        ("￥3,000元", Decimal("3000.00")),
        ("12.5万", Decimal("125000.00")),
        ("1.2亿", Decimal("120000000.00")),
        (4821, Decimal("4821.00")),
        (0.1 + 0.2, Decimal("0.30")),
        (Decimal("957.5775"), Decimal("957.5775")),
        ("0.123456", Decimal("0.1235")),
    ],
)
def test_money_is_read_to_four_places(cell: object, amount: Decimal) -> None:
    assert parse_money(cell)[0] == amount


def test_money_reports_rounding_and_applies_the_unit_unless_the_cell_names_one() -> None:
    assert parse_money("957.5775") == (Decimal("957.5775"), False)
    assert parse_money("957.57751") == (Decimal("957.5775"), True)
    assert parse_money("957.50") == (Decimal("957.50"), False)
    assert parse_money("12.5", unit=Decimal(10000))[0] == Decimal("125000.00")
    assert parse_money("3万", unit=Decimal(1000))[0] == Decimal("30000.00")


@pytest.mark.parametrize(("cell", "words"), [("-5", "负数"), ("(5)", "负数"), ("abc", "不是金额")])
def test_money_refusals(cell: str, words: str) -> None:
    with pytest.raises(CellError, match=words):
        parse_money(cell)


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("2026-03-01", date(2026, 3, 1)),
        ("2026/3/1", date(2026, 3, 1)),
        ("2026.03.01", date(2026, 3, 1)),
        ("2026年3月1日", date(2026, 3, 1)),
        ("20260301", date(2026, 3, 1)),
        ("2017-12-05 10:23:00", date(2017, 12, 5)),
        (datetime(2026, 3, 1, 8, 30), date(2026, 3, 1)),
        (46082, date(2026, 3, 1)),
        ("46082", date(2026, 3, 1)),
    ],
)
def test_dates_in_the_usual_shapes(cell: object, day: date) -> None:
    assert parse_date(cell) == day


def test_a_mapping_date_format_replaces_the_defaults() -> None:
    assert parse_date("6/12/2016", formats=("%m/%d/%Y",)) == date(2016, 6, 12)
    with pytest.raises(CellError, match="MM/DD/YYYY"):
        parse_date("2016-06-12", formats=("%m/%d/%Y",))


@pytest.mark.parametrize("cell", ["12/06/2016", "2026-02-30", "someday", "2017", 0])
def test_dates_that_are_refused(cell: object) -> None:
    with pytest.raises(CellError, match="日期格式不正确"):
        parse_date(cell)


def test_percent_bool_text() -> None:
    assert [parse_percent(v) for v in ("50", "50%", 12.5, "100")] == [50, 50, 13, 100]
    for bad in ("101", "-1", "half"):
        with pytest.raises(CellError):
            parse_percent(bad)
    assert [parse_bool(v) for v in ("是", "否", "Yes", "n", 1, True, "有", "无")] == [
        True,
        False,
        True,
        False,
        True,
        True,
        True,
        False,
    ]
    with pytest.raises(CellError, match="是/否"):
        parse_bool("maybe")
    assert cell_text(13800000000.0) == "13800000000"
    assert cell_text(" C1 ") == "C1"
    with pytest.raises(CellError, match="最多 3"):
        parse_text("abcd", max_length=3)


def test_choices_by_code_chinese_or_english_label() -> None:
    stage = BY_NAME["projects"].column("stage")
    for cell in ("proposal", "方案", "Proposal", " PROPOSAL "):
        assert parse_choice(cell, choices_of(stage)) == Stage.PROPOSAL
    business = BY_NAME["projects"].column("business_type")
    assert parse_choice("New customer", choices_of(business)) == "new_customer"
    with pytest.raises(CellError, match="商务谈判"):
        parse_choice("Closed", choices_of(stage))


def test_units() -> None:
    assert parse_unit("万") == Decimal(10000)
    assert parse_unit("thousand") == Decimal(1000)
    assert parse_unit(100) == Decimal(100)
    with pytest.raises(CellError):
        parse_unit(0)


def test_every_header_and_sheet_name_is_unambiguous() -> None:
    names = [normalize(n) for e in ENTITIES for n in (e.name, e.zh)]
    assert len(names) == len(set(names))
    for entity in ENTITIES:
        for column in entity.columns:
            for header in (column.en, column.zh, column.field):
                assert column_for_header(entity, header) == column


def test_a_percent_formatted_excel_cell_reads_as_shown(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "项目"
    sheet.append(["外部编号", "赢单概率(%)"])
    sheet.append(["PJ1", 0.35])
    sheet["B2"].number_format = "0%"
    workbook.save(tmp_path / "p.xlsx")
    table = read_source(tmp_path / "p.xlsx").tables[0]
    assert parse_percent(table.rows[0][1][1]) == 35


def test_docs_list_every_sheet_header_and_choice() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "import.md").read_text(encoding="utf-8")
    for entity in ENTITIES:
        assert f"### {entity.zh} / `{entity.name}`" in docs
        for column in entity.columns:
            assert f"| `{column.field}` | {column.en} | {column.zh} |" in docs
            if column.choices is not None:
                for code, zh, en in choices_of(column):
                    assert f"`{code}` = {zh} = {en}" in docs
