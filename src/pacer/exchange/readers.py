"""Readers: an .xlsx workbook, a folder of CSV files, a .zip of CSV files or one CSV file → tables.

Every table keeps its file name, sheet name and, for each row, the row number a spreadsheet user
sees (the header is row 1), so that every problem can be named by its place. Fully empty rows
are skipped; their numbers are not reused.

CSV files are UTF-8 (with or without a byte-order mark) or GBK/GB18030: UTF-8 is tried first,
then GB18030 (a superset of GBK); a file neither can decode is reported with the byte offset of
the first undecodable byte. A mapping may name the encoding instead.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pacer.exchange.problems import Place, Problem
from pacer.exchange.values import cell_text, is_blank

ZIP_LIMIT = 500 * 1024 * 1024  # uncompressed bytes of CSV read from one .zip
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass
class Table:
    """One sheet or CSV file: headers and numbered rows of raw cell values."""

    file: str
    sheet: str
    name: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)

    def place(self, row: int | None = None, column: str = "") -> Place:
        return Place(self.file, self.sheet, row, column)


@dataclass
class Source:
    tables: list[Table] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_source(
    path: Path, *, display_name: str | None = None, encoding: str | None = None
) -> Source:
    """Read ``path`` (a folder, .xlsx, .zip or .csv); problems instead of exceptions."""
    name = display_name or path.name
    source = Source()
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
        if not files:
            source.problems.append(Problem.at(Place(name), gettext("文件夹中没有 CSV 文件")))
        for csv_path in files:
            _read_csv(source, csv_path.name, csv_path.read_bytes(), encoding)
        return source
    if not path.is_file():
        source.problems.append(Problem.at(Place(name), gettext("文件不存在")))
        return source
    suffix = Path(name).suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        _read_workbook(source, name, path)
    elif suffix == ".zip":
        _read_zip(source, name, path, encoding)
    elif suffix == ".csv":
        _read_csv(source, name, path.read_bytes(), encoding)
    elif suffix == ".xls":
        reason = gettext("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx")
        source.problems.append(Problem.at(Place(name), reason))
    else:
        reason = gettext("文件类型不支持：请使用 .xlsx 工作簿、CSV 文件或装有 CSV 文件的 .zip")
        source.problems.append(Problem.at(Place(name), reason))
    return source


# -- CSV ---------------------------------------------------------------------------------------


def decode(data: bytes, file: str, encoding: str | None) -> tuple[str | None, Problem | None]:
    """The text of a CSV file, or the problem naming the first byte that cannot be decoded."""
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    if encoding:
        wanted = (
            "utf-8-sig" if encoding.replace("_", "-").lower() in {"utf-8", "utf8"} else encoding
        )
        try:
            return data.decode(wanted), None
        except UnicodeDecodeError as exc:
            offset = exc.start + (bom if wanted == "utf-8-sig" else 0)
            reason = gettext(
                "无法按 %(encoding)s 编码读取：第 %(offset)d 字节（0x%(byte)02X）不是有效字符"
            ) % {"encoding": encoding, "offset": offset, "byte": data[offset]}
            return None, Problem.at(Place(file), reason)
        except LookupError:
            reason = gettext("未知的编码 %(encoding)s") % {"encoding": encoding}
            return None, Problem.at(Place(file), reason)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), None
        except UnicodeDecodeError:
            offset = utf8_error.start + bom
            reason = gettext(
                "既不是 UTF-8 也不是 GBK 编码：第 %(offset)d 字节（0x%(byte)02X）无法解码"
            ) % {"offset": offset, "byte": data[offset]}
            return None, Problem.at(Place(file), reason)


def _read_csv(source: Source, file: str, data: bytes, encoding: str | None) -> None:
    text, problem = decode(data, file, encoding)
    if problem is not None or text is None:
        source.problems.append(problem or Problem.at(Place(file), gettext("无法读取")))
        return
    stem = Path(file).stem
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[Any]] = []
    try:
        rows.extend(reader)
    except csv.Error as exc:
        reason = gettext("CSV 格式错误：%(error)s") % {"error": exc}
        source.problems.append(Problem.at(Place(file, row=reader.line_num), reason))
        return
    if not rows:
        source.tables.append(Table(file, "", stem, []))
        return
    _add_table(source, Table(file, "", stem, []), rows)


# -- Excel -------------------------------------------------------------------------------------


def _read_workbook(source: Source, file: str, path: Path) -> None:
    reason = gettext("不是有效的 .xlsx 工作簿（文件已损坏或类型不符）")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # a damaged or foreign file: the parser raises many kinds of error
        source.problems.append(Problem.at(Place(file), reason))
        return
    try:
        for sheet in workbook.worksheets:
            # Some programs write a wrong "used range"; read every row actually stored.
            sheet.reset_dimensions()
            try:
                rows = [[_excel_value(cell) for cell in row] for row in sheet.iter_rows()]
            except Exception:  # sheets are parsed lazily: damage shows up here
                source.problems.append(Problem.at(Place(file, sheet.title), reason))
                continue
            _add_table(source, Table(file, sheet.title, sheet.title, []), rows)
    finally:
        workbook.close()


def _excel_value(cell: Any) -> Any:
    """A cell's value; a number shown as a percentage becomes ``"50%"`` as the user sees it."""
    value = cell.value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (getattr(cell, "number_format", "") or "")
    ):
        return f"{Decimal(repr(value)) * 100}%"
    return value


# -- zip ---------------------------------------------------------------------------------------


def _read_zip(source: Source, file: str, path: Path, encoding: str | None) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir()
                and info.filename.lower().endswith(".csv")
                and not info.filename.startswith("__MACOSX/")
                and not Path(info.filename).name.startswith(".")
            ]
            if sum(info.file_size for info in members) > ZIP_LIMIT:
                reason = gettext("压缩包解压后过大")
                source.problems.append(Problem.at(Place(file), reason))
                return
            if not members:
                reason = gettext("压缩包中没有 CSV 文件")
                source.problems.append(Problem.at(Place(file), reason))
            for info in sorted(members, key=lambda i: i.filename):
                _read_csv(source, info.filename, archive.read(info), encoding)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, zlib.error):
        reason = gettext("不是有效的 .zip 压缩包")
        source.problems.append(Problem.at(Place(file), reason))


# -- shared ------------------------------------------------------------------------------------


def _add_table(source: Source, table: Table, rows: list[list[Any]]) -> None:
    """Row 1 is the header; columns without a header must hold no data."""
    if not rows or all(is_blank(v) for v in rows[0]):
        if any(not is_blank(v) for row in rows for v in row):
            source.problems.append(Problem.at(table.place(1), gettext("第 1 行应为表头")))
            return
        source.tables.append(table)
        return
    headers = [cell_text(v) for v in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    table.headers = headers
    reported: set[int] = set()
    for number, row in enumerate(rows[1:], start=2):
        if all(is_blank(v) for v in row):
            continue
        for index, value in enumerate(row):
            if is_blank(value) or index in reported:
                continue
            if index >= len(headers) or not headers[index]:
                reported.add(index)
                letter = get_column_letter(index + 1)
                column = gettext("第 %(letter)s 列") % {"letter": letter}
                reason = gettext("此列有数据但没有表头")
                source.problems.append(Problem.at(table.place(number, column), reason, value))
        table.rows.append((number, list(row[: len(headers)])))
    source.tables.append(table)
