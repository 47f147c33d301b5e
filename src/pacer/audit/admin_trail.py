"""Copying the Django admin's change log of one request into the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry

from pacer.audit.context import RequestContext
from pacer.audit.models import AuditAction
from pacer.audit.services import audit_record, changed_fields, stored_snapshot

ACTIONS = {
    ADDITION: AuditAction.ADMIN_ADD,
    CHANGE: AuditAction.ADMIN_CHANGE,
    DELETION: AuditAction.ADMIN_DELETE,
}


def _states(
    entry: LogEntry, current: RequestContext
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    model = entry.content_type.model_class() if entry.content_type else None
    if model is None:
        return None, None
    before = current.before.get((model._meta.label_lower, str(entry.object_id)))
    if entry.action_flag == DELETION:
        return before, None
    after = stored_snapshot(model, entry.object_id)
    if entry.action_flag == ADDITION or before is None or after is None:
        return None, after
    return changed_fields(before, after)


def record_admin_changes(current: RequestContext, *, user: Any, since: datetime) -> int:
    """Record each admin log entry ``user`` made from ``since`` on; returns how many.

    Bulk deletions from a list page are logged by the admin in one batch, so they are read
    back from the log rather than caught one save at a time.
    """
    entries = (
        LogEntry.objects.filter(user_id=user.pk, action_time__gte=since)
        .select_related("content_type")
        .order_by("pk")
    )
    count = 0
    for entry in entries:
        before, after = _states(entry, current)
        content_type = entry.content_type
        audit_record(
            action=ACTIONS.get(entry.action_flag, AuditAction.ADMIN_CHANGE),
            user=user,
            object_type=f"{content_type.app_label}.{content_type.model}" if content_type else "",
            object_id=str(entry.object_id or ""),
            object_repr=entry.object_repr,
            before=before,
            after=after,
            reason=str(entry.get_change_message()),
        )
        count += 1
    return count
