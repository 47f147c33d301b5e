"""The data version: what names the state of the watched tables (see ``pacer.ops.triggers``).

On SQLite, triggers change the single row's random token. On PostgreSQL, triggers add one row
per writing transaction to ``DataChange`` instead: inserts of distinct keys never wait for each
other, and the row becomes visible exactly when its transaction commits, so the version changes
when the data readers can see changes, and writers never queue on a shared row.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATA_VERSION_ID = 1


class DataVersion(models.Model):
    """The single row (``id`` = 1) naming the current state of the watched data.

    ``token`` is random (never a counter), so a rolled-back transaction or a restored backup can
    never bring back a token that once named other data.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=DATA_VERSION_ID)
    token = models.CharField(_("数据版本"), max_length=64)
    changed_at = models.DateTimeField(_("变更时间"), default=timezone.now)

    class Meta:
        verbose_name = _("数据版本")
        verbose_name_plural = _("数据版本")

    def __str__(self) -> str:
        return self.token


class DataChange(models.Model):
    """One row per PostgreSQL transaction that wrote a watched table (``txid`` its id).

    The data version is the token with a digest of the visible (``txid``, ``writes``) pairs: it
    changes when a writing transaction commits, and inside one after each of its writes. The reader
    (``pacer.ops.dataversion``) empties the table now and then, leaving a marker row with a new,
    larger ``txid``.
    """

    txid = models.BigIntegerField(primary_key=True)
    at = models.DateTimeField(default=timezone.now)
    writes = models.BigIntegerField(default=0)  # sequence number of its latest write statement

    def __str__(self) -> str:
        return str(self.txid)
