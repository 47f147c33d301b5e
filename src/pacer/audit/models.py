"""Audit events: who did what to which record, when, from where, and why.

The trail is append-only: an event is written once and never changed or deleted through the
application (not in the admin either); only the database owner can prune it.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN_SUCCESS = "login.success", _("登录成功")
    LOGIN_FAILURE = "login.failure", _("登录失败")
    LOGIN_LOCKOUT = "login.lockout", _("登录被锁定")
    LOGOUT = "logout", _("退出登录")
    SESSION_EXPIRED = "session.expired", _("会话过期")
    ADMIN_ADD = "admin.add", _("后台新增")
    ADMIN_CHANGE = "admin.change", _("后台修改")
    ADMIN_DELETE = "admin.delete", _("后台删除")
    PERSON_ACCESS = "person.access", _("人员角色或数据范围变更")
    USER_PRIVILEGE = "user.privilege", _("账号权限变更")
    API_TOKEN_ISSUE = "api_token.issue", _("签发 API 令牌")
    API_TOKEN_REVOKE = "api_token.revoke", _("吊销 API 令牌")
    BACKUP_CREATE = "backup.create", _("创建备份")
    BACKUP_RESTORE = "backup.restore", _("从备份恢复")
    DATA_IMPORT = "data.import", _("数据导入")


class AppendOnlyError(Exception):
    """An audit event was about to be changed or deleted."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:  # noqa: ARG002
        msg = "audit events are append-only"
        raise AppendOnlyError(msg)

    def delete(self) -> NoReturn:
        msg = "audit events are append-only"
        raise AppendOnlyError(msg)


class AuditEvent(models.Model):
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("留空表示系统操作（命令行、定时任务）或未登录的访问"),
    )
    username = models.CharField(
        _("用户名"), max_length=150, blank=True, help_text=_("操作时的用户名，账号删除后仍保留")
    )
    action = models.CharField(_("操作"), max_length=32, choices=AuditAction.choices)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("变更后"), null=True, blank=True, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    reason = models.TextField(_("原因或说明"), blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["action", "-at"]), models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.username}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            msg = "audit events are append-only"
            raise AppendOnlyError(msg)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # noqa: ARG002
        msg = "audit events are append-only"
        raise AppendOnlyError(msg)
