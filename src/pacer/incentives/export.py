"""Statements as an .xlsx workbook: one sheet of totals (a row per person), one of every line.

The caller decides which statements go in (scoped for a page, all of them for the operator's
command line). Amounts are yuan, as numbers with two decimals; sheet names and headers follow
the active language.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pacer.incentives.models import Basis, IncentiveStatement, StatementStatus
from pacer.incentives.months import month_text
from pacer.incentives.selectors import explained_lines

YUAN_FORMAT = "#,##0.00"
RATIO_FORMAT = "0.0%"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WIDEST = 80


def statements_export(target: IO[bytes] | Path, statements: Sequence[IncentiveStatement]) -> None:
    statements_workbook(statements).save(target)


def statements_workbook(statements: Sequence[IncentiveStatement]) -> Workbook:
    workbook = Workbook()
    totals = workbook.active
    assert totals is not None
    totals.title = gettext("激励汇总")
    _write(totals, _total_headers(), [_total_row(s) for s in statements])
    lines = workbook.create_sheet(gettext("激励明细"))
    _write(lines, _line_headers(), [row for s in statements for row in _line_rows(s)])
    return workbook


Cell = tuple[Any, str | None]  # (value, number format)


def _total_headers() -> list[str]:
    return [
        gettext("人员"),
        gettext("团队"),
        gettext("月份"),
        gettext("版本"),
        gettext("状态"),
        gettext("激励方案"),
        gettext("计提口径"),
        gettext("当月目标(元)"),
        gettext("销售额(元)"),
        gettext("加权销售额(元)"),
        gettext("完成率"),
        gettext("激励合计(元)"),
        gettext("数据截止日"),
        gettext("计算时间"),
    ]


def _total_row(s: IncentiveStatement) -> list[Cell]:
    basis = s.scheme_snapshot.get("basis", "")
    return [
        (s.person.name, None),
        (s.person.team.name if s.person.team else "", None),
        (month_text(s.month), None),
        (s.version, None),
        (str(StatementStatus(s.status).label), None),
        (s.scheme_snapshot.get("name", ""), None),
        (str(Basis(basis).label) if basis in Basis.values else basis, None),
        (Decimal(s.inputs.get("target", "0")), YUAN_FORMAT),
        (s.sales, YUAN_FORMAT),
        (s.weighted_sales, YUAN_FORMAT),
        (s.attainment, RATIO_FORMAT),
        (s.total, YUAN_FORMAT),
        (s.as_of, "yyyy-mm-dd"),
        (timezone.localtime(s.computed_at).replace(tzinfo=None), "yyyy-mm-dd hh:mm"),
    ]


def _line_headers() -> list[str]:
    return [
        gettext("人员"),
        gettext("月份"),
        gettext("版本"),
        gettext("代码"),
        gettext("项目"),
        gettext("金额(元)"),
        gettext("说明"),
    ]


def _line_rows(s: IncentiveStatement) -> list[list[Cell]]:
    return [
        [
            (s.person.name, None),
            (month_text(s.month), None),
            (s.version, None),
            (line["code"], None),
            (str(line["label"]), None),
            (Decimal(line["amount"]), YUAN_FORMAT),
            (line["explanation"], None),
        ]
        for line in explained_lines(s)
    ]


def _write(sheet: Worksheet, headers: list[str], rows: list[list[Cell]]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    widths = [len(h) * 2 for h in headers]
    for row in rows:
        sheet.append([value for value, _fmt in row])
        for index, (value, fmt) in enumerate(row):
            if fmt:
                sheet.cell(row=sheet.max_row, column=index + 1).number_format = fmt
            widths[index] = max(widths[index], len(str(value)) + 2)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(WIDEST, max(8, width))
    sheet.freeze_panes = "B2"
