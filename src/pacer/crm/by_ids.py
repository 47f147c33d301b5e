"""Rows of a query restricted to a large set of ids, without one SQL parameter per id.

PostgreSQL receives the ids as one array parameter; SQLite (which caps the parameters of a
statement) receives them in chunks. Either way the caller gets plain ``values_list`` rows.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL

SQLITE_CHUNK = 5_000


def rows_by_ids(
    queryset: QuerySet[Model], ids: Collection[int], *fields: str
) -> Iterator[tuple[Any, ...]]:
    """``fields`` of the rows of ``queryset`` whose primary key is in ``ids`` (any order)."""
    if not ids:
        return
    wanted = sorted(ids)
    if connections[queryset.db].vendor == "postgresql":
        every = RawSQL("SELECT unnest(%s::bigint[])", (wanted,))
        yield from queryset.filter(pk__in=every).values_list(*fields).order_by()
        return
    for start in range(0, len(wanted), SQLITE_CHUNK):
        chunk = wanted[start : start + SQLITE_CHUNK]
        yield from queryset.filter(pk__in=chunk).values_list(*fields).order_by()
