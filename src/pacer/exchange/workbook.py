"""An .xlsx workbook → rows of cell values as the user sees them on screen.

- a formula gives the result Excel saved with it; a formula saved without a result (a file
  written by a program that does not calculate) and a formula whose result is an error
  (``#N/A``, ``#DIV/0!``) are problems, never silently empty or imported as text;
- a merged range shows its value in every cell it covers, so a customer id merged over three
  order rows belongs to all three;
- a number formatted as a percentage reads as ``"50%"``;
- hidden sheets are read like the others; the caller decides what to do with them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import zip_longest
from pathlib import Path
from typing import Any

from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.xml.functions import iterparse

from pacer.exchange.problems import Place, Problem
from pacer.exchange.values import cell_text

MERGE_CELL = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"
ERROR_VALUES = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!"}


@dataclass
class Sheet:
    title: str
    hidden: bool
    rows: list[list[Any]] = field(default_factory=list)


class DamagedWorkbookError(Exception):
    """The file is not a readable .xlsx workbook (or one of its sheets is damaged)."""

    def __init__(self, sheet: str = "") -> None:
        super().__init__(sheet)
        self.sheet = sheet


def read_workbook(path: Path, file: str, problems: list[Problem]) -> Iterator[Sheet]:
    """Every sheet of the workbook at ``path`` (shown to the user as ``file``).

    Raises ``DamagedWorkbookError`` for a file that is not a workbook; a damaged sheet is
    reported by that error's ``sheet`` after the sheets before it were yielded.
    """
    try:
        values = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # a damaged or foreign file: the parser raises many kinds of error
        raise DamagedWorkbookError from exc
    try:
        for shown, written in zip(values.worksheets, formulas.worksheets, strict=True):
            try:
                sheet = _read_sheet(shown, written, file, problems)
            except Exception as exc:  # sheets are parsed lazily: damage shows up here
                raise DamagedWorkbookError(shown.title) from exc
            yield sheet
    finally:
        values.close()
        formulas.close()


def _read_sheet(shown: Any, written: Any, file: str, problems: list[Problem]) -> Sheet:
    # Some programs write a wrong "used range"; read every row actually stored.
    shown.reset_dimensions()
    written.reset_dimensions()
    sheet = Sheet(shown.title, shown.sheet_state != "visible")
    headers: list[str] = []
    pairs = zip_longest(shown.iter_rows(), written.iter_rows(), fillvalue=())
    for number, (value_row, formula_row) in enumerate(pairs, start=1):
        row = []
        for index, (cell, formula) in enumerate(zip_longest(value_row, formula_row)):
            value = _cell_value(cell)
            reason = _formula_problem(value, getattr(formula, "value", None))
            if reason:
                header = headers[index] if index < len(headers) and headers[index] else ""
                column = header or gettext("第 %(letter)s 列") % {
                    "letter": get_column_letter(index + 1)
                }
                text = getattr(formula, "value", None)
                shown_value = text if isinstance(text, str) else value
                problems.append(
                    Problem.at(Place(file, sheet.title, number, column), reason, shown_value)
                )
                value = None
            row.append(value)
        if number == 1:
            headers = [cell_text(v) for v in row]
        sheet.rows.append(row)
    _fill_merged(sheet.rows, _merged_ranges(shown))
    return sheet


def _cell_value(cell: Any) -> Any:
    """A cell's value; a number shown as a percentage becomes ``"50%"`` as the user sees it."""
    value = getattr(cell, "value", None)
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (getattr(cell, "number_format", "") or "")
    ):
        return f"{Decimal(repr(value)) * 100}%"
    return value


def _formula_problem(value: Any, written: Any) -> str:
    """Why a formula cell cannot be used, or ``""``."""
    is_formula = (isinstance(written, str) and written.startswith("=")) or (
        written is not None
        and not isinstance(written, str | int | float | bool)
        and type(written).__name__ in {"ArrayFormula", "DataTableFormula"}
    )
    if not is_formula:
        return ""
    if value is None:
        return gettext(
            "公式没有保存计算结果：请在 Excel 中打开并保存后再导入，或复制后「粘贴为数值」"
        )
    if isinstance(value, str) and value in ERROR_VALUES:
        return gettext("公式计算出错（%(error)s）") % {"error": value}
    return ""


def _merged_ranges(sheet: Any) -> list[tuple[int, int, int, int]]:
    """(min column, min row, max column, max row) of every merged range, from the sheet's XML.

    A read-only worksheet does not expose its merged ranges, so they are read from the sheet's
    own XML part (they are stored after the rows).
    """
    ranges = []
    # The same XML parser openpyxl reads the sheet with (defusedxml's when installed).
    with sheet._get_source() as source:
        for _event, element in iterparse(source):
            if element.tag == MERGE_CELL and element.get("ref"):
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
                if None not in (min_col, min_row, max_col, max_row):
                    ranges.append((min_col, min_row, max_col, max_row))
            element.clear()
    return ranges


def _fill_merged(rows: list[list[Any]], ranges: list[tuple[int, int, int, int]]) -> None:
    for min_col, min_row, max_col, max_row in ranges:
        if min_row > len(rows):
            continue
        top = rows[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        for number in range(min_row, min(max_row, len(rows)) + 1):
            row = rows[number - 1]
            if len(row) < max_col:
                row.extend([None] * (max_col - len(row)))
            for col in range(min_col, max_col + 1):
                row[col - 1] = value
