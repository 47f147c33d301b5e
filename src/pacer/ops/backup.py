"""Backup and restore, for SQLite (online backup API) and PostgreSQL (pg_dump / pg_restore).

A SQLite backup is a consistent copy taken while the app keeps running; restoring replaces the
database file's contents. A PostgreSQL backup is ``pg_dump --format=custom``; restoring runs
``pg_restore --clean --if-exists`` into the configured database. Both are whole-database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from hashlib import sha256
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection

from pacer.audit.models import AuditAction
from pacer.audit.services import audit_record_if_ready
from pacer.ops.dataversion import data_version_bump


class BackupError(Exception):
    """The backup or restore could not be done; the message says why."""


def _vendor() -> str:
    return connection.vendor


def backup_create(*, path: Path) -> Path:
    """Write a backup of the configured database to ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if _vendor() == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        target = sqlite3.connect(path)
        try:
            raw.backup(target)
        finally:
            target.close()
        audit_record_if_ready(action=AuditAction.BACKUP_CREATE, reason=str(path))
        return path
    if _vendor() == "postgresql":
        _pg("pg_dump", ["--format=custom", "--no-owner", f"--file={path}"])
        audit_record_if_ready(action=AuditAction.BACKUP_CREATE, reason=str(path))
        return path
    msg = f"backups are not supported for the {_vendor()} database"
    raise BackupError(msg)


def backup_restore(*, path: Path) -> None:
    """Replace the configured database's contents with the backup at ``path``."""
    if not path.is_file():
        msg = f"no backup file at {path}"
        raise BackupError(msg)
    if _vendor() == "sqlite":
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            source.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as exc:
            msg = f"{path} is not a SQLite backup: {exc}"
            raise BackupError(msg) from exc
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        data_version_bump()
        audit_record_if_ready(action=AuditAction.BACKUP_RESTORE, reason=str(path))
        return
    if _vendor() == "postgresql":
        connection.close()
        _pg(
            "pg_restore",
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", str(path)],
        )
        data_version_bump()
        audit_record_if_ready(action=AuditAction.BACKUP_RESTORE, reason=str(path))
        return
    msg = f"restores are not supported for the {_vendor()} database"
    raise BackupError(msg)


def _pg(tool: str, args: list[str]) -> None:
    if shutil.which(tool) is None:
        msg = f"{tool} is not installed (Debian package postgresql-client)"
        raise BackupError(msg)
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")}
    target = ["--dbname", str(settings["NAME"])]
    if settings.get("HOST"):
        target += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        target += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        target += ["--username", str(settings["USER"])]
    result = subprocess.run(  # noqa: S603 - fixed tool names, arguments from settings
        [tool, *target, *args], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        msg = f"{tool} failed: {result.stderr.strip()}"
        raise BackupError(msg)


def data_fingerprint() -> dict[str, Any]:
    """Row count and a digest of every row of every model, to compare two databases.

    The audit trail is left out: backing up and restoring are themselves recorded in it; so is
    the data version, which a restore changes on purpose.
    """
    result: dict[str, Any] = {}
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        if model._meta.db_table not in tables or model._meta.app_label in {"audit", "ops"}:
            continue
        rows = model._default_manager.order_by("pk").values_list()
        digest = sha256()
        count = 0
        for row in rows.iterator():
            digest.update(repr(row).encode())
            count += 1
        result[model._meta.label] = (count, digest.hexdigest())
    return result
