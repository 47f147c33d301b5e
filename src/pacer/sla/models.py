"""Requests from sales to legal, finance and delivery, with their service-level agreement.

A request is answered within its SLA when the answer comes at most the kind's number of
*calendar* days after it was asked (see ``pacer.tracking.sla``). SLAs are set per kind in
``SlaSetting`` (editable in the admin); a kind without a row uses the field's default.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacer.crm.models import Project
from pacer.org.models import Person


class RequestKind(models.TextChoices):
    CONTRACT_REVIEW = "contract_review", _("合同审核")
    QUOTE_APPROVAL = "quote_approval", _("报价审批")
    DELIVERY_DATE = "delivery_date", _("交期确认")
    OTHER = "other", _("其他")


class Department(models.TextChoices):
    LEGAL = "legal", _("法务")
    FINANCE = "finance", _("财务")
    DELIVERY = "delivery", _("交付")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("待回复")
    ANSWERED = "answered", _("已回复")
    CANCELLED = "cancelled", _("已取消")


# The department that usually answers each kind (a request may name another).
KIND_DEPARTMENT = {
    RequestKind.CONTRACT_REVIEW: Department.LEGAL,
    RequestKind.QUOTE_APPROVAL: Department.FINANCE,
    RequestKind.DELIVERY_DATE: Department.DELIVERY,
}


class SlaSetting(models.Model):
    kind = models.CharField(_("请求类型"), max_length=32, choices=RequestKind.choices, unique=True)
    days = models.PositiveSmallIntegerField(
        _("时限(自然日)"),
        validators=[MaxValueValidator(365)],
        help_text=_("按自然日计算，含周末和节假日"),
    )

    class Meta:
        verbose_name = _("响应时限")
        verbose_name_plural = _("响应时限")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.days}"


class ServiceRequest(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="service_requests"
    )
    kind = models.CharField(_("请求类型"), max_length=32, choices=RequestKind.choices)
    department = models.CharField(_("对接部门"), max_length=16, choices=Department.choices)
    subject = models.CharField(_("请求内容"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        Person,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    requested_at = models.DateTimeField(_("发起时间"))
    responded_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    response_note = models.TextField(_("回复说明"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回复登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )

    class Meta:
        verbose_name = _("跨部门请求")
        verbose_name_plural = _("跨部门请求")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.project}"
