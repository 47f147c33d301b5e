"""Signal handlers that turn security-relevant changes into audit events.

Logins, logouts and lockouts come from ``django.contrib.auth`` and django-axes; role, privilege
and API-token changes from model signals, so that every path (admin, import, command line,
API) is covered without each of them calling the trail.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Model
from django.db.models.signals import post_save, pre_delete, pre_save
from django.http import HttpRequest
from django.utils.translation import gettext

from pacer.api.models import ApiToken
from pacer.audit import context, sessions
from pacer.audit.client import client_ip
from pacer.audit.models import AuditAction
from pacer.audit.services import (
    ACCESS_FIELDS,
    audit_record,
    changed_fields,
    row_snapshot,
    stored_snapshot,
)
from pacer.org.models import Person

PERSON_ACCESS_FIELDS = ACCESS_FIELDS["org.person"][0]
USER_PRIVILEGE_FIELDS = ACCESS_FIELDS["auth.user"][0]
# Bookkeeping rows that the admin writes alongside every change; never worth a diff.
UNWATCHED_APPS = frozenset({"admin", "audit", "axes", "contenttypes", "sessions"})


def _ip(request: HttpRequest | None) -> str | None:
    return client_ip(request) if request is not None else None


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:  # noqa: ARG001
    if request is not None and hasattr(request, "session"):
        sessions.start(request)
    audit_record(action=AuditAction.LOGIN_SUCCESS, user=user, ip_address=_ip(request))


def on_login_failed(
    sender: Any,  # noqa: ARG001
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,  # noqa: ARG001
) -> None:
    username = str(credentials.get(get_user_model().USERNAME_FIELD) or "")[:150]
    audit_record(action=AuditAction.LOGIN_FAILURE, username=username, ip_address=_ip(request))


def on_locked_out(
    sender: Any,  # noqa: ARG001
    request: HttpRequest | None = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,  # noqa: ARG001
) -> None:
    audit_record(
        action=AuditAction.LOGIN_LOCKOUT,
        username=str(username or "")[:150],
        ip_address=ip_address or _ip(request),
        reason=gettext("连续登录失败次数达到上限"),
    )


def on_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:  # noqa: ARG001
    expired = bool(getattr(request, sessions.EXPIRED_FLAG, False))
    audit_record(
        action=AuditAction.SESSION_EXPIRED if expired else AuditAction.LOGOUT,
        user=user,
        ip_address=_ip(request),
    )


def _remember_fields(
    instance: Model, fields: tuple[str, ...], update_fields: frozenset[str] | None
) -> None:
    """Keep the stored values of ``fields`` on ``instance`` for the post-save comparison."""
    skipped = update_fields is not None and not update_fields.intersection(fields)
    if instance.pk is None or instance._state.adding or skipped:
        instance._pacer_audit_before = None  # type: ignore[attr-defined]
        return
    stored = type(instance)._default_manager.filter(pk=instance.pk).values(*fields).first()
    instance._pacer_audit_before = stored  # type: ignore[attr-defined]


def _record_field_change(instance: Model, fields: tuple[str, ...], action: str) -> None:
    before = getattr(instance, "_pacer_audit_before", None)
    if before is None:
        return
    after = {name: getattr(instance, name) for name in fields}
    old, new = changed_fields(before, after)
    if new:
        audit_record(action=action, obj=instance, before=old, after=new)


def on_person_pre_save(sender: Any, instance: Person, **kwargs: Any) -> None:  # noqa: ARG001
    _remember_fields(instance, PERSON_ACCESS_FIELDS, kwargs.get("update_fields"))


def on_person_saved(sender: Any, instance: Person, **kwargs: Any) -> None:  # noqa: ARG001
    _record_field_change(instance, PERSON_ACCESS_FIELDS, AuditAction.PERSON_ACCESS)


def on_user_pre_save(sender: Any, instance: Model, **kwargs: Any) -> None:  # noqa: ARG001
    _remember_fields(instance, USER_PRIVILEGE_FIELDS, kwargs.get("update_fields"))


def on_user_saved(sender: Any, instance: Model, **kwargs: Any) -> None:  # noqa: ARG001
    _record_field_change(instance, USER_PRIVILEGE_FIELDS, AuditAction.USER_PRIVILEGE)


def on_token_pre_save(sender: Any, instance: ApiToken, **kwargs: Any) -> None:  # noqa: ARG001
    _remember_fields(instance, ("revoked_at",), kwargs.get("update_fields"))


def on_token_saved(sender: Any, instance: ApiToken, created: bool, **kwargs: Any) -> None:  # noqa: ARG001
    details = {"owner": instance.user.get_username(), "name": instance.name}
    if created:
        audit_record(action=AuditAction.API_TOKEN_ISSUE, obj=instance, after=details)
        return
    before = getattr(instance, "_pacer_audit_before", None)
    if before is not None and before["revoked_at"] is None and instance.revoked_at is not None:
        audit_record(
            action=AuditAction.API_TOKEN_REVOKE,
            obj=instance,
            before={"revoked_at": None},
            after={**details, "revoked_at": instance.revoked_at},
        )


def _watched_in_admin(sender: type[Model], instance: Model) -> context.RequestContext | None:
    request = context.current()
    if request is None or not request.is_admin_site or instance.pk is None:
        return None
    if sender._meta.app_label in UNWATCHED_APPS:
        return None
    return request


def on_any_pre_save(sender: type[Model], instance: Model, **kwargs: Any) -> None:  # noqa: ARG001
    """In the admin site, keep each row as it was before the save, for the change's diff."""
    request = _watched_in_admin(sender, instance)
    if request is None:
        return
    key = (sender._meta.label_lower, str(instance.pk))
    if key not in request.before:
        snapshot = stored_snapshot(sender, instance.pk)
        if snapshot is not None:
            request.before[key] = snapshot


def on_any_pre_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:  # noqa: ARG001
    """In the admin site, keep each row as it was before its deletion."""
    request = _watched_in_admin(sender, instance)
    if request is None:
        return
    request.before.setdefault((sender._meta.label_lower, str(instance.pk)), row_snapshot(instance))


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="pacer_audit_login")
    user_login_failed.connect(on_login_failed, dispatch_uid="pacer_audit_login_failed")
    user_logged_out.connect(on_logged_out, dispatch_uid="pacer_audit_logout")
    user_locked_out.connect(on_locked_out, dispatch_uid="pacer_audit_lockout")
    pre_save.connect(on_person_pre_save, sender=Person, dispatch_uid="pacer_audit_person_pre")
    post_save.connect(on_person_saved, sender=Person, dispatch_uid="pacer_audit_person")
    user_model = get_user_model()
    pre_save.connect(on_user_pre_save, sender=user_model, dispatch_uid="pacer_audit_user_pre")
    post_save.connect(on_user_saved, sender=user_model, dispatch_uid="pacer_audit_user")
    pre_save.connect(on_token_pre_save, sender=ApiToken, dispatch_uid="pacer_audit_token_pre")
    post_save.connect(on_token_saved, sender=ApiToken, dispatch_uid="pacer_audit_token")
    pre_save.connect(on_any_pre_save, dispatch_uid="pacer_audit_admin_pre_save")
    pre_delete.connect(on_any_pre_delete, dispatch_uid="pacer_audit_admin_pre_delete")
