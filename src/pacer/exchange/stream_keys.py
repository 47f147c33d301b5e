"""The keys of a streamed file, kept in a temporary table of the database instead of memory.

Each readable row leaves its key and row number there; set-based queries then find repeated
keys (with the row that had the key first) and the rows that already exist. The table lives
in the import's connection and is dropped at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Field

from pacer.exchange.plan import PK_KEY, lookup
from pacer.exchange.schema import Entity

TABLE = "pacer_import_keys"


class KeyStage:
    """Keys and row numbers of one streamed file, in a temporary table."""

    def __init__(self, entity: Entity) -> None:
        self.entity = entity
        self.pk_keys: set[str] = set()  # keys written as "#<id>" (rows without an external id)

    def add(self, rows: list[tuple[str, int]]) -> None:
        """Keep ``(key, row number)`` of readable rows."""
        if not rows:
            return
        if self.entity.key == "external_id":
            self.pk_keys.update(
                key for key, _n in rows if key.startswith("#") and PK_KEY.match(key)
            )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {TABLE} (item_key, item_row) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                insert = f"INSERT INTO {TABLE} (item_key, item_row) VALUES (%s, %s)"  # noqa: S608
                cursor.executemany(insert, rows)

    def repeated(self, limit: int) -> tuple[list[tuple[str, int, int]], int]:
        """``(key, row, first row with the key)`` for the first ``limit`` later rows with a
        repeated key, and how many such rows there are."""
        sql = (
            f"SELECT k.item_key, k.item_row, f.first_row FROM {TABLE} k JOIN ("  # noqa: S608
            f"SELECT item_key, MIN(item_row) AS first_row FROM {TABLE} GROUP BY item_key"
            " HAVING COUNT(*) > 1) f ON f.item_key = k.item_key"
            " WHERE k.item_row > f.first_row ORDER BY k.item_row LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) - COUNT(DISTINCT item_key) FROM {TABLE}")  # noqa: S608
            total = int(cursor.fetchone()[0])
            if not total:
                return [], 0
            cursor.execute(sql, [limit])
            return [(str(k), int(r), int(f)) for k, r, f in cursor.fetchall()], total

    def existing(self) -> dict[str, int]:
        """``{key: pk}`` of the keys that already exist (also ``#<id>`` keys)."""
        model = self.entity.model
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        key_field = model._meta.get_field(self.entity.key)
        assert isinstance(key_field, Field)
        assert model._meta.pk is not None
        key = quote(str(key_field.column))
        pk = quote(str(model._meta.pk.column))
        sql = (
            f"SELECT DISTINCT t.{key}, t.{pk} FROM {TABLE} k JOIN {table} t ON t.{key} = k.item_key"  # noqa: S608
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            found = {str(k): int(p) for k, p in cursor.fetchall()}
        if self.pk_keys:
            found.update(lookup(self.entity, self.pk_keys))
        return found


@contextmanager
def key_stage(entity: Entity) -> Iterator[KeyStage]:
    """A fresh temporary key table for the length of the block.

    Runs inside the import's transaction: when the block fails, the rollback removes it.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        columns = "item_key varchar(100) NOT NULL, item_row integer NOT NULL"
        cursor.execute(f"CREATE TEMPORARY TABLE {TABLE} ({columns})")
    yield KeyStage(entity)
    if not transaction.get_rollback():
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {TABLE}")
