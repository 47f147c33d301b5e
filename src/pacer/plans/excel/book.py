"""A plan workbook as read: its tables, parsed rows, the target, and the problems found."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.utils.translation import gettext

from pacer.plans.excel import layout, sheets
from pacer.plans.excel.problems import Cell, WorkbookProblem
from pacer.plans.excel.reading import Reader, Table
from pacer.plans.excel.sheets import Line, Lines, MonthLine, PersonLine


@dataclass
class Book:
    """Everything read from one workbook; checks add their problems to ``problems``."""

    reader: Reader
    tables: dict[str, Table | None]
    overview: sheets.Overview
    types: Lines[Line] | None
    markets: Lines[sheets.MarketLine] | None
    months: list[MonthLine] | None
    people: Lines[PersonLine] | None
    target: Cell | None = None
    problems: list[WorkbookProblem] = field(default_factory=list)


T = TypeVar("T")


def parsed(reader: Reader, table: Table | None, parse: Callable[[Reader, Table], T]) -> T | None:
    return None if table is None else parse(reader, table)


def read_book(reader: Reader, tables: dict[str, Table | None]) -> Book:
    """Parse the sheets found; the target is 总览's, else the year of 月度's company row."""
    book = Book(
        reader=reader,
        tables=tables,
        overview=parsed(reader, tables["overview"], sheets.overview) or sheets.Overview(),
        types=parsed(
            reader,
            tables["business_types"],
            lambda r, t: sheets.amounts(r, t, "business_type", "target"),
        ),
        markets=parsed(reader, tables["markets"], sheets.markets),
        months=parsed(reader, tables["months"], sheets.months),
        people=parsed(reader, tables["people"], sheets.people),
    )
    roots = [
        m.year
        for tree in (layout.TREE_MARKET, layout.TREE_ORG)
        for m in book.months or []
        if m.tree == tree.key and not m.parent
    ]
    book.target = book.overview.target or (roots[0] if roots else None)
    if book.target is None:
        reader.problem(
            reader.file,
            gettext("找不到年度目标：应在「总览」的「年度目标(元)」行，或「月度」中公司行的全年"),
        )
    return book


# -- helpers -------------------------------------------------------------------------------------


def ref(book: Book, table_key: str, row: int, column: str) -> str:
    table = book.tables[table_key]
    assert table is not None
    return book.reader.cell_ref(table, row, column)


def unique(book: Book, lines: Lines[Line], table_key: str, column: str) -> dict[str, Line]:
    """Rows by name; a repeated name is reported (the first row of a name counts)."""
    named: dict[str, Line] = {}
    for line in lines.rows:
        if line.name in named:
            book.reader.problem(
                ref(book, table_key, line.row, column),
                gettext("「%(name)s」重复：第 %(row)d 行已有")
                % {"name": line.name, "row": named[line.name].row},
            )
        else:
            named[line.name] = line
    return named


def unknown(book: Book, table_key: str, row: int, column: str, *, name: str, sheet: str) -> None:
    book.reader.problem(
        ref(book, table_key, row, column),
        gettext("「%(name)s」不在工作表「%(sheet)s」中") % {"name": name, "sheet": sheet},
    )


def company(book: Book) -> str:
    roots = [m.name for m in book.months or [] if m.tree == layout.TREE_MARKET.key and not m.parent]
    return roots[0] if roots else gettext("年度目标")


def year_header(book: Book) -> str:
    table = book.tables["months"]
    if table is None or table.year_total is None:
        return layout.YEAR_TOTAL.zh
    return book.reader.header(table, table.year_total)
