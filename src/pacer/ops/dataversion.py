"""Read and change the data version (``ops.DataVersion``), and pin it for one request.

Database triggers note every write to a watched table inside the writing transaction, so a
reader never sees a new version before the data it names (see ``pacer.ops.models``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction
from django.utils import timezone

from pacer.ops.models import DATA_VERSION_ID, DataChange, DataVersion

_pinned: ContextVar[str | None] = ContextVar("pacer_data_version", default=None)
# Beyond this many noted transactions the table is emptied (PostgreSQL), keeping the count cheap.
PRUNE_AT = 5000


def data_version() -> str:
    """The current token: the one pinned for this request, else read now (one small query).

    A missing row (a database emptied by a flush) is made again with a new random token:
    nothing was ever cached under a new token, so that is as safe as any write.
    """
    pinned = _pinned.get()
    return pinned if pinned is not None else _read()


def _read(*, prune: bool = True) -> str:
    """The version as this connection sees it now: the token, and on PostgreSQL a digest of the
    noted transactions it sees (committed ones, and its own with its latest write)."""
    if connection.vendor != "postgresql":
        return _token()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT token FROM ops_dataversion WHERE id = %s), count(*), "
            "md5(coalesce(string_agg(txid || ':' || writes, ',' ORDER BY txid), '')), "
            "txid_current_if_assigned() IS NULL FROM ops_datachange",
            [DATA_VERSION_ID],
        )
        token, count, digest, clean = cursor.fetchone()
    if prune and clean and count > PRUNE_AT:
        _prune()
        return _read(prune=False)
    return f"{token or _token()}.{count}.{digest}"


def _token() -> str:
    token = DataVersion.objects.filter(pk=DATA_VERSION_ID).values_list("token", flat=True).first()
    if token is None:
        fresh = DataVersion(pk=DATA_VERSION_ID, token=uuid.uuid4().hex)
        DataVersion.objects.bulk_create([fresh], ignore_conflicts=True)  # another may race us
        token = DataVersion.objects.values_list("token", flat=True).get(pk=DATA_VERSION_ID)
    return token


def _prune() -> None:
    """Empty ``ops_datachange``, leaving one marker row for this (new) transaction.

    Called only from a connection that has not written in its transaction, so the marker's
    ``txid`` is new: the set seen after a prune can never equal one from before.
    """
    with transaction.atomic():
        DataChange.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO ops_datachange (txid, at, writes) "
                "VALUES (txid_current(), now(), nextval('ops_datachange_writes')) "
                "ON CONFLICT (txid) DO NOTHING"
            )


@contextmanager
def data_version_pinned() -> Iterator[str]:
    """Read the token once and use it for everything cached inside the block (one request).

    It is read before anything it keys is computed: a write committed meanwhile can then only
    store newer numbers under the older token, never older numbers under the newer one.
    """
    outer = _pinned.get()
    if outer is not None:  # already pinned by an outer block
        yield outer
        return
    token = data_version()
    reset = _pinned.set(token)
    try:
        yield token
    finally:
        _pinned.reset(reset)


def data_version_bump() -> str:
    """Give the data a new random token (e.g. after a restore, which loads rows untriggered).

    Returns the new version (read now, whatever is pinned).
    """
    token = uuid.uuid4().hex
    with transaction.atomic():
        updated = DataVersion.objects.filter(pk=DATA_VERSION_ID).update(
            token=token, changed_at=timezone.now()
        )
        if not updated:
            DataVersion.objects.create(pk=DATA_VERSION_ID, token=token)
    return _read()
