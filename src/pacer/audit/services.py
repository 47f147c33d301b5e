"""Writing audit events."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction

from pacer.audit import context
from pacer.audit.models import AuditAction, AuditEvent

# Never copied into the trail, even hashed.
SECRET_FIELDS = frozenset({"password", "key_hash", "session_key", "session_data"})
REPR_LENGTH = 200


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` as JSON-ready data (dates, decimals and ids become text or numbers)."""
    result: dict[str, Any] = json.loads(json.dumps(values, cls=DjangoJSONEncoder, default=str))
    return result


def row_snapshot(instance: models.Model) -> dict[str, Any]:
    """The stored fields of ``instance`` (foreign keys as ids), without secrets."""
    values = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.name not in SECRET_FIELDS
    }
    return _plain(values)


def stored_snapshot(model: type[models.Model], pk: object) -> dict[str, Any] | None:
    """The row of ``model`` with primary key ``pk`` as stored now, or ``None`` if gone."""
    instance = model._default_manager.filter(pk=pk).first()
    return None if instance is None else row_snapshot(instance)


def changed_fields(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ, as (before, after)."""
    names = [name for name in after if before.get(name) != after.get(name)]
    return {name: before.get(name) for name in names}, {name: after[name] for name in names}


def _username(user: Any) -> str:
    return str(user.get_username()) if user is not None else ""


@transaction.atomic
def audit_record(
    *,
    action: str,
    user: Any = None,
    username: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ip_address: str | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event. ``user`` and ``ip_address`` default to the current request's.

    ``user=None`` outside a request (or for an anonymous visitor) records a system event.
    ``obj`` fills the object type (``app_label.model``), id and text when given.
    """
    request = context.current()
    if request is not None:
        user = user if user is not None else request.user
        ip_address = ip_address or request.ip_address
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    return AuditEvent.objects.create(
        user=user,
        username=username or _username(user),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:REPR_LENGTH],
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        ip_address=ip_address,
        reason=reason,
    )


def audit_record_if_ready(**fields: Any) -> AuditEvent | None:
    """Like ``audit_record``, but skipped when the database has no audit table yet.

    A restore may bring back a database from before the audit trail existed; the restore
    itself has succeeded then and must not fail for want of somewhere to note it.
    """
    if AuditEvent._meta.db_table not in connection.introspection.table_names():
        return None
    try:
        return audit_record(**fields)
    except DatabaseError:
        return None


# Fields whose change is an access decision, per model: recorded when saved one by one (the
# receivers) and when an import updates rows in bulk (``audit_bulk_update``).
ACCESS_FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "org.person": (("access_role", "data_scope"), AuditAction.PERSON_ACCESS),
    "auth.user": (("is_active", "is_staff", "is_superuser"), AuditAction.USER_PRIVILEGE),
}


def audit_bulk_update(
    model: type[models.Model],
    fields: list[str],
    before: dict[Any, tuple[Any, ...]],
    objs: list[models.Model],
) -> None:
    """One event per object of a bulk update whose access fields changed.

    ``before[pk]`` holds the stored values of ``fields`` (in that order); ``objs`` the new ones.
    A bulk update sends no save signal, so the receivers cannot see these changes.
    """
    watched = ACCESS_FIELDS.get(model._meta.label_lower)
    if watched is None:
        return
    names, action = watched
    positions = [(i, name) for i, name in enumerate(fields) if name in names]
    if not positions:
        return
    for obj in objs:
        stored = before[obj.pk]
        old, new = changed_fields(
            {name: stored[i] for i, name in positions},
            {name: getattr(obj, name) for _, name in positions},
        )
        if new:
            audit_record(action=action, obj=obj, before=old, after=new)
