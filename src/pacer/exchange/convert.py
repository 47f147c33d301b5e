"""Rows → typed records: every cell parsed by its column's type, every problem kept.

An empty cell in an optional column means the field's empty value (no date, no reference, the
model's default); a login left empty leaves a person's login unchanged. A project's win
probability left empty follows its stage (lead 10%, needs 25%, …).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Field
from django.utils.translation import gettext

from pacer.crm.models import STAGE_PROBABILITY, Stage
from pacer.exchange.bind import Binding
from pacer.exchange.problems import Place, Problem
from pacer.exchange.schema import Column, Entity, Kind, choices_of
from pacer.exchange.values import (
    CellError,
    cell_text,
    is_blank,
    parse_bool,
    parse_choice,
    parse_date,
    parse_email,
    parse_login,
    parse_money,
    parse_percent,
    parse_text,
)

KEY_LENGTH = 100


@dataclass(frozen=True)
class Ref:
    """A key written in a cell (a reference, or a login) and where it was written."""

    key: str
    place: Place


@dataclass
class Record:
    """One row of one entity: its key, typed values, references (by key) and login.

    ``provided`` holds the fields the source gives; an update writes only those.
    """

    binding: Binding
    number: int
    key: str
    values: dict[str, Any]
    refs: dict[str, Ref | None]
    provided: frozenset[str]
    login: Ref | None = None

    @property
    def entity(self) -> Entity:
        return self.binding.entity

    @property
    def place(self) -> Place:
        """The place of the row's key cell."""
        return self.place_of(self.entity.key)

    def place_of(self, name: str) -> Place:
        if name in self.binding.fields:
            return self.binding.table.place(self.number, self.binding.fields[name][1])
        base = self.binding.mapping_place or Place("")
        return base.at_column(f"{base.column}.{name}")


@dataclass
class Converted:
    records: dict[str, list[Record]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    rounded: Counter[tuple[str, str]] = field(default_factory=Counter)
    # Rows that failed a cell check: never written, but their references are still checked
    # (so every problem is reported) and references to them are not reported a second time.
    failed: list[Record] = field(default_factory=list)


def convert(bindings: list[Binding]) -> Converted:
    out = Converted()
    for binding in bindings:
        records = out.records.setdefault(binding.entity.name, [])
        seen: set[str] = set()
        for number, row in binding.rows():
            if binding.distinct:
                raw, _place = _raw(binding, binding.entity.key, number, row)
                key = cell_text(raw)
                if not key or key in seen:
                    continue
                seen.add(key)
            record = _convert_row(binding, number, row, out)
            if record is not None:
                records.append(record)
    return out


def _raw(binding: Binding, name: str, number: int, row: list[Any]) -> tuple[Any, Place]:
    """The value feeding ``name`` on this row (after the value map) and its place."""
    if name in binding.fields:
        index, header = binding.fields[name]
        value = row[index] if index < len(row) else None
        place = binding.table.place(number, header)
    else:
        value = binding.constants[name]
        base = binding.mapping_place or Place("")
        place = base.at_column(f"{base.column}.{name}")
    mapped = binding.values.get(name)
    if mapped is not None:
        text = cell_text(value)
        if text in mapped:
            value = mapped[text]
    return value, place


def _convert_row(binding: Binding, number: int, row: list[Any], out: Converted) -> Record | None:
    entity = binding.entity
    values: dict[str, Any] = {}
    refs: dict[str, Ref | None] = {}
    provided = set(binding.provided)
    login: Ref | None = None
    failed = False
    for name in binding.provided:
        column = entity.column(name)
        raw, place = _raw(binding, name, number, row)
        try:
            if is_blank(raw):
                if column.required:
                    raise CellError(gettext("缺少必填值"))
                if column.kind is Kind.LOGIN or column.kind is Kind.PERCENT:
                    provided.discard(name)
                elif column.kind is Kind.REF:
                    refs[name] = None
                else:
                    values[name] = _model_field(entity, name).get_default()
                continue
            if column.kind is Kind.REF:
                refs[name] = Ref(parse_text(raw, max_length=KEY_LENGTH), place)
            elif column.kind is Kind.LOGIN:
                login = Ref(parse_login(raw), place)
            else:
                values[name] = _parse(binding, column, raw, out)
        except CellError as exc:
            out.problems.append(Problem.at(place, exc.reason, cell_text(raw)))
            failed = True
    if entity.name == "projects" and not failed:
        _derive_probability(values, provided)
    record = Record(
        binding, number, values.get(entity.key, ""), values, refs, frozenset(provided), login
    )
    if failed:
        out.failed.append(record)
        return None
    return record


SIMPLE: dict[Kind, Callable[[Any], Any]] = {
    Kind.EMAIL: parse_email,
    Kind.PERCENT: parse_percent,
    Kind.BOOL: parse_bool,
}


def _parse(binding: Binding, column: Column, raw: Any, out: Converted) -> Any:
    kind = column.kind
    if kind in SIMPLE:
        return SIMPLE[kind](raw)
    if kind is Kind.TEXT:
        return parse_text(raw, max_length=_model_field(binding.entity, column.field).max_length)
    if kind is Kind.MONEY:
        amount, rounded = parse_money(raw, unit=binding.unit)
        if rounded:
            out.rounded[(binding.entity.name, column.zh)] += 1
        return amount
    if kind is Kind.DATE:
        return parse_date(raw, formats=binding.date_formats)
    if kind is Kind.CHOICE:
        return parse_choice(raw, choices_of(column))
    raise AssertionError(kind)


def _derive_probability(values: dict[str, Any], provided: set[str]) -> None:
    """A project without a probability takes its stage's default (won 100%, lost 0%, …)."""
    if "probability" not in provided and "stage" in values:
        values["probability"] = STAGE_PROBABILITY[Stage(values["stage"])]
        provided.add("probability")


def _model_field(entity: Entity, name: str) -> Field[Any, Any]:
    model_field = entity.model._meta.get_field(name)
    assert isinstance(model_field, Field)
    return model_field
