"""The write of a checked, streamed CSV file: a second pass over its rows, in batches.

Runs inside the caller's transaction, after ``stream_check`` found no problem. Per batch, the
rows' keys are looked up: new rows are inserted as plain tuples (PostgreSQL ``COPY``, elsewhere
one ``INSERT`` executed for many rows), existing rows are updated with only the fields the row
gives, and only where they differ from what is stored.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DatabaseError, connection
from django.db.models import Model
from django.utils.translation import gettext

from pacer.exchange.bind import Binding
from pacer.exchange.schema import Entity, Kind
from pacer.exchange.stream import FAILED, MISSING, Cell, CsvFile, cells_of, data_rows, read_row
from pacer.exchange.stream_check import (
    BATCH,
    derived_probability,
    probability_rule,
)
from pacer.exchange.write import update_changed

BULK_ROWS = 50_000  # new rows from which foreign keys are checked once rather than per row
Source = Callable[[list[Any]], Any]  # a row's values → one column's value


def write_rows(
    source: CsvFile,
    binding: Binding,
    known: dict[str, dict[str, int]],
    existing: dict[str, int],
    *,
    created: int,
) -> None:
    """Insert or update every row of ``source`` (``created`` of them new).

    ``known`` maps referenced keys to primary keys (entity → key → pk); ``existing`` maps the
    keys of rows already stored to their primary keys.
    """
    writer = _Writer(binding.entity, cells_of(binding, Counter()), known, existing)
    with _foreign_keys_checked_once(binding.entity.model, creating=created):
        batch: list[list[Any]] = []
        for number, row in data_rows(source, None):
            values, ok = read_row(writer.cells, source, number, row, None)
            if not ok:  # the check found none: the file changed in between
                reason = gettext("文件在检查后被修改（第 %(row)d 行）") % {"row": number}
                raise DatabaseError(reason)
            batch.append(values)
            if len(batch) >= BATCH:
                writer.write(batch)
                batch = []
        writer.write(batch)


@contextmanager
def _foreign_keys_checked_once(model: type[Model], *, creating: int) -> Iterator[None]:
    """On PostgreSQL, a large load checks the table's foreign keys once, at the end.

    PostgreSQL checks a foreign key row by row (a trigger per inserted row, about as costly as
    the insert itself); dropping the table's foreign keys for the load and adding them back
    checks every row in one set-based scan. Inside the import's transaction both are undone
    on failure, and a row that no longer matches fails the whole import. The table is locked
    against readers until the transaction ends.
    """
    if connection.vendor != "postgresql" or creating < BULK_ROWS:
        yield
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        # Rows written earlier in the same transaction are checked now: a table with pending
        # checks cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [model._meta.db_table],
        )
        keys = [(str(name), str(definition)) for name, definition in cursor.fetchall()]
        if keys:
            drops = ", ".join(f"DROP CONSTRAINT {quote(name)}" for name, _d in keys)
            cursor.execute(f"ALTER TABLE {table} {drops}")
    yield
    adds = ", ".join(f"ADD CONSTRAINT {quote(name)} {definition}" for name, definition in keys)
    with connection.cursor() as cursor:
        if keys:
            cursor.execute(f"ALTER TABLE {table} {adds}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class _Writer:
    def __init__(
        self,
        entity: Entity,
        cells: list[Cell],
        known: dict[str, dict[str, int]],
        existing: dict[str, int],
    ) -> None:
        self.entity = entity
        self.existing = existing
        self.model: type[Model] = entity.model
        self.cells = cells
        self.known = known
        self.key_at = next(i for i, c in enumerate(cells) if c.field == entity.key)
        self.rule = probability_rule(cells)
        self.columns, self.sources = self._sources()

    def _sources(self) -> tuple[list[str], list[Source]]:
        """Every stored column of the model and where its value comes from."""
        at = {cell.field: i for i, cell in enumerate(self.cells)}
        columns: list[str] = []
        sources: list[Source] = []
        for model_field in self.model._meta.concrete_fields:
            if model_field.primary_key:
                continue
            assert model_field.column is not None
            columns.append(model_field.column)
            name = model_field.name
            if name == "probability" and self.rule is not None:
                sources.append(self._probability(model_field.get_default()))
            elif name not in at:
                sources.append(_constant(model_field.get_default()))
            elif self.cells[at[name]].column.kind is Kind.REF:
                sources.append(self._reference(at[name]))
            else:
                sources.append(self._plain(at[name], model_field.get_default()))
        return columns, sources

    def _reference(self, position: int) -> Source:
        target = self.cells[position].column.target
        assert target is not None
        pks = self.known.setdefault(target, {})

        def value(values: list[Any]) -> int | None:
            key = values[position]
            return None if key is None else pks[key]

        return value

    @staticmethod
    def _plain(position: int, default: Any) -> Source:
        def value(values: list[Any]) -> Any:
            found = values[position]
            return default if found is MISSING else found

        return value

    def _probability(self, default: Any) -> Source:
        rule = self.rule
        position = rule[1] if rule is not None else None

        def value(values: list[Any]) -> Any:
            derived = derived_probability(rule, values)
            if derived is not None:
                return derived
            return default if position is None else values[position]

        return value

    def write(self, batch: list[list[Any]]) -> None:
        if not batch:
            return
        keys = [values[self.key_at] for values in batch]
        existing = self.existing
        sources = self.sources
        new = [
            tuple(source(values) for source in sources)
            for key, values in zip(keys, batch, strict=True)
            if key not in existing
        ]
        if new:
            _insert(self.model, self.columns, new)
        if existing and len(new) < len(batch):
            self._update(
                [(existing[k], v) for k, v in zip(keys, batch, strict=True) if k in existing]
            )

    def _update(self, rows: list[tuple[int, list[Any]]]) -> None:
        """Existing rows take the fields their row gives (a blank percent gives none)."""
        groups: dict[tuple[str, ...], list[Any]] = defaultdict(list)
        for pk, values in rows:
            attrs: dict[str, Any] = {}
            names: list[str] = []
            for cell, value in zip(self.cells, values, strict=True):
                if value is MISSING or value is FAILED or cell.field == self.entity.key:
                    continue
                names.append(cell.field)
                if cell.column.kind is Kind.REF:
                    target = cell.column.target
                    assert target is not None
                    attrs[f"{cell.field}_id"] = None if value is None else self.known[target][value]
                else:
                    attrs[cell.field] = value
            derived = derived_probability(self.rule, values)
            if derived is not None:
                attrs["probability"] = derived
                names.append("probability")
            if names:
                groups[tuple(sorted(names))].append(self.model(pk=pk, **attrs))
        for fields, objs in groups.items():
            update_changed(self.model, objs, list(fields))


def _constant(default: Any) -> Source:
    def value(_values: list[Any]) -> Any:
        return default

    return value


def _insert(model: type[Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        fields = {f.column: f for f in model._meta.concrete_fields}
        prepare = [fields[c].get_db_prep_save for c in columns]
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 (names are the model's)
            [tuple(p(v, connection) for p, v in zip(prepare, row, strict=True)) for row in rows],
        )
