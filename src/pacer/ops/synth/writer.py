"""Write generated tables: COPY on PostgreSQL, ``bulk_create`` in large batches elsewhere.

Primary keys are written as generated, so links need no lookups; afterwards each table's id
sequence is moved past its rows. Teams and people point at each other (leader, manager): the
whole load is one transaction and Django's foreign keys are checked at its end (deferred).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management.color import no_style
from django.db import connection, models, transaction

from pacer.demo.writer import pacer_data_clear
from pacer.ops.statistics import statistics_refresh
from pacer.ops.synth.table import NULL_DAY, NULL_ID, Column, Table

USERNAME_PREFIX = "synth-"
SQLITE_BATCH = 20_000
COPY_CHUNK = 200_000


@transaction.atomic
def tables_write(
    tables: list[Table], progress: Callable[[str, int], None] = lambda _t, _n: None
) -> None:
    """Insert every table (in the given order) in one transaction, then refresh statistics."""
    if connection.vendor == "postgresql":
        names = [t.model._meta.db_table for t in tables]
        links = _links_drop(names)
        indexes = _indexes_drop(names)
        for table in tables:
            _copy(table)
            progress(table.model._meta.db_table, table.rows)
        _run([definition for _name, definition in indexes])
        _run(
            [
                f"ALTER TABLE {t} ADD CONSTRAINT {connection.ops.quote_name(n)} {d}"
                for t, n, d in links
            ]
        )
    else:
        for table in tables:
            _bulk(table)
            progress(table.model._meta.db_table, table.rows)
    _reset_sequences([t.model for t in tables])
    statistics_refresh()


def _reset_sequences(models_: list[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# PostgreSQL ---------------------------------------------------------------------------------

# Foreign keys are checked row by row by triggers while loading; dropping them for the load and
# adding them back afterwards checks each one with a single join instead (same guarantees).
_LINKS_SQL = """
    SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
    FROM pg_constraint c
    WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
    ORDER BY 1, 2
"""


def _links_drop(tables: list[str]) -> list[tuple[str, str, str]]:
    with connection.cursor() as cursor:
        # Checks still waiting from earlier statements (e.g. clearing) run now, not at commit.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(_LINKS_SQL, [tables])
        links = [tuple(row) for row in cursor.fetchall()]
        for table, name, _definition in links:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    return links


# Likewise plain indexes (not those behind a primary key or a unique constraint) are built once
# from the loaded rows rather than maintained row by row.
_INDEXES_SQL = """
    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
    FROM pg_index i
    WHERE i.indrelid::regclass::text = ANY(%s)
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY 1
"""


def _indexes_drop(tables: list[str]) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(_INDEXES_SQL, [tables])
        indexes = [(name, definition) for name, definition in cursor.fetchall()]
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    return indexes


def _run(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _copy(table: Table) -> None:
    names = ", ".join(connection.ops.quote_name(c.name) for c in table.columns)
    sql = f"COPY {connection.ops.quote_name(table.model._meta.db_table)} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for start in range(0, table.rows, COPY_CHUNK):
            stop = min(start + COPY_CHUNK, table.rows)
            texts = [_texts(c, start, stop) for c in table.columns]
            buffer = io.StringIO()
            buffer.writelines("\t".join(row) + "\n" for row in zip(*texts, strict=True))
            copy.write(buffer.getvalue().encode())


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _texts(column: Column, start: int, stop: int) -> list[str]:
    """The column's values in COPY text format (``\\N`` is NULL)."""
    values = column.values[start:stop]
    if column.kind == "str":
        return [r"\N" if v is None else v.translate(_ESCAPES) for v in values]
    if column.kind == "bool":
        return list(np.where(values, "t", "f").tolist())
    if column.kind == "date":
        return _date_texts(values)
    text = values.astype(str)
    if column.kind == "int":
        text = np.where(values == NULL_ID, r"\N", text)
    return list(text.tolist())


def _date_texts(values: np.ndarray) -> list[str]:
    known = values[values != NULL_DAY]
    if len(known) == 0:
        return [r"\N"] * len(values)
    low, high = int(known.min()), int(known.max())
    names = np.array([r"\N"] + [date.fromordinal(d).isoformat() for d in range(low, high + 1)])
    index = np.where(values == NULL_DAY, 0, values - low + 1)
    return list(names[index].tolist())


# SQLite and other backends ------------------------------------------------------------------


def _bulk(table: Table) -> None:
    manager = table.model._default_manager
    columns = table.columns
    for start in range(0, table.rows, SQLITE_BATCH):
        stop = min(start + SQLITE_BATCH, table.rows)
        values = [_python(c, start, stop) for c in columns]
        names = [c.name for c in columns]
        manager.bulk_create(
            (
                table.model(**dict(zip(names, row, strict=True)))
                for row in zip(*values, strict=True)
            ),
            batch_size=SQLITE_BATCH,
        )


def _python(column: Column, start: int, stop: int) -> list[Any]:
    values = column.values[start:stop]
    if column.kind == "str":
        return list(values)
    if column.kind == "bool":
        return [bool(v) for v in values.tolist()]
    if column.kind == "date":
        return [None if v == NULL_DAY else date.fromordinal(v) for v in values.tolist()]
    if column.kind == "money":
        return [Decimal(v) for v in values.tolist()]
    return [None if v == NULL_ID else v for v in values.tolist()]


# Clearing -----------------------------------------------------------------------------------


@transaction.atomic
def company_clear() -> None:
    """Delete the company's data (see ``pacer_data_clear``) and the generated logins.

    On PostgreSQL the tables are truncated (with every table that links to them), which takes
    seconds where deleting millions of rows one by one would take minutes.
    """
    if connection.vendor == "postgresql":
        tables = [
            m._meta.db_table
            for m in apps.get_models()
            if m._meta.app_label in {"org", "crm"} and not m._meta.proxy
        ]
        names = ", ".join(connection.ops.quote_name(t) for t in tables)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    else:
        pacer_data_clear()
    User.objects.filter(username__startswith=USERNAME_PREFIX).delete()
