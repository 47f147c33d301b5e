"""Reading a plan workbook: its sheets, header rows, and cells as numbers or text.

Row 1 of every sheet is its header. Fully empty rows are skipped. A blank amount counts as 0,
as Excel's SUM counts it; anything else that is not a number (``abc``, a date, a formula Excel
never calculated) is reported at its cell and left out of every sum it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pacer.planning.money import FEN
from pacer.plans.excel import layout
from pacer.plans.excel.problems import Cell, WorkbookProblem, sheet_ref

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass
class Table:
    """A sheet read by its header: where each known column is, and its non-empty rows."""

    spec: layout.Sheet
    title: str
    columns: dict[str, int]
    months: list[int] = field(default_factory=list)
    year_total: int | None = None
    quarters: list[int] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)


class Reader:
    """One workbook being read; every problem found on the way is kept in ``problems``."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[WorkbookProblem] = []
        self._values: Workbook | None = None
        self._formulas: Workbook | None = None
        self._bad: set[str] = set()

    def open(self, path: Path) -> bool:
        """Open ``path``; ``False`` (and a problem naming the file) when it cannot be read."""
        if not path.is_file():
            self.problem(self.file, gettext("文件不存在"))
            return False
        if path.suffix.lower() not in EXCEL_SUFFIXES:
            self.problem(self.file, gettext("不是 .xlsx 工作簿：请在 Excel 中另存为 .xlsx"))
            return False
        try:
            self._values = load_workbook(path, data_only=True)
            self._formulas = load_workbook(path, data_only=False)
        except Exception:  # a damaged or foreign file: the parser raises many kinds of error
            self.problem(self.file, gettext("不是有效的 .xlsx 工作簿（文件已损坏或类型不符）"))
            return False
        return True

    def sheet_titles(self) -> list[str]:
        return self._values.sheetnames if self._values is not None else []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(WorkbookProblem(where=where, message=message))

    # -- sheets and headers ------------------------------------------------------------------

    def table(self, spec: layout.Sheet, *, required: bool) -> Table | None:
        """The sheet ``spec`` (named in Chinese or English), or ``None`` if it is absent."""
        assert self._values is not None
        ws = next((w for w in self._values.worksheets if spec.name.matches(w.title)), None)
        if ws is None:
            if required:
                self.problem(
                    self.file,
                    gettext("缺少工作表「%(zh)s」（英文名 “%(en)s”）")
                    % {"zh": spec.name.zh, "en": spec.name.en},
                )
            return None
        table = Table(spec=spec, title=ws.title, columns={})
        self._headers(ws, table)
        missing = [c for c in spec.columns if c.key in spec.required and c.key not in table.columns]
        for column in missing:
            self.problem(
                sheet_ref(ws.title),
                gettext("第 1 行缺少列「%(zh)s」（英文 “%(en)s”）")
                % {"zh": column.zh, "en": column.en},
            )
        if spec.months and len(table.months) != 12:
            self.problem(
                sheet_ref(ws.title),
                gettext("第 1 行应有 12 个月份列（如 1月 … 12月），找到 %(count)d 个")
                % {"count": len(table.months)},
            )
        if spec.quarters and table.year_total is None:
            self.problem(
                sheet_ref(ws.title),
                gettext("第 1 行缺少列「%(zh)s」（英文 “%(en)s”）")
                % {"zh": layout.YEAR_TOTAL.zh, "en": layout.YEAR_TOTAL.en},
            )
        if missing or (spec.months and len(table.months) != 12):
            return None
        if spec.quarters and table.year_total is None:
            return None
        table.rows = [
            r
            for r in range(2, ws.max_row + 1)
            if any(_filled(ws.cell(r, c).value) for c in range(1, ws.max_column + 1))
        ]
        return table

    def _headers(self, ws: Worksheet, table: Table) -> None:
        months: dict[int, int] = {}
        quarters: dict[int, int] = {}
        for column in range(1, ws.max_column + 1):
            text = ws.cell(1, column).value
            if not _filled(text):
                continue
            known = next((c for c in table.spec.columns if c.matches(text)), None)
            month, quarter = layout.month_of_header(text), layout.quarter_of_header(text)
            if known is not None:
                table.columns.setdefault(known.key, column)
            elif table.spec.months and month is not None:
                months.setdefault(month, column)
            elif table.spec.quarters and layout.YEAR_TOTAL.matches(text):
                table.year_total = table.year_total or column
            elif table.spec.quarters and quarter is not None:
                quarters.setdefault(quarter, column)
        table.months = sorted(months.values())
        table.quarters = [quarters[q] for q in sorted(quarters)] if len(quarters) == 4 else []

    # -- cells -------------------------------------------------------------------------------

    def raw(self, table: Table, row: int, column: int) -> Any:
        assert self._values is not None
        return self._values[table.title].cell(row, column).value

    def text(self, table: Table, row: int, key: str) -> str:
        column = table.columns.get(key)
        if column is None:
            return ""
        value = self.raw(table, row, column)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()

    def money(self, table: Table, row: int, column: int) -> Cell:
        """The amount in a cell, yuan rounded to the fen."""
        value = self._number(table, row, column, percent=False)
        return Cell(table.title, column, row, None if value is None else _fen(value))

    def share(self, table: Table, row: int, column: int) -> Cell:
        """A share as a fraction (``71.74%`` → 0.7174)."""
        value = self._number(table, row, column, percent=True)
        return Cell(table.title, column, row, None if value is None else value)

    def _number(self, table: Table, row: int, column: int, *, percent: bool) -> Decimal | None:
        raw = self.raw(table, row, column)
        header = self.header(table, column)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if not self._is_formula(table, row, column):
                return Decimal(0)
            message = gettext(
                "「%(header)s」是公式，但没有计算结果：请在 Excel 中打开并保存后再校验"
            ) % {"header": header}
        else:
            value = parse_number(raw, percent=percent)
            if value is not None:
                return value
            shown = raw.isoformat() if isinstance(raw, date | datetime) else str(raw)
            message = gettext("「%(header)s」的值“%(value)s”不是数字") % {
                "header": header,
                "value": shown,
            }
        self._bad_cell(Cell(table.title, column, row, None).ref, message)
        return None

    def _is_formula(self, table: Table, row: int, column: int) -> bool:
        assert self._formulas is not None
        value = self._formulas[table.title].cell(row, column).value
        return isinstance(value, str) and value.startswith("=")

    def _bad_cell(self, ref: str, message: str) -> None:
        """Report an unusable cell once, however many checks read it."""
        if ref not in self._bad:
            self._bad.add(ref)
            self.problem(ref, message)

    def cell_ref(self, table: Table, row: int, key: str) -> str:
        return Cell(table.title, table.columns[key], row, None).ref

    def header(self, table: Table, column: int) -> str:
        return str(self.raw(table, 1, column) or "")


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def parse_number(raw: Any, *, percent: bool = False) -> Decimal | None:
    """A number from a cell: a number, or text like ``1,234.50``, ``¥5000``, ``12万``, ``35%``.

    ``None`` when it is not one (text, a date, a yes/no).
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    for noise in (",", "，", "¥", "￥", "元", " "):
        text = text.replace(noise, "")
    scale = Decimal(1)
    if percent and text.endswith("%"):
        scale, text = Decimal("0.01"), text[:-1]
    elif text.endswith("万"):
        scale, text = Decimal(10_000), text[:-1]
    try:
        value = Decimal(text) * scale
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
