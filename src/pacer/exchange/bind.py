"""Binding: which table feeds which entity, and which cell of a row feeds which field.

Without a mapping, a table feeds the entity its name says (``customers`` / ``客户``) and each
header names a column of that entity. With a mapping, each source of the mapping binds its file
or sheet; tables the mapping does not use are read as Pacer's own sheets when their name is an
entity's, skipped when listed in ``ignore``, and reported otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from pacer.exchange.mapping import Mapping, SourceSpec, table_name_key
from pacer.exchange.problems import Place, Problem
from pacer.exchange.readers import Table
from pacer.exchange.schema import ENTITIES, Entity, column_for_header, entity_for_sheet, normalize
from pacer.exchange.values import cell_text


@dataclass
class Binding:
    """A table read as one entity: field → (cell index, header), plus the source's settings."""

    entity: Entity
    table: Table
    fields: dict[str, tuple[int, str]]
    constants: dict[str, Any] = field(default_factory=dict)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    date_formats: tuple[str, ...] = ()
    unit: Decimal = Decimal(1)
    distinct: bool = False
    where: list[tuple[int, frozenset[str]]] = field(default_factory=list)
    mapping_place: Place | None = None  # where constants come from

    @property
    def provided(self) -> frozenset[str]:
        return frozenset(self.fields) | frozenset(self.constants)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """The table's rows that pass ``where``."""
        for number, row in self.table.rows:
            if all(
                cell_text(row[i] if i < len(row) else None) in allowed for i, allowed in self.where
            ):
                yield number, row


def bind(tables: list[Table], mapping: Mapping | None) -> tuple[list[Binding], list[Problem]]:
    bindings: list[Binding] = []
    problems: list[Problem] = []
    used: set[int] = set()
    if mapping is not None:
        for spec in mapping.sources:
            matches = [t for t in tables if table_name_key(t.name) == table_name_key(spec.file)]
            if not matches:
                place = Place(mapping.file, column=f"{spec.label}.file")
                reason = gettext("找不到文件或工作表「%(name)s」") % {"name": spec.file}
                problems.append(Problem.at(place, reason, spec.file))
            for table in matches:
                used.add(id(table))
                binding = _bind_spec(spec, table, mapping.file, problems)
                if binding is not None:
                    bindings.append(binding)
    for table in tables:
        if id(table) in used or (mapping is not None and mapping.ignores(table.name)):
            continue
        binding = _bind_own(table, problems)
        if binding is not None:
            bindings.append(binding)
    return bindings, problems


def _bind_own(table: Table, problems: list[Problem]) -> Binding | None:
    entity = entity_for_sheet(table.name)
    if entity is None and table.hidden:
        # Hidden helper sheets (the lists behind drop-down menus) are not data.
        return None
    if entity is None:
        names = "、".join(f"{e.zh}/{e.name}" for e in ENTITIES)
        reason = gettext("未知的工作表或文件名（可用：%(names)s）") % {"names": names}
        problems.append(Problem.at(table.place(), reason, table.name))
        return None
    if not table.headers:
        return None
    fields: dict[str, tuple[int, str]] = {}
    for index, header in enumerate(table.headers):
        if not header:
            continue
        column = column_for_header(entity, header)
        if column is None:
            headers = "、".join(c.zh for c in entity.columns)
            reason = gettext("未知的列（可用：%(headers)s）") % {"headers": headers}
            problems.append(Problem.at(table.place(1, header), reason, header))
        elif column.field in fields:
            reason = gettext("列重复：与「%(other)s」是同一字段") % {
                "other": fields[column.field][1]
            }
            problems.append(Problem.at(table.place(1, header), reason, header))
        else:
            fields[column.field] = (index, header)
    for column in entity.columns:
        if column.required and column.field not in fields:
            reason = gettext("缺少必填列「%(zh)s」（%(en)s）") % {"zh": column.zh, "en": column.en}
            problems.append(Problem.at(table.place(1), reason))
    return Binding(entity, table, fields)


def _bind_spec(
    spec: SourceSpec, table: Table, mapping_file: str, problems: list[Problem]
) -> Binding | None:
    by_header = {normalize(h): i for i, h in enumerate(table.headers) if h}
    ok = True

    def index_of(source_column: str, key: str) -> int | None:
        index = by_header.get(normalize(source_column))
        if index is None:
            reason = gettext("文件中没有此列（映射 %(key)s 用到它）") % {"key": key}
            problems.append(Problem.at(table.place(1, source_column), reason, source_column))
        return index

    fields: dict[str, tuple[int, str]] = {}
    for pacer_field, source_column in spec.columns.items():
        index = index_of(source_column, f"{spec.label}.columns.{pacer_field}")
        if index is None:
            ok = False
        else:
            fields[pacer_field] = (index, table.headers[index])
    where: list[tuple[int, frozenset[str]]] = []
    for source_column, allowed in spec.where.items():
        index = index_of(source_column, f"{spec.label}.where")
        if index is None:
            ok = False
        else:
            where.append((index, allowed))
    if not ok:
        return None
    return Binding(
        entity=spec.entity,
        table=table,
        fields=fields,
        constants=spec.constants,
        values=spec.values,
        date_formats=spec.date_formats,
        unit=spec.unit,
        distinct=spec.distinct,
        where=where,
        mapping_place=Place(mapping_file, column=f"{spec.label}.constants"),
    )
