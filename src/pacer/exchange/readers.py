"""Readers: an .xlsx workbook, a folder of CSV files, a .zip of CSV files or one CSV file → tables.

Every table keeps its file name, sheet name and, for each row, the row number a spreadsheet user
sees (the header is row 1), so that every problem can be named by its place. Fully empty rows
are skipped; their numbers are not reused.

CSV files are UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark (Excel's
"Unicode text") or GBK/GB18030: UTF-8 is tried first, then GB18030 (a superset of GBK); a file
none can decode is reported with the byte offset of the first undecodable byte. A mapping may
name the encoding instead. Values are separated by commas, tabs or semicolons: whichever of them
the header row uses most. An empty file, and a workbook or archive renamed to ``.csv``, are
reported as such.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext
from openpyxl.utils import get_column_letter

from pacer.exchange.problems import Place, Problem
from pacer.exchange.values import cell_text, is_blank
from pacer.exchange.workbook import DamagedWorkbookError, read_workbook

ZIP_LIMIT = 500 * 1024 * 1024  # uncompressed bytes of CSV read from one .zip
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an old .xls (or other Office 97–2003) file
DELIMITERS = (",", "\t", ";")


@dataclass
class Table:
    """One sheet or CSV file: headers and numbered rows of raw cell values."""

    file: str
    sheet: str
    name: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    hidden: bool = False  # a hidden sheet of a workbook

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
    if encoding:
        return _decode_as(data, file, encoding)
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            reason = gettext("UTF-16 编码错误：第 %(offset)d 字节无法解码") % {"offset": exc.start}
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


def _decode_as(data: bytes, file: str, encoding: str) -> tuple[str | None, Problem | None]:
    """The text in the encoding a mapping names."""
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    wanted = "utf-8-sig" if encoding.replace("_", "-").lower() in {"utf-8", "utf8"} else encoding
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


def _not_text(data: bytes) -> str:
    """Why bytes named ``.csv`` are not a CSV file at all, or ``""``."""
    if data.startswith(ZIP_MAGIC):
        return gettext("这是 Excel 工作簿或压缩包，不是 CSV 文件：请把文件名改为 .xlsx 或 .zip")
    if data.startswith(OLE_MAGIC):
        return gettext("这是旧版 .xls 文件，不是 CSV 文件：请在 Excel 中另存为 .xlsx 或 CSV")
    if not data.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        return gettext("文件是空的")
    return ""


def delimiter_of(text: str) -> str:
    """The separator the header row uses most: a comma, a tab or a semicolon."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(source: Source, file: str, data: bytes, encoding: str | None) -> None:
    reason = _not_text(data)
    if reason:
        source.problems.append(Problem.at(Place(file), reason))
        return
    text, problem = decode(data, file, encoding)
    if problem is not None or text is None:
        source.problems.append(problem or Problem.at(Place(file), gettext("无法读取")))
        return
    if not text.strip():
        source.problems.append(Problem.at(Place(file), gettext("文件是空的")))
        return
    stem = Path(file).stem
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text))
    rows: list[list[Any]] = []
    try:
        rows.extend(reader)
    except csv.Error as exc:
        reason = gettext("CSV 格式错误：%(error)s") % {"error": exc}
        source.problems.append(Problem.at(Place(file, row=reader.line_num), reason))
        return
    _add_table(source, Table(file, "", stem, []), rows)


# -- Excel -------------------------------------------------------------------------------------


def _read_workbook(source: Source, file: str, path: Path) -> None:
    try:
        for sheet in read_workbook(path, file, source.problems):
            table = Table(file, sheet.title, sheet.title, [], hidden=sheet.hidden)
            _add_table(source, table, sheet.rows)
    except DamagedWorkbookError as exc:
        reason = gettext("不是有效的 .xlsx 工作簿（文件已损坏或类型不符）")
        source.problems.append(Problem.at(Place(file, exc.sheet), reason))


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
