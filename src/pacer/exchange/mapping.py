"""Mapping files: how another system's files, columns and values become Pacer's entities.

A mapping is TOML or YAML. At the top level: ``ignore`` (file or sheet names that are not
imported), ``encoding`` (of every CSV file; default: detect UTF-8 or GBK) and one block per
Pacer entity (``customers``, ``projects``, …). An entity block is one source or a list of
sources; each source reads one file or sheet:

- ``file``: the CSV file (with or without ``.csv``) or the sheet;
- ``columns``: Pacer field (or its English/Chinese header) → source column;
- ``constants``: Pacer field → a value used on every row;
- ``values``: Pacer field → {source value → Pacer value}; values not listed pass unchanged;
- ``date_format``: one ``strftime`` format or a list of them, for every date of the source;
- ``unit``: what a bare number in a money column counts (``元``, ``千``, ``万`` or a number);
- ``distinct``: one record per distinct key; the first row with a key wins, rows with an
  empty key are skipped;
- ``where``: source column → value or list of values; other rows are skipped.

See docs/import.md for the full description and examples.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext

from pacer.exchange.problems import Place, Problem
from pacer.exchange.schema import BY_NAME, Entity, column_for_header, normalize
from pacer.exchange.values import CellError, parse_unit

TOP_LEVEL = {"ignore", "encoding"}
SOURCE_KEYS = {"file", "columns", "constants", "values", "date_format", "unit", "distinct", "where"}


@dataclass(frozen=True)
class SourceSpec:
    """One source of one entity, with every name already checked against the schema."""

    entity: Entity
    label: str  # e.g. "projects" or "people[2]", for messages
    file: str
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, Any] = field(default_factory=dict)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    date_formats: tuple[str, ...] = ()
    unit: Decimal = Decimal(1)
    distinct: bool = False
    where: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Mapping:
    file: str
    sources: tuple[SourceSpec, ...]
    ignore: frozenset[str] = frozenset()
    encoding: str | None = None

    def ignores(self, table_name: str) -> bool:
        return table_name_key(table_name) in self.ignore


def table_name_key(name: str) -> str:
    """A file or sheet name compared without ``.csv``, case, spaces or underscores."""
    return normalize(name.removesuffix(".csv").removesuffix(".CSV"))


def load_mapping(
    path: Path, *, display_name: str | None = None
) -> tuple[Mapping | None, list[Problem]]:
    """Read and check a mapping file; every problem is named by its key path."""
    name = display_name or path.name
    here = Place(name)
    try:
        raw = _parse(path, name)
    except (tomllib.TOMLDecodeError, yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        reason = gettext("映射文件无法解析：%(error)s") % {"error": exc}
        return None, [Problem.at(here, reason)]
    except ValueError as exc:
        return None, [Problem.at(here, str(exc))]
    if not isinstance(raw, dict):
        return None, [Problem.at(here, gettext("映射文件的顶层应为键值表"))]
    problems: list[Problem] = []
    sources: list[SourceSpec] = []
    for key, value in raw.items():
        if key in TOP_LEVEL:
            continue
        entity = BY_NAME.get(str(key))
        if entity is None:
            reason = gettext("未知的实体（可用：%(names)s）") % {"names": ", ".join(BY_NAME)}
            problems.append(Problem.at(here.at_column(str(key)), reason))
            continue
        blocks = value if isinstance(value, list) else [value]
        for index, block in enumerate(blocks, start=1):
            label = entity.name if len(blocks) == 1 else f"{entity.name}[{index}]"
            spec = _SourceReader(entity, label, here, problems).read(block)
            if spec is not None:
                sources.append(spec)
    ignore = raw.get("ignore", [])
    ignore = ignore if isinstance(ignore, list) else [ignore]
    problems.extend(
        Problem.at(here.at_column("ignore"), gettext("应为文本"), item)
        for item in ignore
        if not isinstance(item, str)
    )
    encoding = raw.get("encoding")
    if encoding is not None and not isinstance(encoding, str):
        problems.append(Problem.at(here.at_column("encoding"), gettext("应为文本"), encoding))
        encoding = None
    mapping = Mapping(
        file=name,
        sources=tuple(sources),
        ignore=frozenset(table_name_key(str(item)) for item in ignore),
        encoding=encoding,
    )
    return (None if problems else mapping), problems


def _parse(path: Path, name: str) -> Any:
    suffix = Path(name).suffix.lower()
    if suffix == ".toml":
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    if suffix in {".yaml", ".yml"}:
        return yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    raise ValueError(gettext("映射文件应为 .toml、.yaml 或 .yml"))


@dataclass
class _SourceReader:
    """Checks one source block, collecting a problem per wrong setting."""

    entity: Entity
    label: str
    here: Place
    problems: list[Problem]

    def problem(self, key: str, reason: str, value: object = "") -> None:
        column = f"{self.label}.{key}" if key else self.label
        self.problems.append(Problem.at(self.here.at_column(column), reason, value))

    def read(self, block: Any) -> SourceSpec | None:
        if not isinstance(block, dict):
            self.problem("", gettext("应为键值表"))
            return None
        for key in block:
            if key not in SOURCE_KEYS:
                known = ", ".join(sorted(SOURCE_KEYS))
                self.problem(str(key), gettext("未知的设置（可用：%(keys)s）") % {"keys": known})
        file = block.get("file")
        if not isinstance(file, str) or not file.strip():
            self.problem("file", gettext("缺少来源文件或工作表名"))
            return None
        columns = self.columns(block.get("columns", {}))
        constants = self.fields("constants", block.get("constants", {}))
        self.required(columns, constants)
        distinct = block.get("distinct", False)
        if not isinstance(distinct, bool):
            self.problem("distinct", gettext("应为 true 或 false"), distinct)
        return SourceSpec(
            entity=self.entity,
            label=self.label,
            file=file.strip(),
            columns=columns,
            constants=constants,
            values=self.values(block.get("values", {})),
            date_formats=self.formats(block.get("date_format", ())),
            unit=self.unit(block),
            distinct=bool(distinct),
            where=self.where(block.get("where", {})),
        )

    def fields(self, section: str, table: Any) -> dict[str, Any]:
        """``{Pacer field: setting}`` with each field named by its field name or a header."""
        if not isinstance(table, dict):
            self.problem(section, gettext("应为键值表"))
            return {}
        fields: dict[str, Any] = {}
        for name, value in table.items():
            column = column_for_header(self.entity, str(name))
            if column is None:
                reason = gettext("%(entity)s 没有此字段") % {"entity": self.entity.name}
                self.problem(f"{section}.{name}", reason)
            else:
                fields[column.field] = value
        return fields

    def columns(self, table: Any) -> dict[str, str]:
        columns = self.fields("columns", table)
        for name, value in columns.items():
            if not isinstance(value, str) or not value.strip():
                self.problem(f"columns.{name}", gettext("应为来源列名"), value)
        return {name: str(value).strip() for name, value in columns.items()}

    def required(self, columns: dict[str, str], constants: dict[str, Any]) -> None:
        if self.entity.key not in columns:
            reason = gettext("缺少主键字段 %(field)s 的来源列") % {"field": self.entity.key}
            self.problem("columns", reason)
        for column in self.entity.columns:
            if column.field == self.entity.key:
                continue
            if column.required and column.field not in columns and column.field not in constants:
                reason = gettext("缺少必填字段 %(field)s 的来源") % {"field": column.field}
                self.problem("columns", reason)

    def values(self, table: Any) -> dict[str, dict[str, Any]]:
        maps: dict[str, dict[str, Any]] = {}
        for name, value in self.fields("values", table).items():
            if isinstance(value, dict):
                maps[name] = {str(a).strip(): b for a, b in value.items()}
            else:
                self.problem(f"values.{name}", gettext("应为「来源值 = Pacer 值」的键值表"))
        return maps

    def formats(self, raw: Any) -> tuple[str, ...]:
        formats = (raw,) if isinstance(raw, str) else tuple(raw) if isinstance(raw, list) else ()
        for fmt in formats:
            if not isinstance(fmt, str) or "%" not in fmt:
                self.problem("date_format", gettext("日期格式应类似 %%Y-%%m-%%d"), fmt)
        return tuple(str(fmt) for fmt in formats)

    def unit(self, block: dict[str, Any]) -> Decimal:
        if "unit" not in block:
            return Decimal(1)
        try:
            return parse_unit(block["unit"])
        except CellError as exc:
            self.problem("unit", exc.reason, block["unit"])
            return Decimal(1)

    def where(self, raw: Any) -> dict[str, frozenset[str]]:
        if not isinstance(raw, dict):
            self.problem("where", gettext("应为「来源列 = 值」的键值表"))
            return {}
        return {
            str(column): frozenset(str(v) for v in (value if isinstance(value, list) else [value]))
            for column, value in raw.items()
        }
