"""Alerts as stored: the rule thresholds, each alert with its history, and who was told.

- ``AlertRuleSettings``: the one row of thresholds (Django admin); changing it never touches the
  history, the next evaluation simply applies the new numbers.
- ``Alert``: one condition (rule + subject, its ``key``) from the day it was raised until it was
  resolved. At most one alert per key is *live* (not resolved), and at most one per key is
  *active* (its condition held at the last evaluation), so a condition is never duplicated.
- ``AlertEvent``: the history of an alert (raised, escalated, eased, acknowledged, resolved,
  re-opened) with who, when and why.
- ``Notification``: an in-app message to a person about an event.
- ``WebhookEndpoint`` and ``Delivery``: robots and e-mails; each delivery is one message of one
  event to one endpoint or address, tried until it is sent (see ``pacer.alerts.deliveries``).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The thresholds live in their own module; importing them here registers them with the app.
from pacer.alerts.rule_settings import AlertRuleSettings  # noqa: F401
from pacer.crm.models import Customer, Milestone, Project
from pacer.org.models import Person


class AlertSignal(models.TextChoices):
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")


class AlertRule(models.TextChoices):
    NO_CONTACT = "no_contact", _("长期未联系")
    NO_FEEDBACK = "no_feedback", _("方案无反馈")
    COMPETITOR = "competitor", _("出现竞争对手")
    BUDGET_CANCELLED = "budget_cancelled", _("预算取消")
    CUSTOMER_GAVE_UP = "customer_gave_up", _("客户放弃")
    COMPETITOR_MOU = "competitor_mou", _("竞争对手已签意向书")
    MILESTONE_OVERDUE = "milestone_overdue", _("关键节点逾期")
    VISIT_DUE = "visit_due", _("客户未按周期拜访")


class AlertSubject(models.TextChoices):
    PROJECT = "project", _("项目")
    MILESTONE = "milestone", _("关键节点")
    CUSTOMER = "customer", _("客户")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ACKNOWLEDGED = "acknowledged", _("已确认")
    RESOLVED = "resolved", _("已解除")


class Alert(models.Model):
    """One alert condition on one subject, from the day it was raised until it was resolved."""

    key = models.CharField(_("条件标识"), max_length=100, db_index=True)
    rule = models.CharField(_("规则"), max_length=32, choices=AlertRule.choices)
    signal = models.CharField(_("信号"), max_length=8, choices=AlertSignal.choices)
    subject = models.CharField(_("对象类型"), max_length=16, choices=AlertSubject.choices)
    subject_id = models.PositiveBigIntegerField(_("对象编号"))
    subject_name = models.CharField(_("对象名称"), max_length=200, blank=True)
    project = models.ForeignKey(
        Project,
        verbose_name=_("项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("客户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("关键节点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    owner = models.ForeignKey(
        Person,
        verbose_name=_("负责人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    values = models.JSONField(_("数值"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    # The condition held at the last evaluation (a person may resolve an alert while it holds).
    active = models.BooleanField(_("条件仍成立"), default=True)
    first_raised_on = models.DateField(_("首次预警日期"))
    first_raised_at = models.DateTimeField(_("首次预警时间"), auto_now_add=True)
    last_seen_on = models.DateField(_("最近成立日期"))
    resolved_on = models.DateField(_("解除日期"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("解除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["-first_raised_on", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["key"],
                condition=~Q(status=AlertStatus.RESOLVED),
                name="alerts_one_live_alert_per_key",
            ),
            models.UniqueConstraint(
                fields=["key"], condition=Q(active=True), name="alerts_one_active_alert_per_key"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "signal"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["subject", "subject_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} · {self.subject_name or self.key}"

    @property
    def is_live(self) -> bool:
        return self.status != AlertStatus.RESOLVED


class EventKind(models.TextChoices):
    RAISED = "raised", _("预警")
    ESCALATED = "escalated", _("升级")
    EASED = "eased", _("降级")
    ACKNOWLEDGED = "acknowledged", _("确认")
    RESOLVED = "resolved", _("解除")
    REOPENED = "reopened", _("重新打开")


# The events that tell people: a new alert, a worse one, one that came back.
ANNOUNCED = (EventKind.RAISED, EventKind.ESCALATED, EventKind.REOPENED)


class AlertEvent(models.Model):
    """One step in an alert's history; ``actor`` and ``user`` are empty when the rules took it."""

    alert = models.ForeignKey(
        Alert, verbose_name=_("预警"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("事件"), max_length=16, choices=EventKind.choices)
    signal_from = models.CharField(
        _("原信号"), max_length=8, choices=AlertSignal.choices, blank=True
    )
    signal_to = models.CharField(_("新信号"), max_length=8, choices=AlertSignal.choices, blank=True)
    actor = models.ForeignKey(
        Person,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alert_events",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alert_events",
    )
    note = models.TextField(_("说明"), blank=True)
    values = models.JSONField(_("数值"), default=dict, blank=True)
    on = models.DateField(_("业务日期"))
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("预警记录")
        verbose_name_plural = _("预警记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class Notification(models.Model):
    """An in-app message to one person about one event of an alert."""

    person = models.ForeignKey(
        Person, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    alert = models.ForeignKey(
        Alert, verbose_name=_("预警"), on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(
        AlertEvent, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(_("通知时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["event", "person"], name="alerts_one_notification_per_event_person"
            )
        ]
        indexes = [models.Index(fields=["person", "read_at"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.alert}"


class WebhookKind(models.TextChoices):
    WECOM = "wecom", _("企业微信机器人")
    DINGTALK = "dingtalk", _("钉钉机器人")
    FEISHU = "feishu", _("飞书机器人")
    GENERIC = "generic", _("通用 JSON")


class WebhookEndpoint(models.Model):
    """A group robot (or any URL that takes JSON) that hears about every raised alert."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=WebhookKind.choices)
    url = models.URLField(_("地址"), max_length=500)
    secret = models.CharField(
        _("签名密钥"),
        max_length=200,
        blank=True,
        help_text=_("钉钉“加签”或飞书“签名校验”的密钥；留空则不签名"),
    )
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("机器人 Webhook")
        verbose_name_plural = _("机器人 Webhook")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.secret and self.kind not in {WebhookKind.DINGTALK, WebhookKind.FEISHU}:
            raise ValidationError({"secret": _("只有钉钉和飞书机器人支持签名密钥。")})


class DeliveryChannel(models.TextChoices):
    WEBHOOK = "webhook", _("机器人")
    EMAIL = "email", _("邮件")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    CANCELLED = "cancelled", _("已取消")


class Delivery(models.Model):
    """One message of one event to one robot or one e-mail address."""

    event = models.ForeignKey(
        AlertEvent, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="deliveries"
    )
    alert = models.ForeignKey(
        Alert, verbose_name=_("预警"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("渠道"), max_length=16, choices=DeliveryChannel.choices)
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("机器人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("收件人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alert_deliveries",
    )
    address = models.EmailField(_("邮箱"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    response_code = models.PositiveSmallIntegerField(_("响应码"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("开始发送时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送成功时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知发送")
        verbose_name_plural = _("通知发送")
        ordering = ["-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["event", "endpoint"],
                condition=Q(channel=DeliveryChannel.WEBHOOK),
                name="alerts_one_webhook_delivery_per_event",
            ),
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(channel=DeliveryChannel.EMAIL),
                name="alerts_one_email_delivery_per_event_person",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        target = self.endpoint or self.address
        return f"{self.get_channel_display()} → {target} ({self.get_status_display()})"
