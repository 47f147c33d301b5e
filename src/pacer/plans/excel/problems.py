"""What is wrong in a plan workbook, named by its cells (``月度!N5``) with the values involved."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.utils import column_index_from_string, get_column_letter

_PLAIN_SHEET = re.compile(r"\w+")


def sheet_ref(title: str) -> str:
    """A sheet name as Excel writes it in a reference (quoted when it has spaces)."""
    if _PLAIN_SHEET.fullmatch(title):
        return title
    return "'" + title.replace("'", "''") + "'"


@dataclass(frozen=True)
class Cell:
    """A number read from a cell; ``value`` is ``None`` when the cell holds no usable number."""

    sheet: str
    column: int
    row: int
    value: Decimal | None

    @property
    def ref(self) -> str:
        return f"{sheet_ref(self.sheet)}!{get_column_letter(self.column)}{self.row}"


def cell_ranges(cells: Sequence[Cell]) -> str:
    """References of ``cells``, runs of neighbours joined: ``月度!B5:M5, 个人!C2:C9``."""
    runs: list[list[Cell]] = []
    for cell in cells:
        run = runs[-1] if runs else None
        if run and _continues(run, cell):
            run.append(cell)
        else:
            runs.append([cell])
    parts = []
    for run in runs:
        last = run[-1]
        tail = f":{get_column_letter(last.column)}{last.row}" if len(run) > 1 else ""
        parts.append(run[0].ref + tail)
    return ", ".join(parts)


def _continues(run: list[Cell], cell: Cell) -> bool:
    last = run[-1]
    if cell.sheet != last.sheet:
        return False
    down = cell.column == last.column and cell.row == last.row + 1
    right = cell.row == last.row and cell.column == last.column + 1
    if len(run) == 1:
        return down or right
    return down if run[1].row != run[0].row else right


@dataclass(frozen=True)
class WorkbookProblem:
    """One problem: where it is (a cell, a sheet or the file), what is wrong, and the numbers.

    For a sum that does not add up, ``where`` is the cell holding the whole, ``parts`` the cells
    that should add up to it, and ``difference`` = parts − whole.
    """

    where: str
    message: str
    parts: str = ""
    amount: Decimal | None = None
    parts_total: Decimal | None = None

    @property
    def difference(self) -> Decimal | None:
        if self.amount is None or self.parts_total is None:
            return None
        return self.parts_total - self.amount

    def line(self) -> str:
        return f"{self.where}: {self.message}"


_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^!']+))(?:!([A-Z]+)(\d+))?")


def in_reading_order(
    problems: Sequence[WorkbookProblem], sheets: Sequence[str]
) -> list[WorkbookProblem]:
    """Problems of the file first, then sheet by sheet, row by row, column by column.

    Problems at the same place keep the order they were found in.
    """
    order = {sheet_ref(title): i for i, title in enumerate(sheets)}

    def key(problem: WorkbookProblem) -> tuple[int, int, int]:
        match = _REF.match(problem.where)
        sheet = problem.where.split("!")[0] if match else problem.where
        if sheet not in order:
            return (-1, 0, 0)
        if match is None or match.group(3) is None:
            return (order[sheet], 0, 0)
        return (order[sheet], int(match.group(4)), column_index_from_string(match.group(3)))

    return sorted(problems, key=key)


def yuan(value: Decimal | None) -> str:
    """An amount as it is written in a report: ``1,234,567.89``."""
    return "-" if value is None else f"{value:,.2f}"


def signed(value: Decimal) -> str:
    return f"{value:+,.2f}"


def percent(value: Decimal | None) -> str:
    return "-" if value is None else f"{value * 100:.2f}%"
