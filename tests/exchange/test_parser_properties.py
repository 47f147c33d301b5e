"""Properties of the import's cell parsers and readers, on generated input.

Amounts written in every accepted form read back as the same number; arbitrary text, numbers
and bytes give a value or the parsers' own ``CellError`` (a reader: a reported problem), never
any other exception.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacer.exchange.readers import read_source
from pacer.exchange.values import (
    EXCEL_EPOCH,
    CellError,
    parse_bool,
    parse_date,
    parse_money,
    parse_percent,
)
from pacer.planning.money import MAX_STORED

FAST = settings(max_examples=150, deadline=None)
WAN = Decimal(10000)

# Amounts to the fen, below the largest storable amount divided by 亿 (so every form fits).
amounts = st.decimals(
    min_value=Decimal(0), max_value=Decimal("99999999.99"), places=2, allow_nan=False
)
dates = st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31))
cells = st.one_of(
    st.text(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
)


def _grouped(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


WRITTEN_FORMS = [
    str,
    _grouped,
    lambda a: f"¥{_grouped(a)}",
    lambda a: f"￥{a}",
    lambda a: f"RMB {_grouped(a)}",
    lambda a: f"{a}元",
    lambda a: f" {a} ",
    lambda a: _fullwidth(_grouped(a)),
    lambda a: f"{a / WAN}万",
    lambda a: f"{a / WAN / WAN}亿",
    float,
]


@FAST
@given(amounts, st.sampled_from(range(len(WRITTEN_FORMS))))
def test_an_amount_in_every_written_form_reads_back_the_same(amount: Decimal, form: int) -> None:
    written = WRITTEN_FORMS[form](amount)
    parsed, rounded = parse_money(written)
    assert parsed == amount, written
    assert not rounded


@FAST
@given(amounts.filter(lambda a: a > 0))
def test_an_amount_in_parentheses_is_refused_as_negative(amount: Decimal) -> None:
    for written in (f"({_grouped(amount)})", f"（{amount}）", f"-{amount}"):
        with pytest.raises(CellError, match=r"^金额不能为负数$"):
            parse_money(written)


@FAST
@given(cells)
def test_parse_money_gives_a_stored_amount_or_a_cell_error(value: object) -> None:
    try:
        amount, _rounded = parse_money(value)
    except CellError:
        return
    assert amount.is_finite()
    assert 0 <= amount < MAX_STORED
    assert amount == amount.quantize(Decimal("0.0001"))


@FAST
@given(st.text(alphabet="0123456789.,-+eE¥万亿元()（） ％%", max_size=20))
def test_parse_money_on_number_like_text_never_raises_anything_else(text: str) -> None:
    try:
        amount, _rounded = parse_money(text)
    except CellError:
        return
    assert 0 <= amount < MAX_STORED


@FAST
@given(dates)
def test_a_date_in_every_written_form_reads_back_the_same(day: date) -> None:
    serial = (day - EXCEL_EPOCH).days
    forms = [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day:%Y.%m.%d}",
        f"{day.isoformat()} 08:30:00",
        serial,
        float(serial) + 0.5,
    ]
    if day.year >= 1000:  # YYYYMMDD needs four digits of year
        forms.append(f"{day:%Y%m%d}")
    for written in forms:
        assert parse_date(written) == day, written


@FAST
@given(cells)
def test_parse_date_gives_a_date_or_a_cell_error(value: object) -> None:
    try:
        day = parse_date(value)
    except CellError:
        return
    assert isinstance(day, date)


@FAST
@given(cells, st.lists(st.sampled_from(["%m/%d/%Y", "%d.%m.%y", "%Y-%m-%d %H:%M", "%b %Y"])))
def test_parse_date_with_mapping_formats_never_raises_anything_else(
    value: object, formats: list[str]
) -> None:
    with contextlib.suppress(CellError):
        assert isinstance(parse_date(value, formats=formats), date)


@FAST
@given(cells)
def test_percent_and_yes_no_give_a_value_or_a_cell_error(value: object) -> None:
    try:
        percent = parse_percent(value)
    except CellError:
        pass
    else:
        assert 0 <= percent <= 100
    with contextlib.suppress(CellError):
        assert isinstance(parse_bool(value), bool)


@FAST
@given(st.integers(min_value=0, max_value=100))
def test_a_percentage_reads_back(percent: int) -> None:
    assert parse_percent(f"{percent}%") == percent
    assert parse_percent(_fullwidth(f"{percent}%")) == percent
    assert parse_percent(percent) == percent


# -- readers ---------------------------------------------------------------------------------


def _read(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    source = read_source(path)
    for problem in source.problems:
        assert problem.file == name
        assert problem.reason
    for table in source.tables:
        assert table.file == name
        for number, _row in table.rows:
            assert number >= 2


READER_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@READER_SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes_as_csv_are_read_or_reported(tmp_path: Path, data: bytes) -> None:
    _read(tmp_path, "订单.csv", data)


@READER_SETTINGS
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.sampled_from(["utf-8", "gbk", "utf-16"]),
)
def test_arbitrary_text_as_csv_is_read_or_reported(
    tmp_path: Path, text: str, encoding: str
) -> None:
    _read(tmp_path, "订单.csv", text.encode(encoding, errors="replace"))


@READER_SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes_as_xlsx_or_zip_are_reported(tmp_path: Path, data: bytes) -> None:
    _read(tmp_path, "data.xlsx", data)
    _read(tmp_path, "data.zip", data)


def _workbook_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "订单"
    sheet.append(["外部编号", "客户编号", "金额(元)", "签约日期"])
    sheet.append(["O1", "C1", 1000, date(2026, 3, 5) + timedelta(days=1)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


WORKBOOK = _workbook_bytes()


@READER_SETTINGS
@given(st.integers(min_value=0, max_value=len(WORKBOOK)), st.binary(min_size=1, max_size=8))
def test_a_damaged_workbook_is_reported(tmp_path: Path, offset: int, noise: bytes) -> None:
    """A valid workbook cut short, or with bytes overwritten, never raises."""
    _read(tmp_path, "cut.xlsx", WORKBOOK[:offset])
    _read(tmp_path, "noisy.xlsx", WORKBOOK[:offset] + noise + WORKBOOK[offset + len(noise) :])


@READER_SETTINGS
@given(st.binary(max_size=300))
def test_a_sheet_part_of_arbitrary_bytes_is_reported(tmp_path: Path, xml: bytes) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(WORKBOOK)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            target.writestr(info, xml if info.filename == "xl/worksheets/sheet1.xml" else part)
    _read(tmp_path, "sheet.xlsx", out.getvalue())
