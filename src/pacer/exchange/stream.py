"""A large CSV file read row by row: the file, its rows and each row's typed values.

A single CSV file of at least ``STREAM_BYTES`` is imported without holding its rows: the checks
read it once, the write reads it again (see ``stream_check`` and ``stream_write``). What is kept
per row is nothing but a 64-bit hash of its key (for the duplicate check), so memory stays flat
whatever the row count. Files that need every row at once — teams and people (references to
their own rows, logins, roles) — and imports through a mapping use the in-memory path.

The rows and the values read here are exactly those of the in-memory path (``readers``,
``convert``): the same encodings, separators, skipped blank rows, row numbers and parsers.
"""

from __future__ import annotations

import codecs
import csv
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Field
from django.utils.translation import gettext
from openpyxl.utils import get_column_letter

from pacer.exchange.bind import Binding
from pacer.exchange.convert import KEY_LENGTH, SIMPLE
from pacer.exchange.problems import Place, Problem
from pacer.exchange.readers import OLE_MAGIC, ZIP_MAGIC, delimiter_of
from pacer.exchange.schema import ORDER, Column, Entity, Kind, choices_of, entity_for_sheet
from pacer.exchange.values import (
    ISO_DATE,
    PLAIN_AMOUNT,
    CellError,
    cell_text,
    parse_choice,
    parse_date,
    parse_money,
    parse_text,
)
from pacer.planning.money import STORED

STREAM_BYTES = 4 * 1024 * 1024  # a CSV file this large or larger is imported row by row
PROBLEM_LIMIT = 1000  # problems kept for the report; the rest are counted
READ_CHUNK = 1024 * 1024  # bytes decoded at a time while the encoding is detected
CHOICE_MEMO = 1000  # distinct texts of one choice column remembered
ONE = Decimal(1)

# A blank cell that leaves its field out (a percent: a project's probability then follows its
# stage), and a cell that could not be read.
MISSING: Any = object()
FAILED: Any = object()


class Sink:
    """Problems found so far: the first ``limit`` kept, the rest only counted."""

    def __init__(self, limit: int | None = None) -> None:
        self.kept: list[Problem] = []
        self.omitted = 0
        self.limit = PROBLEM_LIMIT if limit is None else limit

    def add(self, problem: Problem) -> None:
        if len(self.kept) < self.limit:
            self.kept.append(problem)
        else:
            self.omitted += 1

    def __bool__(self) -> bool:
        return bool(self.kept) or self.omitted > 0


@dataclass(frozen=True)
class CsvFile:
    """A CSV file that can be read row by row: its encoding, separator and header row."""

    path: Path
    name: str  # as shown in messages
    encoding: str
    delimiter: str
    headers: list[str]

    def place(self, row: int | None = None, column: str = "") -> Place:
        return Place(self.name, "", row, column)


def streamable(entity: Entity | None) -> bool:
    """Whether an entity's rows can be checked and written without holding them all."""
    if entity is None or any(c.kind is Kind.LOGIN for c in entity.columns):
        return False
    # A reference to the entity itself or to one written after it needs every row first.
    return all(
        c.target is None or ORDER[c.target] < ORDER[entity.name]
        for c in entity.columns
        if c.kind is Kind.REF
    )


def open_csv(path: Path, name: str) -> CsvFile | None:
    """The file as a streamable CSV, or ``None`` when the in-memory path should read it.

    ``None`` for anything unusual (small, not a CSV, another file type renamed, UTF-16, bytes
    in no known encoding, a blank first row, a malformed header, a sheet that is not a
    streamable entity): the in-memory path then reports it with its usual messages.
    """
    if not _large_plain_csv(path, name):
        return None
    encoding = _encoding(path)
    if encoding is None:
        return None
    with path.open(encoding=encoding, newline="") as handle:
        delimiter = delimiter_of(handle.read(READ_CHUNK))
    with path.open(encoding=encoding, newline="") as handle:
        try:
            first = next(csv.reader(handle, delimiter=delimiter), [])
        except csv.Error:
            return None
    headers = [cell_text(v) for v in first]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        return None
    return CsvFile(path, name, encoding, delimiter, headers)


def _large_plain_csv(path: Path, name: str) -> bool:
    """A file named ``.csv``, of ``STREAM_BYTES`` or more, of a streamable entity, that is not
    a workbook, an archive or UTF-16 text."""
    if Path(name).suffix.lower() != ".csv" or not path.is_file():
        return False
    if path.stat().st_size < STREAM_BYTES or not streamable(entity_for_sheet(Path(name).stem)):
        return False
    with path.open("rb") as handle:
        head = handle.read(4)
    return not head.startswith((ZIP_MAGIC, OLE_MAGIC, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _encoding(path: Path) -> str | None:
    """UTF-8 (with or without a byte-order mark) if the whole file decodes so, else GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(READ_CHUNK):
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def data_rows(source: CsvFile, sink: Sink | None) -> Iterator[tuple[int, list[str]]]:
    """The numbered data rows (the header is row 1); blank rows are skipped.

    Data in a column without a header goes to ``sink`` once per column. A malformed file
    raises ``csv.Error`` with the reader's line number in ``line``.
    """
    headers = source.headers
    width = len(headers)
    unnamed = {i for i, h in enumerate(headers) if not h}
    reported: set[int] = set()
    with source.path.open(encoding=source.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=source.delimiter)
        try:
            next(reader)
            for number, row in enumerate(reader, start=2):
                if not any(map(str.strip, row)):
                    continue
                if sink is not None and (len(row) > width or unnamed):
                    _headerless(
                        source,
                        number=number,
                        row=row,
                        unnamed=unnamed,
                        reported=reported,
                        sink=sink,
                    )
                yield number, row
        except csv.Error as exc:
            raise MalformedCsvError(str(exc), reader.line_num) from exc


class MalformedCsvError(ValueError):
    def __init__(self, error: str, line: int) -> None:
        super().__init__(error)
        self.error = error
        self.line = line

    def problem(self, source: CsvFile) -> Problem:
        reason = gettext("CSV 格式错误：%(error)s") % {"error": self.error}
        return Problem.at(source.place(self.line), reason)


def _headerless(
    source: CsvFile,
    *,
    number: int,
    row: list[str],
    unnamed: set[int],
    reported: set[int],
    sink: Sink,
) -> None:
    for index, value in enumerate(row):
        if index in reported or not value.strip():
            continue
        if index >= len(source.headers) or index in unnamed:
            reported.add(index)
            letter = get_column_letter(index + 1)
            column = gettext("第 %(letter)s 列") % {"letter": letter}
            reason = gettext("此列有数据但没有表头")
            sink.add(Problem.at(source.place(number, column), reason, value))


# -- cells ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One bound column of the file: where it is, how a blank reads, how a value reads."""

    column: Column
    index: int
    header: str
    blank: Any  # the value of a blank cell (a field default, ``None`` or ``MISSING``)
    read: Callable[[str], Any]
    required: bool

    @property
    def field(self) -> str:
        return self.column.field


def cells_of(binding: Binding, rounded: Counter[tuple[str, str]]) -> list[Cell]:
    """The bound columns of ``binding`` in the entity's column order.

    Amounts rounded to four places are counted in ``rounded`` by (entity, Chinese header).
    """
    entity = binding.entity
    cells = []
    for column in entity.columns:
        if column.field not in binding.fields:
            continue
        index, header = binding.fields[column.field]
        cells.append(
            Cell(
                column,
                index,
                header,
                _blank(entity, column),
                _reader(entity, column, rounded),
                required=column.required,
            )
        )
    return cells


def _blank(entity: Entity, column: Column) -> Any:
    if column.kind is Kind.PERCENT:
        return MISSING
    if column.kind is Kind.REF:
        return None
    return model_field(entity, column.field).get_default()


def _reader(entity: Entity, column: Column, rounded: Counter[tuple[str, str]]) -> Any:
    kind = column.kind
    if kind in SIMPLE:
        return SIMPLE[kind]
    if kind is Kind.REF or kind is Kind.TEXT:
        limit = KEY_LENGTH if kind is Kind.REF else model_field(entity, column.field).max_length
        return _text_reader(limit)
    if kind is Kind.MONEY:
        counted = (entity.name, column.zh)

        def read_money(raw: str) -> Decimal:
            if PLAIN_AMOUNT.match(raw):  # at most four places: nothing to round
                return Decimal(raw).quantize(STORED)
            amount, changed = parse_money(raw, unit=ONE)
            if changed:
                rounded[counted] += 1
            return amount

        return read_money
    if kind is Kind.DATE:
        return _read_date
    if kind is Kind.CHOICE:
        return _choice_reader(column)
    raise AssertionError(kind)


def _read_date(raw: str) -> date:
    if ISO_DATE.match(raw):  # the common case, as ``parse_date`` reads it
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    return parse_date(raw)


def _text_reader(limit: int | None) -> Callable[[str], str]:
    def read_text(raw: str) -> str:
        text = raw.strip()
        if limit is not None and len(text) > limit:
            return parse_text(raw, max_length=limit)  # raises the "too long" problem
        return text

    return read_text


def _choice_reader(column: Column) -> Callable[[str], str]:
    choices = choices_of(column)
    memo: dict[str, str] = {}

    def read_choice(raw: str) -> str:
        code = memo.get(raw)
        if code is None:
            code = parse_choice(raw, choices)
            if len(memo) < CHOICE_MEMO:
                memo[raw] = code
        return code

    return read_choice


def read_row(
    cells: list[Cell], source: CsvFile, number: int, row: list[str], sink: Sink | None
) -> tuple[list[Any], bool]:
    """The row's values in ``cells`` order (``FAILED`` where a cell could not be read)."""
    values: list[Any] = []
    ok = True
    size = len(row)
    for cell in cells:
        raw = row[cell.index] if cell.index < size else None
        try:
            if raw is None or not raw.strip():
                if cell.required:
                    raise CellError(gettext("缺少必填值"))
                values.append(cell.blank)
            else:
                values.append(cell.read(raw))
        except CellError as exc:
            if sink is not None:
                sink.add(Problem.at(source.place(number, cell.header), exc.reason, cell_text(raw)))
            values.append(FAILED)
            ok = False
    return values, ok


def model_field(entity: Entity, name: str) -> Field[Any, Any]:
    found = entity.model._meta.get_field(name)
    assert isinstance(found, Field)
    return found
